"""Domain reads. Functions take an asyncpg pool (or connection) and return JSON text or plain
values; the API layer only adapts them to HTTP."""

from __future__ import annotations

import time

import asyncpg

from app.domain import queries


async def districts_geojson(db: asyncpg.Pool) -> str:
    return await db.fetchval(queries.DISTRICTS_GEOJSON)


async def database_health(db: asyncpg.Pool) -> dict[str, object]:
    started = time.perf_counter()
    row = await db.fetchrow(queries.DATABASE_HEALTH, timeout=5)
    return {
        "status": "ok",
        "postgis": row[0],
        "schema_revision": row[1],
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }
