"""The site-selection answer as files: CSV and GeoJSON that pandas/geopandas read, and a
standalone HTML map that shows the candidates with no network at all."""

from __future__ import annotations

import io
import re

import geopandas
import pandas
import pytest

QUERY = {"industry": "动力电池", "area_mu": 300, "near": "中心城区"}


@pytest.fixture(scope="module")
def answer(client):
    return client.get("/api/site-selection", params=QUERY).json()


def test_csv_parses_with_pandas_in_rank_order(client, answer):
    response = client.get("/api/site-selection.csv", params=QUERY)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf"), "BOM, so Excel reads UTF-8"
    table = pandas.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert list(table["id"]) == [p["id"] for p in answer["parks"]]
    assert list(table["rank"]) == list(range(1, len(answer["parks"]) + 1))
    assert table["reasons_zh"].str.contains("动力电池").iloc[0]
    assert table["reasons_en"].notna().all()
    assert table.loc[table["location_precision"] == "none", "lon"].isna().all()


def test_geojson_reads_with_geopandas(client, answer, tmp_path):
    response = client.get("/api/site-selection.geojson", params=QUERY)
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["query"]["industry"] == "动力电池" and body["weights"]["plan_segment"] == 100
    path = tmp_path / "candidates.geojson"
    path.write_bytes(response.content)
    frame = geopandas.read_file(path)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["id"]) == [p["id"] for p in answer["parks"]]
    located = frame[frame.geometry.notna()]
    assert len(located) == sum(p["lon"] is not None for p in answer["parks"])
    first = answer["parks"][0]
    row = frame[frame["id"] == first["id"]].iloc[0]
    assert (row.geometry.x, row.geometry.y) == pytest.approx((first["lon"], first["lat"]))


def test_html_map_holds_the_candidates_and_no_remote_resources(client, answer):
    response = client.get("/api/site-selection/map.html", params=QUERY)
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    for park in answer["parks"]:
        assert park["name"] in page
    located = [p["id"] for p in answer["parks"] if p["lon"] is not None]
    for park_id in located:
        assert f"data-park-id='{park_id}'" in page
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", page)
    assert "L.map(" in page or "L.map (" in page


@pytest.mark.browser
def test_html_map_works_offline_from_disk(client, browser, tmp_path, artifacts, answer):
    """Saved to disk and opened with every network request refused, the map draws every
    located candidate and opens its popup with the reasons."""
    path = tmp_path / "map.html"
    path.write_bytes(client.get("/api/site-selection/map.html", params=QUERY).content)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.route("http*://**", lambda route: route.abort())
    page = context.new_page()
    errors, remote = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: r.url.startswith("http") and remote.append(r.url))
    page.goto(path.as_uri())
    located = [p for p in answer["parks"] if p["lon"] is not None]
    markers = page.locator("path.leaflet-interactive")
    # District outlines and the 中心城区 reference are paths too.
    assert markers.count() >= len(located)
    page.locator("#siting-panel").evaluate("e => e.open = false")
    markers.last.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "得分" in popup.inner_text()
    page.screenshot(path=artifacts / "siting-map-offline.png")
    context.close()
    assert errors == [] and remote == []
