"""The asyncpg connection pool that serves requests (Martin-style: fixed SQL, prepared by the
driver, the database building the JSON). SQLAlchemy models describe the schema; serving goes
straight through asyncpg to keep the hot path short."""

from __future__ import annotations

import logging

import asyncpg

from app.config import DatabaseSettings
from app.db import plain_url
from app.errors import PoolBusy

log = logging.getLogger(__name__)


# A new backend loads PostGIS and sets up PROJ on its first spatial statement (≈ 20–30 ms on
# a small machine, benchmarks/README.md, "The map at a million firms").
WARM_UP = "SELECT ST_Transform(ST_SetSRID(ST_MakePoint(106.2, 29.6), 4326), 3857)"


async def _init_connection(conn: asyncpg.Connection) -> None:
    # JSON arrives as text and is passed on untouched: no parse/serialise round trip in Python.
    await conn.set_type_codec("json", encoder=str, decoder=str, schema="pg_catalog")
    await conn.set_type_codec("jsonb", encoder=str, decoder=str, schema="pg_catalog", format="text")


async def _init_warm_connection(conn: asyncpg.Connection) -> None:
    """As _init_connection, and PostGIS made ready as the connection opens rather than in the
    first request that gets it (a map's burst of tiles)."""
    await _init_connection(conn)
    await conn.execute(WARM_UP)


async def _no_server_reset(conn: asyncpg.Connection) -> None:
    """Requests leave no session state behind (no SET, LISTEN or advisory locks; cursors live
    in transactions, which asyncpg rolls back on release anyway), so a connection going back
    to the pool needs no server-side reset. asyncpg's default sends RESET ALL and three more
    commands on every release — a round trip, about 0.2 ms, before each response could go."""


class BoundedPool(asyncpg.Pool):
    """A pool whose acquire never waits longer than `acquire_timeout` (also for the
    pool.fetch*/execute shortcuts, which acquire without a timeout). Waiting for a connection
    that every other request holds is "busy" (PoolBusy, a fast 503); timing out while
    connecting is the database being unreachable (TimeoutError, mapped to 503 as well)."""

    acquire_timeout: float | None = None

    async def _acquire(self, timeout):  # noqa: ASYNC109 - asyncpg's signature
        waiting_for_a_slot = self._queue.empty()
        try:
            return await super()._acquire(self.acquire_timeout if timeout is None else timeout)
        except TimeoutError:
            if waiting_for_a_slot:
                raise PoolBusy(
                    "Every database connection is in use; try again in a moment."
                ) from None
            raise

    def saturated(self) -> bool:
        return self._queue.empty()


def _open(dsn: str, min_size: int, acquire_timeout: float, **options) -> BoundedPool:
    pool = BoundedPool(
        dsn,
        min_size=min_size,
        max_queries=50_000,
        max_inactive_connection_lifetime=300.0,
        loop=None,
        connection_class=asyncpg.Connection,
        record_class=asyncpg.Record,
        **options,
    )
    pool.acquire_timeout = acquire_timeout
    return pool


def _pool_options(settings: DatabaseSettings) -> dict:
    return {
        "init": _init_warm_connection if settings.pool_warm else _init_connection,
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
    timeout = settings.pool_acquire_timeout_s
    try:
        return await _open(plain_url(url), settings.pool_min_size, timeout, **options)
    except (OSError, asyncpg.PostgresError) as exc:
        log.warning("database unreachable at start-up (%s); serving without it", exc)
        return await _open(plain_url(url), 0, timeout, **options)


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
    timeout = settings.pool_acquire_timeout_s
    try:
        return await _open(dsn, 1, timeout, **options)
    except (OSError, asyncpg.PostgresError) as exc:
        log.warning("read replica unreachable at start-up (%s); reading from the primary", exc)
        return await _open(dsn, 0, timeout, **options)
