"""Part 2 (CRS by reference): output in CRS84, EPSG:4326, EPSG:4490 and EPSG:3857 with the
right axis order, bbox in those CRSs, and the Content-Crs header — checked numerically."""

import pytest
from pyproj import Transformer

PARK = "/ogc/collections/parks/items/bishan-hitech-zone"
LON, LAT = 106.22476, 29.59491  # the park's point (璧山区 seat)
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


def point(client, crs=None, path=PARK):
    response = client.get(path, params={"crs": crs} if crs else {})
    assert response.status_code == 200, response.text
    return response.json()["geometry"]["coordinates"], response.headers["content-crs"]


def test_crs84_is_the_default_lon_lat(client):
    coordinates, header = point(client)
    assert coordinates == [LON, LAT]
    assert header == f"<{CRS84}>"
    assert point(client, CRS84) == (coordinates, header)


@pytest.mark.parametrize("code", ["4326", "4490"])
def test_epsg_geographic_crs_are_latitude_first(client, code):
    coordinates, header = point(client, EPSG + code)
    assert header == f"<{EPSG}{code}>"
    # CGCS2000 and WGS 84 coincide here well below the map's accuracy.
    assert coordinates == pytest.approx([LAT, LON], abs=1e-6)


def test_web_mercator_metres(client):
    coordinates, header = point(client, EPSG + "3857")
    assert header == f"<{EPSG}3857>"
    x, y = Transformer.from_crs("OGC:CRS84", "EPSG:3857", always_xy=True).transform(LON, LAT)
    assert coordinates == pytest.approx([x, y], abs=0.01)
    assert 11_800_000 < coordinates[0] < 11_900_000


def test_short_crs_names_are_accepted(client):
    assert point(client, "EPSG:4490")[1] == f"<{EPSG}4490>"
    assert point(client, "[EPSG:3857]")[1] == f"<{EPSG}3857>"


def test_polygons_in_another_crs(client):
    body = client.get(
        "/ogc/collections/districts/items", params={"crs": EPSG + "4490", "limit": 1}
    ).json()
    ring = body["features"][0]["geometry"]["coordinates"][0][0]
    assert all(28 < lat < 31 and 105 < lon < 107 for lat, lon in ring)
    assert "crs" not in body["features"][0]["geometry"]  # plain GeoJSON geometry


def test_csv_wkt_follows_the_crs(client):
    response = client.get(
        "/ogc/collections/parks/items",
        params={"f": "csv", "crs": EPSG + "4326", "properties": "id", "limit": 100},
    )
    assert response.headers["content-crs"] == f"<{EPSG}4326>"
    assert f"bishan-hitech-zone,POINT({LAT} {LON})" in response.text


@pytest.mark.parametrize(
    ("bbox", "bbox_crs"),
    [
        ("106.2,29.55,106.25,29.6", None),
        ("106.2,29.55,106.25,29.6", CRS84),
        ("29.55,106.2,29.6,106.25", EPSG + "4326"),
        ("29.55,106.2,29.6,106.25", EPSG + "4490"),
        ("11822130,3445837,11827696,3452236", EPSG + "3857"),
    ],
)
def test_bbox_in_each_crs(client, bbox, bbox_crs):
    params = {"bbox": bbox} | ({"bbox-crs": bbox_crs} if bbox_crs else {})
    body = client.get("/ogc/collections/parks/items", params=params).json()
    assert "bishan-hitech-zone" in [f["id"] for f in body["features"]]
    districts = client.get("/ogc/collections/districts/items", params=params).json()
    assert [f["id"] for f in districts["features"]] == ["500120"]
