"""Which database answers a request: the read replica(s) or the primary.

One rule, in `pool_for`: writes, and everything done for a signed-in user (whose next read
must see their own write), use the write pool on the primary, connected as the narrowly
granted writer role (`DatabaseSettings.write_url`); anonymous reads go to the replica pool
while it is healthy; a request that writes, carries credentials (`Authorization`: an editor
must see what they just did and what others did a moment ago) or the recent-write cookie
goes to the primary's serving pool, and so does everything while the replica is down or not
configured. The replica's health and lag are
checked by each worker in the background (`ReplicaMonitor`), so no request waits on a dead
host; the state is per process and safe to lose.

`RecentWriteMiddleware` sets the cookie on every successful write, so that its author's next
reads (for `read_your_writes_seconds`) come from the primary even without credentials.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field

import asyncpg
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

RECENT_WRITE_COOKIE = "im_recent_write"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# On a standby: seconds since the last replayed transaction, 0 when it has replayed all it got.
REPLICA_STATE = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 END
"""


@dataclass
class ReplicaState:
    configured: bool = False
    reachable: bool = False
    in_recovery: bool | None = None
    lag_seconds: float | None = None
    error: str | None = None

    def report(self) -> dict[str, object]:
        return {
            "configured": self.configured,
            "status": "ok" if self.reachable else ("unreachable" if self.configured else "none"),
            "in_recovery": self.in_recovery,
            "lag_seconds": self.lag_seconds,
            **({"error": self.error} if self.error else {}),
        }


@dataclass
class ReplicaMonitor:
    """Checks the replica pool every `interval` seconds."""

    pool: asyncpg.Pool | None
    interval: float
    state: ReplicaState = field(default_factory=ReplicaState)
    _task: asyncio.Task | None = None

    async def check(self) -> None:
        if self.pool is None:
            return
        try:
            row = await asyncio.wait_for(self.pool.fetchrow(REPLICA_STATE), timeout=2)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            if self.state.reachable:
                log.warning("read replica unreachable (%s): reads go to the primary", exc)
            self.state = ReplicaState(configured=True, error=type(exc).__name__)
            return
        lag = None if row[1] is None else round(row[1], 3)  # None: nothing replayed yet
        self.state = ReplicaState(
            configured=True, reachable=True, in_recovery=row[0], lag_seconds=lag
        )

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:  # the monitor must outlive any surprise
                log.exception("replica check failed")
                self.state = ReplicaState(configured=True, error="check failed")

    async def start(self) -> None:
        self.state.configured = self.pool is not None
        await self.check()
        if self.pool is not None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def wants_primary(request: Request) -> bool:
    return (
        request.method not in SAFE_METHODS
        or "authorization" in request.headers
        or RECENT_WRITE_COOKIE in request.cookies
    )


def pool_for(request: Request, *, write: bool = False, authenticated: bool = False) -> asyncpg.Pool:
    """The pool that serves this request (see the module's docstring)."""
    state = request.app.state
    if write or authenticated:
        return state.write_pool
    if wants_primary(request):
        return state.pool
    return anonymous_read_pool(state)


def anonymous_read_pool(state) -> asyncpg.Pool:
    """Where an anonymous read goes: the replica pool while it is healthy, else the primary's
    serving pool (app.http.answers reads the data version there too)."""
    replica = getattr(state, "read_pool", None)
    monitor: ReplicaMonitor | None = getattr(state, "replica_monitor", None)
    if replica is None or monitor is None or not monitor.state.reachable:
        return state.pool
    return replica


class RecentWriteMiddleware:
    """Marks the author of a successful write for `seconds`: their reads then go to the
    primary (pool_for), so that they see their edit at once whatever the replica's lag."""

    def __init__(self, app: ASGIApp, seconds: int):
        self.app = app
        self.seconds = seconds

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine: the inner app is awaited in the caller's frame (app.http.head).
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            return self.app(scope, receive, send)

        async def marking(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                headers = MutableHeaders(scope=message)
                headers.append(
                    "Set-Cookie",
                    f"{RECENT_WRITE_COOKIE}=1; Max-Age={self.seconds}; Path=/; HttpOnly;"
                    " SameSite=Lax",
                )
            await send(message)

        return self.app(scope, receive, marking)
