"""What a request for features asks for, parsed and checked against the layer — free of the
web framework. Every parse function raises InvalidParameter naming the parameter, so bad
input never reaches the database."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Protocol

from app.errors import InvalidParameter
from app.layers.catalog import Layer, Property
from app.ogc import cql2
from app.ogc import crs as crs_registry
from app.ogc.cql2 import BIGINT_RANGE, COMPARABLE_TYPES, CqlFilter
from app.ogc.crs import CRS
from app.ogc.formats import FEATURE, FEATURES, Format, negotiate

ITEMS_PARAMETERS = (
    "f",
    "limit",
    "offset",
    "bbox",
    "bbox-crs",
    "datetime",
    "crs",
    "properties",
    "sortby",
    "filter",
    "filter-lang",
    "filter-crs",
)
ITEM_PARAMETERS = ("f", "crs", "properties")


@dataclass(frozen=True)
class BBox:
    """A box in the storage order: x = longitude or easting, y = latitude or northing."""

    min_x: float
    min_y: float
    max_x: float
    max_y: float
    crs: CRS


@dataclass(frozen=True)
class TimeInterval:
    """Inclusive bounds; None is open."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool = False


@dataclass(frozen=True)
class PropertyFilter:
    """`?name=value` on a queryable: equality, or any of the values when repeated."""

    name: str
    values: tuple[object, ...]


@dataclass
class ItemsQuery:
    layer: Layer
    format: Format
    limit: int
    offset: int = 0
    crs: CRS = crs_registry.CRS84
    bbox: BBox | None = None
    datetime: TimeInterval | None = None
    properties: tuple[str, ...] | None = None  # None: all of them
    sortby: tuple[SortKey, ...] = ()
    filters: tuple[PropertyFilter, ...] = ()
    cql: CqlFilter | None = None
    # The query string as received (without f), for links to other pages and formats.
    params: list[tuple[str, str]] = field(default_factory=list)

    @property
    def selected(self) -> tuple[str, ...]:
        """The properties to write: those asked for, else all."""
        if self.properties is not None:
            return self.properties
        return tuple(p.name for p in self.layer.properties)

    @property
    def filtered(self) -> bool:
        return bool(self.bbox or self.datetime or self.filters or self.cql)


def queryable(layer: Layer, name: str, parameter: str) -> Property:
    """A property that may be filtered or sorted on."""
    prop = layer.property(name)
    if prop is None or prop.type not in COMPARABLE_TYPES:
        names = ", ".join(p.name for p in layer.properties if p.type in COMPARABLE_TYPES)
        raise InvalidParameter(
            f"{parameter}: {name!r} is not a queryable property of {layer.id}; queryables: {names}",
            parameter,
        )
    return prop


class QueryValues(Protocol):
    """A query string: Starlette's QueryParams, or anything with the same reading methods."""

    def __iter__(self) -> Iterator[str]: ...

    def get(self, key: str, default: str | None = None) -> str | None: ...

    def getlist(self, key: str) -> list[str]: ...

    def multi_items(self) -> list[tuple[str, str]]: ...


def _integer(text: str, parameter: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InvalidParameter(f"{parameter}: {text!r} is not an integer", parameter) from None
    if value < minimum:
        raise InvalidParameter(f"{parameter}: must be {minimum} or more, got {value}", parameter)
    return value


def parse_limit(text: str | None, default: int, maximum: int) -> int:
    if text is None:
        return default
    # Part 1 lets a server cap limit at its advertised maximum instead of failing.
    return min(_integer(text, "limit", 1), maximum)


def parse_offset(text: str | None) -> int:
    offset = 0 if text is None else _integer(text, "offset", 0)
    if offset > BIGINT_RANGE[1]:
        raise InvalidParameter(f"offset: {offset} is too large", "offset")
    return offset


def parse_number(text: str, parameter: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise InvalidParameter(f"{parameter}: {text!r} is not a number", parameter) from None
    if not math.isfinite(number):
        raise InvalidParameter(f"{parameter}: {text!r} is not a finite number", parameter)
    return number


def parse_bbox(text: str, crs: CRS) -> BBox:
    """minx,miny,maxx,maxy (or with min/max z, which a flat map ignores), in the axis order
    of bbox-crs."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (4, 6):
        raise InvalidParameter(
            f"bbox: expected 4 (or 6) comma-separated numbers, got {len(parts)}", "bbox"
        )
    numbers = [parse_number(p, "bbox") for p in parts]
    low, high = (numbers[0:2], numbers[2:4]) if len(numbers) == 4 else (numbers[0:2], numbers[3:5])
    if crs.lat_first:
        low, high = low[::-1], high[::-1]
    (min_x, min_y), (max_x, max_y) = low, high
    bx0, by0, bx1, by1 = crs.bounds
    x_name, y_name = crs.axis_names
    for value, lo, hi, name in (
        (min_x, bx0, bx1, x_name),
        (max_x, bx0, bx1, x_name),
        (min_y, by0, by1, y_name),
        (max_y, by0, by1, y_name),
    ):
        if not lo <= value <= hi:
            raise InvalidParameter(
                f"bbox: {name} {value} is outside [{lo}, {hi}] of {crs.uri}", "bbox"
            )
    if min_y > max_y:
        raise InvalidParameter(f"bbox: minimum {y_name} exceeds the maximum", "bbox")
    if min_x > max_x:
        raise InvalidParameter(
            f"bbox: minimum {x_name} exceeds the maximum (boxes across the antimeridian "
            "are not supported)",
            "bbox",
        )
    return BBox(min_x, min_y, max_x, max_y, crs)


def _instant(text: str, end: bool) -> datetime | None:
    """An RFC 3339 date-time or a date (a whole day); '..' or '' is open."""
    if text in ("..", ""):
        return None
    try:
        if "T" not in text.upper() and len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time.max if end else time.min, UTC)
        else:
            moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(
            f"datetime: {text!r} is not an RFC 3339 date-time, date or '..'", "datetime"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_datetime(text: str, layer: Layer) -> TimeInterval:
    if layer.time is None:
        raise InvalidParameter(
            f"datetime: collection {layer.id} has no time property to filter on", "datetime"
        )
    if "/" in text:
        first, _, second = text.partition("/")
        start, end = _instant(first.strip(), False), _instant(second.strip(), True)
        if start is None and end is None:
            raise InvalidParameter("datetime: an interval needs at least one end", "datetime")
    else:
        if text.strip() == "..":
            raise InvalidParameter("datetime: '..' is only allowed in an interval", "datetime")
        start, end = _instant(text.strip(), False), _instant(text.strip(), True)
    if start and end and start > end:
        raise InvalidParameter("datetime: the interval starts after it ends", "datetime")
    return TimeInterval(start, end)


def parse_properties(text: str, layer: Layer) -> tuple[str, ...]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    for name in names:
        if layer.property(name) is None:
            known = ", ".join(p.name for p in layer.properties)
            raise InvalidParameter(
                f"properties: {layer.id} has no property {name!r}; properties: {known}",
                "properties",
            )
    return tuple(dict.fromkeys(names))


def parse_sortby(text: str, layer: Layer) -> tuple[SortKey, ...]:
    keys = []
    # A '+' prefix arrives as a space when the client did not percent-encode it.
    for item in (i.strip() for i in text.split(",")):
        if not item:
            raise InvalidParameter("sortby: empty sort key", "sortby")
        descending = item.startswith("-")
        name = item.lstrip("+-").strip()
        queryable(layer, name, "sortby")
        keys.append(SortKey(name, descending))
    return tuple(keys)


def default_sort(layer: Layer) -> tuple[SortKey, ...]:
    return tuple(SortKey(k.lstrip("-"), k.startswith("-")) for k in layer.default_sort)


def parse_value(text: str, prop: Property, parameter: str) -> object:
    """A query-string value as the property's type."""
    try:
        match prop.type:
            case "integer":
                value = int(text)
                if not BIGINT_RANGE[0] <= value <= BIGINT_RANGE[1]:
                    raise ValueError
                return value
            case "number":
                number = Decimal(text)
                if not number.is_finite():
                    raise ValueError
                return number
            case "boolean":
                return {"true": True, "false": False}[text.strip().lower()]
            case "date":
                return date.fromisoformat(text)
            case "datetime":
                moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
                return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            case _:
                return text
    except (ValueError, KeyError, InvalidOperation):
        raise InvalidParameter(
            f"{parameter}: {text!r} is not a valid {prop.type} for {prop.name}", parameter
        ) from None


def day_bounds(interval: TimeInterval) -> tuple[date | None, date | None]:
    """An interval as whole days, for date properties."""
    start = interval.start.astimezone(UTC).date() if interval.start else None
    end = interval.end.astimezone(UTC).date() if interval.end else None
    return start, end


def refuse_unknown(values: QueryValues, allowed: Iterable[str], layer: Layer | None = None) -> None:
    """Part 1 asks for 400 on a parameter the API does not define; on /items a layer's
    properties are parameters too."""
    allowed = set(allowed)
    for name in values:
        if name in allowed or (layer is not None and layer.property(name) is not None):
            continue
        listed = ", ".join(sorted(allowed))
        extra = " or a queryable property" if layer is not None else ""
        raise InvalidParameter(f"Unknown parameter {name!r}; use {listed}{extra}.", name)


def _output_crs(layer: Layer, value: str | None) -> CRS:
    if value is None:
        return crs_registry.CRS84
    if not layer.geometry:
        raise InvalidParameter(f"crs: collection {layer.id} has no geometry", "crs")
    return crs_registry.lookup(value, "crs")


def _crs_param(values: QueryValues, name: str) -> CRS:
    """bbox-crs or filter-crs; CRS84 by default."""
    value = values.get(name)
    return crs_registry.lookup(value, name) if value else crs_registry.CRS84


def _property_filters(values: QueryValues, layer: Layer) -> tuple[PropertyFilter, ...]:
    filters = []
    for name in dict.fromkeys(values):
        if name in ITEMS_PARAMETERS:
            continue
        prop = queryable(layer, name, name)
        typed = tuple(parse_value(v, prop, name) for v in values.getlist(name))
        filters.append(PropertyFilter(name, typed))
    return tuple(filters)


def _links_params(values: QueryValues) -> list[tuple[str, str]]:
    return [(k, v) for k, v in values.multi_items() if k != "f"]


def parse_items(
    layer: Layer, values: QueryValues, accept: str | None, default_limit: int, max_limit: int
) -> ItemsQuery:
    """Everything /items may be asked, checked; the CQL2 filter is parsed here too, so that a
    malformed one is refused before any SQL is written."""
    refuse_unknown(values, ITEMS_PARAMETERS, layer)
    query = ItemsQuery(
        layer=layer,
        format=negotiate(values.get("f"), accept, FEATURES),
        limit=parse_limit(values.get("limit"), default_limit, max_limit),
        offset=parse_offset(values.get("offset")),
        crs=_output_crs(layer, values.get("crs")),
        params=_links_params(values),
    )
    box_crs = _crs_param(values, "bbox-crs")
    if (bbox := values.get("bbox")) is not None:
        if not layer.geometry:
            raise InvalidParameter(f"bbox: collection {layer.id} has no geometry", "bbox")
        query.bbox = parse_bbox(bbox, box_crs)
    if (interval := values.get("datetime")) is not None:
        query.datetime = parse_datetime(interval, layer)
    if (properties := values.get("properties")) is not None:
        query.properties = parse_properties(properties, layer)
    if (sortby := values.get("sortby")) is not None:
        query.sortby = parse_sortby(sortby, layer)
    query.filters = _property_filters(values, layer)
    literal_crs = _crs_param(values, "filter-crs")
    language = values.get("filter-lang") or "cql2-text"
    if (text := values.get("filter")) is not None:
        query.cql = cql2.parse(text, language, literal_crs)
    else:
        cql2.check_language(language)
    return query


def parse_item(layer: Layer, values: QueryValues, accept: str | None) -> ItemsQuery:
    refuse_unknown(values, ITEM_PARAMETERS)
    query = ItemsQuery(
        layer=layer,
        format=negotiate(values.get("f"), accept, FEATURE),
        limit=1,
        crs=_output_crs(layer, values.get("crs")),
        params=_links_params(values),
    )
    if (properties := values.get("properties")) is not None:
        query.properties = parse_properties(properties, layer)
    return query
