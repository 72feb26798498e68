"""渝西产业地图 · Western Chongqing Industry Map."""

__version__ = "0.1.0"
