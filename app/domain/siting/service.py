"""Site selection reads: understand the term, fetch parks and districts with their
distances, rank. Takes an asyncpg pool; raises RequirementError for requirements it cannot
use."""

from __future__ import annotations

import json
from dataclasses import replace

import asyncpg

from app.domain import queries as plan_queries
from app.domain.chains.facts import chain_facts
from app.domain.matching import Vocabulary
from app.domain.siting import queries
from app.domain.siting.chain import terms_of
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


def build_request(
    industry: str,
    area_mu: float | None = None,
    district: str | None = None,
    near: str | None = None,
    max_km: float | None = None,
    level: str | None = None,
    from_outside_chongqing: bool | None = None,
    limit: int = 20,
) -> SiteRequest:
    """Turn the query parameters into a request, or raise RequirementError naming the bad one.
    The district is resolved against the plan's districts in `site_selection`."""
    if not industry.strip():
        raise RequirementError("industry", "industry must name an industry, not only spaces")
    reference = parse_reference(near) if near else None
    if max_km is not None and reference is None:
        raise RequirementError("max_km", "max_km needs near (lon,lat, 中心城区 or 成都)")
    return SiteRequest(
        industry=industry.strip(),
        area_mu=area_mu,
        district=district.strip() if district else None,
        reference=reference,
        max_km=max_km,
        levels=parse_levels(level) if level else None,
        from_outside_chongqing=from_outside_chongqing,
        limit=limit,
    )


def _park(record: asyncpg.Record) -> dict:
    park = dict(record)
    if isinstance(park["profile"], str):  # jsonb arrives as text without a codec
        park["profile"] = json.loads(park["profile"])
    return park


def _reference_args(request: SiteRequest) -> tuple:
    ref = request.reference
    if ref is None:
        return None, None, None
    return ref.kind, ref.lon, ref.lat


async def _vocabulary(conn: asyncpg.Connection) -> Vocabulary:
    """The plan's vocabulary (as app.domain.service.vocabulary), on the request's connection."""
    return Vocabulary(
        roles=[dict(r) for r in await conn.fetch(plan_queries.VOCABULARY_ROLES)],
        clusters=[dict(r) for r in await conn.fetch(plan_queries.VOCABULARY_CLUSTERS)],
        segments=[dict(r) for r in await conn.fetch(plan_queries.VOCABULARY_SEGMENTS)],
        parks=[dict(r) for r in await conn.fetch(plan_queries.PARKS_FOR_MATCHING)],
    )


async def site_selection(
    db: asyncpg.Pool, request: SiteRequest, weights: ScoringWeights = WEIGHTS
) -> SiteSelection:
    """Everything on one connection: the vocabulary, the districts, the parks and the chain
    view's facts of the eight districts (a handful of index or primary-key reads; distances to
    中心城区/成都 are precomputed)."""
    args = _reference_args(request)
    async with db.acquire() as conn:
        vocabulary = await _vocabulary(conn)
        if request.district:
            request = replace(request, district=resolve_district(request.district, vocabulary))
        districts = [dict(r) for r in await conn.fetch(queries.DISTRICTS, *args)]
        parks = [_park(r) for r in await conn.fetch(queries.PARKS, *args)]
        placement, understood = understand(request.industry, vocabulary)
        chain = None
        if placement.matches or placement.parks:
            terms = terms_of(request.industry, understood)
            chain = (await chain_facts(conn, terms=terms))["districts"]
    return rank(request, placement, vocabulary, districts, parks, weights, understood, chain)


async def outlines(db: asyncpg.Pool, request: SiteRequest, adcodes: list[str]) -> list[dict]:
    """Simplified GeoJSON outlines of the given districts and of the reference area."""
    rows = await db.fetch(queries.OUTLINES, *_reference_args(request), adcodes)
    return [dict(r) | {"geometry": json.loads(r["geometry"])} for r in rows]
