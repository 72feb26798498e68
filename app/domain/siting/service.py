"""Site selection reads: understand the term, fetch parks and districts with their
distances, rank. Takes an asyncpg pool; raises RequirementError for requirements it cannot
use."""

from __future__ import annotations

import json

import asyncpg

from app.domain import service
from app.domain.siting import queries
from app.domain.siting.ranking import SiteSelection, rank
from app.domain.siting.request import (
    RequirementError,
    SiteRequest,
    parse_levels,
    parse_reference,
    resolve_district,
)
from app.domain.siting.terms import understand
from app.domain.siting.weights import WEIGHTS, ScoringWeights


async def build_request(
    db: asyncpg.Pool,
    industry: str,
    area_mu: float | None = None,
    district: str | None = None,
    near: str | None = None,
    max_km: float | None = None,
    level: str | None = None,
    from_outside_chongqing: bool | None = None,
    limit: int = 20,
) -> SiteRequest:
    """Turn the query parameters into a request, or raise RequirementError naming the bad one."""
    if not industry.strip():
        raise RequirementError("industry", "industry must name an industry, not only spaces")
    reference = parse_reference(near) if near else None
    if max_km is not None and reference is None:
        raise RequirementError("max_km", "max_km needs near (lon,lat, 中心城区 or 成都)")
    adcode = None
    if district:
        adcode = resolve_district(district, await service.vocabulary(db))
    return SiteRequest(
        industry=industry.strip(),
        area_mu=area_mu,
        district=adcode,
        reference=reference,
        max_km=max_km,
        levels=parse_levels(level) if level else None,
        from_outside_chongqing=from_outside_chongqing,
        limit=limit,
    )


def _reference_args(request: SiteRequest) -> tuple:
    ref = request.reference
    if ref is None:
        return None, None, None
    return ref.kind, ref.lon, ref.lat


async def site_selection(
    db: asyncpg.Pool, request: SiteRequest, weights: ScoringWeights = WEIGHTS
) -> SiteSelection:
    vocabulary = await service.vocabulary(db)
    placement, understood = understand(request.industry, vocabulary)
    args = _reference_args(request)
    async with db.acquire() as conn:
        districts = [dict(r) for r in await conn.fetch(queries.DISTRICTS, *args)]
        parks = [dict(r) for r in await conn.fetch(queries.PARKS, *args)]
    return rank(request, placement, vocabulary, districts, parks, weights, understood)


async def outlines(db: asyncpg.Pool, request: SiteRequest, adcodes: list[str]) -> list[dict]:
    """Simplified GeoJSON outlines of the given districts and of the reference area."""
    rows = await db.fetch(queries.OUTLINES, *_reference_args(request), adcodes)
    return [dict(r) | {"geometry": json.loads(r["geometry"])} for r in rows]
