"""The outermost layer: what every response gets, whatever produced it.

- a request id (X-Request-ID), also under errors.REQUEST_ID in the scope for the error handlers;
- the security headers (app.http.security);
- an answer for anything that escaped the app: a fault (database gone) is a 503, anything
  else a 500 problem whose detail is only the request id; the exception is logged;
- cancellation when the client hangs up: uvicorn does not cancel a handler whose client went
  away, so a slow query would run on; cancelling the handler makes asyncpg cancel the query
  on the server. Only for GET and HEAD, whose (empty) body is read first, so that the watcher
  is the only reader of `receive` afterwards; requests with a body are left alone.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import REQUEST_ID, fault_response, unexpected_response
from app.messages import language_of

log = logging.getLogger(__name__)

_CLIENT_ID = re.compile(rb"^[A-Za-z0-9._-]{8,64}$")


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

        try:
            if scope["method"] in ("GET", "HEAD"):
                await _cancelled_on_disconnect(self.app, scope, receive, send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - this is the last line of defence
            lang = language_of(_header(scope, b"accept-language"))
            response = fault_response(request_id, exc, lang) or unexpected_response(
                request_id, exc, lang
            )
            if started:
                # The status is gone already; closing the stream early is all that is left.
                log.warning("[%s] response cut short by %s", request_id, type(exc).__name__)
                return
            await response(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a plain token (a proxy's, to join the logs),
    else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _CLIENT_ID.match(value):
            return value.decode()
    return uuid.uuid4().hex


async def _cancelled_on_disconnect(app: ASGIApp, scope: Scope, receive: Receive, send: Send):
    body: list[Message] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body.append(message)
        if not message.get("more_body"):
            break
    disconnected = anyio.Event()
    completed = False
    failure: BaseException | None = None

    async def replay() -> Message:
        if body:
            return body.pop(0)
        await disconnected.wait()
        return {"type": "http.disconnect"}

    async def send_tracked(message: Message) -> None:
        nonlocal completed
        await send(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            completed = True

    async with anyio.create_task_group() as tasks:

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            disconnected.set()
            if not completed:  # the client left before its answer: stop working for it
                tasks.cancel_scope.cancel()

        tasks.start_soon(watch)
        try:
            await app(scope, replay, send_tracked)
        except Exception as exc:  # re-raised outside the task group, unwrapped
            failure = exc
        tasks.cancel_scope.cancel()
    if failure is not None:
        raise failure
