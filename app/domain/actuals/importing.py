"""Getting figures in: a template per year (CSV or XLSX), and an import that checks every row
(unknown indicator or area, wrong unit, wrong basis, duplicate period, bad value or period,
missing source) and then writes all rows in one transaction — or none.

Rows whose value is blank are template rows left unfilled and are skipped. The same function
serves the CLI (`industry-map actuals import FILE [--dry-run]`) and the editors' upload.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePath

import asyncpg
from openpyxl import Workbook, load_workbook

from app.domain.actuals.figures import (
    AREA_ALIASES,
    STATUSES,
    FigureError,
    actual_record,
    parse_period,
    parse_value,
    split_sources,
)
from app.errors import ProblemError
from app.messages import Message, msg, render

COLUMNS = [
    "indicator",  # the measure's code (see /api/measures)
    "indicator_name",  # for the reader; not checked
    "area",  # adcode, yuxi, 500000 or cluster:<id>
    "area_name",  # for the reader; not checked
    "subject",  # optional: the industry a sector figure is about
    "year",  # 2024, 2024（1–9月）, 2024（2024-06-30） …
    "value",  # as the source states it: 1234.5, >1000, 约290
    "unit",
    "basis",
    "status",  # official | provisional
    "sources",  # URLs or documents, separated by " | "
    "notes",
]
MIN_YEAR, MAX_YEAR = 2018, 2030
MAX_ROWS = 5000


class ImportRejected(ProblemError):
    """The file has errors; nothing was written. `errors` lists each with its row and column."""

    status = 422
    title = "Import rejected: nothing was written"

    def __init__(self, errors: list[dict]):
        super().__init__(msg("actuals.rejected", n=len(errors)), errors[0]["column"])
        self.errors = errors

    def rows(self, lang: str) -> list[dict]:
        """Each error with its row, column (the file's header, and its name in `lang`),
        stable code and text in `lang`."""
        return [
            {"row": e["row"], "column": e["column"],
             "column_label": column_label(e["column"], lang),
             "code": e["text"].code, "message": render(e["text"], lang)}
            for e in self.errors
        ]  # fmt: skip


def column_label(column: str, lang: str) -> str:
    """The template column's name in `lang`; other headers (or none) as they are."""
    return render(msg(f"actuals.column.{column}"), lang) if column in COLUMNS else column


@dataclass
class Catalog:
    """What a row may name: measures (code → basis, unit) and areas (code → kind)."""

    measures: dict[str, dict]
    areas: dict[str, tuple[str, str]]  # code or name → (kind, code)
    existing: set[tuple] = field(default_factory=set)  # (measure, area, period, subject)


async def catalog(conn: asyncpg.Connection) -> Catalog:
    measures = {
        r["code"]: dict(r)
        for r in await conn.fetch("SELECT code, name, name_en, basis, unit, plan FROM measure")
    }
    areas: dict[str, tuple[str, str]] = {}
    for r in await conn.fetch("SELECT adcode, name FROM district WHERE kind = 'yuxi'"):
        areas[r["adcode"]] = areas[r["name"]] = ("district", r["adcode"])
    for r in await conn.fetch("SELECT id, name FROM cluster"):
        areas[f"cluster:{r['id']}"] = areas[r["name"]] = ("cluster", f"cluster:{r['id']}")
    areas |= {"yuxi": ("yuxi", "yuxi"), "500000": ("city", "500000")} | AREA_ALIASES
    existing = {
        tuple(r)
        for r in await conn.fetch(
            "SELECT measure_code, area_code, period_label, subject FROM actual"
        )
    }
    return Catalog(measures, areas, existing)


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold (2024.0 → '2024')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(content: bytes, filename: str) -> list[dict]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX file, keyed by the header."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception:  # openpyxl raises many kinds on a broken file
            raise ProblemError(msg("actuals.not_xlsx"), "file") from None
        values = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if not values:
            return []
        header = [h.strip() for h in values[0]]
        return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]
    if suffix == ".csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ProblemError(msg("actuals.not_utf8"), "file") from None
        return list(csv.DictReader(io.StringIO(text)))
    raise ProblemError(msg("actuals.file_type"), "file")


def _error(row: int, column: str, text: Message) -> dict:
    return {"row": row, "column": column, "text": text}


def validate(rows: list[dict], cat: Catalog) -> tuple[list[dict], list[dict], int]:
    """(records to insert, errors, rows skipped as blank). Row numbers count the header as 1."""
    if len(rows) > MAX_ROWS:
        return [], [_error(1, "file", msg("actuals.too_many_rows", max=MAX_ROWS))], 0
    missing = [c for c in ("indicator", "area", "year", "value", "unit", "basis", "status",
                           "sources") if rows and c not in rows[0]]  # fmt: skip
    if missing:
        text = msg("actuals.missing_columns", columns=", ".join(missing))
        return [], [_error(1, missing[0], text)], 0
    records, errors, skipped, seen = [], [], 0, {}
    for n, raw in enumerate(rows, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k}

        def bad(column: str, text: Message, n: int = n) -> None:
            errors.append(_error(n, column, text))

        if not row.get("value"):
            skipped += 1
            continue
        measure = cat.measures.get(row["indicator"])
        if measure is None:
            bad("indicator", msg("actuals.unknown_indicator", value=row["indicator"]))
            continue
        area = cat.areas.get(row["area"])
        if area is None:
            bad("area", msg("actuals.unknown_area", value=row["area"]))
        if row["unit"] != measure["unit"]:
            bad("unit", msg("actuals.wrong_unit", value=row["unit"], measure=measure["code"],
                            unit=measure["unit"]))  # fmt: skip
        if row["basis"] != measure["basis"]:
            bad("basis", msg("actuals.wrong_basis", value=row["basis"], measure=measure["code"],
                             basis=measure["basis"]))  # fmt: skip
        if row["status"] not in STATUSES:
            bad("status", msg("actuals.wrong_status", value=row["status"]))
        sources = split_sources(row.get("sources", ""))
        if not sources:
            bad("sources", msg("actuals.no_source"))
        try:
            value = parse_value(row["value"])
        except FigureError as exc:
            bad("value", exc.message)
            value = None
        try:
            period = parse_period(row["year"])
            if not MIN_YEAR <= period.year <= MAX_YEAR:
                bad("year", msg("actuals.year_range", year=period.year, low=MIN_YEAR,
                                high=MAX_YEAR))  # fmt: skip
        except FigureError as exc:
            bad("year", exc.message)
            period = None
        if area is None or value is None or period is None:
            continue
        key = (measure["code"], area[1], period.label, row.get("subject", ""))
        if key in seen:
            bad("year", msg("actuals.duplicate_row", row=seen[key]))
            continue
        if key in cat.existing:
            bad("year", msg("actuals.duplicate_recorded", measure=measure["code"],
                            area=row["area"], period=period.label))  # fmt: skip
            continue
        seen[key] = n
        records.append(
            actual_record(
                measure,
                area,
                period,
                value,
                stated={
                    "area": row.get("area_name") or row["area"],
                    "subject": row.get("subject", ""),
                    "indicator": row.get("indicator_name") or measure["name"],
                    "basis": row["basis"],
                },
                status=row["status"],
                sources=sources,
                notes=row.get("notes") or None,
            )  # fmt: skip
        )
    return records, errors, skipped


INSERT = """
INSERT INTO actual (measure_code, basis, unit, area_kind, area_code, district_adcode, cluster_id,
                    area_as_stated, subject, indicator_as_stated, basis_as_stated, year,
                    year_from, period_kind, period_label, month_from, month_to, period_date,
                    value_text, value, qualifier, status, sources, notes, dataset, import_batch,
                    entered_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
        $20, $21, $22, $23, $24, NULL, $25, $26)
RETURNING id
"""
_ORDER = ["measure_code", "basis", "unit", "area_kind", "area_code", "district_adcode",
          "cluster_id", "area_as_stated", "subject", "indicator_as_stated", "basis_as_stated",
          "year", "year_from", "period_kind", "period_label", "month_from", "month_to",
          "period_date", "value_text", "value", "qualifier", "status", "sources",
          "notes"]  # fmt: skip

Recorder = Callable[[asyncpg.Connection, list[dict]], Awaitable[None]]


async def import_rows(
    conn: asyncpg.Connection,
    rows: list[dict],
    *,
    entered_by: str,
    batch: str,
    dry_run: bool = False,
    record: Recorder | None = None,
) -> dict:
    """Check every row, then insert them all in one transaction (`record`, if given, runs in
    it: the change history). Raises ImportRejected and writes nothing if any row is bad."""
    async with conn.transaction():
        records, errors, skipped = validate(rows, await catalog(conn))
        if errors:
            raise ImportRejected(errors)
        if not records and not dry_run:
            raise ImportRejected([_error(1, "value", msg("actuals.no_figures"))])
        if dry_run:
            return {"dry_run": True, "would_insert": len(records), "skipped_blank": skipped,
                    "batch": batch}  # fmt: skip
        ids = []
        for r in records:
            ids.append(await conn.fetchval(INSERT, *[r[k] for k in _ORDER], batch, entered_by))
        for r, id_ in zip(records, ids, strict=True):
            r["id"] = id_
        if record is not None:
            await record(conn, records)
    return {"dry_run": False, "inserted": len(ids), "ids": ids, "skipped_blank": skipped,
            "batch": batch}  # fmt: skip


async def template_rows(conn: asyncpg.Connection, year: int) -> list[dict]:
    """One row per plan target's area and per ranked public measure and district, to fill in."""
    rows = []
    links = await conn.fetch(
        """SELECT DISTINCT m.code, m.name, m.basis, m.unit, tm.area_code,
                  COALESCE(d.name, c.name, '渝西地区') AS area_name, m.position,
                  d.plan_order, c.plan_order AS cluster_order
             FROM target_measure tm JOIN measure m ON m.code = tm.measure_code
             LEFT JOIN district d ON d.adcode = tm.area_code
             LEFT JOIN cluster c ON 'cluster:' || c.id = tm.area_code
            ORDER BY m.position, d.plan_order NULLS FIRST, c.plan_order NULLS FIRST"""
    )
    public = await conn.fetch(
        """SELECT m.code, m.name, m.basis, m.unit, d.adcode AS area_code, d.name AS area_name
             FROM measure m CROSS JOIN district d
            WHERE m.rank AND NOT m.plan AND d.kind = 'yuxi'
            ORDER BY m.position, d.plan_order"""
    )
    for r in [*links, *public]:
        rows.append({"indicator": r["code"], "indicator_name": r["name"], "area": r["area_code"],
                     "area_name": r["area_name"], "subject": "", "year": str(year), "value": "",
                     "unit": r["unit"], "basis": r["basis"], "status": "provisional",
                     "sources": "", "notes": ""})  # fmt: skip
    return rows


def template_file(rows: list[dict], fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "figures"
    ws.append(COLUMNS)
    for r in rows:
        ws.append([r[c] for c in COLUMNS])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
