"""Editing a firm in the map, in Chromium (issue 12, item 6): the same record editor as a
park's, driven by the enterprises layer's writable declaration — sign in, change a field of the
firm's profile, move its point, save; both are in /ogc/collections/enterprises/items and in
/api/history; restore returns it. A refused value is told in Chinese in the Chinese UI.
Screenshots (desktop, phone, English) in test-artifacts/."""

from __future__ import annotations

import httpx
import pytest

from tests.editing.test_editing_frontend import _page, _sign_in
from tests.editing.test_editing_language import chinese_ok

pytestmark = pytest.mark.browser

ITEMS = "/ogc/collections/enterprises/items"
NODE = "drive-motor"  # 电驱: its firms are listed when the node is chosen


def open_firm(page, server: str, fragment: str = "") -> str:
    """Open the 产业链 tab, choose the node, open its first firm's profile: the firm's id."""
    page.goto(f"{server}/#tab=chains{fragment}")
    page.wait_for_selector("body[data-chains-ready=true]", timeout=20_000)
    page.locator(f".chain-node-buttons button[data-node={NODE}]").evaluate("(b) => b.click()")
    firm = page.locator(".chain-detail [data-firm]").first
    firm.wait_for()
    firm_id = firm.get_attribute("data-firm")
    firm.click()
    page.wait_for_selector(f"[data-firm-profile='{firm_id}'] > .editing .last-change")
    return firm_id


def refused_only(errors: list[str]) -> bool:
    """The console's only errors are the refused write the test made (the browser logs 4xx)."""
    return [e for e in errors if "status of 422" not in e] == []


def history(server: str, firm_id: str) -> list[dict]:
    params = {"entity": "enterprises", "entity_id": firm_id}
    return httpx.get(f"{server}/api/history", params=params).json()["changes"]


def test_edit_a_firms_field_and_move_it_then_restore(browser, editing_server, artifacts):
    context, page = _page(browser, editing_server)
    try:
        firm_id = open_firm(page, editing_server)
        profile = page.locator(f"[data-firm-profile='{firm_id}']")
        assert profile.locator(".edit-move").count() == 0, "anonymous readers get no edit tools"
        before = httpx.get(f"{editing_server}{ITEMS}/{firm_id}").json()
        _sign_in(page, "chief")
        profile.locator(".edit-fields").wait_for()
        # The editor is the layer's: its fields as the server declares them, no boundary tool.
        assert profile.locator(".edit-draw").count() == 0

        # A refused value: the server's words, in Chinese.
        profile.locator(".edit-fields").click()
        profile.locator(".edit-form").wait_for()
        assert profile.locator(".edit-field[data-field=stage] select option").count() == 3
        profile.locator(".edit-field[data-field=signed_year] input").fill("1800")
        profile.locator(".edit-form .edit-reason").fill("测试：错误年份")
        profile.locator(".edit-form .edit-source").fill("测试")
        profile.locator(".edit-save").click()
        error = profile.locator(".edit-form .error[data-code='field.greater']")
        error.wait_for()
        assert chinese_ok(error.inner_text()) and "签约年份" in error.inner_text()
        error.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "editing-firm-error-zh-desktop.png"))

        # A field, saved: the profile shows it again with the new value.
        products = "测试产品：电驱动总成（测试数据）"
        profile.locator(".edit-field[data-field=signed_year] input").fill("")
        profile.locator(".edit-field[data-field=products] textarea").fill(products)
        profile.locator(".edit-save").click()
        page.wait_for_function(
            "(p) => document.querySelector('[data-firm-profile]')?.textContent.includes(p)"
            " && document.querySelector('[data-firm-profile] .history-list li')",
            arg=products,
            timeout=10_000,
        )
        item = httpx.get(f"{editing_server}{ITEMS}/{firm_id}").json()
        assert item["properties"]["products"] == products

        # Its point, moved on the map: dragged 80 px east.
        profile = page.locator(f"[data-firm-profile='{firm_id}']")
        profile.locator(".edit-move").click()
        marker = page.locator(".edit-point-marker")
        marker.wait_for()
        page.wait_for_timeout(300)  # the map settles where the marker is
        box = marker.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 9):
            page.mouse.move(x + 10 * step, y + 2 * step)
        page.mouse.up()
        page.wait_for_selector("#map[data-point-moved=true]")
        profile.locator(".location-form .edit-reason").fill("实地核实厂址（测试）")
        profile.locator(".location-form .edit-source").fill("测试踏勘记录")
        page.screenshot(path=str(artifacts / "editing-firm-move-desktop.png"))
        profile.locator(".location-save").click()
        page.wait_for_function(
            "() => document.querySelectorAll('[data-firm-profile] .history-list li').length >= 2",
            timeout=10_000,
        )
        moved = httpx.get(f"{editing_server}{ITEMS}/{firm_id}").json()
        assert moved["geometry"]["coordinates"][0] > before["geometry"]["coordinates"][0]
        assert moved["properties"]["location_precision"] == "surveyed_point"
        changes = history(editing_server, firm_id)
        assert [c["source"] for c in changes[:2]] == ["测试踏勘记录", "测试"]
        assert all(c["actor"] == "chief" for c in changes[:2])
        page.locator("[data-firm-profile] .history-list").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "editing-firm-saved-desktop.png"))

        # Restore the version before the field edit: the firm is what it was.
        first_edit = changes[1]["id"]
        entry = page.locator(f"[data-firm-profile] .history-list li[data-change-id='{first_edit}']")
        entry.locator(".restore-reason").fill("测试：撤销")
        entry.locator(".restore-button").click()
        page.wait_for_function(
            "() => document.querySelectorAll('[data-firm-profile] .history-list li').length >= 3",
            timeout=10_000,
        )
        restored = httpx.get(f"{editing_server}{ITEMS}/{firm_id}").json()
        assert restored["geometry"] == before["geometry"]
        assert restored["properties"]["products"] == before["properties"]["products"]
        assert (
            restored["properties"]["location_precision"]
            == before["properties"]["location_precision"]
        )
        assert history(editing_server, firm_id)[0]["action"] == "restore"
        assert refused_only(page.errors)
    finally:
        context.close()


def test_the_firm_editor_in_english_and_on_a_phone(browser, editing_server, artifacts):
    context, page = _page(browser, editing_server, locale="en-GB")
    try:
        firm_id = open_firm(page, editing_server, "&lang=en")
        _sign_in(page, "planner")
        profile = page.locator(f"[data-firm-profile='{firm_id}']")
        profile.locator(".edit-fields").click()
        profile.locator(".edit-form").wait_for()
        assert profile.locator(".editing h3").inner_text() == "Edit"
        assert "operating" in profile.locator(".edit-field[data-field=stage]").inner_text()
        profile.locator(".edit-field[data-field=investment_yi] input").fill("-1")
        profile.locator(".edit-form .edit-reason").fill("test")
        profile.locator(".edit-form .edit-source").fill("test")
        profile.locator(".edit-save").click()
        error = profile.locator(".edit-form .error[data-code='field.greater']")
        error.wait_for()
        assert "investment_yi must be greater than 0" in error.inner_text()
        error.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "editing-firm-fields-desktop-en.png"))
        assert refused_only(page.errors)
    finally:
        context.close()

    context, page = _page(browser, editing_server, viewport={"width": 390, "height": 844})
    try:
        firm_id = open_firm(page, editing_server)
        _sign_in(page, "planner")
        profile = page.locator(f"[data-firm-profile='{firm_id}']")
        profile.locator(".edit-fields").click()
        profile.locator(".edit-form").wait_for()
        profile.locator(".editing").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "editing-firm-phone.png"))
        assert page.errors == []
    finally:
        context.close()
