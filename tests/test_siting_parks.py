"""Parks as first-class data: every row of parks.csv is in PostGIS as the source states it,
indicative locations are flagged, zones keep their component parks, and the model takes a
surveyed boundary that reloading does not overwrite and that site selection measures from."""

from __future__ import annotations

import csv

import psycopg
import pytest

from app.cli import migrate
from app.domain import siting_queries
from app.ingest.load import load
from app.ingest.sources import GEODATA

PRECISION = {"town seat": "town_seat", "unknown": "district_seat", "": "none"}


def _rows(name: str) -> list[dict]:
    with (GEODATA / "parks" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_source_row_is_stored_as_stated(db):
    registry = {r["park"]: r for r in _rows("park_registry.csv")}
    source = _rows("parks.csv")
    assert len(source) == 30
    stored = {
        r[0]: r
        for r in db.execute(
            "SELECT park.name, location_precision, ST_X(location), ST_Y(location), area_km2_min, "
            "area_km2_max, cardinality(sources), parent_id, district.name, industries "
            "FROM park JOIN district ON district.adcode = park.district_adcode"
        )
    }
    assert len(stored) == 30
    for row in source:
        name, precision, lon, lat, low, high, n_sources, parent, district, industries = stored[
            row["park"]
        ]
        assert precision == PRECISION[row["coord_precision"]]
        if row["lon"]:
            assert (lon, lat) == pytest.approx((float(row["lon"]), float(row["lat"])), abs=1e-9)
        else:
            assert lon is None
        if row["area_km2"]:
            assert float(low) == pytest.approx(float(row["area_km2"].split("–")[0]))
            assert float(high) == pytest.approx(float(row["area_km2"].split("–")[-1]))
        else:
            assert low is None and high is None
        assert n_sources == len([s for s in row["sources"].split(" | ") if s.strip()])
        assert parent == (registry[row["park"]]["parent_id"] or None)
        assert district == row["district"]
        assert industries == (row["industries"] or None)


def test_parks_layer_flags_indicative_locations(client):
    layers = {layer["id"]: layer for layer in client.get("/api/layers").json()}
    assert "parks" in layers
    features = client.get("/api/parks").json()["features"]
    for feature in features:
        props = feature["properties"]
        assert props["location_approximate"] == (
            props["location_precision"] in ("town_seat", "district_seat")
        )
    assert sum(f["properties"]["location_approximate"] for f in features) == 17 + 5


def test_zones_and_their_components(client):
    zone = client.get("/api/parks/rongchang-hitech-zone").json()
    assert {c["id"] for c in zone["children"]} == {
        "rongchang-guangfu-park", "rongchang-ronglong-park", "rongchang-banqiao-park",
    }  # fmt: skip
    district = client.get("/api/districts/500153").json()
    parents = {p["id"]: p["parent_id"] for p in district["parks"]}
    assert parents["rongchang-ronglong-park"] == "rongchang-hitech-zone"


SQUARE = "MULTIPOLYGON(((105.70 29.40, 105.72 29.40, 105.72 29.42, 105.70 29.42, 105.70 29.40)))"


def test_a_surveyed_boundary_replaces_the_indicative_point(db):
    db.execute(
        "UPDATE park SET boundary = ST_GeomFromText(%s, 4326), "
        "location_precision = 'surveyed_boundary' WHERE id = 'rongchang-hitech-zone'",
        (SQUARE,),
    )
    kind, approximate = db.execute(
        "SELECT GeometryType(geom), location_approximate FROM park_feature "
        "WHERE id = 'rongchang-hitech-zone'"
    ).fetchone()
    assert (kind, approximate) == ("MULTIPOLYGON", False)
    # Site selection measures from the boundary: 0 from a point inside it, and the indexed
    # distance filter finds it through ix_park_boundary.
    db.execute(f"PREPARE parks(text, float8, float8, float8) AS {siting_queries.PARKS}")
    rows = db.execute("EXECUTE parks('point', 105.71, 29.41, 1000)").fetchall()
    assert [r[0] for r in rows] == ["rongchang-hitech-zone"]
    distance = rows[0][-1]
    assert distance == 0


def test_reloading_keeps_a_surveyed_boundary(empty_db):
    migrate(empty_db)
    load(empty_db)
    with psycopg.connect(empty_db) as conn:
        conn.execute(
            "UPDATE park SET boundary = ST_GeomFromText(%s, 4326), "
            "location_precision = 'surveyed_boundary' WHERE id = 'rongchang-hitech-zone'",
            (SQUARE,),
        )
    load(empty_db)
    with psycopg.connect(empty_db) as conn:
        precision, boundary = conn.execute(
            "SELECT location_precision, ST_AsText(boundary) FROM park "
            "WHERE id = 'rongchang-hitech-zone'"
        ).fetchone()
    assert precision == "surveyed_boundary" and boundary.startswith("MULTIPOLYGON")
