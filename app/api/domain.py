"""The domain API under /api: the plan's map as JSON/GeoJSON for the front end and scripts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from app.api.deps import get_db
from app.domain import queries, service
from app.errors import NotFound

router = APIRouter(prefix="/api", tags=["industry map"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]
GEOJSON = "application/geo+json"
JSON = "application/json"
GEOJSON_RESPONSE = {200: {"content": {GEOJSON: {}}}}
JSON_RESPONSE = {200: {"content": {JSON: {}}}}


def _json(text: str | None, what: str, media_type: str = JSON) -> Response:
    if text is None:
        raise NotFound(f"{what} not found")
    return Response(text, media_type=media_type)


@router.get("/plan", summary="The plan document", response_class=Response, responses=JSON_RESPONSE)
async def plan(db: Db) -> Response:
    return _json(await service.json_text(db, queries.PLAN_DOCUMENT), "plan")


@router.get(
    "/districts",
    summary="The eight 渝西 districts with their plan profile, as GeoJSON",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
)
async def districts(db: Db) -> Response:
    return _json(await service.json_text(db, queries.DISTRICTS_GEOJSON), "districts", GEOJSON)


@router.get(
    "/districts/{adcode}",
    summary="One district's profile: targets, industries, focus segments, parks",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def district(
    db: Db, adcode: Annotated[str, Path(pattern=r"^[0-9]{6}$", examples=["500116"])]
) -> Response:
    text = await service.json_text(db, queries.DISTRICT_PROFILE, adcode)
    return _json(text, f"district {adcode}")


@router.get(
    "/context-areas",
    summary="Surrounding districts (中心城区 marked) and 成都市, as GeoJSON",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
)
async def context_areas(db: Db) -> Response:
    text = await service.json_text(db, queries.CONTEXT_AREAS_GEOJSON)
    return _json(text, "context areas", GEOJSON)


@router.get(
    "/parks",
    summary="Industrial parks, as GeoJSON (indicative locations flagged)",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
)
async def parks(db: Db) -> Response:
    return _json(await service.json_text(db, queries.PARKS_GEOJSON), "parks", GEOJSON)


@router.get(
    "/parks/{park_id}",
    summary="One park's profile: level, industries, area, location precision and sources",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def park(
    db: Db, park_id: Annotated[str, Path(pattern=r"^[a-z0-9-]+$", max_length=100)]
) -> Response:
    return _json(await service.json_text(db, queries.PARK_PROFILE, park_id), f"park {park_id}")


@router.get(
    "/clusters",
    summary="The nine clusters with 2027 targets, key products, industries and districts",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def clusters(db: Db) -> Response:
    return _json(await service.json_text(db, queries.CLUSTERS), "clusters")


@router.get(
    "/industries",
    summary="Industries of section 四 and where the plan places them",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def industries(db: Db) -> Response:
    return _json(await service.json_text(db, queries.INDUSTRIES), "industries")


@router.get(
    "/segments",
    summary="Focus segments (e.g. 动力电池) and the districts that name them",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def segments(db: Db) -> Response:
    return _json(await service.json_text(db, queries.SEGMENTS), "segments")


@router.get(
    "/indicators",
    summary="All quantified targets: region, cluster, district, task and measure level",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def indicators(db: Db) -> Response:
    return _json(await service.json_text(db, queries.INDICATORS), "indicators")


@router.get("/placements", summary="Where the plan places an industry, cluster or segment")
async def placements(
    db: Db,
    term: Annotated[
        str,
        Query(min_length=1, max_length=100, description="e.g. 动力电池, 预制菜, 智能座舱"),
    ],
) -> dict:
    return asdict(await service.placements(db, term))


@router.get("/search", summary="Search districts, parks, industries, clusters and segments")
async def search(
    db: Db,
    q: Annotated[str, Query(min_length=1, max_length=100, description="中文, English or pinyin")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict:
    return {"q": q, "results": await service.search_entries(db, q, limit)}
