"""The route filter (app.http.routes.RouteFilter) tries only the routes a path can match, and
answers every request exactly as FastAPI's own router does over all routes: the same route,
status, Allow, redirect and body, for every route of the app (enumerated, so a new route is
covered), with wrong methods, toggled trailing slashes and paths no route has."""

from __future__ import annotations

import re

import pytest
from fastapi import Request
from fastapi.routing import iter_route_contexts

from app.http.routes import RouteFilter, routes
from tests.test_http_headers import SAMPLES

UNKNOWN = [
    "/nope",
    "/api/nope",
    "/ogc/nope",
    "/ogc/collections/parks/nope",
    "/ogc/collections/parks/tiles/WebMercatorQuad/1/2",
    "/assets/nope.js",
    "/",
    "//",
    "/ogc/",
    "/ogc",
    "/ogc/collections/",
    "/api/plan/",
    "/healthz/",
]
HEX = re.compile(rb"[0-9a-f]{32}")  # request ids differ between any two answers
# Answers whose length is not the route's to fix: /healthz tells the pools' state of the moment.
MEASURED = ("/healthz",)


def concrete_paths(app) -> list[tuple[str, frozenset[str]]]:
    fill = lambda m: SAMPLES.get(m[1], "x")  # noqa: E731
    return sorted(
        {(re.sub(r"{([^}:]+)(:[^}]*)?}", fill, path), methods) for path, methods in routes(app)}
    )


def answer(client, method: str, path: str) -> tuple:
    response = client.request(method, path, follow_redirects=False)
    headers = response.headers
    return (
        response.status_code,
        headers.get("allow"),
        headers.get("location"),
        headers.get("content-type"),
        # Errors whole; a page by its length; exports (xlsx: the time they were made) not.
        HEX.sub(b"", response.content)
        if response.status_code != 200
        else len(response.content)
        if re.search("json|html|csv", headers.get("content-type", "")) and path not in MEASURED
        else None,
    )


@pytest.fixture(scope="module")
def app_client(make_client):
    return make_client()


def test_the_filter_is_installed_and_narrows(app_client):
    dispatch = app_client.app.router.middleware_stack
    assert isinstance(dispatch, RouteFilter)
    items = dispatch.candidates("/ogc/collections/parks/items")
    tile = dispatch.candidates("/ogc/collections/parks/tiles/WebMercatorQuad/1/0/1")
    plan = dispatch.candidates("/api/plan")
    assert len(items) == 1 and len(tile) == 1 and items[0].route is not tile[0].route
    everything = len(app_client.app.router.routes)
    assert 0 < len(plan) < everything / 2
    assert dispatch.candidates("/nope") == ()
    assert dispatch.candidates("/") is None  # the whole router


def test_every_route_answers_as_fastapi_alone_does(app_client, make_client):
    plain = make_client()
    # Taken out before its first request: FastAPI's router over every route, unaided.
    plain.app.router.middleware_stack = plain.app.router.middleware_stack.whole
    requests = []
    for path, methods in concrete_paths(app_client.app):
        requests.append(("GET" if "GET" in methods else sorted(methods)[0], path))
        requests.append(("DELETE" if "DELETE" not in methods else "PUT", path))
        requests.append(("GET", path[:-1] if path.endswith("/") else path + "/"))
    requests += [(method, path) for path in UNKNOWN for method in ("GET", "POST")]
    filtered = {request: answer(app_client, *request) for request in requests}
    unfiltered = {request: answer(plain, *request) for request in requests}
    assert not any(
        "_match" in vars(route) for route in plain.app.router.routes
    )  # nothing of the filter's in the plain app
    statuses = {a[0] for a in filtered.values()}
    assert {200, 404, 405} <= statuses and len(requests) > 200
    for request in requests:
        assert filtered[request] == unfiltered[request], request


def test_a_route_added_later_is_found_and_links_to_every_route(make_client):
    client = make_client()
    assert client.get("/api/plan").status_code == 200  # the index is built
    plan = next(
        c.name for c in iter_route_contexts(client.app.router.routes) if c.path == "/api/plan"
    )

    @client.app.get("/_test/added", include_in_schema=False)
    async def added(request: Request):
        # Built while only this route's router is tried: url_for still sees every route.
        return {"plan": str(request.url_for(plan))}

    assert client.get("/_test/added").json() == {"plan": "http://testserver/api/plan"}
    assert client.get("/api/plan").status_code == 200
