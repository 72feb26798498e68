"""Stop work for a client that has gone away: the coroutine's task is cancelled, which makes
asyncpg cancel the running statement in PostgreSQL (a CancelRequest on its own connection)
before the connection goes back to the pool."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import TypeVar

from app.errors import ProblemError

T = TypeVar("T")

POLL_SECONDS = 0.05


class ClientDisconnected(ProblemError):
    """The client closed the connection before the answer was ready (nobody reads the reply;
    499 is nginx's code for it, and keeps it out of the 5xx error logs)."""

    status = 499
    title = "Client closed request"

    def __init__(self):
        super().__init__("the client closed the connection; the query was cancelled")


async def until_disconnected(
    work: Coroutine[object, object, T], is_disconnected: Callable[[], Awaitable[bool]]
) -> T:
    """Await `work`, checking every POLL_SECONDS whether the client is still there; cancel it
    and raise ClientDisconnected when not. A fast answer returns at once (no added wait)."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=POLL_SECONDS)
            if done:
                return task.result()
            if await is_disconnected():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                raise ClientDisconnected
    finally:
        if not task.done():
            task.cancel()
