"""District geometries in PostGIS: valid, EPSG:4326, in place, and tiling without overlap."""

import pytest

BOXES = {  # lon_min, lon_max, lat_min, lat_max of each district's centroid
    "500116": (105.9, 106.6, 28.7, 29.4), "500117": (106.0, 106.6, 29.8, 30.4),
    "500118": (105.6, 106.1, 29.0, 29.6), "500111": (105.5, 106.0, 29.4, 29.9),
    "500120": (106.0, 106.4, 29.3, 29.8), "500151": (105.8, 106.3, 29.6, 30.1),
    "500152": (105.5, 106.1, 29.9, 30.4), "500153": (105.3, 105.7, 29.2, 29.7),
}  # fmt: skip


def test_all_geometries_valid_and_wgs84(db):
    rows = db.execute(
        "SELECT count(*), bool_and(ST_IsValid(boundary)), min(ST_SRID(boundary)), "
        "max(ST_SRID(boundary)), bool_and(GeometryType(boundary) = 'MULTIPOLYGON') FROM district"
    ).fetchone()
    assert rows == (39, True, 4326, 4326, True)
    parks = db.execute(
        "SELECT bool_and(ST_SRID(location) = 4326) FROM park WHERE location IS NOT NULL"
    ).fetchone()
    assert parks == (True,)


@pytest.mark.parametrize("adcode", sorted(BOXES))
def test_district_inside_its_box(db, adcode):
    lon, lat = db.execute(
        "SELECT ST_X(ST_Centroid(boundary)), ST_Y(ST_Centroid(boundary)) FROM district "
        "WHERE adcode = %s",
        (adcode,),
    ).fetchone()
    lon_min, lon_max, lat_min, lat_max = BOXES[adcode]
    assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


def test_eight_districts_tile_without_overlap(db):
    overlap_m2, area_km2 = db.execute(
        "SELECT COALESCE(sum(ST_Area(ST_Intersection(a.boundary, b.boundary)::geography)), 0), "
        "(SELECT sum(ST_Area(boundary::geography)) / 1e6 FROM district WHERE kind = 'yuxi') "
        "FROM district a JOIN district b ON a.adcode < b.adcode "
        "AND ST_Intersects(a.boundary, b.boundary) WHERE a.kind = 'yuxi' AND b.kind = 'yuxi'"
    ).fetchone()
    assert overlap_m2 < 10_000  # < 0.01 km² in all, against ~13,400 km² of districts
    assert 13_000 < area_km2 < 14_000  # official total ≈ 13,400 km²


def test_neighbours_share_borders(db):
    # 璧山 borders 江津, 永川, 铜梁 and 合川? Its real neighbours among the eight:
    rows = db.execute(
        "SELECT b.name FROM district a JOIN district b ON ST_Touches(a.boundary, b.boundary) "
        "WHERE a.name = '璧山区' AND b.kind = 'yuxi' ORDER BY b.name"
    ).fetchall()
    assert {r[0] for r in rows} >= {"江津区", "永川区", "铜梁区"}


def test_every_located_park_lies_in_its_district(db):
    outside = db.execute(
        "SELECT p.id FROM park p JOIN district d ON d.adcode = p.district_adcode "
        "WHERE p.location IS NOT NULL AND NOT ST_Intersects(d.boundary, p.location)"
    ).fetchall()
    assert outside == []


def test_central_city_and_chengdu_context(db):
    central = db.execute("SELECT count(*) FROM district WHERE central_city").fetchone()[0]
    assert central == 9
    chengdu = db.execute("SELECT kind, name FROM district WHERE adcode = '510100'").fetchone()
    assert chengdu == ("context", "成都市")
