"""Chain reads: the database rows shaped by analysis.py and pipeline.py."""

from __future__ import annotations

import datetime as dt
import json

import asyncpg

from app.domain.chains import analysis, pipeline, queries

Db = asyncpg.Pool | asyncpg.Connection


async def chain_list(db: Db) -> list[dict]:
    chains = [dict(r) for r in await db.fetch(queries.CHAINS)]
    nodes = await nodes_of(db, None)
    for c in chains:
        mine = [n for n in nodes if n["chain_id"] == c["id"]]
        c["status_counts"] = {b: analysis.status_counts(mine, b) for b in analysis.BASES}
    return chains


async def nodes_of(db: Db, chain_id: str | None, ids: list[str] | None = None) -> list[dict]:
    rows = await db.fetch(queries.NODES, chain_id, ids)
    return [
        analysis.shape_node(
            dict(r) | {k: json.loads(r[k]) for k in ("districts", "parks", "firms")}
        )
        for r in rows
    ]


async def links_of(db: Db, chain_id: str | None) -> list[dict]:
    return [dict(r) for r in await db.fetch(queries.LINKS, chain_id)]


async def chain(db: Db, chain_id: str) -> dict | None:
    head = next((c for c in await chain_list(db) if c["id"] == chain_id), None)
    if head is None:
        return None
    nodes = await nodes_of(db, chain_id)
    links = await links_of(db, chain_id)
    own = {n["id"] for n in nodes}
    # Nodes of other chains that a link reaches, so the diagram can draw the link's far end.
    outside = sorted({x for link in links for x in (link["from_node"], link["to_node"])} - own)
    external = [
        {"id": n["id"], "name": n["name"], "name_en": n["name_en"], "chain_id": n["chain_id"],
         "status": n["status"]}
        for n in await nodes_of(db, None) if n["id"] in outside
    ]  # fmt: skip
    unplaced = [dict(r) for r in await db.fetch(queries.UNPLACED_FIRMS, chain_id)]
    return head | {
        "nodes": nodes,
        "links": links,
        "external_nodes": external,
        "firms_off_nodes": unplaced,
        "gaps": {b: analysis.gap_names(nodes, b) for b in analysis.BASES},
        "unplanned": {b: analysis.unplanned_names(nodes, b) for b in analysis.BASES},
        "rules": RULES,
    }


async def targets(db: Db, basis: str, chain_id: str | None = None) -> dict:
    nodes = await nodes_of(db, chain_id)
    links = await links_of(db, None)
    districts = [dict(r) for r in await db.fetch(queries.YUXI_DISTRICTS)]
    return analysis.targets(nodes, links, districts, basis) | {"chain_id": chain_id,
                                                               "rules": RULES}  # fmt: skip


async def pipeline_rows(db: Db) -> list[dict]:
    rows = []
    for r in await db.fetch(queries.PIPELINE):
        row = dict(r)
        row["stage_events"] = json.loads(row["stage_events"])
        rows.append(row)
    return rows


def filter_rows(rows: list[dict], district: str | None, chain: str | None, stage: str | None,
                year: int | None) -> list[dict]:  # fmt: skip
    def keep(r: dict) -> bool:
        years = {r["signed_year"], r["construction_year"], r["operating_year"]}
        return (
            (district is None or r["district_adcode"] == district)
            and (chain is None or chain in (r["cluster_ids"] or []))
            and (stage is None or r["stage"] == stage)
            and (year is None or year in years)
        )

    return [r for r in rows if keep(r)]


async def project_pipeline(db: Db, district: str | None = None, chain: str | None = None,
                           stage: str | None = None, year: int | None = None) -> dict:  # fmt: skip
    rows = filter_rows(await pipeline_rows(db), district, chain, stage, year)
    clusters = [dict(r) for r in await db.fetch(queries.CLUSTER_NAMES)]
    districts = [dict(r) for r in await db.fetch(queries.YUXI_DISTRICTS)]
    target = await db.fetchrow(
        "SELECT value, plan_quote, plan_section FROM indicator "
        "WHERE code = 'annual_new_investment_per_district'"
    )
    period = await db.fetchrow("SELECT period_start, period_end FROM plan_document LIMIT 1")
    last = min(period["period_end"], dt.date.today().year)
    return {
        "filters": {"district": district, "chain": chain, "stage": stage, "year": year},
        "stages": [{"id": s} | pipeline.STAGE_NAMES[s] for s in pipeline.STAGES],
        "projects": rows,
        "totals": pipeline.totals(rows, clusters),
        "annual_start_target": {
            "value_yi": float(target["value"]),
            "plan_quote": target["plan_quote"],
            "plan_section": target["plan_section"],
            "measured": False,
            "why": ANNUAL_TARGET_CAVEAT,
            "checks": pipeline.annual_start_check(
                filter_rows(await pipeline_rows(db), district, chain, None, None),
                [d for d in districts if district is None or d["adcode"] == district],
                float(target["value"]), period["period_start"], last,
            ),
        },
        "rules": PIPELINE_RULES,
    }  # fmt: skip


async def enterprise(db: Db, enterprise_id: str) -> str | None:
    return await db.fetchval(queries.ENTERPRISE, enterprise_id)


RULES = {
    "zh": "依据：原文＝计划原文（区县四、空间布局条目/园区所述产业/企业细分领域）"
    "直接出现该环节名称；编者＝经编者记录的等同或包含关系（如 电驱≈驱动电机、热管理⊃电空调）；"
    "相关＝仅相关，显示为“最接近的规划”，不计入。状态：已有＝已知有投产/运营企业；有规划、企业薄弱＝有区县规划、"
    "未知投产企业；缺口＝无区县规划且未知投产企业。企业表为重点企业名录，并非全部企业。",
    "en": "Basis: literal — the plan's own words (a district's entry in section 4, a park's stated "
    "industries, a firm's segment) name the node; editorial — through a documented equivalence "
    "(“电驱” ≈ “驱动电机”, “热管理” ⊃ “电空调”); related — only related, shown as the closest "
    "plans, never counted. Status: present — a known firm operates on it; planned but thin — a "
    "district plans it, no operating firm known; gap — no district plans it and no operating "
    "firm is known. The firm table lists notable firms, not all firms.",
}
PIPELINE_RULES = {
    "zh": "阶段由来源状态解析：签约/在建/投产（竣工计为投产；“a/b”取较早阶段）。"
    "投资额仅计来源所述，"
    "未述者只计数；年份为来源所述事件年份，编者推断的年份不计入分年合计。",
    "en": "Stages parsed from the sourced status: signed / under construction / operating "
    "(completed counts as operating; of 'a/b' the less advanced). Only stated investment is "
    "added up; rows without one are counted. Years are the stated years of the events; "
    "years the compiler inferred are left out of yearly totals.",
}
ANNUAL_TARGET_CAVEAT = {
    "zh": "本表为重点企业与项目名录，不是新招商项目的完整登记，也未标明哪些为新招商项目，"
    "因此无法按计划口径测度“每年均有50亿元及以上新招商项目落地开工”。下表仅列出来源注明开工年份的"
    "已知项目及其所述投资：合计达到50亿元说明仅凭所列项目即已达到；低于50亿元不能说明未达到。",
    "en": "This is a list of notable firms and projects, not a complete register of new "
    "investment-promotion projects, and it does not mark which are new: the plan's “50 亿元 "
    "or more of new projects starting construction in every district every year” cannot be "
    "measured as defined. Below are the listed projects whose construction start a source "
    "dates, with their stated investment: a total of 50 or more shows the target reached by "
    "the listed projects alone; a smaller total shows nothing.",
}
