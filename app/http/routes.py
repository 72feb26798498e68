"""The app's routes, flattened (FastAPI nests included routers): for the Allow header of a 405,
and for tests that must cover every route, including routes added later."""

from __future__ import annotations

from functools import lru_cache

from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path


def routes(app) -> list[tuple[str, frozenset[str]]]:
    """(path template, methods) of every route with methods (not mounts)."""
    found = []
    for context in iter_route_contexts(app.router.routes):
        if context.path and context.methods:
            found.append((context.path, frozenset(context.methods)))
    return found


@lru_cache(maxsize=1024)
def _regex(template: str):
    return compile_path(template)[0]


def allowed_methods(app, path: str) -> list[str]:
    """Every method some route answers on `path`; HEAD wherever GET is."""
    methods: set[str] = set()
    for template, route_methods in routes(app):
        if _regex(template).match(path):
            methods |= route_methods
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)
