"""A written feature (GeoJSON, from OGC API – Features Part 4 or an import row) checked field by
field against the layer's `writable` declaration — before anything touches the database.

Every refusal is a 422 that names the field (`properties.area_km2_min`, `geometry`), so a client
can point at it. Checks that need the database (district, parent, inside 渝西) are in records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.errors import UnprocessableParameter
from app.layers.catalog import Writable, WritableField
from app.messages import msg

# Not given (PATCH leaves it as it is), as opposed to None (given as null: remove it).
UNSET = object()

GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon")
GEOMETRY_NAMES = {"Point": "点", "Polygon": "面", "MultiPolygon": "多面"}
# A rough box around 渝西, used only to say "these look like lat,lon" when a position is swapped.
_YUXI_LON, _YUXI_LAT = (105.0, 107.2), (28.5, 30.8)


class InvalidFeature(UnprocessableParameter):
    title = "Invalid feature"


@dataclass
class Change:
    """What a request asks to write: column values it gives, and the geometry (UNSET, None or
    a GeoJSON geometry object)."""

    feature_id: str | None = None
    values: dict[str, object] = field(default_factory=dict)
    geometry: object = UNSET


def parse_feature(writable: Writable, body: object, *, partial: bool) -> Change:
    """A Feature for POST/PUT (`partial=False`: every field it lacks becomes empty) or the
    members of one for PATCH (`partial=True`: only what it gives changes)."""
    if not isinstance(body, dict):
        raise InvalidFeature(msg("feature.not_object"), "body")
    if not partial and body.get("type") != "Feature":
        raise InvalidFeature(msg("feature.not_feature"), "type")
    properties = body.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise InvalidFeature(msg("feature.properties"), "properties")

    change = Change()
    feature_id = body.get("id", properties.get(writable.key))
    if feature_id is not None:
        if not isinstance(feature_id, str) or not feature_id.strip():
            raise InvalidFeature(msg("feature.bad_id"), "id")
        change.feature_id = feature_id.strip()

    ignored = {writable.key, *writable.derived}
    for name, value in properties.items():
        if name in ignored:
            continue
        spec = writable.field(name)
        if spec is None:
            known = [field_name(f) for f in writable.fields]
            raise InvalidFeature(
                msg("feature.unknown_property", name=name, known=known), f"properties.{name}"
            )
        change.values[spec.target] = coerce(spec, value)
    for spec in writable.fields:
        given = spec.target in change.values
        if not partial and not given:
            change.values[spec.target] = _default(spec)
        elif given and change.values[spec.target] is None and spec.default is not None:
            change.values[spec.target] = spec.default  # null for a field with a default
        if (given or not partial) and spec.required and _empty(change.values[spec.target]):
            raise InvalidFeature(
                msg("feature.required", field=field_name(spec)), f"properties.{spec.name}"
            )

    if "geometry" in body:
        change.geometry = check_geometry(writable, body["geometry"])
    elif not partial:
        raise InvalidFeature(msg("feature.needs_geometry"), "geometry")
    return change


def field_name(spec: WritableField) -> dict[str, str]:
    """A field as messages name it: its name in English (as clients send it), its label in
    Chinese."""
    return {"en": spec.name, "zh": spec.label.zh if spec.label else spec.name}


def _shown(value: object) -> str:
    """A refused value as a message quotes it (inside “”): text as it was, anything else as
    Python writes it."""
    return value if isinstance(value, str) else repr(value)


def _default(spec: WritableField) -> object:
    if spec.default is not None:
        return spec.default
    return [] if spec.type == "string_list" else None


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def coerce(spec: WritableField, value: object) -> object:
    """The value as the column takes it, or a 422 that says what was expected."""
    where = f"properties.{spec.name}"
    name = field_name(spec)
    if value is None:
        return None
    if spec.type == "string":
        if not isinstance(value, str):
            raise InvalidFeature(msg("field.text", field=name, value=_shown(value)), where)
        value = value.strip()
        if len(value) > spec.max_length:
            raise InvalidFeature(msg("field.too_long", field=name, max=spec.max_length), where)
        if spec.allowed is not None and value and value not in spec.allowed:
            allowed = {
                "en": ", ".join(spec.allowed),
                "zh": "、".join(f"“{a}”" for a in spec.allowed),
            }
            raise InvalidFeature(
                msg("field.allowed", field=name, allowed=allowed, value=value), where
            )
        return value or None
    if spec.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidFeature(msg("field.number", field=name, value=_shown(value)), where)
        if not math.isfinite(value):
            raise InvalidFeature(msg("field.finite", field=name), where)
        if spec.type == "integer" and value != int(value):
            raise InvalidFeature(msg("field.whole", field=name, value=_shown(value)), where)
        if spec.minimum_exclusive is not None and value <= spec.minimum_exclusive:
            raise InvalidFeature(
                msg("field.greater", field=name, min=f"{spec.minimum_exclusive:g}"), where
            )
        return value
    if spec.type == "boolean":
        if not isinstance(value, bool):
            raise InvalidFeature(msg("field.boolean", field=name, value=_shown(value)), where)
        return value
    # string_list: a JSON array of texts, or the joined text the layer publishes.
    if isinstance(value, str):
        value = value.split(spec.separator)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidFeature(msg("field.list", field=name), where)
    return [v.strip() for v in value if v.strip()]


def check_geometry(writable: Writable, geometry: object) -> object:
    """The GeoJSON geometry's shape: its type, its positions' numbers, its rings closed.
    Validity, CRS and whether it lies in 渝西 are checked by the database (records)."""
    if geometry is None:
        if writable.geometry is not None and writable.geometry.required:
            raise InvalidFeature(msg("geometry.required"), "geometry")
        return None
    if writable.geometry is None:
        raise InvalidFeature(msg("geometry.none"), "geometry")
    allowed = GEOMETRY_TYPES if writable.geometry.polygon else ("Point",)
    if not isinstance(geometry, dict) or geometry.get("type") not in allowed:
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        names = {"en": ", ".join(allowed), "zh": "、".join(GEOMETRY_NAMES[a] for a in allowed)}
        raise InvalidFeature(msg("geometry.type", allowed=names, kind=_shown(kind)), "geometry")
    kind, coordinates = geometry["type"], geometry.get("coordinates")
    depth = {"Point": 0, "Polygon": 2, "MultiPolygon": 3}[kind]
    _positions(coordinates, depth)
    if kind == "Polygon":
        _rings(coordinates)
    elif kind == "MultiPolygon":
        if not coordinates:
            raise InvalidFeature(msg("geometry.multi_empty"), "geometry")
        for polygon in coordinates:
            _rings(polygon)
    return {"type": kind, "coordinates": coordinates}


def _positions(value: object, depth: int) -> None:
    if depth == 0:
        ok = (
            isinstance(value, list)
            and len(value) in (2, 3)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            and all(math.isfinite(v) for v in value)
        )
        if not ok:
            raise InvalidFeature(msg("geometry.position", value=_shown(value)), "geometry")
        return
    if not isinstance(value, list) or not value:
        raise InvalidFeature(msg("geometry.malformed"), "geometry")
    for item in value:
        _positions(item, depth - 1)


def _rings(polygon: list) -> None:
    for ring in polygon:
        if len(ring) < 4 or ring[0][:2] != ring[-1][:2]:
            raise InvalidFeature(msg("geometry.ring"), "geometry")


def looks_swapped(geometry: dict) -> bool:
    """Whether the first position reads as (lat, lon) of a place in 渝西."""
    position = geometry["coordinates"]
    while isinstance(position[0], list):
        position = position[0]
    x, y = position[0], position[1]
    return _YUXI_LAT[0] <= x <= _YUXI_LAT[1] and _YUXI_LON[0] <= y <= _YUXI_LON[1]
