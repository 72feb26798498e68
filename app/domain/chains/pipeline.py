"""The project pipeline (项目库): known firms and projects by stage (签约 → 在建 → 投产/运营),
with stated investment totals per district, chain and year, and the plan's yearly 50 亿元
开工 target compared only as far as these data measure it.

Totals add only figures a source states (investment_yi); rows without one are counted, never
estimated. A year is the stated year of the event (签约 for signings, 开工 for construction
starts); years a source did not state but the compiler inferred are left out of yearly totals.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

STAGES = ("signed", "under_construction", "operating")
STAGE_NAMES = {
    "signed": {"zh": "签约", "en": "Signed"},
    "under_construction": {"zh": "在建", "en": "Under construction"},
    "operating": {"zh": "投产/运营", "en": "Operating"},
}
YEAR_OF = {"signed": "signed_year", "started": "construction_year", "operating": "operating_year"}


def _total(rows: list[dict]) -> dict:
    stated = [r["investment_yi"] for r in rows if r["investment_yi"] is not None]
    return {
        "projects": len(rows),
        "with_stated_investment": len(stated),
        "investment_yi": float(sum(stated, Decimal(0))) if stated else None,
    }


def totals(rows: list[dict], clusters: list[dict]) -> dict:
    """Totals by stage, by district × stage, by chain (cluster) × stage and by event year."""
    by_stage = {s: _total([r for r in rows if r["stage"] == s]) for s in STAGES}
    by_district: dict[str, dict] = {}
    for r in rows:
        by_district.setdefault(r["district_adcode"], {"name": r["district"],
                                                       "name_en": r["district_en"]})  # fmt: skip
    for adcode, entry in by_district.items():
        mine = [r for r in rows if r["district_adcode"] == adcode]
        entry |= {"all": _total(mine)} | {s: _total([r for r in mine if r["stage"] == s])
                                          for s in STAGES}  # fmt: skip
    by_chain = []
    for c in clusters:
        mine = [r for r in rows if c["id"] in (r["cluster_ids"] or [])]
        if mine:
            by_chain.append(
                {"id": c["id"], "name": c["name"], "name_en": c["name_en"], "all": _total(mine)}
                | {s: _total([r for r in mine if r["stage"] == s]) for s in STAGES}
            )
    by_year: dict[str, dict[int, dict]] = {}
    for event, column in YEAR_OF.items():
        years = defaultdict(list)
        for r in rows:
            if r[column] is not None:
                years[r[column]].append(r)
        by_year[event] = {y: _total(years[y]) for y in sorted(years)}
    return {"stages": by_stage, "districts": by_district, "chains": by_chain, "years": by_year,
            "all": _total(rows)}  # fmt: skip


def annual_start_check(rows: list[dict], districts: list[dict], target_yi: float,
                       first_year: int, last_year: int) -> list[dict]:  # fmt: skip
    """Per district and year of the plan period: the known projects whose construction start
    (开工) a source dates to that year, and their stated investment.

    The table lists notable firms, not every 新招商项目, and does not say which projects are
    new investment-promotion projects: a known total of at least the target shows it reached
    *by the projects listed*; a smaller total shows nothing (verdict 'not_measured')."""
    checks = []
    for d in districts:
        for year in range(first_year, last_year + 1):
            started = [
                r
                for r in rows
                if r["district_adcode"] == d["adcode"] and r["construction_year"] == year
            ]
            total = _total(started)
            amount = total["investment_yi"] or 0
            checks.append({
                "adcode": d["adcode"], "name": d["name"], "name_en": d["name_en"], "year": year,
                **total,
                "projects_listed": [{"id": r["id"], "name": r["name"],
                                     "investment_yi": r["investment_yi"]} for r in started],
                "verdict": "reached_by_listed_projects" if amount >= target_yi
                           else "not_measured",
            })  # fmt: skip
    return checks
