"""Domain reads. Functions take an asyncpg pool (or connection) and return JSON text or plain
values; the API layer only adapts them to HTTP."""

from __future__ import annotations

import asyncio
import time

import asyncpg

from app.domain import queries
from app.domain.matching import Placement, Vocabulary, match_term
from app.domain.search import search


async def json_text(db: asyncpg.Pool, statement: str, *args) -> str | None:
    """Run a statement that builds its own JSON; None when it finds nothing."""
    return await db.fetchval(statement, *args)


async def vocabulary(db: asyncpg.Pool) -> Vocabulary:
    async with db.acquire() as conn:
        roles = await conn.fetch(queries.VOCABULARY_ROLES)
        clusters = await conn.fetch(queries.VOCABULARY_CLUSTERS)
        segments = await conn.fetch(queries.VOCABULARY_SEGMENTS)
        parks = await conn.fetch(queries.PARKS_FOR_MATCHING)
    return Vocabulary(
        roles=[dict(r) for r in roles],
        clusters=[dict(c) for c in clusters],
        segments=[dict(s) for s in segments],
        parks=[dict(p) for p in parks],
    )


async def placements(db: asyncpg.Pool, term: str) -> Placement:
    return match_term(term, await vocabulary(db))


async def search_entries(db: asyncpg.Pool, query: str, limit: int) -> list[dict]:
    rows = await db.fetch(queries.SEARCH_ENTRIES)
    return search(query, [dict(r) for r in rows], limit)


async def database_health(db: asyncpg.Pool) -> dict[str, object]:
    started = time.perf_counter()
    row = await asyncio.wait_for(db.fetchrow(queries.DATABASE_HEALTH), timeout=5)
    return {
        "status": "ok",
        "postgis": row[0],
        "schema_revision": row[1],
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }
