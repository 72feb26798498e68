"""The periodic 通报: which periods have one, its data as JSON, the A4 page and the workbook."""

from __future__ import annotations

from typing import Annotated, Literal

import asyncpg
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import HTMLResponse, Response

from app.api.deps import get_db
from app.domain.actuals import report as reports
from app.exports import report as export

router = APIRouter(tags=["plan progress"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]
Year = Annotated[int, Path(ge=2022, le=2027, examples=[2023])]
Quarter = Annotated[
    int | None,
    Query(ge=1, le=3, description="a quarter's year-to-date figures (1–3, 1–6, 1–9 月)"),
]
Lang = Annotated[Literal["zh", "en"], Query(description="zh (default) or en")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/api/reports", summary="Periods with a 通报: full years and quarters with figures")
async def report_periods(db: Db) -> dict:
    return {"periods": await reports.periods(db)}


@router.get("/api/reports/{year}", summary="The 通报 of a year (or quarter) as JSON")
async def report_json(db: Db, year: Year, quarter: Quarter = None) -> dict:
    return await reports.report(db, year, quarter)


@router.get(
    "/reports/{year}/print",
    summary="The 通报 as a printable A4 page: ranking, each district against its path, "
    "changes since the last report, sources",
    response_class=HTMLResponse,
)
async def report_page(db: Db, year: Year, quarter: Quarter = None, lang: Lang = "zh"):
    return HTMLResponse(export.html(await reports.report(db, year, quarter), lang))


@router.get(
    "/reports/{year}.xlsx",
    summary="The 通报 as an XLSX workbook (ranking, district progress, figures, changes, sources)",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def report_workbook(db: Db, year: Year, quarter: Quarter = None, lang: Lang = "zh"):
    body = export.xlsx(await reports.report(db, year, quarter), lang)
    name = f"tongbao-{year}" + (f"-q{quarter}" if quarter else "") + f"-{lang}.xlsx"
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
