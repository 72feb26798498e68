"""`industry-map` (or `python -m app`): manage the embedded database, migrate, load, serve."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from app.config import database_settings, server_settings
from app.db import UnsupportedServer, check_server, database_url, embedded_cluster, owner_url
from app.db.embedded import EmbeddedDatabaseError


def _alembic_config(url: str):
    from alembic.config import Config

    from app.config import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    return config


def migrate(url: str, revision: str = "head") -> None:
    from alembic import command

    from app.db.roles import apply_grants

    check_server(url)
    command.upgrade(_alembic_config(url), revision)
    # After every migration: whatever it made, the serving roles get exactly their grants.
    apply_grants(url)


def downgrade(url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(_alembic_config(url), revision)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
def main(verbose: bool) -> None:
    """渝西产业地图 · Western Chongqing Industry Map."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s")


@main.group()
def db() -> None:
    """The database: the embedded cluster under ./var/ (start, stop, status; used when
    DATABASE_URL is unset) and backups of either (backup, restore)."""


def _cluster_or_exit():
    if database_settings().url:
        raise click.ClickException("DATABASE_URL is set: the embedded database is not in use.")
    return embedded_cluster()


@db.command("start")
def db_start() -> None:
    """Create the cluster if needed and start it."""
    cluster = _cluster_or_exit()
    try:
        cluster.start()
    except EmbeddedDatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"embedded database running on {cluster.host}:{cluster.port} ({cluster.data_dir})")


@db.command("stop")
def db_stop() -> None:
    """Stop the cluster."""
    _cluster_or_exit().stop()
    click.echo("embedded database stopped")


@db.command("status")
def db_status() -> None:
    """Print the cluster's state as JSON; exit 1 if it is not running."""
    status = _cluster_or_exit().status()
    click.echo(json.dumps(status, indent=2))
    sys.exit(0 if status["running"] else 1)


def _url() -> str:
    """The owner's URL: what administrative commands (migrate, load, backup) use."""
    try:
        return owner_url()
    except EmbeddedDatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


def _serving_url() -> str:
    try:
        return database_url()
    except EmbeddedDatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def db_backup(file: Path) -> None:
    """Write a backup of the database (embedded or DATABASE_URL) to FILE (pg_dump, custom
    format). Schedule it with cron or a systemd timer (README)."""
    from app.db.backup import BackupError, backup

    try:
        backup(_url(), file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup written to {file} ({file.stat().st_size} bytes)")


@db.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Yes, replace everything in the database.")
def db_restore(file: Path, yes: bool) -> None:
    """Replace the database's contents with the backup in FILE (in one transaction)."""
    from app.db.backup import BackupError, restore

    if not yes:
        raise click.ClickException(
            "restore replaces every table's contents with the backup's: pass --yes to do it."
        )
    try:
        restore(_url(), file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored from {file}")


@main.command("migrate")
@click.option("--revision", default="head", show_default=True)
def migrate_command(revision: str) -> None:
    """Apply the Alembic migrations."""
    try:
        migrate(_url(), revision)
    except UnsupportedServer as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("downgrade")
@click.option("--revision", default="base", show_default=True)
@click.option("--yes", is_flag=True, help="Yes, drop what the reverted migrations made.")
def downgrade_command(revision: str, yes: bool) -> None:
    """Revert the Alembic migrations (down to base: every table is dropped)."""
    if not yes:
        raise click.ClickException(
            f"downgrade to {revision} drops tables and their data (back them up first with "
            "`industry-map db backup FILE`): pass --yes to do it."
        )
    downgrade(_url(), revision)


@main.command("load")
def load_command() -> None:
    """Load geodata/ (plan, boundaries, parks) into the database; safe to repeat."""
    from app.ingest.load import load

    counts = load(_url())
    click.echo(json.dumps(counts, ensure_ascii=False))


@main.group()
def users() -> None:
    """Accounts that may write: roles editor (data) and admin (also users and restore)."""


_password_stdin = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of stdin instead of a prompt.",
)


def _read_password(from_stdin: bool) -> str:
    # Never an argument: the command line of a process is visible to every user of the machine.
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _accounts(action, *args) -> None:
    from app.auth.accounts import AccountError
    from app.auth.passwords import WeakPassword

    try:
        action(_url(), *args)
    except (AccountError, WeakPassword) as exc:
        raise click.ClickException(str(exc)) from exc


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor", show_default=True)
@_password_stdin
def users_add(username: str, role: str, password_stdin: bool) -> None:
    """Create an account."""
    from app.auth.accounts import add_user

    _accounts(add_user, username, role, _read_password(password_stdin))
    click.echo(f"user {username} added ({role})")


@users.command("passwd")
@click.argument("username")
@_password_stdin
def users_passwd(username: str, password_stdin: bool) -> None:
    """Set a new password (and enable the account); its open sessions end."""
    from app.auth.accounts import set_password

    _accounts(set_password, username, _read_password(password_stdin))
    click.echo(f"password of {username} changed")


@users.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    """Disable an account and revoke its tokens."""
    from app.auth.accounts import disable_user

    _accounts(disable_user, username)
    click.echo(f"user {username} disabled")


@users.command("list")
def users_list() -> None:
    """List the accounts as JSON lines."""
    from app.auth.accounts import list_users

    for user in list_users(_url()):
        click.echo(json.dumps(user, default=str, ensure_ascii=False))


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--layer", required=True, help="A writable layer, e.g. parks.")
@click.option("--dry-run", is_flag=True, help="Check and report what would change; write nothing.")
@click.option("--crs", default=None, help="CRS of the coordinates if not the file's own: "
              "gcj02, bd09, wgs84 or EPSG:<code>.")  # fmt: skip
@click.option("--encoding", default="utf-8", show_default=True, help="CSV text encoding.")
@click.option("--repair", is_flag=True, help="Repair invalid geometries instead of refusing.")
@click.option("--reason", default="导入 / import", show_default=True, help="Why (history).")
@click.option("--source", default=None, help="Where the data come from (history).")
@click.option("--user", default=None, help="Recorded as the actor (default: cli:<login>).")
def import_command(file, layer, dry_run, crs, encoding, repair, reason, source, user) -> None:
    """Import a GeoJSON, zipped Shapefile, GeoPackage, CSV or XLSX file into a layer: all
    rows or none. Progress lines go to stderr, the report (JSON) to stdout."""
    import asyncio
    import getpass
    import hashlib
    from pathlib import Path

    import asyncpg

    from app.config import api_settings, write_settings
    from app.db import plain_url
    from app.domain.editing.records import Actor
    from app.errors import ProblemError
    from app.imports import files
    from app.imports.run import run_import
    from app.layers import load_catalog

    target = load_catalog(api_settings().layers_dir).get(layer)
    if target is None or target.writable is None:
        raise click.ClickException(f"{layer!r} is not a writable layer.")
    settings = write_settings()
    limits = files.Limits(
        settings.import_max_bytes, settings.import_max_rows, settings.import_max_unzipped_bytes
    )
    data = Path(file).read_bytes()
    name = Path(file).name
    try:
        read = files.read(data, name, limits, declared_crs=crs, encoding=encoding, repair=repair)
    except ProblemError as exc:
        raise click.ClickException(f"{exc.parameter or 'file'}: {exc.detail}") from exc
    digest = hashlib.sha256(data).hexdigest()[:12]
    actor = Actor(user or f"cli:{getpass.getuser()}", reason,
                  (source or f"file {name}") + f" (sha256 {digest})")  # fmt: skip

    def progress(done: int, total: int) -> None:
        click.echo(f"{done}/{total} rows checked", err=True)

    async def execute():
        conn = await asyncpg.connect(plain_url(_url()))
        try:
            return await run_import(
                conn, target, read, actor, filename=name, dry_run=dry_run,
                tolerance_m=settings.boundary_tolerance_m, progress=progress,
            )  # fmt: skip
        finally:
            await conn.close()

    # In its own thread: the caller's thread may already run an event loop (a test, a notebook).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(asyncio.run, execute()).result().summary()
    report.pop("preview")
    click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    for error in report["errors"]:
        click.echo(f"row {error['row']}: {error['field'] or ''} {error['message']}", err=True)
    if report["errors"]:
        raise click.ClickException(f"{len(report['errors'])} row(s) refused; nothing written.")
    click.echo(
        ("dry run: " if dry_run else "imported: ")
        + ", ".join(f"{v} {k}" for k, v in report["counts"].items()),
        err=True,
    )


@main.command("serve")
@click.option("--host", default=None, help="Default: IM_HOST or 127.0.0.1.")
@click.option("--port", default=None, type=int, help="Default: PORT or 8000.")
@click.option(
    "--access-log/--no-access-log", default=True, show_default=True, help="Log every request."
)
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1), help="Worker processes."
)
def serve(host: str | None, port: int | None, access_log: bool, workers: int) -> None:
    """Serve the API and the map (limits: app.config.ServerSettings, see app.http.server)."""
    from app.http.server import run_server

    settings = server_settings()
    _serving_url()  # the embedded cluster is up (and a bad DATABASE_URL fails here, once)
    run_server(
        settings,
        host or settings.host,
        port or settings.port,
        access_log=access_log,
        workers=workers,
        # A worker importing the app on a busy host can take longer than uvicorn's 5 s
        # before it answers its supervisor's ping; it is then killed and restarted forever.
        timeout_worker_healthcheck=30,
    )


@main.command("up")
@click.pass_context
def up(ctx: click.Context) -> None:
    """Start the database if embedded, migrate, load and serve: everything `make run` needs."""
    url = _url()
    try:
        migrate(url)
    except UnsupportedServer as exc:
        raise click.ClickException(str(exc)) from exc
    from app.ingest.load import load

    load(url)
    ctx.invoke(serve)


def _register_commands() -> None:
    from app.cli_actuals import actuals

    main.add_command(actuals)


_register_commands()
