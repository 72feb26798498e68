"""The 赛马 ranking of the eight districts on what is comparable in one year.

Each criterion is one measure, so one basis (checked by `same_basis`):
- a measure with district targets (营业收入) is ranked by progress, the year's actual divided
  by the district's own path value (so a small district on track beats a big one behind);
- any other ranked measure (rates such as 规上工业增加值增速) by its full-year value.
Only exact figures count ('=' or '约'); bounds ('>1000') and texts are listed as not ranked.
A criterion needs figures from at least MIN_DISTRICTS districts.

Points: among the n districts with a figure, a district gets 100 × (districts below it +
½ × districts tied with it) / (n − 1). Score: the weighted mean of its points over the criteria
where it has a figure; coverage: the share of the weights it has figures for. Districts below
MIN_COVERAGE, or with no figure at all, are listed unranked. Equal scores share a rank
(1, 2, 2, 4). Raw figures of different criteria are never added; only points are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.actuals.basis import same_basis
from app.errors import UnprocessableParameter

MIN_DISTRICTS = 2
MIN_COVERAGE = 0.5
EXACT = ("=", "≈")


@dataclass
class Criterion:
    code: str
    name: str
    name_en: str
    basis: str
    unit: str
    kind: str  # "progress" | "value"
    higher_is_better: bool
    weight: float
    values: dict[str, Decimal] = field(default_factory=dict)
    not_ranked: dict[str, str] = field(default_factory=dict)  # adcode → why


def parse_weights(text: str | None, rankable: dict[str, dict]) -> dict[str, float]:
    """'value_added_growth:2,output_growth:0.5' → weights; unknown or unrankable measures and
    negative weights are 422s that name the parameter."""
    weights = {code: float(m["weight"]) for code, m in rankable.items()}
    if not text:
        return weights
    for part in text.split(","):
        code, sep, number = part.strip().partition(":")
        if not sep:
            raise UnprocessableParameter(f"weights: {part!r} is not measure:weight", "weights")
        if code not in rankable:
            raise UnprocessableParameter(
                f"weights: {code!r} is not a ranked measure (ranked: {', '.join(rankable)}); "
                "levels such as 产值 are not ranked across districts of different size",
                "weights",
            )
        try:
            value = float(number)
        except ValueError:
            message = f"weights: {number!r} is not a number"
            raise UnprocessableParameter(message, "weights") from None
        if not 0 <= value <= 100:
            raise UnprocessableParameter("weights: each weight is between 0 and 100", "weights")
        weights[code] = value
    return weights


def points(values: dict[str, Decimal], higher_is_better: bool) -> dict[str, float]:
    n = len(values)
    out = {}
    for key, v in values.items():
        below = sum(1 for w in values.values() if (w < v if higher_is_better else w > v))
        tied = sum(1 for w in values.values() if w == v) - 1
        out[key] = round(100 * (below + 0.5 * tied) / (n - 1), 4)
    return out


def rank(criteria: list[Criterion], districts: list[dict]) -> dict:
    used = [c for c in criteria if c.weight > 0 and len(c.values) >= MIN_DISTRICTS]
    unused = [c for c in criteria if c not in used]
    scored = {c.code: points(c.values, c.higher_is_better) for c in used}
    total_weight = sum(c.weight for c in used)
    rows = []
    for d in districts:
        adcode = d["adcode"]
        mine = [(c, scored[c.code][adcode]) for c in used if adcode in c.values]
        weight = sum(c.weight for c, _ in mine)
        coverage = round(weight / total_weight, 4) if total_weight else 0.0
        score = round(sum(c.weight * p for c, p in mine) / weight, 4) if weight else None
        reason = None
        if score is None:
            reason = "no_comparable_figures"
        elif coverage < MIN_COVERAGE:
            reason = "low_coverage"
        rows.append(
            {
                "adcode": adcode,
                "name": d["name"],
                "name_en": d["name_en"],
                "score": score if reason is None else None,
                "partial_score": score,
                "coverage": coverage,
                "unranked_reason": reason,
                "criteria": {
                    c.code: {
                        "value": float(c.values[adcode]) if adcode in c.values else None,
                        "points": scored[c.code].get(adcode),
                        "not_ranked": c.not_ranked.get(adcode),
                    }
                    for c in used
                },
            }
        )
    ranked = sorted((r for r in rows if r["score"] is not None), key=lambda r: -r["score"])
    for r in ranked:
        r["rank"] = 1 + sum(1 for o in ranked if o["score"] > r["score"])
        r["tied"] = sum(1 for o in ranked if o["score"] == r["score"]) > 1
    unranked = [r | {"rank": None, "tied": False} for r in rows if r["score"] is None]
    return {
        "criteria": [_criterion(c, used=True) for c in used],
        "criteria_not_used": [_criterion(c, used=False) for c in unused],
        "districts": ranked + unranked,
        "min_districts": MIN_DISTRICTS,
        "min_coverage": MIN_COVERAGE,
    }


def _criterion(c: Criterion, used: bool) -> dict:
    why = None
    if not used:
        why = "weight_zero" if c.weight <= 0 else "too_few_districts"
    return {
        "code": c.code,
        "name": c.name,
        "name_en": c.name_en,
        "basis": c.basis,
        "unit": c.unit,
        "kind": c.kind,
        "higher_is_better": c.higher_is_better,
        "weight": c.weight,
        "districts_with_figures": len(c.values),
        "why_not_used": why,
    }


def build_criteria(
    measures: list[dict],
    weights: dict[str, float],
    figures: list[dict],
    progress_rows: list[dict],
    year: int,
) -> list[Criterion]:
    """Criteria of one year from the ranked measures, the year's full-year district figures and
    the `target_path` rows (for progress criteria)."""
    criteria = []
    for m in measures:
        if m["code"] not in weights:
            continue
        c = Criterion(
            code=m["code"],
            name=m["name"],
            name_en=m["name_en"],
            basis=m["basis"],
            unit="ratio to path" if m["district_targets"] else m["unit"],
            kind="progress" if m["district_targets"] else "value",
            higher_is_better=m["higher_is_better"],
            weight=weights[m["code"]],
        )
        if m["district_targets"]:
            rows = [
                r
                for r in progress_rows
                if r["measure_code"] == m["code"] and r["area_kind"] == "district"
                and r["year"] == year and r["actual"] is not None
            ]  # fmt: skip
            for r in rows:
                # In the baseline year every ratio is 1 by definition: nothing to rank.
                if r["progress"] in ("ahead", "behind") and r["qualifier"] in EXACT:
                    c.values[r["area_code"]] = r["ratio"]
                elif r["progress"] == "baseline":
                    c.not_ranked[r["area_code"]] = "baseline_year"
                elif r["progress"] == "no_path":
                    c.not_ranked[r["area_code"]] = "no_path"
                else:
                    c.not_ranked[r["area_code"]] = f"bound_only:{r['actual_text']}"
        else:
            rows = [f for f in figures if f["measure_code"] == m["code"]]
            for f in rows:
                if f["qualifier"] in EXACT:
                    c.values[f["area_code"]] = f["value"]
                else:
                    c.not_ranked[f["area_code"]] = f"bound_only:{f['value_text']}"
        if rows:
            same_basis([{"code": m["code"], "basis": m["basis"]}] + rows)
        criteria.append(c)
    return criteria
