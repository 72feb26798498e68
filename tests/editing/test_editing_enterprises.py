"""The enterprises layer written through OGC API – Features Part 4 and imports (issue 12: "at
least parks and enterprises"), with the enterprise table's own rules: a point that is never
removed, a stage of three, at least one source, a planner's point is a surveyed one."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.editing.conftest import fingerprint, sign_in

ITEMS = "/ogc/collections/enterprises/items"
GEOJSON = {"Content-Type": "application/geo+json"}
MERGE = {"Content-Type": "application/merge-patch+json"}
# A point inside 永川区 (near its high-tech zone), WGS-84.
YONGCHUAN = {"type": "Point", "coordinates": [105.93, 29.35]}


def new_enterprise(enterprise_id: str | None, **properties) -> dict:
    feature = {
        "type": "Feature",
        "geometry": YONGCHUAN,
        "properties": {
            "name": f"测试企业 {enterprise_id}（测试数据）",
            "district_adcode": "500118",
            "stage": "signed",
            "sources": ["test fixture (synthetic)"],
            **properties,
        },
    }
    if enterprise_id:
        feature["id"] = enterprise_id
    return feature


def enterprise_row(url: str, enterprise_id: str) -> dict | None:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT to_jsonb(e) - 'geom' || jsonb_build_object('geom', ST_AsGeoJSON(geom)::jsonb)"
            " FROM enterprise e WHERE id = %s",
            (enterprise_id,),
        ).fetchone()
    return row[0] if row else None


def history(client, enterprise_id: str) -> list[dict]:
    response = client.get(
        "/api/history", params={"entity": "enterprises", "entity_id": enterprise_id}
    )
    assert response.status_code == 200, response.text
    return response.json()["changes"]


def test_the_collection_document_says_enterprises_are_writable(editing_client):
    document = editing_client.get("/ogc/collections/enterprises").json()
    editing = document["editing"]
    assert editing["writable"] is True and editing["geometryRequired"] is True
    fields = {f["name"]: f for f in editing["fields"]}
    assert fields["stage"]["required"] is True
    assert fields["stage"]["allowed"] == ["signed", "under_construction", "operating"]
    assert fields["sources"]["required"] is True
    assert fields["mapping_basis"]["default"] == "editorial"
    assert "location_precision" not in fields, "the precision follows from the geometry"
    assert "POST" in editing_client.options(ITEMS).headers["allow"]


def test_create_replace_patch_delete_with_etags_and_history(
    editing_client, editor_headers, editing_db
):
    headers = editor_headers | GEOJSON
    created = editing_client.post(
        ITEMS + "?reason=新签约项目&source=区招商局（测试）",
        headers=headers,
        content=json.dumps(new_enterprise("test-ent-a", investment_yi=12.5)),
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith(f"{ITEMS}/test-ent-a")
    properties = created.json()["properties"]
    assert properties["location_precision"] == "surveyed_point", "a planner's point is surveyed"
    assert properties["location_approximate"] is False
    assert (properties["district"], properties["kind"]) == ("永川区", "single")
    assert properties["mapping_basis"] == "editorial"
    row = enterprise_row(editing_db.owner_url, "test-ent-a")
    assert row["provenance"] == "enterprises" and row["sources"] == ["test fixture (synthetic)"]
    assert row["geom"]["coordinates"] == [105.93, 29.35]
    # Seen at once by a reader of the OGC API (the published view, through the reader role).
    listed = editing_client.get(ITEMS, params={"id": "test-ent-a"}).json()["features"]
    assert [f["id"] for f in listed] == ["test-ent-a"]
    assert listed[0]["properties"]["stage"] == "signed"

    read = editing_client.get(f"{ITEMS}/test-ent-a")
    etag = read.headers["etag"]
    feature = read.json()
    del feature["links"]
    feature["properties"] |= {"stage": "under_construction", "construction_year": 2026}
    replaced = editing_client.put(
        f"{ITEMS}/test-ent-a", headers=headers | {"If-Match": etag}, json=feature
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["properties"]["stage"] == "under_construction"
    assert replaced.json()["properties"]["construction_year"] == 2026
    # The ETag read before the replace is stale now.
    stale = editing_client.patch(
        f"{ITEMS}/test-ent-a", headers=editor_headers | MERGE | {"If-Match": etag},
        json={"properties": {"notes": "stale"}},
    )  # fmt: skip
    assert stale.status_code == 412 and stale.json()["parameter"] == "If-Match"
    patched = editing_client.patch(
        f"{ITEMS}/test-ent-a",
        headers=editor_headers | MERGE | {"If-Match": replaced.headers["etag"]},
        json={"properties": {"stage": "operating", "operating_year": 2027}},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["properties"]["stage"] == "operating"
    assert patched.json()["properties"]["construction_year"] == 2026, "PATCH keeps the rest"

    deleted = editing_client.delete(f"{ITEMS}/test-ent-a", headers=editor_headers)
    assert deleted.status_code == 204
    assert editing_client.get(f"{ITEMS}/test-ent-a").status_code == 404
    assert enterprise_row(editing_db.owner_url, "test-ent-a") is None

    changes = history(editing_client, "test-ent-a")
    assert [c["action"] for c in changes] == ["delete", "update", "update", "create"]
    assert all(c["actor"] == "planner" for c in changes)
    with psycopg.connect(editing_db.owner_url) as conn:
        users = conn.execute(
            "SELECT DISTINCT db_user FROM change_log WHERE entity_id = 'test-ent-a'"
        ).fetchall()
        reason, source = conn.execute(
            "SELECT reason, source FROM change_log WHERE entity_id = 'test-ent-a'"
            " AND action = 'create'"
        ).fetchone()
    assert users == [(editing_db.writer,)], "writes run as the narrowly granted writer role"
    assert (reason, source) == ("新签约项目", "区招商局（测试）")


def test_an_indicative_point_sent_back_stays_indicative(editing_client, editor_headers):
    listed = editing_client.get(ITEMS, params={"limit": 200}).json()["features"]
    town_seat = next(f for f in listed if f["properties"]["location_precision"] == "town_seat")
    read = editing_client.get(f"{ITEMS}/{town_seat['id']}")
    feature = read.json()
    del feature["links"]
    feature["properties"]["notes"] = (feature["properties"]["notes"] or "") + "（往返测试）"
    put = editing_client.put(
        f"{ITEMS}/{town_seat['id']}",
        headers=editor_headers | GEOJSON | {"If-Match": read.headers["etag"]},
        json=feature,
    )
    assert put.status_code == 200, put.text
    assert put.json()["properties"]["location_precision"] == "town_seat"
    assert put.json()["properties"]["location_approximate"] is True
    assert put.json()["properties"]["sources"] == town_seat["properties"]["sources"]
    assert put.json()["properties"]["cluster_ids"] == town_seat["properties"]["cluster_ids"]


BAD = [
    ("a stage not of the three", {"properties": {"stage": "planned"}}, "properties.stage"),
    ("no stage", {"properties": {"stage": None}}, "properties.stage"),
    ("no sources", {"properties": {"sources": []}}, "properties.sources"),
    ("a mapping basis not of the two", {"properties": {"mapping_basis": "guess"}},
     "properties.mapping_basis"),
    ("a point outside 渝西", {"geometry": {"type": "Point", "coordinates": [116.4, 39.9]}},
     "geometry"),
    ("no point", {"geometry": None}, "geometry"),
    ("a polygon", {"geometry": {"type": "Polygon", "coordinates": [
        [[105.93, 29.35], [105.94, 29.35], [105.94, 29.36], [105.93, 29.35]]]}}, "geometry"),
    ("a park that does not exist", {"properties": {"park_id": "no-such-park"}},
     "properties.park_id"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "change", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_enterprises_are_422_naming_the_field_and_write_nothing(
    editing_client, editor_headers, editing_db, what, change, field
):
    before = fingerprint(editing_db.owner_url)
    feature = new_enterprise("test-ent-bad")
    feature["properties"] |= change.get("properties", {})
    if "geometry" in change:
        feature["geometry"] = change["geometry"]
    created = editing_client.post(ITEMS, headers=editor_headers | GEOJSON, json=feature)
    assert created.status_code == 422, (what, created.text)
    assert created.headers["content-type"].startswith("application/problem+json")
    assert created.json()["parameter"].endswith(field), created.json()
    # The same change as a PATCH of an existing enterprise.
    existing = editing_client.get(ITEMS, params={"limit": 1}).json()["features"][0]["id"]
    patched = editing_client.patch(
        f"{ITEMS}/{existing}", headers=editor_headers | MERGE, json=change
    )
    assert patched.status_code == 422, (what, patched.text)
    assert patched.json()["parameter"].endswith(field)
    assert fingerprint(editing_db.owner_url) == before


def test_anonymous_and_wrong_role_writes_are_refused(editing_client, editing_db, accounts):
    before = fingerprint(editing_db.owner_url)
    feature = new_enterprise("test-ent-anon")
    assert editing_client.post(ITEMS, headers=GEOJSON, json=feature).status_code == 401
    forged = GEOJSON | {"Authorization": "Bearer forged"}
    assert editing_client.post(ITEMS, headers=forged, json=feature).status_code == 401
    existing = editing_client.get(ITEMS, params={"limit": 1}).json()["features"][0]["id"]
    assert editing_client.delete(f"{ITEMS}/{existing}").status_code == 401
    # Restoring a change needs an admin: an editor is refused.
    editor = sign_in(editing_client, "loser")
    feature = new_enterprise("test-ent-r")
    created = editing_client.post(ITEMS, headers=editor | GEOJSON, json=feature)
    assert created.status_code == 201, created.text
    change_id = history(editing_client, "test-ent-r")[0]["id"]
    refused = editing_client.post(
        f"/api/history/{change_id}/restore", headers=editor, json={"reason": "x"}
    )
    assert refused.status_code == 403
    assert editing_client.delete(f"{ITEMS}/test-ent-r", headers=editor).status_code == 204
    assert fingerprint(editing_db.owner_url) != before  # sanity: the fingerprint sees writes


def test_an_import_of_enterprises_dry_run_equals_real_run(
    editing_client, editor_headers, editing_db
):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": c},
             "properties": {"name": name, "district_adcode": district, "stage": stage,
                            "sources": "区政府公告（测试数据） | 园区网站（测试数据）",
                            "investment_yi": 3.2}}
            for name, district, stage, c in [
                ("导入测试企业甲（测试数据）", "500118", "signed", [105.93, 29.36]),
                ("导入测试企业乙（测试数据）", "500117", "operating", [106.27, 29.99]),
            ]
        ],
    }  # fmt: skip
    data = json.dumps(collection, ensure_ascii=False).encode()

    def post(dry_run: str):
        return editing_client.post(
            "/api/imports",
            params={"layer": "enterprises", "dry_run": dry_run, "source": "导入测试"},
            headers=editor_headers,
            files={"file": ("enterprises.geojson", data)},
        )

    before = fingerprint(editing_db.owner_url)
    dry = post("true")
    assert dry.status_code == 200, dry.text
    assert dry.json()["counts"] == {"added": 2, "changed": 0, "unchanged": 0, "errors": 0}
    assert fingerprint(editing_db.owner_url) == before, "a dry run writes nothing"
    real = post("false")
    assert real.status_code == 200, real.text
    for key in ("counts", "added", "changed", "unchanged", "errors"):
        assert real.json()[key] == dry.json()[key]
    assert real.json()["committed"] is True
    with psycopg.connect(editing_db.owner_url) as conn:
        rows = conn.execute(
            "SELECT id, stage, location_precision, sources, provenance FROM enterprise"
            " WHERE name LIKE '导入测试企业%' ORDER BY stage"
        ).fetchall()
    sources = ["区政府公告（测试数据）", "园区网站（测试数据）"]
    assert [r[1:] for r in rows] == [
        ("operating", "surveyed_point", sources, "enterprises"),
        ("signed", "surveyed_point", sources, "enterprises"),
    ]
    for enterprise_id, *_ in rows:
        assert [c["action"] for c in history(editing_client, enterprise_id)] == ["create"]
    again = post("true")
    assert again.json()["counts"] == {"added": 0, "changed": 0, "unchanged": 2, "errors": 0}
    # A bad row (a stage not of the three) is reported by row and field; nothing is written.
    collection["features"][1]["properties"]["stage"] = "planned"
    data = json.dumps(collection, ensure_ascii=False).encode()
    before = fingerprint(editing_db.owner_url)
    bad = post("false")
    assert bad.status_code in (200, 422), bad.text
    errors = bad.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "stage")], errors
    assert fingerprint(editing_db.owner_url) == before
