"""Query parameters of the OGC API as FastAPI dependencies.

The parameters are described once, in the tables below, which feed the OpenAPI document; the
dependencies hand the raw query string to app.ogc.query, which parses and checks it. They are
not declared one by one as typed FastAPI parameters: FastAPI's per-parameter validation cost
about 0.5 ms a request, a quarter of the time of a 1,000-feature page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

import asyncpg
from fastapi import Depends, Path, Request

from app.config import APISettings
from app.db.routing import pool_for
from app.errors import NotFound
from app.layers.catalog import Layer
from app.ogc import cql2, crs, query
from app.ogc.formats import Format, negotiate

CRS_URIS = [c.uri for c in crs.SUPPORTED]


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict = field(default_factory=lambda: {"type": "string"})
    # Comma-separated lists (bbox, properties, sortby) are one value: form style, not exploded.
    listed: bool = False

    def openapi(self) -> dict:
        document = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }
        if self.listed:
            document.update(style="form", explode=False)
        return document


def _format(*keys: str) -> Parameter:
    return Parameter(
        "f",
        "Output format; without it the Accept header decides.",
        {"type": "string", "enum": list(keys)},
    )


def items_parameters(settings: APISettings) -> tuple[Parameter, ...]:
    crs_schema = {"type": "string", "format": "uri", "enum": CRS_URIS, "default": CRS_URIS[0]}
    return (
        _format("json", "html", "csv"),
        Parameter(
            "limit",
            f"Features per page (a larger value is capped at {settings.max_limit}).",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": settings.max_limit,
                "default": settings.default_limit,
            },
        ),
        Parameter(
            "offset", "Features to skip (paging).", {"type": "integer", "minimum": 0, "default": 0}
        ),
        Parameter(
            "bbox",
            "minx,miny,maxx,maxy in the axis order of bbox-crs (CRS84: lon,lat; EPSG:4326 and "
            "EPSG:4490: lat,lon). Six numbers add a z range, which is ignored.",
            {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 6},
            listed=True,
        ),
        Parameter("bbox-crs", "CRS of bbox.", crs_schema),
        Parameter(
            "datetime",
            "An RFC 3339 date-time, date or interval (a/b, ../b, a/..); layers with time only.",
        ),
        Parameter("crs", "CRS of the output geometries.", crs_schema),
        Parameter(
            "properties",
            "Properties to include (default all; empty for none).",
            {"type": "array", "items": {"type": "string"}},
            listed=True,
        ),
        Parameter(
            "sortby",
            "Queryables to sort by; `-name` sorts descending.",
            {"type": "array", "items": {"type": "string"}},
            listed=True,
        ),
        Parameter("filter", "A CQL2 expression on the queryables (see /queryables)."),
        Parameter(
            "filter-lang",
            "Language of filter.",
            {"type": "string", "enum": list(cql2.LANGUAGES), "default": "cql2-text"},
        ),
        Parameter("filter-crs", "CRS of the geometries in filter.", crs_schema),
    )


ITEM_PARAMETERS = (
    _format("json", "html"),
    Parameter(
        "crs",
        "CRS of the output geometry.",
        {"type": "string", "format": "uri", "enum": CRS_URIS, "default": CRS_URIS[0]},
    ),
    Parameter(
        "properties",
        "Properties to include (default all; empty for none).",
        {"type": "array", "items": {"type": "string"}},
        listed=True,
    ),
)
FORMAT_ONLY = (_format("json", "html"),)


def openapi(parameters: tuple[Parameter, ...]) -> dict:
    """The `openapi_extra` of a route: its query parameters."""
    return {"parameters": [p.openapi() for p in parameters]}


# Dependencies are coroutines: FastAPI runs plain functions in a worker thread, which would
# cost more than they do.


async def collection(
    request: Request,
    collection_id: Annotated[str, Path(alias="collectionId", description="Collection id")],
) -> Layer:
    layer = request.app.state.catalog.get(collection_id)
    if layer is None:
        raise NotFound(f"There is no collection {collection_id!r}.", "collectionId")
    return layer


async def database(request: Request) -> asyncpg.Pool:
    """Reads of the OGC API go to a replica when there is one (app.db.routing)."""
    return pool_for(request)


def resource_format(offered: tuple[Format, ...]) -> Callable:
    """The negotiated format of a resource whose only parameter is f."""

    async def dependency(request: Request) -> Format:
        query.refuse_unknown(request.query_params, ("f",))
        return negotiate(request.query_params.get("f"), request.headers.get("accept"), offered)

    return dependency


async def item_query(
    request: Request, layer: Annotated[Layer, Depends(collection)]
) -> query.ItemsQuery:
    return query.parse_item(layer, request.query_params, request.headers.get("accept"))
