"""Parks as first-class data: every row of parks.csv is in PostGIS as the source states it,
indicative locations are flagged, zones keep their component parks, and the model takes a
surveyed boundary that reloading does not overwrite and that site selection measures from."""

from __future__ import annotations

import csv

import psycopg
import pytest

from app.cli import migrate
from app.domain.siting import queries as siting_queries
from app.ingest.load import load
from app.ingest.sources import GEODATA

PRECISION = {"town seat": "town_seat", "unknown": "district_seat", "": "none"}


def _rows(name: str) -> list[dict]:
    with (GEODATA / "parks" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_source_row_is_stored_as_stated(db):
    registry = {r["park"]: r for r in _rows("park_registry.csv")}
    source = _rows("parks.csv") + _rows("parks_added.csv")
    assert len(source) == 30 + 10
    stored = {
        r[0]: r
        for r in db.execute(
            "SELECT park.name, location_precision, ST_X(location), ST_Y(location), area_km2_min, "
            "area_km2_max, sources, parent_id, district.name, industries "
            "FROM park JOIN district ON district.adcode = park.district_adcode"
        )
    }
    assert len(stored) == 40
    for row in source:
        name, precision, lon, lat, low, high, sources, parent, district, industries = stored[
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
        elif registry[row["park"]]["id"] != "bishan-hitech-zone":  # 35 km² from the additions
            assert low is None and high is None
        assert set(sources) >= {s.strip() for s in row["sources"].split(" | ") if s.strip()}
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
    assert sum(f["properties"]["location_approximate"] for f in features) == 17 + 5 + 2


def test_every_addition_is_applied_with_its_sources(db):
    """Each row of parks_additions.csv (as received) lands on its park, sources and all; the
    three parks parks.csv lacked are there; curated fields are apart from research notes."""
    additions = _rows("parks_additions.csv")
    assert len(additions) == 35
    stored = {name: (sources, notes) for name, sources, notes in
              db.execute("SELECT name, sources, notes FROM park")}  # fmt: skip
    for row in additions:
        name = row["park"].split("【")[0]
        sources, notes = stored[name]
        assert {s.strip() for s in row["sources"].split(" | ") if s.strip()} <= set(sources)
        assert row["value"] in notes
    new = {"重庆火锅食材产业园（合川）", "合川清平镇日用玻璃产业园（“十里玻璃产业长廊”，杨柳坝）",
           "大足锶盐新材料产业园"}  # fmt: skip
    assert new <= set(stored)
    profile, lead, basis = db.execute(
        "SELECT profile, lead_firms, area_basis FROM park WHERE id = 'tongliang-hitech-zone'"
    ).fetchone()
    assert "海辰储能重庆制造基地" in lead and basis is None
    assert profile["level"] == {"zh": "市级高新区", "en": "Municipal high-tech zone"}
    # Every point of a park lies inside its district (the new town seats included).
    outside = db.execute(
        "SELECT p.id FROM park p JOIN district d ON d.adcode = p.district_adcode "
        "WHERE p.location IS NOT NULL AND NOT ST_Intersects(p.location, d.boundary)"
    ).fetchall()
    assert outside == []


def test_zones_and_their_components(client):
    zone = client.get("/api/parks/rongchang-hitech-zone").json()
    assert {c["id"] for c in zone["children"]} == {
        "rongchang-guangfu-park", "rongchang-ronglong-park", "rongchang-banqiao-park",
        "rongchang-pcb-park",
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
    db.execute(f"PREPARE parks(text, float8, float8) AS {siting_queries.PARKS}")
    rows = db.execute("EXECUTE parks('point', 105.71, 29.41)").fetchall()
    distances = {r[0]: r[-1] for r in rows}
    assert distances["rongchang-hitech-zone"] == 0
    assert all(d > 1000 for i, d in distances.items() if d is not None and i != rows[0][0]
               and i != "rongchang-hitech-zone")  # fmt: skip


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
