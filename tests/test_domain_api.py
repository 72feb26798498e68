"""The domain API under /api, against the loaded database."""

import pytest

PLAN_BATTERY_DISTRICTS = {"璧山区", "铜梁区", "潼南区", "荣昌区"}  # 四、（五）（六）（七）（八）


def test_districts_geojson(client):
    response = client.get("/api/districts")
    assert response.headers["content-type"] == "application/geo+json"
    features = response.json()["features"]
    assert [f["properties"]["name"] for f in features][:2] == ["江津区", "合川区"]
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)


def test_district_profile(client):
    body = client.get("/api/districts/500118").json()
    assert body["name"] == "永川区"
    assert body["revenue_target_2027"] == 3300
    assert body["revenue_share_pct"] == pytest.approx(23.57)
    assert [i["name"] for i in body["leading_industries"]] == [
        "智能网联新能源汽车整车与零部件",
        "新能源材料",
    ]
    assert [s["name"] for s in body["leading_industries"][0]["segments"]] == [
        "智能座舱", "智能驾驶", "智能车控",
    ]  # fmt: skip
    assert {p["id"] for p in body["parks"]} >= {"yongchuan-hitech-zone", "yongchuan-bonded-zone"}


def test_park_profile_keeps_precision_and_sources(client):
    body = client.get("/api/parks/jiangjin-degan-park").json()
    assert body["location_precision"] == "town_seat"
    assert body["location_approximate"] is True
    assert body["parent_id"] == "jiangjin-industrial-park"
    assert all(s.startswith("http") for s in body["sources"])
    zone = client.get("/api/parks/jiangjin-industrial-park").json()
    assert {c["id"] for c in zone["children"]} == {
        "jiangjin-degan-park", "jiangjin-shuangfu-park", "jiangjin-luohuang-park",
        "jiangjin-baisha-park",
    }  # fmt: skip


def test_parks_without_location_have_null_geometry(client):
    features = client.get("/api/parks").json()["features"]
    assert len(features) == 30 + 10  # parks.csv and the parks the research additions add
    unlocated = [f for f in features if f["properties"]["location_precision"] == "none"]
    assert unlocated and all(f["geometry"] is None for f in unlocated)


def test_placements_for_power_batteries(client):
    body = client.get("/api/placements", params={"term": "动力电池"}).json()
    assert {d["name"] for d in body["districts"]} == PLAN_BATTERY_DISTRICTS
    assert all(d["role"] == "segment" for d in body["districts"])


def test_placements_for_a_cluster_and_an_industry(client):
    body = client.get("/api/placements", params={"term": "预制菜"}).json()
    assert [(d["name"], d["role"]) for d in body["districts"]] == [("潼南区", "specialty")]
    motorcycles = client.get("/api/placements", params={"term": "高端摩托车"}).json()
    assert motorcycles["matches"][0]["kind"] == "cluster"
    leading = {d["name"] for d in motorcycles["districts"] if d["role"] == "leading"}
    assert leading == {"大足区", "铜梁区"}


def test_unknown_term_gives_suggestions(client):
    body = client.get("/api/placements", params={"term": "动力电吃"}).json()
    assert body["districts"] == [] and "动力电池" in body["suggestions"]


@pytest.mark.parametrize(
    ("q", "first"),
    [("璧山", "璧山区"), ("bishan", "璧山区"), ("Bishan", "璧山区"), ("yuzhong", "渝中区"),
     ("预制", "预制菜")],
)  # fmt: skip
def test_search(client, q, first):
    results = client.get("/api/search", params={"q": q}).json()["results"]
    assert results[0]["name"] == first


def test_search_finds_a_park(client):
    results = client.get("/api/search", params={"q": "双福"}).json()["results"]
    assert results[0]["type"] == "park" and results[0]["id"] == "jiangjin-shuangfu-park"


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [("/api/districts/12", 422, "adcode"), ("/api/districts/500101", 404, None),
     ("/api/parks/NOPE!", 422, "park_id"), ("/api/search?q=", 422, "q"),
     ("/api/search?q=x&limit=0", 422, "limit"), ("/api/placements", 422, "term")],
)  # fmt: skip
def test_bad_input_is_problem_json(client, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().get("parameter") == parameter


def test_config_offers_only_the_offline_default_unless_base_maps_are_configured(client):
    body = client.get("/api/config").json()
    assert body["default_basemap"] == "none"
    # No public tile URL by default: OpenStreetMap needs IM_BASEMAP_OSM_URL, 天地图 its key.
    assert [b["id"] for b in body["basemaps"]] == ["none"]


def test_openstreetmap_at_the_configured_url():
    from app.api.site_config import basemaps
    from app.config import BasemapSettings

    options = basemaps(BasemapSettings(osm_url="https://tiles.intranet.example/{z}/{x}/{y}.png"))
    osm = next(b for b in options if b["id"] == "osm")
    assert osm["layers"][0]["url"] == "https://tiles.intranet.example/{z}/{x}/{y}.png"
    assert osm["ground"].startswith("#")


def test_tianditu_with_key(monkeypatch):
    from app.api.site_config import basemaps
    from app.config import BasemapSettings

    options = basemaps(BasemapSettings(tianditu_key="k123"))
    vec = next(b for b in options if b["id"] == "tianditu-vec")
    assert "审图号" in vec["attribution"]
    assert [layer["url"].split("/")[3] for layer in vec["layers"]] == ["vec_w", "cva_w"]
    assert all("tk=k123" in layer["url"] for layer in vec["layers"])


def test_indicators_and_clusters(client):
    indicators = client.get("/api/indicators").json()
    assert {i["scope"] for i in indicators} == {"region", "cluster", "district", "task", "measure"}
    clusters = client.get("/api/clusters").json()
    assert len(clusters) == 9 and clusters[0]["revenue_target_2027"] == 4000
