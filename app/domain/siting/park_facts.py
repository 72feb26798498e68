"""A park's facts against the requirements: fit of its stated industries, area (by kind),
level, distance, location precision, and how much of its score rests on known facts
(`confidence`)."""

from __future__ import annotations

from app.domain.rules import (
    AREA_KINDS,
    LEVELS,
    MU_PER_KM2,
    is_approximate,
    level_class,
)
from app.domain.siting.keywords import PARK_KEYWORDS
from app.domain.siting.reasons import reason, words
from app.domain.siting.request import SiteRequest
from app.domain.siting.weights import ScoringWeights
from app.domain.siting.wording import excerpt, fmt_km, fmt_number, short_note

# How well each kind of fact is known, for `confidence` (1 known … 0 unknown).
LOCATION_KNOWN = {"surveyed_boundary": 1.0, "surveyed_point": 1.0, "town_seat": 0.5,
                  "district_seat": 0.25, "none": 0.0}  # fmt: skip
CONFIDENCE_FACTORS = ("fit", "area", "level", "distance")


def fit_reason(park: dict, names: set[str], groups: list, w: ScoringWeights) -> dict:
    text = park.get("industries_text", park["industries"])
    if not text:
        return reason("park_industries_unknown")
    mentioned = sorted(n for n in names if n and n in text)
    if mentioned:
        return reason("park_mentions", w.park_mentions, facts={"items": "、".join(mentioned)})
    for group_zh, group_en, key in groups:
        for word in PARK_KEYWORDS.get(key, ()):
            if word in text:
                facts = {"item": excerpt(text, word), "group": group_zh, "group_en": group_en,
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


def area_check(park: dict, request: SiteRequest, w: ScoringWeights):
    """(reason, known-ness 0–1, failure or None)."""
    if request.area_mu is None:
        return None, None, None
    need_mu = request.area_mu
    area = area_facts(park)
    facts = {"need_mu": fmt_number(need_mu), "kind_zh": area["kind_zh"], "kind_en": area["kind_en"]}
    available = area["available_mu"]
    if available is not None:
        facts["available_mu"] = fmt_number(available)
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
        "stated_mu": fmt_number(area["mu_min"]) if low == high
        else f"{fmt_number(area['mu_min'])}–{fmt_number(area['mu_max'])}",
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


def level_check(park: dict, request: SiteRequest, w: ScoringWeights):
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


def distance_check(item: dict, request: SiteRequest, w: ScoringWeights, what: tuple):
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
    facts["km"] = fmt_km(d)
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


def location_reason(park: dict) -> dict:
    town = park["host_town"] if park["location_precision"] == "town_seat" else None
    return reason(f"location_{park['location_precision']}",
                  facts={"town_zh": f"（{town}）" if town else ""})  # fmt: skip


def round_km(metres: float | None) -> float | None:
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


def park_out(park: dict, cls: str, reasons: list, failures: list, known: dict, w) -> dict:
    return {
        "id": park["id"], "name": park["name"], "name_en": park["name_en"],
        "district_adcode": park["district_adcode"], "district": park["district"],
        "district_en": park["district_en"], "plan_order": park["plan_order"],
        "level": park["level"], "level_class": cls, "host_town": park["host_town"],
        "parent_id": park["parent_id"], "parent_name": park["parent_name"],
        "location_precision": park["location_precision"],
        "location_approximate": is_approximate(park["location_precision"]),
        "lon": park["lon"], "lat": park["lat"], "distance_km": round_km(park["distance_m"]),
        "area_km2_min": park["area_km2_min"], "area_km2_max": park["area_km2_max"],
        "area_kind": park["area_kind"], "area": area_facts(park),
        "industries": park["industries"], "lead_firms": park.get("lead_firms") or [],
        "profile": park.get("profile"),
        "score": round(sum(r["points"] for r in reasons), 1),
        "confidence": _confidence(known, w), "unknowns": _unknowns(park, known),
        "reasons": reasons, "failed": failures,
    }  # fmt: skip


def candidate_order(p: dict) -> tuple:
    return (-p["score"], -p["confidence"], p["distance_km"] is None, p["distance_km"] or 0,
            p["plan_order"], p["id"])  # fmt: skip
