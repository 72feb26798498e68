"""The domain API under /api: the plan's map as JSON for the front end and scripts."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends
from fastapi.responses import Response

from app.api.deps import get_db
from app.domain import service

router = APIRouter(prefix="/api", tags=["industry map"])

GEOJSON = "application/geo+json"


@router.get(
    "/districts",
    summary="The eight 渝西 districts with their plan profile, as GeoJSON",
    response_class=Response,
    responses={200: {"content": {GEOJSON: {}}}},
)
async def districts(db: Annotated[asyncpg.Pool, Depends(get_db)]) -> Response:
    return Response(await service.districts_geojson(db), media_type=GEOJSON)
