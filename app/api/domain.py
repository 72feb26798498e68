"""The domain API under /api: the plan's map as JSON/GeoJSON for the front end and scripts."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from app.api.deps import get_db
from app.api.plain import plain
from app.domain import queries, service
from app.errors import NotFound

router = APIRouter(prefix="/api", tags=["industry map"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]
GEOJSON = "application/geo+json"
JSON = "application/json"
JSON_RESPONSE = {200: {"content": {JSON: {}}}}


def _json(text: str | None, what: str, media_type: str = JSON) -> Response:
    if text is None:
        raise NotFound(f"{what} not found")
    return Response(text, media_type=media_type)


def _publish(path: str, statement: str, what: str, summary: str, media_type: str = JSON) -> None:
    """A read-only endpoint whose whole answer one fixed SQL statement builds."""

    async def endpoint(db: Db) -> Response:
        return _json(await service.json_text(db, statement), what, media_type)

    router.add_api_route(
        path,
        endpoint,
        methods=["GET"],
        name=what.replace(" ", "_"),
        summary=summary,
        response_class=Response,
        responses={200: {"content": {media_type: {}}}},
    )


# path, statement, what, summary, media type
for _route in (
    ("/plan", queries.PLAN_DOCUMENT, "plan", "The plan document", JSON),
    ("/districts", queries.DISTRICTS_GEOJSON, "districts",
     "The eight 渝西 districts with their plan profile, as GeoJSON", GEOJSON),
    ("/context-areas", queries.CONTEXT_AREAS_GEOJSON, "context areas",
     "Surrounding districts (中心城区 marked) and 成都市, as GeoJSON", GEOJSON),
    ("/parks", queries.PARKS_GEOJSON, "parks",
     "Industrial parks, as GeoJSON (indicative locations flagged)", GEOJSON),
    ("/clusters", queries.CLUSTERS, "clusters",
     "The nine clusters with 2027 targets, key products, industries and districts", JSON),
    ("/industries", queries.INDUSTRIES, "industries",
     "Industries of section 四 and where the plan places them", JSON),
    ("/segments", queries.SEGMENTS, "segments",
     "Focus segments (e.g. 动力电池) and the districts that name them", JSON),
    ("/indicators", queries.INDICATORS, "indicators",
     "All quantified targets: region, cluster, district, task and measure level", JSON),
):  # fmt: skip
    _publish(*_route)


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
    "/parks/{park_id}",
    summary="One park's profile: level, industries, area, location precision and sources",
    response_class=Response,
    responses=JSON_RESPONSE,
)
async def park(
    db: Db, park_id: Annotated[str, Path(pattern=r"^[a-z0-9-]+$", max_length=100)]
) -> Response:
    return _json(await service.json_text(db, queries.PARK_PROFILE, park_id), f"park {park_id}")


@router.get("/placements", summary="Where the plan places an industry, cluster or segment")
async def placements(
    db: Db,
    term: Annotated[
        str,
        Query(min_length=1, max_length=100, description="e.g. 动力电池, 预制菜, 智能座舱"),
    ],
) -> dict:
    return plain(await service.placements(db, term))


@router.get("/search", summary="Search districts, parks, industries, clusters and segments")
async def search(
    db: Db,
    q: Annotated[str, Query(min_length=1, max_length=100, description="中文, English or pinyin")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict:
    return {"q": q, "results": await service.search_entries(db, q, limit)}
