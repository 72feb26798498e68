"""OGC API – Features Part 4 (Create, Replace, Update and Delete) on the layers declared
`writable` in layers/: POST …/items, PUT/PATCH/DELETE …/items/{featureId}.

Every write needs a signed-in editor (Bearer token), runs on the write pool in one transaction,
and is recorded in the history. Optimistic locking: a feature's ETag carries its version; a
write with an If-Match that no longer matches is refused (412). The reason and source that
history records come from the `reason` and `source` query parameters (a GIS client that cannot
send them is recorded as such).

No `from __future__ import annotations`: FastAPI must see the annotations.
"""

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.datastructures import QueryParams
from starlette.responses import Response

from app.auth import Principal, require_role
from app.db.routing import pool_for
from app.domain.editing import records
from app.domain.editing.parse import InvalidFeature, parse_feature
from app.errors import MethodNotAllowed, PayloadTooLarge, UnsupportedMediaType
from app.layers.catalog import Layer
from app.messages import msg
from app.ogc import crs, sql
from app.ogc.formats import GEOJSON
from app.ogc.links import Links
from app.ogc.params import collection
from app.ogc.query import parse_item

Editor = Annotated[Principal, Depends(require_role("editor"))]
Collection = Annotated[Layer, Depends(collection)]


def _writable_collection(layer: Collection, request: Request) -> Layer:
    """A write to a read-only collection is a 405 with its real Allow list, checked before the
    sign-in so that an anonymous client learns the method, not that it should log in."""
    if layer.writable is None:
        on_item = "featureId" in request.path_params
        raise MethodNotAllowed(
            msg("write.read_only", layer=layer.id).render(), _methods(layer, on_item=on_item)
        )
    return layer


WritableCollection = Annotated[Layer, Depends(_writable_collection)]


def _methods(layer: Layer, *, on_item: bool) -> list[str]:
    writes = (["PUT", "PATCH", "DELETE"] if on_item else ["POST"]) if layer.writable else []
    return ["GET", "HEAD", "OPTIONS", *writes]


FeatureId = Annotated[str, Path(alias="featureId", description="Feature id")]
Reason = Annotated[
    str | None, Query(description="Why: recorded in the history with the change.", max_length=500)
]
Source = Annotated[
    str | None,
    Query(
        description="Where the new data come from (a document, survey, register).", max_length=500
    ),
]

MAX_BODY_BYTES = 2 * 1024 * 1024
FEATURE_TYPES = ("application/geo+json", "application/json")
PATCH_TYPES = (*FEATURE_TYPES, "application/merge-patch+json")
NOT_STATED = "未说明 / not stated"

_body_schema = {
    "requestBody": {
        "required": True,
        "content": {"application/geo+json": {"schema": {"type": "object"}}},
    }
}


async def _json_body(request: Request, allowed: tuple[str, ...]) -> object:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in allowed:
        raise UnsupportedMediaType(
            msg("write.media_type", allowed=" or ".join(allowed), given=media_type or "nothing"),
            "Content-Type",
        )
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(msg("write.too_large", max=MAX_BODY_BYTES), "body")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidFeature(msg("write.bad_json", error=str(exc)), "body") from None


def _content_crs(request: Request) -> crs.CRS:
    value = request.headers.get("content-crs")
    if not value:
        return crs.CRS84
    return crs.lookup(value.strip().strip("<>"), "Content-Crs")


def _actor(request: Request, principal: Principal, reason: str | None, source: str | None):
    agent = request.headers.get("user-agent", "unknown client")[:120]
    return records.Actor(
        principal.username,
        (reason or "").strip() or NOT_STATED,
        (source or "").strip() or f"OGC API – Features ({agent})",
    )


def register(router: APIRouter, links_of) -> None:
    """Add the write routes to the OGC router; `links_of(request)` gives its Links."""

    async def respond(request: Request, layer: Layer, written, status: int) -> Response:
        query = parse_item(layer, QueryParams(), None)
        db = pool_for(request, write=True)
        body = await db.fetchval(*_statement(query, written.feature_id))
        links: Links = links_of(request)
        path = f"/collections/{layer.id}/items/{written.feature_id}"
        headers = {"ETag": f'"{written.version}"', "Content-Crs": crs.CRS84.header}
        if status == 201:
            headers["Location"] = links.url(path)
        document = orjson.loads(body)
        document["links"] = [links.up(layer.id)]
        return Response(
            orjson.dumps(document), status_code=status, media_type=GEOJSON.content_type,
            headers=headers,
        )  # fmt: skip

    async def run(request: Request, action):
        async with pool_for(request, write=True).acquire() as conn:
            async with conn.transaction():
                return await action(conn)

    @router.post(
        "/collections/{collectionId}/items",
        summary="Add a feature (Part 4); needs the editor role",
        status_code=201,
        openapi_extra=_body_schema,
    )
    async def create_item(
        request: Request, layer: WritableCollection, principal: Editor, reason: Reason = None,
        source: Source = None,
    ) -> Response:  # fmt: skip
        w = records.writable(layer)
        change = parse_feature(w, await _json_body(request, FEATURE_TYPES), partial=False)
        actor = _actor(request, principal, reason, source)
        written = await run(request, lambda conn: records.write(
            conn, layer, change, actor, mode="create", crs=_content_crs(request),
            tolerance_m=request.app.state.write_settings.boundary_tolerance_m,
        ))  # fmt: skip
        return await respond(request, layer, written, 201)

    @router.put(
        "/collections/{collectionId}/items/{featureId}",
        summary="Replace a feature (Part 4); needs the editor role",
        openapi_extra=_body_schema,
    )
    async def replace_item(
        request: Request, layer: WritableCollection, principal: Editor, feature_id: FeatureId,
        reason: Reason = None, source: Source = None,
    ) -> Response:  # fmt: skip
        return await _change(request, layer, principal, feature_id, reason, source, "replace")

    @router.patch(
        "/collections/{collectionId}/items/{featureId}",
        summary="Update some properties or the geometry of a feature (Part 4); needs editor",
        openapi_extra=_body_schema,
    )
    async def update_item(
        request: Request, layer: WritableCollection, principal: Editor, feature_id: FeatureId,
        reason: Reason = None, source: Source = None,
    ) -> Response:  # fmt: skip
        return await _change(request, layer, principal, feature_id, reason, source, "update")

    async def _change(request, layer, principal, feature_id, reason, source, mode):
        w = records.writable(layer)
        allowed = PATCH_TYPES if mode == "update" else FEATURE_TYPES
        body = await _json_body(request, allowed)
        change = parse_feature(w, body, partial=mode == "update")
        actor = _actor(request, principal, reason, source)
        written = await run(request, lambda conn: records.write(
            conn, layer, change, actor, mode=mode, feature_id=feature_id,
            if_match=request.headers.get("if-match"), crs=_content_crs(request),
            tolerance_m=request.app.state.write_settings.boundary_tolerance_m,
        ))  # fmt: skip
        return await respond(request, layer, written, 200)

    @router.delete(
        "/collections/{collectionId}/items/{featureId}",
        summary="Delete a feature (Part 4); needs the editor role",
        status_code=204,
    )
    async def delete_item(
        request: Request, layer: WritableCollection, principal: Editor, feature_id: FeatureId,
        reason: Reason = None, source: Source = None,
    ) -> Response:  # fmt: skip
        records.writable(layer)
        actor = _actor(request, principal, reason, source)
        await run(request, lambda conn: records.delete(
            conn, layer, feature_id, actor, if_match=request.headers.get("if-match"),
        ))  # fmt: skip
        return Response(status_code=204)

    @router.options("/collections/{collectionId}/items", include_in_schema=False)
    async def items_options(layer: Collection) -> Response:
        allow = ", ".join(_methods(layer, on_item=False))
        return Response(status_code=204, headers={"Allow": allow})

    @router.options("/collections/{collectionId}/items/{featureId}", include_in_schema=False)
    async def item_options(layer: Collection, feature_id: FeatureId) -> Response:
        allow = ", ".join(_methods(layer, on_item=True))
        return Response(status_code=204, headers={"Allow": allow})


def _statement(query, feature_id: str) -> tuple:
    statement = sql.item(query, feature_id)
    return (statement.text, *statement.args)
