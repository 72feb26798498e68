"""Writing a layer's records: create, replace, update, delete and restore, each inside the
caller's transaction, each checked and recorded in the history.

The flow of every write: lock the record and read its snapshot and version; check If-Match;
merge what was asked into the snapshot; check it against the database (district, parent,
geometry valid and inside 渝西); write it with one upsert; record before and after.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import asyncpg

from app.domain import history
from app.domain.editing import sql
from app.domain.editing.parse import UNSET, Change, InvalidFeature, field_name, looks_swapped
from app.errors import Conflict, NotFound, PreconditionFailed
from app.layers.catalog import Layer, Writable
from app.messages import msg
from app.ogc.crs import CRS, CRS84

PRECISION = {"Point": "surveyed_point", "Polygon": "surveyed_boundary"}


@dataclass(frozen=True)
class Actor:
    """Who writes, and why: what history records with every change."""

    username: str
    reason: str
    source: str


@dataclass(frozen=True)
class Written:
    feature_id: str
    version: str | None
    change_id: int | None
    before: dict | None
    after: dict | None


def writable(layer: Layer) -> Writable:
    if layer.writable is None:
        raise NotFound(msg("write.read_only", layer=layer.id), "collectionId")
    return layer.writable


async def current(conn: asyncpg.Connection, w: Writable, feature_id: str, *, lock: bool = True):
    """(snapshot, version) of the record, locked for this transaction; (None, None) if absent."""
    row = await conn.fetchrow(sql.snapshot(w, lock=lock), feature_id)
    if row is None:
        return None, None
    return json.loads(row["snapshot"]), row["version"]


def version_of(tag: str) -> str:
    """The record version in an entity tag: `"v"` (writes) or `"v-r"` (a representation)."""
    return tag.strip().removeprefix("W/").strip('"').split("-", 1)[0]


def check_precondition(if_match: str | None, version: str | None) -> None:
    if if_match is None:
        return
    tags = [t for t in if_match.split(",") if t.strip()]
    if version is not None and any(t.strip() == "*" or version_of(t) == version for t in tags):
        return
    raise PreconditionFailed(msg("write.stale"), "If-Match")


@contextmanager
def database_refusals(w: Writable) -> Iterator[None]:
    """The database's own rules (unique names, CHECK constraints, references) as 4xx."""
    try:
        yield
    except asyncpg.UniqueViolationError as exc:
        field = _field_in(w, exc.constraint_name or "") or "id"
        raise Conflict(
            msg("write.duplicate", field=_named(w, field)), f"properties.{field}"
        ) from None
    except asyncpg.CheckViolationError as exc:
        raise InvalidFeature(
            msg("write.breaks_constraint", rule=exc.constraint_name, detail=exc.message),
            "properties",
        ) from None
    except asyncpg.NotNullViolationError as exc:
        field = exc.column_name or "properties"
        raise InvalidFeature(
            msg("feature.required", field=_named(w, field)), f"properties.{field}"
        ) from None
    except asyncpg.ForeignKeyViolationError as exc:
        field = _field_in(w, exc.constraint_name or "")
        raise InvalidFeature(
            msg("write.bad_reference", field=_named(w, field) if field else "A field"),
            f"properties.{field}" if field else "properties",
        ) from None


def _named(w: Writable, target: str) -> dict[str, str] | str:
    """A column as messages name it (its field's name and label), or as it is."""
    spec = next((f for f in w.fields if f.target == target), None)
    return field_name(spec) if spec else target


def _field_in(w: Writable, constraint: str) -> str | None:
    names = sorted((f.target for f in w.fields), key=len, reverse=True)
    return next((name for name in names if name in constraint), None)


async def write(
    conn: asyncpg.Connection,
    layer: Layer,
    change: Change,
    actor: Actor,
    *,
    mode: str,
    feature_id: str | None = None,
    if_match: str | None = None,
    crs: CRS = CRS84,
    tolerance_m: float,
) -> Written:
    """mode: create (POST), replace (PUT), update (PATCH)."""
    w = writable(layer)
    if mode == "create":
        feature_id = change.feature_id or w.id_prefix + secrets.token_hex(4)
        _check_id(w, feature_id)
        before, version = await current(conn, w, feature_id)
        if before is not None:
            raise Conflict(msg("write.exists", layer=layer.id, id=feature_id), "id")
        row: dict = {**w.defaults, w.key: feature_id}
    else:
        assert feature_id is not None
        if change.feature_id is not None and change.feature_id != feature_id:
            raise InvalidFeature(
                msg("write.id_mismatch", body=change.feature_id, url=feature_id), "id"
            )
        before, version = await current(conn, w, feature_id)
        if before is None:
            raise NotFound(msg("write.no_feature", layer=layer.id, id=feature_id), "featureId")
        check_precondition(if_match, version)
        row = dict(before)
    row.update(change.values)
    await _check_references(conn, w, row, feature_id)
    await _place(conn, w, row, before, change, crs, tolerance_m)
    with database_refusals(w):
        await conn.execute(sql.upsert(w, list(row)), json.dumps(row, ensure_ascii=False))
    after, new_version = await current(conn, w, feature_id)
    action = "create" if before is None else "update"
    change_id = await history.record_change(
        conn, actor=actor.username, action=action, entity=layer.id, entity_id=feature_id,
        before=before, after=after, reason=actor.reason, source=actor.source,
    )  # fmt: skip
    return Written(feature_id, new_version, change_id, before, after)


async def delete(
    conn: asyncpg.Connection,
    layer: Layer,
    feature_id: str,
    actor: Actor,
    *,
    if_match: str | None = None,
) -> Written:
    w = writable(layer)
    before, version = await current(conn, w, feature_id)
    if before is None:
        raise NotFound(msg("write.no_feature", layer=layer.id, id=feature_id), "featureId")
    check_precondition(if_match, version)
    # Records pointing at this one lose the link (ON DELETE SET NULL): that is a change too.
    children = []
    for spec in w.fields:
        if spec.references_self:
            children += await conn.fetch(sql.referencing(w, spec.target), feature_id)
    with database_refusals(w):
        await conn.execute(sql.delete(w), feature_id)
    change_id = await history.record_change(
        conn, actor=actor.username, action="delete", entity=layer.id, entity_id=feature_id,
        before=before, after=None, reason=actor.reason, source=actor.source,
    )  # fmt: skip
    for child in children:
        child_after, _ = await current(conn, w, child["id"])
        await history.record_change(
            conn, actor=actor.username, action="update", entity=layer.id,
            entity_id=child["id"], before=json.loads(child["snapshot"]), after=child_after,
            reason=actor.reason, source=f"{actor.source}; {feature_id} deleted",
        )  # fmt: skip
    return Written(feature_id, None, change_id, before, None)


async def restore(
    conn: asyncpg.Connection, layer: Layer, entry: dict, which: str, actor: Actor
) -> Written:
    """Make the record what it was before (`which="before"`: undo) or after a change."""
    w = writable(layer)
    feature_id = entry["entity_id"]
    target = entry[which]
    before, _ = await current(conn, w, feature_id)
    if target is None and before is None:
        raise Conflict(msg("write.restore_absent", id=feature_id), "version")
    with database_refusals(w):
        if target is None:
            await conn.execute(sql.delete(w), feature_id)
        else:
            await conn.execute(sql.upsert(w, list(target)), json.dumps(target, ensure_ascii=False))
    after, version = await current(conn, w, feature_id)
    change_id = await history.record_change(
        conn, actor=actor.username, action="restore", entity=layer.id, entity_id=feature_id,
        before=before, after=after, reason=actor.reason, source=actor.source,
    )  # fmt: skip
    return Written(feature_id, version, change_id, before, after)


def _check_id(w: Writable, feature_id: str) -> None:
    if not re.match(w.id_pattern, feature_id):
        raise InvalidFeature(msg("write.bad_id", id=feature_id, pattern=w.id_pattern), "id")


async def _check_references(conn, w: Writable, row: dict, feature_id: str) -> None:
    if w.district_field:
        spec = w.field(w.district_field)
        district = row.get(spec.target)
        if not await conn.fetchval(sql.YUXI_DISTRICT, district):
            raise InvalidFeature(
                msg("write.unknown_district", field=field_name(spec), value=str(district)),
                f"properties.{spec.name}",
            )
    for spec in w.fields:
        value = row.get(spec.target)
        if spec.references_self and value is not None:
            if value == feature_id or not await conn.fetchval(sql.exists(w), value):
                raise InvalidFeature(
                    msg("write.not_other_record", field=field_name(spec), value=str(value)),
                    f"properties.{spec.name}",
                )


async def _place(conn, w: Writable, row: dict, before: dict | None, change: Change, crs, tol):
    """Set the geometry columns (and the precision) of `row` from what the change gives."""
    g = w.geometry
    if g is None:
        return
    district = row.get(w.field(w.district_field).target) if w.district_field else None
    current_shape = (before.get(g.polygon) if g.polygon else None) or (
        before.get(g.point) if before else None
    ) if before else None  # fmt: skip
    if change.geometry is UNSET:
        if (
            current_shape is not None
            and before
            and district
            != before.get(w.field(w.district_field).target if w.district_field else None)
        ):
            await _check_shape(conn, json.dumps(current_shape), district, None, tol)
        return
    if change.geometry is None:
        row[g.point] = None
        if g.polygon:
            row[g.polygon] = None
        if g.precision:
            row[g.precision] = "none"
        return
    try:
        parsed = await conn.fetchrow(
            sql.GEOMETRY_PARSE, json.dumps(change.geometry), crs.srid, crs.lat_first
        )
    except asyncpg.PostgresError as exc:
        raise InvalidFeature(
            msg("write.geometry_unreadable", error=exc.message), "geometry"
        ) from None
    if not parsed["valid"]:
        raise InvalidFeature(msg("write.geometry_invalid", reason=parsed["reason"]), "geometry")
    reference = json.dumps(current_shape) if current_shape is not None else None
    checked = await _check_shape(
        conn, parsed["geojson"], district, reference, tol, swapped=looks_swapped(change.geometry)
    )
    if checked["unchanged"]:
        return  # sent back as it was read: it stays what it was (e.g. 位置示意)
    shape = json.loads(parsed["geojson"])
    polygonal = shape["type"] in ("Polygon", "MultiPolygon")
    if polygonal:
        row[g.polygon] = shape
        row[g.point] = json.loads(checked["point"])
    else:
        row[g.point] = shape
        if g.polygon:
            row[g.polygon] = None
    if g.precision:
        row[g.precision] = PRECISION["Polygon" if polygonal else "Point"]


async def _check_shape(conn, geojson: str, district, reference, tol, *, swapped=False):
    checked = await conn.fetchrow(sql.GEOMETRY_CHECK, geojson, float(tol), district, reference)
    if checked["outside"]:
        hint = msg("write.swapped_hint") if swapped else ""
        raise InvalidFeature(
            msg("write.outside", n=checked["outside"], tol=f"{tol:g}", hint=hint), "geometry"
        )
    if not checked["in_district"]:
        raise InvalidFeature(
            msg("write.not_in_district", district=district, tol=f"{tol:g}"), "geometry"
        )
    return checked
