"""GET /healthz: the app and its database."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from app import __version__
from app.api.deps import get_db
from app.domain.service import database_health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Health of the app and its database")
async def healthz(request: Request, db: Annotated[asyncpg.Pool, Depends(get_db)]) -> JSONResponse:
    try:
        database = await database_health(db)
    except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        body = {
            "status": "unavailable",
            "app": {"status": "ok", "version": __version__},
            "database": {"status": "unreachable", "error": type(exc).__name__},
        }
        return JSONResponse(body, status_code=503, headers={"Cache-Control": "no-store"})
    body = {"status": "ok", "app": {"status": "ok", "version": __version__}, "database": database}
    monitor = getattr(request.app.state, "replica_monitor", None)
    if monitor is not None and monitor.state.configured:
        # A replica down is not the app down: reads then come from the primary.
        body["replica"] = monitor.state.report()
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
