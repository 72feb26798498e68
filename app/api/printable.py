"""Printable one-page profiles (HTML with A4 print CSS) for the meeting with a company."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, Path
from fastapi.responses import HTMLResponse

from app.api.deps import get_db
from app.errors import NotFound
from app.exports import printable

router = APIRouter(tags=["printable profiles"])

Db = Annotated[asyncpg.Pool, Depends(get_db)]


@router.get(
    "/districts/{adcode}/print",
    summary="A district's one-page printable profile (A4): plan entry, targets, parks, sources",
    response_class=HTMLResponse,
)
async def district_print(
    db: Db, adcode: Annotated[str, Path(pattern=r"^[0-9]{6}$", examples=["500120"])]
) -> HTMLResponse:
    page = await printable.district_page(db, adcode)
    if page is None:
        raise NotFound(f"district {adcode} not found (only the eight 渝西 districts have profiles)")
    return HTMLResponse(page)


@router.get(
    "/parks/{park_id}/print",
    summary="A park's one-page printable profile (A4): level, area, industries, location, sources",
    response_class=HTMLResponse,
)
async def park_print(
    db: Db, park_id: Annotated[str, Path(pattern=r"^[a-z0-9-]+$", max_length=100)]
) -> HTMLResponse:
    page = await printable.park_page(db, park_id)
    if page is None:
        raise NotFound(f"park {park_id} not found")
    return HTMLResponse(page)
