"""The layer catalog: declarative layer definitions read from layers/*.yaml."""

from app.layers.catalog import Catalog, Layer, load_catalog

__all__ = ["Catalog", "Layer", "load_catalog"]
