"""Reads layers/*.yaml into validated Layer objects. A layer is data, not code: the OGC API
and the map both work from these definitions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class Text(BaseModel):
    """A text in Chinese (default) and English."""

    zh: str
    en: str


class Property(BaseModel):
    name: str
    type: Literal["string", "integer", "number", "boolean", "json", "date", "datetime"]
    label: Text

    @field_validator("name")
    @classmethod
    def identifier(cls, value: str) -> str:
        if not IDENTIFIER.match(value):
            raise ValueError(f"property name {value!r} is not a plain SQL identifier")
        return value


class Source(BaseModel):
    table: str | None = None
    sql: str | None = None

    @model_validator(mode="after")
    def one_of(self) -> Source:
        if (self.table is None) == (self.sql is None):
            raise ValueError("source needs exactly one of `table` or `sql`")
        if self.table and not IDENTIFIER.match(self.table):
            raise ValueError(f"table {self.table!r} is not a plain SQL identifier")
        return self

    def from_clause(self) -> str:
        """The FROM item: a table name, or the layer's own SQL as a subquery."""
        return self.table if self.table else f"({self.sql}) AS layer_source"


class GeometryColumn(BaseModel):
    column: str
    type: str = "Geometry"


class TimeColumn(BaseModel):
    """The date or date-time property that `datetime` filters on."""

    column: str


class Category(BaseModel):
    model_config = ConfigDict(extra="allow")

    value: Any
    color: str
    label: Text
    dashed: bool = False


class Style(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: Literal["choropleth", "categories", "single"]
    property: str | None = None
    breaks: list[float] = []
    colors: list[str] = []
    categories: list[Category] = []
    stroke: str | None = None
    fill_opacity: float | None = None
    # Over a base map (translucent, so that the map shows through); the legend mixes the same.
    fill_opacity_basemap: float | None = None
    label: str | None = None
    legend: Text | None = None


class ZoomRule(BaseModel):
    """How tiles are drawn at zooms up to `max_zoom` (the first rule that applies wins)."""

    model_config = ConfigDict(extra="forbid")

    max_zoom: int = Field(ge=0, le=24)
    # Vertices closer than this many tile pixels (of `extent`) are dropped (ST_Simplify).
    simplify_pixels: float = Field(default=0, ge=0)
    # Points: one per square of this many tile pixels, the lowest id kept.
    thin_pixels: int = Field(default=0, ge=0)
    # An overview table to draw these zooms from instead of the layer's source (a
    # generalised copy: e.g. one firm per 2 km cell), with the tile properties as columns.
    # Without it a low-zoom tile of a million points reads them all.
    table: str | None = None

    @field_validator("table")
    @classmethod
    def plain_table(cls, value: str | None) -> str | None:
        if value is not None and not IDENTIFIER.match(value):
            raise ValueError(f"table {value!r} is not a plain SQL identifier")
        return value


class TileSettings(BaseModel):
    """Vector tiles (OGC API – Tiles, MVT) of a spatial layer; every spatial layer has them,
    and a layer file may say how in its `tiles:` block."""

    model_config = ConfigDict(extra="forbid")

    min_zoom: int = Field(default=0, ge=0, le=24)
    max_zoom: int = Field(default=18, ge=0, le=24)
    # The properties each tile carries (default: all but json ones), ids first.
    properties: list[str] | None = None
    extent: int = Field(default=4096, ge=256, le=16384)
    buffer: int = Field(default=64, ge=0, le=1024)
    by_zoom: list[ZoomRule] = []
    # The map draws the layer from tiles instead of GeoJSON above this many features.
    map_threshold: int = Field(default=5_000, ge=0)

    def rule(self, zoom: int) -> ZoomRule:
        for rule in sorted(self.by_zoom, key=lambda r: r.max_zoom):
            if zoom <= rule.max_zoom:
                return rule
        return ZoomRule(max_zoom=24)


class WritableField(BaseModel):
    """A property clients may write, and the checks its value must pass."""

    name: str
    column: str | None = None
    type: Literal["string", "number", "integer", "boolean", "string_list"]
    required: bool = False
    allowed: list[str] | None = None
    minimum_exclusive: float | None = None
    max_length: int = 2000
    # The value must be the id of an existing record of this writable layer (e.g. a parent).
    references_self: bool = False
    # What a create or a replace that does not give the field stores (instead of empty).
    default: str | float | bool | None = None
    # How a string_list published as one text joins its items.
    separator: str = " | "
    # What readers call it (messages, the editor): the layer property's label unless given.
    label: Text | None = None

    @property
    def target(self) -> str:
        return self.column or self.name

    @model_validator(mode="after")
    def identifiers(self) -> WritableField:
        if not IDENTIFIER.match(self.target):
            raise ValueError(f"writable field {self.name!r}: column is not a plain identifier")
        return self


class WritableGeometry(BaseModel):
    """Where a written geometry goes. A point is stored in `point`; a polygon in `polygon`
    (as a MultiPolygon) with a point on its surface in `point`, so distances keep working.
    `precision` (optional) names the column that says what the geometry is; writing a new
    geometry sets it to `surveyed_point` / `surveyed_boundary`, removing it to `none`."""

    point: str
    polygon: str | None = None
    precision: str | None = None
    # Every record has a geometry: a write may move it, never remove it.
    required: bool = False


class Writable(BaseModel):
    """How clients may write a layer (OGC API – Features Part 4, imports): which table, which
    fields, and the rules a record must obey."""

    table: str
    key: str
    id_pattern: str = r"^[a-z0-9][a-z0-9-]{1,79}$"
    # Ids made for records created without one: prefix + random suffix.
    id_prefix: str
    fields: list[WritableField]
    geometry: WritableGeometry | None = None
    # The field holding the district: it must be one of the eight, and the geometry in it.
    district_field: str | None = None
    # Published properties that are derived (district name, parent name, …): accepted in a
    # request, so that a client can send back what it read, and ignored.
    derived: list[str] = []
    # The field that identifies an existing record in an imported file without ids (unique).
    match_field: str | None = None
    # Column values of a new record that clients do not give (e.g. its provenance dataset).
    defaults: dict[str, Any] = {}

    @model_validator(mode="after")
    def identifiers(self) -> Writable:
        names = [self.table, self.key, *self.defaults]
        if self.geometry:
            names += [c for c in (self.geometry.point, self.geometry.polygon,
                                  self.geometry.precision) if c]  # fmt: skip
        for name in names:
            if not IDENTIFIER.match(name):
                raise ValueError(f"writable: {name!r} is not a plain SQL identifier")
        fields = {f.name for f in self.fields}
        if self.district_field and self.district_field not in fields:
            raise ValueError("writable: district_field is not a writable field")
        return self

    def field(self, name: str) -> WritableField | None:
        return next((f for f in self.fields if f.name == name), None)


class Layer(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    order: int = 100
    title: Text
    description: Text
    source: Source
    geometry: GeometryColumn | None = None
    id_column: str
    default_sort: list[str] = []
    time: TimeColumn | None = None
    properties: list[Property]
    style: Style | None = None
    tiles: TileSettings = TileSettings()
    attribution: Text
    licence: str
    writable: Writable | None = None

    @model_validator(mode="after")
    def consistent(self) -> Layer:
        names = {p.name for p in self.properties}
        if self.id_column not in names:
            raise ValueError(f"layer {self.id}: id_column {self.id_column!r} is not a property")
        for key in self.default_sort:
            if key.lstrip("-") not in names:
                raise ValueError(f"layer {self.id}: sort key {key!r} is not a property")
        if self.style and self.style.property and self.style.property not in names:
            raise ValueError(f"layer {self.id}: style property is not a property")
        if self.time:
            prop = self.property(self.time.column)
            if prop is None or prop.type not in ("date", "datetime"):
                raise ValueError(f"layer {self.id}: time column is not a date/datetime property")
        if self.geometry and not IDENTIFIER.match(self.geometry.column):
            raise ValueError(f"layer {self.id}: geometry column is not a plain identifier")
        unknown = set(self.tiles.properties or ()) - names
        if unknown:
            raise ValueError(
                f"layer {self.id}: tile properties {sorted(unknown)} are not properties"
            )
        if self.tiles.min_zoom > self.tiles.max_zoom:
            raise ValueError(f"layer {self.id}: tiles min_zoom is above max_zoom")
        for spec in self.writable.fields if self.writable else ():
            if spec.label is None:
                prop = self.property(spec.name)
                spec.label = prop.label if prop else Text(zh=spec.name, en=spec.name)
        return self

    @property
    def tile_properties(self) -> list[Property]:
        names = self.tiles.properties
        if names is None:
            return [p for p in self.properties if p.type != "json"]
        return [p for p in self.properties if p.name in names]

    @property
    def spatial(self) -> bool:
        return self.geometry is not None

    def property(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)


class Catalog(dict[str, Layer]):
    """Layers by id, in map order."""

    def ordered(self) -> list[Layer]:
        return sorted(self.values(), key=lambda layer: (layer.order, layer.id))


def load_catalog(directory: Path) -> Catalog:
    catalog = Catalog()
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            layer = Layer.model_validate(yaml.safe_load(f))
        if layer.id in catalog:
            raise ValueError(f"{path.name}: duplicate layer id {layer.id!r}")
        catalog[layer.id] = layer
    return catalog
