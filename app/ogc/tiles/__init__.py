"""OGC API – Tiles: vector tiles (MVT) of every spatial layer in WebMercatorQuad."""

from app.ogc.tiles.api import TilesAPI

__all__ = ["TilesAPI"]
