"""Bad input to the OGC API gets a clear 4xx RFC 7807 problem that names the parameter —
never a 500, never a stack trace."""

import json
from urllib.parse import quote

import asyncpg
import pytest

from app.ogc import features

PARKS = "/ogc/collections/parks/items"
DISTRICTS = "/ogc/collections/districts/items"
INDUSTRIES = "/ogc/collections/industries/items"
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
BAD_INPUT = [
    # (url, status, parameter)
    ("/ogc/collections/nope", 404, "collectionId"),
    ("/ogc/collections/nope/items", 404, "collectionId"),
    ("/ogc/collections/nope/queryables", 404, "collectionId"),
    (f"{PARKS}/no-such-park", 404, "featureId"),
    (f"{DISTRICTS}/999999", 404, "featureId"),
    (f"{PARKS}?bbox=106,29,107", 400, "bbox"),
    (f"{PARKS}?bbox=106,29,107,30,1", 400, "bbox"),
    (f"{PARKS}?bbox=a,b,c,d", 400, "bbox"),
    (f"{PARKS}?bbox=106,29,,30", 400, "bbox"),
    (f"{PARKS}?bbox=nan,29,107,30", 400, "bbox"),
    (f"{PARKS}?bbox=181,29,182,30", 400, "bbox"),
    (f"{PARKS}?bbox=106,-91,107,30", 400, "bbox"),
    (f"{PARKS}?bbox=107,29,106,30", 400, "bbox"),
    (f"{PARKS}?bbox=106,30,107,29", 400, "bbox"),
    (
        f"{PARKS}?bbox=106,29,107,30&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326",
        400,
        "bbox",
    ),
    (f"{PARKS}?bbox=106,29,107,30&bbox-crs=EPSG:9999", 400, "bbox-crs"),
    (f"{INDUSTRIES}?bbox=106,29,107,30", 400, "bbox"),
    (f"{PARKS}?limit=0", 400, "limit"),
    (f"{PARKS}?limit=-5", 400, "limit"),
    (f"{PARKS}?limit=ten", 400, "limit"),
    (f"{PARKS}?limit=1.5", 400, "limit"),
    (f"{PARKS}?offset=-1", 400, "offset"),
    (f"{PARKS}?offset=x", 400, "offset"),
    (f"{PARKS}?properties=name,nope", 400, "properties"),
    (f"{PARKS}/bishan-hitech-zone?properties=nope", 400, "properties"),
    (f"{PARKS}?sortby=nope", 400, "sortby"),
    (f"{PARKS}?sortby=name,", 400, "sortby"),
    (f"{DISTRICTS}?sortby=leading_industries", 400, "sortby"),
    (f"{PARKS}?colour=red", 400, "colour"),
    (f"{DISTRICTS}?plan_order=first", 400, "plan_order"),
    (f"{DISTRICTS}?plan_order=99999999999999999999", 400, "plan_order"),
    (f"{DISTRICTS}?revenue_target_2027=lots", 400, "revenue_target_2027"),
    (f"{PARKS}?location_approximate=maybe", 400, "location_approximate"),
    (f"{DISTRICTS}?leading_industries=x", 400, "leading_industries"),
    (f"{PARKS}?datetime=2023-07-14", 400, "datetime"),
    ("/ogc?limit=1", 400, "limit"),
    ("/ogc/collections?bbox=1,2,3,4", 400, "bbox"),
    (f"{PARKS}/bishan-hitech-zone?limit=1", 400, "limit"),
    (f"{PARKS}?crs=EPSG:9999", 400, "crs"),
    (f"{PARKS}?crs=http://www.opengis.net/def/crs/EPSG/0/4979", 400, "crs"),
    (f"{PARKS}/bishan-hitech-zone?crs=nope", 400, "crs"),
    (f"{INDUSTRIES}?crs=EPSG:4326", 400, "crs"),
    (f"{PARKS}?f=xml", 400, "f"),
    (f"{PARKS}/bishan-hitech-zone?f=csv", 400, "f"),
    ("/ogc/collections?f=csv", 400, "f"),
    ("/ogc?f=pdf", 400, "f"),
    (f"{PARKS}?filter-lang=cql3", 400, "filter-lang"),
    (f"{PARKS}?filter=name%3D'x'&filter-lang=ecql", 400, "filter-lang"),
    (f"{PARKS}?filter=name%3D'x'&filter-crs=EPSG:1234", 400, "filter-crs"),
]
BAD_FILTERS = [
    # cql2-text
    "name = ",
    "name LIKE",
    "(name = 'x'",
    "name = 'x' AND",
    "nope = 'x'",
    "leading_industries = 'x'",
    "name = 5",
    "area_km2_max = 'big'",
    "location_approximate > TRUE",
    "name > 3 AND area_km2_max < 'x'",
    "name LIKE 5",
    "area_km2_max LIKE 'x%'",
    "name LIKE 'abc\\'",
    "name IN ('a', 5)",
    "area_km2_max BETWEEN 'a' AND 'b'",
    "geometry = 'x'",
    "S_INTERSECTS(name, POINT(106 29))",
    "S_INTERSECTS(geometry, POINT(106))",
    "S_INTERSECTS(geometry, BBOX(1, 2, 3))",
    "S_INTERSECTS(geometry, BBOX(107, 29, 106, 30))",
    "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))",
    "S_INTERSECTS(geometry, ENVELOPE(1 2 3 4))",
    "S_INTERSECTS(geometry, SRID=3857;POINT(1 2))",
    "area_km2_max / 0 > 1",
    "name + 1 > 2",
    "area_km2_max = 99999999999999999999999",
    "ACCENTI(name) = 'x'",
    "T_BEFORE(name, TIMESTAMP('2020-01-01T00:00:00Z'))",
    "name = 'x'; DROP TABLE park",
    "S_INTERSECTS(geometry, POINT(500 100))",
    " AND ".join(["name = 'x'"] * 1500),
]
BAD_JSON_FILTERS = [
    "{not json",
    '{"op": "=", "args": [{"property": "nope"}, 1]}',
    '{"op": "=", "args": [{"property": "name"}]}',
    '{"op": "unknown-op", "args": []}',
    '{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [1, 2]}]}',
    '{"op": "s_intersects", "args": [{"property": "geometry"}, '
    '{"type": "Polygon", "coordinates": "nonsense"}]}',
    "42",
]


def assert_problem(response, status, parameter):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["parameter"] == parameter
    assert body["detail"] and "Traceback" not in body["detail"]
    return body


@pytest.mark.parametrize(("url", "status", "parameter"), BAD_INPUT)
def test_bad_input(client, url, status, parameter):
    assert_problem(client.get(url), status, parameter)


@pytest.mark.parametrize("expression", BAD_FILTERS)
def test_bad_cql2_text(client, expression):
    assert_problem(client.get(f"{PARKS}?filter={quote(expression)}"), 400, "filter")


@pytest.mark.parametrize("expression", BAD_JSON_FILTERS)
def test_bad_cql2_json(client, expression):
    url = f"{PARKS}?filter-lang=cql2-json&filter={quote(expression)}"
    assert_problem(client.get(url), 400, "filter")


def test_bad_geometry_in_filter_crs(client):
    mercator = "http://www.opengis.net/def/crs/EPSG/0/3857"
    url = f"{PARKS}?filter-crs={mercator}&filter=" + quote("S_INTERSECTS(geometry, POINT(1e300 0))")
    assert_problem(client.get(url), 400, "filter")


def test_a_query_past_the_time_limit_is_503(client, monkeypatch):
    async def too_slow(*args, **kwargs):
        raise asyncpg.QueryCanceledError("canceling statement due to statement timeout")

    monkeypatch.setattr(features, "read_page", too_slow)
    # A page no other test asks for: built, not served from the answer cache.
    response = client.get(f"{PARKS}?offset=915001")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_bad_filters_name_what_is_wrong(client):
    body = assert_problem(client.get(f"{PARKS}?filter=nope%3D1"), 400, "filter")
    assert "nope" in body["detail"] and "queryables" in body["detail"]
    body = assert_problem(client.get(f"{PARKS}?filter=name%3D5"), 400, "filter")
    assert "string" in body["detail"] and "number" in body["detail"]


def test_unacceptable_media_type_is_406(client):
    response = client.get(PARKS, headers={"Accept": "application/xml"})
    assert_problem(response, 406, "Accept")
    response = client.get("/ogc/collections", headers={"Accept": "image/png"})
    assert_problem(response, 406, "Accept")


def test_messages_list_the_choices(client):
    body = assert_problem(client.get(f"{PARKS}?crs=EPSG:9999"), 400, "crs")
    assert "http://www.opengis.net/def/crs/EPSG/0/4490" in body["detail"]
    body = assert_problem(client.get(f"{PARKS}?colour=red"), 400, "colour")
    assert "limit" in body["detail"]


def test_injection_attempts_change_nothing(client, db):
    before = db.execute("SELECT count(*) FROM park").fetchone()[0]
    attempts = [
        "name = 'x''; DELETE FROM park; --'",
        "name = 'x'' OR ''1''=''1'",
        "\"name; DELETE FROM park\" = 'x'",
    ]
    for expression in attempts:
        response = client.get(f"{PARKS}?filter={quote(expression)}")
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert response.json()["numberMatched"] == 0
    response = client.get(PARKS, params={"name": "x' OR '1'='1"})
    assert response.json()["numberMatched"] == 0
    response = client.get(PARKS, params={"sortby": "name; DELETE FROM park"})
    assert response.status_code == 400
    assert db.execute("SELECT count(*) FROM park").fetchone()[0] == before
    json.dumps(before)
