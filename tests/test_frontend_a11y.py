"""Keyboard, screen readers and history in headless Chromium: axe-core (from npm) finds no
serious or critical violation on any tab, in both languages, on a desktop and a phone; the tab
order reaches the districts right after the map; a selection moves the focus to its heading;
Back and Forward walk through the steps and a reload keeps the state."""

import time

import pytest
from frontend_helpers import DISTRICTS, PHONE, open_map

from app.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

AXE = PROJECT_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    if not page.evaluate("() => Boolean(window.axe)"):
        # Evaluated, not added as a <script>: the page's Content-Security-Policy (script-src
        # 'self') forbids inline scripts, and stays in force for what axe checks.
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter((v) => ['serious', 'critical'].includes(v.impact))
            .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3)
                .map((n) => n.target.join(' ')).join(', ')}`)"""
    )
    return found


def until(condition, seconds: float = 5.0) -> bool:
    """Poll a condition (every 50 ms, up to `seconds`) instead of sleeping a fixed time."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def each_tab(page):
    """Open every tab of the side panel in turn (whichever tabs the page has), yield its name."""
    for name in page.locator("[role=tab]").evaluate_all("(tabs) => tabs.map((t) => t.dataset.tab)"):
        page.locator(f"[role=tab][data-tab='{name}']").click()
        page.wait_for_selector(f"#tab-{name}-panel:not([hidden])")
        page.wait_for_timeout(400)  # let the tab load what it shows
        yield name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation_on_any_view(new_page, lang):
    page = new_page()
    open_map(page, f"lang={lang}")
    problems = {"map": serious_violations(page)}
    for tab in each_tab(page):
        problems[tab] = serious_violations(page)
    # A district's profile and an industry's placement, the two views a selection opens.
    open_map(page, f"lang={lang}&district=500120&mode=role&industry=动力电池")
    page.wait_for_selector(".district-profile")
    problems["district"] = serious_violations(page)
    page.locator("#tab-find").click()
    page.wait_for_selector(".find-districts")
    problems["placement"] = serious_violations(page)
    assert {view: found for view, found in problems.items() if found} == {}


def test_axe_on_a_phone(new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_map(page, "lang=en&district=500116")
    page.wait_for_selector(".district-profile")
    assert serious_violations(page) == []


def test_the_districts_come_within_ten_tab_stops_of_the_map(page):
    open_map(page)
    page.locator("#map").focus()
    stops = []
    for _ in range(10):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => document.activeElement.dataset.adcode || ''"))
        if stops[-1]:
            break
    assert stops[-1] in DISTRICTS, stops
    # None of the 31 surrounding areas is a tab stop.
    assert page.locator(".leaflet-context-pane path:not([tabindex='-1'])").count() == 0


def test_a_selection_moves_the_focus_to_its_heading(page):
    open_map(page)
    page.locator("path[data-adcode='500151']").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".district-profile[data-adcode='500151']")
    page.wait_for_function("() => document.activeElement.tagName === 'H2'")
    assert page.evaluate("() => document.activeElement.textContent") == "铜梁区"
    # And from a list: a park of the district.
    page.locator(".park-list button").first.press("Enter")
    page.wait_for_selector(".park-profile")
    page.wait_for_function("() => document.activeElement.closest('.park-profile') !== null")
    assert page.evaluate("() => document.activeElement.tagName") == "H2"


def test_every_visible_control_is_named_and_reachable(page):
    open_map(page, "district=500116")
    for _tab in each_tab(page):
        bad = page.evaluate(
            """() => [...document.querySelectorAll(
                    'button, input, select, a[href], [role=button], [tabindex]')]
                .filter((el) => el.getClientRects().length && !el.closest('[hidden]'))
                .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim()
                    || (el.labels && el.labels.length) || el.title
                    || el.getAttribute('aria-labelledby') || el.tagName === 'H2'
                    || el.id === 'panel' || el.closest('.leaflet-context-pane')))
                .map((el) => el.outerHTML.slice(0, 100))"""
        )
        assert bad == [], _tab


def test_every_bar_of_the_dashboard_is_a_named_tab_stop(page, client):
    """Tab from the dashboard's tab through its panel reaches one named stop per bar: each of the
    plan's clusters and districts (a bar drawn in an unfocusable chart would be missed)."""
    open_map(page, "tab=dashboard")
    page.wait_for_selector("#tab-dashboard-panel[data-ready=true]")
    page.locator("#tab-dashboard").focus()
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const el = document.activeElement;
                if (!el.closest('#tab-dashboard-panel')) return null;
                return [el.dataset.cluster || el.dataset.adcode || '',
                        (el.getAttribute('aria-label') || el.textContent).trim()]; }"""
        )
        if stop is None and reached:
            break
        if stop:
            reached.append(stop)
    named = {key: name for key, name in reached if key}
    clusters = client.get("/api/clusters").json()
    assert {str(c["id"]) for c in clusters} | set(DISTRICTS) == set(named), reached
    for c in clusters:
        assert named[str(c["id"])].startswith(c["name"]), named
    for adcode, name in DISTRICTS.items():
        assert named[adcode].startswith(name) and "亿元" in named[adcode], named
    # Enter on a cluster's bar shows where the plan places it.
    page.locator(f".cluster-bars [data-cluster='{clusters[0]['id']}']").press("Enter")
    page.wait_for_selector("#tab-find-panel:not([hidden]) .find-districts")
    assert "mode=role" in page.url


def test_back_and_forward_walk_through_four_steps_and_a_reload_keeps_the_state(page):
    open_map(page)
    start = page.url
    # 1: 永川 (from the keyboard: its centre may hold a firm's point, drawn above it)
    page.locator("path[data-adcode='500118']").press("Enter")
    page.wait_for_selector(".district-profile[data-adcode='500118']")
    page.locator("#tab-find").click()  # 2: the find tab
    page.locator(".chip[data-term='动力电池']").click()  # 3: an industry (mode=role)
    page.wait_for_selector(".find-districts")
    page.locator("#tab-dashboard").click()  # 4: the dashboard
    page.wait_for_selector("#tab-dashboard-panel:not([hidden])")
    steps = [page.url]
    for expect in (
        lambda: (
            page.locator("#tab-find").get_attribute("aria-selected") == "true"
            and "industry=" in page.url
        ),
        lambda: (
            page.locator("#tab-find").get_attribute("aria-selected") == "true"
            and "industry=" not in page.url
        ),
        lambda: page.locator(".district-profile[data-adcode='500118']").is_visible(),
        lambda: "district=" not in page.url and page.locator(".overview").is_visible(),
    ):
        page.go_back()
        assert until(expect), page.url
        steps.append(page.url)
    assert page.url.split("#")[0] == start.split("#")[0]  # still the app
    for _ in range(4):
        page.go_forward()
    assert until(lambda: page.locator("#tab-dashboard").get_attribute("aria-selected") == "true")
    assert "industry=" in page.url and "district=500118" in page.url
    # A reload keeps it all.
    before = page.url
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#tab-dashboard").get_attribute("aria-selected") == "true"
    assert page.url == before
    assert page.console_errors == []
