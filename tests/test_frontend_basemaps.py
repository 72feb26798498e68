"""Base maps come from the server's configuration (/api/config), never from the page. Tile
requests are answered inside the browser (page.route) with a blank tile: nothing leaves the
machine, yet we see which tiles the page asks for."""

import base64

import pytest
from frontend_helpers import foreign_requests, open_map

from app.config import basemap_settings

pytestmark = pytest.mark.browser

BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture
def tiles(page):
    """Answer every request that is not for the app with a blank tile; list them."""
    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)

    page.route(lambda url: not url.startswith(page.base_url + "/"), answer)
    return asked


OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


@pytest.fixture
def osm_url(monkeypatch):
    """OpenStreetMap as the operator configures it (it is not offered by default)."""
    monkeypatch.setenv("IM_BASEMAP_OSM_URL", OSM_URL)
    basemap_settings.cache_clear()
    yield OSM_URL
    monkeypatch.delenv("IM_BASEMAP_OSM_URL")
    basemap_settings.cache_clear()


@pytest.fixture
def tianditu_key(monkeypatch):
    monkeypatch.setenv("IM_BASEMAP_TIANDITU_KEY", "test-key-0123")
    basemap_settings.cache_clear()
    yield "test-key-0123"
    monkeypatch.delenv("IM_BASEMAP_TIANDITU_KEY")
    basemap_settings.cache_clear()


def test_no_base_map_offered_by_default(page, tiles):
    open_map(page)
    assert tiles == [] and foreign_requests(page) == []
    assert page.locator(".leaflet-tile").count() == 0
    # Nothing to choose: the switcher lists the data layers only.
    page.locator(".leaflet-control-layers").hover()
    assert page.locator(".leaflet-control-layers-base label").count() == 0
    assert page.locator(".leaflet-control-layers-overlays label").count() == 3
    assert page.console_errors == []


def test_openstreetmap_when_configured(page, tiles, osm_url):
    open_map(page)
    assert tiles == [] and foreign_requests(page) == []
    assert page.locator(".leaflet-tile").count() == 0
    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("OpenStreetMap").check()
    page.wait_for_selector(".leaflet-tile-loaded")
    assert tiles and all(url.startswith("https://tile.openstreetmap.org/") for url in tiles)
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "© OpenStreetMap contributors" in attribution
    assert "basemap=osm" in page.url
    # And back: no more tiles are asked for.
    page.get_by_label("无底图（离线）").check()
    asked = len(tiles)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(400)
    assert len(tiles) == asked
    assert "basemap=none" in page.url


def test_tiles_that_fail_to_load_are_told_once_in_the_users_language(page, osm_url):
    page.route(lambda url: not url.startswith(page.base_url + "/"), lambda route: route.abort())
    open_map(page, "basemap=osm&lang=en")
    status = page.locator("#status")
    status.wait_for(state="visible")
    assert "did not load" in status.inner_text() and "OpenStreetMap" in status.inner_text()
    # More failing tiles (another zoom) do not repeat it.
    told = page.evaluate(
        """() => new Promise((done) => {
            let n = 0;
            new MutationObserver(() => n++).observe(document.getElementById('status'),
                                                    {childList: true, characterData: true});
            setTimeout(() => done(n), 1500);
            document.querySelector('.leaflet-control-zoom-in').click();
        })"""
    )
    assert told == 0


def test_tianditu_with_its_key_annotation_and_review_number(
    page, tiles, tianditu_key, osm_url, artifacts
):
    open_map(page, "basemap=tianditu-img")
    page.wait_for_selector(".leaflet-tile-loaded")
    layers = {url.split(".tianditu.gov.cn/")[1].split("/")[0] for url in tiles}
    assert layers == {"img_w", "cia_w"}  # imagery and its annotation layer
    assert all(f"tk={tianditu_key}" in url for url in tiles)
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "天地图" in attribution and "审图号：GS(2024)0568号" in attribution
    page.locator(".leaflet-control-layers").hover()
    bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    titles = ["无底图（离线）", "OpenStreetMap", "天地图 矢量", "天地图 影像"]
    assert [b.strip() for b in bases] == titles
    page.screenshot(path=str(artifacts / "frontend_tianditu_blank_tiles.png"))
    assert page.console_errors == []


def test_a_link_to_a_base_map_the_server_does_not_offer_falls_back(page, tiles):
    open_map(page, "basemap=tianditu-vec")  # no key configured: not offered
    assert "basemap=none" in page.url
    assert tiles == []
    assert page.console_errors == []
