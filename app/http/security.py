"""Security headers sent on every response (by app.http.envelope).

The Content-Security-Policy allows the app's own origin and, for images, the base-map tile
hosts configured in BasemapSettings (derived from the same list /api/config serves, so a
configured tile server is never blocked and nothing else is allowed). Styles may be inline:
the HTML templates, Leaflet and the API docs set them; scripts may not.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from app.config import APISettings, BasemapSettings


def basemap_origins(settings: BasemapSettings) -> list[str]:
    from app.api.site_config import basemaps

    origins: set[str] = set()
    for option in basemaps(settings):
        for layer in option["layers"]:
            url = urlsplit(layer["url"])
            if url.scheme not in ("http", "https") or not url.netloc:
                continue
            hosts = [url.netloc]
            if "{s}" in url.netloc:
                hosts = [url.netloc.replace("{s}", s) for s in layer.get("subdomains", "abc")]
            origins.update(f"{url.scheme}://{host}" for host in hosts)
    return sorted(origins)


def content_security_policy(api: APISettings, basemap: BasemapSettings) -> str:
    tiles = " ".join(basemap_origins(basemap))
    ancestors = " ".join(api.frame_ancestors) or "'none'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob: {tiles}".strip(),
        "font-src": "'self'",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(api: APISettings, basemap: BasemapSettings) -> list[tuple[bytes, bytes]]:
    headers = {
        "x-content-type-options": "nosniff",
        "content-security-policy": content_security_policy(api, basemap),
        # For browsers that predate frame-ancestors.
        "x-frame-options": "DENY" if not api.frame_ancestors else "",
        "referrer-policy": "strict-origin-when-cross-origin",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
    }
    return [(k.encode(), v.encode()) for k, v in headers.items() if v]


class SecurityHeaders:
    """The headers for the current base-map settings: /api/config reads basemap_settings() on
    every request, so the CSP follows the same object (rebuilt only when it changes)."""

    def __init__(self, api: APISettings):
        self.api = api
        self._basemap: BasemapSettings | None = None
        self._headers: list[tuple[bytes, bytes]] = []

    def __call__(self) -> list[tuple[bytes, bytes]]:
        from app.config import basemap_settings

        basemap = basemap_settings()
        if basemap is not self._basemap:
            self._headers = security_headers(self.api, basemap)
            self._basemap = basemap
        return self._headers
