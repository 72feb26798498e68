"""Response compression (brotli, else gzip) with the compressed bodies of unchanged responses
kept by their ETag, so that a page asked for again is compressed once, not on every request.

Pure ASGI (no BaseHTTPMiddleware): a complete body is compressed whole; a streamed one chunk
by chunk. brotli 4 / gzip 5 instead of gzip's 9 (about 71 ms per 400 kB page);
benchmarks/compression.py measures the levels on real responses. The cache is per process,
bounded in bytes and safe to lose: a miss only costs one compression.

A compressed response carries its own strong ETag, the identity one with the coding appended
("…-br", "…-gzip", as Apache does): its bytes differ from the identity representation's.
app/ogc/responses.py takes any of the three as the same entity when revalidating.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections import OrderedDict
from collections.abc import Awaitable
from functools import lru_cache

import brotli
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BROTLI_QUALITY = 4
GZIP_LEVEL = 5
COMPRESSIBLE = (
    "application/json",
    "application/geo+json",
    "application/schema+json",
    "application/vnd.oai.openapi+json",
    "application/vnd.mapbox-vector-tile",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
    "text/",
)


def _compressible(content_type: str) -> bool:
    return any(content_type.startswith(kind) for kind in COMPRESSIBLE)


@lru_cache(maxsize=256)
def choose_encoding(accept_encoding: str) -> str | None:
    """br when the client takes it, else gzip, else none (q=0 refuses a coding)."""
    offered: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        offered[name.strip()] = q
    for coding in ("br", "gzip"):
        if offered.get(coding, offered.get("*", 0.0)) > 0:
            return coding
    return None


def compress(body: bytes, coding: str) -> bytes:
    if coding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


class _StreamCompressor:
    def __init__(self, coding: str):
        if coding == "br":
            self._brotli = brotli.Compressor(quality=BROTLI_QUALITY)
            self._zlib = None
        else:
            self._brotli = None
            self._zlib = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def chunk(self, data: bytes) -> bytes:
        if self._brotli is not None:
            return self._brotli.process(data) + self._brotli.flush()
        return self._zlib.compress(data) + self._zlib.flush(zlib.Z_SYNC_FLUSH)

    def finish(self) -> bytes:
        if self._brotli is not None:
            return self._brotli.finish()
        return self._zlib.flush(zlib.Z_FINISH)


class CompressedBodies:
    """Compressed bodies by (ETag, coding), least recently used dropped first, at most
    `max_bytes` in all. Shared by the event loop and nothing else; the lock only guards
    against a threaded server."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: tuple[str, str], body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # one huge body must not empty the cache
        with self._lock:
            if key in self._items:
                return
            self._items[key] = body
            self.size += len(body)
            while self.size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)


class CompressionMiddleware:
    def __init__(self, app: ASGIApp, minimum_size: int = 1024, cache_bytes: int = 64 << 20):
        self.app = app
        self.minimum_size = minimum_size
        self.cache = CompressedBodies(cache_bytes)

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine: the inner app is awaited in the caller's frame (app.http.head).
        if scope["type"] != "http":
            return self.app(scope, receive, send)
        accept = next((v for k, v in scope["headers"] if k == b"accept-encoding"), b"")
        coding = choose_encoding(accept.decode("latin-1")) if accept else None
        return self.app(scope, receive, _Responder(self, coding, send).on_send)


class _Responder:
    """Holds the response start until the first body message tells whether to compress."""

    def __init__(self, middleware: CompressionMiddleware, coding: str | None, send: Send):
        self.middleware = middleware
        self.coding = coding
        self.send = send
        self.start: Message | None = None
        self.stream: _StreamCompressor | None = None
        self.passthrough = False

    async def on_send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.start = message
            return
        if kind != "http.response.body":
            await self.send(message)
            return
        if self.passthrough:
            await self.send(message)
            return
        if self.stream is not None:
            await self._stream_body(message)
            return
        await self._first_body(message)

    async def _first_body(self, message: Message) -> None:
        assert self.start is not None
        headers = MutableHeaders(raw=self.start["headers"])
        body = message.get("body", b"")
        more = message.get("more_body", False)
        if (
            "content-encoding" in headers
            or not _compressible(headers.get("content-type", ""))
            or self.start["status"] < 200
            or self.start["status"] in (204, 304)
            or (not more and len(body) < self.middleware.minimum_size)
        ):
            self.passthrough = True
            await self.send(self.start)
            await self.send(message)
            return
        # Another client may get this compressed: a shared cache must key on the coding.
        headers.add_vary_header("Accept-Encoding")
        if self.coding is None:
            self.passthrough = True
            await self.send(self.start)
            await self.send(message)
            return
        headers["Content-Encoding"] = self.coding
        etag = headers.get("etag")
        if etag and etag.endswith('"'):
            headers["ETag"] = f'{etag[:-1]}-{self.coding}"'
        if more:
            del headers["content-length"]
            self.stream = _StreamCompressor(self.coding)
            await self.send(self.start)
            await self._stream_body(message)
            return
        compressed = None
        cache = self.middleware.cache
        if etag:
            compressed = cache.get((etag, self.coding))
        if compressed is None:
            compressed = compress(body, self.coding)
            if etag:
                cache.put((etag, self.coding), compressed)
        headers["Content-Length"] = str(len(compressed))
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": compressed})

    async def _stream_body(self, message: Message) -> None:
        assert self.stream is not None
        data = self.stream.chunk(message.get("body", b""))
        if message.get("more_body", False):
            if data:
                await self.send({"type": "http.response.body", "body": data, "more_body": True})
            return
        await self.send({"type": "http.response.body", "body": data + self.stream.finish()})
