"""uvicorn, configured so that no client can hold the server's memory or sockets: a bound on
the request line plus headers (uvicorn's httptools protocol has none: a 16 MB header was
accepted), a deadline for a new connection's first request (uvicorn arms its keep-alive timer
only after a response, so a socket that never sends anything was held for ever), an idle
keep-alive timeout, a cap on connections, a drain timeout on shutdown, and no Server banner. A
request the protocol refuses gets a problem+json answer like every other error.

httptools (llhttp, in C) parses; h11 (pure Python) would do the same with the bound built in,
at several times the CPU per request. The bound is kept here instead: the head's bytes are
counted as they arrive and the connection is refused past `max_header_bytes`.
"""

from __future__ import annotations

import asyncio
import json

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.config import ServerSettings, server_settings

PROBLEM = "application/problem+json"


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    # None: from the environment's ServerSettings (worker processes build their own).
    request_header_timeout: float | None = None
    max_header_bytes: int | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn's own cap answers in plain text; the same cap, checked here, answers as
        # every other error does.
        self._cap, self.limit_concurrency = self.limit_concurrency, None
        if self._cap is not None:
            self.app = self._capped(self.app)
        self._head_limit = self.max_header_bytes or server_settings().max_header_bytes
        self._head_bytes = 0  # of the request head being read; None between heads
        self._head_too_large = False

    def _capped(self, app):
        async def capped(scope, receive, send) -> None:
            # Counted as uvicorn counts them: this connection and this request included.
            if len(self.connections) >= self._cap or len(self.tasks) > self._cap:
                await _service_unavailable(send)
                return
            await app(scope, receive, send)

        return capped

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        timeout = self.request_header_timeout or server_settings().request_header_timeout_s
        self._first_request_deadline = self.loop.call_later(timeout, self._no_request_in_time)

    def _no_request_in_time(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._first_request_deadline.cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        reading_head = self._head_bytes is not None
        if reading_head:
            self._head_bytes += len(data)
        super().data_received(data)
        # Still in the head after this chunk (a chunk that ends the head may carry body
        # bytes, so the check comes after parsing it): past the bound, refuse.
        if self._head_bytes is not None and self._head_bytes > self._head_limit:
            if self.parser is not None and not self.transport.is_closing():
                self._head_too_large = True
                self.send_400_response("Request header fields too large.")

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._head_bytes = 0  # the next request on this connection

    def send_400_response(self, msg: str) -> None:
        status = 431 if self._head_too_large else 400
        title = "Request header fields too large" if status == 431 else "Bad request"
        body = json.dumps(
            {"type": "about:blank", "title": title, "status": status, "detail": title + "."}
        ).encode()
        reason = b"Request Header Fields Too Large" if status == 431 else b"Bad Request"
        head = [
            b"HTTP/1.1 %d %s\r\n" % (status, reason),
            b"content-type: " + PROBLEM.encode() + b"\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"x-content-type-options: nosniff\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


async def _service_unavailable(send) -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Server busy",
            "status": 503,
            "detail": "The server has as many connections as it takes; try again shortly.",
        }
    ).encode()
    headers = [
        (b"content-type", PROBLEM.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", b"1"),
        (b"x-content-type-options", b"nosniff"),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def uvicorn_config(
    app, settings: ServerSettings, host: str, port: int, **options
) -> uvicorn.Config:
    if options.get("workers", 1) > 1:
        # Worker processes are spawned, not forked: they find the protocol by its import
        # path and read its deadline from the environment's settings.
        protocol = "app.http.server:BoundedHttpToolsProtocol"
    else:
        protocol = type(
            "ServingHttpToolsProtocol",
            (BoundedHttpToolsProtocol,),
            {
                "request_header_timeout": settings.request_header_timeout_s,
                "max_header_bytes": settings.max_header_bytes,
            },
        )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=settings.keep_alive_s,
        limit_concurrency=settings.max_concurrency,
        timeout_graceful_shutdown=settings.drain_timeout_s,
        server_header=False,
        # app.http.origin decides which forwarded headers to believe.
        proxy_headers=False,
        **options,
    )


def run_server(
    settings: ServerSettings,
    host: str,
    port: int,
    *,
    access_log: bool,
    workers: int,
    **options: object,
) -> None:
    """One process, or `workers` processes sharing one socket (the app is stateless: each
    worker builds its own app from the environment, as `create_app()` does). `options`: more
    of uvicorn's Config (e.g. timeout_worker_healthcheck)."""
    config = uvicorn_config(
        "app.main:create_app",
        settings,
        host,
        port,
        factory=True,
        access_log=access_log,
        workers=workers,
        **options,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    from uvicorn.supervisors import Multiprocess

    # Each worker process runs its own uvicorn.Server from `config`.
    Multiprocess(config, sockets=[config.bind_socket()]).run()
