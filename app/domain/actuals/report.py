"""The periodic 通报 (七、（三）: 建立定期通报和调度机制): for one year, or one quarter's
year-to-date figures, the ranking, each district's figures against its path, what changed since
the previous report, and the sources. The HTML page and the XLSX workbook both render this."""

from __future__ import annotations

import datetime as dt

import asyncpg

from app.domain.actuals import queries
from app.domain.actuals.service import plain, progress, rank_districts
from app.errors import NotFound


def previous_period(year: int, quarter: int | None) -> tuple[int, int | None] | None:
    """The report before: the year before, or the quarter before (Q1 → the previous year)."""
    if quarter is None or quarter == 1:
        return (year - 1, None) if year > 2022 else None
    return (year, quarter - 1)


def period_label(year: int, quarter: int | None, lang: str) -> str:
    if quarter is None:
        return f"{year}年" if lang == "zh" else str(year)
    if lang == "zh":
        return f"{year}年1—{3 * quarter}月"
    return f"{year}, January–{_MONTH[3 * quarter]}"


_MONTH = {3: "March", 6: "June", 9: "September"}


async def periods(db: asyncpg.Pool) -> list[dict]:
    rows = await db.fetch(queries.REPORT_PERIODS)
    return [{"year": r["year"], "quarter": r["quarter"]} for r in rows]


def _key(figure: dict) -> tuple:
    return (figure["measure_code"], figure["area_code"], figure["subject"])


def changes(
    figures: list[dict],
    before_figures: list[dict],
    ranks: dict[str, int | None],
    before_ranks: dict[str, int | None],
    targets: list[dict],
    before_targets: list[dict],
) -> list[dict]:
    """What changed since the previous report: ranks, progress, figures of the same measure,
    area and kind of period (so of one basis), and figures new in this report."""
    out = []
    for adcode, rank in ranks.items():
        if rank != before_ranks.get(adcode) and (rank or before_ranks.get(adcode)):
            out.append({"kind": "rank", "area_code": adcode, "before": before_ranks.get(adcode),
                        "after": rank})  # fmt: skip
    earlier = {(t["indicator_code"], t["area_code"]): t for t in before_targets}
    for t in targets:
        was = earlier.get((t["indicator_code"], t["area_code"]))
        if was and was["progress"] != t["progress"] and t["progress"] != "missing":
            out.append({"kind": "progress", "area_code": t["area_code"], "area": t["area"],
                        "indicator": t["name"], "indicator_en": t.get("name_en"),
                        "before": was["progress"], "after": t["progress"]})  # fmt: skip
    previous = {_key(f): f for f in before_figures}
    for f in figures:
        was = previous.get(_key(f))
        if was is None:
            out.append({"kind": "new", "area_code": f["area_code"], "figure": f})
        elif was["value_text"] != f["value_text"]:
            out.append({"kind": "figure", "area_code": f["area_code"], "figure": f,
                        "before": was["value_text"], "after": f["value_text"]})  # fmt: skip
    return out


async def report(db: asyncpg.Pool, year: int, quarter: int | None = None) -> dict:
    available = await periods(db)
    if not any(p["year"] == year and p["quarter"] == quarter for p in available):
        what = f"{year}" + (f" Q{quarter}" if quarter else "")
        raise NotFound(
            f"no figures for {what}: reports exist for "
            + ", ".join(
                f"{p['year']}" + (f" Q{p['quarter']}" if p["quarter"] else "") for p in available
            )  # fmt: skip
        )
    month_to = 3 * quarter if quarter else None
    ranked = await rank_districts(db, year, quarter=quarter)
    figures = [plain(r) for r in await db.fetch(queries.FIGURES_OF_PERIOD, year, month_to)]
    targets = (await progress(db, min(max(year, 2022), 2027)))["targets"] if not quarter else []
    before = previous_period(year, quarter)
    before_figures, before_ranks, before_targets = [], {}, []
    if before:
        b_year, b_quarter = before
        b_month = 3 * b_quarter if b_quarter else None
        before_figures = [
            plain(r) for r in await db.fetch(queries.FIGURES_OF_PERIOD, b_year, b_month)
        ]
        b_ranked = await rank_districts(db, b_year, quarter=b_quarter)
        before_ranks = {d["adcode"]: d["rank"] for d in b_ranked["districts"]}
        if not quarter and b_year >= 2022:
            before_targets = (await progress(db, b_year))["targets"]
    ranks = {d["adcode"]: d["rank"] for d in ranked["districts"]}
    district_targets = {t["area_code"]: t for t in targets if t["indicator_code"].startswith(
        "revenue:") and t["area_kind"] == "district"}  # fmt: skip
    districts = []
    for d in ranked["districts"]:
        districts.append(
            d | {
                "revenue": district_targets.get(d["adcode"]),
                "figures": [f for f in figures if f["area_code"] == d["adcode"]],
            }
        )  # fmt: skip
    districts.sort(key=lambda d: (d["rank"] is None, d["rank"] or 0))
    # Numbered references, one per URL (a source's note in brackets is kept from its first use).
    sources: list[str] = []
    numbers: dict[str, int] = {}
    for f in figures:
        f["source_numbers"] = []
        for text in f["sources"]:
            url = text.split()[0]
            if url not in numbers:
                sources.append(text)
                numbers[url] = len(sources)
            f["source_numbers"].append(numbers[url])
    return {
        "year": year,
        "quarter": quarter,
        "previous": {"year": before[0], "quarter": before[1]} if before else None,
        "ranking": ranked,
        "districts": districts,
        "region_figures": [f for f in figures if f["area_kind"] != "district"],
        "targets": [t for t in targets if t["area_kind"] != "district"],
        "targets_with_data": sum(1 for t in targets if t["latest"]),
        "targets_total": len(targets),
        "changes": changes(figures, before_figures, ranks, before_ranks, targets, before_targets),
        "sources": sources,
        "datasets": [dict(r) for r in await db.fetch(queries.SOURCES)],
        "bases": {r["code"]: r["name_en"] for r in await db.fetch(queries.BASES)},
        "generated": dt.date.today().isoformat(),
    }
