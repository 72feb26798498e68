"""Writes through OGC API – Features Part 4 (issue 12, item 2): create, replace, update,
delete; ETag / If-Match; validation; the documents that say a collection is writable."""

from __future__ import annotations

import json
import threading

import httpx
import psycopg
import pytest

from tests.editing.conftest import fingerprint, park_row, sign_in

ITEMS = "/ogc/collections/parks/items"
GEOJSON = {"Content-Type": "application/geo+json"}
# A small square inside 永川区 (around its high-tech zone's town seat), in WGS-84.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[106.010, 29.380], [106.020, 29.380], [106.020, 29.388], [106.010, 29.388],
         [106.010, 29.380]]
    ],
}  # fmt: skip


def new_park(park_id: str, **properties) -> dict:
    return {
        "type": "Feature",
        "id": park_id,
        "geometry": {"type": "Point", "coordinates": [105.93, 29.35]},
        "properties": {
            "name": f"测试园区 {park_id}（测试数据）",
            "district_adcode": "500118",
            "sources": ["test fixture (synthetic)"],
            **properties,
        },
    }


def test_conformance_and_documents_say_parks_are_writable(editing_client):
    conformance = editing_client.get("/ogc/conformance").json()["conformsTo"]
    part4 = [c for c in conformance if "ogcapi-features-4" in c]
    assert any(c.endswith("/create-replace-delete") for c in part4)
    assert any(c.endswith("/update") for c in part4)
    parks = editing_client.get("/ogc/collections/parks").json()
    assert parks["editing"]["writable"] is True
    assert parks["editing"]["authentication"]["tokenUrl"].endswith("/api/auth/token")
    districts = editing_client.get("/ogc/collections/districts").json()
    assert "editing" not in districts
    allow = editing_client.options(ITEMS).headers["allow"]
    assert "POST" in allow
    assert "POST" not in editing_client.options("/ogc/collections/districts/items").headers["allow"]
    item_allow = editing_client.options(f"{ITEMS}/yongchuan-hitech-zone").headers["allow"]
    assert {"PUT", "PATCH", "DELETE"} <= set(item_allow.replace(" ", "").split(","))


def test_create_read_delete_as_the_writer_role(editing_client, editor_headers, editing_db):
    headers = editor_headers | GEOJSON
    created = editing_client.post(
        ITEMS + "?reason=新园区&source=测试",
        headers=headers,
        content=json.dumps(new_park("test-a")),
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith(f"{ITEMS}/test-a")
    assert created.json()["properties"]["location_precision"] == "surveyed_point"
    assert created.json()["properties"]["location_approximate"] is False
    read = editing_client.get(f"{ITEMS}/test-a")
    assert read.status_code == 200 and read.json()["properties"]["district"] == "永川区"
    # The same id twice is a conflict.
    again = editing_client.post(ITEMS, headers=headers, content=json.dumps(new_park("test-a")))
    assert again.status_code == 409
    with psycopg.connect(editing_db.owner_url) as conn:
        db_user, reason, source = conn.execute(
            "SELECT db_user, reason, source FROM change_log WHERE entity_id = 'test-a'"
        ).fetchone()
    assert db_user == editing_db.writer, "writes must run as the narrowly granted writer role"
    assert (reason, source) == ("新园区", "测试")
    deleted = editing_client.delete(f"{ITEMS}/test-a", headers=editor_headers)
    assert deleted.status_code == 204
    assert editing_client.get(f"{ITEMS}/test-a").status_code == 404
    assert editing_client.delete(f"{ITEMS}/test-a", headers=editor_headers).status_code == 404


def test_an_edit_is_served_at_once_to_every_reader(editing_client, editor_headers, editing_server):
    """Anonymous readers of another process (its own answer cache, app/http/answers.py) see a
    write at once, and its undoing too."""
    page = f"{editing_server}{ITEMS}?limit=1000"

    def listed() -> set[str]:
        with httpx.Client() as anonymous:  # no token, no recent-write cookie
            response = anonymous.get(page)
            assert response.status_code == 200
            return {f["id"] for f in response.json()["features"]}

    before = listed()
    assert listed() == before and "test-seen" not in before  # kept, and asked for again
    headers = editor_headers | GEOJSON
    created = editing_client.post(ITEMS, headers=headers, content=json.dumps(new_park("test-seen")))
    assert created.status_code == 201, created.text
    assert listed() == before | {"test-seen"}
    assert editing_client.delete(f"{ITEMS}/test-seen", headers=editor_headers).status_code == 204
    assert listed() == before


def test_a_generated_id_when_none_is_given(editing_client, editor_headers):
    feature = new_park("x")
    del feature["id"]
    created = editing_client.post(ITEMS, headers=editor_headers | GEOJSON, json=feature)
    assert created.status_code == 201, created.text
    park_id = created.json()["id"]
    assert park_id.startswith("park-")
    assert editing_client.delete(f"{ITEMS}/{park_id}", headers=editor_headers).status_code == 204


def test_a_drawn_boundary_makes_the_park_surveyed(editing_client, editor_headers, editing_db):
    park = "yongchuan-hitech-zone"
    before = editing_client.get(f"{ITEMS}/{park}")
    assert before.json()["properties"]["location_precision"] == "town_seat"
    patched = editing_client.patch(
        f"{ITEMS}/{park}?reason=实测边界&source=测试测绘",
        headers=editor_headers | {"Content-Type": "application/merge-patch+json",
                                  "If-Match": before.headers["etag"]},
        json={"geometry": SQUARE},
    )  # fmt: skip
    assert patched.status_code == 200, patched.text
    assert patched.json()["geometry"]["type"] == "MultiPolygon"
    assert patched.json()["properties"]["location_precision"] == "surveyed_boundary"
    row = park_row(editing_db.owner_url, park)
    assert row["boundary"]["type"] == "MultiPolygon"
    x, y = row["location"]["coordinates"]
    assert 106.010 < x < 106.020 and 29.380 < y < 29.388, "the point lies on the new boundary"
    # Seen at once by a reader of the OGC API.
    listed = editing_client.get(ITEMS, params={"id": park}).json()["features"][0]
    assert listed["geometry"]["type"] == "MultiPolygon"


def test_sending_back_the_geometry_as_read_keeps_an_indicative_location(
    editing_client, editor_headers
):
    park = "rongchang-hitech-zone"
    read = editing_client.get(f"{ITEMS}/{park}")
    feature = read.json()
    assert feature["properties"]["location_precision"] == "town_seat"
    feature["properties"]["notes"] = "QGIS round trip"
    del feature["links"]
    put = editing_client.put(
        f"{ITEMS}/{park}",
        headers=editor_headers | GEOJSON | {"If-Match": read.headers["etag"]},
        json=feature,
    )
    assert put.status_code == 200, put.text
    assert put.json()["properties"]["notes"] == "QGIS round trip"
    assert put.json()["properties"]["location_precision"] == "town_seat"
    assert put.json()["properties"]["location_approximate"] is True


def test_a_stale_if_match_is_refused(editing_client, editor_headers):
    park = "bishan-hitech-zone"
    etag = editing_client.get(f"{ITEMS}/{park}").headers["etag"]
    headers = editor_headers | {"Content-Type": "application/merge-patch+json", "If-Match": etag}
    first = editing_client.patch(
        f"{ITEMS}/{park}", headers=headers, json={"properties": {"notes": "1"}}
    )
    assert first.status_code == 200
    second = editing_client.patch(
        f"{ITEMS}/{park}", headers=headers, json={"properties": {"notes": "2"}}
    )
    assert second.status_code == 412
    assert second.json()["parameter"] == "If-Match"
    # The ETag a write returns is good for the next write.
    third = editing_client.patch(
        f"{ITEMS}/{park}", headers=headers | {"If-Match": first.headers["etag"]},
        json={"properties": {"notes": "3"}},
    )  # fmt: skip
    assert third.status_code == 200


def test_two_concurrent_edits_with_the_same_etag_one_wins(editing_server, accounts):
    park = "tongliang-hitech-zone"
    with httpx.Client(base_url=editing_server) as client:
        token = client.post(
            "/api/auth/token", data={"username": "planner", "password": "correct horse battery"}
        ).json()["access_token"]
        etag = client.get(f"{ITEMS}/{park}").headers["etag"]
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/merge-patch+json",
        "If-Match": etag,
    }
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def edit(note: str) -> None:
        with httpx.Client(base_url=editing_server, timeout=30) as client:
            barrier.wait()
            response = client.patch(
                f"{ITEMS}/{park}", headers=headers, json={"properties": {"notes": note}}
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=edit, args=(n,)) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 412]


BAD_FEATURES = [
    (
        "wrong geometry type",
        {"geometry": {"type": "LineString", "coordinates": [[105.9, 29.3], [106, 29.4]]}},
        "geometry",
    ),  # fmt: skip
    (
        "self-intersecting polygon",
        {
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [106.0, 29.30],
                        [106.02, 29.32],
                        [106.02, 29.30],
                        [106.0, 29.32],
                        [106.0, 29.30],
                    ]
                ],
            }
        },
        "geometry",
    ),  # fmt: skip
    ("lat,lon order", {"geometry": {"type": "Point", "coordinates": [29.35, 105.93]}}, "geometry"),
    ("in 成都", {"geometry": {"type": "Point", "coordinates": [104.066, 30.657]}}, "geometry"),
    (
        "outside its district",
        {
            "geometry": {"type": "Point", "coordinates": [105.72, 29.40]},
            "properties": {"district_adcode": "500116"},
        },
        "geometry",
    ),  # fmt: skip
    ("text in a number field", {"properties": {"area_km2_min": "很大"}}, "properties.area_km2_min"),
    ("negative area", {"properties": {"area_km2_min": -3}}, "properties.area_km2_min"),
    (
        "unknown district",
        {"properties": {"district_adcode": "510104"}},
        "properties.district_adcode",
    ),  # fmt: skip
    ("missing name", {"properties": {"name": None}}, "properties.name"),
    ("unknown property", {"properties": {"colour": "red"}}, "properties.colour"),
    ("unknown parent", {"properties": {"parent_id": "no-such-park"}}, "properties.parent_id"),
    ("bad id", {"id": "Not An Id!"}, "id"),
    (
        "open ring",
        {
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[106.0, 29.30], [106.02, 29.32], [106.02, 29.30], [106.0, 29.31]]],
            }
        },
        "geometry",
    ),  # fmt: skip
]


@pytest.mark.parametrize(
    ("case", "change", "field"), BAD_FEATURES, ids=[c[0] for c in BAD_FEATURES]
)
def test_bad_features_are_422_naming_the_field_and_change_nothing(
    editing_client, editor_headers, editing_db, case, change, field
):
    feature = new_park("test-bad")
    feature["properties"].update(change.get("properties", {}))
    for key in ("geometry", "id"):
        if key in change:
            feature[key] = change[key]
    before = fingerprint(editing_db.owner_url)
    response = editing_client.post(ITEMS, headers=editor_headers | GEOJSON, json=feature)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == field
    if case == "lat,lon order":
        assert "(lat, lon)" in response.json()["detail"]
    assert fingerprint(editing_db.owner_url) == before


def test_malformed_bodies_are_4xx_and_change_nothing(editing_client, editor_headers, editing_db):
    before = fingerprint(editing_db.owner_url)
    cases = [
        (GEOJSON, b'{"type": "Feature", ', 422),
        ({"Content-Type": "text/plain"}, b"hello", 415),
        (GEOJSON, b"[1, 2]", 422),
        (GEOJSON, b'{"type": "FeatureCollection", "features": []}', 422),
        (GEOJSON, b" " * (3 * 1024 * 1024), 413),
    ]
    for headers, body, status in cases:
        response = editing_client.post(ITEMS, headers=editor_headers | headers, content=body)
        assert response.status_code == status, (body[:40], response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert editing_client.patch(
        f"{ITEMS}/dazu-hitech-zone", headers=editor_headers | {"Content-Type": "application/json"},
        content=b"{not json",
    ).status_code == 422  # fmt: skip
    assert fingerprint(editing_db.owner_url) == before


def test_read_only_collections_refuse_writes(editing_client, editor_headers):
    response = editing_client.post(
        "/ogc/collections/districts/items", headers=editor_headers | GEOJSON, json=new_park("x")
    )
    assert response.status_code == 405 and "read-only" in response.json()["detail"]
    assert "POST" not in response.headers["allow"] and "GET" in response.headers["allow"]
    # The method is refused before the sign-in is asked for.
    anonymous = editing_client.delete("/ogc/collections/districts/items/500116")
    assert anonymous.status_code == 405 and "DELETE" not in anonymous.headers["allow"]


def test_anonymous_writes_are_refused(editing_client, editing_db):
    before = fingerprint(editing_db.owner_url)
    assert editing_client.post(ITEMS, headers=GEOJSON, json=new_park("anon")).status_code == 401
    assert editing_client.delete(f"{ITEMS}/dazu-hitech-zone").status_code == 401
    assert fingerprint(editing_db.owner_url) == before


def test_an_owslib_client_writes_through_part4(editing_server, accounts):
    """A real OGC client: OWSLib's OGC API – Features client reads the collection, then sends
    the write through its own HTTP session with the token (OWSLib has no transaction helper
    for every method, so the request is plain HTTP, as QGIS sends it)."""
    from owslib.ogcapi.features import Features

    api = Features(editing_server + "/ogc")
    assert "parks" in [c["id"] for c in api.collections()["collections"]]
    headers = sign_in(httpx.Client(base_url=editing_server), "planner")
    with httpx.Client(base_url=editing_server, headers=headers) as client:
        created = client.post(ITEMS, json=new_park("owslib-park"), headers=GEOJSON)
        assert created.status_code == 201, created.text
    items = api.collection_items("parks", id="owslib-park")
    assert [f["id"] for f in items["features"]] == ["owslib-park"]
