"""The side panel in headless Chromium: district and park profiles as the plan and the park
records give them, find by industry, search (Chinese and pinyin) and the dashboard (site selection:
test_frontend_siting.py). Expected values are taken from the plan text (四、空间布局)."""

from urllib.parse import unquote

import pytest
from frontend_helpers import DISTRICTS, district_fills, foreign_requests, open_map

pytestmark = pytest.mark.browser

ROLE_NONE = "#f4f4f4"


def names_of(adcodes) -> set[str]:
    return {DISTRICTS[a] for a in adcodes}


def test_clicking_jiangjin_shows_its_target_and_industries_as_in_the_plan(page, artifacts):
    open_map(page)
    page.locator("path[data-adcode='500116']").click()
    profile = page.locator(".district-profile[data-adcode='500116']")
    profile.wait_for()
    assert profile.locator("h2").inner_text() == "江津区"
    # 四、（一）"到 2027 年，规模以上工业企业实现营业收入 3000 亿元" — 3000 of 14000 is 21.43%.
    assert profile.locator(".target-value").inner_text() == "3000 亿元"
    assert "21.43%" in profile.locator(".target-share").inner_text()
    assert "1.4 万亿元" in profile.locator(".target-share").inner_text()
    leading = profile.locator(".industries.leading > li")
    assert leading.locator(".industry-name").all_inner_texts() == [
        "智能网联新能源汽车整车与零部件",
        "新能源技术装备产品",
    ]
    segments = leading.first.locator(".chip").all_inner_texts()
    assert segments == ["电驱", "电转向", "智能座舱"]
    assert leading.first.locator(".chip-etc").inner_text() == "等"
    specialty = profile.locator("h3:has-text('特色产业') + .chips .chip").all_inner_texts()
    assert specialty == ["航空航天器及设备制造", "农机装备", "精密铜材", "酒水饮料"]
    assert "3000 亿元" in profile.locator(".plan-text").inner_text()
    # Links to its data; the download is its GeoJSON feature.
    with page.expect_download() as download:
        profile.get_by_text("下载本区 GeoJSON").click()
    assert download.value.suggested_filename == "500116-江津区.geojson"
    assert profile.locator("a[href='/api/districts']").count() == 1
    assert profile.locator("a[href='/districts/500116/print']").count() == 1
    assert "district=500116" in page.url
    page.screenshot(path=str(artifacts / "frontend_jiangjin.png"))
    assert page.console_errors == []


def test_a_newcomer_finds_yongchuans_target_and_bishans_parks(page, client):
    open_map(page)
    row = page.locator(".district-row[data-adcode='500118']")
    assert "永川区" in row.inner_text() and "3300 亿元" in row.inner_text()
    page.locator(".district-row[data-adcode='500120']").click()
    profile = page.locator(".district-profile[data-adcode='500120']")
    profile.wait_for()
    expected = [p["name"] for p in client.get("/api/districts/500120").json()["parks"]]
    assert expected
    assert profile.locator(".park-list button").all_inner_texts() == expected


def test_park_profile_shows_level_industries_area_and_how_precise_its_location_is(page):
    open_map(page, "district=500116")
    page.locator(".park-list button[data-park-id='jiangjin-bonded-zone']").click()
    profile = page.locator(".park-profile[data-park-id='jiangjin-bonded-zone']")
    profile.wait_for()
    text = profile.inner_text()
    assert profile.locator("h2").inner_text() == "重庆江津综合保税区"
    assert "位置示意" in profile.locator(".badge-approximate").inner_text()
    for label in ("级别", "产业", "面积", "位置"):
        assert label in profile.locator(":scope > dl.facts > dt").all_inner_texts()
    # Sources and research notes sit behind “数据说明”.
    assert "来源" in profile.locator("details.data-notes dt").all_text_contents()
    assert "综合保税区" in text and "2.21 平方公里" in text
    assert "所在镇街驻地" in text  # location precision: town seat
    assert profile.locator(".sources a").count() >= 1
    # A park without a location is listed and described, not drawn.
    page.locator(".back-row button", has_text="江津区").click()
    page.locator(".park-list button[data-park-id='jiangjin-industrial-park']").click()
    page.wait_for_selector(".park-profile[data-park-id='jiangjin-industrial-park']")
    assert "位置未知，未在地图上绘制" in page.locator(".park-profile").inner_text()
    assert page.locator("path[data-park-id='jiangjin-industrial-park']").count() == 0
    assert page.console_errors == []


def test_power_batteries_highlight_exactly_the_districts_the_plan_gives_them_to(page, artifacts):
    # 四、（五）璧山、（六）铜梁、（八）荣昌: 动力电池; （七）潼南: 动力电池及材料.
    expected = {"璧山区", "铜梁区", "潼南区", "荣昌区"}
    open_map(page)
    page.get_by_role("tab", name="按产业找").click()
    page.locator(".chip[data-term='动力电池']").click()
    page.wait_for_selector(".find-districts")
    fills = district_fills(page)
    assert names_of(a for a, fill in fills.items() if fill != ROLE_NONE) == expected
    listed = page.locator(".find-districts > li").evaluate_all(
        "(items) => items.map((i) => i.dataset.adcode)"
    )
    assert names_of(listed) == expected
    assert "4 个区" in page.locator(".find-title").inner_text()
    assert "industry=动力电池" in unquote(page.url) and "mode=role" in page.url
    assert "“动力电池”的产业定位" in page.locator(".legend-control").inner_text()
    assert page.locator(".chip[data-term='动力电池']").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(artifacts / "frontend_power_batteries.png"))
    assert page.console_errors == []


def test_find_by_cluster_industry_and_free_text(page):
    open_map(page, "tab=find")
    # A cluster: 食品及农产品加工 — 合川区 leads with 重庆火锅食材.
    page.locator(".chip[data-term='食品及农产品加工']").click()
    page.wait_for_selector(".find-districts li[data-adcode='500117'][data-role='leading']")
    # An industry chosen from the list: 预制菜 is 潼南区's specialty only.
    page.select_option("#find-industry", "预制菜")
    page.wait_for_selector(".find-title:has-text('预制菜')")
    rows = page.locator(".find-districts > li")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-adcode") == "500152"
    assert rows.first.get_attribute("data-role") == "specialty"
    # Free text, submitted with Enter: 智能座舱 is a focus segment of 江津区 and 永川区.
    page.fill("#find-input", "智能座舱")
    page.press("#find-input", "Enter")
    page.wait_for_selector(".find-title:has-text('智能座舱')")
    found = page.locator(".find-districts > li").evaluate_all(
        "(items) => items.map((i) => [i.dataset.adcode, i.dataset.role])"
    )
    assert found == [["500116", "segment"], ["500118", "segment"]]
    # Something the plan does not name.
    page.fill("#find-input", "航母")
    page.press("#find-input", "Enter")
    page.wait_for_selector(".find-none")
    assert set(district_fills(page).values()) == {ROLE_NONE}
    # Clearing returns to the 2027-target colouring.
    page.get_by_role("button", name="清除").click()
    page.wait_for_function("() => !location.hash.includes('mode=role')")
    assert ROLE_NONE not in district_fills(page).values()
    assert page.console_errors == []


def test_search_finds_a_park_by_name_and_by_pinyin_with_the_keyboard(page, artifacts):
    open_map(page)
    page.keyboard.press("/")  # focuses the search box
    assert page.evaluate("() => document.activeElement.id") == "search-input"
    page.keyboard.type("双福")
    option = page.locator(".search-option[data-id='jiangjin-shuangfu-park']")
    option.wait_for()
    assert "园区" in option.locator(".type-badge").inner_text()
    page.screenshot(path=str(artifacts / "frontend_search.png"))
    page.keyboard.press("ArrowDown")
    first = page.locator(".search-option").first
    assert first.get_attribute("aria-selected") == "true"
    assert page.get_attribute("#search-input", "aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_selector(".park-profile[data-park-id='jiangjin-shuangfu-park']")
    assert "park=jiangjin-shuangfu-park" in page.url
    # Pinyin typed on a Latin keyboard.
    page.fill("#search-input", "zonghebaoshui")
    option = page.locator(".search-option[data-id='jiangjin-bonded-zone']")
    option.wait_for()
    assert option.locator(".search-match").inner_text() == "拼音"
    option.click()
    page.wait_for_selector(".park-profile[data-park-id='jiangjin-bonded-zone']")
    # A district by pinyin, and Escape closes the list.
    page.fill("#search-input", "bishan")
    page.wait_for_selector(".search-option[data-id='500120']")
    page.keyboard.press("Escape")
    assert page.locator("#search-results").is_hidden()
    assert page.console_errors == []


def test_dashboard_shows_the_plan_at_a_glance(page, client, artifacts):
    open_map(page)
    page.get_by_role("tab", name="数据看板").click()
    dashboard = page.locator("#tab-dashboard-panel[data-ready=true]")
    dashboard.wait_for()
    assert "1.4 万亿元" in dashboard.locator(".headline").inner_text()
    clusters = dashboard.locator(".cluster-bars").inner_text()
    assert "智能网联新能源汽车零部件" in clusters and "4000 亿元" in clusters
    # Full names, never cut short ("…").
    assert "…" not in clusters and "智能网联新能源汽车细分产品" in clusters.replace("\n", "")
    districts = dashboard.locator(".district-bars").inner_text()
    assert all(name in districts for name in DISTRICTS.values()) and "3300 亿元" in districts
    # The clusters' targets overlap: their sum (from the plan's data) exceeds the region's.
    cluster_sum = sum(c["revenue_target_2027"] for c in client.get("/api/clusters").json())
    total = client.get("/api/plan").json()["region_revenue_target"]
    assert cluster_sum > total
    note = dashboard.locator(".overlap-note").inner_text()
    assert f"{cluster_sum:g} 亿元" in note and f"{total:g} 亿元" in note
    # The districts sort by target, and each bar is a button that opens its district.
    dashboard.locator("[data-order=target]").click()
    first = dashboard.locator(".district-bars .district-row").first
    assert first.get_attribute("data-adcode") == "500118"  # 永川, 3300
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".district-profile[data-adcode='500118']")
    page.get_by_role("tab", name="数据看板").click()
    # A cluster's bar shows where the plan places it (find by industry, the map by role).
    dashboard.locator(".cluster-bars .district-row").first.press("Enter")
    page.wait_for_selector("#tab-find-panel .find-districts")
    assert "mode=role" in page.url and "industry=" in page.url
    page.get_by_role("tab", name="数据看板").click()
    kpis = dashboard.locator(".kpis").first.inner_text()
    for value in ("87%", "65%", "≥ 2%", "约 35%", "75 亿元/平方公里"):
        assert value in kpis
    assert "tab=dashboard" in page.url
    page.screenshot(path=str(artifacts / "frontend_dashboard.png"))
    assert page.console_errors == []
    assert foreign_requests(page) == []
