"""Responses to requests that carry credentials are the user's own: `Cache-Control: private`
(never stored by a shared cache, whatever the handler set). A plain ASGI middleware, so
streamed bodies pass through untouched."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class PrivateWhenAuthenticated:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not any(
            name == b"authorization" for name, _ in scope.get("headers", ())
        ):
            await self.app(scope, receive, send)
            return

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k != b"cache-control"]
                headers.append((b"cache-control", b"private, no-cache"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_private)
