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


PROBLEM_JSON = "application/problem+json"
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 7807 problem details",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "parameter": {"type": "string", "description": "the offending input"},
        "request_id": {"type": "string", "description": "quote it when reporting a fault"},
        "invalid_params": {"type": "array", "items": {"type": "object"}},
    },
}
RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}},
}
# What any operation may answer besides its own responses (app.errors, app.http).
PROBLEMS = {
    "400": "Invalid parameter (or bad bytes in the request)",
    "404": "Not found",
    "406": "None of the accepted media types is offered",
    "414": "Query string too long",
    "422": "A parameter's value cannot be used",
    "429": "Too many expensive requests from this client at once",
    "503": "Database unavailable, busy, or the query too slow; try again after Retry-After",
}


def describe_problems(document: dict[str, Any]) -> dict[str, Any]:
    """Every operation, whoever added it, documents the problems the server may answer with,
    as problem+json (replacing FastAPI's own 422 schema, which the app never sends)."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    reference = {"$ref": "#/components/schemas/Problem"}
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "put", "post", "delete", "patch", "head", "options"):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in PROBLEMS.items():
                response = {
                    "description": description,
                    "content": {PROBLEM_JSON: {"schema": reference}},
                }
                if status in ("429", "503"):
                    response["headers"] = RETRY_AFTER
                if status == "503" and status in responses:
                    # A route's own 503 (e.g. /healthz) keeps its body, and may be problem+json.
                    responses[status].setdefault("content", {}).setdefault(
                        PROBLEM_JSON, {"schema": reference}
                    )
                    responses[status].setdefault("headers", RETRY_AFTER)
                    continue
                responses[status] = response
    return document


def use_openapi_3_0(app: FastAPI) -> None:
    app.openapi_version = "3.0.3"
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if not getattr(app.state, "openapi_3_0", None):
            app.state.openapi_3_0 = to_3_0(describe_problems(generate()))
            app.openapi_schema = app.state.openapi_3_0
        return app.state.openapi_3_0

    app.openapi = openapi
