"""The outermost layer: what every response gets, whatever produced it.

- a request id (X-Request-ID), also under errors.REQUEST_ID in the scope for the error handlers;
- the security headers (app.http.security);
- an answer for anything that escaped the app: a fault (database gone) is a 503, anything
  else a 500 problem whose detail is only the request id; the exception is logged;
- cancellation when the client hangs up: uvicorn does not cancel a handler whose client went
  away, so a slow query would run on; cancelling the handler makes asyncpg cancel the query
  on the server. Only for GET and HEAD, whose (empty) body is read first, so that the watcher
  is the only reader of `receive` afterwards; requests with a body are left alone. The
  watcher starts once the handler has run for WATCH_AFTER seconds (or reads `receive`): a
  client gone sooner stops the work then.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import REQUEST_ID, fault_response, unexpected_response
from app.http import scope_header
from app.messages import language_of

log = logging.getLogger(__name__)

_CLIENT_ID = re.compile(rb"^[A-Za-z0-9._-]{8,64}$")
# How long a GET may run before a task watches for its client hanging up (cancel.py polls
# as often).
WATCH_AFTER = 0.05


class Envelope:
    def __init__(self, app: ASGIApp, headers: Callable[[], list[tuple[bytes, bytes]]]):
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope[REQUEST_ID] = request_id
        started = False
        extra = [*self.headers(), (b"x-request-id", request_id.encode())]

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        watch: _Watch | None = None
        try:
            if scope["method"] in ("GET", "HEAD"):
                body = await _body(receive)
                if body is None:
                    return  # the client left before it was asked
                watch = _Watch(receive, body)
                # Awaited here, not in a helper: every frame between the server and the
                # handler is walked again each time the handler's task resumes.
                await self.app(scope, watch.replay, watch.tracked(send_with_headers))
            else:
                await self.app(scope, receive, send_with_headers)
        except asyncio.CancelledError:
            # Ours (the client left) ends here; anyone else's (a shutdown) goes on.
            if watch is None or not watch.finish():
                raise
        except Exception as exc:  # noqa: BLE001 - this is the last line of defence
            if watch is not None:
                watch.finish()
            lang = language_of(scope_header(scope, b"accept-language"))
            response = fault_response(request_id, exc, lang) or unexpected_response(
                request_id, exc, lang
            )
            if started:
                # The status is gone already; closing the stream early is all that is left.
                log.warning("[%s] response cut short by %s", request_id, type(exc).__name__)
                return
            await response(scope, receive, send_with_headers)
        finally:
            if watch is not None:
                watch.finish()


def _request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a plain token (a proxy's, to join the logs),
    else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _CLIENT_ID.match(value):
            return value.decode()
    return uuid.uuid4().hex


class _Watch:
    """Who reads `receive` once the body is in: a watcher task, started only when the
    handler is still at work after WATCH_AFTER seconds (or asks `receive` itself), which
    cancels the handler's task when the client hangs up first. Most answers are sent
    sooner, and pay for a timer instead of a task."""

    def __init__(self, receive: Receive, body: list[Message]):
        self.receive = receive
        self.body = body
        self.task = asyncio.current_task()
        self.disconnected = asyncio.Event()
        self.completed = False
        self.cancelled = False
        self.finished = self.alone = False
        self.watcher: asyncio.Task | None = None
        self.timer = asyncio.get_running_loop().call_later(WATCH_AFTER, self.start)

    def start(self) -> None:
        if self.watcher is None and not self.completed:
            self.watcher = asyncio.get_running_loop().create_task(self.watch())

    async def watch(self) -> None:
        while (await self.receive())["type"] != "http.disconnect":
            pass
        self.disconnected.set()
        if not self.completed:  # the client left before its answer: stop working for it
            self.cancelled = True
            self.task.cancel()

    async def replay(self) -> Message:
        if self.body:
            return self.body.pop(0)
        self.start()
        await self.disconnected.wait()
        return {"type": "http.disconnect"}

    def tracked(self, send: Send) -> Send:
        async def send_tracked(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.completed = True

        return send_tracked

    def finish(self) -> bool:
        """Stop watching (again: no-op); True when the watcher cancelled the task and
        nobody else did."""
        if not self.finished:
            self.finished = self.completed = True
            self.timer.cancel()
            if self.watcher is not None:
                self.watcher.cancel()
            # Each cancel() the task got from the watcher is taken back once.
            self.alone = self.cancelled and self.task.uncancel() == 0
        return self.alone


async def _body(receive: Receive) -> list[Message] | None:
    """The request's body messages, or None when the client left first."""
    body: list[Message] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body.append(message)
        if not message.get("more_body"):
            return body
