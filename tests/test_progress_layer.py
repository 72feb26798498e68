"""Progress as an OGC API – Features collection: one feature per district and year, read by
GDAL's OAPIF driver, filtered by year; missing figures are null."""

import json
import shutil
import subprocess

import pytest
from synthetic_actuals import _synthetic_client, _synthetic_db, _synthetic_server  # noqa: F401


def test_progress_collection_per_year(synthetic_client):
    items = synthetic_client.get(
        "/ogc/collections/progress/items", params={"year": 2023, "limit": 20}
    ).json()
    features = {f["properties"]["adcode"]: f for f in items["features"]}
    assert len(features) == 8
    jiangjin = features["500116"]
    assert jiangjin["id"] == "500116-2023"
    assert jiangjin["geometry"]["type"] == "MultiPolygon"
    assert jiangjin["properties"]["revenue_progress"] == "ahead"
    assert jiangjin["properties"]["revenue_ratio"] == round(1800 / (1500 * 2**0.2), 4)
    assert jiangjin["properties"]["output_value_chanzhi"] == 2100  # 产值, kept apart
    hechuan = features["500117"]["properties"]
    assert hechuan["revenue_actual"] is None and hechuan["revenue_progress"] == "missing"
    by_time = synthetic_client.get(
        "/ogc/collections/progress/items", params={"datetime": "2024-01-01", "limit": 20}
    ).json()
    assert {f["properties"]["year"] for f in by_time["features"]} == {2024}


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL (gdal-bin) is not installed")
def test_gdal_reads_the_progress_layer(synthetic_server, tmp_path):
    target = tmp_path / "progress.geojson"
    subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", str(target), f"OAPIF:{synthetic_server}/ogc", "progress",
         "-where", "year = 2023"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    features = json.loads(target.read_text(encoding="utf-8"))["features"]
    assert len(features) == 8
    statuses = {f["properties"]["adcode"]: f["properties"]["revenue_progress"] for f in features}
    assert statuses["500116"] == "ahead" and statuses["500120"] == "behind"
    assert statuses["500117"] == "missing"
