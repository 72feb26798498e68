"""Editing in the map, in Chromium (issue 12, item 6): sign in, draw a boundary, save it, see it
in /ogc/collections/parks/items and in the history, restore the previous version; the import
wizard's dry run with its report. Screenshots (desktop, phone, English) in test-artifacts/."""

from __future__ import annotations

import httpx
import pytest

from tests.editing.conftest import PASSWORD

pytestmark = pytest.mark.browser

PARK = "jiangjin-degan-park"
ITEMS = "/ogc/collections/parks/items"


def _page(browser, server, **options):
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 800},
                                      "locale": "zh-CN"} | options))  # fmt: skip
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    return context, page


def _sign_in(page, username: str) -> None:
    page.click("#signin-button")
    page.fill("#signin-username", username)
    page.fill("#signin-password", PASSWORD)
    page.click("#signin-submit")
    page.wait_for_selector("#signout-button")


def test_sign_in_draw_save_see_and_restore(browser, editing_server, artifacts):
    context, page = _page(browser, editing_server)
    try:
        page.goto(f"{editing_server}/#park={PARK}")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        page.wait_for_selector(".editing .last-change")
        assert page.locator(".edit-draw").count() == 0, "anonymous readers get no edit tools"
        _sign_in(page, "chief")
        page.click(".edit-draw")
        page.wait_for_selector(".leaflet-container.drawing")
        box = page.locator("#map").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        corners = [(-70, -50), (70, -50), (70, 50), (-70, 50), (-70, -50)]
        for dx, dy in corners:
            page.mouse.click(cx + dx, cy + dy)
            page.wait_for_timeout(150)
        page.wait_for_selector("#map[data-boundary-drawn=true]")
        page.fill(".boundary-form .edit-reason", "区规划局提供实测边界（测试）")
        page.fill(".boundary-form .edit-source", "测试测绘成果")
        page.screenshot(path=str(artifacts / "editing-draw-desktop.png"))
        page.click(".boundary-save")
        page.wait_for_selector(".history-list li", timeout=10_000)

        item = httpx.get(f"{editing_server}{ITEMS}/{PARK}").json()
        assert item["geometry"]["type"] == "MultiPolygon"
        assert item["properties"]["location_precision"] == "surveyed_boundary"
        page.wait_for_function(
            "() => document.querySelector('.last-change')?.textContent.includes('chief')"
        )
        assert "测试测绘成果" in page.locator(".history-list li").first.inner_text()
        page.screenshot(path=str(artifacts / "editing-saved-desktop.png"))

        page.fill(".history-list li >> nth=0 >> .restore-reason", "测试：撤销")
        page.click(".history-list li >> nth=0 >> .restore-button")
        page.wait_for_function(
            "() => document.querySelectorAll('.history-list li').length >= 2", timeout=10_000
        )
        restored = httpx.get(f"{editing_server}{ITEMS}/{PARK}").json()
        assert restored["geometry"]["type"] == "Point"
        assert restored["properties"]["location_precision"] == "town_seat"
        assert page.errors == []
    finally:
        context.close()


def test_import_wizard_and_english_and_phone_screens(browser, editing_server, artifacts, tmp_path):
    csv_path = tmp_path / "parks.csv"
    csv_path.write_text(
        "name,district_adcode,sources,area_km2_min,lon,lat\n"
        "向导园区（测试数据）,500118,test,1.5,105.93,29.35\n"
        "坏园区（测试数据）,500118,test,很大,105.93,29.36\n",
        encoding="utf-8",
    )
    context, page = _page(browser, editing_server)
    try:
        page.goto(f"{editing_server}/#tab=import")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        _sign_in(page, "planner")
        page.set_input_files("#import-file", str(csv_path))
        page.click(".import-check")
        page.wait_for_selector(".import-errors")
        assert "很大" in page.locator(".import-errors").inner_text()
        page.screenshot(path=str(artifacts / "editing-import-report-desktop.png"))
        assert page.errors == []
    finally:
        context.close()

    context, page = _page(browser, editing_server, locale="en-GB")
    try:
        page.goto(f"{editing_server}/#lang=en&park=jiangjin-shuangfu-park")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        _sign_in(page, "planner")
        page.wait_for_selector(".edit-fields")
        page.click(".edit-fields")
        page.wait_for_selector(".edit-form")
        assert page.locator(".editing h3").inner_text() == "Edit"
        page.screenshot(path=str(artifacts / "editing-fields-desktop-en.png"))
        page.fill(".edit-field[data-field=area_km2_min] input", "-5")
        page.fill(".edit-form .edit-reason", "test")
        page.fill(".edit-form .edit-source", "test")
        page.click(".edit-save")
        page.wait_for_function(
            "() => document.querySelector('.edit-form .error')?.textContent.includes('greater')"
        )
        page.screenshot(path=str(artifacts / "editing-fields-error-desktop-en.png"))
    finally:
        context.close()

    context, page = _page(browser, editing_server, viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{editing_server}/#park=jiangjin-shuangfu-park")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        _sign_in(page, "planner")
        page.wait_for_selector(".edit-draw")
        page.locator(".editing").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "editing-profile-phone.png"))
        page.goto(f"{editing_server}/#tab=import")
        page.wait_for_selector(".import-form")
        page.screenshot(path=str(artifacts / "editing-import-phone.png"), full_page=True)
        assert page.errors == []
    finally:
        context.close()
