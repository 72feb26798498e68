"""The SQL of the OGC API, in one place.

A request becomes one statement whose shape depends only on the layer and on which parameters
were given, never on their values: values are bound parameters ($n), identifiers come from the
validated catalog and are quoted. asyncpg prepares each shape once per connection and reuses
it. PostgreSQL writes each feature's GeoJSON as text; Python only joins the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.layers.catalog import Layer
from app.ogc import cql2
from app.ogc.crs import CRS
from app.ogc.query import ItemsQuery, SortKey, day_bounds, default_sort

SOURCE = "src"


@dataclass(frozen=True)
class Statement:
    text: str
    args: tuple[object, ...] = ()


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# Python type → SQL type of a bound value; the first match wins (a bool is an int, a datetime
# is a date).
SQL_TYPES = (
    (bool, "boolean"),
    (int, "bigint"),
    (Decimal, "numeric"),
    (float, "double precision"),
    (datetime, "timestamptz"),
    (date, "date"),
    (bytes, "bytea"),
    (str, "text"),
)


def _sql_type(value: object) -> str:
    if isinstance(value, list | tuple):
        elements = [_sql_type(v) for v in value]
        return ("numeric" if "numeric" in elements else elements[0]) + "[]"
    return next(name for kind, name in SQL_TYPES if isinstance(value, kind))


class Params:
    """Collects bound values; each placeholder carries an explicit type so that PostgreSQL
    never has to guess one from the value."""

    def __init__(self) -> None:
        self.values: list[object] = []

    def bind(self, value: object) -> str:
        if isinstance(value, list | tuple) and any(isinstance(v, Decimal) for v in value):
            value = [Decimal(v) for v in value]
        self.values.append(value)
        return f"${len(self.values)}::{_sql_type(value)}"

    def column(self, name: str) -> str:
        return column(name)

    def statement(self, text: str) -> Statement:
        return Statement(text, tuple(self.values))


def column(name: str) -> str:
    return f"{SOURCE}.{quote(name)}"


def from_clause(layer: Layer) -> str:
    if layer.source.table:
        return f"{quote(layer.source.table)} AS {SOURCE}"
    return f"({layer.source.sql}) AS {SOURCE}"


def geometry(layer: Layer, crs: CRS) -> str:
    """The layer's geometry in `crs`, axes in the CRS's order."""
    assert layer.geometry is not None
    sql = column(layer.geometry.column)
    if crs.srid != 4326:
        sql = f"ST_Transform({sql}, {crs.srid})"
    if crs.lat_first:
        sql = f"ST_FlipCoordinates({sql})"
    return sql


def _properties_object(names: tuple[str, ...]) -> str:
    """{"name": value, ...} as text; names are plain identifiers, so safe JSON keys. In
    parentheses, so the small object is built on its own and appended to the feature once:
    in one long chain of ||, every property would copy the feature, geometry and all."""
    if not names:
        return "'{}'"
    members = []
    for position, name in enumerate(names):
        opening = "{" if position == 0 else ","
        value = f"COALESCE(to_json({column(name)})::text, 'null')"
        members.append(f"""'{opening}"{name}":' || {value}""")
    return "(" + " || ".join(members) + " || '}')"


def feature(layer: Layer, crs: CRS, properties: tuple[str, ...]) -> str:
    """One GeoJSON Feature as text. Concatenating text (rather than json_build_object) avoids
    parsing ST_AsGeoJSON's output back into json and is about a third faster."""
    identifier = f"COALESCE(to_json({column(layer.id_column)})::text, 'null')"
    if layer.geometry:
        shape = f"COALESCE(ST_AsGeoJSON({geometry(layer, crs)}, {crs.digits}, 0), 'null')"
    else:
        shape = "'null'"
    return (
        f"""'{{"type":"Feature","id":' || {identifier} || ',"geometry":' || {shape}"""
        f""" || ',"properties":' || {_properties_object(properties)} || '}}'"""
    )


def _where(query: ItemsQuery, params: Params) -> str:
    layer = query.layer
    conditions = []
    if query.bbox and layer.geometry:
        box = query.bbox
        corners = ", ".join(params.bind(v) for v in (box.min_x, box.min_y, box.max_x, box.max_y))
        envelope = f"ST_MakeEnvelope({corners}, {box.crs.srid})"
        if box.crs.srid != 4326:
            envelope = f"ST_Transform({envelope}, 4326)"
        conditions.append(f"ST_Intersects({column(layer.geometry.column)}, {envelope})")
    if query.datetime and layer.time:
        time_column = column(layer.time.column)
        prop = layer.property(layer.time.column)
        start, end = query.datetime.start, query.datetime.end
        if prop is not None and prop.type == "date":
            start, end = day_bounds(query.datetime)
        if start is not None:
            conditions.append(f"{time_column} >= {params.bind(start)}")
        if end is not None:
            conditions.append(f"{time_column} <= {params.bind(end)}")
    for condition in query.filters:
        conditions.append(f"{column(condition.name)} = ANY({params.bind(list(condition.values))})")
    if query.cql:
        conditions.append(cql2.to_sql(query.cql, layer, params))
    return " AND ".join(conditions) if conditions else "TRUE"


def _order(layer: Layer, keys: tuple[SortKey, ...]) -> str:
    keys = keys or default_sort(layer)
    # The id last makes the order total, so pages never overlap or skip.
    if layer.id_column not in {k.name for k in keys}:
        keys = (*keys, SortKey(layer.id_column))
    return ", ".join(f"{column(k.name)}{' DESC' if k.descending else ''}" for k in keys)


def _as_bytes(text_sql: str) -> str:
    """Text sent as bytea: asyncpg hands Python the UTF-8 bytes, which go into the response as
    they are — no decoding into str and encoding back (a tenth of a millisecond per 200 kB)."""
    return f"convert_to({text_sql}, 'UTF8')"


def _window(query: ItemsQuery) -> str:
    """LIMIT and OFFSET, written as numbers: they are integers checked by app.ogc.query, never
    text from the request. Bound as parameters they would make PostgreSQL re-plan the
    statement on every execution (their values change its cost), which costs more than running
    it on a view such as yuxi_district; written out, a page without a filter has no parameters
    and is planned once per connection. One row more than the page tells whether there is a
    next page."""
    return f"LIMIT {int(query.limit) + 1} OFFSET {int(query.offset)}"


def _page(query: ItemsQuery, columns: str) -> Statement:
    """Page first, then build: the inner query picks the page's rows (LIMIT/OFFSET on plain
    columns, served by the indexes), the outer one writes only those rows. Written in one
    level, PostgreSQL would build the output of every row it skips: at offset=150000, 151,001
    features built to send 1,001. The outer ORDER BY costs nothing (the planner knows the
    subquery is already in that order) and keeps the order guaranteed."""
    params = Params()
    where = _where(query, params)
    order = _order(query.layer, query.sortby)
    return params.statement(
        f"SELECT {columns} FROM (SELECT {SOURCE}.* FROM {from_clause(query.layer)}"
        f" WHERE {where} ORDER BY {order} {_window(query)}) AS {SOURCE} ORDER BY {order}"
    )


def page(query: ItemsQuery) -> Statement:
    """One row per feature of the requested page (and one more): its GeoJSON as UTF-8 bytes.
    An unfiltered page of a table also carries the table's row estimate (computed once, as an
    InitPlan), in case numberMatched needs it: that saves a round trip on the commonest
    request for a large layer."""
    columns = _as_bytes(feature(query.layer, query.crs, query.selected))
    if query.layer.source.table and not query.filtered:
        columns += f", {_row_estimate(query.layer)}"
    return _page(query, columns)


def csv_page(query: ItemsQuery) -> Statement:
    """The page as table rows: properties as text, then the geometry as WKT."""
    columns = [f"{column(n)}::text" for n in query.selected]
    if query.layer.geometry:
        columns.append(f"ST_AsText({geometry(query.layer, query.crs)}, {query.crs.digits})")
    return _page(query, ", ".join(columns) or "NULL")


def _matching(query: ItemsQuery) -> tuple[Params, str]:
    """SELECT 1 for every feature that matches, and the values it binds."""
    params = Params()
    where = _where(query, params)
    return params, f"SELECT 1 FROM {from_clause(query.layer)} WHERE {where}"


def bounded_count(query: ItemsQuery, cap: int) -> Statement:
    """How many features match, counting no further than `cap` (a setting, not input)."""
    params, matching = _matching(query)
    return params.statement(f"SELECT count(*) FROM ({matching} LIMIT {int(cap)}) AS bounded")


def planned_count(query: ItemsQuery) -> Statement:
    """The planner's estimate of how many features match (EXPLAIN runs nothing)."""
    params, matching = _matching(query)
    return params.statement(f"EXPLAIN (FORMAT JSON) {matching}")


def _row_estimate(layer: Layer) -> str:
    """The statistics' row count of a table layer (-1 or 0 when unknown, NULL for a view). The
    name is a catalog identifier, so it can be a literal."""
    name = quote(layer.source.table or "")
    return (
        f"(SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('{name}')"
        " AND relkind IN ('r', 'p', 'm'))"
    )


def table_rows(layer: Layer) -> Statement:
    return Statement(f"SELECT {_row_estimate(layer)}")


def item(query: ItemsQuery, feature_id: object) -> Statement:
    params = Params()
    condition = f"{column(query.layer.id_column)} = {params.bind(feature_id)}"
    return params.statement(
        f"SELECT {_as_bytes(feature(query.layer, query.crs, query.selected))}"
        f" FROM {from_clause(query.layer)} WHERE {condition} LIMIT 1"
    )


def extent(layer: Layer) -> Statement:
    """The layer's bounding box in CRS84: from table statistics when there are some (cheap on
    large tables), else computed."""
    assert layer.geometry is not None
    computed = f"(SELECT ST_Extent({column(layer.geometry.column)}) FROM {from_clause(layer)})"
    if layer.source.table:
        estimated = (
            "CASE WHEN (SELECT relkind FROM pg_class WHERE oid = to_regclass($1::text)) = 'r'"
            " THEN ST_EstimatedExtent($2::text, $3::text)::box2d END"
        )
        box = f"COALESCE({estimated}, {computed})"
        args: tuple[object, ...] = (
            quote(layer.source.table),
            layer.source.table,
            layer.geometry.column,
        )
    else:
        box, args = computed, ()
    return Statement(
        f"SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT {box} AS b) AS e",
        args,
    )
