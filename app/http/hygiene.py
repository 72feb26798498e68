"""Bytes no parameter may carry, refused before routing: a NUL (PostgreSQL text cannot hold
one) and invalid UTF-8 (which the framework would silently turn into U+FFFD), in the path or
in any query parameter's name or value; and query strings longer than any real request needs.
Each is a 400 (414 for the length) problem naming the parameter."""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import problem

MAX_QUERY_BYTES = 64 * 1024


def _bad(raw: bytes) -> str | None:
    try:
        text = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return "is not valid UTF-8"
    return "contains a NUL byte" if "\x00" in text else None


def check(scope: Scope) -> tuple[int, str, str] | None:
    """(status, parameter, detail) of the first bad input, or None."""
    path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if (why := _bad(path)) or "\x00" in scope["path"]:
        return 400, "path", f"The path {why or 'contains a NUL byte'}."
    query = scope.get("query_string", b"")
    if len(query) > MAX_QUERY_BYTES:
        return 414, "query", f"The query string is longer than {MAX_QUERY_BYTES} bytes."
    for part in query.split(b"&"):
        name, _, value = part.replace(b"+", b" ").partition(b"=")
        label = unquote_to_bytes(name).decode("utf-8", "replace").replace("\x00", "") or "query"
        if why := _bad(name):
            return 400, label[:100], f"A query parameter name {why}."
        if why := _bad(value):
            return 400, label[:100], f"The value of {label[:100]} {why}."
    return None


class InputHygiene:
    def __init__(self, app: ASGIApp):
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine: the inner app is awaited in the caller's frame (app.http.head).
        if scope["type"] == "http" and (bad := check(scope)):
            status, parameter, detail = bad
            title = "URI too long" if status == 414 else "Invalid parameter"
            return problem(status, title, detail, parameter)(scope, receive, send)
        return self.app(scope, receive, send)
