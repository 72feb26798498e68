"""Site selection against the loaded PostGIS: ranking follows the plan, filters filter,
distances are geodesic, every candidate is explained, bad input is a clear 422."""

from __future__ import annotations

import pytest
import shapely
from plan_text import plan_districts_naming
from pyproj import Geod, Transformer
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from app.domain import siting_queries
from app.domain.siting import WEIGHTS

GEOD = Geod(ellps="WGS84")
SEARCH = "/api/site-selection"


def get(client, **params):
    response = client.get(SEARCH, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_power_batteries_go_first_to_the_districts_the_plan_names(client):
    named = plan_districts_naming("动力电池")
    assert named == {"璧山区", "铜梁区", "潼南区", "荣昌区"}
    body = get(client, industry="动力电池", area_mu=300)

    districts = [d["name"] for d in body["districts"]]
    assert set(districts[: len(named)]) == named
    assert all(d["reasons"][0]["code"] == "plan_segment" for d in body["districts"][:4])

    parks = body["parks"]
    in_named = [p["rank"] for p in parks if p["district"] in named]
    elsewhere = [p["rank"] for p in parks if p["district"] not in named]
    assert in_named and elsewhere
    assert max(in_named) < min(elsewhere)


def test_every_candidate_is_explained_and_its_score_adds_up(client):
    body = get(client, industry="动力电池", area_mu=300, near="中心城区")
    for candidate in body["parks"] + body["districts"]:
        assert candidate["reasons"]
        for reason in candidate["reasons"]:
            assert set(reason) >= {"code", "zh", "en", "points"}
            assert reason["zh"] and reason["en"]
        assert candidate["score"] == pytest.approx(sum(r["points"] for r in candidate["reasons"]))
    bishan = next(d for d in body["districts"] if d["name"] == "璧山区")
    best = bishan["reasons"][0]
    assert "动力电池" in best["zh"] and "focus segment" in best["en"]
    assert best["source"] == "渝府〔2023〕13号 四、（五）"


def test_weights_are_returned_and_named_tiers_dominate(client):
    body = get(client, industry="预制菜")
    assert body["weights"]["plan_segment"] == WEIGHTS.plan_segment
    assert "park_keyword" in body["weights"]["doc"]
    assert WEIGHTS.named_tiers_dominate()


@pytest.mark.parametrize(
    ("term", "first_districts"),
    [("预制菜", {"潼南区"}), ("智能座舱", {"江津区", "永川区"})],
)
def test_other_terms_of_the_promoter(client, term, first_districts):
    assert plan_districts_naming(term) == first_districts
    body = get(client, industry=term, area_mu=300)
    top = {d["name"] for d in body["districts"][: len(first_districts)]}
    assert top == first_districts
    assert body["parks"][0]["district"] in first_districts


def test_district_filter_keeps_only_that_district(client):
    for value in ("璧山区", "璧山", "500120", "Bishan"):
        body = get(client, industry="动力电池", district=value)
        assert body["query"]["district"] == "500120"
        assert body["parks"] and {p["district_adcode"] for p in body["parks"]} == {"500120"}
        assert [d["adcode"] for d in body["districts"]] == ["500120"]


def test_level_filter(client):
    body = get(client, industry="动力电池", level="national,bonded")
    assert body["parks"]
    assert {p["level_class"] for p in body["parks"]} <= {"national", "bonded"}
    components = [p for p in body["parks"] if p["parent_id"] == "rongchang-hitech-zone"]
    assert components, "component parks take their zone's level"


def test_distance_limit_removes_far_parks_verified_with_pyproj(client):
    lon, lat, limit_km = 106.05, 29.6, 40
    everything = get(client, industry="动力电池", near=f"{lon},{lat}")
    limited = get(client, industry="动力电池", near=f"{lon},{lat}", max_km=limit_km)

    def geodesic_km(park):
        return GEOD.inv(lon, lat, park["lon"], park["lat"])[2] / 1000

    located = [p for p in everything["parks"] if p["lon"] is not None]
    for park in located:
        assert park["distance_km"] == pytest.approx(geodesic_km(park), abs=0.01)
    kept = {p["id"] for p in limited["parks"]}
    expected = {p["id"] for p in located if geodesic_km(p) <= limit_km}
    assert kept == expected
    assert len(kept) < len(everything["parks"]), "the limit must remove something here"
    assert all(p["lon"] is not None for p in limited["parks"])
    assert any(n["code"] == "max_km_needs_location" for n in limited["notices"])


def _aeqd_distance_km(lon: float, lat: float, area) -> float:
    """Distance from a point to an area, independently of PostGIS: in an azimuthal
    equidistant projection centred on the point, distances from the centre are geodesic."""
    to_aeqd = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84", always_xy=True
    ).transform
    projected = shapely.transform(area, lambda x, y: to_aeqd(x, y), interleaved=False)
    return projected.distance(Point(0, 0)) / 1000


def test_distance_from_the_central_city_is_to_its_nearest_edge(client):
    context = client.get("/api/context-areas").json()["features"]
    central = unary_union(
        [shape(f["geometry"]) for f in context if f["properties"]["central_city"]]
    )
    body = get(client, industry="动力电池", near="中心城区")
    assert body["reference"]["kind"] == "central_city"
    assert "nearest point" in body["reference"]["definition_en"]
    checked = 0
    for park in body["parks"]:
        if park["lon"] is None:
            continue
        expected = _aeqd_distance_km(park["lon"], park["lat"], central)
        # The projected edges are straight lines, PostGIS's are geodesics: a few metres apart.
        assert park["distance_km"] == pytest.approx(expected, rel=0.01, abs=0.1)
        checked += 1
    assert checked >= 10


def test_chengdu_distance_and_limit(client):
    chengdu = next(
        shape(f["geometry"])
        for f in client.get("/api/context-areas").json()["features"]
        if f["properties"]["name"] == "成都市"
    )
    body = get(client, industry="动力电池", near="成都", max_km=120)
    assert body["parks"]
    for park in body["parks"]:
        expected = _aeqd_distance_km(park["lon"], park["lat"], chengdu)
        assert park["distance_km"] == pytest.approx(expected, rel=0.01, abs=0.1)
        assert park["distance_km"] <= 120


def test_reasons_are_honest_about_location_area_and_zones(client):
    body = get(client, industry="动力电池", area_mu=300, near="中心城区")
    parks = {p["id"]: p for p in body["parks"]}

    def codes(park_id):
        return {r["code"]: r for r in parks[park_id]["reasons"]}

    indicative = codes("rongchang-hitech-zone")
    distance = indicative["distance"]["en"]
    assert distance.startswith("≈") and "(indicative location)" in distance
    assert "位置示意" in indicative["location_town_seat"]["zh"]
    assert "not with land available" in indicative["area_fits"]["en"]
    assert "zone_with_components" in indicative

    component = codes("rongchang-ronglong-park")
    assert "component_of_zone" in component and "area_unknown" in component
    assert "300" in component["area_unknown"]["zh"]

    unlocated = codes("rongchang-banqiao-park")
    assert "distance_unknown" in unlocated and "location_none" in unlocated


def test_area_too_small_is_said_and_scored(client):
    # 合川高新区草街拓展园 states about 600 亩 (0.4 km²) of reserved industrial land.
    body = get(client, industry="汽车轻量化", area_mu=1000, district="合川")
    caojie = next(p for p in body["parks"] if p["id"] == "hechuan-caojie-park")
    area = next(r for r in caojie["reasons"] if r["code"].startswith("area_"))
    assert area["code"] == "area_too_small" and area["points"] == WEIGHTS.area_too_small


def test_icnev_rule_is_cited(client):
    body = get(client, industry="动力电池", from_outside_chongqing=True)
    notice = next(n for n in body["notices"] if n["code"] == "plan_rule_icnev_parts")
    assert "市外新引进智能网联新能源汽车零部件企业原则上在渝西地区布局" in notice["zh"]
    assert notice["source"] == "渝府〔2023〕13号 三、（一）"
    assert all(
        any(r["code"] == "plan_rule_icnev_parts" for r in p["reasons"]) for p in body["parks"]
    )
    local = get(client, industry="智能座舱", from_outside_chongqing=False)
    assert "不适用" in local["notices"][0]["zh"]
    food = get(client, industry="预制菜")
    assert not any(n["code"] == "plan_rule_icnev_parts" for n in food["notices"])


def test_unknown_industry_is_200_with_suggestions(client):
    body = get(client, industry="动力电吃", area_mu=300)
    assert body["parks"] == [] and body["districts"] == []
    assert "动力电池" in body["suggestions"]
    assert body["notices"][0]["code"] == "no_match"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("", "industry"), ("industry=", "industry"), ("industry=%20%20", "industry"),
     ("industry=x&area_mu=0", "area_mu"),
     ("industry=x&area_mu=-300", "area_mu"), ("industry=x&area_mu=100001", "area_mu"),
     ("industry=x&area_mu=nan", "area_mu"), ("industry=x&area_mu=lots", "area_mu"),
     ("industry=x&near=中心城区&max_km=0", "max_km"),
     ("industry=x&near=中心城区&max_km=-1", "max_km"),
     ("industry=x&near=中心城区&max_km=1001", "max_km"), ("industry=x&max_km=50", "max_km"),
     ("industry=x&near=abc", "near"), ("industry=x&near=106.2", "near"),
     ("industry=x&near=200,30", "near"), ("industry=x&near=29.5,106.2", "near"),
     ("industry=x&district=沙坪坝区", "district"), ("industry=x&district=nowhere", "district"),
     ("industry=x&level=galactic", "level"), ("industry=x&limit=0", "limit"),
     ("industry=x&from_outside_chongqing=maybe", "from_outside_chongqing")],
)  # fmt: skip
def test_bad_input_is_422_naming_the_field(client, query, parameter):
    for path in (SEARCH, f"{SEARCH}.csv", f"{SEARCH}.geojson", f"{SEARCH}/map.html"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["parameter"] == parameter
        assert response.json()["detail"]


def test_openapi_documents_the_answer(client):
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/site-selection"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names >= {"industry", "area_mu", "district", "near", "max_km", "level", "limit"}
    schemas = spec["components"]["schemas"]
    assert {"SiteSelectionAnswer", "ParkCandidate", "DistrictCandidate", "Reason"} <= set(schemas)
    assert "location_approximate" in schemas["ParkCandidate"]["properties"]


def test_candidate_queries_can_use_the_spatial_indexes(db):
    """With sequential scans off, the distance limit is answered through the GiST indexes."""
    db.execute("SET enable_seqscan = off")
    db.execute(f"PREPARE parks(text, float8, float8, float8) AS {siting_queries.PARKS}")
    plan = "\n".join(
        r[0] for r in db.execute("EXPLAIN EXECUTE parks('central_city', NULL, NULL, 50000)")
    )
    assert "ix_park_location" in plan and "ix_park_boundary" in plan
