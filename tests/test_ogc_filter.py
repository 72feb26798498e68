"""CQL2 filters (Part 3): every operator in text and JSON, checked against the same question
asked in SQL."""

import json

import pytest
from pyproj import Transformer

from app.config import APISettings
from app.layers import load_catalog
from app.ogc import cql2, crs, sql
from app.ogc.formats import GEOJSON
from app.ogc.query import ItemsQuery

BISHAN_BOX = "POLYGON((106.0 29.4, 106.4 29.4, 106.4 29.8, 106.0 29.8, 106.0 29.4))"


def matched_ids(client, collection, expression, language="cql2-text", **params):
    if not isinstance(expression, str):
        expression = json.dumps(expression)
    response = client.get(
        f"/ogc/collections/{collection}/items",
        params={"filter": expression, "filter-lang": language, "limit": 1000, **params},
    )
    assert response.status_code == 200, response.text
    return sorted(str(f["id"]) for f in response.json()["features"])


def sql_ids(db, where, table="yuxi_district", id_column="adcode", args=()):
    rows = db.execute(f"SELECT {id_column} FROM {table} WHERE {where}", args or None).fetchall()
    return sorted(str(r[0]) for r in rows)


TEXT_CASES = [
    # (cql2-text on districts, the same in SQL on yuxi_district)
    ("name = '璧山区'", "name = '璧山区'"),
    ("name <> '璧山区'", "name <> '璧山区'"),
    ("revenue_target_2027 > 1500", "revenue_target_2027 > 1500"),
    ("revenue_target_2027 >= 1500", "revenue_target_2027 >= 1500"),
    ("revenue_target_2027 < 1600.5", "revenue_target_2027 < 1600.5"),
    ("plan_order <= 3", "plan_order <= 3"),
    ("name LIKE '%川%'", "name LIKE '%川%'"),
    ("name NOT LIKE '_川区'", "name NOT LIKE '_川区'"),
    ("name_en LIKE 'Y%'", "name_en LIKE 'Y%'"),
    ("CASEI(name_en) LIKE 'y%'", "lower(name_en) LIKE 'y%'"),
    ("CASEI(name_en) = CASEI('BISHAN DISTRICT')", "lower(name_en) = 'bishan district'"),
    ("name IN ('璧山区', '永川区')", "name IN ('璧山区', '永川区')"),
    ("plan_order NOT IN (1, 2, 3)", "plan_order NOT IN (1, 2, 3)"),
    ("revenue_target_2027 BETWEEN 1500 AND 3000", "revenue_target_2027 BETWEEN 1500 AND 3000"),
    ("plan_order NOT BETWEEN 2 AND 7", "plan_order NOT BETWEEN 2 AND 7"),
    (
        "revenue_target_2027 = 1000 AND (plan_order < 5 OR name = '荣昌区')",
        "revenue_target_2027 = 1000 AND (plan_order < 5 OR name = '荣昌区')",
    ),
    ("NOT (revenue_target_2027 = 1000)", "NOT (revenue_target_2027 = 1000)"),
    ("specialty_open_ended = TRUE", "specialty_open_ended"),
    ("segments_text IS NULL", "segments_text IS NULL"),
    ("segments_text IS NOT NULL", "segments_text IS NOT NULL"),
    ("revenue_share_pct > plan_order", "revenue_share_pct > plan_order"),
    ("revenue_target_2027 / 100 > plan_order * 3", "revenue_target_2027 / 100 > plan_order * 3"),
    ("INCLUDE", "TRUE"),
    (
        f"S_INTERSECTS(geometry, {BISHAN_BOX})",
        f"ST_Intersects(boundary, ST_GeomFromText('{BISHAN_BOX}', 4326))",
    ),
    (
        "S_INTERSECTS(geometry, POINT(106.22476 29.59491))",
        "ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(106.22476, 29.59491), 4326))",
    ),
    (
        "S_INTERSECTS(geometry, BBOX(106.0, 29.4, 106.4, 29.8))",
        "ST_Intersects(boundary, ST_MakeEnvelope(106.0, 29.4, 106.4, 29.8, 4326))",
    ),
    (
        "S_DISJOINT(geometry, POINT(106.22476 29.59491))",
        "ST_Disjoint(boundary, ST_SetSRID(ST_MakePoint(106.22476, 29.59491), 4326))",
    ),
    (
        "S_TOUCHES(geometry, POLYGON((106.2 29.5, 106.3 29.5, 106.3 29.6, 106.2 29.5)))",
        "ST_Touches(boundary, ST_GeomFromText("
        "'POLYGON((106.2 29.5, 106.3 29.5, 106.3 29.6, 106.2 29.5))', 4326))",
    ),
    (
        "S_CROSSES(geometry, LINESTRING(105.5 29.5, 106.5 29.5))",
        "ST_Crosses(boundary, ST_GeomFromText('LINESTRING(105.5 29.5, 106.5 29.5)', 4326))",
    ),
    (
        "S_CONTAINS(geometry, MULTIPOINT((106.22476 29.59491), (106.01476 29.3831)))",
        "ST_Contains(boundary, ST_GeomFromText("
        "'MULTIPOINT((106.22476 29.59491), (106.01476 29.3831))', 4326))",
    ),
]


@pytest.mark.parametrize(("expression", "where"), TEXT_CASES)
def test_cql2_text_equals_sql(client, db, expression, where):
    assert matched_ids(client, "districts", expression) == sql_ids(db, where)


JSON_CASES = [
    ({"op": "=", "args": [{"property": "name"}, "璧山区"]}, "name = '璧山区'"),
    (
        {"op": "like", "args": [{"property": "name"}, "%川%"]},
        "name LIKE '%川%'",
    ),
    (
        {"op": "in", "args": [{"property": "plan_order"}, [1, 5, 8]]},
        "plan_order IN (1, 5, 8)",
    ),
    (
        {
            "op": "and",
            "args": [
                {"op": ">", "args": [{"property": "revenue_target_2027"}, 1000]},
                {"op": "not", "args": [{"op": "=", "args": [{"property": "name"}, "江津区"]}]},
            ],
        },
        "revenue_target_2027 > 1000 AND NOT name = '江津区'",
    ),
    (
        {
            "op": "or",
            "args": [
                {"op": "between", "args": [{"property": "plan_order"}, [2, 3]]},
                {"op": "isNull", "args": [{"property": "segments_text"}]},
            ],
        },
        "plan_order BETWEEN 2 AND 3 OR segments_text IS NULL",
    ),
    (
        {
            "op": "s_intersects",
            "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [106.22, 29.59]}],
        },
        "ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(106.22, 29.59), 4326))",
    ),
    (
        {
            "op": "s_intersects",
            "args": [{"property": "geometry"}, {"bbox": [106, 29.4, 106.4, 29.8]}],
        },
        "ST_Intersects(boundary, ST_MakeEnvelope(106, 29.4, 106.4, 29.8, 4326))",
    ),
    (
        {
            "op": "s_within",
            "args": [
                {"property": "geometry"},
                {
                    "type": "Polygon",
                    "coordinates": [[[105, 28], [107, 28], [107, 29.8], [105, 29.8], [105, 28]]],
                },
            ],
        },
        "ST_Within(boundary, ST_MakeEnvelope(105, 28, 107, 29.8, 4326))",
    ),
    (
        {"op": "like", "args": [{"op": "casei", "args": [{"property": "name_en"}]}, "b%"]},
        "lower(name_en) LIKE 'b%'",
    ),
]


@pytest.mark.parametrize(("expression", "where"), JSON_CASES)
def test_cql2_json_equals_sql(client, db, expression, where):
    assert matched_ids(client, "districts", expression, "cql2-json") == sql_ids(db, where)


def test_s_within_on_parks_equals_sql(client, db):
    """Parks inside 璧山区's boundary, asked with the boundary itself as the literal."""
    wkt = db.execute(
        "SELECT ST_AsText(boundary) FROM yuxi_district WHERE name = '璧山区'"
    ).fetchone()
    expected = sql_ids(
        db,
        "ST_Within(geom, ST_GeomFromText(%s, 4326))",
        table="park_feature",
        id_column="id",
        args=(wkt[0],),
    )
    assert expected
    # Long literals go in cql2-json through a query string; the boundary is simplified here.
    simplified = db.execute(
        "SELECT ST_AsGeoJSON(ST_Buffer(boundary, 0.0001), 5) FROM yuxi_district"
        " WHERE name = '璧山区'"
    ).fetchone()[0]
    query = {"op": "s_within", "args": [{"property": "geometry"}, json.loads(simplified)]}
    assert matched_ids(client, "parks", query, "cql2-json") == expected


def test_filter_combines_with_other_parameters(client):
    found = matched_ids(
        client,
        "parks",
        "location_approximate = TRUE",
        district_adcode="500118",
        bbox="105,28,107,31",
    )
    assert found and all(i.startswith("yongchuan") for i in found)


def test_filter_crs(client):
    """A Web Mercator box around 璧山区's seat finds the same as the CRS84 box."""
    to_mercator = Transformer.from_crs("OGC:CRS84", "EPSG:3857", always_xy=True)
    corners = to_mercator.transform_bounds(105.99, 29.53, 106.23, 29.63)
    mercator = f"S_INTERSECTS(geometry, BBOX({', '.join(str(c) for c in corners)}))"
    plain = "S_INTERSECTS(geometry, BBOX(105.99, 29.53, 106.23, 29.63))"
    by_mercator = matched_ids(
        client,
        "districts",
        mercator,
        **{"filter-crs": "http://www.opengis.net/def/crs/EPSG/0/3857"},
    )
    assert by_mercator == matched_ids(client, "districts", plain)
    lat_first = "S_INTERSECTS(geometry, POINT(29.59491 106.22476))"
    assert matched_ids(client, "districts", lat_first, **{"filter-crs": "EPSG:4326"}) == ["500120"]


def test_values_never_become_sql_text():
    """Whatever a client sends ends up in the bound values, not in the statement."""
    layer = load_catalog(APISettings().layers_dir)["parks"]
    hostile = "x); DROP TABLE park; --"
    text = f"name = '{hostile}' OR S_INTERSECTS(geometry, POINT(106 29)) OR notes LIKE '{hostile}%'"
    query = ItemsQuery(layer=layer, format=GEOJSON, limit=10, crs=crs.CRS84)
    query.cql = cql2.parse(text, "cql2-text", crs.CRS84)
    statement = sql.page(query)
    assert "DROP" not in statement.text and hostile in statement.args
    assert statement.text.count("$") == len(statement.args)
