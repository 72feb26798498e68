"""The map in headless Chromium: the eight districts over their surroundings, the choropleth and
legend from layers/, parks with indicative locations marked, the layer switcher and scale, the
phone layout, and that nothing but the app is ever asked for anything."""

import math

import pytest
from frontend_helpers import (
    DISTRICTS,
    PHONE,
    district_fills,
    foreign_requests,
    open_map,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalog(client):
    return {layer["id"]: layer for layer in client.get("/api/layers").json()}


def test_eight_districts_over_their_surroundings(page, artifacts):
    open_map(page)
    assert page.locator(".leaflet-districts-pane path[data-adcode]").count() == 8
    labels = page.locator(".district-label").all_inner_texts()
    assert sorted(labels) == sorted(DISTRICTS.values())
    # The surroundings: 30 Chongqing districts and Chengdu, and the two labels that place 渝西
    # "between the central city and Chengdu".
    assert page.locator(".leaflet-context-pane path").count() == 31
    context_labels = page.locator(".context-label").all_inner_texts()
    assert set(context_labels) == {"重庆中心城区", "成都市"}
    for label in page.locator(".context-label span").all():
        assert label.is_visible()
    page.screenshot(path=str(artifacts / "frontend_desktop.png"))
    assert page.console_errors == []
    assert foreign_requests(page) == []


def test_choropleth_and_legend_follow_the_layer_definition(page, catalog):
    style = catalog["districts"]["style"]
    open_map(page)
    fills = district_fills(page)
    # breaks [1500, 3000]: 3000 and 3300 in the top class, 1500 and 1600 in the middle one.
    assert fills["500116"] == fills["500118"] == style["colors"][2]
    assert fills["500111"] == fills["500152"] == style["colors"][0]
    assert fills["500117"] == fills["500120"] == style["colors"][1]
    legend = page.locator(".legend-control")
    assert style["legend"]["zh"] in legend.inner_text()
    # One row per class that holds a district (none is empty; test_frontend_legend.py).
    assert legend.locator(".legend-group").first.locator("li").count() == len(style["colors"])
    # The legend follows the mode.
    legend.get_by_label("产业定位").check()
    assert "先在“按产业找”中选择一个产业" in legend.inner_text()
    assert "mode=role" in page.url
    assert set(district_fills(page).values()) == {"#f4f4f4"}


def test_parks_are_clustered_and_indicative_locations_look_different(page, client, artifacts):
    parks = client.get("/api/parks").json()["features"]
    located = {f["id"]: f["properties"] for f in parks if f["geometry"]}
    unlocated = {f["id"] for f in parks if not f["geometry"]}
    assert located and unlocated
    open_map(page)
    # At the first view the parks come in clusters.
    assert page.locator(".park-cluster").count() >= 1
    # Closer in every located park has its own circle; parks without a location are not drawn.
    page.goto("about:blank")  # a new load, not a jump within the page
    open_map(page, "map=11/29.30/106.05")
    page.wait_for_selector("path[data-park-id='jiangjin-shuangfu-park']")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-parks-pane path[data-park-id]')]
            .map((p) => ({id: p.dataset.parkId, dash: p.getAttribute('stroke-dasharray'),
                          approximate: p.classList.contains('park-approximate'),
                          label: p.getAttribute('aria-label')}))"""
    )
    assert drawn, "no park in view"
    for park in drawn:
        assert park["id"] in located and park["id"] not in unlocated
        approximate = located[park["id"]]["location_approximate"]
        assert park["approximate"] is approximate
        assert bool(park["dash"]) is approximate
        assert ("位置示意" in park["label"]) is approximate
    # Keyboard focus on an indicative park opens its tooltip, which says so.
    page.focus("path[data-park-id='jiangjin-shuangfu-park']")
    tip = page.locator(".park-tip")
    tip.wait_for()
    assert "位置示意" in tip.inner_text()
    page.screenshot(path=str(artifacts / "frontend_parks_close.png"))
    assert page.console_errors == []


def _screen_bounds(bounds, zoom, centre, size):
    """Where Leaflet should draw [west, south, east, north] on a map of `size` (w, h) centred
    at `centre` (lat, lng) at `zoom`: Web Mercator pixels of 256-pixel tiles, relative to the
    map's top left (left, top, right, bottom)."""

    def pixel(lat, lng):
        scale = 256 * 2**zoom
        phi = math.radians(lat)
        return scale * (lng + 180) / 360, scale * (1 - math.asinh(math.tan(phi)) / math.pi) / 2

    cx, cy = pixel(*centre)
    west, south, east, north = bounds
    (left, top), (right, bottom) = pixel(north, west), pixel(south, east)
    half_w, half_h = size[0] / 2, size[1] / 2
    return left - cx + half_w, top - cy + half_h, right - cx + half_w, bottom - cy + half_h


def test_outlines_follow_view_resets_projected_once(page, client):
    """A move without animation (a permalink, the back button) resets the view: each outline
    is projected once (Leaflet's own renderer projected every vertex twice) and drawn where it
    belongs, after a zoom change, a pan to a new place at the same zoom, and both."""
    geometry = client.get("/ogc/collections/districts/items/500120").json()["geometry"]
    points = [p for polygon in geometry["coordinates"] for ring in polygon for p in ring]
    bounds = (
        min(p[0] for p in points),
        min(p[1] for p in points),
        max(p[0] for p in points),
        max(p[1] for p in points),
    )
    lat, lng = (bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2
    open_map(page, f"map=9/{lat:.4f}/{lng:.4f}")
    # Count the projections of each outline (polygons: the districts, the surroundings, parks'
    # areas) from here on. (Parks' circles are added again by their clusters at each zoom.)
    page.evaluate(
        """() => {
            window.projections = [];
            const project = L.Polyline.prototype._project;
            L.Polyline.prototype._project = function () {
                window.projections.push(`${this.options.pane}:${L.stamp(this)}`);
                return project.call(this);
            };
        }"""
    )
    # (zoom, lat, lng, resets): each move after the one before; `resets` when Leaflet resets
    # the view (a zoom change, or a pan of more than the view) rather than sliding it.
    moves = [
        (10, lat, lng, True),  # zoom in, same centre
        (10, lat + 0.05, lng - 0.08, False),  # a short pan: slid, nothing projected
        (10, lat, lng + 3, True),  # a long pan at the same zoom (no zoomend) …
        (10, lat, lng, True),  # … and back
        (11, lat - 0.02, lng + 0.03, True),  # zoom and pan at once
        (9, lat, lng, True),
    ]
    for zoom, at_lat, at_lng, resets in moves:
        page.evaluate("() => { window.projections = []; }")
        page.evaluate(f"() => {{ location.hash = 'map={zoom}/{at_lat:.4f}/{at_lng:.4f}'; }}")
        page.wait_for_timeout(150)
        page.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        projected = page.evaluate("() => window.projections")
        twice = sorted({p for p in projected if projected.count(p) > 1})
        assert not twice, f"projected twice at {zoom}: {twice}"
        if resets:  # every outline once: the districts and the surroundings at least
            assert len(set(projected)) >= 8 + 31, (zoom, at_lat, at_lng)
        else:
            assert projected == []
        if abs(at_lng - lng) > 1:
            continue  # the district is out of view
        drawn = page.evaluate(
            """() => {
                const map = document.querySelector('#map').getBoundingClientRect();
                const r = document.querySelector('path[data-adcode="500120"]')
                    .getBoundingClientRect();
                return {size: [map.width, map.height],
                        box: [r.left - map.left, r.top - map.top,
                              r.right - map.left, r.bottom - map.top]};
            }"""
        )
        expected = _screen_bounds(bounds, zoom, (at_lat, at_lng), drawn["size"])
        # Each edge of the district that lies in view (beyond it, paths are clipped).
        width, height = drawn["size"]
        inside = [0 <= expected[0], 0 <= expected[1], expected[2] <= width, expected[3] <= height]
        assert sum(inside) >= 2
        for got, want, seen in zip(drawn["box"], expected, inside, strict=True):
            if seen:
                assert abs(got - want) < 2.5, (zoom, drawn["box"], expected)
    assert page.console_errors == []


def test_layer_switcher_base_maps_and_scale(page, client):
    config = client.get("/api/config").json()
    open_map(page)
    switcher = page.locator(".leaflet-control-layers")
    switcher.hover()
    bases = switcher.locator(".leaflet-control-layers-base label").all_inner_texts()
    titles = [b["title"]["zh"] for b in config["basemaps"]]
    assert [b.strip() for b in bases] == (titles if len(titles) > 1 else [])
    overlays = switcher.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [o.strip() for o in overlays] == ["周边区县与成都市", "渝西八区产业布局", "产业园区"]
    assert "km" in page.locator(".leaflet-control-scale-line").inner_text()
    # Hiding the parks removes them, their legend and puts the choice in the URL.
    switcher.get_by_label("产业园区").uncheck()
    assert page.locator(".park-cluster").count() == 0
    assert "产业园区" not in page.locator(".legend-control").inner_text()
    assert "hide=parks" in page.url
    assert page.url.split("#")[1].startswith("basemap=none") or "basemap=none" in page.url


def test_phone_layout(new_page, artifacts):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_map(page)
    assert page.locator("path[data-adcode]").count() == 8
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"
    map_box = page.locator("#map").bounding_box()
    panel_box = page.locator("#panel").bounding_box()
    assert map_box["height"] > 300
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1  # panel below the map
    page.screenshot(path=str(artifacts / "frontend_phone.png"), full_page=True)
    page.locator("path[data-adcode='500118']").click()
    page.wait_for_selector(".district-profile")
    assert "3300 亿元" in page.locator(".district-profile .target-value").inner_text()
    page.screenshot(path=str(artifacts / "frontend_phone_profile.png"), full_page=True)
    assert page.console_errors == []


def test_a_whole_tour_asks_nothing_but_the_app(page):
    """With base map `none`, every feature of the page stays on the server that served it."""
    open_map(page)
    page.locator("path[data-adcode='500116']").click()
    page.wait_for_selector(".district-profile")
    page.locator(".park-list button").first.click()
    page.wait_for_selector(".park-profile")
    page.get_by_role("tab", name="按产业找").click()
    page.select_option("#find-industry", "预制菜")
    page.wait_for_selector(".find-districts")
    page.get_by_role("tab", name="数据看板").click()
    page.wait_for_selector("#tab-dashboard-panel[data-ready=true]")
    page.fill("#search-input", "bishan")
    page.wait_for_selector(".search-option")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.console_errors == []
    assert foreign_requests(page) == []
