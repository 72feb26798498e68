"""What the plan says of a district for the term: its role (leading/specialty industry, focus
segment, cluster link) and the plan's own rule for ICNEV parts makers from outside Chongqing."""

from __future__ import annotations

from app.domain.matching import Placement, Vocabulary
from app.domain.rules import (
    PLAN,
    plan_section_en,
)
from app.domain.siting.keywords import PARK_KEYWORDS
from app.domain.siting.reasons import reason
from app.domain.siting.request import SiteRequest
from app.domain.siting.weights import ScoringWeights

ROLE_WORDS = {
    "leading": ("主导产业（优先发展）", "leading industry"),
    "specialty": ("特色产业（特色发展）", "specialty industry"),
}

# The plan's rule for ICNEV parts makers from outside Chongqing, 三、（一）.
ICNEV_RULE_SECTION = "三、（一）"
ICNEV_RULE_QUOTE = "市外新引进智能网联新能源汽车零部件企业原则上在渝西地区布局"
ICNEV_CLUSTER = "icv-parts"


def district_plan_reasons(
    district: dict, entry: dict | None, index: dict, w: ScoringWeights
) -> list:
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


def icnev_notice(term_clusters: set[str], request: SiteRequest) -> dict | None:
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


def clusters_of_term(placement: Placement, vocabulary: Vocabulary) -> set[str]:
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


def fit_groups(term_clusters: set[str], placement: Placement, vocabulary: Vocabulary) -> list:
    """(name, English name, key) of each keyword group the term falls in, clusters first."""
    groups = [(c["name"], c["name_en"], c["id"]) for c in vocabulary.clusters
              if c["id"] in term_clusters]  # fmt: skip
    groups += [(m.name, m.name_en or m.name, m.id) for m in placement.matches
               if m.kind == "industry"]  # fmt: skip
    return [g for g in groups if g[2] in PARK_KEYWORDS]


def rule_reason(notice: dict | None, request: SiteRequest, w: ScoringWeights) -> dict | None:
    if not notice or not request.from_outside_chongqing:
        return None
    return reason("plan_rule_icnev_parts", w.plan_rule_icnev_parts,
                  facts={"section": ICNEV_RULE_SECTION},
                  source=f"{PLAN} {ICNEV_RULE_SECTION}")  # fmt: skip
