"""Per-client concurrency limit on expensive requests (site selection, exports, printable
pages, large pages): past `APISettings.expensive_per_client` running at once from one client
address, a 429 with Retry-After. The counts live in this process only: with several workers
each has its own (a client gets at most workers × the limit), and a restart forgets them,
which is safe — they describe only requests in flight."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import APISettings
from app.errors import TooManyRequests, problem

ITEMS = re.compile(r"^/ogc/collections/[^/]+/items$")


class ExpensiveRequestLimit:
    def __init__(self, app: ASGIApp, settings: APISettings):
        self.app = app
        self.limit = settings.expensive_per_client
        self.large_page = settings.large_page_limit
        # One regex for all (re.match of an alternation: any of them matching at the start).
        self.paths = re.compile("|".join(f"(?:{p})" for p in settings.expensive_paths) or "(?!)")
        self.running: Counter[str] = Counter()

    def expensive(self, scope: Scope) -> bool:
        path = scope["path"]
        if self.paths.match(path):
            return True
        if ITEMS.match(path):
            params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if params.get("f") == "csv":
                return True
            limit = params.get("limit", "")
            return limit.isdigit() and int(limit) > self.large_page
        return False

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine: the inner app is awaited in the caller's frame (app.http.head).
        if scope["type"] != "http" or self.limit <= 0 or not self.expensive(scope):
            return self.app(scope, receive, send)
        return self._limited(scope, receive, send)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = (scope.get("client") or ("unknown",))[0]
        if self.running[client] >= self.limit:
            busy = TooManyRequests(
                f"At most {self.limit} such requests may run at once per client; "
                "wait for one to finish."
            )
            headers = {"Retry-After": str(busy.retry_after)}
            await problem(busy.status, busy.title, busy.detail, headers=headers)(
                scope, receive, send
            )
            return
        self.running[client] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running[client] -= 1
            if not self.running[client]:
                del self.running[client]
