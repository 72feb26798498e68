"""The HTTP layer around the app: pure ASGI middleware, each concern in its own module, wired
in app.main.create_app (outermost first: envelope → origin → hygiene → limits → head → answers),
and the uvicorn server settings (server.py)."""

from __future__ import annotations

from starlette.types import Scope


def scope_header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header (`name` in lower case), as text."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None
