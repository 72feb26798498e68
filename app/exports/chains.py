"""The promoter's 补链 target list and the project pipeline as files: CSV (UTF-8 with BOM, so
Excel opens it as Chinese text) and XLSX (openpyxl), the same rows in both."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from app.domain.chains.pipeline import STAGE_NAMES

STATUS_NAMES = {
    "present": {"zh": "已有", "en": "present"},
    "planned_thin": {"zh": "有规划、企业薄弱", "en": "planned but thin"},
    "gap": {"zh": "缺口", "en": "gap"},
}
BASIS_NAMES = {
    "literal": {"zh": "计划原文", "en": "literal (the plan's words)"},
    "editorial": {"zh": "含编者等同关系", "en": "with editorial equivalences"},
}
TARGET_HEADER = {
    "zh": ["范围", "产业链", "环节", "计划章节", "区域状态", "行动", "依据", "规划该环节的区县",
           "最接近的规划", "在库项目（签约/在建）", "本区在库项目", "渝西其他区已有企业",
           "相邻的已有环节"],
    "en": ["scope", "chain", "node", "plan section", "status in 渝西", "actions", "basis",
           "districts planning it", "closest plans", "pipeline (signed / under construction)",
           "pipeline here", "held elsewhere in 渝西", "present neighbours"],
}  # fmt: skip
PIPELINE_HEADER = {
    "zh": ["编号", "企业/项目", "区", "园区", "产业链（编者归类）", "细分领域（编者归类）", "阶段",
           "状态（来源原文）", "签约年份", "开工年份", "投产年份", "投资（亿元，来源所述）",
           "位置精度", "来源数", "备注"],
    "en": ["id", "enterprise / project", "district", "park", "chain (editorial)",
           "segment (editorial)", "stage", "status (as sourced)", "year signed",
           "year construction started", "year operating", "investment (亿元, as stated)",
           "location precision", "sources", "notes"],
}  # fmt: skip


def to_csv(table: tuple[list[str], list[list]]) -> str:
    header, rows = table
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_xlsx(table: tuple[list[str], list[list]], sheet: str) -> bytes:
    header, rows = table
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def target_table(
    answer: dict, names: dict[str, dict], chains: dict[str, dict], lang: str
) -> tuple[list[str], list[list]]:
    """names: adcode → {zh, en}; chains: chain id → {zh, en}."""
    sep = "、" if lang == "zh" else "; "
    region_label = "渝西" if lang == "zh" else "渝西 (Western Chongqing)"

    def districts(adcodes: list[str]) -> str:
        return sep.join(names[a][lang] for a in adcodes if a in names)

    basis = BASIS_NAMES[answer["basis"]][lang]
    rows = []
    for t in answer["region"]:
        rows.append([
            region_label, chains[t["chain_id"]][lang], t["node"], t["plan_section"],
            STATUS_NAMES[t["status"]][lang], sep.join(t["actions"]), basis,
            districts(t["planned_districts"]), districts(t["closest_districts"]),
            t["pipeline_firms"], "", "", sep.join(t["present_neighbours"]),
        ])  # fmt: skip
    for d in answer["districts"]:
        for t in d["targets"]:
            rows.append([
                d["name"] if lang == "zh" else d["name_en"], chains[t["chain_id"]][lang],
                t["node"], t["plan_section"], STATUS_NAMES[t["region_status"]][lang],
                sep.join(t["actions"]), basis, "", "", "",
                sep.join(f"{f['name']}（{STAGE_NAMES[f['stage']][lang]}）"
                         for f in t["pipeline_here"]),
                sep.join(f"{f['name']}（{f['district'] if lang == 'zh' else f['district_en']}）"
                         for f in t["held_elsewhere"]),
                "",
            ])  # fmt: skip
    return TARGET_HEADER[lang], rows


def pipeline_table(answer: dict, lang: str) -> tuple[list[str], list[list]]:
    rows = [
        [p["id"], p["name"], p["district"] if lang == "zh" else p["district_en"], p["park"],
         p["industry_chain"], p["segment"], STAGE_NAMES[p["stage"]][lang], p["status_text"],
         p["signed_year"], p["construction_year"], p["operating_year"], p["investment_yi"],
         p["location_precision"], p["source_count"], p["notes"]]
        for p in answer["projects"]
    ]  # fmt: skip
    return PIPELINE_HEADER[lang], rows
