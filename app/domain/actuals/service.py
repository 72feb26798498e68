"""Reads of actuals, progress and the ranking, over an asyncpg pool; framework-free."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import asyncpg

from app.domain.actuals import queries, ranking, words
from app.domain.actuals.basis import same_basis
from app.domain.actuals.progress import progress
from app.errors import UnprocessableParameter

__all__ = ["actuals", "compare", "default_year", "measures", "progress", "rank_districts"]


def plain(row: asyncpg.Record) -> dict:
    """A row as JSON-ready values: dates as ISO text, numerics as floats."""
    out = {}
    for key, value in dict(row).items():
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = float(value)
        out[key] = value
    return out


async def measures(db: asyncpg.Pool) -> dict:
    rows = [plain(r) for r in await db.fetch(queries.MEASURES)]
    bases = [dict(r) for r in await db.fetch(queries.BASES)]
    return {"bases": bases, "measures": rows, "words": words.served()}


async def actuals(
    db: asyncpg.Pool,
    measure: list[str] | None = None,
    area: str | None = None,
    year: int | None = None,
    basis: str | None = None,
    period_kind: str | None = None,
) -> list[dict]:
    rows = await db.fetch(queries.ACTUALS, measure, area, year, basis, period_kind)
    return [plain(r) for r in rows]


async def compare(db: asyncpg.Pool, measure_codes: list[str], year: int) -> dict:
    """The full-year figures of several measures side by side, only if they share one basis."""
    known = {m["code"]: m for m in (await measures(db))["measures"]}
    unknown = [c for c in measure_codes if c not in known]
    if unknown:
        raise UnprocessableParameter(f"unknown measure {', '.join(unknown)}", "measure")
    basis = same_basis([known[c] for c in measure_codes])
    rows = await actuals(db, measure=measure_codes, year=year, period_kind="year")
    return {"year": year, "basis": basis, "measures": measure_codes, "figures": rows}


async def default_year(db: asyncpg.Pool) -> int:
    """The latest year with any full-year figure, else the current year (capped to 2027)."""
    year = await db.fetchval("SELECT max(year) FROM actual WHERE period_kind = 'year'")
    return int(year) if year else min(dt.date.today().year, 2027)


async def rank_districts(
    db: asyncpg.Pool, year: int, weights_text: str | None = None, quarter: int | None = None
) -> dict:
    """The ranking of a full year, or of a quarter's year-to-date figures (no path exists for
    part of a year, so progress criteria then have no figures)."""
    measure_rows = (await measures(db))["measures"]
    rankable = {m["code"]: m for m in measure_rows if m["rank"]}
    weights = ranking.parse_weights(weights_text, rankable)
    month_to = 3 * quarter if quarter else None
    figures = [dict(r) for r in await db.fetch(queries.DISTRICT_FIGURES_OF_PERIOD, year, month_to)]
    progress_rows = [] if quarter else [dict(r) for r in await db.fetch(queries.TARGET_PATHS)]
    districts = [dict(r) for r in await db.fetch(queries.YUXI_DISTRICTS)]
    criteria = ranking.build_criteria(
        [m for m in measure_rows if m["code"] in rankable], weights, figures, progress_rows, year
    )
    result = ranking.rank(criteria, districts)
    result["year"] = year
    result["quarter"] = quarter
    result["weights"] = weights
    return result
