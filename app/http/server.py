"""uvicorn, configured so that no client can hold the server's memory or sockets: h11 with a
bound on the request line plus headers (httptools has none: a 16 MB header was accepted), a
deadline for a new connection's first request (uvicorn arms its keep-alive timer only after a
response, so a socket that never sends anything was held for ever), an idle keep-alive
timeout, a cap on connections, a drain timeout on shutdown, and no Server banner. A request
the protocol refuses gets a problem+json answer like every other error."""

from __future__ import annotations

import asyncio
import json

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.config import ServerSettings, server_settings

PROBLEM = "application/problem+json"


class BoundedH11Protocol(H11Protocol):
    # None: from the environment's ServerSettings (worker processes build their own).
    request_header_timeout: float | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn's own cap answers in plain text; the same cap, checked here, answers as
        # every other error does.
        self._cap, self.limit_concurrency = self.limit_concurrency, None
        if self._cap is not None:
            self.app = self._capped(self.app)

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

    def send_400_response(self, msg: str) -> None:
        too_large = self.conn.their_state == h11.SEND_BODY or "too long" in msg.lower()
        status = 431 if _header_overflow(self.conn) or too_large else 400
        title = "Request header fields too large" if status == 431 else "Bad request"
        body = json.dumps(
            {"type": "about:blank", "title": title, "status": status, "detail": title + "."}
        ).encode()
        headers = [
            (b"content-type", PROBLEM.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"connection", b"close"),
        ]
        try:
            self.transport.write(
                self.conn.send(h11.Response(status_code=status, headers=headers))
                + self.conn.send(h11.Data(data=body))
                + self.conn.send(h11.EndOfMessage())
            )
        except h11.LocalProtocolError:
            pass  # the connection is already past where a response could go
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


def _header_overflow(conn: h11.Connection) -> bool:
    # h11 keeps what it could not parse; past the limit, that is the oversized head.
    return len(getattr(conn, "_receive_buffer", b"")) >= conn._max_incomplete_event_size


def uvicorn_config(
    app, settings: ServerSettings, host: str, port: int, **options
) -> uvicorn.Config:
    if options.get("workers", 1) > 1:
        # Worker processes are spawned, not forked: they find the protocol by its import
        # path and read its deadline from the environment's settings.
        protocol = "app.http.server:BoundedH11Protocol"
    else:
        protocol = type(
            "ServingH11Protocol",
            (BoundedH11Protocol,),
            {"request_header_timeout": settings.request_header_timeout_s},
        )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        h11_max_incomplete_event_size=settings.max_header_bytes,
        timeout_keep_alive=settings.keep_alive_s,
        limit_concurrency=settings.max_concurrency,
        timeout_graceful_shutdown=settings.drain_timeout_s,
        server_header=False,
        # app.http.origin decides which forwarded headers to believe.
        proxy_headers=False,
        **options,
    )


def run_server(
    settings: ServerSettings, host: str, port: int, *, access_log: bool, workers: int
) -> None:
    """One process, or `workers` processes sharing one socket (the app is stateless: each
    worker builds its own app from the environment, as `create_app()` does)."""
    config = uvicorn_config(
        "app.main:create_app",
        settings,
        host,
        port,
        factory=True,
        access_log=access_log,
        workers=workers,
    )
    server = uvicorn.Server(config)
    if workers == 1:
        server.run()
        return
    from uvicorn.supervisors import Multiprocess

    Multiprocess(config, target=server.run, sockets=[config.bind_socket()]).run()
