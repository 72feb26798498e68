"""The API definition as OpenAPI 3.0. FastAPI writes 3.1 (JSON Schema 2020-12); OGC API –
Features' OpenAPI 3.0 conformance class, and clients such as GDAL, want 3.0. The differences
in what our routes produce are few and mechanical, so they are rewritten once, here."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

NULL = {"type": "null"}


def to_3_0(node: Any) -> Any:
    """Rewrite 3.1-only schema forms into their 3.0 equivalents, recursively."""
    if isinstance(node, list):
        return [to_3_0(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: to_3_0(value) for key, value in node.items()}
    for key in ("anyOf", "oneOf"):
        if isinstance(node.get(key), list) and NULL in node[key]:
            others = [s for s in node.pop(key) if s != NULL]
            if len(others) == 1:
                node = others[0] | {k: v for k, v in node.items()}
            else:
                node[key] = others
            node["nullable"] = True
    if "const" in node:
        node["enum"] = [node.pop("const")]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), int | float) and not isinstance(node[bound], bool):
            node[limit] = node[bound]
            node[bound] = True
    if isinstance(node.get("examples"), list) and "type" in node:
        examples = node.pop("examples")
        if examples:
            node["example"] = examples[0]
    return node


def use_openapi_3_0(app: FastAPI) -> None:
    app.openapi_version = "3.0.3"
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if not getattr(app.state, "openapi_3_0", None):
            app.state.openapi_3_0 = to_3_0(generate())
            app.openapi_schema = app.state.openapi_3_0
        return app.state.openapi_3_0

    app.openapi = openapi
