"""`industry-map` (or `python -m app`): manage the embedded database, migrate, load, serve."""

from __future__ import annotations

import json
import logging
import sys

import click

from app.config import database_settings, server_settings
from app.db import UnsupportedServer, check_server, database_url, embedded_cluster
from app.db.embedded import EmbeddedDatabaseError


def _alembic_config(url: str):
    from alembic.config import Config

    from app.config import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    return config


def migrate(url: str, revision: str = "head") -> None:
    from alembic import command

    check_server(url)
    command.upgrade(_alembic_config(url), revision)


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
    """The embedded PostgreSQL+PostGIS cluster under ./var/ (used when DATABASE_URL is unset)."""


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
    try:
        return database_url()
    except EmbeddedDatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


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
def downgrade_command(revision: str) -> None:
    """Revert the Alembic migrations."""
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
    """Serve the API and the map."""
    import os

    import uvicorn

    settings = server_settings()
    # Workers are separate processes that build their own app (the app is stateless): they
    # find the database through the environment.
    os.environ["DATABASE_URL"] = _url()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=True,
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
