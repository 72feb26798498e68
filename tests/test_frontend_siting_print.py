"""In Chromium: the printed 选址 page lists the ranked candidates beside the map with the
same numbers as the markers, and a park profile shows clean fields in the reader's language
with the research record behind “数据说明 / Data notes”. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from frontend_helpers import PHONE, open_map

pytestmark = pytest.mark.browser

QUERY = f"mode=siting&tab=siting&site={quote('电池包')}&mu=300&near={quote('中心城区')}"


def test_the_printed_page_lists_the_numbered_candidates_beside_the_map(page, client, artifacts):
    answer = client.get(
        "/api/site-selection", params={"industry": "电池包", "area_mu": 300, "near": "中心城区"}
    ).json()
    open_map(page, QUERY)
    page.wait_for_selector(".candidate-parks > li")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    listed = page.locator("#print-candidates .print-candidate-list > li")
    listed.first.wait_for()
    assert listed.count() == len(answer["parks"])
    for item, park in zip(listed.all(), answer["parks"], strict=True):
        assert item.get_attribute("data-park-id") == park["id"]
        assert item.locator(".print-rank").inner_text() == str(park["rank"])
        text = item.inner_text()
        assert park["name"] in text and park["district"] in text and f"{park['score']:g}" in text
    # The markers on the printed map carry the same numbers.
    markers = dict(page.locator(".candidate-marker").evaluate_all(
        "(ms) => ms.map((m) => [m.dataset.parkId, m.textContent])"))  # fmt: skip
    assert markers == {p["id"]: str(p["rank"]) for p in answer["parks"] if p["lon"] is not None}
    # Beside the map, not below it.
    map_box = page.locator("#map").bounding_box()
    list_box = page.locator("#print-candidates").bounding_box()
    assert list_box["x"] >= map_box["x"] + map_box["width"] - 1
    assert abs(list_box["y"] - map_box["y"]) < 5
    page.screenshot(path=str(artifacts / "siting-print-page.png"), full_page=True)
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    (artifacts / "siting-print-page.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("lang", "notes", "level"),
    [("zh", "数据说明", "市级高新区"), ("en", "Data notes", "Municipal high-tech zone")],
)
def test_a_park_profile_shows_clean_fields_and_notes_behind_a_disclosure(
    new_page, artifacts, lang, notes, level
):
    for name, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", PHONE)):
        page = new_page(viewport=viewport)
        open_map(page, f"park=tongliang-hitech-zone&lang={lang}")
        profile = page.locator(".park-profile")
        profile.wait_for()
        facts = profile.locator(":scope > dl.facts").inner_text()
        assert level in facts and "海辰储能重庆制造基地" in facts
        # Research notes, evidence strings and sources are folded away.
        disclosure = profile.locator("details.data-notes")
        assert disclosure.locator("summary").inner_text() == notes
        assert not disclosure.evaluate("(d) => d.open")
        assert "2018年重庆日报" not in facts and "http" not in facts
        assert "未由来源确认" not in facts
        disclosure.locator("summary").click()
        assert "2018年重庆日报" in disclosure.inner_text()
        assert disclosure.locator("ol.sources a").count() >= 4
        # No internal file paths anywhere in the profile.
        assert not re.search(r"(geodata/|/work/|\.ya?ml\b|SOURCE\.json)", profile.inner_text())
        page.locator("#panel").screenshot(path=str(artifacts / f"park-profile-{lang}-{name}.png"))
        assert page.console_errors == []
