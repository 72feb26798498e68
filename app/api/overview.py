"""GET /api/overview: the 产业布局总表 (eight districts × nine clusters) as JSON, CSV or XLSX."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import asyncpg
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from app.api.deps import get_db
from app.domain import overview, queries, service
from app.exports import overview as files

router = APIRouter(prefix="/api", tags=["industry map"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]
Lang = Annotated[Literal["zh", "en"], Query(description="language of the file's words")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _overview(db: asyncpg.Pool) -> dict:
    districts = json.loads(await service.json_text(db, queries.DISTRICTS_GEOJSON))
    clusters = json.loads(await service.json_text(db, queries.CLUSTERS))
    return overview.build(
        [f["properties"] for f in districts["features"]], clusters, await service.vocabulary(db)
    )


@router.get("/overview", summary="产业布局总表: each district's industries by cluster, with roles")
async def overview_json(db: Db) -> dict:
    return await _overview(db)


def _download(body: bytes, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/overview.csv", summary="产业布局总表 as CSV (UTF-8)", response_class=Response)
async def overview_csv(db: Db, lang: Lang = "zh") -> Response:
    body = files.to_csv(await _overview(db), lang)
    return _download(body, "text/csv; charset=utf-8", f"yuxi-industry-layout-{lang}.csv")


@router.get("/overview.xlsx", summary="产业布局总表 as an Excel workbook", response_class=Response)
async def overview_xlsx(db: Db, lang: Lang = "zh") -> Response:
    body = files.to_xlsx(await _overview(db), lang)
    return _download(body, XLSX, f"yuxi-industry-layout-{lang}.xlsx")
