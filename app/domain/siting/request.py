"""Parse the company's requirements into a SiteRequest, or raise RequirementError naming the
parameter that cannot be used."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.matching import Vocabulary
from app.domain.rules import LEVEL_ALIASES, LEVELS, MU_PER_KM2


class RequirementError(ValueError):
    """A requirement that cannot be used; `parameter` names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Reference:
    kind: str  # point | central_city | chengdu
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    lon: float | None = None
    lat: float | None = None


REFERENCES = {
    "central_city": Reference(
        "central_city",
        "中心城区",
        "the central city",
        "到重庆中心城区九区（渝中、大渡口、江北、沙坪坝、九龙坡、南岸、北碚、渝北、巴南）"
        "边界最近点的大地线距离（WGS-84 椭球）",
        "geodesic distance (WGS-84 ellipsoid) to the nearest point of the nine central-city "
        "districts of Chongqing",
    ),
    "chengdu": Reference(
        "chengdu",
        "成都市",
        "Chengdu",
        "到成都市市域边界最近点的大地线距离（WGS-84 椭球）",
        "geodesic distance (WGS-84 ellipsoid) to the nearest point of the boundary of 成都市 "
        "(the whole prefecture-level city)",
    ),
}
REFERENCE_ALIASES = {
    "中心城区": "central_city", "重庆中心城区": "central_city", "central city": "central_city",
    "central_city": "central_city", "central-city": "central_city", "成都": "chengdu",
    "成都市": "chengdu", "chengdu": "chengdu",
}  # fmt: skip
_POINT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$")


def parse_reference(text: str) -> Reference:
    """`中心城区`, `成都` (or their English names) or `lon,lat` in WGS-84 degrees."""
    key = REFERENCE_ALIASES.get(text.strip().lower())
    if key:
        return REFERENCES[key]
    match = _POINT.match(text)
    if not match:
        raise RequirementError("near", "near must be 'lon,lat' (WGS-84 degrees), 中心城区 or 成都")
    lon, lat = float(match[1]), float(match[2])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise RequirementError("near", f"near {lon},{lat} is not a lon,lat position")
    return Reference(
        "point", f"所选位置（{lon:.4f}, {lat:.4f}）", f"the chosen point ({lon:.4f}, {lat:.4f})",
        "到所选点的大地线距离（WGS-84 椭球）",
        "geodesic distance (WGS-84 ellipsoid) to the chosen point", lon, lat,
    )  # fmt: skip


def parse_levels(text: str) -> frozenset[str]:
    """One or more park levels, comma-separated: national|bonded|municipal|district|unknown,
    or 国家级|综合保税区|市级|区级."""
    levels = set()
    for part in (p.strip() for p in text.split(",")):
        key = part.lower() if part.lower() in LEVELS else LEVEL_ALIASES.get(part)
        if not key:
            raise RequirementError(
                "level", f"unknown level {part!r}; use one of {', '.join(LEVELS)}"
            )
        levels.add(key)
    return frozenset(levels)


def resolve_district(text: str, vocabulary: Vocabulary) -> str:
    """A 渝西 district by adcode, name (璧山区 or 璧山) or English name; its adcode."""
    wanted = text.strip().lower()
    for role in vocabulary.roles:
        names = {role["district_adcode"], role["district"], role["district"].rstrip("区")}
        names |= {role["district_en"].lower(), role["district_en"].lower().replace(" district", "")}
        if wanted in names:
            return role["district_adcode"]
    raise RequirementError(
        "district", f"{text!r} is not one of the eight 渝西 districts (adcode or name)"
    )


@dataclass(frozen=True)
class SiteRequest:
    industry: str
    area_mu: float | None = None
    district: str | None = None  # adcode, resolved
    reference: Reference | None = None
    max_km: float | None = None
    levels: frozenset[str] | None = None
    from_outside_chongqing: bool | None = None
    limit: int = 20

    @property
    def area_km2(self) -> float | None:
        return None if self.area_mu is None else self.area_mu / MU_PER_KM2
