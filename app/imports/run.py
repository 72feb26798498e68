"""Checking and writing imported rows: every row goes through the same write as the OGC API
(records.write: the same validation, the same history), each in a savepoint of one transaction.

A dry run does exactly what the real run does and rolls back at the end, so the two agree by
construction; the real run commits only when no row has a problem — all or nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg

from app.domain.editing import records
from app.domain.editing.parse import parse_feature
from app.errors import ProblemError, message_of
from app.imports.files import ReadFile
from app.layers.catalog import Layer
from app.messages import Message, msg, render

Progress = Callable[[int, int], Awaitable[None] | None]
PROGRESS_EVERY = 25


class _Unchanged(Exception):
    """Raised inside a row's savepoint to undo a write that changed nothing."""


@dataclass
class Report:
    layer: str
    dry_run: bool
    kind: str
    crs: str
    rows: int
    added: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    # {row, field, label, text}: `text` (a Message) is told in the reader's language.
    errors: list[dict] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    committed: bool = False

    def summary(self, lang: str = "en") -> dict:
        """The report as JSON, its messages in `lang`: each error row carries its row number,
        field (and the field's label), the message's stable `code` and its text."""
        errors = [
            {"row": e["row"], "field": e["field"], "field_label": render(e["label"], lang),
             "code": e["text"].code, "message": render(e["text"], lang)}
            for e in self.errors
        ]  # fmt: skip
        return {
            "layer": self.layer,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "kind": self.kind,
            "crs": self.crs,
            "rows": self.rows,
            "counts": {
                "added": len(self.added),
                "changed": len(self.changed),
                "unchanged": len(self.unchanged),
                "errors": len(self.errors),
            },
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "errors": errors,
            "warnings": [render(w, lang) for w in self.warnings],
            "preview": {"type": "FeatureCollection", "features": self.preview},
        }


def column_map(layer: Layer, columns: list[str]) -> tuple[dict[str, str], list[str]]:
    """File column → writable field (by field name or the property's Chinese or English label);
    and the columns that map to nothing (ignored, with a warning)."""
    w = layer.writable
    names = {f.name: f.name for f in w.fields} | {w.key: w.key}
    for prop in layer.properties:
        if prop.name in names:
            names[prop.label.zh] = names[prop.label.en] = prop.name
    names |= {"district": "district", "所在区": "district", "区县": "district"}
    mapping, unknown = {}, []
    for column in columns:
        target = names.get(column) or names.get(column.strip().lower())
        if target:
            mapping[column] = target
        else:
            unknown.append(column)
    return mapping, unknown


def _typed(layer: Layer, name: str, value):
    """Table cells arrive as text (CSV) or as what the format stores: make them what the field
    takes where that is unambiguous; anything else is left for the field check to refuse."""
    spec = layer.writable.field(name)
    if spec is None:
        return value
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if spec.type in ("number", "integer") and isinstance(value, str):
        try:
            return float(value) if spec.type == "number" else int(value)
        except ValueError:
            return value
    if spec.type in ("string", "string_list") and isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


async def run_import(
    conn: asyncpg.Connection,
    layer: Layer,
    read: ReadFile,
    actor: records.Actor,
    *,
    filename: str,
    dry_run: bool,
    tolerance_m: float,
    progress: Progress | None = None,
) -> Report:
    w = records.writable(layer)
    report = Report(layer.id, dry_run, read.kind, read.crs, len(read.rows))
    mapping, unknown = column_map(layer, read.columns)
    if unknown:
        report.warnings.append(msg("import.columns_ignored", layer=layer.id, columns=unknown))
    districts = {
        name: adcode
        for adcode, full in await conn.fetch("SELECT adcode, name FROM district WHERE kind='yuxi'")
        for name in (full, full.removesuffix("区"))
    }
    seen: dict[str, int] = {}
    transaction = conn.transaction()
    await transaction.start()
    try:
        for index, row in enumerate(read.rows, start=1):
            await _row(conn, layer, w, row, mapping, districts, seen, actor, filename,
                       tolerance_m, report)  # fmt: skip
            if progress and (index % PROGRESS_EVERY == 0 or index == len(read.rows)):
                result = progress(index, len(read.rows))
                if result is not None:
                    await result
    except BaseException:
        await transaction.rollback()
        raise
    if dry_run or report.errors:
        await transaction.rollback()
    else:
        await transaction.commit()
        report.committed = True
    return report


async def _row(conn, layer, w, row, mapping, districts, seen, actor, filename, tol, report):
    def fail(field_name: str | None, text: Message) -> None:
        spec = w.field(field_name) if field_name else None
        label = field_name or ""
        if spec is not None and spec.label is not None:
            label = {"en": field_name, "zh": spec.label.zh}
        elif field_name == "geometry":
            label = {"en": "geometry", "zh": "几何"}
        elif field_name == w.key:
            label = {"en": w.key, "zh": "编号"}
        report.errors.append({"row": row.number, "field": field_name,
                              "label": msg("http.text", detail=label), "text": text})  # fmt: skip

    if row.error is not None:
        return fail("geometry", row.error)
    properties = {}
    for column, value in row.properties.items():
        target = mapping.get(column)
        if target == "district" and w.district_field:
            if value not in (None, "") and w.district_field not in properties:
                adcode = districts.get(str(value).strip())
                if adcode is None:
                    return fail(w.district_field, msg("import.unknown_district", value=str(value)))
                properties[w.district_field] = adcode
        elif target:
            properties[target] = _typed(layer, target, value)
    feature_id = properties.pop(w.key, None)
    feature_id = str(feature_id).strip() if feature_id not in (None, "") else None
    existing = None
    if feature_id:
        existing = await conn.fetchval(records.sql.exists(w), feature_id) and feature_id
    elif w.match_field and properties.get(w.match_field):
        match = w.field(w.match_field)
        existing = await conn.fetchval(
            f"SELECT {records.sql.quote(w.key)}::text FROM {records.sql.quote(w.table)}"  # noqa: S608
            f" WHERE {records.sql.quote(match.target)} = $1::text",
            str(properties[w.match_field]),
        )
        feature_id = existing or (
            w.id_prefix + hashlib.sha1(str(properties[w.match_field]).encode()).hexdigest()[:8]
        )
    if feature_id in seen:
        return fail(w.key, msg("import.duplicate_row", row=seen[feature_id], id=feature_id))
    if feature_id:
        seen[feature_id] = row.number
    body = {"type": "Feature", "id": feature_id, "properties": properties, "geometry": row.geometry}
    label = {"row": row.number, "id": feature_id, "name": properties.get(w.match_field or w.key)}
    row_actor = records.Actor(
        actor.username, actor.reason, f"{actor.source}; import {filename} row {row.number}"
    )
    try:
        async with conn.transaction():  # a savepoint: a bad row leaves no trace
            change = parse_feature(w, body, partial=bool(existing))
            written = await records.write(
                conn, layer, change, row_actor, mode="update" if existing else "create",
                feature_id=feature_id if existing else None, tolerance_m=tol,
            )  # fmt: skip
            if written.before is not None and written.before == written.after:
                raise _Unchanged
    except _Unchanged:
        report.unchanged.append(label)
        return
    except ProblemError as exc:
        field_name = (exc.parameter or "").removeprefix("properties.") or None
        return fail(field_name, message_of(exc))
    label["id"] = written.feature_id
    (report.changed if written.before else report.added).append(label)
    if row.geometry:
        report.preview.append({
            "type": "Feature", "id": written.feature_id, "geometry": row.geometry,
            "properties": {"row": row.number, "name": label["name"],
                           "status": "changed" if written.before else "added"},
        })  # fmt: skip
