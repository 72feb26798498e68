"""HEAD on every GET route: routed as GET, answered with the GET's status and headers
(Content-Length included) and no body. FastAPI registers GET routes without HEAD."""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp):
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine itself: what passes through is awaited in the caller's frame
        # (app.http's layers add no frame that every resumption of the handler walks).
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return self.app(scope, receive, send)
        done = False

        async def send_headers_only(message: Message) -> None:
            nonlocal done
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] == "http.response.body" and not done:
                if not message.get("more_body"):
                    done = True
                    await send({"type": "http.response.body", "body": b""})

        return self.app({**scope, "method": "GET"}, receive, send_headers_only)
