"""The 选址 (site selection) panel end to end in headless Chromium: a promoter types an industry
and the land needed, gets a ranked and explained shortlist on the map in under a second, opens
the candidates' profiles, sends the list on as a file and shares the query as a link.
Which districts come first is read from the plan's text (四、空间布局), not from the API."""

import csv
import io
import json
import time
from urllib.parse import unquote

import pytest
from frontend_helpers import DISTRICTS, PHONE, district_fills, foreign_requests, open_map
from plan_text import plan_districts_naming

pytestmark = pytest.mark.browser

ANSWER_BUDGET_S = 1.0
NAMED_FILL = "#74c476"  # SITING_STYLE "named" in frontend/src/map/styles.js
SEARCH = "/api/site-selection"


def panel(page):
    """The 选址 tab's panel (other panels have fields of the same names)."""
    return page.locator("#tab-siting-panel")


def ask(page, industry: str, area: str = "", **fields) -> float:
    """Fill the form through its labels, submit, and return seconds until the answer shows."""
    panel(page).get_by_label("产业、细分领域或产品").fill(industry)
    panel(page).get_by_label("用地面积（亩）").fill(area)
    if "district" in fields:
        panel(page).get_by_label("区县").select_option(fields["district"])
    started = time.perf_counter()
    page.get_by_role("button", name="推荐").click()
    page.wait_for_selector(
        ".siting-results .siting-title, .siting-results .find-none, .field-error:visible"
    )
    return time.perf_counter() - started


def shown_in_seconds(page) -> float:
    """The page's own measure of the last answer: submit → answer shown (performance.measure);
    the test driver's round trips on top of it depend on how loaded the machine is."""
    ms = page.evaluate("() => performance.getEntriesByName('site-selection').at(-1).duration")
    return ms / 1000


def listed(page, kind: str) -> list[dict]:
    """The candidates listed in the panel, in order: their data attributes."""
    return page.locator(f".candidate-{kind} > li").evaluate_all(
        "(items) => items.map((i) => ({...i.dataset}))"
    )


def test_power_batteries_on_300_mu_give_an_explained_shortlist_on_the_map(page, client, artifacts):
    named = plan_districts_naming("动力电池")
    assert named == {"璧山区", "铜梁区", "潼南区", "荣昌区"}
    open_map(page, "tab=siting")
    seconds = ask(page, "动力电池", "300")
    in_page_ms = page.evaluate(
        "() => performance.getEntriesByName('site-selection').at(-1).duration"
    )
    print(
        f"site selection: {seconds * 1000:.0f} ms from submit to results shown "
        f"({in_page_ms:.0f} ms measured in the page)"
    )
    # The page's own measure (submit → answer shown) is what the promoter waits; the driver's
    # round trips on top of it depend on how loaded the machine is.
    assert in_page_ms / 1000 < ANSWER_BUDGET_S

    # The parks of the districts the plan names come first, then the others.
    parks = listed(page, "parks")
    assert len(parks) >= 4
    districts_of_parks = [DISTRICTS[p["adcode"]] for p in parks]
    assert set(districts_of_parks[:4]) <= named
    first_other = next(i for i, d in enumerate(districts_of_parks) if d not in named)
    assert all(d not in named for d in districts_of_parks[first_other:])
    assert [int(p["rank"]) for p in parks] == list(range(1, len(parks) + 1))
    ranked_districts = [DISTRICTS[d["adcode"]] for d in listed(page, "districts")]
    assert set(ranked_districts[:4]) == named

    # Every candidate is explained, in Chinese; the plan's rule 三、（一） is cited.
    for item in page.locator(".candidates > li").all():
        reasons = item.locator(":scope > .siting-reasons > li")
        assert reasons.count() >= 1
        assert reasons.first.is_visible() and reasons.first.inner_text().strip()
    first_reason = page.locator(".candidate-parks > li").first.locator(".siting-reasons li").first
    assert "动力电池" in first_reason.inner_text() and "细分领域" in first_reason.inner_text()
    notice = page.locator(".notice[data-code='plan_rule_icnev_parts']")
    assert "三、（一）" in notice.inner_text()

    # Located candidates are numbered markers on the map; indicative ones dashed and marked.
    api = client.get(SEARCH, params={"industry": "动力电池", "area_mu": 300}).json()
    assert [p["id"] for p in api["parks"]] == [p["parkId"] for p in parks]
    located = {p["id"]: p for p in api["parks"] if p["lon"] is not None}
    markers = page.locator(".candidate-marker").evaluate_all(
        "(ms) => ms.map((m) => [m.dataset.parkId, m.textContent, "
        "m.classList.contains('candidate-approximate')])"
    )
    assert {m[0] for m in markers} == set(located)
    for park_id, number, dashed in markers:
        assert number == str(located[park_id]["rank"])
        assert dashed == located[park_id]["location_approximate"]
    for park in api["parks"]:
        item = page.locator(f".candidate-parks > li[data-park-id='{park['id']}']")
        assert (item.locator(".badge-approximate").count() == 1) == park["location_approximate"]
    # Candidate districts are tinted, the legend follows.
    fills = district_fills(page)
    assert {DISTRICTS[a] for a, fill in fills.items() if fill == NAMED_FILL} == named
    assert "“动力电池”选址候选" in page.locator(".legend-control").inner_text()
    assert page.locator("input[name=map-mode][value=siting]").is_checked()

    page.screenshot(path=str(artifacts / "frontend_siting_desktop.png"))
    page.locator(".siting-exports").evaluate("(e) => e.scrollIntoView({ block: 'start' })")
    page.screenshot(path=str(artifacts / "frontend_siting_desktop_list.png"))
    assert page.console_errors == []
    assert foreign_requests(page) == []


@pytest.mark.parametrize(("term", "area"), [("预制菜", "300"), ("智能座舱", "300")])
def test_the_promoters_other_terms(page, term, area):
    named = plan_districts_naming(term)
    assert named
    open_map(page, "tab=siting")
    ask(page, term, area)
    assert shown_in_seconds(page) < ANSWER_BUDGET_S
    districts = [DISTRICTS[d["adcode"]] for d in listed(page, "districts")]
    assert set(districts[: len(named)]) == named
    assert DISTRICTS[listed(page, "parks")[0]["adcode"]] in named
    assert page.console_errors == []


def test_clicking_candidates_opens_their_profiles_and_pans_the_map(page, client):
    open_map(page, "tab=siting")
    ask(page, "动力电池", "300")
    api = client.get(SEARCH, params={"industry": "动力电池", "area_mu": 300}).json()
    park = next(p for p in api["parks"] if p["lon"] is not None and p["rank"] > 1)
    page.locator(f".candidate-parks > li[data-park-id='{park['id']}'] .candidate-name").click()
    profile = page.locator(f".park-profile[data-park-id='{park['id']}']")
    profile.wait_for()
    assert profile.locator("h2").inner_text() == park["name"]
    # The map pans to it: the view in the URL is centred on the park.
    page.wait_for_function(
        """([lon, lat]) => {
            const view = location.hash.match(/map=[^/]*\\/([^/]*)\\/([^&]*)/);
            return view && Math.abs(view[1] - lat) < 0.01 && Math.abs(view[2] - lon) < 0.01;
        }""",
        arg=[park["lon"], park["lat"]],
    )
    marker = page.locator(f".candidate-marker[data-park-id='{park['id']}']")
    assert "candidate-active" in marker.get_attribute("class")
    # Back to the list, which is still there; a district of the ranking opens its profile.
    page.get_by_role("button", name="← 返回选址结果").click()
    assert page.locator(".candidate-parks").is_visible()
    page.locator(".candidate-districts > li[data-adcode='500120'] .candidate-name").click()
    page.wait_for_selector(".district-profile[data-adcode='500120']")
    # A marker on the map opens its park too (here with the keyboard).
    page.get_by_role("tab", name="选址").click()
    marker.focus()
    page.keyboard.press("Enter")
    profile.wait_for()
    assert page.console_errors == []


def test_english_shows_the_reasons_in_english(page, client):
    open_map(page, "tab=siting")
    ask(page, "动力电池", "300")
    page.get_by_role("button", name="Switch to English").click()
    page.wait_for_selector("h2:has-text('Site selection')")
    page.wait_for_selector(".candidate-parks")
    api = client.get(SEARCH, params={"industry": "动力电池", "area_mu": 300}).json()
    first = page.locator(".candidate-parks > li").first
    assert (
        first.locator(".siting-reasons li")
        .first.inner_text()
        .startswith(api["parks"][0]["reasons"][0]["en"])
    )
    assert "focus segment" in first.inner_text()
    assert "Plan section 3.1" in page.locator(".notice").first.inner_text()
    assert page.locator(".siting-exports").inner_text().startswith("Send it on")
    assert "Candidates for “动力电池”" in page.locator(".legend-control").inner_text()
    # The form speaks English too and keeps the query.
    assert panel(page).get_by_label("Land needed (mu)").input_value() == "300"
    assert page.console_errors == []


def test_a_bad_area_shows_the_field_error_and_no_results(page, artifacts):
    open_map(page, "tab=siting")
    ask(page, "动力电池", "-5")
    error = page.locator("#siting-area-error")
    assert error.is_visible()
    # The form's own words and the server's, both in the reader's language (no pydantic English).
    assert "亩数" in error.inner_text() and "应大于 0" in error.inner_text()
    assert "greater than" not in error.inner_text()
    area = panel(page).get_by_label("用地面积（亩）")
    assert area.get_attribute("aria-invalid") == "true"
    assert area.get_attribute("aria-describedby") == "siting-area-error"
    assert page.evaluate("() => document.activeElement.id") == "siting-area"
    assert page.locator(".candidates").count() == 0
    assert page.locator(".candidate-marker").count() == 0
    page.locator("#tab-siting-panel").screenshot(path=str(artifacts / "frontend_siting_error.png"))
    # A distance with nothing to measure it from: the error stands by the distance.
    ask(page, "动力电池", "300")
    panel(page).get_by_label("最远距离（公里）").fill("50")
    page.get_by_role("button", name="推荐").click()
    page.locator("#siting-km-error").wait_for()
    assert page.locator("#siting-area-error").is_hidden()
    assert page.locator(".candidates").count() == 0
    # No industry at all: said before anything is asked.
    panel(page).get_by_label("产业、细分领域或产品").fill("")
    page.get_by_role("button", name="推荐").click()
    assert page.locator("#siting-industry-error").is_visible()
    # The browser logs each 422 as a failed resource load; the page itself raised nothing.
    assert page.console_errors
    assert all("status of 422" in e for e in page.console_errors), page.console_errors


def test_the_list_goes_out_as_csv_geojson_and_an_offline_map(page):
    open_map(page, "tab=siting")
    ask(page, "动力电池", "300")
    first = listed(page, "parks")[0]
    links = page.locator(".siting-exports a")
    assert links.count() == 3
    for link in links.all():
        assert link.get_attribute("download", timeout=1000).startswith("site-selection-动力电池.")
    csv_href = page.locator(".siting-exports a[data-format=csv]").get_attribute("href")
    assert "industry=" in csv_href and "area_mu=300" in csv_href
    response = page.request.get(page.base_url + csv_href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
    assert "lang=zh" in csv_href, "the file comes in the reader's language"
    assert rows[0]["编号"] == first["parkId"] and rows[0]["名次"] == "1"
    assert len([r for r in rows if r["类型"] == "推荐园区"]) == len(listed(page, "parks"))
    geojson_href = page.locator(".siting-exports a[data-format=geojson]").get_attribute("href")
    collection = json.loads(page.request.get(page.base_url + geojson_href).body())
    assert collection["type"] == "FeatureCollection"
    html_href = page.locator(".siting-exports a[data-format=html]").get_attribute("href")
    assert "<html" in page.request.get(page.base_url + html_href).text().lower()
    # The printable profiles of the candidates.
    print_href = (
        page.locator(".candidate-parks > li").first.locator("a.print-link").get_attribute("href")
    )
    assert print_href == f"/parks/{first['parkId']}/print"
    assert page.request.get(page.base_url + print_href).ok
    district_print = page.locator(".candidate-districts > li").first.locator("a.print-link")
    assert page.request.get(page.base_url + district_print.get_attribute("href")).ok
    with page.expect_download() as download:
        page.locator(".siting-exports a[data-format=csv]").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert page.console_errors == []
    assert foreign_requests(page) == []


def test_a_permalink_restores_the_query_and_its_results(page, new_page):
    open_map(page, "tab=siting")
    panel(page).get_by_label("国家级").check()
    panel(page).get_by_label("市级").check()
    panel(page).get_by_label("企业为市外新引进企业").check()
    panel(page).get_by_label("靠近").select_option("中心城区")
    panel(page).get_by_label("最远距离（公里）").fill("60")
    ask(page, "动力电池", "300")
    url = page.url
    fragment = unquote(url)
    for part in (
        "site=动力电池",
        "mu=300",
        "near=中心城区",
        "km=60",
        "level=national,municipal",
        "outside=1",
        "mode=siting",
        "tab=siting",
    ):
        assert part in fragment
    parks = listed(page, "parks")
    assert parks
    other = new_page()
    other.goto(url)
    other.wait_for_selector(".candidate-parks")
    assert listed(other, "parks") == parks
    assert panel(other).get_by_label("产业、细分领域或产品").input_value() == "动力电池"
    assert panel(other).get_by_label("最远距离（公里）").input_value() == "60"
    assert panel(other).get_by_label("靠近").input_value() == "中心城区"
    assert (
        panel(other).get_by_label("国家级").is_checked()
        and not panel(other).get_by_label("区级").is_checked()
    )
    assert panel(other).get_by_label("企业为市外新引进企业").is_checked()
    assert other.locator(".candidate-marker").count() >= 1
    assert other.console_errors == []


def test_clearing_or_another_mode_takes_the_candidates_off_the_map(page):
    open_map(page, "tab=siting")
    ask(page, "动力电池", "300")
    assert page.locator(".candidate-marker").count() > 0
    # Another colouring: the candidates step aside, and come back with their mode.
    page.locator("input[name=map-mode][value=target]").check()
    page.wait_for_function("() => !document.querySelector('.candidate-marker')")
    assert "选址候选" not in page.locator(".legend-group").first.inner_text()
    page.locator("input[name=map-mode][value=siting]").check()
    page.wait_for_selector(".candidate-marker")
    # Find by industry is another mode too.
    page.get_by_role("tab", name="按产业找").click()
    page.fill("#find-input", "预制菜")
    page.press("#find-input", "Enter")
    page.wait_for_function("() => !document.querySelector('.candidate-marker')")
    # Clearing the panel clears the query, the list and the map.
    page.get_by_role("tab", name="选址").click()
    page.locator("input[name=map-mode][value=siting]").check()
    page.wait_for_selector(".candidate-marker")
    page.locator("#tab-siting-panel").get_by_role("button", name="清除").click()
    page.wait_for_function("() => !location.hash.includes('site=')")
    assert page.locator(".candidate-marker").count() == 0
    assert page.locator(".siting-results").inner_text() == ""
    assert panel(page).get_by_label("产业、细分领域或产品").input_value() == ""
    assert "mode=siting" not in page.url
    assert page.console_errors == []


def test_nothing_matched_offers_the_plans_close_names(page):
    open_map(page, "tab=siting")
    ask(page, "新能源车")  # not a name of the plan: 新能源乘用车, 新能源商用车 … are
    chips = page.locator(".siting-results .suggestions .chip")
    assert chips.count() >= 1
    name = chips.first.inner_text()
    chips.first.click()
    page.wait_for_selector(".candidate-parks")
    assert panel(page).get_by_label("产业、细分领域或产品").input_value() == name
    assert page.console_errors == []


def test_a_reference_point_picked_on_the_map(page):
    open_map(page, "tab=siting")
    panel(page).get_by_label("靠近").select_option("point")
    page.get_by_role("button", name="在地图上点选").click()
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.5)
    point = panel(page).get_by_label("地点（经度,纬度）").input_value()
    lon, lat = map(float, point.split(","))
    assert 105 < lon < 107.5 and 28.5 < lat < 30.8
    assert page.locator(".district-profile").count() == 0  # the click picked, selected nothing
    panel(page).get_by_label("最远距离（公里）").fill("40")
    ask(page, "预制菜")
    assert f"near={point}" in unquote(page.url)
    assert page.locator(".candidate-reference").count() == 1
    assert "40 km" in page.locator(".notice[data-code='max_km_needs_location']").inner_text()
    assert page.console_errors == []


def test_phone_layout(new_page, artifacts):
    page = new_page(viewport=PHONE)
    open_map(page, "tab=siting")
    ask(page, "动力电池", "300")
    page.wait_for_timeout(400)  # the smooth scroll to the answer
    assert page.locator(".siting-title").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "frontend_siting_phone.png"))
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / "frontend_siting_phone_map.png"))
    assert page.locator(".candidate-marker").count() > 0
    assert page.console_errors == []


def test_the_chain_reasons_show_in_both_languages(page, client, artifacts):
    """The district's known firms count in sight (zh, then en); a 补链 note is never folded."""
    open_map(page, "tab=siting")
    ask(page, "动力电池", "300")
    api = client.get(SEARCH, params={"industry": "动力电池", "area_mu": 300}).json()
    bishan = next(d for d in api["districts"] if d["name"] == "璧山区")
    firms = next(r for r in bishan["reasons"] if r["code"] == "chain_firms")
    card = page.locator(f".candidate-districts > li[data-adcode='{bishan['adcode']}']")
    visible = card.locator("ul.siting-reasons").first
    assert firms["zh"] in visible.inner_text()
    page.get_by_role("button", name="Switch to English").click()
    page.wait_for_selector("h2:has-text('Site selection')")
    assert firms["en"] in visible.inner_text()
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "frontend_siting_chain_en.png"))
    page.get_by_role("button", name="切换到中文").click()
    ask(page, "汽车软件")
    first = page.locator(".candidate-parks > li").first.locator("ul.siting-reasons").first
    assert "补链：“汽车软件”" in first.inner_text()
    assert page.console_errors == []
