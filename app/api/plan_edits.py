"""Plan edits in the domain API (editor role): a district's industries and segments, a target.
Every edit needs a reason and a source.

No `from __future__ import annotations`: FastAPI must see the annotations."""

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from app.auth import Principal, require_role
from app.db.routing import pool_for
from app.domain import plan_edits

router = APIRouter(prefix="/api", tags=["plan edits"])
Editor = Annotated[Principal, Depends(require_role("editor"))]


class Why(BaseModel):
    reason: str = Field(min_length=1, max_length=500, description="Why the plan data change")
    source: str = Field(min_length=1, max_length=500, description="The document that says so")


class SegmentIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    name_en: str = Field(min_length=1, max_length=200)


class LeadingIn(BaseModel):
    industry: str = Field(min_length=1, description="An industry of /api/industries (id or name)")
    segments: list[SegmentIn] = []
    segments_open_ended: bool = False


class IndustriesIn(Why):
    leading: list[LeadingIn]
    specialty: list[str]


class IndicatorIn(Why):
    value: Decimal = Field(gt=0)


@router.put(
    "/districts/{adcode}/industries",
    summary="Replace a district's leading (≤2) and specialty (≤4) industries and segments",
)
async def put_industries(
    request: Request,
    body: IndustriesIn,
    principal: Editor,
    adcode: Annotated[str, Path(pattern=r"^[0-9]{6}$")],
) -> dict:
    leading = [
        plan_edits.Leading(
            item.industry,
            tuple(plan_edits.Segment(s.name, s.name_en) for s in item.segments),
            item.segments_open_ended,
        )
        for item in body.leading
    ]
    async with pool_for(request, write=True).acquire() as conn, conn.transaction():
        return await plan_edits.replace_industries(
            conn, adcode, leading, body.specialty,
            actor=principal.username, reason=body.reason, source=body.source,
        )  # fmt: skip


@router.patch("/indicators/{code}", summary="Change a target's value")
async def patch_indicator(
    request: Request,
    body: IndicatorIn,
    principal: Editor,
    code: Annotated[str, Path(max_length=100)],
) -> dict:
    async with pool_for(request, write=True).acquire() as conn, conn.transaction():
        return await plan_edits.set_indicator(
            conn, code, body.value,
            actor=principal.username, reason=body.reason, source=body.source,
        )  # fmt: skip
