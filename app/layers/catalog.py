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
    attribution: Text
    licence: str

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
        return self

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
