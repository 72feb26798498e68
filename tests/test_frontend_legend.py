"""The legend shows what the eye sees: a screenshot is sampled inside every district and each
colour must be nearest to the legend swatch of the district's own class — by 2027 target, by the
role the plan's section 四 gives an industry, by site-selection tier — with no base map and over
one, on a desktop and on a phone in English. Every class of the legend holds a district."""

import io
import math

import pytest
from frontend_helpers import (
    DISTRICTS,
    PHONE,
    legend_swatches,
    nearest,
    open_map,
    rendered_district_colours,
)
from plan_text import plan_districts_naming

from app.config import basemap_settings

pytestmark = pytest.mark.browser

# Close enough to be the same colour (antialiasing, rounding), far below the gap between classes.
SAME = 6


@pytest.fixture(scope="module")
def targets(client):
    """adcode → 2027 target, and the style that classes it (from the layer catalog)."""
    layers = {layer["id"]: layer for layer in client.get("/api/layers").json()}
    districts = client.get("/api/districts").json()["features"]
    values = {f["properties"]["adcode"]: f["properties"]["revenue_target_2027"] for f in districts}
    return values, layers["districts"]["style"]


def target_class(style, value):
    return style["colors"][sum(1 for limit in style["breaks"] if value >= limit)]


def assert_matches(page, expected: dict[str, set[str]], artifacts=None, name=""):
    colours = rendered_district_colours(page)
    swatches = legend_swatches(page)
    assert set(colours) == set(DISTRICTS), "a district had no clear point to sample"
    for adcode, colour in colours.items():
        value, distance = nearest(colour, swatches)
        assert value in expected[adcode], (DISTRICTS[adcode], colour, value, swatches)
        assert distance <= SAME, (DISTRICTS[adcode], colour, swatches[value])
    # The swatches are far apart: no two classes can be mistaken for each other.
    values = list(swatches.values())
    gaps = [math.dist(p, q) for i, p in enumerate(values) for q in values[i + 1 :]]
    assert min(gaps) > 3 * SAME
    if artifacts:
        page.screenshot(path=str(artifacts / f"frontend_legend_{name}.png"))


def test_target_classes_match_their_swatches_and_none_is_empty(page, targets, artifacts):
    values, style = targets
    open_map(page)
    expected = {adcode: {target_class(style, v)} for adcode, v in values.items()}
    # Every class shown holds at least one district.
    assert set(legend_swatches(page)) == {c for classes in expected.values() for c in classes}
    assert_matches(page, expected, artifacts, "target")


def test_role_of_an_industry_matches_the_plan_and_the_legend(page):
    named = plan_districts_naming("动力电池")  # the plan's focus segment in four districts
    assert len(named) == 4
    open_map(page, "mode=role&industry=动力电池")
    page.wait_for_selector("body[data-found]")
    expected = {
        adcode: {"segment"} if name in named else {"leading", "specialty", "none"}
        for adcode, name in DISTRICTS.items()
    }
    assert_matches(page, expected)
    # Not one 细分领域 district reads as 主导产业 (the old fills at 0.8 over the ground did).
    colours = rendered_district_colours(page)
    swatches = legend_swatches(page)
    for adcode, name in DISTRICTS.items():
        if name in named:
            assert nearest(colours[adcode], swatches)[0] == "segment"


def test_site_selection_tiers_match_the_legend_on_a_phone_in_english(new_page, artifacts):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    named = plan_districts_naming("预制菜")
    open_map(page, "lang=en&mode=siting&tab=siting&site=预制菜")
    page.wait_for_selector(".candidate-marker", state="attached")
    expected = {
        adcode: {"named"} if name in named else {"linked", "none"}
        for adcode, name in DISTRICTS.items()
    }
    assert_matches(page, expected, artifacts, "siting_phone_en")


@pytest.fixture
def osm_tiles(page, monkeypatch, client):
    """OpenStreetMap configured (at a URL of our own), each tile painted in the ground colour
    the server declares for it: what a district's fill mixes with is then known exactly."""
    from PIL import Image

    monkeypatch.setenv("IM_BASEMAP_OSM_URL", "https://tiles.example.invalid/{z}/{x}/{y}.png")
    basemap_settings.cache_clear()
    ground = next(b for b in client.get("/api/config").json()["basemaps"] if b["id"] == "osm")
    ground = ground["ground"]
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), ground).save(buffer, format="PNG")
    page.route(
        "https://tiles.example.invalid/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=buffer.getvalue()),
    )
    yield ground
    monkeypatch.delenv("IM_BASEMAP_OSM_URL")
    basemap_settings.cache_clear()


def test_over_a_base_map_the_swatches_mix_with_its_ground(page, targets, osm_tiles, artifacts):
    values, style = targets
    open_map(page, "basemap=osm")
    page.wait_for_selector(".leaflet-tile-loaded")
    page.wait_for_timeout(300)  # tiles fade in
    expected = {adcode: {target_class(style, v)} for adcode, v in values.items()}
    assert_matches(page, expected, artifacts, "osm")
    # Lighter than without the base map: the same class has another swatch.
    over = legend_swatches(page)
    page.locator(".leaflet-control-layers").hover()
    page.get_by_label("无底图（离线）").check()
    assert legend_swatches(page) != over
    assert_matches(page, expected)
