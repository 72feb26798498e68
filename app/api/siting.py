"""Site selection under /api: which 渝西 districts and parks the plan steers an industry to,
ranked and explained, as JSON for the 选址 panel and as files for the meeting."""

from __future__ import annotations

import json
from typing import Annotated, Literal
from urllib.parse import quote

import asyncpg
from fastapi import APIRouter, Depends, Query
from fastapi import Request as HTTPRequest
from fastapi.responses import HTMLResponse, Response

from app.api.cancel import until_disconnected
from app.api.deps import get_db
from app.api.plain import plain
from app.api.siting_schema import SiteSelectionAnswer
from app.domain.siting import RequirementError, SiteRequest
from app.domain.siting import service as siting_service
from app.errors import UnprocessableParameter
from app.exports import siting as exports

router = APIRouter(prefix="/api", tags=["site selection"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]

DESCRIPTION = """
Ranked candidate parks and districts for an incoming company, each with its reasons in plain
words (`zh` and `en`) and the points each reason adds.

**industry** is matched against the plan's vocabulary (industries, clusters, focus segments and
the clusters' key products, Chinese or English) as in `/api/placements`. Nothing matched: 200
with empty `parks`/`districts`, `suggestions` and a `no_match` notice.

**Scoring** (weights returned in `weights`, documented in `weights.doc`): a park's score is its
district's plan points (segment > leading > specialty > cluster link > key-product link; the best
reason counts) plus the park's own points (its stated industries fit, stated area vs `area_mu`,
level, proximity to `near`). Parks in districts whose plan entry names the term always rank above
parks in districts linked only through a cluster.

**Distances** are geodesic (WGS-84) from the park's location (its surveyed boundary when it has
one) to `near`: a point, or the nearest point of the 中心城区 districts or of 成都市's boundary
(see `reference.definition_en`). Most park locations are only the host town's seat
(`location_approximate`, shown as 位置示意), so their distances are approximate.

**For a map panel**: a park's `lon`/`lat` place it (null: no known location, list it without
a marker; `location_approximate`: draw it as 位置示意, e.g. dashed); a district's `adcode` is the
feature id in `/api/districts`. Click-through: `/api/parks/{id}`, `/api/districts/{adcode}`
(JSON) and `/parks/{id}/print`, `/districts/{adcode}/print` (one-page A4 profiles).

The same query as files: `/api/site-selection.csv`, `/api/site-selection.geojson`,
`/api/site-selection/map.html`.
"""


def site_request(
    industry: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="industry, cluster, focus segment or key product, 中文 or English",
            examples=["动力电池"],
        ),
    ],
    area_mu: Annotated[
        float | None,
        Query(gt=0, le=100_000, description="land needed, in 亩 (1 亩 = 666.67 m²)"),
    ] = None,
    district: Annotated[
        str | None,
        Query(max_length=50, description="only this 渝西 district: adcode, 璧山区, 璧山 or Bishan"),
    ] = None,
    near: Annotated[
        str | None,
        Query(max_length=60, description="reference for distances: `lon,lat`, 中心城区 or 成都"),
    ] = None,
    max_km: Annotated[
        float | None,
        Query(gt=0, le=1000, description="keep only candidates within this many km of `near`"),
    ] = None,
    level: Annotated[
        str | None,
        Query(
            max_length=60,
            description="park level(s), comma-separated: national, bonded, municipal, district, "
            "unknown (or 国家级, 综合保税区, 市级, 区级)",
        ),
    ] = None,
    from_outside_chongqing: Annotated[
        bool | None,
        Query(description="the company is new to Chongqing (plan 三、（一） rule for ICNEV parts)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="at most this many parks")] = 20,
) -> SiteRequest:
    try:
        return siting_service.build_request(
            industry, area_mu, district, near, max_km, level, from_outside_chongqing, limit
        )
    except RequirementError as exc:
        raise UnprocessableParameter(str(exc), exc.parameter) from exc


Request = Annotated[SiteRequest, Depends(site_request)]
Lang = Annotated[
    Literal["zh", "en"], Query(description="language of the file's headers, names and reasons")
]


async def _answer(db: asyncpg.Pool, request: SiteRequest, http: HTTPRequest) -> dict:
    """The answer, or nothing if the client goes away first: then the query is cancelled in
    PostgreSQL (asyncpg cancels a statement whose task is cancelled)."""
    try:
        answer = await until_disconnected(siting_service.site_selection(db, request),
                                          http.is_disconnected)  # fmt: skip
    except RequirementError as exc:
        raise UnprocessableParameter(str(exc), exc.parameter) from exc
    return plain(answer)


def _file(request: SiteRequest, content: str, media_type: str, suffix: str) -> Response:
    """The answer as a file to save or mail, named after the industry."""
    name = f"site-selection-{request.industry}.{suffix}"
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return Response(content, media_type=media_type, headers=headers)


@router.get(
    "/site-selection",
    summary="Site selection: ranked, explained candidate parks and districts for an industry",
    description=DESCRIPTION,
    response_model=SiteSelectionAnswer,
)
async def site_selection(db: Db, request: Request, http: HTTPRequest) -> dict:
    return await _answer(db, request, http)


@router.get(
    "/site-selection.csv",
    summary="Site selection as CSV (one row per park, UTF-8 with BOM)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def site_selection_csv(
    db: Db, request: Request, http: HTTPRequest, lang: Lang = "zh"
) -> Response:
    text = exports.to_csv(await _answer(db, request, http), lang)
    return _file(request, text, "text/csv; charset=utf-8", "csv")


@router.get(
    "/site-selection.geojson",
    summary="Site selection as GeoJSON (candidate parks; query and weights as foreign members)",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def site_selection_geojson(db: Db, request: Request, http: HTTPRequest) -> Response:
    body = json.dumps(exports.to_geojson(await _answer(db, request, http)), ensure_ascii=False)
    return _file(request, body, "application/geo+json", "geojson")


@router.get(
    "/site-selection/map.html",
    summary="Site selection as a standalone HTML map (works offline from disk)",
    response_class=HTMLResponse,
)
async def site_selection_map(
    db: Db, request: Request, http: HTTPRequest, lang: Lang = "zh"
) -> Response:
    answer = await _answer(db, request, http)
    adcodes = [d["adcode"] for d in answer["districts"]]
    outlines = await siting_service.outlines(db, request, adcodes)
    page = exports.to_html_map(answer, outlines, lang)
    return _file(request, page, "text/html; charset=utf-8", "html")
