"""A query whose client has gone away is cancelled in PostgreSQL (app.api.cancel), on the real
database: a deliberately slow statement stands in for a slow answer."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import psycopg
import pytest

from app.api.cancel import ClientDisconnected, until_disconnected


def test_a_gone_client_cancels_the_running_statement(loaded_db):
    marker = f"cancel-test-{time.time_ns()}"

    async def scenario():
        pool = await asyncpg.create_pool(loaded_db, min_size=1, max_size=1)
        started = time.monotonic()

        async def slow():
            async with pool.acquire() as conn:
                await conn.execute(f"SELECT pg_sleep(30) /* {marker} */")

        async def gone() -> bool:
            return time.monotonic() - started > 0.3

        with pytest.raises(ClientDisconnected):
            await until_disconnected(slow(), gone)
        elapsed = time.monotonic() - started
        # The pool's only connection is usable again at once: the statement is gone.
        async with pool.acquire() as conn:
            assert await conn.fetchval("SELECT 1") == 1
        await pool.close()
        return elapsed

    elapsed = asyncio.run(scenario())
    assert elapsed < 10
    with psycopg.connect(loaded_db) as conn:
        running = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE %s AND state = 'active' "
            "AND pid <> pg_backend_pid()",
            (f"%{marker}%",),
        ).fetchone()[0]
    assert running == 0


def test_a_fast_answer_comes_back_without_waiting():
    async def answer():
        return 42

    async def never() -> bool:
        return False

    started = time.monotonic()
    assert asyncio.run(until_disconnected(answer(), never)) == 42
    assert time.monotonic() - started < 0.05
