"""The tile matrix set (morecantile's WebMercatorQuad) and tile coordinates checked against it
and against the layer's zoom range — free of the web framework."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import morecantile

from app.errors import InvalidParameter, NotFound
from app.layers.catalog import Layer

WEB_MERCATOR_QUAD = "WebMercatorQuad"
TILE_MATRIX_SETS = (WEB_MERCATOR_QUAD,)


@cache
def tile_matrix_set(tms_id: str = WEB_MERCATOR_QUAD) -> morecantile.TileMatrixSet:
    if tms_id not in TILE_MATRIX_SETS:
        raise NotFound(
            f"There is no tile matrix set {tms_id!r}; offered: {', '.join(TILE_MATRIX_SETS)}.",
            "tileMatrixSetId",
        )
    return morecantile.tms.get(tms_id)


@dataclass(frozen=True)
class TileAddress:
    zoom: int
    row: int  # y, from the top
    col: int  # x, from the left


def _index(text: str, parameter: str) -> int:
    if not text.isdigit():
        raise InvalidParameter(f"{parameter}: {text!r} is not a non-negative integer", parameter)
    return int(text)


def parse_tile(layer: Layer, tms_id: str, matrix: str, row: str, col: str) -> TileAddress:
    """400 for what is not a tile index, 404 for a tile outside the matrix or the layer's
    zoom range (it does not exist)."""
    tile_matrix_set(tms_id)
    zoom = _index(matrix, "tileMatrix")
    y, x = _index(row, "tileRow"), _index(col, "tileCol")
    settings = layer.tiles
    if not settings.min_zoom <= zoom <= settings.max_zoom:
        raise NotFound(
            f"tileMatrix: {layer.id} has tiles at zooms {settings.min_zoom}–{settings.max_zoom}, "
            f"not {zoom}",
            "tileMatrix",
        )
    height, width = _matrix_size(tms_id, zoom)
    if y >= height:
        raise NotFound(f"tileRow: {y} is outside 0–{height - 1} at {zoom}", "tileRow")
    if x >= width:
        raise NotFound(f"tileCol: {x} is outside 0–{width - 1} at {zoom}", "tileCol")
    return TileAddress(zoom, y, x)


@cache
def _matrix_size(tms_id: str, zoom: int) -> tuple[int, int]:
    """(rows, columns) of a zoom level, looked up once (morecantile builds the matrix)."""
    size = tile_matrix_set(tms_id).matrix(zoom)
    return size.matrixHeight, size.matrixWidth


def limits(extent: tuple[float, float, float, float] | None, min_zoom: int, max_zoom: int):
    """tileMatrixSetLimits: the rows and columns that hold the layer at each zoom."""
    if extent is None:
        return []
    tms = tile_matrix_set()
    west, south, east, north = extent
    out = []
    for zoom in range(min_zoom, max_zoom + 1):
        upper_left = tms.tile(west, north, zoom)
        lower_right = tms.tile(east, south, zoom)
        out.append(
            {
                "tileMatrix": str(zoom),
                "minTileRow": upper_left.y,
                "maxTileRow": lower_right.y,
                "minTileCol": upper_left.x,
                "maxTileCol": lower_right.x,
            }
        )
    return out
