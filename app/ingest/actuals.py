"""geodata/actuals/: the measures and bases (measures.yaml) and the shipped public figures
(district_actuals.csv, kept as received, with our measure mapping beside it), validated and
written inside the loader's transaction."""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import psycopg
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain.actuals.figures import (
    AREA_ALIASES,
    STATUSES,
    actual_record,
    parse_period,
    parse_value,
    split_sources,
)
from app.domain.actuals.words import UNITS

DATASET = "district_actuals"
LOADER = "loader:geodata/actuals"


class BasisDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    en: str
    kind: str


class MeasureDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    name_en: str
    basis: str
    unit: str
    path: str | None = None
    plan: bool = False
    targets: list[str] = []
    each_district: bool = False
    rank: bool = False
    higher_is_better: bool = True
    weight: Decimal | None = None

    @model_validator(mode="after")
    def plan_measures_have_paths(self) -> MeasureDef:
        if self.plan != (self.path is not None) or self.plan != bool(self.targets):
            raise ValueError(f"measure {self.code}: a plan measure needs a path and targets")
        if self.rank and self.weight is None:
            raise ValueError(f"measure {self.code}: a ranked measure needs a default weight")
        return self


class MeasureBook(BaseModel):
    bases: list[BasisDef]
    measures: list[MeasureDef]


class ActualsSource:
    """The files of geodata/actuals/, read lazily."""

    def __init__(self, root: Path):
        self.root = root / "actuals"

    @cached_property
    def book(self) -> MeasureBook:
        with (self.root / "measures.yaml").open(encoding="utf-8") as f:
            return MeasureBook.model_validate(yaml.safe_load(f))

    @cached_property
    def rows(self) -> list[dict]:
        with (self.root / "district_actuals.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        with (self.root / "district_actuals_measures.csv").open(encoding="utf-8", newline="") as f:
            mapping = list(csv.DictReader(f))
        if len(mapping) != len(rows):
            raise ValueError("district_actuals_measures.csv must have one line per source row")
        for n, (row, link) in enumerate(zip(rows, mapping, strict=True), start=1):
            key = (row["district"], row["year"], row["indicator"])
            if int(link["row"]) != n or key != (link["district"], link["year"], link["indicator"]):
                raise ValueError(f"district_actuals_measures.csv line {n} does not match row {n}")
            row |= {key: link[key] for key in ("measure", "subject", "status")}
        return rows


def target_links(book: MeasureBook, districts: list[str], clusters: list[str]) -> list[dict]:
    """(indicator, area) → measure for every plan target a plan measure measures."""
    links = []
    for m in book.measures:
        for pattern in m.targets:
            if m.each_district:
                links += [
                    {"indicator_code": pattern, "area_code": a, "area_kind": "district"}
                    | {"measure_code": m.code}
                    for a in districts
                ]
            elif "{adcode}" in pattern:
                links += [
                    {"indicator_code": pattern.format(adcode=a), "area_code": a}
                    | {"area_kind": "district", "measure_code": m.code}
                    for a in districts
                ]
            elif "{cluster}" in pattern:
                links += [
                    {"indicator_code": pattern.format(cluster=c), "area_code": f"cluster:{c}"}
                    | {"area_kind": "cluster", "measure_code": m.code}
                    for c in clusters
                ]
            else:
                links.append(
                    {"indicator_code": pattern, "area_code": "yuxi", "area_kind": "yuxi"}
                    | {"measure_code": m.code}
                )
    return links


def actual_rows(source: ActualsSource, district_adcodes: dict[str, str]) -> list[dict]:
    """The shipped figures as rows of `actual`; raises ValueError naming the bad row."""
    measures = {m.code: m for m in source.book.measures}
    out, problems = [], []
    for n, row in enumerate(source.rows, start=1):
        try:
            measure = measures[row["measure"]]
            if row["unit"] != measure.unit:
                raise ValueError(f"unit {row['unit']} is not {measure.code}'s {measure.unit}")
            if row["status"] not in STATUSES:
                raise ValueError(f"status {row['status']!r}")
            kind, code = AREA_ALIASES.get(row["district"], ("district", None))
            if kind == "district":
                code = district_adcodes[row["district"]]
            value, period = parse_value(row["value"]), parse_period(row["year"])
        except (KeyError, ValueError) as exc:
            problems.append(f"district_actuals.csv row {n}: {exc}")
            continue
        out.append(
            actual_record(
                {"code": measure.code, "basis": measure.basis, "unit": measure.unit},
                (kind, code),
                period,
                value,
                stated={
                    "area": row["district"],
                    "subject": row["subject"],
                    "indicator": row["indicator"],
                    "basis": row["basis"],
                },
                status=row["status"],
                sources=split_sources(row["sources"]),
                notes=row["notes"].strip() or None,
            )  # fmt: skip
        )
    if problems:
        raise ValueError("geodata/actuals does not load:\n" + "\n".join(problems))
    return out


UPSERT_BASIS = """
INSERT INTO actual_basis (code, name_en, kind, plan_order)
VALUES (%(code)s, %(en)s, %(kind)s, %(plan_order)s)
ON CONFLICT (code) DO UPDATE SET name_en = EXCLUDED.name_en, kind = EXCLUDED.kind,
                                 plan_order = EXCLUDED.plan_order
"""

UPSERT_MEASURE = """
INSERT INTO measure (code, name, name_en, basis, unit, path, plan, rank, higher_is_better,
                     weight, position)
VALUES (%(code)s, %(name)s, %(name_en)s, %(basis)s, %(unit)s, %(path)s, %(plan)s, %(rank)s,
        %(higher_is_better)s, %(weight)s, %(position)s)
ON CONFLICT (code) DO UPDATE SET
    name = EXCLUDED.name, name_en = EXCLUDED.name_en, basis = EXCLUDED.basis,
    unit = EXCLUDED.unit, path = EXCLUDED.path, plan = EXCLUDED.plan, rank = EXCLUDED.rank,
    higher_is_better = EXCLUDED.higher_is_better, weight = EXCLUDED.weight,
    position = EXCLUDED.position
"""

INSERT_TARGET_MEASURE = """
INSERT INTO target_measure (indicator_code, area_code, area_kind, measure_code)
VALUES (%(indicator_code)s, %(area_code)s, %(area_kind)s, %(measure_code)s)
"""

INSERT_ACTUAL = """
INSERT INTO actual (measure_code, basis, unit, area_kind, area_code, district_adcode,
                    cluster_id, area_as_stated, subject, indicator_as_stated, basis_as_stated,
                    year, year_from, period_kind, period_label, month_from, month_to,
                    period_date, value_text, value, qualifier, status, sources, notes, dataset,
                    import_batch, entered_by)
VALUES (%(measure_code)s, %(basis)s, %(unit)s, %(area_kind)s, %(area_code)s,
        %(district_adcode)s, %(cluster_id)s, %(area_as_stated)s, %(subject)s,
        %(indicator_as_stated)s, %(basis_as_stated)s, %(year)s, %(year_from)s, %(period_kind)s,
        %(period_label)s, %(month_from)s, %(month_to)s, %(period_date)s, %(value_text)s,
        %(value)s, %(qualifier)s, %(status)s, %(sources)s, %(notes)s, %(dataset)s,
        %(import_batch)s, %(entered_by)s)
"""


def load_actuals(cur: psycopg.Cursor, root: Path, district_adcodes: dict[str, str]) -> None:
    """Write measures, target links and the shipped figures (replaced whole); figures entered
    by editors (dataset NULL) are left as they are."""
    source = ActualsSource(root)
    book = source.book
    bases = {b.code for b in book.bases}
    unknown = [f"{m.code}: basis {m.basis}" for m in book.measures if m.basis not in bases]
    if unknown:
        raise ValueError("measures.yaml names unknown bases: " + ", ".join(unknown))
    unnamed = sorted({m.unit for m in book.measures} - set(UNITS))
    if unnamed:
        raise ValueError("measures.yaml has units without names (app/domain/actuals/words.py): "
                         + ", ".join(unnamed))  # fmt: skip
    cur.executemany(
        UPSERT_BASIS,
        [b.model_dump() | {"plan_order": i} for i, b in enumerate(book.bases, start=1)],
    )
    cur.executemany(
        UPSERT_MEASURE,
        [
            m.model_dump(exclude={"targets", "each_district"}) | {"position": i}
            for i, m in enumerate(book.measures, start=1)
        ],
    )
    cur.execute("SELECT code, unit FROM indicator")
    indicator_units = dict(cur.fetchall())
    cur.execute("SELECT id FROM cluster ORDER BY plan_order")
    clusters = [r[0] for r in cur.fetchall()]
    links = target_links(book, list(dict.fromkeys(district_adcodes.values())), clusters)
    units = {m.code: m.unit for m in book.measures}
    problems = [
        f"{link['indicator_code']}: no such plan indicator"
        if link["indicator_code"] not in indicator_units
        else f"{link['indicator_code']}: unit {indicator_units[link['indicator_code']]} is not "
        f"{link['measure_code']}'s {units[link['measure_code']]}"
        for link in links
        if indicator_units.get(link["indicator_code"]) != units[link["measure_code"]]
    ]
    if problems:
        raise ValueError("measures.yaml targets do not match the plan:\n" + "\n".join(problems))
    cur.execute("DELETE FROM target_measure")
    cur.executemany(INSERT_TARGET_MEASURE, links)

    rows = actual_rows(source, district_adcodes)
    cur.execute("DELETE FROM actual WHERE dataset = %s", (DATASET,))
    cur.executemany(
        INSERT_ACTUAL,
        [r | {"dataset": DATASET, "import_batch": None} | {"entered_by": LOADER} for r in rows],
    )
    cur.execute(
        "DELETE FROM measure WHERE NOT (code = ANY(%s))", ([m.code for m in book.measures],)
    )
    cur.execute("DELETE FROM actual_basis WHERE NOT (code = ANY(%s))", (list(bases),))
