"""Progress towards each 2027 target: the year's actual against the path from the 2022 baseline
(the path rule of each measure is data, geodata/actuals/measures.yaml, computed by the
`target_path` view), the latest actual, years left. Missing figures stay missing (None), never 0.
"""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from app.domain.actuals import queries
from app.errors import UnprocessableParameter

PATH_RULES = {
    "compound": {
        "zh": "复合增长：从2022年基数按不变年增长率增长到2027年目标",
        "en": "compound: a constant yearly growth rate from the 2022 baseline to the 2027 target",
    },
    "linear": {
        "zh": "线性：从2022年基数每年等量提高到2027年目标",
        "en": "linear: equal yearly steps from the 2022 baseline to the 2027 target",
    },
    "cumulative": {
        "zh": "累计：从2022年的0每年等量累计到2027年目标",
        "en": "cumulative: equal yearly steps from 0 in 2022 to the 2027 target",
    },
    "annual_floor": {
        "zh": "每年下限：2023—2027年每年都应达到",
        "en": "annual floor: to be reached in every year 2023–2027",
    },
}


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _figure(row: dict) -> dict:
    return {
        "year": row["year"],
        "value": _num(row["actual"]),
        "value_text": row["actual_text"],
        "qualifier": row["qualifier"],
        "status": row["status"],
        "path_value": _num(row["path_value"]),
        "ratio": _num(row["ratio"]),
        "progress": row["progress"],
    }


def summarise(rows: list[dict], year: int) -> dict:
    """Rows of `target_path` (all years) → one entry per target as of `year`, and the share of
    targets that have a figure of their own basis by then."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["indicator_code"], row["area_code"]), []).append(row)
    targets = []
    for series in groups.values():
        first = series[0]
        at_year = next((r for r in series if r["year"] == year), None)
        known = [r for r in series if r["actual"] is not None and r["year"] <= year]
        latest = known[-1] if known else None
        targets.append(
            {
                "indicator_code": first["indicator_code"],
                "scope": first["scope"],
                "name": first["name"],
                "name_en": first["name_en"],
                "plan_section": first["plan_section"],
                "plan_quote": first["plan_quote"],
                "area_code": first["area_code"],
                "area_kind": first["area_kind"],
                "area": first["district"] or first["cluster"] or "渝西地区",
                "area_en": first["district_en"] or first["cluster_en"] or "Western Chongqing",
                "measure_code": first["measure_code"],
                "basis": first["basis"],
                "unit": first["unit"],
                "comparator": first["comparator"],
                "target": _num(first["target"]),
                "base_year": first["base_year"],
                "target_year": first["target_year"],
                "path": first["path"],
                "path_rule": PATH_RULES[first["path"]],
                "baseline": _num(first["baseline"]),
                "year": year,
                "years_left": max(first["target_year"] - year, 0),
                "path_value": _num(at_year["path_value"]) if at_year else None,
                "actual": _figure(at_year) if at_year and at_year["actual"] is not None else None,
                "progress": at_year["progress"] if at_year else "missing",
                "latest": _figure(latest) if latest else None,
                "series": [
                    {
                        "year": r["year"],
                        "path_value": _num(r["path_value"]),
                        "actual": _num(r["actual"]),
                        "progress": r["progress"],
                    }
                    for r in series
                ],
            }
        )
    with_data = sum(1 for t in targets if t["latest"] is not None)
    return {
        "year": year,
        "targets": targets,
        "targets_total": len(targets),
        "targets_with_data": with_data,
        "share_with_data": round(with_data / len(targets), 4) if targets else None,
    }


async def progress(db: asyncpg.Pool, year: int, area: str | None = None) -> dict:
    rows = [dict(r) for r in await db.fetch(queries.TARGET_PATHS)]
    if area is not None:
        rows = [r for r in rows if r["area_code"] == area]
        if not rows:
            raise UnprocessableParameter(f"area {area} has no plan targets", "area")
    summary = summarise(rows, year)
    summary["area"] = area
    summary["path_rules"] = PATH_RULES
    return summary
