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
