"""Real GIS clients against the running server: GDAL/OGR's OAPIF driver (Debian's gdal-bin)
and OWSLib's OGC API – Features client."""

import json
import os
import shutil
import subprocess

import pytest
from owslib.ogcapi.features import Features

pytestmark = pytest.mark.clients

needs_gdal = pytest.mark.skipif(
    shutil.which("ogrinfo") is None, reason="GDAL (gdal-bin) is not installed"
)


def gdal(*args: str, debug: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "CPL_DEBUG": "ON" if debug else "OFF", "GDAL_HTTP_TIMEOUT": "30"}
    return subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, check=True)


def ogr2ogr(live_server: str, target, layer: str, *options: str) -> tuple[list[dict], str]:
    """Copy a layer to GeoJSON with GDAL; its features, and GDAL's debug log (the requests)."""
    run = gdal(
        "ogr2ogr",
        "-f",
        "GeoJSON",
        str(target),
        f"OAPIF:{live_server}/ogc",
        layer,
        *options,
        debug=True,
    )
    return json.loads(target.read_text(encoding="utf-8"))["features"], run.stderr


@needs_gdal
def test_ogrinfo_lists_the_layers(live_server):
    out = gdal("ogrinfo", "-ro", "-so", f"OAPIF:{live_server}/ogc").stdout
    assert "districts (title: 渝西八区产业布局) (Multi Polygon)" in out
    for layer in ("context-areas", "parks", "industries"):
        assert f": {layer} (title:" in out


@needs_gdal
def test_ogrinfo_summarises_districts(live_server):
    out = gdal("ogrinfo", "-ro", "-al", "-so", f"OAPIF:{live_server}/ogc", "districts").stdout
    assert "Feature Count: 8" in out
    assert "Geometry: Multi Polygon" in out
    assert "revenue_target_2027" in out


@needs_gdal
def test_ogr2ogr_reads_every_district(live_server, tmp_path, db):
    features, _ = ogr2ogr(live_server, tmp_path / "districts.geojson", "districts")
    expected = {row[0]: row[1] for row in db.execute("SELECT adcode, name FROM yuxi_district")}
    assert {f["properties"]["adcode"]: f["properties"]["name"] for f in features} == expected
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)


@needs_gdal
def test_ogr2ogr_pages_through_parks_one_by_one(live_server, tmp_path, db):
    features, log = ogr2ogr(live_server, tmp_path / "parks.geojson", "parks", "-oo", "PAGE_SIZE=1")
    assert "/ogc/collections/parks/items?limit=1" in log
    assert "offset=29" in log  # it followed the next links to the last page
    ids = [f["properties"]["id"] for f in features]
    assert sorted(ids) == sorted(row[0] for row in db.execute("SELECT id FROM park_feature"))


@needs_gdal
def test_ogr2ogr_with_a_spatial_filter(live_server, tmp_path):
    spatial_filter = ("-spat", "106.2", "29.5", "106.3", "29.7")
    features, log = ogr2ogr(live_server, tmp_path / "bishan.geojson", "parks", *spatial_filter)
    assert "bbox=" in log  # the filter went to the server
    ids = [f["properties"]["id"] for f in features]
    assert "bishan-hitech-zone" in ids


def test_owslib_reads_collections_queryables_and_items(live_server):
    api = Features(f"{live_server}/ogc/")
    conformance = api.conformance()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "openapi" in api.api()
    collections = api.collections()["collections"]
    assert [c["id"] for c in collections][:4] == [
        "context-areas",
        "districts",
        "parks",
        "industries",
    ]
    assert api.collection("districts")["title"] == "渝西八区产业布局"
    queryables = api.collection_queryables("parks")
    assert queryables["properties"]["name"]["type"] == "string"
    districts = api.collection_items("districts", limit=10)
    assert districts["numberMatched"] == 8 and len(districts["features"]) == 8
    bishan = api.collection_items("parks", bbox=[106.2, 29.5, 106.3, 29.7])
    assert "bishan-hitech-zone" in [f["id"] for f in bishan["features"]]
    filtered = api.collection_items("districts", filter="revenue_target_2027 >= 3000")
    assert sorted(f["id"] for f in filtered["features"]) == ["500116", "500118"]
    ordered = api.collection_items("districts", sortby=("plan_order", "desc"), limit=1)
    assert ordered["features"][0]["properties"]["name"] == "荣昌区"
    feature = api.collection_item("parks", "bishan-hitech-zone")
    assert feature["geometry"]["coordinates"] == [106.22476, 29.59491]
