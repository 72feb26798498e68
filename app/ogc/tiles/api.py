"""OGC API – Tiles over the layer catalog: tilesets of every spatial layer, tiles as MVT, the
tile matrix sets, and TileJSON. Thin handlers as in app.ogc.factory: coordinates parsed by
matrix, SQL from sql, documents from documents, caching headers from app.ogc.responses.

No `from __future__ import annotations` (FastAPI must see the annotations as objects).
"""

from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from app.config import APISettings
from app.db.routing import pool_for
from app.errors import NotFound
from app.http.answers import note_version
from app.layers.catalog import Layer
from app.ogc import encoders, features, responses
from app.ogc.formats import JSON, Format
from app.ogc.links import Links
from app.ogc.params import collection, database
from app.ogc.tiles import documents, matrix, sql

MVT = Format("mvt", documents.MVT)
Pool = Annotated[asyncpg.Pool, Depends(database)]
TmsId = Annotated[str, Path(alias="tileMatrixSetId", description="Tile matrix set")]


async def spatial_collection(layer: Annotated[Layer, Depends(collection)]) -> Layer:
    if layer.geometry is None:
        raise NotFound(f"{layer.id} has no geometries, so no tiles.", "collectionId")
    return layer


SpatialLayer = Annotated[Layer, Depends(spatial_collection)]


def _path_parameter(name: str, description: str, pattern: str | None = None) -> dict:
    schema = {"type": "string", **({"pattern": pattern} if pattern else {})}
    return {
        "name": name, "in": "path", "required": True, "description": description,
        "schema": schema,
    }  # fmt: skip


# The tile's parameters, documented as FastAPI documents those of the other routes (the tile
# handler reads them itself, see `tile`).
TILE_PARAMETERS = [
    _path_parameter("collectionId", "Collection id"),
    _path_parameter("tileMatrixSetId", "Tile matrix set"),
    _path_parameter("tileMatrix", "Zoom level"),
    _path_parameter("tileRow", "Row (y), from the top"),
    _path_parameter("tileCol", "Column (x), from the left"),
]


class TilesAPI:
    """Its conformance classes are declared with the others in app.ogc.documents.CONFORMANCE."""

    def __init__(self, settings: APISettings, prefix: str = "/ogc"):
        self.settings = settings
        self.prefix = prefix
        # One statement per layer, written once per process (asyncpg prepares it once per
        # connection).
        self._statements: dict[tuple[str, str | None], str] = {}
        self.router = APIRouter(
            prefix=prefix, tags=["OGC API – Tiles"], default_response_class=Response
        )
        self._register()

    def _statement(self, layer: Layer, table: str | None) -> str:
        """One statement per layer (and per overview table of its zoom bands)."""
        key = (layer.id, table)
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = sql.tile(layer, table)
        return statement

    def _links(self, request: Request) -> Links:
        return Links(str(request.base_url).rstrip("/"), self.prefix)

    def _json(self, request: Request, document: dict) -> Response:
        body = encoders.json_body(document)
        return responses.cached(request, body, JSON, self.settings.cache_max_age)

    def _register(self) -> None:
        router, api = self.router, self

        @router.get("/tileMatrixSets", summary="Tile matrix sets")
        async def tile_matrix_sets(request: Request) -> Response:
            return api._json(request, documents.tile_matrix_sets(api._links(request)))

        @router.get("/tileMatrixSets/{tileMatrixSetId}", summary="A tile matrix set")
        async def tile_matrix_set(request: Request, tms_id: TmsId) -> Response:
            return api._json(request, documents.tile_matrix_set_document(tms_id))

        @router.get("/collections/{collectionId}/tiles", summary="Tilesets of a layer")
        async def tilesets(request: Request, layer: SpatialLayer) -> Response:
            return api._json(request, documents.tilesets(api._links(request), layer))

        @router.get("/collections/{collectionId}/tiles/{tileMatrixSetId}", summary="A tileset")
        async def tileset(request: Request, layer: SpatialLayer, tms_id: TmsId, db: Pool):
            matrix.tile_matrix_set(tms_id)
            extent = await features.read_extent(db, layer)
            document = documents.tileset(api._links(request), layer, tms_id, extent)
            return api._json(request, document)

        @router.get(
            "/collections/{collectionId}/tiles/{tileMatrixSetId}/tilejson.json",
            summary="TileJSON 3.0 of a tileset, for map clients",
        )
        async def tilejson(request: Request, layer: SpatialLayer, tms_id: TmsId, db: Pool):
            matrix.tile_matrix_set(tms_id)
            extent = await features.read_extent(db, layer)
            return api._json(
                request, documents.tilejson(api._links(request), layer, tms_id, extent)
            )

        @router.get(
            "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
            summary="A vector tile (MVT)",
            responses={200: {"content": {documents.MVT: {}}}, 204: {"description": "No features"}},
            openapi_extra={"parameters": TILE_PARAMETERS},
        )
        async def tile(request: Request) -> Response:
            # The hot path of a map: no dependencies for FastAPI to solve per request (they
            # cost more than a small tile's SQL); the same checks, called directly.
            params = request.path_params
            layer = await spatial_collection(await collection(request, params["collectionId"]))
            address = matrix.parse_tile(
                layer,
                params["tileMatrixSetId"],
                params["tileMatrix"],
                params["tileRow"],
                params["tileCol"],
            )
            rule = layer.tiles.rule(address.zoom)
            max_age = api.settings.cache_max_age
            async with pool_for(request).acquire() as conn:
                # Kept and sent again while the data stay the same (app/http/answers.py).
                await note_version(request, conn)
                body = await conn.fetchval(
                    api._statement(layer, rule.table),
                    address.zoom,
                    address.col,
                    address.row,
                    float(rule.simplify_pixels),
                    rule.thin_pixels,
                )
            if body:
                answer = responses.answer(bytes(body), MVT, max_age)
            else:
                answer = responses.no_content(max_age)
            return responses.respond(request, answer)
