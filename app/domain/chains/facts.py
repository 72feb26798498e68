"""What the chain view can tell site selection about a company of one industry, per district:
the known firms already on its chain links there (with their stage), its upstream and downstream
partners there, and whether it would fill a link 渝西 lacks (补链). With reason texts in both
languages, ready to cite.

    facts = await chain_facts(pool, terms=["动力电池"], district_adcodes=["500120", "500151"])
    facts["districts"]["500120"]["reasons"]   # [{"zh": "璧山区已有…", "en": "…"}]

Firm-to-node and district-to-node matches follow analysis.py (basis 'editorial' by default, so
电驱 finds 驱动电机's firms; 'literal' keeps to the plan's own words).

Site selection uses it in app/domain/siting/chain.py: one call per answer (the terms the
request was understood as), its facts turned into reasons chain_firms / chain_partners /
chain_fills_gap with siting's own weights (WEIGHT_TABLE chain_*, the values of CHAIN_WEIGHTS).
"""

from __future__ import annotations

from app.domain.chains import analysis, queries, service
from app.domain.chains.pipeline import STAGE_NAMES

# Points site selection adds (its WEIGHT_TABLE chain_* entries hold the same values), capped
# at 5 in all so that a park in a district the plan names for the term still outranks one
# linked only through a cluster (ScoringWeights.named_tiers_dominate counts them).
CHAIN_WEIGHTS = {"firm_operating": 2, "firm_cap": 4, "partner": 1, "partner_cap": 1, "cap": 5}


def match_nodes(nodes: list[dict], equivalences: list[dict], chains: list[dict],
                terms: list[str]) -> list[dict]:  # fmt: skip
    """Nodes an industry term stands for: a node's name; an equivalent or broader term of the
    equivalences; a chain (cluster) name → all its nodes; else names containing the term."""
    found: dict[str, dict] = {}
    by_id = {n["id"]: n for n in nodes}
    for term in (t.strip() for t in terms if t and t.strip()):
        hits = [n for n in nodes if n["name"] == term]
        hits += [by_id[q["node_id"]] for q in equivalences
                 if q["term"] == term and q["relation"] != "related"]  # fmt: skip
        chain_ids = {c["id"] for c in chains if term in (c["name"], c["id"])}
        hits += [n for n in nodes if n["chain_id"] in chain_ids]
        if not hits and len(term) >= 2:
            hits = [n for n in nodes if term in n["name"] or n["name"] in term]
        for n in hits:
            found.setdefault(n["id"], n)
    return list(found.values())


def _firm_text(firms: list[dict], lang: str) -> str:
    sep = "、" if lang == "zh" else "; "
    return sep.join(
        f"{f['name']}（{STAGE_NAMES[f['stage']]['zh']}）" if lang == "zh"
        else f"{f['name']} ({STAGE_NAMES[f['stage']]['en'].lower()})"
        for f in firms
    )  # fmt: skip


def district_facts(adcode: str, name: dict, matched: list[dict], nodes: list[dict],
                   links: list[dict], basis: str) -> dict:  # fmt: skip
    by_id = {n["id"]: n for n in nodes}
    ids = {n["id"] for n in matched}

    def firms_on(node: dict) -> list[dict]:
        return [
            f | {"node_id": node["id"], "node": node["name"], "node_en": node["name_en"]}
            for f in node["firms"]
            if f["district_adcode"] == adcode and analysis.counts(f["basis"], basis)
        ]

    on_chain = [f for n in matched for f in firms_on(n)]
    up_ids = {link["from_node"] for link in links if link["to_node"] in ids} - ids
    down_ids = {link["to_node"] for link in links if link["from_node"] in ids} - ids
    upstream = [f for i in sorted(up_ids) if i in by_id for f in firms_on(by_id[i])]
    downstream = [f for i in sorted(down_ids) if i in by_id for f in firms_on(by_id[i])]
    gaps = [
        {"node_id": n["id"], "node": n["name"], "node_en": n["name_en"],
         "status": n["status"][basis]["status"],
         "planned_here": adcode in n["status"][basis]["planned_districts"]}
        for n in matched if n["status"][basis]["status"] in ("gap", "planned_thin")
    ]  # fmt: skip
    plans = [n["name"] for n in matched if adcode in n["status"][basis]["planned_districts"]]
    operating = [f for f in on_chain if f["stage"] == "operating"]
    points = min(
        CHAIN_WEIGHTS["cap"],
        min(CHAIN_WEIGHTS["firm_cap"], CHAIN_WEIGHTS["firm_operating"] * len(operating))
        + min(CHAIN_WEIGHTS["partner_cap"],
              CHAIN_WEIGHTS["partner"] * len(upstream + downstream)),
    )  # fmt: skip
    reasons = []
    nodes_zh = "、".join(n["name"] for n in matched)
    if on_chain:
        reasons.append({
            "zh": f"{name['zh']}已有 {len(on_chain)} 家已知企业在“{nodes_zh}”环节："
                  f"{_firm_text(on_chain, 'zh')}",
            "en": f"{name['en']} already hosts {len(on_chain)} known firm(s) on {nodes_zh}: "
                  f"{_firm_text(on_chain, 'en')}",
        })  # fmt: skip
    for side, firms in (("upstream", upstream), ("downstream", downstream)):
        if firms:
            zh_side = "上游" if side == "upstream" else "下游"
            reasons.append({
                "zh": f"{name['zh']}的{zh_side}配套：{_firm_text(firms, 'zh')}"
                      f"（{'、'.join(sorted({f['node'] for f in firms}))}）",
                "en": f"{side.capitalize()} partners in {name['en']}: {_firm_text(firms, 'en')}",
            })  # fmt: skip
    for g in gaps:
        zh = "渝西尚无已知投产企业"
        if g["status"] == "gap":
            zh += "，且没有区县的四、空间布局条目点名该环节"
        en = "no operating firm is known in 渝西" + (
            " and no district's section 四 entry names it" if g["status"] == "gap" else ""
        )
        reasons.append({
            "zh": f"补链：“{g['node']}”{zh}；在此落户可补上这一环节",
            "en": f"补链 (fills a gap): {g['node']} — {en}; a company here would fill it",
        })  # fmt: skip
    return {
        "adcode": adcode,
        "plans_node": plans,
        "firms": on_chain,
        "upstream": upstream,
        "downstream": downstream,
        "fills_gap": gaps,
        "points": points,
        "reasons": reasons,
    }


async def chain_facts(db: service.Db, terms: list[str] | None = None,
                      node_ids: list[str] | None = None,
                      district_adcodes: list[str] | None = None,
                      basis: str = "editorial") -> dict:  # fmt: skip
    """Per district (all eight unless given): firms on the industry's chain links with their
    stage, upstream/downstream partners, 补链 notes, proposed points and reasons (zh/en)."""
    if basis not in analysis.BASES:
        raise ValueError(f"basis must be one of {', '.join(analysis.BASES)}")
    links = await service.links_of(db, None)
    if node_ids:
        wanted = set(node_ids)
    else:  # match on names first, then read only the matched nodes and their neighbours
        names = [dict(r) for r in await db.fetch(queries.NODE_NAMES)]
        equivalences = [dict(r) for r in await db.fetch(
            "SELECT term, node_id, relation FROM chain_equivalence")]  # fmt: skip
        chains = [dict(r) for r in await db.fetch(queries.CHAINS)]
        wanted = {n["id"] for n in match_nodes(names, equivalences, chains, terms or [])}
    near = {x for link in links if wanted & {link["from_node"], link["to_node"]}
            for x in (link["from_node"], link["to_node"])}  # fmt: skip
    nodes = await service.nodes_of(db, None, sorted(wanted | near)) if wanted else []
    matched = [n for n in nodes if n["id"] in wanted]
    districts = [dict(r) for r in await db.fetch(queries.YUXI_DISTRICTS)]
    if district_adcodes is not None:
        districts = [d for d in districts if d["adcode"] in set(district_adcodes)]
    return {
        "basis": basis,
        "nodes": [{"id": n["id"], "name": n["name"], "name_en": n["name_en"],
                   "chain_id": n["chain_id"], "status": n["status"][basis]["status"]}
                  for n in matched],
        "weights": CHAIN_WEIGHTS,
        "districts": {
            d["adcode"]: district_facts(d["adcode"], {"zh": d["name"], "en": d["name_en"]},
                                        matched, nodes, links, basis)
            for d in districts
        },
    }  # fmt: skip
