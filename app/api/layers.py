"""GET /api/layers: the layer catalog as the map needs it (titles, properties, styles, and for
spatial layers their vector tiles and about how many features they hold, so that the map can
choose between GeoJSON and tiles)."""

from __future__ import annotations

import asyncpg
from fastapi import APIRouter, Request

from app.ogc import sql

router = APIRouter(prefix="/api", tags=["layers"])


async def _estimated_features(pool: asyncpg.Pool, layers: list) -> dict[str, int | None]:
    """The statistics' row count of each table layer (None for views and SQL layers)."""
    tables = [layer for layer in layers if layer.geometry and layer.source.table]
    if not tables:
        return {}
    try:
        async with pool.acquire() as conn:
            return {layer.id: await conn.fetchval(sql.table_rows(layer).text) for layer in tables}
    except (OSError, asyncpg.PostgresError):
        return {}


@router.get("/layers", summary="Published layers with their map styles (from layers/*.yaml)")
async def layers(request: Request) -> list[dict]:
    ordered = request.app.state.catalog.ordered()
    estimated = await _estimated_features(request.app.state.pool, ordered)
    return [
        layer.model_dump(mode="json", exclude={"source"})
        | {
            "geometry_type": layer.geometry.type if layer.geometry else None,
            "items": f"/ogc/collections/{layer.id}/items",
            "tilejson": (
                f"/ogc/collections/{layer.id}/tiles/WebMercatorQuad/tilejson.json"
                if layer.geometry
                else None
            ),
            "estimated_features": estimated.get(layer.id),
        }
        for layer in ordered
    ]
