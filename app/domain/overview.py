"""产业布局总表: the eight districts × the plan's nine clusters in one table. Each cell holds the
district's industries that belong to the cluster, in the plan's words (section 四: the industry
and its focus segments), with their role (leading 优先发展 / specialty 特色发展) and whether
the plan names the cluster's industry itself or the industry is linked to the cluster only by our
editorial cluster mapping (`industry_cluster`). Industries in none of the nine clusters get a
last column. The roles and links are those of /api/placements for the cluster's name, so that a
click on a cell colours the map exactly as the cell reads. Framework-free."""

from __future__ import annotations

from app.domain.matching import ROLE_RANK, Vocabulary, match_term

OTHER = {
    "id": "other",
    "name": "未归入九大集群的产业",
    "name_en": "Industries in none of the nine clusters",
}


def _entry(industry: dict, role: str, via: str) -> dict:
    return {
        "id": industry["id"],
        "name": industry["name"],
        "name_en": industry.get("name_en"),
        "role": role,
        "via": via,  # "industry": the plan names it in the cluster's words; "cluster": editorial
        "segments": industry.get("segments", []),
        "segments_open_ended": industry.get("segments_open_ended", False),
    }


def _cell(entries: list[dict]) -> dict:
    best = max(entries, key=lambda e: (ROLE_RANK[e["role"]], e["via"] == "industry"))
    return {
        "role": best["role"],
        "linked": all(e["via"] == "cluster" for e in entries),
        "entries": entries,
    }


def build(districts: list[dict], clusters: list[dict], vocabulary: Vocabulary) -> dict:
    """districts: rows of yuxi_district (with leading_/specialty_industries); clusters: rows of
    cluster in the plan's order."""
    rows = []
    for d in districts:
        industries = [(i, "leading") for i in d["leading_industries"]]
        industries += [(i, "specialty") for i in d["specialty_industries"]]
        cells: dict[str, dict] = {}
        for cluster in clusters:
            placement = match_term(cluster["name"], vocabulary)
            reasons = next(
                (x["reasons"] for x in placement.districts if x["adcode"] == d["adcode"]), []
            )
            via = {r["industry_id"]: r["via"] for r in reasons}
            entries = [
                _entry(industry, role, via[industry["id"]])
                for industry, role in industries
                if industry["id"] in via
            ]
            if entries:
                cells[cluster["id"]] = _cell(entries)
        unclustered = [_entry(i, role, "industry") for i, role in industries if not i["clusters"]]
        if unclustered:
            cells[OTHER["id"]] = _cell(unclustered)
        rows.append(
            {
                "adcode": d["adcode"],
                "name": d["name"],
                "name_en": d["name_en"],
                "plan_order": d["plan_order"],
                "plan_section": d["plan_section"],
                "revenue_target_2027": d["revenue_target_2027"],
                "specialty_open_ended": d["specialty_open_ended"],
                "cells": cells,
            }
        )
    columns = [
        {
            "id": c["id"],
            "name": c["name"],
            "name_en": c["name_en"],
            "plan_section": c["plan_section"],
            "revenue_target_2027": c["revenue_target_2027"],
        }
        for c in clusters
    ]
    return {"columns": [*columns, OTHER], "rows": rows}


# The words of a cell, as the plan writes them: "主导：智能网联新能源汽车零部件（动力电池等）".
ROLE_WORDS = {
    "zh": {"leading": "主导", "specialty": "特色", "linked": "经集群归类"},
    "en": {"leading": "Leading", "specialty": "Specialty", "linked": "linked by cluster"},
}


def entry_text(entry: dict, lang: str) -> str:
    en = lang == "en"
    name = (entry["name_en"] if en else None) or entry["name"]
    text = f"{ROLE_WORDS[lang][entry['role']]}{': ' if en else '：'}{name}"
    if entry["segments"]:
        names = [(s.get("name_en") if en else None) or s["name"] for s in entry["segments"]]
        etc = (", etc." if en else "等") if entry["segments_open_ended"] else ""
        text += f" ({', '.join(names)}{etc})" if en else f"（{'、'.join(names)}{etc}）"
    if entry["via"] == "cluster":
        text += f" [{ROLE_WORDS[lang]['linked']}]" if en else f"〔{ROLE_WORDS[lang]['linked']}〕"
    return text


def table(overview: dict, lang: str) -> tuple[list[str], list[list]]:
    """The overview as a header and rows of text and numbers, for CSV and XLSX."""
    en = lang == "en"
    name = lambda x: (x.get("name_en") if en else None) or x["name"]  # noqa: E731
    header = [
        "District" if en else "区县",
        "2027 revenue target (100 million yuan)" if en else "2027年营业收入目标（亿元）",
        *[name(c) for c in overview["columns"]],
    ]
    body = []
    for row in overview["rows"]:
        cells = [
            "; ".join(entry_text(e, lang) for e in row["cells"][c["id"]]["entries"])
            if c["id"] in row["cells"]
            else ""
            for c in overview["columns"]
        ]
        body.append([name(row), row["revenue_target_2027"], *cells])
    return header, body
