"""Answers kept by the serving process and sent again while the data have not changed.

A map asks for the same tiles and pages over and over; building them again costs PostgreSQL
the same work each time, and going through routing, the handler and compression again costs
more Python than a small tile's SQL. This layer (inside the envelope, the canonical origin,
the input checks and HEAD-as-GET; outside compression and the routes) keeps the complete
response, as compression sent it, of every request whose handler built it from the database
and said so (`note_version`), together with the data version (app.db.versions) the handler
read on its own connection *before* building it: the answer holds at least that version's
data. A later identical request is sent the kept response only when the data version read
now is that same number: nothing has changed since, on the server the request reads from. A
replica that lags behind reads an older number, and the request is built anew: nobody is
answered with data older than the server they read from.

Identical means: the same scheme, path and query string, and the same headers an answer may
depend on (VARYING). Only anonymous requests (no Authorization, no cookie) are answered from
it or kept, so nothing a signed-in user was shown is kept; streamed bodies, answers other
than 200/204 and answers that set a cookie are never kept. A conditional request that names
the kept answer's entity is answered 304 (app.ogc.responses' comparison).

Per process, bounded in bytes, least recently used dropped first, safe to lose: several
workers each keep their own, and a restart starts empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import asyncpg
from cachetools import LRUCache
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import versions
from app.db.routing import anonymous_read_pool
from app.http import scope_header
from app.ogc.responses import entity_of, matching_tag

# Request headers an answer may depend on: format, language and coding negotiation, the Host
# that app.http.origin has set to the canonical origin its links start with, and the Origin
# that CORS answers.
VARYING = frozenset((b"accept", b"accept-language", b"accept-encoding", b"host", b"origin"))
SIGNED_IN = frozenset((b"authorization", b"cookie"))
# Where a handler says that its answer was built from the database at a data version.
SCOPE_KEY = "im.answer"
# Headers of the kept 200 that a 304 does not repeat (RFC 9110 §15.4.5).
NOT_IN_304 = frozenset((b"content-length", b"content-type", b"content-encoding"))


class _Building:
    """Told by the handler: the data version its answer was built at (None: not keepable)."""

    __slots__ = ("version",)

    def __init__(self) -> None:
        self.version: int | None = None


async def note_version(request: Request, conn: asyncpg.Connection) -> None:
    """Called by a handler, on the connection it is about to build its answer on, when the
    answer depends on nothing but the request and the database: the answer may be kept."""
    building: _Building | None = request.scope.get(SCOPE_KEY)
    if building is not None:
        building.version = await conn.fetchval(versions.READ)


@dataclass(frozen=True, slots=True)
class Kept:
    version: int
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str | None

    @property
    def size(self) -> int:
        return len(self.body) + 64 * (len(self.headers) + 4)  # the entry's own weight, roughly


def request_key(scope: Scope) -> tuple | None:
    """What identifies an answer; None: not to be kept or answered from here (signed in,
    or not a GET)."""
    if scope["type"] != "http" or scope["method"] != "GET":
        return None
    varying = []
    for name, value in scope["headers"]:
        if name in SIGNED_IN:
            return None
        if name in VARYING:
            varying.append((name, value))
    varying.sort()
    return (
        scope["scheme"],
        scope.get("root_path", ""),
        scope["path"],
        scope.get("query_string", b""),
        *varying,
    )


class AnswerCache:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes
        self.answers: LRUCache = LRUCache(maxsize=max(max_bytes, 1), getsizeof=attrgetter("size"))
        self.versions = versions.VersionReads()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = request_key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        kept: Kept | None = self.answers.get(key)
        if kept is not None:
            try:
                current = await self.versions.read(anonymous_read_pool(scope["app"].state))
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                current = None  # the handler meets the fault and answers for it
            if current == kept.version:
                await self._send_kept(scope, kept, send)
                return
        await self._build(key, scope, receive, send)

    async def _send_kept(self, scope: Scope, kept: Kept, send: Send) -> None:
        held = None
        if kept.etag is not None and (condition := scope_header(scope, b"if-none-match")):
            held = matching_tag(condition, entity_of(kept.etag))
        if held is not None:
            headers = [(k, v) for k, v in kept.headers if k not in NOT_IN_304 and k != b"etag"]
            headers.append((b"etag", held.encode("latin-1")))
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = list(kept.headers)
        await send({"type": "http.response.start", "status": kept.status, "headers": headers})
        await send({"type": "http.response.body", "body": kept.body})

    async def _build(self, key: tuple, scope: Scope, receive: Receive, send: Send) -> None:
        """The request as if this layer were not there, keeping its answer when the handler
        noted a version and the answer is complete in one message."""
        building = _Building()
        start: tuple[int, tuple] | None = None

        async def keeping(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                # As sent from here: the layers outside add their own headers to this message.
                start = message["status"], tuple(message.get("headers", ()))
            elif (
                message["type"] == "http.response.body"
                and start is not None
                and building.version is not None
            ):
                if not message.get("more_body", False):
                    self._keep(key, building.version, *start, message.get("body", b""))
                building.version = None  # a streamed body: the rest is not kept either
            await send(message)

        await self.app({**scope, SCOPE_KEY: building}, receive, keeping)

    def _keep(self, key: tuple, version: int, status: int, headers: tuple, body: bytes) -> None:
        if status not in (200, 204) or any(name == b"set-cookie" for name, _ in headers):
            return
        etag = next((v.decode("latin-1") for k, v in headers if k == b"etag"), None)
        kept = Kept(version, status, headers, body, etag)
        if kept.size > self.max_bytes // 4:
            return  # one huge answer must not empty the cache
        self.answers[key] = kept
