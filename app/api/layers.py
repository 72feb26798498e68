"""GET /api/layers: the layer catalog as the map needs it (titles, properties, styles)."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(prefix="/api", tags=["layers"])


@router.get("/layers", summary="Published layers with their map styles (from layers/*.yaml)")
async def layers(request: Request) -> list[dict]:
    return [
        layer.model_dump(mode="json", exclude={"source"})
        | {
            "geometry_type": layer.geometry.type if layer.geometry else None,
            "items": f"/ogc/collections/{layer.id}/items",
        }
        for layer in request.app.state.catalog.ordered()
    ]
