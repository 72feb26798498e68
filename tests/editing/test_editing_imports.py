"""File imports (issue 12, item 4): formats, CRSs (GCJ-02 within 1 m of the truth), dry run =
real run, all or nothing, every bad input a 4xx naming what is wrong with nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import psycopg
import pytest
from click.testing import CliRunner
from pyproj import Geod
from shapely.geometry import Polygon

from app.cli import main
from app.config import database_settings
from geodata.gcj02 import gcj02_to_bd09, wgs84_to_gcj02
from tests.editing.conftest import fingerprint

# The truth, in WGS-84: a surveyed boundary inside 永川区 and a point in 江津区 (test data).
TRUTH_RING = [(105.90, 29.30), (105.91, 29.30), (105.915, 29.308), (105.90, 29.31), (105.90, 29.30)]
TRUTH_POINT = (106.26, 29.29)
TRUTH_SQUARE = [(106.26, 29.29), (106.265, 29.29), (106.265, 29.295), (106.26, 29.295),
                (106.26, 29.29)]  # fmt: skip


def _gcj(points):
    return [wgs84_to_gcj02(x, y) for x, y in points]


def shapefile_zip(tmp_path: Path, frame: gpd.GeoDataFrame, drop: tuple[str, ...] = ()) -> bytes:
    folder = tmp_path / f"shp{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    frame.to_file(folder / "parks.shp", engine="pyogrio", encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in folder.iterdir():
            if path.suffix.lower() not in drop:
                archive.write(path, path.name)
    return buffer.getvalue()


def gcj_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["import-surveyed", "import-point"],
            "name": ["导入测试园区甲（测试数据）", "导入测试园区乙（测试数据）"],
            "district": ["永川区", "江津区"],
            "sources": ["test (synthetic)", "test (synthetic)"],
            "area_km2_m": [1.2, None],  # a column that is no field: ignored with a warning
        },
        geometry=[Polygon(_gcj(TRUTH_RING)), Polygon(_gcj(TRUTH_SQUARE))],
        crs="EPSG:4326",  # GCJ-02 files declare WGS-84: the offset is not a CRS PROJ knows
    )


def post(client, headers, filename, data, **params):
    return client.post(
        "/api/imports",
        params={"layer": "parks", **params},
        headers=headers,
        files={"file": (filename, data)},
    )


def test_gcj02_shapefile_lands_within_1_m_and_dry_run_equals_real_run(
    editing_client, editor_headers, editing_db, tmp_path
):
    data = shapefile_zip(tmp_path, gcj_frame())
    before = fingerprint(editing_db.owner_url)
    dry = post(editing_client, editor_headers, "parks.zip", data, crs="gcj02", dry_run="true")
    assert dry.status_code == 200, dry.text
    assert dry.json()["counts"] == {"added": 2, "changed": 0, "unchanged": 0, "errors": 0}
    assert any("area_km2_m" in w for w in dry.json()["warnings"])
    assert len(dry.json()["preview"]["features"]) == 2
    assert fingerprint(editing_db.owner_url) == before, "a dry run writes nothing"

    real = post(editing_client, editor_headers, "parks.zip", data, crs="gcj02", dry_run="false",
                source="区规划局实测（测试数据）")  # fmt: skip
    assert real.status_code == 200, real.text
    for key in ("counts", "added", "changed", "unchanged", "errors"):
        assert real.json()[key] == dry.json()[key]
    assert real.json()["committed"] is True

    with psycopg.connect(editing_db.owner_url) as conn:
        vertices = conn.execute(
            "SELECT ST_X(d.geom), ST_Y(d.geom) FROM park, ST_DumpPoints(boundary) AS d"
            " WHERE id IN ('import-surveyed', 'import-point') ORDER BY id DESC, d.path"
        ).fetchall()
        precision, district = conn.execute(
            "SELECT location_precision, district_adcode FROM park WHERE id = 'import-surveyed'"
        ).fetchone()
        source = conn.execute(
            "SELECT source FROM change_log WHERE entity_id = 'import-surveyed'"
        ).fetchone()[0]
    assert (precision, district) == ("surveyed_boundary", "500118")
    # Rings may come back in the other orientation: each true vertex to its nearest one.
    geod = Geod(ellps="WGS84")
    errors = [
        min(geod.inv(tx, ty, x, y)[2] for x, y in vertices) for tx, ty in TRUTH_RING + TRUTH_SQUARE
    ]
    assert max(errors) < 1.0, errors
    assert "区规划局实测" in source and "row 1" in source

    again = post(editing_client, editor_headers, "parks.zip", data, crs="gcj02", dry_run="true")
    assert again.json()["counts"] == {"added": 0, "changed": 0, "unchanged": 2, "errors": 0}


def test_bd09_csv_and_xlsx_with_lon_lat(editing_client, editor_headers):
    lon, lat = gcj02_to_bd09(*wgs84_to_gcj02(*TRUTH_POINT))
    csv_text = (
        f"name,district_adcode,sources,lon,lat\n百度坐标园区（测试数据）,500116,test,{lon},{lat}\n"
    )
    dry = post(editing_client, editor_headers, "p.csv", csv_text.encode(), crs="bd09")
    assert dry.status_code == 200, dry.text
    feature = dry.json()["preview"]["features"][0]
    x, y = feature["geometry"]["coordinates"]
    assert abs(x - TRUTH_POINT[0]) < 1e-5 and abs(y - TRUTH_POINT[1]) < 1e-5

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名称", "所在区", "来源", "经度", "纬度", "面积下限（平方公里）"])
    sheet.append(["表格园区（测试数据）", "江津区", "test", TRUTH_POINT[0], TRUTH_POINT[1], 2.5])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = post(editing_client, editor_headers, "p.xlsx", buffer.getvalue())
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.json()["counts"]["added"] == 1


def test_progress_is_streamed_as_lines(editing_client, editor_headers):
    rows = "".join(
        f"进度园区{i}（测试数据）,500118,test,{105.90 + i * 0.001},29.35\n" for i in range(60)
    )
    response = editing_client.post(
        "/api/imports",
        params={"layer": "parks"},
        headers=editor_headers | {"Accept": "application/x-ndjson"},
        files={"file": ("p.csv", ("name,district_adcode,sources,lon,lat\n" + rows).encode())},
    )
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["progress"] for line in lines[:-1]] == [25, 50, 60]
    assert lines[-1]["status"] == 200 and lines[-1]["report"]["counts"]["added"] == 60


def _merged_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名称", "", "经度", "纬度"])
    sheet.merge_cells("A1:B1")
    sheet.append(["x", "y", 105.9, 29.35])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("parks.shp", b"\0" * (40 * 1024 * 1024))
    return buffer.getvalue()


HEADER = "name,district_adcode,sources,area_km2_min,lon,lat\n"
BAD_FILES = [
    (
        "malformed GeoJSON",
        "p.geojson",
        b'{"type": "FeatureCollection", "features": [',
        {},
        422,
        "file",
    ),  # fmt: skip
    ("60 MB", "p.geojson", b" " * (60 * 1024 * 1024), {}, 413, "file"),
    ("zip bomb", "p.zip", _zip_bomb(), {}, 413, "file"),
    ("merged header cells", "p.xlsx", _merged_xlsx(), {}, 422, "file"),
    (
        "GBK CSV",
        "p.csv",
        (HEADER + "园区,500118,来源,1,105.9,29.35\n").encode("gbk"),
        {},
        422,
        "encoding",
    ),  # fmt: skip
    ("unsupported type", "p.txt", b"hello", {}, 422, "file"),
    ("no coordinate columns", "p.csv", b"name,district_adcode\nx,500118\n", {}, 422, "file"),
    (
        "unknown CRS",
        "p.csv",
        (HEADER + "x,500118,s,1,105.9,29.35\n").encode(),
        {"crs": "mars"},
        422,
        "crs",
    ),  # fmt: skip
]


@pytest.mark.parametrize(("case", "name", "data", "params", "status", "parameter"), BAD_FILES,
                         ids=[c[0] for c in BAD_FILES])  # fmt: skip
def test_bad_files_are_4xx_naming_what_is_wrong(
    editing_client, editor_headers, editing_db, case, name, data, params, status, parameter
):
    before = fingerprint(editing_db.owner_url)
    response = post(editing_client, editor_headers, name, data, dry_run="false", **params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == parameter
    if case == "GBK CSV":
        assert "GBK" in response.json()["detail"]
    assert fingerprint(editing_db.owner_url) == before


def test_shapefiles_without_prj_or_dbf(editing_client, editor_headers, editing_db, tmp_path):
    before = fingerprint(editing_db.owner_url)
    no_prj = shapefile_zip(tmp_path, gcj_frame(), drop=(".prj",))
    response = post(editing_client, editor_headers, "p.zip", no_prj, dry_run="false")
    assert response.status_code == 422 and response.json()["parameter"] == "crs"
    assert ".prj" in response.json()["detail"]
    no_dbf = shapefile_zip(tmp_path, gcj_frame(), drop=(".dbf",))
    response = post(editing_client, editor_headers, "p.zip", no_dbf, dry_run="false")
    assert response.status_code == 422 and ".dbf" in response.json()["detail"]
    assert fingerprint(editing_db.owner_url) == before
    # Declaring the CRS makes the one without .prj usable.
    declared = post(editing_client, editor_headers, "p.zip", no_prj, crs="gcj02")
    assert declared.status_code == 200, declared.text


def test_bad_rows_are_reported_by_row_number_and_nothing_is_written(
    editing_client, editor_headers, editing_db
):
    rows = [
        "好园区（测试数据）,500118,s,1,105.93,29.35",  # row 2: fine
        "数字园区（测试数据）,500118,s,很大,105.93,29.35",  # row 3: text in a number field
        "成都园区（测试数据）,500118,s,1,104.066,30.657",  # row 4: in 成都
        "颠倒园区（测试数据）,500118,s,1,29.35,105.93",  # row 5: lat,lon
        ",500118,s,1,105.93,29.35",  # row 6: no name
        "好园区（测试数据）,500118,s,1,105.93,29.35",  # row 7: the same as row 2
        "未知区园区（测试数据）,510104,s,1,105.93,29.35",  # row 8: not a 渝西 district
    ]
    before = fingerprint(editing_db.owner_url)
    response = post(editing_client, editor_headers, "p.csv", (HEADER + "\n".join(rows)).encode(),
                    dry_run="false")  # fmt: skip
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["committed"] is False and body["counts"]["added"] == 1
    found = {(e["row"], e["field"]) for e in body["errors"]}
    assert found == {
        (3, "area_km2_min"), (4, "geometry"), (5, "geometry"), (6, "name"), (7, "id"),
        (8, "district_adcode"),
    }  # fmt: skip
    assert fingerprint(editing_db.owner_url) == before


def test_invalid_geometry_is_refused_unless_repair_is_asked(editing_client, editor_headers):
    bowtie = "POLYGON((105.90 29.30, 105.92 29.32, 105.92 29.30, 105.90 29.32, 105.90 29.30))"
    data = f'name,district_adcode,sources,wkt\n蝴蝶园区（测试数据）,500118,s,"{bowtie}"\n'.encode()
    refused = post(editing_client, editor_headers, "p.csv", data)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["row"] == 2
    assert "not valid" in refused.json()["errors"][0]["message"]
    repaired = post(editing_client, editor_headers, "p.csv", data, repair="true")
    assert repaired.status_code == 200, repaired.text


def test_cli_import_reports_progress_and_agrees_with_itself(editing_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", editing_db.owner_url)
    database_settings.cache_clear()
    path = tmp_path / "cli.zip"
    frame = gcj_frame()
    frame["id"] = ["cli-surveyed", "cli-point"]
    frame["name"] = ["命令行园区甲（测试数据）", "命令行园区乙（测试数据）"]
    path.write_bytes(shapefile_zip(tmp_path, frame))
    runner = CliRunner()
    args = ["import", str(path), "--layer", "parks", "--crs", "gcj02"]
    try:
        dry = runner.invoke(main, [*args, "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "2/2 rows checked" in dry.stderr
        real = runner.invoke(main, args)
        assert real.exit_code == 0, real.output
        assert json.loads(real.stdout)["counts"] == json.loads(dry.stdout)["counts"]
        with psycopg.connect(editing_db.owner_url) as conn:
            actor = conn.execute(
                "SELECT actor FROM change_log WHERE entity_id = 'cli-point'"
            ).fetchone()[0]
        assert actor.startswith("cli:")
    finally:
        database_settings.cache_clear()
