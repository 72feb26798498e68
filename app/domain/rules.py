"""Domain rules written once and served to the front end (GET /api/rules): what a location
precision means, which park levels exist, which plan reasons make a district a "named"
candidate, the kinds of stated area, and the unit conversion of 亩.

The front end reads these from the server instead of re-deriving them; the Python code
(site selection, printable pages, exports) imports them from here."""

from __future__ import annotations

import re

PLAN = "渝府〔2023〕13号"

# 1 亩 = 666.67 m² = 1/15 ha, so 1 km² = 1500 亩.
MU_PER_KM2 = 1500

# What a park's location is, and how to say it. `approximate` locations are drawn dashed and
# labelled 位置示意; `on_map` is false when there is no location at all.
LOCATION_PRECISION = {
    "surveyed_boundary": {
        "zh": "实测边界", "en": "surveyed boundary", "approximate": False, "on_map": True,
    },
    "surveyed_point": {
        "zh": "实测位置", "en": "surveyed location", "approximate": False, "on_map": True,
    },
    "town_seat": {
        "zh": "位置示意：点为所在镇街驻地，并非园区边界或中心",
        "en": "indicative location: the point is the host town's seat, not the park itself",
        "approximate": True, "on_map": True,
    },
    "district_seat": {
        "zh": "位置示意：仅知所在区，点为区政府驻地",
        "en": "indicative location: only the district is known; the point is its seat",
        "approximate": True, "on_map": True,
    },
    "none": {
        "zh": "无位置信息：来源只给出名称和所在区，地图上不显示",
        "en": "no location: the sources give only the name and district; not on the map",
        "approximate": False, "on_map": False,
    },
}  # fmt: skip
LOCATION_WORDS = {code: (p["zh"], p["en"]) for code, p in LOCATION_PRECISION.items()}
APPROXIMATE_PRECISIONS = frozenset(c for c, p in LOCATION_PRECISION.items() if p["approximate"])


_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def plan_section_en(section: str) -> str:
    """A plan section as English text numbers it: "三、（一）" → "3.1", "四、（十二）" → "4.12"
    (the front end's planSection does the same for what it shows)."""

    def number(word: str) -> str:
        if word == "十":
            return "10"
        if word.startswith("十"):
            return str(10 + _NUMERALS[word[1]])
        if "十" in word:
            tens, _, units = word.partition("十")
            return str(10 * _NUMERALS[tens] + _NUMERALS.get(units, 0))
        return str(_NUMERALS[word])

    numbers = [number(w) for w in re.findall(r"[一二三四五六七八九十]+", section)]
    return ".".join(numbers) if numbers else section


def is_approximate(precision: str) -> bool:
    return precision in APPROXIMATE_PRECISIONS


# Park level classes, most to least weighty; `unknown` when no source confirms a level.
LEVELS = {
    "national": ("国家级", "national"),
    "bonded": ("综合保税区", "comprehensive bonded zone"),
    "municipal": ("市级", "municipal"),
    "district": ("区级", "district"),
    "unknown": ("级别未证实", "level not confirmed"),
}
LEVEL_ALIASES = {zh: key for key, (zh, _) in LEVELS.items()} | {"综保区": "bonded"}
# The class of a level text as the sources state it: the first of these words found, so that
# 市级高新区（…国家级示范…） is municipal. A component park with no level word of its own takes
# its zone's class.
LEVEL_WORDS = (
    ("国家级", "national"), ("综合保税区", "bonded"), ("市级", "municipal"),
    ("省级", "municipal"), ("区级", "district"),
)  # fmt: skip


def level_class(level: str | None, parent_level: str | None = None) -> tuple[str, bool]:
    """(class, inherited from the zone?)."""

    def first(text: str | None) -> str | None:
        found = [(text.find(w), k) for w, k in LEVEL_WORDS if text and w in text]
        return min(found)[1] if found else None

    own = first(level)
    if own:
        return own, False
    inherited = first(parent_level)
    return (inherited, True) if inherited else ("unknown", False)


# A candidate district's tier: `named` when section 四 names the industry for the district
# itself, `linked` when only a cluster or key-product link of section 三 ties it.
CANDIDATE_TIERS = {
    "named": {
        "reasons": ["plan_segment", "plan_leading", "plan_specialty"],
        "zh": "计划点名",
        "en": "named by the plan",
    },
    "linked": {
        "reasons": ["plan_cluster", "plan_key_product"],
        "zh": "经集群关联",
        "en": "linked through a cluster",
    },
}
NAMED_REASONS = frozenset(CANDIDATE_TIERS["named"]["reasons"])


def candidate_tier(reason_codes: list[str]) -> str | None:
    for tier, spec in CANDIDATE_TIERS.items():
        if any(code in spec["reasons"] for code in reason_codes):
            return tier
    return None


# Kinds of stated park area. Only `available` is land a company could get; the others are
# the extent of a zone (approved, planned, managed, occupied) and say only that a need larger
# than them cannot fit; `jurisdiction` and `joint` areas are not the park's land at all.
AREA_KINDS = {
    "available": {"zh": "可供土地", "en": "available land", "is_available": True},
    "approved": {"zh": "核准面积", "en": "approved area", "is_available": False},
    "planned": {"zh": "规划面积", "en": "planned area", "is_available": False},
    "managed": {"zh": "管理面积", "en": "managed area", "is_available": False},
    "occupied": {"zh": "占地面积", "en": "land occupied", "is_available": False},
    "jurisdiction": {
        "zh": "辖区面积",
        "en": "area of jurisdiction",
        "is_available": False,
        "not_land": True,
    },
    "joint": {
        "zh": "跨省共建面积",
        "en": "joint cross-border area",
        "is_available": False,
        "not_land": True,
    },
    "unstated": {"zh": "面积口径未注明", "en": "kind of area not stated", "is_available": False},
}


def as_json() -> dict:
    """Everything above, for GET /api/rules."""
    return {
        "plan": PLAN,
        "mu_per_km2": MU_PER_KM2,
        "location_precision": LOCATION_PRECISION,
        "levels": {k: {"zh": zh, "en": en} for k, (zh, en) in LEVELS.items()},
        "level_filter": [k for k in LEVELS if k != "unknown"],
        "candidate_tiers": CANDIDATE_TIERS,
        "area_kinds": AREA_KINDS,
    }
