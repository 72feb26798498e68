"""Answers kept by the serving process and reused while the data have not changed.

A map asks for the same tiles and pages over and over; building them again costs PostgreSQL
the same work each time. Each answer is kept with the data version (app.db.versions) read on
the same connection *before* the statement that built it, so the answer holds at least that
version's data. A later request reads the version again (one indexed read of a tiny table)
and reuses the answer only when it is the same number: nothing has changed since, on the
server that request reads from. A replica that lags behind reads an older number and builds
its own answer: nobody is answered with data older than the server they read from.

Per process, bounded in bytes, least recently used dropped first, safe to lose: several workers
each keep their own, and a restart starts empty. Only anonymous requests are answered from
it, so nothing a signed-in user was shown is kept; streamed pages are never kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from cachetools import LRUCache
from starlette.requests import Request

from app.db import versions
from app.ogc.responses import Answer

# Request headers an answer may depend on: format and language negotiation, and the Host that
# app.http.origin has set to the canonical origin its links start with.
VARYING = (b"accept", b"accept-language", b"host")
SIGNED_IN = (b"authorization", b"cookie")


def request_key(request: Request) -> tuple | None:
    """What identifies an answer: method-independent (HEAD is answered as GET), the path, the
    query string as sent, and the varying headers. None: not to be kept (signed in)."""
    scope = request.scope
    varying = []
    for name, value in scope["headers"]:
        if name in SIGNED_IN:
            return None
        if name in VARYING:
            varying.append((name, value))
    return (
        scope["scheme"],
        scope.get("root_path", ""),
        scope["path"],
        scope.get("query_string", b""),
        tuple(sorted(varying)),
    )


def _weight(kept: tuple[int, Answer]) -> int:
    return kept[1].size


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.enabled = max_bytes > 0
        self._answers: LRUCache = LRUCache(maxsize=max(max_bytes, 1), getsizeof=_weight)

    async def slot(self, request: Request, conn: asyncpg.Connection) -> Slot:
        """The kept answer to this request if the data have not changed since it was built
        (`slot.answer`), else where to keep the one about to be built (`slot.keep`). The
        version is read on `conn`, the connection the answer is then built on."""
        key = request_key(request) if self.enabled else None
        if key is None:
            return Slot(self, None, None, None)
        version = await conn.fetchval(versions.READ)
        kept = self._answers.get(key)
        if kept is not None and kept[0] == version:
            return Slot(self, key, version, kept[1])
        return Slot(self, key, version, None)

    def _put(self, key: tuple, version: int, answer: Answer) -> None:
        if answer.size > self._answers.maxsize // 4:
            return  # one huge answer must not empty the cache
        self._answers[key] = (version, answer)


@dataclass(frozen=True)
class Slot:
    cache: AnswerCache
    key: tuple | None
    version: int | None
    answer: Answer | None

    def keep(self, answer: Answer) -> Answer:
        if self.key is not None and self.version is not None and answer.status in (200, 204):
            self.cache._put(self.key, self.version, answer)
        return answer
