"""CQL2 filters (OGC API – Features Part 3). pygeofilter parses cql2-text and cql2-json into an
AST; this module checks the AST against the layer's queryables and translates it into a SQL
condition in which every value is a bound parameter — user input never becomes SQL text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

import shapely
from pygeofilter import ast, values
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text
from shapely.geometry import box, shape

from app.errors import InvalidParameter
from app.layers.catalog import Layer
from app.ogc.crs import CRS

LANGUAGES = ("cql2-text", "cql2-json")
# Property types that make sense in a filter or a sort (json values do not).
COMPARABLE_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")
BIGINT_RANGE = (-(2**63), 2**63 - 1)
GEOMETRY = "geometry"  # the queryable name of a layer's geometry

COMPARISONS = {
    ast.Equal: "=",
    ast.NotEqual: "<>",
    ast.LessThan: "<",
    ast.LessEqual: "<=",
    ast.GreaterThan: ">",
    ast.GreaterEqual: ">=",
}
SPATIAL = {
    ast.GeometryIntersects: "ST_Intersects",
    ast.GeometryDisjoint: "ST_Disjoint",
    ast.GeometryContains: "ST_Contains",
    ast.GeometryWithin: "ST_Within",
    ast.GeometryTouches: "ST_Touches",
    ast.GeometryCrosses: "ST_Crosses",
    ast.GeometryOverlaps: "ST_Overlaps",
    ast.GeometryEquals: "ST_Equals",
}
ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mul: "*", ast.Div: "/"}
# Types that compare with each other.
KINDS = {"integer": "number", "number": "number", "date": "time", "datetime": "time"}


@dataclass(frozen=True)
class CqlFilter:
    ast: ast.Node
    crs: CRS  # the CRS of geometry literals (filter-crs)


class SqlWriter(Protocol):
    def bind(self, value: object) -> str:
        """A placeholder for a new parameter with this value."""

    def column(self, name: str) -> str:
        """The quoted column of the layer's source."""


def _invalid(detail: str) -> InvalidParameter:
    return InvalidParameter(f"filter: {detail}", "filter")


def _boxes_as_polygons(node: object) -> object:
    """cql2-json writes a bbox literal as {"bbox": [...]}; pygeofilter's envelope reads it in
    another axis order, so it becomes a plain polygon before parsing."""
    if isinstance(node, dict):
        if set(node) == {"bbox"} and isinstance(node["bbox"], list):
            numbers = node["bbox"]
            if len(numbers) == 6:
                numbers = numbers[0:2] + numbers[3:5]
            if len(numbers) != 4 or not all(isinstance(n, int | float) for n in numbers):
                raise _invalid("a bbox literal needs 4 or 6 numbers")
            return box(*numbers).__geo_interface__
        return {key: _boxes_as_polygons(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_boxes_as_polygons(item) for item in node]
    return node


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise InvalidParameter(
            f"filter-lang: unsupported {language!r}; use one of {', '.join(LANGUAGES)}",
            "filter-lang",
        )


def parse(text: str, language: str, crs: CRS) -> CqlFilter:
    check_language(language)
    try:
        if language == "cql2-json":
            node = parse_cql2_json(_boxes_as_polygons(json.loads(text)))
        else:
            node = parse_cql2_text(text)
    except InvalidParameter:
        raise
    except Exception as exc:  # lark and pygeofilter raise many kinds; all mean bad input
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _invalid(f"not valid {language}: {message[:200]}") from None
    if not isinstance(node, ast.Node):
        raise _invalid("the filter is a value, not a condition")
    return CqlFilter(node, crs)


def to_sql(cql: CqlFilter, layer: Layer, writer: SqlWriter) -> str:
    try:
        return _Translator(layer, writer, cql.crs).condition(cql.ast)
    except RecursionError:
        raise _invalid("the expression is nested too deeply") from None


class _Translator:
    def __init__(self, layer: Layer, writer: SqlWriter, crs: CRS):
        self.layer = layer
        self.writer = writer
        self.crs = crs

    # Conditions: SQL that is true or false.

    def condition(self, node: object) -> str:
        match node:
            case ast.And(lhs, rhs):
                return f"({self.condition(lhs)} AND {self.condition(rhs)})"
            case ast.Or(lhs, rhs):
                return f"({self.condition(lhs)} OR {self.condition(rhs)})"
            case ast.Not():
                return f"(NOT {self.condition(node.sub_node)})"
            case ast.Include(not_):
                return "FALSE" if not_ else "TRUE"
            case ast.Comparison():
                return self._comparison(node)
            case ast.Between(lhs, low, high, not_):
                sql, kind = self.value(lhs)
                self._require(kind, ("number", "string", "time"), "BETWEEN")
                low_sql, high_sql = self._like(low, kind), self._like(high, kind)
                negation = "NOT " if not_ else ""
                return f"({sql} {negation}BETWEEN {low_sql} AND {high_sql})"
            case ast.Like(lhs, pattern, nocase, _, _, _, not_):
                sql, kind = self.value(lhs)
                self._require(kind, ("string",), "LIKE")
                if not isinstance(pattern, str):
                    raise _invalid("the LIKE pattern must be a string")
                if (len(pattern) - len(pattern.rstrip("\\"))) % 2:
                    raise _invalid("the LIKE pattern ends with an unfinished escape (\\)")
                operator = ("NOT " if not_ else "") + ("ILIKE" if nocase else "LIKE")
                return f"({sql} {operator} {self.writer.bind(pattern)})"
            case ast.In(lhs, options, not_):
                return self._in(lhs, options, not_)
            case ast.IsNull(lhs, not_):
                sql, _ = self.value(lhs)
                return f"({sql} IS {'NOT ' if not_ else ''}NULL)"
            case ast.SpatialComparisonPredicate(lhs, rhs):
                first, second = self._geometry(lhs), self._geometry(rhs)
                return f"{SPATIAL[type(node)]}({first}, {second})"
            case ast.BBox():
                raise _invalid("use S_INTERSECTS(geometry, BBOX(minx, miny, maxx, maxy))")
            case _:
                raise _invalid(f"{self._name(node)} is not supported")

    def _comparison(self, node: ast.Comparison) -> str:
        left, kind = self.value(node.lhs)
        if kind == "geometry":
            raise _invalid("compare geometries with S_EQUALS, S_INTERSECTS, …")
        right = self._like(node.rhs, kind)
        operator = COMPARISONS[type(node)]
        if kind == "boolean" and operator not in ("=", "<>"):
            raise _invalid(f"booleans can only be compared with = or <>, not {operator}")
        return f"({left} {operator} {right})"

    def _in(self, lhs: object, options: list, negated: bool) -> str:
        sql, kind = self.value(lhs)
        if not options:
            raise _invalid("IN needs at least one value")
        negation = "NOT " if negated else ""
        if all(self._is_literal(o) for o in options):
            for option in options:
                self._check(self._literal_kind(option), kind, "IN")
            array = [self._plain(o) for o in options]
            return f"({negation}{sql} = ANY({self.writer.bind(array)}))"
        items = ", ".join(self._like(o, kind) for o in options)
        return f"({sql} {negation}IN ({items}))"

    # Values: SQL that yields a value, with its kind for type checks.

    def value(self, node: object) -> tuple[str, str]:
        match node:
            case ast.Attribute():
                return self._attribute(node.name)
            case ast.Function(name, arguments) if name.lower() == "lower":
                if len(arguments) != 1:
                    raise _invalid("CASEI takes one argument")
                sql, kind = self.value(arguments[0])
                self._require(kind, ("string",), "CASEI")
                return f"lower({sql})", "string"
            case ast.Function(name, _) if name.lower() == "bbox":
                return self._geometry(node), "geometry"
            case ast.Arithmetic(lhs, rhs):
                left, left_kind = self.value(lhs)
                right, right_kind = self.value(rhs)
                self._require(left_kind, ("number",), "arithmetic")
                self._require(right_kind, ("number",), "arithmetic")
                return f"({left} {ARITHMETIC[type(node)]} {right})", "number"
            case values.Geometry():
                return self._geometry(node), "geometry"
            case _ if self._is_literal(node):
                return self.writer.bind(self._plain(node)), self._literal_kind(node)
            case _:
                raise _invalid(f"{self._name(node)} is not supported")

    def _like(self, node: object, kind: str) -> str:
        """A value that must be comparable with a value of `kind`."""
        sql, other = self.value(node)
        self._check(other, kind, "comparison")
        return sql

    def _attribute(self, name: str) -> tuple[str, str]:
        if name == GEOMETRY and self.layer.geometry:
            return self.writer.column(self.layer.geometry.column), "geometry"
        prop = self.layer.property(name)
        if prop is None or prop.type not in COMPARABLE_TYPES:
            names = [p.name for p in self.layer.properties if p.type in COMPARABLE_TYPES]
            if self.layer.geometry:
                names.append(GEOMETRY)
            raise _invalid(
                f"{name!r} is not a queryable of {self.layer.id}; queryables: {', '.join(names)}"
            )
        return self.writer.column(name), KINDS.get(prop.type, prop.type)

    def _geometry(self, node: object) -> str:
        """A geometry: the layer's, or a literal in filter-crs, as SQL in storage SRID 4326."""
        if isinstance(node, ast.Attribute):
            sql, kind = self._attribute(node.name)
            self._require(kind, ("geometry",), "a spatial function")
            return sql
        if isinstance(node, ast.Function) and node.name.lower() == "bbox":
            numbers = node.arguments
            if len(numbers) == 6:
                numbers = numbers[0:2] + numbers[3:5]
            if len(numbers) != 4 or not all(self._literal_kind(n) == "number" for n in numbers):
                raise _invalid("BBOX needs 4 or 6 numbers")
            if self.crs.lat_first:
                numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
            if numbers[0] > numbers[2] or numbers[1] > numbers[3]:
                raise _invalid("BBOX minimum exceeds its maximum")
            geometry = box(*(float(n) for n in numbers))
        elif isinstance(node, values.Geometry):
            if "crs" in node.geometry:
                raise _invalid("give the CRS of geometry literals with filter-crs, not SRID=")
            try:
                geometry = shape(node.geometry)
            except Exception:  # shapely's errors differ by geometry type
                raise _invalid("a geometry literal is not valid") from None
            if self.crs.lat_first:
                geometry = shapely.transform(geometry, lambda xy: xy[:, ::-1])
            # GEOS may fail on invalid input (a self-crossing ring); say so instead.
            if not geometry.is_valid:
                reason = shapely.is_valid_reason(geometry)
                raise _invalid(f"a geometry literal is not valid ({reason})")
            # PostGIS cannot transform coordinates outside the CRS's area.
            x0, y0, x1, y1 = self.crs.bounds
            if not geometry.is_empty and not box(x0, y0, x1, y1).covers(geometry):
                raise _invalid(f"a geometry literal lies outside the area of {self.crs.uri}")
        elif isinstance(node, values.Envelope):
            raise _invalid("ENVELOPE is not CQL2; use BBOX(minx, miny, maxx, maxy)")
        else:
            raise _invalid(f"{self._name(node)} is not a geometry")
        placeholder = self.writer.bind(shapely.to_wkb(geometry))
        literal = f"ST_GeomFromWKB({placeholder}, {self.crs.srid})"
        return literal if self.crs.srid == 4326 else f"ST_Transform({literal}, 4326)"

    # Literals.

    @staticmethod
    def _is_literal(node: object) -> bool:
        return isinstance(node, str | int | float | Decimal | bool | date)

    @staticmethod
    def _literal_kind(node: object) -> str:
        if isinstance(node, bool):
            return "boolean"
        if isinstance(node, int | float | Decimal):
            return "number"
        if isinstance(node, date):  # datetime is a date too
            return "time"
        if isinstance(node, str):
            return "string"
        return "unsupported"

    @staticmethod
    def _plain(node: object) -> object:
        if isinstance(node, bool) or not isinstance(node, int | float):
            return node
        if isinstance(node, float):
            return Decimal(repr(node))
        if not BIGINT_RANGE[0] <= node <= BIGINT_RANGE[1]:
            raise _invalid(f"the integer {node} is out of range")
        return node

    # Checks.

    @staticmethod
    def _check(kind: str, expected: str, where: str) -> None:
        if kind != expected:
            raise _invalid(f"{where} of a {expected} with a {kind}")

    @staticmethod
    def _require(kind: str, allowed: tuple[str, ...], where: str) -> None:
        if kind not in allowed:
            raise _invalid(f"{where} needs a {' or '.join(allowed)} value, not a {kind}")

    @staticmethod
    def _name(node: object) -> str:
        if isinstance(node, ast.Function):
            return f"function {node.name.upper()}"
        return type(node).__name__
