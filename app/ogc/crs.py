"""The coordinate reference systems the OGC API speaks (Part 2: CRS by reference).

Data are stored in EPSG:4326 with PostGIS's longitude/latitude order, i.e. OGC CRS84. EPSG:4326
and EPSG:4490 (CGCS2000) are defined by EPSG with latitude first, so their coordinates are
written (and read, in `bbox` and `filter`) latitude first. CGCS2000 coincides with WGS 84
within the accuracy of this map; PostGIS still transforms to SRID 4490 so that the CRS is
honest.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import InvalidParameter

OGC_CRS = "http://www.opengis.net/def/crs/OGC/1.3/"
EPSG_CRS = "http://www.opengis.net/def/crs/EPSG/0/"
WEB_MERCATOR_LIMIT = 20037508.342789244


@dataclass(frozen=True)
class CRS:
    uri: str
    srid: int
    # True when the CRS's first axis is latitude (EPSG:4326, EPSG:4490).
    lat_first: bool
    # Decimals written for coordinates: about 0.1 m in degrees, 1 cm in metres.
    digits: int
    # Valid (x, y) range as (min_x, min_y, max_x, max_y), x = longitude or easting.
    bounds: tuple[float, float, float, float]
    title: str
    # Names of the x and y axes, for messages.
    axis_names: tuple[str, str] = ("longitude", "latitude")

    @property
    def header(self) -> str:
        """The value of the Content-Crs header."""
        return f"<{self.uri}>"


GEOGRAPHIC_BOUNDS = (-180.0, -90.0, 180.0, 90.0)

CRS84 = CRS(OGC_CRS + "CRS84", 4326, False, 6, GEOGRAPHIC_BOUNDS, "WGS 84 (lon/lat)")
WGS84 = CRS(EPSG_CRS + "4326", 4326, True, 6, GEOGRAPHIC_BOUNDS, "WGS 84 (lat/lon)")
CGCS2000 = CRS(EPSG_CRS + "4490", 4490, True, 6, GEOGRAPHIC_BOUNDS, "CGCS2000 (lat/lon)")
WEB_MERCATOR = CRS(
    EPSG_CRS + "3857",
    3857,
    False,
    2,
    (-WEB_MERCATOR_LIMIT, -WEB_MERCATOR_LIMIT, WEB_MERCATOR_LIMIT, WEB_MERCATOR_LIMIT),
    "WGS 84 / Pseudo-Mercator",
    ("easting", "northing"),
)

SUPPORTED: tuple[CRS, ...] = (CRS84, WGS84, CGCS2000, WEB_MERCATOR)
STORAGE = CRS84


def _aliases() -> dict[str, CRS]:
    """URIs plus the short spellings clients commonly send (EPSG:4490, [EPSG:4490], URNs)."""
    names: dict[str, CRS] = {}
    for crs in SUPPORTED:
        code = crs.uri.rsplit("/", 1)[1]
        authority = "OGC" if code == "CRS84" else "EPSG"
        for alias in (
            crs.uri,
            f"{authority}:{code}",
            f"[{authority}:{code}]",
            f"urn:ogc:def:crs:{authority}::{code}",
            f"urn:ogc:def:crs:{authority}:1.3:{code}",
        ):
            names[alias.lower()] = crs
    return names


_BY_NAME = _aliases()


def lookup(value: str, parameter: str) -> CRS:
    crs = _BY_NAME.get(value.strip().lower())
    if crs is None:
        supported = ", ".join(c.uri for c in SUPPORTED)
        raise InvalidParameter(
            f"{parameter}: unsupported CRS {value!r}; supported: {supported}", parameter
        )
    return crs
