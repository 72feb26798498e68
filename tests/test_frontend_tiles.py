"""A large point layer is drawn from vector tiles (decoded in the page and drawn on one
canvas, map/tiledpoints.js, from the layer's TileJSON), a small one from GeoJSON; both are
coloured by the layer's style, in the legend, and open a feature's properties on click.
Synthetic layers (labelled so, their own tables), with the tile threshold lowered so that
20,000 points are "large"; the million-point layer is benchmarks/map.py's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from app.config import APISettings, DatabaseSettings
from app.main import create_app
from benchmarks import synthetic
from tests.conftest import served

pytestmark = pytest.mark.browser

LARGE_TABLE, LARGE = "test_synthetic_firm_large", "test-synthetic-firms"
SMALL_TABLE, SMALL = "test_synthetic_firm_small", "test-synthetic-few-firms"
BISHAN = (29.59, 106.22)  # lat, lng
# Per view after the first, once the map stops moving, for 20,000
# points on a shared (heavily loaded) machine. The 200 ms target is measured on 10^6 points by
# benchmarks/map.py, unloaded; here the budget only catches a map that stalls.
MAX_VIEW_MS = 10_000


@pytest.fixture(scope="module")
def tiles_server(loaded_db, tmp_path_factory):
    synthetic.create(loaded_db, 20_000, table=LARGE_TABLE)
    synthetic.create_overviews(loaded_db, LARGE_TABLE)
    synthetic.create(loaded_db, 300, table=SMALL_TABLE)
    synthetic.create_overviews(loaded_db, SMALL_TABLE)
    layers = tmp_path_factory.mktemp("map-layers")
    for shipped in APISettings().layers_dir.glob("*.yaml"):
        (layers / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    for definition in (
        synthetic.enterprise_layer(LARGE_TABLE, LARGE, map_threshold=1000),
        synthetic.enterprise_layer(SMALL_TABLE, SMALL, map_threshold=1000),
    ):
        (layers / f"{definition['id']}.yaml").write_text(
            yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8"
        )
    app = create_app(DatabaseSettings(), APISettings(layers_dir=Path(layers)), url=loaded_db)
    with served(app) as url:
        yield url
    for table in (LARGE_TABLE, SMALL_TABLE):
        synthetic.drop_overviews(loaded_db, table)
        synthetic.drop(loaded_db, table=table)


@pytest.fixture
def tiles_page(browser, tiles_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.tile_requests = []
    page.on("request", lambda r: "/tiles/" in r.url and page.tile_requests.append(r.url))
    yield page
    context.close()


def key(layer_id: str) -> str:
    return "layer_" + layer_id.replace("-", "_")


def open_at(page, base: str, zoom: float, lat: float, lng: float) -> None:
    page.goto(f"{base}/#lang=en&map={zoom}/{lat}/{lng}")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)


def wait_views(page, layer_id: str, views: int) -> int:
    """Wait until the tiled layer has drawn `views` views; the last one's ms."""
    attribute = f"data-{key(layer_id)}_views"
    page.wait_for_function(
        f"() => Number(document.querySelector('#map').getAttribute('{attribute}') || 0) >= {views}",
        timeout=30_000,
    )
    return int(page.get_attribute("#map", f"data-{key(layer_id)}_ms"))


def rendered(page, layer_id: str) -> list[dict]:
    """The points drawn in view: id, category, and the colour of the canvas's pixel there."""
    return page.evaluate(
        f"""() => {{
            const layer = window.industryMapLayers.get('{layer_id}').layer;
            const map = layer._map;
            const canvas = layer._container;
            const box = canvas.getBoundingClientRect();
            const ratio = canvas.width / box.width;
            const context = canvas.getContext('2d');
            return layer.drawnPoints().map((p) => {{
                const at = map.latLngToContainerPoint(p.latlng);
                const rect = map.getContainer().getBoundingClientRect();
                const x = Math.round((rect.left + at.x - box.left) * ratio);
                const y = Math.round((rect.top + at.y - box.top) * ratio);
                const [r, g, b, a] = context.getImageData(x, y, 1, 1).data;
                return {{id: p.properties.id, category: p.properties.category, rgba: [r, g, b, a]}};
            }});
        }}"""
    )


def hex_rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def test_large_layer_comes_from_tiles_small_one_from_geojson(tiles_page, tiles_server, artifacts):
    page = tiles_page
    open_at(page, tiles_server, 11, *BISHAN)
    page.wait_for_function(
        f"() => document.querySelector('#map').dataset.{key(SMALL)} === 'geojson'"
        f" && document.querySelector('#map').dataset.{key(LARGE)} === 'tiles'",
        timeout=30_000,
    )
    wait_views(page, LARGE, 1)
    # The tiles came through the layer's TileJSON, in the OGC API's tile URLs.
    assert any("/tilejson.json" in url for url in page.tile_requests)
    # 512-pixel tiles: one zoom below Leaflet's.
    assert any(f"/collections/{LARGE}/tiles/WebMercatorQuad/10/" in u for u in page.tile_requests)
    shown = rendered(page, LARGE)
    assert len(shown) > 50
    assert {f["category"] for f in shown} <= set(synthetic.CATEGORIES)
    # Coloured by the layer's style: at a point's centre the canvas has its category's colour
    # (drawn at 0.9 opacity; a neighbour drawn over it may differ, so most, not all).
    colors = {c["value"]: hex_rgb(c["color"]) for c in synthetic.CATEGORY_STYLE["categories"]}
    matching = [
        f
        for f in shown
        if f["rgba"][3] > 200
        and all(abs(a - b) <= 8 for a, b in zip(f["rgba"][:3], colors[f["category"]], strict=True))
    ]
    assert len(matching) > 0.8 * len(shown), (len(matching), len(shown), shown[:5])
    legend = page.locator(".legend").inner_text()
    assert "Synthetic firms (test data)" in legend and "Synthetic energy" in legend
    page.screenshot(path=str(artifacts / "tiles-layer-z11.png"))
    assert page.console_errors == []


def test_click_on_a_tiled_point_opens_its_properties(tiles_page, tiles_server, artifacts):
    page = tiles_page
    open_at(page, tiles_server, 14, *BISHAN)
    wait_views(page, LARGE, 1)
    target = page.evaluate(
        f"""() => {{
            const layer = window.industryMapLayers.get('{LARGE}').layer;
            const map = layer._map;
            // The point nearest the map's centre, away from its controls and legend.
            const centre = map.getSize().divideBy(2);
            const away = (d) => map.latLngToContainerPoint(d.latlng).distanceTo(centre);
            const [p] = layer.drawnPoints().sort((a, b) => away(a) - away(b));
            const at = map.latLngToContainerPoint(p.latlng);
            const near = layer.pointsNear(p.latlng).map((q) => q.id);
            const rect = map.getContainer().getBoundingClientRect();
            return {{near, x: rect.left + at.x, y: rect.top + at.y}};
        }}"""
    )
    page.mouse.click(target["x"], target["y"])
    profile = page.locator(".catalog-point-profile")
    profile.wait_for(timeout=10_000)
    clicked = int(profile.get_attribute("data-feature-id"))
    text = profile.inner_text()
    assert "Category" in text and "Synthetic data" in text
    assert text.splitlines()[0].startswith("synthetic ")
    # The one under the pointer (or one drawn beside it, within the click's 5 pixels).
    assert clicked in target["near"]
    # The click was the firm's: the district below (璧山) was not selected with it.
    page.wait_for_timeout(300)
    assert "district=" not in page.url
    page.screenshot(path=str(artifacts / "tiles-layer-profile.png"))


def test_picking_a_place_on_a_tiled_point_picks_it_and_opens_nothing(tiles_page, tiles_server):
    """Site selection's "pick on the map": a click on a firm drawn from tiles picks the place
    under it; the firm's popup does not open over the pick."""
    page = tiles_page
    page.goto(f"{tiles_server}/#lang=en&tab=siting&map=14/{BISHAN[0]}/{BISHAN[1]}")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    wait_views(page, LARGE, 1)
    siting = page.locator("#tab-siting-panel")
    siting.get_by_label("Near").select_option("point")
    page.get_by_role("button", name="Pick on the map").click()
    target = page.evaluate(
        f"""() => {{
            const layer = window.industryMapLayers.get('{LARGE}').layer;
            const map = layer._map;
            const centre = map.getSize().divideBy(2);
            const away = (d) => map.latLngToContainerPoint(d.latlng).distanceTo(centre);
            const [p] = layer.drawnPoints().sort((a, b) => away(a) - away(b));
            const at = map.latLngToContainerPoint(p.latlng);
            const rect = map.getContainer().getBoundingClientRect();
            const {{lng, lat}} = p.latlng;
            return {{x: rect.left + at.x, y: rect.top + at.y, lng, lat}};
        }}"""
    )
    page.mouse.click(target["x"], target["y"])
    point = siting.get_by_label("Point (longitude,latitude)")
    page.wait_for_function("(el) => el.value !== ''", arg=point.element_handle(), timeout=10_000)
    lng, lat = map(float, point.input_value().split(","))
    assert abs(lng - target["lng"]) < 0.001 and abs(lat - target["lat"]) < 0.001
    page.wait_for_timeout(500)
    assert page.locator(".catalog-point-profile").count() == 0
    assert page.console_errors == []


def test_views_at_three_zooms_are_drawn_quickly(tiles_page, tiles_server, artifacts):
    page = tiles_page
    open_at(page, tiles_server, 8, *BISHAN)
    wait_views(page, LARGE, 1)
    times, views = [], 1
    for zoom, (lat, lng) in ((11, BISHAN), (14, BISHAN), (14, (29.60, 106.24)), (8, BISHAN)):
        page.evaluate(f"() => {{ location.hash = 'lang=en&map={zoom}/{lat}/{lng}'; }}")
        views += 1
        times.append(wait_views(page, LARGE, views))
        if views <= 3:
            page.screenshot(path=str(artifacts / f"tiles-layer-view-{views}-z{zoom}.png"))
    (artifacts / "tiles-layer-view-ms.json").write_text(json.dumps(times))
    assert max(times) < MAX_VIEW_MS, times
    assert page.console_errors == []


def test_tiled_layer_hidden_and_shown_again(tiles_page, tiles_server):
    """Switched off, the layer's canvas leaves the map; switched on, it is drawn again."""
    page = tiles_page
    open_at(page, tiles_server, 12, *BISHAN)
    wait_views(page, LARGE, 1)
    layer = f"window.industryMapLayers.get('{LARGE}').layer"
    canvases = ".leaflet-catalogPoints-pane canvas"
    assert page.locator(canvases).count() == 1
    page.evaluate(f"() => {{ window.testMap = {layer}._map; testMap.removeLayer({layer}); }}")
    assert page.locator(canvases).count() == 0
    page.evaluate(
        f"""() => {{
            {layer}.on('drawn', (e) => {{ if (e.complete) window.drawnAgain = true; }});
            window.testMap.addLayer({layer});
        }}"""
    )
    page.wait_for_function("() => window.drawnAgain === true", timeout=30_000)
    assert page.locator(canvases).count() == 1
    assert page.evaluate(f"() => {layer}.drawnPoints().length") > 50
    assert page.console_errors == []
