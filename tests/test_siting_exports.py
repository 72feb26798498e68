"""The site-selection answer as files: CSV and GeoJSON that pandas/geopandas read, and a
standalone HTML map that shows the candidates with no network at all."""

from __future__ import annotations

import io
import json
import re

import geopandas
import pandas
import pytest

QUERY = {"industry": "动力电池", "area_mu": 300, "near": "中心城区"}


@pytest.fixture(scope="module")
def answer(client):
    return client.get("/api/site-selection", params=QUERY).json()


def _csv(client, **params):
    response = client.get("/api/site-selection.csv", params=QUERY | params)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf"), "BOM, so Excel reads UTF-8"
    return pandas.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)


def test_csv_parses_with_pandas_in_rank_order_in_the_chosen_language(client, answer):
    table = _csv(client)
    assert list(table.columns[:6]) == ["类型", "名次", "得分", "把握", "编号", "名称"]
    parks = table[table["类型"] == "推荐园区"]
    assert list(parks["编号"]) == [p["id"] for p in answer["parks"]]
    assert list(parks["名次"].astype(int)) == list(range(1, len(answer["parks"]) + 1))
    assert parks["理由"].str.contains("动力电池").iloc[0]
    members = table[table["类型"] == "同一片土地上的园区"]
    assert set(members["编号"]) == {c["id"] for p in answer["parks"] for c in p["components"]}
    districts = table[table["类型"] == "区县"]
    assert list(districts["编号"]) == [d["adcode"] for d in answer["districts"]]
    assert table.loc[table["位置"].str.startswith("无位置信息", na=False), "经度"].isna().all()

    english = _csv(client, lang="en", area_mu=3000, max_km=40)
    assert list(english.columns[:6]) == ["type", "rank", "score", "confidence", "id", "name"]
    excluded = english[english["type"] == "excluded park"]
    assert len(excluded) and excluded["why excluded"].notna().all()
    assert english["name"].str.contains("High-tech").any()
    assert not english["type"].str.contains("[\u4e00-\u9fff]").any()


def test_geojson_reads_with_geopandas(client, answer, tmp_path):
    response = client.get("/api/site-selection.geojson", params=QUERY)
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["query"]["industry"] == "动力电池" and body["weights"]["plan_segment"] == 200
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
    # Marker and label HTML sits in the script as JSON strings: read them as the browser will.
    icons = "".join(json.loads(m) for m in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', page))
    for park in answer["parks"]:
        assert park["name"] in page
    located = [p for p in answer["parks"] if p["lon"] is not None]
    for park in located:
        assert f"data-park-id='{park['id']}' data-rank='{park['rank']}'>{park['rank']}<" in icons
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", page)
    assert "L.map(" in page or "L.map (" in page
    assert '"attributionControl": false' in page  # no credit banner (no tiles are drawn)
    assert "图例" in page and "位置示意" in page
    for district in answer["districts"]:
        assert f"class='district-label'>{district['name']}<" in icons


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
    markers = page.locator(".leaflet-marker-icon .rank-marker")
    assert markers.count() == len(located)
    # The numbered markers and the ranked list beside the map say the same.
    drawn = {m.get_attribute("data-park-id"): m.inner_text() for m in markers.all()}
    assert drawn == {p["id"]: str(p["rank"]) for p in located}
    listed = page.locator("#siting-panel ol.ranked li")
    assert listed.count() == len(answer["parks"])
    assert listed.first.get_attribute("data-park-id") == answer["parks"][0]["id"]
    assert page.locator(".district-label").count() == len(answer["districts"])
    assert page.locator(".leaflet-control-attribution").count() == 0
    page.screenshot(path=artifacts / "siting-map-offline.png")
    first = answer["parks"][0]
    page.locator(f".rank-marker[data-park-id='{first['id']}']").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "得分" in popup.inner_text() and first["name"] in popup.inner_text()
    context.close()
    assert errors == [] and remote == []
