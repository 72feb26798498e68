"""GET /api/rules: the domain rules the front end must not re-derive (location precision,
park levels, candidate tiers, kinds of area, 亩 per km²), and the site-selection weights."""

from __future__ import annotations

from fastapi import APIRouter

from app.domain import rules
from app.domain.siting.weights import WEIGHTS

router = APIRouter(prefix="/api", tags=["configuration"])


@router.get("/rules", summary="Domain rules shared with the front end (levels, precision, units)")
async def domain_rules() -> dict:
    return rules.as_json() | {"site_selection_weights": WEIGHTS.as_dict()}
