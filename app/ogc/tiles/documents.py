"""The JSON documents of OGC API – Tiles (tile matrix sets, tilesets list, tileset) and TileJSON
3.0 for map clients — plain data built from the catalog."""

from __future__ import annotations

from app.layers.catalog import Layer
from app.ogc.links import Links, link
from app.ogc.tiles.matrix import TILE_MATRIX_SETS, limits, tile_matrix_set

MVT = "application/vnd.mapbox-vector-tile"
TILING_SCHEME_REL = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
TILING_SCHEMES_REL = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"
TILESETS_VECTOR_REL = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
TILEJSON_VERSION = "3.0.0"
# TileJSON's field descriptions are free text; ours name the type.
FIELD_TYPES = {"string": "String", "integer": "Number", "number": "Number", "boolean": "Boolean"}

Extent = tuple[float, float, float, float]


def tile_path(layer: Layer, tms_id: str) -> str:
    return f"/collections/{layer.id}/tiles/{tms_id}"


def tile_template(links: Links, layer: Layer, tms_id: str) -> str:
    return links.url(tile_path(layer, tms_id)) + "/{tileMatrix}/{tileRow}/{tileCol}"


def tile_matrix_sets(links: Links) -> dict:
    sets = []
    for tms_id in TILE_MATRIX_SETS:
        tms = tile_matrix_set(tms_id)
        href = links.url(f"/tileMatrixSets/{tms_id}")
        sets.append(
            {
                "id": tms_id,
                "title": tms.title,
                "uri": str(tms.uri),
                "links": [link(href, TILING_SCHEME_REL, "application/json", tms_id)],
            }
        )
    return {
        "tileMatrixSets": sets,
        "links": [link(links.url("/tileMatrixSets"), "self", "application/json", "This document")],
    }


def tile_matrix_set_document(tms_id: str) -> dict:
    return tile_matrix_set(tms_id).model_dump(mode="json", exclude_none=True)


def _tileset_summary(links: Links, layer: Layer, tms_id: str) -> dict:
    tms = tile_matrix_set(tms_id)
    return {
        "title": f"{layer.title.zh} {layer.title.en}",
        "dataType": "vector",
        "crs": str(tms.crs),
        "tileMatrixSetURI": str(tms.uri),
        "links": [
            link(links.url(tile_path(layer, tms_id)), "self", "application/json", "Tileset"),
            link(
                links.url(f"/tileMatrixSets/{tms_id}"),
                TILING_SCHEME_REL,
                "application/json",
                tms_id,
            ),
        ],
    }


def tilesets(links: Links, layer: Layer) -> dict:
    return {
        "tilesets": [_tileset_summary(links, layer, tms_id) for tms_id in TILE_MATRIX_SETS],
        "links": [
            link(
                links.url(f"/collections/{layer.id}/tiles"),
                "self",
                "application/json",
                "Tilesets",
            ),
            links.up(layer.id),
        ],
    }


def tileset(links: Links, layer: Layer, tms_id: str, extent: Extent | None) -> dict:
    settings = layer.tiles
    document = _tileset_summary(links, layer, tms_id)
    document["links"] += [
        {
            "href": tile_template(links, layer, tms_id),
            "rel": "item",
            "type": MVT,
            "title": "Tiles (Mapbox Vector Tile)",
            "templated": True,
        },
        link(
            links.url(tile_path(layer, tms_id) + "/tilejson.json"),
            "describedby",
            "application/json",
            "TileJSON",
        ),
        links.up(layer.id),
    ]
    document["tileMatrixSetLimits"] = limits(extent, settings.min_zoom, settings.max_zoom)
    document["layers"] = [
        {
            "id": layer.id,
            "title": layer.title.zh,
            "dataType": "vector",
            "geometryDimension": _dimension(layer),
            "minTileMatrix": str(settings.min_zoom),
            "maxTileMatrix": str(settings.max_zoom),
            "propertiesSchema": {
                "type": "object",
                "properties": {
                    p.name: {"title": f"{p.label.zh} {p.label.en}", "type": _json_type(p.type)}
                    for p in layer.tile_properties
                },
            },
        }
    ]
    return document


def _json_type(kind: str) -> str:
    return {"integer": "integer", "number": "number", "boolean": "boolean"}.get(kind, "string")


def _dimension(layer: Layer) -> int | None:
    kind = (layer.geometry.type if layer.geometry else "").lower()
    if "point" in kind:
        return 0
    if "line" in kind:
        return 1
    if "polygon" in kind:
        return 2
    return None


def tilejson(links: Links, layer: Layer, tms_id: str, extent: Extent | None) -> dict:
    """TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0)."""
    settings = layer.tiles
    template = links.url(tile_path(layer, tms_id)) + "/{z}/{y}/{x}"
    document: dict = {
        "tilejson": TILEJSON_VERSION,
        "name": layer.title.zh,
        "description": f"{layer.title.en}: {layer.description.en}",
        "attribution": f"{layer.attribution.zh} / {layer.attribution.en}",
        "scheme": "xyz",
        "tiles": [template],
        "minzoom": settings.min_zoom,
        "maxzoom": settings.max_zoom,
        "vector_layers": [
            {
                "id": layer.id,
                "description": layer.title.en,
                "minzoom": settings.min_zoom,
                "maxzoom": settings.max_zoom,
                "fields": {
                    p.name: FIELD_TYPES.get(p.type, "String") for p in layer.tile_properties
                },
            }
        ],
    }
    if extent:
        west, south, east, north = extent
        document["bounds"] = [west, south, east, north]
        zoom = max(settings.min_zoom, min(settings.max_zoom, 8))
        document["center"] = [(west + east) / 2, (south + north) / 2, zoom]
    return document
