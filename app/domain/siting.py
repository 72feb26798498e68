"""Site selection: where in 渝西 does an incoming company belong, and why.

Framework-free. The service (siting_service) matches the industry term against the plan's
vocabulary (matching.match_term), fetches parks and districts with their geodesic distances
(siting_queries), and hands everything to `rank`, which scores each candidate and explains
every point in plain words, in Chinese and English.

The scoring lives in one place, `ScoringWeights`; the answer carries the weights it used.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from app.domain.matching import Placement, Vocabulary

PLAN = "渝府〔2023〕13号"
MU_PER_KM2 = 1500  # 1 亩 = 666.67 m² = 1/15 ha, so 1 km² = 1500 亩.


@dataclass(frozen=True)
class ScoringWeights:
    """Points that make up a candidate's score. A park's score is its district's plan points
    plus the park's own points; a district's score is its plan points plus proximity.

    Plan points (section 四 names the district for the industry; the best reason counts once):
      plan_segment      the district lists the term as a focus segment of a leading industry
      plan_leading      the term is one of the district's leading industries (优先发展)
      plan_specialty    the term is one of the district's specialty industries (特色发展)
      plan_cluster      the term names a cluster of section 三 and one of the district's
                        industries belongs to it (the industry-cluster link is our reading)
      plan_key_product  section 三 names the term as a product of a cluster and one of the
                        district's industries belongs to that cluster (weakest link)
    Park points:
      park_mentions     the park's stated industries name the term or a matched plan name
      park_keyword      the park's stated industries carry a keyword of a matched cluster
                        (PARK_KEYWORDS; used only when park_mentions does not apply)
      area_fits / area_too_small
                        the park's stated (approved, planned or managed) area is at least /
                        below the land needed; unknown or straddling areas score 0. This
                        compares with the stated area, never with land actually available
      level_*           park level: national zones and their components, comprehensive
                        bonded zones (State Council), municipal, district
      proximity_max     given a reference (near=), linear from proximity_max at 0 km to 0 at
                        max_km, or at proximity_horizon_km without a limit
      plan_rule         三、（一）'s rule for ICNEV parts makers from outside Chongqing steers
                        to 渝西 as a whole: cited on every candidate, but it cannot reorder
                        candidates that are all in 渝西, so it scores 0

    The tiers are chosen so that a park in a district whose plan entry names the term always
    ranks above a park in a district linked only through a cluster: the lowest named tier
    plus the worst park adjustment exceeds the highest indirect tier plus the best park bonus
    (`named_tiers_dominate` checks this).
    """

    plan_segment: int = 100
    plan_leading: int = 90
    plan_specialty: int = 80
    plan_cluster: int = 30
    plan_key_product: int = 25
    park_mentions: int = 15
    park_keyword: int = 8
    area_fits: int = 5
    area_too_small: int = -10
    level_national: int = 4
    level_bonded: int = 4
    level_municipal: int = 2
    level_district: int = 1
    proximity_max: int = 10
    proximity_horizon_km: float = 100.0
    plan_rule: int = 0

    def best_park_bonus(self) -> int:
        level = max(self.level_national, self.level_bonded, self.level_municipal)
        return self.park_mentions + self.area_fits + level + self.proximity_max

    def named_tiers_dominate(self) -> bool:
        lowest_named = min(self.plan_segment, self.plan_leading, self.plan_specialty)
        highest_indirect = max(self.plan_cluster, self.plan_key_product)
        return lowest_named + self.area_too_small > highest_indirect + self.best_park_bonus()

    def as_dict(self) -> dict:
        return asdict(self) | {"doc": " ".join((self.__doc__ or "").split())}


WEIGHTS = ScoringWeights()

# Keywords that tie a park's free-text industries (e.g. “汽摩零配件”, “电子信息”) to a cluster
# of section 三 or to an industry outside the clusters (the keys are cluster or industry ids).
# Editorial, kept here as data; a keyword that fits several groups is listed under each.
PARK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "icv-parts": ("汽车", "汽摩", "新能源汽车", "智能网联", "动力电池", "锂电", "车身"),
    "icv-niche-vehicles": ("汽车", "专用车", "商用车", "改装车"),
    "motorcycles": ("摩托车", "汽摩", "电动自行车"),
    "electronics": ("电子", "智能终端", "元器件", "光电", "信创", "显示", "智能家居"),
    "smart-equipment": ("装备", "数控机床", "机床", "机械", "智能制造", "机器人", "电梯", "农机"),
    "advanced-materials": ("材料", "铝", "铜", "钢", "再生", "锶盐", "化工"),
    "food": ("食品", "农产品", "农副产品", "火锅", "肉", "粮油", "酒", "饮料", "预制菜", "冷链"),
    "light-textile": ("纺织", "服装", "鞋", "箱包", "纸", "玻璃", "陶瓷", "工艺", "灯具"),
    "new-energy-storage": ("储能", "光伏", "锂电", "充电桩", "电网", "新能源材料"),
    "modern-chinese-medicine": ("中药", "医药"),
    "green-apis-and-preparations": ("原料药", "医药", "制剂"),
    "biomedicine": ("医药", "生物", "兽药", "医疗"),
    "chemical-preparations": ("制剂", "医药", "化工"),
    "modern-hardware": ("五金",),
    "green-building-materials": ("建材", "建筑"),
}

# Park level classes, found by the first of these words in the level text as the source states
# it (so 市级高新区（…国家级示范…） is municipal). A component park with no level word of its own
# takes its zone's class.
LEVEL_WORDS = (
    ("国家级", "national"), ("综合保税区", "bonded"), ("市级", "municipal"),
    ("省级", "municipal"), ("区级", "district"),
)  # fmt: skip
LEVELS = {
    "national": ("国家级", "national"),
    "bonded": ("综合保税区", "comprehensive bonded zone"),
    "municipal": ("市级", "municipal"),
    "district": ("区级", "district"),
    "unknown": ("级别未证实", "level not confirmed"),
}
LEVEL_ALIASES = {zh: key for key, (zh, _) in LEVELS.items()} | {"综保区": "bonded"}

ROLE_WORDS = {
    "leading": ("主导产业（优先发展）", "leading industry"),
    "specialty": ("特色产业（特色发展）", "specialty industry"),
}

# The plan's rule for ICNEV parts makers from outside Chongqing, 三、（一）.
ICNEV_RULE_SECTION = "三、（一）"
ICNEV_RULE_SECTION_EN = "3.1"  # the same section, numbered as English text numbers it
ICNEV_RULE_QUOTE = "市外新引进智能网联新能源汽车零部件企业原则上在渝西地区布局"
ICNEV_CLUSTER = "icv-parts"


@dataclass(frozen=True)
class Reference:
    kind: str  # point | central_city | chengdu
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    lon: float | None = None
    lat: float | None = None


REFERENCES = {
    "central_city": Reference(
        "central_city",
        "中心城区",
        "the central city",
        "到重庆中心城区九区（渝中、大渡口、江北、沙坪坝、九龙坡、南岸、北碚、渝北、巴南）"
        "边界最近点的大地线距离（WGS-84 椭球）",
        "geodesic distance (WGS-84 ellipsoid) to the nearest point of the nine central-city "
        "districts of Chongqing",
    ),
    "chengdu": Reference(
        "chengdu",
        "成都市",
        "Chengdu",
        "到成都市市域边界最近点的大地线距离（WGS-84 椭球）",
        "geodesic distance (WGS-84 ellipsoid) to the nearest point of the boundary of 成都市 "
        "(the whole prefecture-level city)",
    ),
}
REFERENCE_ALIASES = {
    "中心城区": "central_city", "重庆中心城区": "central_city", "central city": "central_city",
    "central_city": "central_city", "central-city": "central_city", "成都": "chengdu",
    "成都市": "chengdu", "chengdu": "chengdu",
}  # fmt: skip
_POINT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$")


class RequirementError(ValueError):
    """A requirement that cannot be used; `parameter` names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


def parse_reference(text: str) -> Reference:
    """`中心城区`, `成都` (or their English names) or `lon,lat` in WGS-84 degrees."""
    key = REFERENCE_ALIASES.get(text.strip().lower())
    if key:
        return REFERENCES[key]
    match = _POINT.match(text)
    if not match:
        raise RequirementError("near", "near must be 'lon,lat' (WGS-84 degrees), 中心城区 or 成都")
    lon, lat = float(match[1]), float(match[2])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise RequirementError("near", f"near {lon},{lat} is not a lon,lat position")
    return Reference(
        "point", f"所选位置（{lon:.4f}, {lat:.4f}）", f"the chosen point ({lon:.4f}, {lat:.4f})",
        "到所选点的大地线距离（WGS-84 椭球）",
        "geodesic distance (WGS-84 ellipsoid) to the chosen point", lon, lat,
    )  # fmt: skip


def parse_levels(text: str) -> frozenset[str]:
    """One or more park levels, comma-separated: national|bonded|municipal|district|unknown,
    or 国家级|综合保税区|市级|区级."""
    levels = set()
    for part in (p.strip() for p in text.split(",")):
        key = part.lower() if part.lower() in LEVELS else LEVEL_ALIASES.get(part)
        if not key:
            raise RequirementError(
                "level", f"unknown level {part!r}; use one of {', '.join(LEVELS)}"
            )
        levels.add(key)
    return frozenset(levels)


def resolve_district(text: str, vocabulary: Vocabulary) -> str:
    """A 渝西 district by adcode, name (璧山区 or 璧山) or English name; its adcode."""
    wanted = text.strip().lower()
    for role in vocabulary.roles:
        names = {role["district_adcode"], role["district"], role["district"].rstrip("区")}
        names |= {role["district_en"].lower(), role["district_en"].lower().replace(" district", "")}
        if wanted in names:
            return role["district_adcode"]
    raise RequirementError(
        "district", f"{text!r} is not one of the eight 渝西 districts (adcode or name)"
    )


@dataclass(frozen=True)
class SiteRequest:
    industry: str
    area_mu: float | None = None
    district: str | None = None  # adcode, resolved
    reference: Reference | None = None
    max_km: float | None = None
    levels: frozenset[str] | None = None
    from_outside_chongqing: bool | None = None
    limit: int = 20

    @property
    def area_km2(self) -> float | None:
        return None if self.area_mu is None else self.area_mu / MU_PER_KM2


def reason(code: str, zh: str, en: str, points: float = 0, **extra) -> dict:
    return {"code": code, "zh": zh, "en": en, "points": points} | extra


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


def _km(metres: float) -> str:
    km = metres / 1000
    return f"{km:.1f}" if km < 10 else f"{km:.0f}"


def _fmt(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:g}"


# --- plan reasons --------------------------------------------------------------------------


def _plan_reasons(
    district: dict, placement_entry: dict | None, vocab_index: dict, weights: ScoringWeights
) -> list[dict]:
    """Every way the plan ties this district to the term; only the best one scores."""
    name, name_en, section = district["name"], district["name_en"], district["plan_section"]
    cite = f"{PLAN} {section}"
    reasons = []
    for r in placement_entry["reasons"] if placement_entry else []:
        industry, industry_en = r["industry"], vocab_index["industry_en"].get(r["industry_id"], "")
        if r["via"] == "segment":
            seg_en = vocab_index["segment_en"].get(r["segment"], "")
            reasons.append(reason(
                "plan_segment",
                f"{name}把“{r['segment']}”列为主导产业“{industry}”的细分领域（{section}）",
                f"{name_en} lists {r['segment']} ({seg_en}) as a focus segment of its leading "
                f"industry {industry} ({industry_en}) (plan {section})",
                weights.plan_segment, source=cite,
            ))  # fmt: skip
            continue
        role_zh, role_en = ROLE_WORDS[r["role"]]
        if r["via"] == "industry":
            verb = "优先发展" if r["role"] == "leading" else "特色发展"
            reasons.append(reason(
                f"plan_{r['role']}",
                f"{name}{verb}“{industry}”（{role_zh[:4]}，{section}）",
                f"{name_en} names {industry} ({industry_en}) as a {role_en} (plan {section})",
                getattr(weights, f"plan_{r['role']}"), source=cite,
            ))  # fmt: skip
            continue
        cluster = vocab_index["clusters"][r["cluster_id"]]
        if r["via"] == "cluster":
            reasons.append(reason(
                "plan_cluster",
                f"{name}的{role_zh}“{industry}”属于“{cluster['name']}”产业集群"
                f"（{section}；集群归属为本项目对计划三的解读）",
                f"{name_en}'s {role_en} {industry} ({industry_en}) belongs to the cluster "
                f"{cluster['name_en']} (plan {section}; the industry-cluster link is our reading)",
                weights.plan_cluster, source=cite,
            ))  # fmt: skip
        else:  # key_product
            products = "、".join(r["products"])
            reasons.append(reason(
                "plan_key_product",
                f"计划{cluster['plan_section']}在“{cluster['name']}”集群中列出“{products}”；"
                f"{name}的{role_zh}“{industry}”属于该集群（集群归属为本项目解读）",
                f"the plan ({cluster['plan_section']}) names {products} in the cluster "
                f"{cluster['name_en']}; {name_en}'s {role_en} {industry} ({industry_en}) belongs "
                "to that cluster (the link is our reading)",
                weights.plan_key_product,
                source=f"{PLAN} {cluster['plan_section']}, {section}",
            ))  # fmt: skip
    if not reasons:
        return [reason(
            "plan_not_named", f"计划未把此产业列为{name}的主导或特色产业（{section}）",
            f"the plan does not name this industry for {name_en} (plan {section})", 0,
            source=cite,
        )]  # fmt: skip
    reasons.sort(key=lambda x: -x["points"])
    # The best reason scores; the others are shown but do not add up.
    for extra in reasons[1:]:
        extra["points"] = 0
    return reasons


def _icnev_notice(term_clusters: set[str], request: SiteRequest) -> dict | None:
    if ICNEV_CLUSTER not in term_clusters:
        return None
    if request.from_outside_chongqing is False:
        zh = (
            f"计划{ICNEV_RULE_SECTION}：“{ICNEV_RULE_QUOTE}”。该企业不是市外新引进企业，"
            "此规则不适用。"
        )
        en = (
            f"Plan section {ICNEV_RULE_SECTION_EN}: ICNEV parts makers newly brought in from "
            "outside Chongqing locate in Western Chongqing in principle. This company is not "
            "from outside Chongqing, so the rule does not apply."
        )
    else:
        if request.from_outside_chongqing:
            who_zh = "该企业为市外新引进企业，"
            who_en = "This company comes from outside Chongqing:"
        else:
            who_zh = "如该企业为市外新引进企业，"
            who_en = "If the company comes from outside Chongqing,"
        zh = (
            f"计划{ICNEV_RULE_SECTION}：“{ICNEV_RULE_QUOTE}”。{who_zh}"
            "应在渝西八区选址；以下候选均在渝西。"
        )
        en = (
            f"Plan section {ICNEV_RULE_SECTION_EN}: ICNEV parts makers newly brought in from "
            "outside Chongqing locate in Western Chongqing in principle. "
            f"{who_en} it should be sited in one of its eight districts; all candidates below are."
        )
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
    industries |= {
        r["industry_id"]
        for d in placement.districts
        for r in d["reasons"]
        if r["via"] in ("segment", "industry")
    }
    for role in vocabulary.roles:
        if role["industry_id"] in industries:
            clusters |= set(role["cluster_ids"])
    return clusters


# --- park reasons --------------------------------------------------------------------------


def _items(text: str) -> list[str]:
    """A park's industry list split at 、；，, but not inside brackets: “汽车（重型汽车，上汽）”
    stays one item."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += char in "（(" and 1 or char in "）)" and -1 or 0
        if depth <= 0 and char in "、；;，,":
            items.append(current.strip())
            current, depth = "", 0
        else:
            current += char
    return [i for i in [*items, current.strip()] if i]


def _excerpt(text: str, word: str) -> str:
    """The item of a park's industry list that holds `word`."""
    return next((item for item in _items(text) if word in item), word)


def short_note(text: str | None) -> str:
    """The head of a long source note: up to the first （ or ；, as the sources lead with it."""
    return re.split(r"[（；(;]", text or "", maxsplit=1)[0].strip() or (text or "")


def _fit_reason(park: dict, names: set[str], groups: list[tuple[str, str, str]], w) -> dict:
    text = park["industries"]
    if not text:
        return reason(
            "park_industries_unknown", "园区主导产业未见来源", "the park's industries are not "
            "known from its sources", 0,
        )  # fmt: skip
    mentioned = sorted(n for n in names if n and n in text)
    if mentioned:
        items = "、".join(mentioned)
        return reason(
            "park_mentions", f"园区产业写明“{items}”", f"the park's industries name {items}",
            w.park_mentions,
        )  # fmt: skip
    for group_zh, group_en, key in groups:
        for word in PARK_KEYWORDS.get(key, ()):
            if word in text:
                item = _excerpt(text, word)
                return reason(
                    "park_keyword",
                    f"园区产业“{item}”与“{group_zh}”相关（关键词“{word}”）",
                    f"the park's industries ({item}) relate to {group_en} (keyword {word})",
                    w.park_keyword, keyword=word,
                )  # fmt: skip
    return reason(
        "park_no_fit", "园区所列产业未提及该产业", "the park's stated industries do not mention "
        "this industry", 0,
    )  # fmt: skip


def _area_reason(park: dict, request: SiteRequest, w: ScoringWeights) -> dict | None:
    if request.area_mu is None:
        return None
    need_mu, need = request.area_mu, request.area_km2
    low, high = park["area_km2_min"], park["area_km2_max"]
    kind = short_note(park["area_kind"]) or "口径未注明"
    if low is None:
        extra_zh = extra_en = ""
        if park["parent_id"]:
            extra_zh = f"（组成园区：所属“{park['parent_name']}”的面积为整体面积，不能代替）"
            extra_en = " (a component park: its zone's area covers the whole zone)"
        return reason(
            "area_unknown",
            f"园区面积未知，无法确认能否容纳 {_fmt(need_mu)} 亩{extra_zh}",
            f"area unknown: cannot confirm that {_fmt(need_mu)} mu fits{extra_en}",
            0,
        )
    stated = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    stated_mu = (
        _fmt(low * MU_PER_KM2)
        if low == high
        else (f"{_fmt(low * MU_PER_KM2)}–{_fmt(high * MU_PER_KM2)}")
    )
    caveat_zh = "仅与园区公布面积比较，不代表可供土地"
    caveat_en = "compared with the park's stated area, not with land available"
    if low >= need:
        code, points, op = "area_fits", w.area_fits, ("不小于", "≥")
    elif high < need:
        code, points, op = "area_too_small", w.area_too_small, ("小于", "<")
    else:
        code, points, op = "area_uncertain", 0, ("可能不足", "may be below")
    return reason(
        code,
        f"园区公布面积 {stated} km²（约 {stated_mu} 亩，{kind}）{op[0]}所需 {_fmt(need_mu)} 亩"
        f"（{_fmt(need * 100)} 公顷）；{caveat_zh}",
        f"stated area {stated} km² (≈{stated_mu} mu; {kind}) {op[1]} the {_fmt(need_mu)} mu "
        f"({need:.3g} km²) needed; {caveat_en}",
        points,
    )


def _level_reason(park: dict, w: ScoringWeights) -> tuple[str, dict]:
    cls, inherited = level_class(park["level"], park["parent_level"])
    zh, en = LEVELS[cls]
    points = getattr(w, f"level_{cls}", 0)
    if inherited:
        text_zh = f"园区级别：随所属“{park['parent_name']}”为{zh}"
        text_en = f"park level: {en}, as part of {park['parent_name_en'] or park['parent_name']}"
    elif cls == "unknown":
        text_zh, text_en = "园区级别未由来源证实", "park level not confirmed by the sources"
    else:
        text_zh = f"园区级别：{zh}（{short_note(park['level'])}）"
        text_en = f"park level: {en} ({short_note(park['level'])})"
    return cls, reason(f"level_{cls}", text_zh, text_en, points, level=cls)


LOCATION_WORDS = {
    "surveyed_boundary": ("实测边界", "surveyed boundary"),
    "surveyed_point": ("实测位置", "surveyed location"),
    "town_seat": ("位置示意：点为所在镇街驻地，并非园区边界或中心",
                  "indicative location: the point is the host town's seat, not the park itself"),
    "district_seat": ("位置示意：仅知所在区，点为区政府驻地",
                      "indicative location: only the district is known; the point is its seat"),
    "none": ("无位置信息：来源只给出名称和所在区，地图上不显示",
             "no location: the sources give only the name and district; not on the map"),
}  # fmt: skip


def _location_reason(park: dict) -> dict:
    zh, en = LOCATION_WORDS[park["location_precision"]]
    if park["location_precision"] == "town_seat" and park["host_town"]:
        zh += f"（{park['host_town']}）"
    return reason(f"location_{park['location_precision']}", zh, en, 0)


def _proximity(distance_m: float | None, request: SiteRequest, w: ScoringWeights) -> float:
    if distance_m is None or request.reference is None:
        return 0
    horizon = request.max_km or w.proximity_horizon_km
    return round(w.proximity_max * max(0.0, 1 - distance_m / 1000 / horizon), 1)


def _distance_reason(
    item: dict, request: SiteRequest, w: ScoringWeights, approximate: bool, what: str
) -> dict | None:
    ref = request.reference
    if ref is None:
        return None
    d = item["distance_m"]
    if d is None:
        return reason(
            "distance_unknown", f"无位置信息，无法计算距{ref.zh}的距离",
            f"no location, so the distance from {ref.en} is unknown", 0,
        )  # fmt: skip
    points = _proximity(d, request, w)
    if approximate:
        return reason(
            "distance", f"距{ref.zh}约 {_km(d)} km（位置示意，距离为近似值）",
            f"≈{_km(d)} km from {ref.en} (indicative location)", points,
            distance_km=round(d / 1000, 2),
        )  # fmt: skip
    if d < 50:  # touching (within the boundaries' precision): "0.0 km" would read oddly
        return reason(
            "distance", f"{what[0]}与{ref.zh}相邻", f"{what[1]} next to {ref.en}",
            points, distance_km=round(d / 1000, 2),
        )  # fmt: skip
    return reason(
        "distance", f"{what[0]}距{ref.zh} {_km(d)} km", f"{what[1]} {_km(d)} km from {ref.en}",
        points, distance_km=round(d / 1000, 2),
    )  # fmt: skip


def _rule_reason(notice: dict | None, request: SiteRequest, w: ScoringWeights) -> dict | None:
    if not notice or not request.from_outside_chongqing:
        return None
    return reason(
        "plan_rule_icnev_parts",
        f"市外新引进智能网联新能源汽车零部件企业原则上在渝西地区布局（{ICNEV_RULE_SECTION}）；"
        "此处属渝西",
        f"ICNEV parts makers from outside Chongqing locate in Western Chongqing in principle "
        f"(plan section {ICNEV_RULE_SECTION_EN}); this is in Western Chongqing",
        w.plan_rule, source=f"{PLAN} {ICNEV_RULE_SECTION}",
    )  # fmt: skip


# --- ranking -------------------------------------------------------------------------------


@dataclass
class SiteSelection:
    """The answer: ranked parks and districts with reasons, and everything used to get them."""

    query: dict
    matches: list[dict]
    suggestions: list[str]
    reference: dict | None
    weights: dict
    notices: list[dict] = field(default_factory=list)
    districts: list[dict] = field(default_factory=list)
    parks: list[dict] = field(default_factory=list)


def _vocab_index(vocabulary: Vocabulary) -> dict:
    return {
        "industry_en": {r["industry_id"]: r["industry_en"] for r in vocabulary.roles},
        "segment_en": {s["name"]: s["name_en"] for s in vocabulary.segments},
        "clusters": {c["id"]: c for c in vocabulary.clusters},
    }


def _fit_groups(term_clusters: set[str], placement: Placement, vocabulary: Vocabulary) -> list:
    """(name, English name, key) of each keyword group the term falls in, clusters first."""
    groups = [(c["name"], c["name_en"], c["id"]) for c in vocabulary.clusters]
    groups = [g for g in groups if g[2] in term_clusters]
    industries = {m.id: m for m in placement.matches if m.kind == "industry"}
    groups += [(m.name, m.name_en or m.name, i) for i, m in industries.items()]
    return [g for g in groups if g[2] in PARK_KEYWORDS]


def rank(
    request: SiteRequest,
    placement: Placement,
    vocabulary: Vocabulary,
    districts: list[dict],
    parks: list[dict],
    weights: ScoringWeights = WEIGHTS,
) -> SiteSelection:
    """Score and explain. `districts` are the eight 渝西 districts, each with `within` (inside
    max_km, or True without a limit); `parks` are already limited to max_km. Both carry
    `distance_m` to the reference (None without one)."""
    term_clusters = _term_clusters(placement, vocabulary)
    notice = _icnev_notice(term_clusters, request)
    result = SiteSelection(
        query=_query_echo(request),
        matches=[asdict(m) for m in placement.matches],
        suggestions=placement.suggestions,
        reference=asdict(request.reference) if request.reference else None,
        weights=weights.as_dict(),
        notices=[notice] if notice else [],
    )
    if not placement.matches and not placement.parks:
        result.notices.append(reason(
            "no_match", f"“{placement.term}”不在计划的产业、集群或细分领域中，也未见于园区产业",
            f"{placement.term!r} is neither an industry, cluster or segment of the plan nor in "
            "any park's stated industries", 0,
        ))  # fmt: skip
        return result

    index = _vocab_index(vocabulary)
    by_district = {d["adcode"]: d for d in placement.districts}
    names = {m.name for m in placement.matches} | {placement.term}
    groups = _fit_groups(term_clusters, placement, vocabulary)
    rule = _rule_reason(notice, request, weights)

    plan_reasons = {
        d["adcode"]: _plan_reasons(d, by_district.get(d["adcode"]), index, weights)
        for d in districts
    }
    scored_parks = []
    for park in parks:
        if request.district and park["district_adcode"] != request.district:
            continue
        plan = plan_reasons[park["district_adcode"]]
        fit = _fit_reason(park, names, groups, weights)
        named = any(r["code"] in ("plan_segment", "plan_leading", "plan_specialty") for r in plan)
        if not named and fit["points"] == 0:
            continue  # neither the plan's district entry nor the park itself fits the term
        cls, level = _level_reason(park, weights)
        if request.levels and cls not in request.levels:
            continue
        approximate = park["location_precision"] in ("town_seat", "district_seat")
        reasons = [*plan, fit]
        reasons += [r for r in (_area_reason(park, request, weights), level) if r]
        distance = _distance_reason(park, request, weights, approximate, ("园区", "the park is"))
        reasons += [r for r in (distance, _location_reason(park)) if r]
        reasons += _zone_reasons(park, parks)
        if rule:
            reasons.append(rule)
        scored_parks.append(_park_out(park, cls, reasons))

    scored_parks.sort(
        key=lambda p: (-p["score"], p["distance_km"] is None, p["distance_km"] or 0,
                       p["plan_order"], p["id"])
    )  # fmt: skip
    for rank_no, park in enumerate(scored_parks, 1):
        park["rank"] = rank_no
    result.parks = scored_parks[: request.limit]

    park_ids: dict[str, list[str]] = {}
    for park in result.parks:
        park_ids.setdefault(park["district_adcode"], []).append(park["id"])
    for district in districts:
        if request.district and district["adcode"] != request.district:
            continue
        if not district["within"]:
            continue
        plan = plan_reasons[district["adcode"]]
        if plan[0]["points"] == 0 and district["adcode"] not in park_ids:
            continue
        reasons = list(plan)
        distance = _distance_reason(district, request, weights, False, ("区界", "the district is"))
        reasons += [r for r in (distance, rule) if r]
        result.districts.append({
            "adcode": district["adcode"], "name": district["name"],
            "name_en": district["name_en"], "plan_section": district["plan_section"],
            "distance_km": _round_km(district["distance_m"]),
            "score": round(sum(r["points"] for r in reasons), 1),
            "parks": park_ids.get(district["adcode"], []), "reasons": reasons,
            "plan_order": district["plan_order"],
        })  # fmt: skip
    result.districts.sort(key=lambda d: (-d["score"], d["plan_order"]))
    for rank_no, district in enumerate(result.districts, 1):
        district["rank"] = rank_no

    if request.reference and request.max_km:
        result.notices.append(reason(
            "max_km_needs_location",
            f"仅保留距{request.reference.zh} {request.max_km:g} km 以内的园区和区；"
            "无位置信息的园区无法核对距离，未列入",
            f"only parks and districts within {request.max_km:g} km of {request.reference.en} "
            "are kept; parks without a location cannot be checked and are left out", 0,
        ))  # fmt: skip
    return result


def _zone_reasons(park: dict, parks: list[dict]) -> list[dict]:
    """Zones and their component parks are the same land: say so, never count both."""
    reasons = []
    if park["parent_id"]:
        parent = park["parent_name"]
        reasons.append(reason(
            "component_of_zone", f"为“{parent}”的组成园区：与该园区是同一片土地，不另计面积",
            f"a component park of {park['parent_name_en'] or parent}: the same land, not "
            "additional", 0, zone_id=park["parent_id"],
        ))  # fmt: skip
    children = [p["name"] for p in parks if p["parent_id"] == park["id"]]
    if children:
        reasons.append(reason(
            "zone_with_components",
            f"含组成园区 {'、'.join(children)}：与这些园区是同一片土地",
            f"includes component parks ({len(children)}) listed separately: the same land",
            0,
        ))  # fmt: skip
    return reasons


def _round_km(metres: float | None) -> float | None:
    return None if metres is None else round(metres / 1000, 2)


def _park_out(park: dict, cls: str, reasons: list[dict]) -> dict:
    return {
        "id": park["id"], "name": park["name"], "name_en": park["name_en"],
        "district_adcode": park["district_adcode"], "district": park["district"],
        "district_en": park["district_en"], "plan_order": park["plan_order"],
        "level": park["level"], "level_class": cls, "host_town": park["host_town"],
        "parent_id": park["parent_id"], "parent_name": park["parent_name"],
        "location_precision": park["location_precision"],
        "location_approximate": park["location_precision"] in ("town_seat", "district_seat"),
        "lon": park["lon"], "lat": park["lat"], "distance_km": _round_km(park["distance_m"]),
        "area_km2_min": park["area_km2_min"], "area_km2_max": park["area_km2_max"],
        "area_kind": park["area_kind"], "industries": park["industries"],
        "score": round(sum(r["points"] for r in reasons), 1), "reasons": reasons,
    }  # fmt: skip


def _query_echo(request: SiteRequest) -> dict:
    return {
        "industry": request.industry, "area_mu": request.area_mu,
        "area_km2": None if request.area_km2 is None else round(request.area_km2, 4),
        "district": request.district,
        "near": asdict(request.reference) if request.reference else None,
        "max_km": request.max_km, "level": sorted(request.levels) if request.levels else None,
        "from_outside_chongqing": request.from_outside_chongqing, "limit": request.limit,
    }  # fmt: skip
