"""Responses to requests that carry credentials are the user's own: `Cache-Control: private`
(never stored by a shared cache, whatever the handler set). A plain ASGI middleware, so
streamed bodies pass through untouched."""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class PrivateWhenAuthenticated:
    def __init__(self, app: ASGIApp):
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine: the inner app is awaited in the caller's frame (app.http.head).
        if scope["type"] != "http" or not any(
            name == b"authorization" for name, _ in scope.get("headers", ())
        ):
            return self.app(scope, receive, send)

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k != b"cache-control"]
                headers.append((b"cache-control", b"private, no-cache"))
                message = {**message, "headers": headers}
            await send(message)

        return self.app(scope, receive, send_private)
