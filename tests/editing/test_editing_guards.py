"""Every route that writes is guarded (issue 12): enumerated from the app itself, so that a new
unprotected route fails this suite."""

from __future__ import annotations

import re

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Writing routes that must stay public, each with why. Nothing else.
PUBLIC_WRITES = {("POST", "/api/auth/token")}  # signing in is how one gets a role


def _required_roles(dependant: Dependant) -> set[str]:
    roles = set()
    for sub in dependant.dependencies:
        if role := getattr(sub.call, "required_role", None):
            roles.add(role)
        roles |= _required_roles(sub)
    return roles


def _api_routes(routes) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI ≥ 0.16x keeps them nested; the
    routers here are included without an extra prefix, so a route's path is its full path)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif (router := getattr(route, "original_router", None)) is not None:
            found += _api_routes(router.routes)
    return found


def write_routes(app) -> list[tuple[str, str, set[str]]]:
    routes = []
    for route in _api_routes(app.routes):
        for method in sorted(route.methods & WRITE_METHODS):
            if (method, route.path) not in PUBLIC_WRITES:
                routes.append((method, route.path, _required_roles(route.dependant)))
    return routes


def writable_collections(app) -> list[str]:
    return [layer.id for layer in app.state.catalog.ordered() if layer.writable]


def _concrete(path: str, collection: str) -> str:
    values = {"collectionId": collection, "featureId": "x", "change_id": "1"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)


def test_there_are_write_routes_to_check(editing_app):
    paths = {(m, p) for m, p, _ in write_routes(editing_app)}
    assert ("POST", "/ogc/collections/{collectionId}/items") in paths
    assert ("POST", "/api/history/{change_id}/restore") in paths


def test_every_write_route_requires_a_role(editing_app):
    unguarded = [(m, p) for m, p, roles in write_routes(editing_app) if not roles]
    assert unguarded == []


def test_every_writable_collection_is_checked(editing_app):
    assert {"parks", "enterprises"} <= set(writable_collections(editing_app))


def test_every_write_route_refuses_anonymous_and_wrong_role_requests(
    editing_app, editing_client, editor_headers
):
    for method, path, roles in write_routes(editing_app):
        collections = writable_collections(editing_app) if "{collectionId}" in path else ["-"]
        for collection in collections:
            _refused(editing_client, editor_headers, method, _concrete(path, collection), roles)


def _refused(client, editor_headers, method: str, url: str, roles: set[str]) -> None:
    anonymous = client.request(method, url, json={})
    assert anonymous.status_code == 401, (method, url, anonymous.text)
    bogus = client.request(method, url, json={}, headers={"Authorization": "Bearer forged"})
    assert bogus.status_code == 401, (method, url)
    if "admin" in roles:
        wrong_role = client.request(method, url, json={}, headers=editor_headers)
        assert wrong_role.status_code == 403, (method, url, wrong_role.text)
