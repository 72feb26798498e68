"""The asyncpg connection pool that serves requests (Martin-style: fixed SQL, prepared by the
driver, the database building the JSON). SQLAlchemy models describe the schema; serving goes
straight through asyncpg to keep the hot path short."""

from __future__ import annotations

import logging

import asyncpg

from app.config import DatabaseSettings
from app.db import plain_url

log = logging.getLogger(__name__)


async def _init_connection(conn: asyncpg.Connection) -> None:
    # JSON arrives as text and is passed on untouched: no parse/serialise round trip in Python.
    await conn.set_type_codec("json", encoder=str, decoder=str, schema="pg_catalog")
    await conn.set_type_codec("jsonb", encoder=str, decoder=str, schema="pg_catalog", format="text")


async def _no_server_reset(conn: asyncpg.Connection) -> None:
    """Requests leave no session state behind (no SET, LISTEN or advisory locks; cursors live
    in transactions, which asyncpg rolls back on release anyway), so a connection going back
    to the pool needs no server-side reset. asyncpg's default sends RESET ALL and three more
    commands on every release — a round trip, about 0.2 ms, before each response could go."""


def _pool_options(settings: DatabaseSettings) -> dict:
    return {
        "init": _init_connection,
        "reset": _no_server_reset,
        "max_size": settings.pool_max_size,
        "server_settings": {
            "application_name": "industry-map",
            "jit": "off",
            "statement_timeout": str(settings.statement_timeout_ms),
        },
    }


async def create_pool(url: str, settings: DatabaseSettings) -> asyncpg.Pool:
    """Open the pool; if the database is down, open it empty so the app still starts and
    /healthz can say so (503) instead of the process failing to boot."""
    options = _pool_options(settings)
    try:
        return await asyncpg.create_pool(plain_url(url), min_size=settings.pool_min_size, **options)
    except (OSError, asyncpg.PostgresError) as exc:
        log.warning("database unreachable at start-up (%s); serving without it", exc)
        return await asyncpg.create_pool(plain_url(url), min_size=0, **options)


# Read replicas (issue 14), kept apart from the primary's pool above.


async def create_read_pool(settings: DatabaseSettings) -> asyncpg.Pool | None:
    """A pool on DATABASE_READ_URL (None when unset). Opened empty when the replica is down at
    start-up: the app serves from the primary until the replica monitor sees it answer."""
    url = settings.read_url
    if not url:
        return None
    # Several hosts (libpq style) are passed to asyncpg as they are; one is normalised.
    dsn = url if "," in url.split("@")[-1].split("/")[0] else plain_url(url)
    options = _pool_options(settings)
    try:
        return await asyncpg.create_pool(dsn, min_size=1, **options)
    except (OSError, asyncpg.PostgresError) as exc:
        log.warning("read replica unreachable at start-up (%s); reading from the primary", exc)
        return await asyncpg.create_pool(dsn, min_size=0, **options)
