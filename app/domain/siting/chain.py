"""What the industry's chain adds to a district and its parks: reasons citing the known firms
on the chain links there (with their stage), the partners up- or downstream there, and a 补链
note when the company would fill a link 渝西 lacks. The facts come from the chain view
(app.domain.chains.facts, one call per answer); points and wording are siting's own
(weights.WEIGHT_TABLE, reasons.REASONS), so overrides and /api/rules cover them."""

from __future__ import annotations

from app.domain.chains.pipeline import STAGE_NAMES
from app.domain.siting.reasons import reason
from app.domain.siting.weights import ScoringWeights

SOURCE = "geodata/enterprises/key_enterprises.csv; geodata/chains/ (editorial chain links)"
SIDES = {"upstream": ("上游", "Upstream"), "downstream": ("下游", "Downstream")}


def terms_of(industry: str, understood_as: dict | None) -> list[str]:
    """The industry as site selection understood it: the plan names a synonym, an English
    wording or a GB/T 4754 class stands for, else the words as written."""
    if understood_as and understood_as.get("means"):
        return list(understood_as["means"])
    return [industry]


def _firms(firms: list[dict], lang: str) -> str:
    if lang == "zh":
        return "、".join(f"{f['name']}（{STAGE_NAMES[f['stage']]['zh']}）" for f in firms)
    return "; ".join(f"{f['name']} ({STAGE_NAMES[f['stage']]['en'].lower()})" for f in firms)


def _nodes(firms: list[dict]) -> tuple[str, str]:
    seen = {f["node"]: f["node_en"] for f in firms}
    return "、".join(seen), ", ".join(en or zh for zh, en in seen.items())


def _unique(firms: list[dict], seen: set) -> list[dict]:
    """Each firm once (a firm on several links is listed on the first), none of `seen`."""
    out = []
    for f in firms:
        if f["id"] not in seen:
            seen.add(f["id"])
            out.append(f)
    return out


# How the plan's section 四 stands to a gap link, for the 补链 note.
PLANNED = {
    "here": ("计划四、空间布局点名本区", "the plan's section 四 names this district"),
    "elsewhere": ("计划四、空间布局点名其他区县", "section 四 names other districts"),
    "none": ("没有区县的四、空间布局条目点名", "no district's section 四 entry names it"),
}


def _cited(firms: list[dict]) -> list[dict]:
    return [{"id": f.get("id"), "name": f["name"], "stage": f["stage"], "node_id": f["node_id"]}
            for f in firms]  # fmt: skip


def district_reasons(facts: dict | None, district: dict, w: ScoringWeights) -> list[dict]:
    """The chain reasons of one district (`facts`: chain_facts()["districts"][adcode]); the
    same list goes on each of its parks. Points: chain_firms then chain_partners, together at
    most chain_cap."""
    if not facts:
        return []
    names = {"district": district["name"], "district_en": district["name_en"]}
    budget = w.chain_points_max()
    reasons = []
    seen: set = set()
    if firms := _unique(facts["firms"], seen):
        operating = sum(f["stage"] == "operating" for f in firms)
        points = min(w.chain_firms_cap, w.chain_firms * operating, budget)
        budget -= points
        nodes_zh, nodes_en = _nodes(firms)
        reasons.append(reason("chain_firms", points, facts=names | {
            "n": len(firms), "nodes": nodes_zh, "nodes_en": nodes_en,
            "firms_zh": _firms(firms, "zh"), "firms_en": _firms(firms, "en")},
            source=SOURCE, firms=_cited(firms)))  # fmt: skip
    partners = [(side, firms) for side in SIDES if (firms := _unique(facts[side], seen))]
    partner_points = min(w.chain_partners_cap,
                         w.chain_partners * sum(len(f) for _, f in partners), budget)  # fmt: skip
    for side, firms in partners:
        nodes_zh, nodes_en = _nodes(firms)
        reasons.append(reason("chain_partners", partner_points, facts=names | {
            "side_zh": SIDES[side][0], "side_en": SIDES[side][1], "nodes": nodes_zh,
            "nodes_en": nodes_en, "firms_zh": _firms(firms, "zh"),
            "firms_en": _firms(firms, "en")},
            source=SOURCE, side=side, firms=_cited(firms)))  # fmt: skip
        partner_points = 0  # the partner points go on the first side listed
    if gaps := facts["fills_gap"]:  # one note for all the links the company would fill

        def how(gap: dict) -> tuple[str, str]:
            key = "none" if gap["status"] == "gap" else "here" if gap["planned_here"] else (
                "elsewhere")  # fmt: skip
            return PLANNED[key]

        items_zh = "、".join(f"“{g['node']}”（{how(g)[0]}）" for g in gaps)
        items_en = "; ".join(f"{g['node_en'] or g['node']} ({g['node']}; {how(g)[1]})"
                             for g in gaps)  # fmt: skip
        reasons.append(reason("chain_fills_gap", w.chain_fills_gap,
                              facts={"items_zh": items_zh, "items_en": items_en}, source=SOURCE,
                              node_ids=[g["node_id"] for g in gaps], highlight=True))  # fmt: skip
    return reasons
