"""History (issue 12, item 5): every change recorded with who, when, what, why, before and
after; per record and per user; restore is itself a recorded change."""

from __future__ import annotations

from tests.editing.conftest import park_row

ITEMS = "/ogc/collections/parks/items"
PATCH = {"Content-Type": "application/merge-patch+json"}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[105.55, 29.70], [105.56, 29.70], [105.56, 29.71], [105.55, 29.70]]],
}


def test_restore_round_trip(editing_client, editor_headers, admin_headers, editing_db):
    park = "dazu-hitech-zone"
    original = park_row(editing_db.owner_url, park)
    original_etag = editing_client.get(f"{ITEMS}/{park}").headers["etag"]
    edit = editing_client.patch(
        f"{ITEMS}/{park}?reason=实测边界&source=区规划局测绘成果",
        headers=editor_headers | PATCH,
        json={"geometry": SQUARE, "properties": {"area_km2_min": 1.5, "area_km2_max": 2}},
    )
    assert edit.status_code == 200, edit.text
    assert park_row(editing_db.owner_url, park) != original

    entries = editing_client.get(
        "/api/history", params={"entity": "parks", "entity_id": park}
    ).json()["changes"]
    latest = entries[0]
    assert latest["actor"] == "planner" and latest["action"] == "update"
    assert latest["reason"] == "实测边界" and latest["source"] == "区规划局测绘成果"
    assert latest["before"]["location_precision"] == original["location_precision"]
    assert latest["after"]["location_precision"] == "surveyed_boundary"
    assert latest["changed_at"]
    mine = editing_client.get("/api/history", params={"actor": "planner"}).json()["changes"]
    assert latest["id"] in [e["id"] for e in mine]

    # An editor may not restore; an admin may, and must say why.
    path = f"/api/history/{latest['id']}/restore"
    assert (
        editing_client.post(path, headers=editor_headers, json={"reason": "x"}).status_code == 403
    )
    assert editing_client.post(path, headers=admin_headers, json={}).status_code == 422
    restored = editing_client.post(path, headers=admin_headers, json={"reason": "测绘有误，撤销"})
    assert restored.status_code == 200, restored.text
    assert park_row(editing_db.owner_url, park) == original
    # The same record version again: the ETag read before the edit matches once more.
    assert editing_client.get(f"{ITEMS}/{park}").headers["etag"] == original_etag

    newest = editing_client.get(
        "/api/history", params={"entity": "parks", "entity_id": park, "limit": 1}
    ).json()["changes"][0]
    assert newest["action"] == "restore" and newest["actor"] == "chief"
    assert newest["reason"] == "测绘有误，撤销"
    assert newest["before"]["location_precision"] == "surveyed_boundary"
    assert newest["after"] == original | {"location": newest["after"]["location"]}
    # Restoring what the change made redoes it.
    redo = editing_client.post(
        path, headers=admin_headers, json={"version": "after", "reason": "重做"}
    )
    assert redo.status_code == 200
    assert park_row(editing_db.owner_url, park)["location_precision"] == "surveyed_boundary"


def test_restoring_a_deletion_brings_the_record_back(editing_client, editor_headers, admin_headers):
    feature = {
        "type": "Feature",
        "id": "test-restore",
        "geometry": {"type": "Point", "coordinates": [105.93, 29.35]},
        "properties": {
            "name": "待删园区（测试数据）",
            "district_adcode": "500118",
            "sources": ["t"],
        },
    }
    headers = editor_headers | {"Content-Type": "application/geo+json"}
    assert editing_client.post(ITEMS, headers=headers, json=feature).status_code == 201
    assert editing_client.delete(f"{ITEMS}/test-restore", headers=editor_headers).status_code == 204
    deletion = editing_client.get(
        "/api/history", params={"entity": "parks", "entity_id": "test-restore", "limit": 1}
    ).json()["changes"][0]
    assert deletion["action"] == "delete" and deletion["after"] is None
    restored = editing_client.post(
        f"/api/history/{deletion['id']}/restore", headers=admin_headers, json={"reason": "误删"}
    )
    assert restored.status_code == 200, restored.text
    assert editing_client.get(f"{ITEMS}/test-restore").json()["properties"]["name"] == (
        "待删园区（测试数据）"
    )


def test_unknown_changes_are_404(editing_client, admin_headers):
    assert editing_client.get("/api/history/999999").status_code == 404
    response = editing_client.post(
        "/api/history/999999/restore", headers=admin_headers, json={"reason": "x"}
    )
    assert response.status_code == 404
