"""GET /healthz: the app and its database — "ok", "busy" (the database answers but every
pooled connection is in use) or "unreachable"."""

from __future__ import annotations

import asyncio
from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from app import __version__
from app.api.deps import get_db
from app.db import plain_url
from app.domain.service import database_health
from app.errors import PoolBusy

router = APIRouter(tags=["health"])

FAILURES = (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError)
NO_STORE = {"Cache-Control": "no-store"}


async def _reachable(url: str | None) -> bool:
    """With the pool saturated: can a new connection still get an answer?"""
    if not url:
        return False
    try:
        conn = await asyncpg.connect(plain_url(url), timeout=2)
    except (*FAILURES, asyncpg.InternalClientError):
        return False
    try:
        return await asyncio.wait_for(conn.fetchval("SELECT 1"), timeout=2) == 1
    except (*FAILURES, asyncpg.InternalClientError):
        return False
    finally:
        conn.terminate()


def _unavailable(database: dict, retry_after: int) -> JSONResponse:
    body = {
        "status": "unavailable",
        "app": {"status": "ok", "version": __version__},
        "database": database,
    }
    headers = {**NO_STORE, "Retry-After": str(retry_after)}
    return JSONResponse(body, status_code=503, headers=headers)


@router.get(
    "/healthz",
    summary="Health of the app and its database",
    responses={503: {"description": "The database is busy or unreachable"}},
)
async def healthz(request: Request, db: Annotated[asyncpg.Pool, Depends(get_db)]) -> JSONResponse:
    try:
        database = await database_health(db)
    except PoolBusy:
        pool = {"size": db.get_size(), "max_size": db.get_max_size(), "idle": db.get_idle_size()}
        if await _reachable(getattr(request.app.state, "database_url", None)):
            return _unavailable({"status": "busy", "pool": pool}, 1)
        return _unavailable({"status": "unreachable", "error": "PoolBusy", "pool": pool}, 5)
    except (*FAILURES, asyncpg.InternalClientError) as exc:
        return _unavailable({"status": "unreachable", "error": type(exc).__name__}, 5)
    body = {"status": "ok", "app": {"status": "ok", "version": __version__}, "database": database}
    monitor = getattr(request.app.state, "replica_monitor", None)
    if monitor is not None and monitor.state.configured:
        # A replica down is not the app down: reads then come from the primary.
        body["replica"] = monitor.state.report()
    return JSONResponse(body, headers=NO_STORE)
