"""Every server message in the reader's language (issue 12): the bilingual table itself, and a
representative set of refusals — a bad sign-in, a stale If-Match (412), a 422 naming a field
(pydantic's and the layer's own), an import with bad rows, a plan edit breaking ≤2 leading — each
answered with the same `code` and `parameter` in both languages, its text in Chinese when
Accept-Language prefers zh and in English otherwise, each in its own script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.messages import MESSAGES, language_of
from tests.test_frontend_language import LATIN_OK, wrong_in_chinese, wrong_in_english

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
PARK = "jiangjin-shuangfu-park"
ITEMS = "/ogc/collections/parks/items"
# Names of file formats and their parts, which Chinese writes in Latin letters too.
FORMATS = {"Shapefile", "GeoPackage", "shp", "dbf", "shx", "prj", "zip", "WKT", "GBK", "UTF"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def no_latin_words(text: str) -> bool:
    """No Latin words but names, formats and what the reader gave (quoted “…”)."""
    text = re.sub(r"“[^”]*”", "", text)
    words = re.findall(r"[A-Za-z]{2,}", re.sub(r"https?://\S+|/[\w/.-]+", "", text))
    return all(w in LATIN_OK | FORMATS for w in words)


def chinese_ok(text: str) -> bool:
    return bool(CJK.search(text)) and no_latin_words(text)


def english_ok(text: str) -> bool:
    return not wrong_in_english(text) and bool(re.search(r"[A-Za-z]{3,}", text))


def test_the_table_has_both_languages_each_in_its_script():
    wrong = []
    for code, texts in MESSAGES.items():
        zh = re.sub(r"\{\w+(!r)?\}", "", texts["zh"])
        en = re.sub(r"\{\w+(!r)?\}", "", texts["en"])
        if not no_latin_words(zh):
            wrong.append(f"zh {code}: {texts['zh']}")
        if en.strip() and wrong_in_english(en):
            wrong.append(f"en {code}: {texts['en']}")
    assert wrong == []
    assert wrong_in_chinese("“面积”必须大于 0。") is False  # the helper reads what it should


def test_every_code_the_server_uses_is_in_the_table():
    used = set()
    for path in Path(PROJECT_ROOT / "app").rglob("*.py"):
        used |= set(re.findall(r"\bmsg\(\s*\"([\w.]+)\"", path.read_text(encoding="utf-8")))
    assert len(used) > 60
    assert sorted(used - set(MESSAGES)) == []


@pytest.mark.parametrize(
    ("header", "lang"),
    [("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9,zh-CN;q=0.8", "en"), ("zh-TW", "zh"),
     ("fr-FR,en;q=0.5", "en"), ("en;q=0.2,zh;q=0.7", "zh"), ("", "en"), (None, "en")],
)  # fmt: skip
def test_the_language_is_the_one_the_header_prefers(header, lang):
    assert language_of(header) == lang


def both(send) -> tuple[dict, dict, dict]:
    """The same request in Chinese, in English and with no language: their problem documents."""
    answers = [send(ZH), send(EN), send({})]
    statuses = {a.status_code for a in answers}
    assert len(statuses) == 1 and statuses.pop() >= 400, [a.text for a in answers]
    zh, en, plain = (a.json() for a in answers)
    assert answers[0].headers["content-language"] == "zh-CN"
    assert zh["code"] == en["code"] and zh.get("parameter") == en.get("parameter")
    assert chinese_ok(zh["detail"]), zh["detail"]
    assert english_ok(en["detail"]), en["detail"]
    assert plain["detail"] == en["detail"]  # a client that asks for nothing gets English
    return zh, en, plain


def test_a_bad_sign_in(editing_client):
    def send(headers):
        return editing_client.post(
            "/api/auth/token", data={"username": "planner", "password": "wrong"}, headers=headers
        )

    zh, en, _ = both(send)
    assert zh["code"] == "auth.bad_login" and zh["parameter"] == "password"
    assert "密码" in zh["detail"] and "password" in en["detail"]


def test_a_stale_if_match(editing_client, editor_headers):
    def send(headers):
        return editing_client.patch(
            f"{ITEMS}/{PARK}",
            headers=editor_headers | headers | {"Content-Type": "application/merge-patch+json",
                                                "If-Match": '"0000000000"'},
            json={"properties": {"notes": "测试"}},
        )  # fmt: skip

    zh, en, _ = both(send)
    assert zh["status"] == 412 and zh["code"] == "write.stale" and zh["parameter"] == "If-Match"
    assert "修改" in zh["detail"]


def test_a_field_refused_by_pydantic_and_by_the_layer(editing_client, editor_headers):
    def pydantic(headers):
        return editing_client.patch(
            "/api/indicators/revenue:500116",
            headers=editor_headers | headers,
            json={"value": -1, "reason": "测试", "source": "测试"},
        )

    zh, en, _ = both(pydantic)
    assert zh["code"] == "validation.greater_than" and zh["parameter"] == "value"
    assert en["detail"] == "value: Input should be greater than 0"
    assert zh["detail"] == "数值：应大于 0"
    assert zh["invalid_params"][0]["message"] == "应大于 0"

    def layer(headers):
        return editing_client.patch(
            f"{ITEMS}/{PARK}",
            headers=editor_headers | headers | {"Content-Type": "application/merge-patch+json"},
            json={"properties": {"area_km2_min": "很大"}},
        )

    zh, en, _ = both(layer)
    assert zh["code"] == "field.number" and zh["parameter"] == "properties.area_km2_min"
    assert "area_km2_min" in en["detail"] and "area_km2_min" not in zh["detail"]


def test_an_import_with_bad_rows(editing_client, editor_headers):
    data = (
        "name,district_adcode,sources,area_km2_min,lon,lat\n"
        "语言园区（测试数据）,500118,test,很大,105.93,29.35\n"
        "语言园区二（测试数据）,510104,test,1,105.93,29.36\n"
    ).encode()

    def send(headers):
        return editing_client.post(
            "/api/imports", params={"layer": "parks", "dry_run": "true"},
            files={"file": ("parks.csv", data, "text/csv")}, headers=editor_headers | headers,
        )  # fmt: skip

    zh, en, _ = both(send)
    assert zh["code"] == "import.refused" and len(zh["errors"]) == 2
    for zh_row, en_row in zip(zh["errors"], en["errors"], strict=True):
        assert zh_row["row"] == en_row["row"] and zh_row["field"] == en_row["field"]
        assert zh_row["code"] == en_row["code"]
        assert chinese_ok(zh_row["message"]), zh_row["message"]
        assert english_ok(en_row["message"]), en_row["message"]
        assert chinese_ok(zh_row["field_label"]) and not CJK.search(en_row["field_label"])
    assert [r["code"] for r in zh["errors"]] == ["field.number", "write.unknown_district"]


def test_a_plan_edit_breaking_two_leading(editing_client, editor_headers):
    body = {
        "leading": [{"industry": "smart-home"}, {"industry": "precision-copper"},
                    {"industry": "prepared-dishes"}],
        "specialty": [], "reason": "测试", "source": "测试",
    }  # fmt: skip

    def send(headers):
        return editing_client.put(
            "/api/districts/500116/industries", headers=editor_headers | headers, json=body
        )

    zh, en, _ = both(send)
    assert zh["code"] == "plan.leading_rule" and zh["parameter"] == "leading"
    # The rule cited in both: the plan's own words, and its section as each language numbers it.
    assert "渝府〔2023〕13号 四、空间布局" in zh["detail"]
    assert "Spatial layout" in en["detail"] and "每区确立不超过 2 个主导产业" in en["detail"]


def test_a_route_without_its_own_message_is_still_told_in_chinese(editing_client):
    zh = editing_client.get("/ogc/collections/parks/items?limit=0", headers=ZH).json()
    assert zh["code"] == "http.400" and chinese_ok(zh["detail"]), zh["detail"]
    missing = editing_client.get("/api/no-such-route", headers=ZH).json()
    assert missing["code"] == "http.404" and chinese_ok(missing["detail"])


def test_a_server_fault_is_told_in_chinese(editing_client, monkeypatch):
    from app.ogc import features

    async def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(features, "read_page", broken)
    page = "/ogc/collections/parks/items?offset=945001"  # built, not a kept answer
    zh = editing_client.get(page, headers=ZH)
    en = editing_client.get(page, headers=EN)
    assert zh.status_code == en.status_code == 500
    assert zh.json()["code"] == en.json()["code"] == "fault.unexpected"
    assert chinese_ok(zh.json()["detail"]) and zh.json()["request_id"] in zh.json()["detail"]
    assert english_ok(en.json()["detail"]) and "internal detail" not in zh.text + en.text
