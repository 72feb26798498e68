"""Where links point: the Host header is the client's to choose, so it is never copied into
responses (which are cached `public`). The scope's scheme and Host are set, before the app sees
them, to one of, in order:

1. `APISettings.public_base_url`, when configured (scheme://host[:port]);
2. X-Forwarded-Proto / X-Forwarded-Host, only from a peer in `trusted_proxies`;
3. the address the request arrived on (the socket's local address, which the server chose).

Everything that builds a URL from the request (request.base_url, url_for) then agrees.
From a trusted proxy, X-Forwarded-For also gives the client's address (the right-most entry
that is not itself a trusted proxy), which the per-client limits use; uvicorn's own
proxy-header handling is off, so that this is the one place that decides.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def parse_base_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.netloc or ""):
        raise ValueError(f"public_base_url must be http(s)://host[:port], not {url!r}")
    if parts.path.strip("/") or parts.query:
        raise ValueError("public_base_url cannot have a path: serve the app at the root")
    return parts.scheme, parts.netloc


class CanonicalOrigin:
    def __init__(self, app: ASGIApp, public_base_url: str | None, trusted_proxies: list[str]):
        self.app = app
        self.fixed = parse_base_url(public_base_url) if public_base_url else None
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def _is_proxy(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self.proxies)

    def _trusted(self, scope: Scope) -> bool:
        client = scope.get("client")
        return bool(self.proxies and client and self._is_proxy(client[0]))

    def _forwarded_client(self, scope: Scope) -> tuple[str, int] | None:
        for name, value in scope["headers"]:
            if name == b"x-forwarded-for":
                hops = [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
                for hop in reversed(hops):
                    if not self._is_proxy(hop):
                        try:
                            return str(ipaddress.ip_address(hop)), 0
                        except ValueError:
                            return None
        return None

    def _origin(self, scope: Scope) -> tuple[str, str]:
        if self.fixed:
            return self.fixed
        if self._trusted(scope):
            headers = dict(scope["headers"])
            host = headers.get(b"x-forwarded-host", b"").decode("latin-1").split(",")[0].strip()
            proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").split(",")[0]
            proto = proto.strip().lower()
            if _HOST.match(host):
                return (proto if proto in ("http", "https") else scope["scheme"]), host
        server = scope.get("server")
        if not server:
            return scope["scheme"], "localhost"
        host, port = server[0], server[1]
        if ":" in host:
            host = f"[{host}]"
        default = {"http": 80, "https": 443}.get(scope["scheme"])
        return scope["scheme"], host if port in (None, default) else f"{host}:{port}"

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine: the inner app is awaited in the caller's frame (app.http.head).
        if scope["type"] == "http":
            scheme, host = self._origin(scope)
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            client = scope.get("client")
            if self._trusted(scope):
                client = self._forwarded_client(scope) or client
            scope = {
                **scope,
                "scheme": scheme,
                "client": client,
                "headers": [(b"host", host.encode()), *headers],
            }
        return self.app(scope, receive, send)
