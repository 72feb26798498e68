"""The app's routes, flattened (FastAPI nests included routers): for the Allow header of a 405,
and for tests that must cover every route, including routes added later; and the dispatch
that tries only the routes a path can match (RouteFilter)."""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import NamedTuple

from fastapi.routing import _IncludedRouter, iter_route_contexts
from starlette._utils import get_route_path
from starlette.routing import Mount, Route, compile_path


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


_GROUP = re.compile(r"\(\?P<\w+>")
_MEMO = "app.http.routes.match"


def _first_segment(template: str | None) -> str | None:
    """The literal first path segment every path of `template` has, or None (any)."""
    if not template or not template.startswith("/"):
        return None
    segment = template[1:].split("/", 1)[0]
    return None if "{" in segment else segment


def _paths(route) -> list[tuple[str | None, re.Pattern | None]] | None:
    """(path template, its regex) of what a top-level route matches, None if unknown."""
    if isinstance(route, _IncludedRouter):
        found = [
            (getattr(c, "path", None), getattr(c, "path_regex", None))
            for c in route.effective_route_contexts()
        ]
        return None if any(regex is None for _, regex in found) else found
    if isinstance(route, Route | Mount):  # APIRoute is a Route; a Mount matches its prefix
        return [(route.path, route.path_regex)]
    return None  # a Host, a WebSocket route, anything else: tried for every path


def _one_regex(paths: list[tuple[str | None, re.Pattern | None]]) -> re.Pattern:
    """Whether any of the regexes matches, in one (the groups unnamed: they repeat)."""
    return re.compile("|".join(f"(?:{_GROUP.sub('(?:', rx.pattern)})" for _, rx in paths))


class _Candidate(NamedTuple):
    index: int
    route: object
    segments: frozenset[str] | None  # the first segments it can match, None: any
    regex: re.Pattern | None  # what paths it can match, None: any


class RouteFilter:
    """The app's router, trying for a path only the routes that can match it.

    FastAPI tries every route of every included router in turn, and then those of the one
    that matched again: an /ogc request walked the ~80 routes of the routers included before
    it, at several µs each. A route none of whose paths matches the request's path (nor the
    path with its trailing slash toggled, for FastAPI's redirect) cannot match, so leaving
    it out changes nothing; the rest are tried in their order, by FastAPI's own code, over a
    copy of the router that holds only them, so 404s, 405s, redirects and url_for are its
    own. An included router's second walk over its routes, for the same request, reuses
    the first's answer. The index is rebuilt whenever the app's routes change; with routes
    FastAPI tries after all others (low-priority ones) the whole router is used.
    """

    def __init__(self, router):
        self.router = router
        self.whole = router.middleware_stack
        self.key: object = None
        self.by_segment: dict[str, tuple[_Candidate, ...]] = {}
        self.anywhere: tuple[_Candidate, ...] = ()
        self.shadows: dict[tuple[int, ...], object] = {}
        self.usable = False

    def _key(self) -> object:
        # The app's own routes (FastAPI's recursive version costs as much as matching); a
        # route added to an included router later is found only where its paths were.
        return self.router._routes_version, len(self.router.routes)

    def _index(self) -> None:
        routes = list(self.router.routes)
        self.key, self.shadows, self.by_segment, self.anywhere = self._key(), {}, {}, ()
        low_priority = self.router._low_priority_routes or any(
            isinstance(r, _IncludedRouter) and r.effective_low_priority_routes() for r in routes
        )
        self.usable = not low_priority and self.whole == self.router.app
        if not self.usable:
            return  # FastAPI's order across all routes matters: no shortcut
        candidates = []
        for index, route in enumerate(routes):
            paths = _paths(route)
            if paths is None:
                candidates.append(_Candidate(index, route, None, None))
                continue
            segments = {_first_segment(template) for template, _ in paths}
            candidates.append(
                _Candidate(
                    index,
                    route,
                    None if None in segments else frozenset(segments),
                    _one_regex(paths),
                )
            )
            if isinstance(route, _IncludedRouter):
                _remember_match(route)
        known = {s for c in candidates if c.segments for s in c.segments}
        self.by_segment = {
            segment: tuple(c for c in candidates if c.segments is None or segment in c.segments)
            for segment in known
        }
        self.anywhere = tuple(c for c in candidates if c.segments is None)

    def _shadow(self, chosen: tuple[_Candidate, ...]):
        key = tuple(c.index for c in chosen)
        shadow = self.shadows.get(key)
        if shadow is None:
            shadow = copy.copy(self.router)
            shadow.routes = [c.route for c in chosen]
            if len(self.shadows) < 1024:
                self.shadows[key] = shadow
        return shadow

    def candidates(self, path: str) -> tuple[_Candidate, ...] | None:
        """The routes, in order, that `path` is tried against; None: all of them."""
        if self.key != self._key():
            self._index()
        if not self.usable or not path.startswith("/") or not path.strip("/"):
            return None
        segment = path[1:].split("/", 1)[0]
        toggled = path[:-1] if path.endswith("/") else path + "/"
        redirects = self.router.redirect_slashes
        return tuple(
            c
            for c in self.by_segment.get(segment, self.anywhere)
            if c.regex is None or c.regex.match(path) or (redirects and c.regex.match(toggled))
        )

    async def __call__(self, scope, receive, send) -> None:
        chosen = self.candidates(get_route_path(scope)) if scope["type"] == "http" else None
        if chosen is None:
            await self.whole(scope, receive, send)
            return
        scope.setdefault("router", self.router)  # url_for and the like see every route
        await type(self.router).app(self._shadow(chosen), scope, receive, send)


def _remember_match(included: _IncludedRouter) -> None:
    """An included router matched for a request is asked again, by FastAPI, to match the
    same scope when it handles it: the second time gets the first answer."""
    if "_match" in vars(included):
        return
    walk = included._match

    def _match(scope):
        memo = scope.pop(_MEMO, None)
        if memo is not None and memo[0] is included and memo[1] == scope["path"]:
            return memo[2]
        result = walk(scope)
        scope[_MEMO] = (included, scope["path"], result)
        return result

    included._match = _match


def filter_routes(app) -> None:
    """Install RouteFilter in front of the app's router."""
    if all(hasattr(app.router, name) for name in ("_routes_version", "_low_priority_routes")):
        app.router.middleware_stack = RouteFilter(app.router)
