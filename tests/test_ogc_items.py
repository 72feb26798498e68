"""OGC API – Features items: paging, counts, properties, sorting, property filters, bbox,
datetime, CSV, single features, streaming."""

import csv
import io
import json
from pathlib import Path

import psycopg
import pytest

from app.config import APISettings

PLAN_DOCUMENTS = """
id: plan-documents
title: {zh: 规划文件, en: Plan documents}
description: {zh: 测试用的时间图层, en: A layer with time, for tests}
source: {sql: "SELECT code, title, issued_on FROM plan_document"}
id_column: code
time: {column: issued_on}
properties:
  - {name: code, type: string, label: {zh: 文号, en: Code}}
  - {name: title, type: string, label: {zh: 标题, en: Title}}
  - {name: issued_on, type: date, label: {zh: 印发日期, en: Issued on}}
attribution: {zh: 测试, en: test}
licence: test
"""
PARK_TABLE = """
id: park-table
title: {zh: 园区表, en: Park table}
description: {zh: 直接读表的测试图层, en: A layer read straight from a table, for tests}
source: {table: park}
geometry: {column: location, type: Point}
id_column: id
default_sort: [id]
properties:
  - {name: id, type: string, label: {zh: 编号, en: Id}}
  - {name: name, type: string, label: {zh: 名称, en: Name}}
attribution: {zh: 测试, en: test}
licence: test
"""


def items(client, collection, **params):
    response = client.get(f"/ogc/collections/{collection}/items", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(collection_body):
    return [f["id"] for f in collection_body["features"]]


def link(body, rel):
    return next((x["href"] for x in body["links"] if x["rel"] == rel), None)


@pytest.fixture(scope="module")
def extra_client(make_client, tmp_path_factory, loaded_db):
    """The shipped layers plus test layers: one with a date property for `datetime`, one read
    straight from a table (with statistics), and counts estimated above 5."""
    layers = tmp_path_factory.mktemp("layers")
    for shipped in APISettings().layers_dir.glob("*.yaml"):
        (layers / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    (layers / "plan-documents.yaml").write_text(PLAN_DOCUMENTS, encoding="utf-8")
    (layers / "park-table.yaml").write_text(PARK_TABLE, encoding="utf-8")
    with psycopg.connect(loaded_db, autocommit=True) as conn:
        conn.execute("ANALYZE park")
    return make_client(layers_dir=Path(layers), exact_count_max=5)


def test_a_feature_collection(client):
    body = items(client, "districts")
    assert body["type"] == "FeatureCollection"
    assert body["numberReturned"] == body["numberMatched"] == 8
    first = body["features"][0]
    assert first["type"] == "Feature"
    assert first["id"] == first["properties"]["adcode"] == "500116"  # plan order: 江津区 first
    assert first["geometry"]["type"] == "MultiPolygon"
    assert first["properties"]["leading_industries"][0]["name"]
    assert {"self", "alternate", "collection"} <= {x["rel"] for x in body["links"]}
    assert link(body, "next") is None and link(body, "prev") is None


def test_default_and_capped_limit(client):
    assert items(client, "industries")["numberReturned"] == 48  # default limit 100
    assert items(client, "industries", limit=10)["numberReturned"] == 10
    # A limit above the maximum is capped, not refused (OGC API – Features Part 1).
    assert items(client, "industries", limit=10**9)["numberReturned"] == 48


# parks.csv (30) and the parks the research additions add (parks_added.csv, 10).
PARKS = 40


def test_paging_with_next_and_prev_links(client):
    seen, url, pages = [], "/ogc/collections/parks/items?limit=7", 0
    while url:
        body = client.get(url).json()
        assert body["numberMatched"] == PARKS
        seen += ids(body)
        if pages:
            assert link(body, "prev") is not None
        url, pages = link(body, "next"), pages + 1
    assert pages == -(-PARKS // 7) and len(seen) == len(set(seen)) == PARKS
    assert seen == ids(items(client, "parks", limit=100))


def test_next_link_keeps_the_query(client):
    body = items(client, "parks", limit=2, district_adcode="500118", properties="name")
    assert "district_adcode=500118" in link(body, "next")
    assert "properties=name" in link(body, "next")
    following = client.get(link(body, "next")).json()
    assert list(following["features"][0]["properties"]) == ["name"]


def test_offset_past_the_end(client):
    body = items(client, "parks", offset=100)
    assert body["features"] == [] and body["numberReturned"] == 0
    assert body["numberMatched"] == PARKS
    assert link(body, "prev") is not None


def test_property_selection(client):
    body = items(client, "districts", properties="name,revenue_target_2027")
    assert body["features"][0]["properties"] == {"name": "江津区", "revenue_target_2027": 3000}
    assert items(client, "districts", properties="")["features"][0]["properties"] == {}


def test_sortby(client):
    descending = items(client, "districts", sortby="-revenue_target_2027,adcode")
    targets = [f["properties"]["revenue_target_2027"] for f in descending["features"]]
    assert targets == sorted(targets, reverse=True)
    assert ids(descending)[:2] == ["500118", "500116"]  # 永川 3300, 江津 3000
    # "+plan_order" arrives as " plan_order" when the + is not percent-encoded.
    by_order = client.get("/ogc/collections/districts/items?sortby=+plan_order").json()
    assert [f["properties"]["plan_order"] for f in by_order["features"]] == list(range(1, 9))


def test_property_equality_filters(client):
    assert ids(items(client, "districts", name="璧山区")) == ["500120"]
    assert ids(items(client, "districts", plan_order=3)) == ["500118"]
    both = items(client, "parks", district_adcode=["500120", "500118"], limit=100)
    assert {f["properties"]["district_adcode"] for f in both["features"]} == {"500120", "500118"}
    approximate = items(client, "parks", location_approximate="true", limit=100)
    assert approximate["numberMatched"] > 0
    assert all(f["properties"]["location_approximate"] for f in approximate["features"])
    assert items(client, "districts", revenue_target_2027="1000")["numberMatched"] == 3


def test_bbox(client):
    # A small box around the seat of 璧山区.
    body = items(client, "districts", bbox="106.2,29.55,106.25,29.6")
    assert ids(body) == ["500120"]
    parks = items(client, "parks", bbox="106.2,29.55,106.25,29.6")
    assert "bishan-hitech-zone" in ids(parks)
    # Six numbers: a z range, ignored.
    assert ids(items(client, "districts", bbox="106.2,29.55,0,106.25,29.6,100")) == ["500120"]


def test_non_spatial_layer(client):
    body = items(client, "industries", limit=3, district_adcode="500120")
    assert all(f["geometry"] is None for f in body["features"])
    assert "content-crs" not in client.get("/ogc/collections/industries/items").headers


def test_csv(client):
    response = client.get("/ogc/collections/parks/items", params={"f": "csv", "limit": 100})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.startswith("\ufeff")  # for Excel
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == PARKS
    assert list(rows[0])[-1] == "geometry"
    park = next(r for r in rows if r["id"] == "bishan-hitech-zone")
    assert park["geometry"] == "POINT(106.22476 29.59491)"
    assert park["location_approximate"] in ("true", "false")
    selected = client.get(
        "/ogc/collections/districts/items", params={"f": "csv", "properties": "adcode,name"}
    )
    header = selected.text.lstrip("\ufeff").splitlines()[0]
    assert header == "adcode,name,geometry"


def test_a_single_feature(client):
    response = client.get("/ogc/collections/parks/items/bishan-hitech-zone")
    assert response.headers["content-type"] == "application/geo+json"
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == "bishan-hitech-zone"
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.22476, 29.59491]}
    assert {x["rel"] for x in feature["links"]} == {"self", "alternate", "collection"}
    named = client.get(
        "/ogc/collections/districts/items/500120", params={"properties": "name"}
    ).json()
    assert named["properties"] == {"name": "璧山区"}
    industry = client.get("/ogc/collections/industries/items/500120:leading:1").json()
    assert industry["properties"]["district"] == "璧山区"


def test_datetime_on_a_layer_with_time(extra_client):
    def matched(value):
        return items(extra_client, "plan-documents", datetime=value)["numberMatched"]

    assert matched("2023-07-14") == 1
    assert matched("2023-07-14T10:00:00Z") == 1
    assert matched("2023-07-01/2023-07-31") == 1
    assert matched("../2023-07-14") == 1
    assert matched("2023-07-15/..") == 0
    assert matched("2023-01-01T00:00:00+08:00/2023-06-30T23:59:59+08:00") == 0


def test_a_table_layer_counts_from_its_statistics(extra_client, db):
    total = db.execute("SELECT count(*) FROM park").fetchone()[0]
    first = items(extra_client, "park-table", limit=2)
    assert first["numberMatched"] == total and first["numberMatchedEstimated"] is True
    assert items(extra_client, "park-table", limit=100)["numberMatched"] == total
    collection = extra_client.get("/ogc/collections/park-table").json()
    (bbox,) = collection["extent"]["spatial"]["bbox"]
    assert 105 < bbox[0] < bbox[2] < 107


def test_large_pages_are_streamed(client, make_client):
    streaming = make_client(stream_above=2)
    for params in ({"limit": 100}, {"limit": 5, "offset": 3}, {"limit": 100, "f": "csv"}):
        buffered = client.get("/ogc/collections/parks/items", params=params)
        streamed = streaming.get("/ogc/collections/parks/items", params=params)
        assert "etag" not in streamed.headers and "content-length" not in streamed.headers
        assert streamed.headers["content-crs"] == buffered.headers["content-crs"]
        assert streamed.content == buffered.content
    # What turns out small is answered whole, with its ETag.
    small = streaming.get("/ogc/collections/parks/items", params={"limit": 30, "name": "nope"})
    assert "etag" in small.headers and small.json()["numberMatched"] == 0


def test_a_large_count_is_an_estimate_and_says_so(make_client):
    estimating = make_client(exact_count_max=3)
    body = items(estimating, "parks", limit=5)
    assert body["numberMatchedEstimated"] is True
    assert body["numberMatched"] >= 5
    assert link(body, "next") is not None
    # A page that is not full tells the exact total without counting.
    last = items(estimating, "parks", limit=5, offset=PARKS - 2)
    assert last["numberMatched"] == PARKS and "numberMatchedEstimated" not in last
    filtered = items(estimating, "parks", limit=4, district_adcode="500118")
    assert filtered.get("numberMatchedEstimated") is True
    # A page that holds exactly the rest is known to be the last one.
    exact = items(estimating, "districts", limit=8)
    assert exact["numberMatched"] == 8 and "numberMatchedEstimated" not in exact
    assert link(exact, "next") is None


def test_every_feature_is_valid_json_in_every_layer(client):
    for collection in ("context-areas", "districts", "parks", "industries"):
        body = json.loads(client.get(f"/ogc/collections/{collection}/items?limit=1000").text)
        assert body["numberReturned"] == body["numberMatched"] == len(body["features"])
