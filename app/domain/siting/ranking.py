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
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from app.domain.matching import Placement, Vocabulary
from app.domain.rules import (
    AREA_KINDS,
    LEVELS,
    MU_PER_KM2,
    PLAN,
    is_approximate,
    level_class,
    plan_section_en,
)
from app.domain.siting.chain import district_reasons as chain_reasons
from app.domain.siting.keywords import PARK_KEYWORDS
from app.domain.siting.reasons import reason, words
from app.domain.siting.request import SiteRequest
from app.domain.siting.weights import WEIGHT_TABLE, WEIGHTS, ScoringWeights

ROLE_WORDS = {
    "leading": ("主导产业（优先发展）", "leading industry"),
    "specialty": ("特色产业（特色发展）", "specialty industry"),
}

# The plan's rule for ICNEV parts makers from outside Chongqing, 三、（一）.
ICNEV_RULE_SECTION = "三、（一）"
ICNEV_RULE_QUOTE = "市外新引进智能网联新能源汽车零部件企业原则上在渝西地区布局"
ICNEV_CLUSTER = "icv-parts"

# How well each kind of fact is known, for `confidence` (1 known … 0 unknown).
LOCATION_KNOWN = {"surveyed_boundary": 1.0, "surveyed_point": 1.0, "town_seat": 0.5,
                  "district_seat": 0.25, "none": 0.0}  # fmt: skip
CONFIDENCE_FACTORS = ("fit", "area", "level", "distance")


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


def _km(metres: float) -> str:
    km = metres / 1000
    return f"{km:.1f}" if km < 10 else f"{km:.0f}"


def _fmt(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:g}"


def short_note(text: str | None) -> str:
    """The head of a long source note: up to the first （ or ；, as the sources lead with it."""
    return re.split(r"[（；(;]", text or "", maxsplit=1)[0].strip() or (text or "")


@lru_cache(maxsize=512)
def _items(text: str) -> tuple[str, ...]:
    """A park's industry list split at 、；，, but not inside brackets."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += char in "（(" and 1 or char in "）)" and -1 or 0
        if depth <= 0 and char in "、；;，,":
            items.append(current.strip())
            current, depth = "", 0
        else:
            current += char
    return tuple(i for i in [*items, current.strip()] if i)


def _excerpt(text: str, word: str) -> str:
    return next((item for item in _items(text) if word in item), word)


# --- plan ----------------------------------------------------------------------------------


def _plan_reasons(district: dict, entry: dict | None, index: dict, w: ScoringWeights) -> list:
    """Every way the plan ties this district to the term; only the best one scores."""
    facts = {"district": district["name"], "district_en": district["name_en"],
             "section": district["plan_section"]}  # fmt: skip
    cite = f"{PLAN} {district['plan_section']}"
    reasons = []
    for r in entry["reasons"] if entry else []:
        f = facts | {"industry": r["industry"],
                     "industry_en": index["industry_en"].get(r["industry_id"], "")}  # fmt: skip
        if r["via"] == "segment":
            f |= {"segment": r["segment"], "segment_en": index["segment_en"].get(r["segment"], "")}
            reasons.append(reason("plan_segment", w.plan_segment, facts=f, source=cite))
            continue
        role_zh, role_en = ROLE_WORDS[r["role"]]
        f |= {"role_zh": role_zh, "role_en": role_en}
        if r["via"] == "industry":
            code = f"plan_{r['role']}"
            reasons.append(reason(code, w[code], facts=f, source=cite))
            continue
        cluster = index["clusters"][r["cluster_id"]]
        f |= {"cluster": cluster["name"], "cluster_en": cluster["name_en"],
              "cluster_section": cluster["plan_section"]}  # fmt: skip
        if r["via"] == "cluster":
            reasons.append(reason("plan_cluster", w.plan_cluster, facts=f, source=cite))
        else:
            f["products"] = "、".join(r["products"])
            reasons.append(reason("plan_key_product", w.plan_key_product, facts=f,
                                  source=f"{PLAN} {cluster['plan_section']}, "
                                  f"{district['plan_section']}"))  # fmt: skip
    if not reasons:
        return [reason("plan_not_named", 0, facts=facts, source=cite)]
    reasons.sort(key=lambda x: -x["points"])
    for extra in reasons[1:]:  # the best reason scores; the others are shown, not added
        extra["points"] = 0
    return reasons


def _icnev_notice(term_clusters: set[str], request: SiteRequest) -> dict | None:
    if ICNEV_CLUSTER not in term_clusters:
        return None
    head_zh = f"计划{ICNEV_RULE_SECTION}：“{ICNEV_RULE_QUOTE}”。"
    head_en = (f"Plan section {plan_section_en(ICNEV_RULE_SECTION)}: ICNEV parts makers "
               "newly brought in from outside Chongqing locate in Western Chongqing in "
               "principle.")  # fmt: skip
    if request.from_outside_chongqing is False:
        zh = head_zh + "该企业不是市外新引进企业，此规则不适用。"
        en = head_en + " This company is not from outside Chongqing, so the rule does not apply."
    else:
        who_zh, who_en = (("该企业为市外新引进企业，", "This company comes from outside Chongqing:")
                          if request.from_outside_chongqing
                          else ("如该企业为市外新引进企业，", "If the company comes from outside "
                                "Chongqing,"))  # fmt: skip
        zh = head_zh + who_zh + "应在渝西八区选址；以下候选均在渝西。"
        en = (f"{head_en} {who_en} it should be sited in one of its eight districts; all "
              "candidates below are.")  # fmt: skip
    return {
        "code": "plan_rule_icnev_parts",
        "zh": zh,
        "en": en,
        "source": f"{PLAN} {ICNEV_RULE_SECTION}",
        "applies": request.from_outside_chongqing,
    }


def _term_clusters(placement: Placement, vocabulary: Vocabulary) -> set[str]:
    """Clusters the term belongs to: named, through a key product, or through the industries
    (or their segments) the plan places it in."""
    clusters = {m.id for m in placement.matches if m.kind in ("cluster", "key_product")}
    industries = {m.id for m in placement.matches if m.kind == "industry"}
    industries |= {r["industry_id"] for d in placement.districts for r in d["reasons"]
                   if r["via"] in ("segment", "industry")}  # fmt: skip
    for role in vocabulary.roles:
        if role["industry_id"] in industries:
            clusters |= set(role["cluster_ids"])
    return clusters


def _fit_groups(term_clusters: set[str], placement: Placement, vocabulary: Vocabulary) -> list:
    """(name, English name, key) of each keyword group the term falls in, clusters first."""
    groups = [(c["name"], c["name_en"], c["id"]) for c in vocabulary.clusters
              if c["id"] in term_clusters]  # fmt: skip
    groups += [(m.name, m.name_en or m.name, m.id) for m in placement.matches
               if m.kind == "industry"]  # fmt: skip
    return [g for g in groups if g[2] in PARK_KEYWORDS]


# --- park facts ----------------------------------------------------------------------------


def _fit_reason(park: dict, names: set[str], groups: list, w: ScoringWeights) -> dict:
    text = park.get("industries_text", park["industries"])
    if not text:
        return reason("park_industries_unknown")
    mentioned = sorted(n for n in names if n and n in text)
    if mentioned:
        return reason("park_mentions", w.park_mentions, facts={"items": "、".join(mentioned)})
    for group_zh, group_en, key in groups:
        for word in PARK_KEYWORDS.get(key, ()):
            if word in text:
                facts = {"item": _excerpt(text, word), "group": group_zh, "group_en": group_en,
                         "word": word}  # fmt: skip
                return reason("park_keyword", w.park_keyword, facts=facts, keyword=word)
    return reason("park_no_fit")


def area_facts(park: dict) -> dict:
    """The park's stated area with its kind, in km² and 亩 (the answer always names the kind)."""
    basis = park.get("area_basis") or "unstated"
    low, high = park["area_km2_min"], park["area_km2_max"]
    available = park.get("available_mu")
    kind = AREA_KINDS[basis]
    return {
        "kind": basis, "kind_zh": kind["zh"], "kind_en": kind["en"],
        "stated_as": park["area_kind"], "km2_min": low, "km2_max": high,
        "mu_min": None if low is None else round(low * MU_PER_KM2),
        "mu_max": None if high is None else round(high * MU_PER_KM2),
        "available_mu": available,
    }  # fmt: skip


def _area_check(park: dict, request: SiteRequest, w: ScoringWeights):
    """(reason, known-ness 0–1, failure or None)."""
    if request.area_mu is None:
        return None, None, None
    need_mu = request.area_mu
    area = area_facts(park)
    facts = {"need_mu": _fmt(need_mu), "kind_zh": area["kind_zh"], "kind_en": area["kind_en"]}
    available = area["available_mu"]
    if available is not None:
        facts["available_mu"] = _fmt(available)
        if available >= need_mu:
            return reason("area_available_fits", w.area_available_fits, facts=facts), 1.0, None
        fail = reason("area_available_too_small", facts=facts)
        return fail, 1.0, fail
    low, high = area["km2_min"], area["km2_max"]
    if low is None:
        component = {"component_zh": "", "component_en": ""}
        if park["parent_id"]:
            component = {
                "component_zh": f"（组成园区：所属“{park['parent_name']}”的面积为整体面积，"
                "不能代替）",
                "component_en": " (a component park: its zone's area covers the whole zone)",
            }
        return reason("area_unknown", facts=facts | component), 0.0, None
    facts |= {
        "stated": f"{low:g}" if low == high else f"{low:g}–{high:g}",
        "stated_mu": _fmt(area["mu_min"]) if low == high
        else f"{_fmt(area['mu_min'])}–{_fmt(area['mu_max'])}",
    }  # fmt: skip
    need_km2 = need_mu / MU_PER_KM2
    if high < need_km2:
        fail = reason("area_too_small", facts=facts)
        return fail, 1.0, fail
    if AREA_KINDS[area["kind"]].get("not_land"):
        return reason("area_not_land", facts=facts), 0.0, None
    if low >= need_km2:
        return reason("area_extent_fits", w.area_extent_fits, facts=facts), 0.5, None
    return reason("area_uncertain", facts=facts), 0.25, None


def _level_check(park: dict, request: SiteRequest, w: ScoringWeights):
    cls, inherited = level_class(park["level"], park["parent_level"])
    if inherited:
        basis = (
            f"（随所属“{park['parent_name']}”）",
            f", as part of {park['parent_name_en'] or park['parent_name']}",
        )
    elif cls != "unknown":
        basis = (f"（{short_note(park['level'])}）", f" ({short_note(park['level'])})")
    else:
        basis = ("", "")
    code = f"level_{cls}"
    r = reason(code, w.get_points(code), facts={"basis_zh": basis[0], "basis_en": basis[1]},
               level=cls)  # fmt: skip
    failure = None
    if request.levels and cls not in request.levels:
        wanted = sorted(request.levels, key=list(LEVELS).index)
        failure = reason("level_not_wanted", facts={
            "level_zh": LEVELS[cls][0], "level_en": LEVELS[cls][1],
            "wanted_zh": "、".join(LEVELS[k][0] for k in wanted),
            "wanted_en": ", ".join(LEVELS[k][1] for k in wanted)})  # fmt: skip
    return cls, r, (0.0 if cls == "unknown" else 1.0), failure


def _proximity(distance_m: float, request: SiteRequest, w: ScoringWeights) -> float:
    horizon = request.max_km or w.proximity_horizon_km
    return round(w.proximity_max * max(0.0, 1 - distance_m / 1000 / horizon), 1)


def _distance_check(item: dict, request: SiteRequest, w: ScoringWeights, what: tuple):
    ref = request.reference
    if ref is None:
        return None, None, None
    d = item["distance_m"]
    precision = item.get("location_precision", "surveyed_boundary")
    facts = {"ref_zh": ref.zh, "ref_en": ref.en, "what_zh": what[0], "what_en": what[1]}
    if request.max_km:
        facts["max_km"] = f"{request.max_km:g}"
    if d is None:
        if request.max_km:  # unknown never wins: what cannot be checked is not kept
            fail = reason("distance_unknown.limit", facts=facts)
            return fail, 0.0, fail
        return reason("distance_unknown", facts=facts), 0.0, None
    facts["km"] = _km(d)
    known = LOCATION_KNOWN.get(precision, 1.0)
    if request.max_km and d > request.max_km * 1000:
        fail = reason("distance_too_far", facts=facts, distance_km=round(d / 1000, 2))
        return fail, known, fail
    if is_approximate(precision):
        variant = "distance.approximate"
    elif d < 50:
        variant = "distance.adjacent"
    else:
        variant = "distance"
    r = reason(variant, _proximity(d, request, w), facts=facts, distance_km=round(d / 1000, 2))
    return r, known, None


def _location_reason(park: dict) -> dict:
    town = park["host_town"] if park["location_precision"] == "town_seat" else None
    return reason(f"location_{park['location_precision']}",
                  facts={"town_zh": f"（{town}）" if town else ""})  # fmt: skip


def _rule_reason(notice: dict | None, request: SiteRequest, w: ScoringWeights) -> dict | None:
    if not notice or not request.from_outside_chongqing:
        return None
    return reason("plan_rule_icnev_parts", w.plan_rule_icnev_parts,
                  facts={"section": ICNEV_RULE_SECTION},
                  source=f"{PLAN} {ICNEV_RULE_SECTION}")  # fmt: skip


def _round_km(metres: float | None) -> float | None:
    return None if metres is None else round(metres / 1000, 2)


def _confidence(known: dict[str, float | None], w: ScoringWeights) -> float:
    """Share of the park factors asked about (fit, area, level, distance), weighted by the
    points each can add, that rests on known facts."""
    asked = {f: k for f, k in known.items() if k is not None}
    total = sum(w.factor_max(f) for f in asked)
    if not total:
        return 1.0
    return round(sum(w.factor_max(f) * k for f, k in asked.items()) / total, 2)


def _unknowns(park: dict, known: dict) -> list[dict]:
    codes = []
    if known.get("fit") == 0:
        codes.append("unknown_industries")
    if known.get("area") is not None and known["area"] < 1:
        codes.append("unknown_area" if known["area"] == 0 else "unknown_available_land")
    if known.get("level") == 0:
        codes.append("unknown_level")
    if park["location_precision"] == "none":
        codes.append("unknown_location")
    elif is_approximate(park["location_precision"]):
        codes.append("unknown_location_approximate")
    return [dict(zip(("zh", "en"), words(c), strict=True)) | {"code": c} for c in codes]


def _park_out(park: dict, cls: str, reasons: list, failures: list, known: dict, w) -> dict:
    return {
        "id": park["id"], "name": park["name"], "name_en": park["name_en"],
        "district_adcode": park["district_adcode"], "district": park["district"],
        "district_en": park["district_en"], "plan_order": park["plan_order"],
        "level": park["level"], "level_class": cls, "host_town": park["host_town"],
        "parent_id": park["parent_id"], "parent_name": park["parent_name"],
        "location_precision": park["location_precision"],
        "location_approximate": is_approximate(park["location_precision"]),
        "lon": park["lon"], "lat": park["lat"], "distance_km": _round_km(park["distance_m"]),
        "area_km2_min": park["area_km2_min"], "area_km2_max": park["area_km2_max"],
        "area_kind": park["area_kind"], "area": area_facts(park),
        "industries": park["industries"], "lead_firms": park.get("lead_firms") or [],
        "profile": park.get("profile"),
        "score": round(sum(r["points"] for r in reasons), 1),
        "confidence": _confidence(known, w), "unknowns": _unknowns(park, known),
        "reasons": reasons, "failed": failures,
    }  # fmt: skip


def _order(p: dict) -> tuple:
    return (-p["score"], -p["confidence"], p["distance_km"] is None, p["distance_km"] or 0,
            p["plan_order"], p["id"])  # fmt: skip


# --- ranking -------------------------------------------------------------------------------


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
    term_clusters = _term_clusters(placement, vocabulary)
    notice = _icnev_notice(term_clusters, request)
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
    groups = _fit_groups(term_clusters, placement, vocabulary)
    rule = _rule_reason(notice, request, weights)
    plan = {d["adcode"]: _plan_reasons(d, by_district.get(d["adcode"]), index, weights)
            for d in districts}  # fmt: skip
    wanted = next((d for d in districts if d["adcode"] == request.district), None)
    on_chain = {d["adcode"]: chain_reasons((chain or {}).get(d["adcode"]), d, weights)
                for d in districts}  # fmt: skip

    scored: dict[str, dict] = {}
    for park in parks:
        plan_reasons = plan[park["district_adcode"]]
        fit = _fit_reason(park, names, groups, weights)
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
        cls, level, level_known, level_fail = _level_check(park, request, weights)
        area, area_known, area_fail = _area_check(park, request, weights)
        distance, dist_known, dist_fail = _distance_check(
            park, request, weights, ("园区", "the park is")
        )
        failures += [f for f in (level_fail, area_fail, dist_fail) if f]
        reasons = [*plan_reasons, fit, *(dict(r) for r in on_chain[park["district_adcode"]])]
        reasons += [r for r in (area if not area_fail else None, level) if r]
        reasons += [r for r in (distance if not dist_fail else None, _location_reason(park)) if r]
        if rule:
            reasons.append(rule)
        known = {
            "fit": 0.0 if fit["code"] == "park_industries_unknown" else 1.0,
            "area": area_known,
            "level": level_known,
            "distance": dist_known,
        }
        scored[park["id"]] = _park_out(park, cls, reasons, failures, known, weights)

    candidates, excluded = _by_piece_of_land(scored, parks)
    candidates.sort(key=_order)
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
        distance, _, dist_fail = _distance_check(
            district | {"location_precision": "surveyed_boundary"}, request, weights,
            ("区界", "the district is"))  # fmt: skip
        if dist_fail:
            failures.append(dist_fail)
        entry = {
            "adcode": district["adcode"], "name": district["name"],
            "name_en": district["name_en"], "plan_section": district["plan_section"],
            "distance_km": _round_km(district["distance_m"]),
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
        members.sort(key=lambda p: (bool(p["failed"]), *_order(p)))
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
    excluded.sort(key=_order)
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
        facts = names(top) | {"need_mu": _fmt(mu)}
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


__all__ = ["WEIGHT_TABLE", "SiteSelection", "rank", "short_note", "area_facts"]
