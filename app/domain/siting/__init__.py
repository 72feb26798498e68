"""Site selection: where in 渝西 does an incoming company belong, and why.

Framework-free, one module per concern:
- request   the company's requirements, parsed (RequirementError names a bad parameter)
- terms     the promoter's wording → the plan's names (synonyms, English, GB/T 4754 codes)
- weights   every weight, one table keyed by reason code, returned with the answer
- reasons   every reason in plain words, one bilingual table keyed by reason code
- plan_fit  what the plan says of a district for the term (role, cluster, the ICNEV rule)
- park_facts a park's facts against the requirements (area, level, distance, confidence)
- wording   distances, numbers, the items of a park's industry list, in reasons
- ranking   requirements eliminate, evidence ranks, one candidate per piece of land
- queries   the SQL; service: fetch and rank (asyncpg)
Domain rules shared with other features (levels, location precision, 亩) are app.domain.rules.
"""

from app.domain.rules import LEVELS, LOCATION_WORDS, MU_PER_KM2, PLAN, level_class
from app.domain.siting.ranking import SiteSelection, rank
from app.domain.siting.request import (
    REFERENCES,
    Reference,
    RequirementError,
    SiteRequest,
    parse_levels,
    parse_reference,
    resolve_district,
)
from app.domain.siting.weights import WEIGHT_TABLE, WEIGHTS, ScoringWeights, Weight
from app.domain.siting.wording import short_note

__all__ = [
    "LEVELS", "LOCATION_WORDS", "MU_PER_KM2", "PLAN", "REFERENCES", "WEIGHTS", "WEIGHT_TABLE",
    "Reference", "RequirementError", "ScoringWeights", "SiteRequest", "SiteSelection", "Weight",
    "level_class", "parse_levels", "parse_reference", "rank", "resolve_district", "short_note",
]  # fmt: skip
