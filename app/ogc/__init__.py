"""OGC API – Features over the layers of layers/ (mounted at /ogc)."""

from app.ogc.factory import FeaturesAPI

__all__ = ["FeaturesAPI"]
