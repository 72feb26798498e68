"""Rank and explain: requirements eliminate, evidence ranks what is left.

`rank` works on plain rows (the service fetched them). Steps:
1. a park is relevant when its district's plan entry names the term or its own industries
   fit it; the rest are not candidates at all;
2. every relevant park is checked against the hard requirements (district, level, area,
   max_km): one it is known to fail excludes it, with the reason in plain words; unknown
   facts never exclude, they score nothing and lower `confidence`;
3. a zone and its component parks are one piece of land: the member that fits best stands
   for it, the others are nested under it with their own facts;
4. candidates are ordered by score, then confidence, then distance.
The chain view's facts per district (`chain`, app.domain.chains.facts) add the district's
known firms, partners and 补链 notes to the district and to each of its parks; they never make
a park relevant.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from app.domain.matching import Placement, Vocabulary
from app.domain.siting.chain import district_reasons as chain_reasons
from app.domain.siting.park_facts import (
    area_check,
    candidate_order,
    distance_check,
    fit_reason,
    level_check,
    location_reason,
    park_out,
    round_km,
)
from app.domain.siting.plan_fit import (
    clusters_of_term,
    district_plan_reasons,
    fit_groups,
    icnev_notice,
    rule_reason,
)
from app.domain.siting.reasons import reason
from app.domain.siting.request import SiteRequest
from app.domain.siting.weights import WEIGHTS, ScoringWeights
from app.domain.siting.wording import fmt_number


@dataclass
class SiteSelection:
    """The answer: ranked candidates with reasons, the excluded ones with why, and everything
    used to get them."""

    query: dict
    matches: list[dict]
    suggestions: list[str]
    reference: dict | None
    weights: dict
    understood_as: dict | None = None
    notices: list[dict] = field(default_factory=list)
    districts: list[dict] = field(default_factory=list)
    parks: list[dict] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    nearest_misses: list[dict] = field(default_factory=list)


def rank(
    request: SiteRequest,
    placement: Placement,
    vocabulary: Vocabulary,
    districts: list[dict],
    parks: list[dict],
    weights: ScoringWeights = WEIGHTS,
    understood_as: dict | None = None,
    chain: dict[str, dict] | None = None,
) -> SiteSelection:
    """Score, eliminate and explain. `districts` are the eight 渝西 districts and `parks` every
    park, each with `distance_m` to the reference (None without one or without a location)."""
    term_clusters = clusters_of_term(placement, vocabulary)
    notice = icnev_notice(term_clusters, request)
    result = SiteSelection(
        query=_query_echo(request),
        matches=[asdict(m) for m in placement.matches],
        suggestions=placement.suggestions,
        reference=asdict(request.reference) if request.reference else None,
        weights=weights.as_dict(),
        understood_as=understood_as,
        notices=[notice] if notice else [],
    )
    if not placement.matches and not placement.parks:
        result.notices.append(reason("no_match", facts={"term": placement.term}))
        return result

    index = {
        "industry_en": {r["industry_id"]: r["industry_en"] for r in vocabulary.roles},
        "segment_en": {s["name"]: s["name_en"] for s in vocabulary.segments},
        "clusters": {c["id"]: c for c in vocabulary.clusters},
    }
    by_district = {d["adcode"]: d for d in placement.districts}
    names = {m.name for m in placement.matches} | {placement.term}
    groups = fit_groups(term_clusters, placement, vocabulary)
    rule = rule_reason(notice, request, weights)
    plan = {d["adcode"]: district_plan_reasons(d, by_district.get(d["adcode"]), index, weights)
            for d in districts}  # fmt: skip
    wanted = next((d for d in districts if d["adcode"] == request.district), None)
    on_chain = {d["adcode"]: chain_reasons((chain or {}).get(d["adcode"]), d, weights)
                for d in districts}  # fmt: skip

    scored: dict[str, dict] = {}
    for park in parks:
        plan_reasons = plan[park["district_adcode"]]
        fit = fit_reason(park, names, groups, weights)
        named = plan_reasons[0]["points"] >= min(
            weights.plan_segment, weights.plan_leading, weights.plan_specialty
        )
        if not named and fit["points"] == 0:
            continue  # neither the plan's district entry nor the park itself fits the term
        failures = []
        if wanted and park["district_adcode"] != request.district:
            failures.append(reason("district_not_wanted", facts={
                "district": park["district"], "district_en": park["district_en"],
                "wanted": wanted["name"], "wanted_en": wanted["name_en"]}))  # fmt: skip
        cls, level, level_known, level_fail = level_check(park, request, weights)
        area, area_known, area_fail = area_check(park, request, weights)
        distance, dist_known, dist_fail = distance_check(
            park, request, weights, ("园区", "the park is")
        )
        failures += [f for f in (level_fail, area_fail, dist_fail) if f]
        reasons = [*plan_reasons, fit, *(dict(r) for r in on_chain[park["district_adcode"]])]
        reasons += [r for r in (area if not area_fail else None, level) if r]
        reasons += [r for r in (distance if not dist_fail else None, location_reason(park)) if r]
        if rule:
            reasons.append(rule)
        known = {
            "fit": 0.0 if fit["code"] == "park_industries_unknown" else 1.0,
            "area": area_known,
            "level": level_known,
            "distance": dist_known,
        }
        scored[park["id"]] = park_out(park, cls, reasons, failures, known, weights)

    candidates, excluded = _by_piece_of_land(scored, parks)
    candidates.sort(key=candidate_order)
    for rank_no, candidate in enumerate(candidates, 1):
        candidate["rank"] = rank_no
    result.parks = candidates[: request.limit]
    result.excluded = excluded

    shown = {}
    for candidate in result.parks:
        shown.setdefault(candidate["district_adcode"], []).append(candidate["id"])
    for district in districts:
        plan_reasons = plan[district["adcode"]]
        if plan_reasons[0]["points"] == 0 and district["adcode"] not in shown:
            continue
        failures = []
        if wanted and district["adcode"] != request.district:
            failures.append(reason("district_not_wanted", facts={
                "district": district["name"], "district_en": district["name_en"],
                "wanted": wanted["name"], "wanted_en": wanted["name_en"]}))  # fmt: skip
        distance, _, dist_fail = distance_check(
            district | {"location_precision": "surveyed_boundary"}, request, weights,
            ("区界", "the district is"))  # fmt: skip
        if dist_fail:
            failures.append(dist_fail)
        entry = {
            "adcode": district["adcode"], "name": district["name"],
            "name_en": district["name_en"], "plan_section": district["plan_section"],
            "distance_km": round_km(district["distance_m"]),
            "parks": shown.get(district["adcode"], []), "plan_order": district["plan_order"],
        }  # fmt: skip
        if failures:
            result.excluded.append(
                entry
                | {
                    "kind": "district",
                    "failed": failures,
                    "zh": "；".join(f["zh"] for f in failures),
                    "en": "; ".join(f["en"] for f in failures),
                }
            )
            continue
        reasons = [*plan_reasons, *(dict(r) for r in on_chain[district["adcode"]])]
        reasons += [r for r in (distance, rule) if r]
        entry |= {"score": round(sum(r["points"] for r in reasons), 1), "reasons": reasons}
        result.districts.append(entry)
    result.districts.sort(key=lambda d: (-d["score"], d["distance_km"] or 0, d["plan_order"]))
    for rank_no, district in enumerate(result.districts, 1):
        district["rank"] = rank_no

    facts = {}
    if request.reference and request.max_km:
        facts = {"ref_zh": request.reference.zh, "ref_en": request.reference.en,
                 "max_km": f"{request.max_km:g}"}  # fmt: skip
        result.notices.append(reason("max_km_needs_location", facts=facts))
    if not result.parks:
        result.notices.append(reason("none_fit"))
    result.nearest_misses = nearest_misses(result.excluded, request, wanted)
    return result


def _by_piece_of_land(scored: dict[str, dict], parks: list[dict]) -> tuple[list, list]:
    """One candidate per piece of land: a zone with its component parks. The best-fitting
    member that meets every requirement stands for it; the others are nested under it."""
    zone_of = {p["id"]: p["parent_id"] or p["id"] for p in parks}
    pieces: dict[str, list[dict]] = {}
    for park_id, park in scored.items():
        pieces.setdefault(zone_of[park_id], []).append(park)
    names = {p["id"]: p["name"] for p in parks}
    candidates, excluded = [], []
    for zone_id, members in pieces.items():
        members.sort(key=lambda p: (bool(p["failed"]), *candidate_order(p)))
        best, others = members[0], members[1:]
        for other in others:
            other["member"] = "zone" if other["id"] == zone_id else "component"
        best["member"] = "zone" if best["id"] == zone_id else "component"
        best["land_id"] = zone_id
        best["components"] = others
        if len(members) > 1:
            listed = [m["name"] for m in others]
            if best["member"] == "component":
                best["reasons"].append(
                    reason(
                        "component_of_zone",
                        facts={"zone": names[zone_id], "zone_en": names[zone_id]},
                        zone_id=zone_id,
                    )
                )
            best["reasons"].append(
                reason(
                    "zone_with_components",
                    facts={"components": "、".join(listed), "n": len(listed)},
                )
            )
        if best["failed"]:
            excluded.append(
                best
                | {
                    "kind": "park",
                    "zh": "；".join(f["zh"] for f in best["failed"]),
                    "en": "; ".join(f["en"] for f in best["failed"]),
                }
            )
        else:
            candidates.append(best)
    excluded.sort(key=candidate_order)
    return candidates, excluded


def nearest_misses(excluded: list[dict], request: SiteRequest, wanted: dict | None) -> list:
    """What relaxing one requirement would bring: candidates that fail only that one."""
    misses = []
    only = {}
    for item in (e for e in excluded if e["kind"] == "park"):
        failed = {f["code"] for f in item["failed"]}
        if len(failed) == 1:
            only.setdefault(failed.pop(), []).append(item)

    def names(items: list[dict]) -> dict:
        items = items[:5]
        return {"names": "、".join(i["name"] for i in items),
                "names_en": ", ".join(i["name_en"] or i["name"] for i in items),
                "n": len(items), "ids": [i["id"] for i in items]}  # fmt: skip

    if far := only.get("distance_too_far"):
        far.sort(key=lambda i: i["distance_km"])
        near3 = far[:3]
        km = math.ceil(near3[-1]["distance_km"] / 5) * 5
        facts = names(near3) | {"max_km": f"{km:g}"}
        misses.append(reason("relax_max_km", facts=facts, parameter="max_km", value=km,
                             ids=facts["ids"]))  # fmt: skip
    small = only.get("area_too_small", []) + only.get("area_available_too_small", [])
    if small:

        def biggest(i):
            a = i["area"]
            return a["available_mu"] if a["available_mu"] is not None else a["mu_max"] or 0

        small.sort(key=biggest, reverse=True)
        top = small[:3]
        mu = math.floor(biggest(top[-1]) / 50) * 50 or biggest(top[-1])
        facts = names(top) | {"need_mu": fmt_number(mu)}
        misses.append(reason("relax_area_mu", facts=facts, parameter="area_mu", value=mu,
                             ids=facts["ids"]))  # fmt: skip
    if level := only.get("level_not_wanted"):
        facts = names(level)
        misses.append(reason("relax_level", facts=facts, parameter="level", value=None,
                             ids=facts["ids"]))  # fmt: skip
    if wanted and (elsewhere := only.get("district_not_wanted")):
        facts = names(elsewhere)
        misses.append(reason("relax_district", facts=facts, parameter="district", value=None,
                             ids=facts["ids"]))  # fmt: skip
    return misses


def _query_echo(request: SiteRequest) -> dict:
    return {
        "industry": request.industry, "area_mu": request.area_mu,
        "area_km2": None if request.area_km2 is None else round(request.area_km2, 4),
        "district": request.district,
        "near": asdict(request.reference) if request.reference else None,
        "max_km": request.max_km, "level": sorted(request.levels) if request.levels else None,
        "from_outside_chongqing": request.from_outside_chongqing, "limit": request.limit,
    }  # fmt: skip
