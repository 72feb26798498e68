"""The words of plan progress in both languages, written once: the names of figure statuses,
of progress against the path, of why a district is not ranked, and of units. The names of bases
(口径) are data (the actual_basis table, from geodata/actuals/measures.yaml). /api/measures
serves all of them to the front end; the 通报 (app/exports/report.py) uses the same tables."""

from __future__ import annotations

PROGRESS = {
    "ahead": {"zh": "领先于路径", "en": "ahead of the path"},
    "behind": {"zh": "落后于路径", "en": "behind the path"},
    "baseline": {"zh": "基数年", "en": "baseline year"},
    "missing": {"zh": "缺数据", "en": "no figure"},
    "no_path": {"zh": "无2022年基数，无法定路径", "en": "no 2022 baseline, no path"},
    "uncertain": {"zh": "仅有区间值，无法判断", "en": "only a bound, cannot tell"},
}
UNRANKED = {
    "no_comparable_figures": {"zh": "无可比数字", "en": "no comparable figure"},
    "low_coverage": {"zh": "可比数字不足一半权重", "en": "figures for under half the weight"},
}
STATUS = {
    "official": {"zh": "官方", "en": "official"},
    "provisional": {"zh": "待核（非官方发布）", "en": "provisional"},
}
# Every unit of geodata/actuals/measures.yaml (the ingest refuses a unit not named here).
UNITS = {
    "亿元": {"zh": "亿元", "en": "CNY 100 million"},
    "亿元/年": {"zh": "亿元/年", "en": "CNY 100 million a year"},
    "亿元/平方公里": {"zh": "亿元/平方公里", "en": "CNY 100 million per km²"},
    "%": {"zh": "%", "en": "%"},
    "个": {"zh": "个", "en": ""},
    "家": {"zh": "家", "en": "firms"},
    "万辆": {"zh": "万辆", "en": "10,000 vehicles"},
    "排名": {"zh": "（名次）", "en": "(rank)"},
}


def word(table: dict, key: str | None, lang: str) -> str | None:
    """The word for `key` in `lang`, or None when the table has none (the caller decides)."""
    entry = table.get(key) if key is not None else None
    return entry[lang] if entry else None


def served() -> dict:
    return {"progress": PROGRESS, "unranked": UNRANKED, "status": STATUS, "units": UNITS}
