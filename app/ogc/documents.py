"""The JSON documents that describe the API and its collections (landing page, conformance,
collection, queryables) — plain data built from the catalog, free of the web framework."""

from __future__ import annotations

from app.layers.catalog import Layer
from app.ogc import crs
from app.ogc.cql2 import COMPARABLE_TYPES, GEOMETRY
from app.ogc.formats import JSON, METADATA, Format
from app.ogc.links import Links, link

TILESETS_VECTOR_REL = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"

OGC = "http://www.opengis.net/spec/"
# Only classes whose every requirement is met. Not declared: CQL2 temporal and array functions,
# accent-insensitive comparison and arithmetic (pygeofilter parses neither %, div nor ^).
CONFORMANCE = (
    OGC + "ogcapi-features-1/1.0/conf/core",
    OGC + "ogcapi-features-1/1.0/conf/oas30",
    OGC + "ogcapi-features-1/1.0/conf/html",
    OGC + "ogcapi-features-1/1.0/conf/geojson",
    OGC + "ogcapi-features-2/1.0/conf/crs",
    OGC + "ogcapi-features-3/1.0/conf/queryables",
    OGC + "ogcapi-features-3/1.0/conf/queryables-query-parameters",
    OGC + "ogcapi-features-3/1.0/conf/filter",
    OGC + "ogcapi-features-3/1.0/conf/features-filter",
    OGC + "cql2/1.0/conf/cql2-text",
    OGC + "cql2/1.0/conf/cql2-json",
    OGC + "cql2/1.0/conf/basic-cql2",
    OGC + "cql2/1.0/conf/advanced-comparison-operators",
    OGC + "cql2/1.0/conf/case-insensitive-comparison",
    OGC + "cql2/1.0/conf/basic-spatial-functions",
    OGC + "cql2/1.0/conf/basic-spatial-functions-plus",
    OGC + "cql2/1.0/conf/spatial-functions",
    OGC + "cql2/1.0/conf/property-property",
    # OGC API – Tiles (app/ogc/tiles), served under the same landing page.
    OGC + "ogcapi-tiles-1/1.0/conf/core",
    OGC + "ogcapi-tiles-1/1.0/conf/tileset",
    OGC + "ogcapi-tiles-1/1.0/conf/tilesets-list",
    OGC + "ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    OGC + "ogcapi-tiles-1/1.0/conf/mvt",
    OGC + "ogcapi-tiles-1/1.0/conf/oas30",
    OGC + "tms/2.0/conf/json-tilematrixset",
    # Part 4 (writes) on the layers declared `writable` (issue 12): POST, PUT, DELETE; PATCH;
    # GeoJSON bodies; ETag / If-Match. Not declared: optimistic locking by timestamps.
    OGC + "ogcapi-features-4/1.0/conf/create-replace-delete",
    OGC + "ogcapi-features-4/1.0/conf/update",
    OGC + "ogcapi-features-4/1.0/conf/features",
    OGC + "ogcapi-features-4/1.0/conf/optimistic-locking-etags",
)
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
TITLE = "渝西产业地图 · Western Chongqing Industry Map"
DESCRIPTION = (
    "渝府〔2023〕13号《渝西跨越计划》产业地图的图层。"
    " Layers of the industry map of plan 渝府〔2023〕13号 (Western Chongqing, 2023—2027)."
)
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
QUERYABLE_SCHEMAS = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}

Extent = tuple[float, float, float, float]


def landing(links: Links, fmt: Format) -> dict:
    return {"title": TITLE, "description": DESCRIPTION, "links": links.landing(fmt, METADATA)}


def conformance(links: Links, fmt: Format) -> dict:
    return {
        "conformsTo": list(CONFORMANCE),
        "links": links.self_and_alternates("/conformance", fmt, METADATA, []),
    }


def collection(links: Links, layer: Layer, extent: Extent | None, fmt: Format = JSON) -> dict:
    document: dict = {
        "id": layer.id,
        "title": layer.title.zh,
        "description": f"{layer.description.zh}\n\n{layer.title.en}: {layer.description.en}",
        "attribution": f"{layer.attribution.zh} / {layer.attribution.en}",
        "license": layer.licence,
        "itemType": "feature",
        "links": [
            *links.self_and_alternates(f"/collections/{layer.id}", fmt, METADATA, []),
            *links.collection(layer.id),
        ],
    }
    if layer.writable:
        document["editing"] = editing(links, layer)
    if layer.geometry:
        document["links"].append(
            link(
                links.url(f"/collections/{layer.id}/tiles"),
                TILESETS_VECTOR_REL,
                JSON.media_type,
                "Vector tiles (OGC API – Tiles)",
            )
        )
    if layer.geometry:
        document["crs"] = [c.uri for c in crs.SUPPORTED]
        document["storageCrs"] = crs.STORAGE.uri
        if extent:
            document["extent"] = {"spatial": {"bbox": [list(extent)], "crs": crs.CRS84.uri}}
    return document


def editing(links: Links, layer: Layer) -> dict:
    """How to write a writable collection: who may, how to sign in, how conflicts show."""
    return {
        "writable": True,
        "methods": list(WRITE_METHODS),
        "mediaType": "application/geo+json",
        "contentCrs": [c.uri for c in crs.SUPPORTED],
        "authentication": {
            "scheme": "Bearer",
            "flow": "OAuth2 password",
            "tokenUrl": f"{links.base}/api/auth/token",
            "role": "editor",
        },
        "concurrency": "ETag / If-Match: a stale If-Match is refused with 412",
        "fields": [_field(layer, f) for f in layer.writable.fields],
        "geometryRequired": bool(layer.writable.geometry and layer.writable.geometry.required),
        "geometryTypes": _geometry_types(layer),
        "history": f"{links.base}/api/history?entity={layer.id}",
    }


def _geometry_types(layer: Layer) -> list[str]:
    """What a write may give as the geometry: points, and polygons where a layer keeps them."""
    g = layer.writable.geometry
    if g is None:
        return []
    return ["Point", "Polygon", "MultiPolygon"] if g.polygon else ["Point"]


def _field(layer: Layer, field) -> dict:
    label = {"zh": field.label.zh, "en": field.label.en}
    described = {"name": field.name, "type": field.type, "required": field.required, "label": label}
    if field.allowed:
        described["allowed"] = field.allowed
    if field.default is not None:
        described["default"] = field.default
    return described


def collections(links: Links, layers: list[Layer], extents: dict, fmt: Format) -> dict:
    return {
        "links": links.self_and_alternates("/collections", fmt, METADATA, []),
        "collections": [collection(links, layer, extents.get(layer.id)) for layer in layers],
        "crs": [c.uri for c in crs.SUPPORTED],
    }


def queryables(links: Links, layer: Layer) -> dict:
    """A JSON Schema of what filter, sortby and ?name=value may use."""
    properties: dict[str, dict] = {}
    if layer.geometry:
        kind = layer.geometry.type.lower()
        properties[GEOMETRY] = {
            "title": "几何 Geometry",
            "format": f"geometry-{'any' if kind == 'geometry' else kind}",
            "x-ogc-role": "primary-geometry",
        }
    for prop in layer.properties:
        if prop.type in COMPARABLE_TYPES:
            properties[prop.name] = {
                "title": f"{prop.label.zh} {prop.label.en}",
                **QUERYABLE_SCHEMAS[prop.type],
            }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": links.url(f"/collections/{layer.id}/queryables"),
        "type": "object",
        "title": layer.title.zh,
        "properties": properties,
        "additionalProperties": False,
    }
