"""Plan edits in the domain API (issue 12, item 3): the database's limits answered as 422 with
the plan's citation; reason and source required; recorded and restorable."""

from __future__ import annotations

from app.config import PROJECT_ROOT
from tests.editing.conftest import fingerprint

JIANGJIN = "500116"
PLAN = (PROJECT_ROOT / "geodata" / "plan" / "plan.txt").read_text(encoding="utf-8")


def current(client) -> dict:
    profile = client.get(f"/api/districts/{JIANGJIN}").json()
    return profile


def test_a_third_leading_industry_is_refused_with_the_plans_words(
    editing_client, editor_headers, editing_db
):
    before = fingerprint(editing_db.owner_url)
    body = {
        "leading": [{"industry": "smart-home"}, {"industry": "precision-copper"},
                    {"industry": "prepared-dishes"}],
        "specialty": [],
        "reason": "测试", "source": "测试",
    }  # fmt: skip
    response = editing_client.put(
        f"/api/districts/{JIANGJIN}/industries", headers=editor_headers, json=body
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["parameter"] == "leading"
    # The citation is the plan's sentence, as the plan text words it.
    assert "每区确立不超过 2 个主导产业" in problem["detail"]
    assert "每区确立不超过 2 个主导产业" in PLAN.replace("\n", "")
    five = body | {"leading": [], "specialty": ["smart-home", "precision-copper",
                                                 "prepared-dishes", "agricultural-machinery",
                                                 "aerospace"]}  # fmt: skip
    response = editing_client.put(
        f"/api/districts/{JIANGJIN}/industries", headers=editor_headers, json=five
    )
    assert response.status_code == 422, response.text
    assert response.json()["parameter"] in ("specialty", "specialty.4")
    assert fingerprint(editing_db.owner_url) == before


def test_reason_and_source_are_required(editing_client, editor_headers):
    response = editing_client.put(
        f"/api/districts/{JIANGJIN}/industries",
        headers=editor_headers,
        json={"leading": [], "specialty": [], "reason": "测试"},
    )
    assert response.status_code == 422 and response.json()["parameter"] == "source"
    response = editing_client.patch(
        f"/api/indicators/revenue:{JIANGJIN}", headers=editor_headers, json={"value": 1}
    )
    assert response.status_code == 422


def test_edit_then_restore_a_districts_industries(editing_client, editor_headers, admin_headers):
    original = editing_client.get("/api/history", params={"entity": "district_plan"}).json()
    assert original["changes"] == [] or original["changes"][0]["entity"] == "district_plan"
    industries = editing_client.get("/api/industries").json()
    specialty = [i["id"] for i in industries][:2]
    body = {
        "leading": [{"industry": specialty[0],
                     "segments": [{"name": "测试细分", "name_en": "Test segment"}]}],
        "specialty": [specialty[1]],
        "reason": "区政府调整产业定位（测试）",
        "source": "测试文件 2026-12-01",
    }  # fmt: skip
    edited = editing_client.put(
        f"/api/districts/{JIANGJIN}/industries", headers=editor_headers, json=body
    )
    assert edited.status_code == 200, edited.text
    assert [x["industry"] for x in edited.json()["leading"]] == [specialty[0]]
    profile = editing_client.get(f"/api/districts/{JIANGJIN}").json()
    assert "测试细分" in str(profile)
    entry = editing_client.get(
        "/api/history", params={"entity": "district_plan", "entity_id": JIANGJIN, "limit": 1}
    ).json()["changes"][0]
    assert entry["source"] == "测试文件 2026-12-01" and len(entry["before"]["leading"]) == 2
    restored = editing_client.post(
        f"/api/history/{entry['id']}/restore", headers=admin_headers, json={"reason": "撤销测试"}
    )
    assert restored.status_code == 200, restored.text
    assert restored.json()["after"]["leading"] == entry["before"]["leading"]
    assert "测试细分" not in str(editing_client.get(f"/api/districts/{JIANGJIN}").json())


def test_change_a_target(editing_client, editor_headers):
    response = editing_client.patch(
        f"/api/indicators/revenue:{JIANGJIN}",
        headers=editor_headers,
        json={"value": 2100, "reason": "测试", "source": "测试"},
    )
    assert response.status_code == 200, response.text
    assert float(response.json()["indicator"]["value"]) == 2100
    missing = editing_client.patch(
        "/api/indicators/nope", headers=editor_headers,
        json={"value": 1, "reason": "测试", "source": "测试"},
    )  # fmt: skip
    assert missing.status_code == 404
