"""Printing prints what is on screen: the selected profile or the list beside the map, the
产业布局总表 alone on its page; and the one-page profiles say what their symbols are."""

import re

import pytest
from frontend_helpers import open_map

pytestmark = pytest.mark.browser


def enter_print(page):
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")


def leave_print(page):
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")


def test_a_selected_district_is_printed_beside_the_map(page, artifacts):
    open_map(page, "district=500151")
    page.wait_for_selector(".district-profile .district-progress-target")
    enter_print(page)
    panel, map_box = page.locator("#panel"), page.locator("#map").bounding_box()
    assert panel.is_visible() and page.locator(".district-profile h2").inner_text() == "铜梁区"
    box = panel.bounding_box()
    assert box["x"] >= map_box["x"] + map_box["width"] - 1  # beside the map, not under it
    assert page.locator(".tabs").is_hidden() and page.locator(".data-links").is_hidden()
    assert "计划原文" in panel.inner_text()
    # The progress section prints as its summary line; the figures of other bases stay on screen.
    progress = page.locator(".district-progress")
    assert progress.locator(".district-progress-target").is_visible()
    assert progress.locator("ul.district-progress-figures").is_hidden()
    page.screenshot(path=str(artifacts / "frontend_print_district.png"))
    pdf = page.pdf(path=str(artifacts / "frontend_print_district.pdf"), format="A4", landscape=True)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1  # one A4 page
    leave_print(page)
    assert page.locator(".tabs").is_visible()
    assert page.console_errors == []


def test_the_find_list_is_printed(page):
    open_map(page, "tab=find&mode=role&industry=动力电池")
    page.wait_for_selector(".find-districts")
    enter_print(page)
    assert page.locator(".find-districts").is_visible()
    assert page.locator(".find-form").is_hidden()
    assert page.locator("#print-title").inner_text() == "“动力电池”在渝西八区的产业定位"
    leave_print(page)


def test_the_industry_table_is_printed_alone(page, artifacts):
    open_map(page, "tab=layout&lang=en")
    page.wait_for_selector("#tab-layout-panel[data-ready=true]")
    enter_print(page)
    assert page.locator("#map").is_hidden() and page.locator(".layout-table").is_visible()
    assert page.locator("#print-title").inner_text().startswith("Industries of the eight")
    assert re.search(r"^Sources: ", page.locator("#print-sources").inner_text())
    page.screenshot(path=str(artifacts / "frontend_print_layout_en.png"))
    leave_print(page)
    assert page.locator("#map").is_visible()


@pytest.mark.parametrize("adcode", ["500151", "500153", "500116"])
def test_the_one_pager_says_what_it_draws(client, adcode):
    profile = client.get(f"/api/districts/{adcode}").json()
    html = client.get(f"/districts/{adcode}/print").text
    figure = html.split("<figure>")[1].split("</figure>")[0]
    circles = re.findall(r"<circle[^>]*>", figure)
    dashed = [c for c in circles if "stroke-dasharray" in c]
    caption = figure.split("<figcaption>")[1]
    # The caption names the symbols drawn, and only those.
    assert ("虚线圈为位置示意" in caption) == bool(dashed)
    assert ("实心圆为实测位置" in caption) == (len(circles) > len(dashed))
    assert all('fill="#fff"' in c for c in dashed)  # hollow, as on the map
    # The inset shows the neighbours, the central city and a scale.
    assert figure.count("<path") >= 4 and 'data-central="1"' in figure and ">中心城区<" in figure
    assert re.search(r'data-scale="\d+ km"', figure)
    # Component parks are spoken of only where the district has some.
    components = any(p["parent_id"] for p in profile["parks"])
    facts = html.split("<dt>园区数</dt>")[1].split("</dd>")[0]
    assert ("组成园区" in facts) == components
