"""Plan progress and 赛马 under /api: measures and their bases, actual figures, progress towards
each 2027 target, the ranking of the eight districts, and side-by-side comparison (refused, 422,
across bases)."""

from __future__ import annotations

from typing import Annotated, Literal

import asyncpg
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from app.api.deps import get_db
from app.domain.actuals import importing, service

router = APIRouter(prefix="/api", tags=["plan progress"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]
Year = Annotated[
    int | None,
    Query(ge=2022, le=2027, description="Year (2022 baseline … 2027); default: latest with data"),
]
MeasureCode = Annotated[str, Query(pattern=r"^[a-z0-9_]+$", max_length=60)]
Area = Annotated[
    str | None,
    Query(
        pattern=r"^([0-9]{6}|yuxi|cluster:[a-z0-9-]+)$",
        max_length=60,
        description="adcode of a district, `500000` (重庆市), `yuxi` (渝西) or `cluster:<id>`",
    ),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEM = {422: {"description": "Invalid parameter (problem+json)"}}


async def _year(db: asyncpg.Pool, year: int | None) -> int:
    return year if year is not None else await service.default_year(db)


@router.get(
    "/measures",
    summary="What figures measure: each measure's basis (口径), unit, path rule and targets",
)
async def measures(db: Db) -> dict:
    return await service.measures(db)


@router.get(
    "/actuals",
    summary="Figures as sources state them (value text, number, qualifier), with basis, period, "
    "status and sources",
    responses=PROBLEM,
)
async def actuals(
    db: Db,
    measure: Annotated[list[MeasureCode] | None, Query()] = None,
    area: Area = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    basis: Annotated[str | None, Query(max_length=40)] = None,
    period: Annotated[
        str | None,
        Query(pattern=r"^(year|months|date|span|approx)$", description="period kind"),
    ] = None,
) -> dict:
    rows = await service.actuals(db, measure, area, year, basis, period)
    return {
        "count": len(rows),
        "note": {
            "zh": "不同口径（营业收入、产值、增加值、增速……）的数字不可相互比较、相加或排名。",
            "en": "Figures of different bases (revenue, output value, value added, growth …) are "
            "never compared, summed or ranked together.",
        },
        "actuals": rows,
    }


@router.get(
    "/actuals/compare",
    summary="Full-year figures of several measures side by side — only of one basis (else 422)",
    responses=PROBLEM,
)
async def compare(
    db: Db,
    measure: Annotated[list[MeasureCode], Query(min_length=1, max_length=10)],
    year: Year = None,
) -> dict:
    return await service.compare(db, measure, await _year(db, year))


@router.get(
    "/progress",
    summary="Each 2027 target: the year's actual of the same basis against the path from the "
    "2022 baseline, the latest actual, years left, share of targets with data",
    responses=PROBLEM,
)
async def progress(db: Db, year: Year = None, area: Area = None) -> dict:
    return await service.progress(db, await _year(db, year), area)


@router.get(
    "/rankings",
    summary="赛马: the eight districts ranked on the comparable figures of one year",
    description=(
        "Each criterion is one measure (one basis). 营业收入 ranks by progress (actual ÷ the "
        "district's own path value), rates such as 规上工业增加值增速 by their full-year value. "
        "Points: 100 × (districts below + ½ × tied) / (n − 1) among the n districts with a "
        "figure; score: weighted mean of points over the criteria a district has figures for; "
        "ranked when coverage ≥ 50 %; equal scores share a rank. A criterion needs figures "
        "from ≥ 2 districts. Default weights: `/api/measures` (`weight`)."
    ),
    responses=PROBLEM,
)
async def rankings(
    db: Db,
    year: Year = None,
    weights: Annotated[
        str | None,
        Query(
            max_length=300,
            pattern=r"^[a-z0-9_]+:[0-9.]+(,[a-z0-9_]+:[0-9.]+)*$",
            description="measure:weight,… e.g. value_added_growth:2,output_growth:1 (0 drops one)",
        ),
    ] = None,
    quarter: Annotated[
        int | None,
        Query(ge=1, le=3, description="rank the year-to-date figures to the end of quarter 1–3"),
    ] = None,
) -> dict:
    return await service.rank_districts(db, await _year(db, year), weights, quarter)


@router.get(
    "/actuals/template",
    summary="A template to fill in one year's figures (CSV or XLSX): one row per plan target's "
    "area and per ranked public measure and district, with its unit and basis",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
)
async def template(
    db: Db,
    year: Annotated[int, Query(ge=2022, le=2027)],
    format: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
) -> Response:
    async with db.acquire() as conn:
        rows = await importing.template_rows(conn, year)
    body = importing.template_file(rows, format)
    media = "text/csv; charset=utf-8" if format == "csv" else XLSX
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="actuals-{year}.{format}"'},
    )
