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


# What a write may answer besides PROBLEMS: the guard's refusals, and the write's own.
GUARD_PROBLEMS = {
    "401": "Not signed in: send a bearer token from /api/auth/token",
    "403": "Signed in, but without the role this needs",
}
WRITE_PROBLEMS = {
    "409": "Conflicts with the current data (e.g. the id exists already)",
    "413": "The body or file is too large",
    "415": "The body's media type is not one this operation takes",
}
FEATURE_WRITE_PROBLEMS = {
    "405": "The collection is read-only (see its Allow header)",
    "412": "If-Match no longer matches: the feature was changed since it was read",
}
WRITE_METHODS = ("post", "put", "patch", "delete")


def _required_roles(dependant) -> set[str]:
    found = set()
    for sub in dependant.dependencies:
        if role := getattr(sub.call, "required_role", None):
            found.add(role)
        found |= _required_roles(sub)
    return found


def guarded_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, method) of every operation that needs a role (app.auth.require_role)."""
    from fastapi.routing import APIRoute, iter_route_contexts

    guarded = set()
    for context in iter_route_contexts(app.router.routes):
        route = context.route
        if isinstance(route, APIRoute) and _required_roles(route.dependant):
            guarded |= {(context.path, m.lower()) for m in context.methods}
    return guarded


def describe_guards(document: dict[str, Any], guarded: set[tuple[str, str]]) -> dict[str, Any]:
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, path_item in document.get("paths", {}).items():
        for method, operation in path_item.items():
            if (path, method) not in guarded:
                continue
            extra = dict(GUARD_PROBLEMS)
            if method in WRITE_METHODS and not path.startswith("/api/auth/"):
                extra |= WRITE_PROBLEMS
                if path.startswith("/ogc/collections/{collectionId}/items"):
                    extra |= FEATURE_WRITE_PROBLEMS
            responses = operation.setdefault("responses", {})
            for status, description in extra.items():
                responses.setdefault(
                    status,
                    {"description": description, "content": {PROBLEM_JSON: {"schema": reference}}},
                )
    return document


def use_openapi_3_0(app: FastAPI) -> None:
    app.openapi_version = "3.0.3"
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if not getattr(app.state, "openapi_3_0", None):
            document = describe_guards(describe_problems(generate()), guarded_operations(app))
            app.state.openapi_3_0 = to_3_0(document)
            app.openapi_schema = app.state.openapi_3_0
        return app.state.openapi_3_0

    app.openapi = openapi
