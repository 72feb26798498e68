"""Security headers on every route, links that the Host header cannot steer, and Vary where
a cached answer depends on the request. Routes are enumerated from the app, so a new route is
covered without touching this file."""

from __future__ import annotations

import re

import httpx
import pytest

from app.config import APISettings, BasemapSettings
from app.http.routes import routes
from app.http.security import content_security_policy
from app.main import create_app
from tests.conftest import run_async

# Known-good values for path parameters; any other parameter gets "x" (a 404 is an answer
# too, and must carry the same headers).
SAMPLES = {
    "adcode": "500118",
    "park_id": "bishan-hitech-zone",
    "collectionId": "parks",
    "featureId": "bishan-hitech-zone",
}


def get_paths(app) -> list[str]:
    """A concrete path for every GET route of the app."""
    fill = lambda m: SAMPLES.get(m[1], "x")  # noqa: E731
    return sorted(
        {
            re.sub(r"{([^}:]+)(:[^}]*)?}", fill, path)
            for path, methods in routes(app)
            if "GET" in methods
        }
    )


def test_routes_are_enumerated(client):
    paths = get_paths(client.app)
    assert "/api/plan" in paths and "/ogc/collections/parks/items" in paths and "/docs" in paths
    assert len(paths) > 25


def assert_security_headers(response, path):
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", path
    csp = headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp, path
    assert headers.get("x-frame-options") == "DENY", path
    assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", path
    assert re.fullmatch(r"[0-9a-f]{32}", headers.get("x-request-id", "")), path
    assert "server" not in headers and "x-powered-by" not in headers, path


def test_every_route_sends_the_security_headers(client):
    for path in get_paths(client.app):
        for method in ("GET", "HEAD"):
            response = client.request(method, path)
            assert response.status_code < 500, (path, response.text)
            assert_security_headers(response, f"{method} {path}")


def test_errors_send_them_too(client):
    for response in (
        client.get("/no/such/page"),
        client.post("/api/plan"),
        client.get("/ogc/collections/parks/items?limit=0"),
        client.get("/ogc/collections/parks/items/%00"),
    ):
        assert response.status_code >= 400
        assert_security_headers(response, response.url.path)


def test_the_csp_allows_the_configured_base_maps_and_nothing_else():
    api = APISettings()
    # No base map is configured by default (an intranet needs no network): own origin only.
    default = content_security_policy(api, BasemapSettings())
    assert "openstreetmap" not in default and "tianditu" not in default
    assert "img-src 'self' data: blob:;" in default
    public = content_security_policy(
        api, BasemapSettings(osm_url="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    )
    assert "https://tile.openstreetmap.org" in public
    tianditu = content_security_policy(api, BasemapSettings(tianditu_key="k"))
    for s in range(8):
        assert f"https://t{s}.tianditu.gov.cn" in tianditu
    own = content_security_policy(
        api, BasemapSettings(osm_url="http://tiles.intra:8080/{z}/{x}/{y}.png")
    )
    assert "http://tiles.intra:8080" in own and "openstreetmap" not in own
    assert "frame-ancestors https://portal.intra" in content_security_policy(
        APISettings(frame_ancestors=["https://portal.intra"]), BasemapSettings()
    )


def test_the_host_header_does_not_steer_links(client):
    response = client.get("/ogc", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert response.json()["links"][0]["href"].startswith("http://testserver/ogc")


async def landing_links(settings: APISettings, client_address: str, headers: dict) -> str:
    app = create_app(settings=settings, url="postgresql://unused@127.0.0.1:1/none")
    transport = httpx.ASGITransport(app=app, client=(client_address, 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://10.0.0.5:8000") as http:
        return (await http.get("/ogc", headers=headers)).json()["links"][0]["href"]


FORWARDED = {"X-Forwarded-Host": "map.example.gov.cn", "X-Forwarded-Proto": "https"}


def test_links_from_the_public_base_url():
    settings = APISettings(public_base_url="https://map.example.gov.cn")
    href = run_async(landing_links(settings, "10.9.9.9", {"Host": "evil.example"}))
    assert href.startswith("https://map.example.gov.cn/ogc")


def test_forwarded_headers_only_from_a_trusted_proxy():
    trusting = APISettings(trusted_proxies=["10.1.0.0/16"])
    href = run_async(landing_links(trusting, "10.1.2.3", FORWARDED))
    assert href.startswith("https://map.example.gov.cn/ogc")
    href = run_async(landing_links(trusting, "192.168.1.1", FORWARDED))
    assert "map.example.gov.cn" not in href
    href = run_async(landing_links(APISettings(), "10.1.2.3", FORWARDED))
    assert "map.example.gov.cn" not in href


def test_bad_public_base_url_is_refused():
    with pytest.raises(ValueError):
        create_app(settings=APISettings(public_base_url="https://x.example/sub/path"))


def test_cached_negotiated_answers_vary_on_accept(client):
    """A response cached by a shared cache that depends on Accept must say so."""
    for path in get_paths(client.app):
        as_json = client.get(path, headers={"Accept": "application/json"})
        as_html = client.get(path, headers={"Accept": "text/html"})
        cacheable = "public" in as_json.headers.get("cache-control", "")
        if cacheable and as_json.headers.get("content-type") != as_html.headers.get("content-type"):
            vary = {v.strip().lower() for v in as_json.headers.get("vary", "").split(",")}
            assert "accept" in vary, path
        if cacheable and len(as_json.content) >= 1024:
            compressed = client.get(path, headers={"Accept-Encoding": "gzip"})
            assert "accept-encoding" in compressed.headers.get("vary", "").lower(), path
