"""The 产业链 tab end to end in headless Chromium: the NEV-parts chain drawn with its statuses, a
click on a node colours the map by the districts that plan it and lists its parks and firms, a
firm's profile shows its sources and 位置示意, the pipeline filters and totals; no firm is drawn
as an exact point; English and phone layouts. Which districts plan a node is read from the
plan's text (四、空间布局), not from the API."""

import pytest
from frontend_helpers import DISTRICTS, PHONE, district_fills, foreign_requests, open_map
from plan_text import plan_districts_naming

pytestmark = pytest.mark.browser

LITERAL_FILL = "#2166ac"  # CHAIN_STYLE "literal" in frontend/src/map/styles.js
EDITORIAL_FILL = "#67a9cf"
RELATED_FILL = "#d1e5f0"


def open_chains(page, fragment: str = "tab=chains") -> None:
    open_map(page, fragment)
    page.wait_for_selector("body[data-chains-ready=true]", timeout=20_000)
    page.wait_for_selector(".chain-diagram svg")


def click_node(page, name: str) -> None:
    """Click the node's box in the ECharts diagram (its label text)."""
    page.locator(".chain-diagram svg text", has_text=name).first.click()
    page.wait_for_function(
        "(id) => document.body.dataset.chainNode === id", arg=node_id(page, name)
    )


def node_id(page, name: str) -> str:
    return page.locator(".chain-node-buttons button", has_text=name).first.get_attribute(
        "data-node"
    )


def test_clicking_a_node_colours_the_map_and_lists_parks_and_firms(page, client, artifacts):
    open_chains(page)
    statuses = page.locator(".chain-node-buttons button").evaluate_all(
        "(bs) => Object.fromEntries(bs.map((b) =>"
        " [b.textContent.split(' · ')[0], b.dataset.status]))"
    )
    api = client.get("/api/chains/icv-parts").json()
    assert statuses == {n["name"]: n["status"]["literal"]["status"] for n in api["nodes"]}
    assert statuses["汽车软件"] == "gap" and statuses["动力电池"] == "present"

    click_node(page, "动力电池")
    named = plan_districts_naming("动力电池")
    fills = district_fills(page)
    assert {DISTRICTS[a] for a, fill in fills.items() if fill == LITERAL_FILL} == named
    detail = page.locator(".chain-detail")
    assert "重庆弗迪锂电池有限公司" in detail.inner_text()
    # The node's firms are marked on the map, where they are placed (位置示意, dashed).
    hits = page.locator(".enterprise-place.enterprise-hit")
    assert hits.count() >= 1
    page.screenshot(path=artifacts / "chains-desktop.png")
    detail.screenshot(path=artifacts / "chains-node.png")

    # A gap: no district's entry names it; editorially the closest plans show, not coloured as
    # planning it on the literal basis.
    click_node(page, "汽车软件")
    assert "没有区县的四、空间布局条目点名该环节" in detail.inner_text()
    fills = district_fills(page)
    assert LITERAL_FILL not in fills.values()
    # The closest plans (智能座舱, 智能驾驶, 智能车控 are only related to 汽车软件) are tinted.
    closest = {
        d["name"] for d in next(n for n in api["nodes"] if n["name"] == "汽车软件")["districts"]
    }
    assert {DISTRICTS[a] for a, f in fills.items() if f == RELATED_FILL} == closest
    page.screenshot(path=artifacts / "chains-gap.png")

    # 驱动电机: a gap in the plan's words, present through 电驱 ≈ 驱动电机 (editorial).
    click_node(page, "驱动电机")
    page.get_by_label("含编者等同关系").check()
    page.wait_for_function(
        "() => document.querySelector('.chain-node-buttons [data-node=drive-motor]')"
        "?.dataset.status === 'present'"
    )
    fills = district_fills(page)
    assert {DISTRICTS[a] for a, f in fills.items() if f == EDITORIAL_FILL} == plan_districts_naming(
        "电驱"
    )
    assert "编者" in detail.inner_text()

    # A firm's profile: its sources and its indicative location.
    detail.locator("[data-firm]", has_text="重庆青山工业").first.click()
    profile = page.locator("[data-firm-profile]")
    profile.wait_for()
    profile.screenshot(path=artifacts / "chains-firm.png")
    text = profile.inner_text()
    assert "位置示意" in text and "不是厂址" in text
    api_firm = client.get(f"/api/enterprises/{profile.get_attribute('data-firm-profile')}").json()
    assert profile.locator(".firm-sources li").count() == len(api_firm["sources"])
    assert not page.console_errors and not foreign_requests(page)


def test_no_firm_without_a_sourced_coordinate_is_drawn_as_an_exact_point(page, client):
    open_chains(page)
    places = page.locator("[data-enterprise-place]").evaluate_all(
        "(els) => els.map((e) => ({approximate: e.dataset.locationApproximate,"
        " firms: e.dataset.firms, dashed: getComputedStyle(e).borderStyle}))"
    )
    firms = client.get("/api/enterprises").json()["features"]
    assert sum(len(p["firms"].split(",")) for p in places) == len(firms) == 74
    assert all(p["approximate"] == "true" and p["dashed"] == "dashed" for p in places)
    # Firms placed at their park or district share one marker with the others there.
    at = {}
    for f in firms:
        at.setdefault(tuple(f["geometry"]["coordinates"]), []).append(f["id"])
    assert len(places) == len(at) < len(firms)
    # A click on a place lists its firms (there is no point per firm to click).
    crowded = max(places, key=lambda p: len(p["firms"].split(",")))
    page.locator(f"[data-firms='{crowded['firms']}']").click(force=True)
    listed = page.locator(".chain-detail [data-firm]").evaluate_all(
        "(els) => els.map((e) => e.dataset.firm)"
    )
    assert listed == crowded["firms"].split(",")


def test_pipeline_filters_and_totals(page, client, artifacts):
    open_chains(page)
    table = page.locator(".pipeline-table")
    table.wait_for()
    assert table.locator("tbody tr").count() == 74
    page.locator(".pipeline-filter select[name=district]").select_option("500120")
    page.locator(".pipeline-filter select[name=stage]").select_option("signed")
    page.wait_for_function("() => document.querySelector('.pipeline').dataset.projects !== '74'")
    api = client.get("/api/pipeline", params={"district": "500120", "stage": "signed"}).json()
    assert table.locator("tbody tr").count() == len(api["projects"])
    total = table.locator("tfoot [data-total]").get_attribute("data-total")
    assert float(total) == api["totals"]["all"]["investment_yi"]
    assert "无法按计划口径测度" in page.locator(".annual-target").inner_text()
    page.locator(".pipeline").screenshot(path=artifacts / "chains-pipeline.png")


def test_english_and_phone(new_page, artifacts):
    page = new_page()
    open_chains(page, "tab=chains&lang=en")
    click_node(page, "Power batteries")
    assert "Districts that plan it" in page.locator(".chain-detail").inner_text()
    page.screenshot(path=artifacts / "chains-english.png")
    phone = new_page(viewport=PHONE)
    open_chains(phone, "tab=chains&node=smart-cockpit&mode=chain")
    phone.locator(".chain-diagram").scroll_into_view_if_needed()
    phone.screenshot(path=artifacts / "chains-phone.png", full_page=False)
    assert phone.locator(".chain-detail").inner_text().startswith("智能座舱")


def test_the_tab_prints_the_map_then_the_chain(page, artifacts):
    open_chains(page, "tab=chains&node=power-battery&mode=chain")
    page.wait_for_function("() => document.body.dataset.chainNode === 'power-battery'")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("body.print-layout").count() == 1
    assert page.locator(".chain-diagram svg").is_visible()
    assert page.locator(".pipeline-table").is_visible()
    assert not page.locator("#tab-siting-panel").is_visible()
    assert page.locator("#print-title").inner_text() == "渝西产业链图谱：已有环节、规划与缺口"
    assert "企业与项目：公开来源汇编" in page.locator("#print-sources").inner_text()
    page.screenshot(path=artifacts / "chains-print.png", full_page=True)
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
