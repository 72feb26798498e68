"""Site selection against the loaded PostGIS: ranking follows the plan, filters filter,
distances are geodesic, every candidate is explained, bad input is a clear 422."""

from __future__ import annotations

import pytest
import shapely
from plan_text import plan_districts_naming
from pyproj import Geod, Transformer
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from app.domain.siting import WEIGHT_TABLE, WEIGHTS

GEOD = Geod(ellps="WGS84")
SEARCH = "/api/site-selection"


def get(client, **params):
    response = client.get(SEARCH, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def members(body):
    """Every park of the answer: the candidates and the members nested under them."""
    return [m for p in body["parks"] for m in [p, *p["components"]]]


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
    assert {w["code"] for w in body["weights"]["table"]} == set(WEIGHT_TABLE)
    assert all(w["meaning"] for w in body["weights"]["table"])
    assert "distance" in body["weights"]["doc"]
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
    rongchang = next(p for p in body["parks"] if p["land_id"] == "rongchang-hitech-zone")
    nested = [c for c in rongchang["components"] if c["parent_id"] == "rongchang-hitech-zone"]
    assert nested and {c["level_class"] for c in nested} == {"national"}, (
        "component parks take their zone's level"
    )
    for item in body["excluded"]:
        assert item["level_class"] not in {"national", "bonded"}
        assert any(f["code"] == "level_not_wanted" for f in item["failed"])


def test_distance_limit_removes_far_parks_verified_with_pyproj(client):
    lon, lat, limit_km = 106.05, 29.6, 40
    everything = get(client, industry="动力电池", near=f"{lon},{lat}")
    limited = get(client, industry="动力电池", near=f"{lon},{lat}", max_km=limit_km)

    def geodesic_km(park):
        return GEOD.inv(lon, lat, park["lon"], park["lat"])[2] / 1000

    located = [p for p in members(everything) if p["lon"] is not None]
    for park in located:
        assert park["distance_km"] == pytest.approx(geodesic_km(park), abs=0.01)
    kept = {p["id"] for p in limited["parks"]}
    assert kept and all(geodesic_km(p) <= limit_km for p in limited["parks"])
    far = {p["id"] for p in located if geodesic_km(p) > limit_km}
    assert far and not far & kept, "the limit must remove something here"
    excluded = {m["id"]: m for e in limited["excluded"] if e["kind"] == "park"
                for m in [e, *e["components"]]}  # fmt: skip
    nested = {m["id"]: m for m in members(limited)}
    for park_id in far:
        park = nested.get(park_id) or excluded[park_id]
        assert any("超出所限 40 km" in f["zh"] for f in park["failed"])
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
    for park in members(body):
        if park["lon"] is None:
            continue
        expected = _aeqd_distance_km(park["lon"], park["lat"], central)
        # Precomputed at load; within 100 m of the distance pyproj measures (the projected
        # edges are straight lines, PostGIS's geodesics: a few metres apart).
        assert park["distance_km"] == pytest.approx(expected, abs=0.1)
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
        assert park["distance_km"] == pytest.approx(expected, abs=0.1)
        assert park["distance_km"] <= 120


def test_reasons_are_honest_about_location_area_and_zones(client):
    body = get(client, industry="动力电池", area_mu=300, near="中心城区")
    parks = {p["id"]: p for p in members(body)}

    def codes(park_id):
        return {r["code"]: r for r in parks[park_id]["reasons"]}

    indicative = codes("rongchang-hitech-zone")
    distance = indicative["distance"]["en"]
    assert distance.startswith("≈") and "(indicative location)" in distance
    assert "位置示意" in indicative["location_town_seat"]["zh"]
    assert "approved area" in indicative["area_extent_fits"]["en"]
    assert "可供土地未知" in indicative["area_extent_fits"]["zh"]
    assert "zone_with_components" in indicative
    assert parks["rongchang-hitech-zone"]["area"]["kind"] == "approved"

    component = codes("rongchang-ronglong-park")
    assert "area_unknown" in component and "300" in component["area_unknown"]["zh"]
    unknowns = {u["zh"] for u in parks["rongchang-ronglong-park"]["unknowns"]}
    assert {"面积未知", "位置示意"} <= unknowns

    unlocated = codes("rongchang-banqiao-park")
    assert "distance_unknown" in unlocated and "location_none" in unlocated


def test_available_land_counts_most_and_too_small_is_excluded(client):
    # 合川高新区草街拓展园 states about 600 亩 of reserved industrial land (预留工业用地).
    fits = get(client, industry="汽车轻量化", area_mu=500, district="合川")
    caojie = next(p for p in members(fits) if p["id"] == "hechuan-caojie-park")
    area = next(r for r in caojie["reasons"] if r["code"].startswith("area_"))
    assert area["code"] == "area_available_fits" and area["points"] == WEIGHTS.area_available_fits
    assert "可供土地约 600 亩" in area["zh"] and caojie["area"]["available_mu"] == 600
    assert WEIGHTS.area_available_fits > WEIGHTS.area_extent_fits > 0

    small = get(client, industry="汽车轻量化", area_mu=1000, district="合川")
    assert "hechuan-caojie-park" not in {p["id"] for p in small["parks"]}
    nested = {c["id"]: c for p in small["parks"] for c in p["components"]}
    excluded = {e["id"]: e for e in small["excluded"] if e["kind"] == "park"}
    caojie = nested.get("hechuan-caojie-park") or excluded["hechuan-caojie-park"]
    assert [f["zh"] for f in caojie["failed"]] == ["可供土地约 600 亩，小于所需 1,000 亩"]


def test_the_issue_example_of_an_approved_area_too_small(client):
    body = get(client, industry="汽车", area_mu=3000, district="永川")
    zone = next(m for m in members(body) + body["excluded"] if m["id"] == "yongchuan-hitech-zone")
    assert zone["failed"][0]["zh"] == "核准面积 1.39 km²（约 2,085 亩）小于所需 3,000 亩"
    assert zone["failed"][0]["en"].startswith("approved area 1.39 km²")


def test_no_zone_and_its_component_are_both_top_level(client):
    for params in ({"industry": "动力电池"}, {"industry": "医药", "near": "中心城区"},
                   {"industry": "汽车", "area_mu": 300}, {"industry": "battery"}):  # fmt: skip
        body = get(client, **params)
        lands = [p["land_id"] for p in body["parks"]]
        assert len(lands) == len(set(lands)), params
        top = {p["id"] for p in body["parks"]}
        for park in body["parks"]:
            assert park["parent_id"] not in top, params
            assert not {c["id"] for c in park["components"]} & top
    rongchang = next(p for p in get(client, industry="动力电池")["parks"]
                     if p["land_id"] == "rongchang-hitech-zone")  # fmt: skip
    assert {c["id"] for c in rongchang["components"]} | {rongchang["id"]} >= {
        "rongchang-hitech-zone", "rongchang-ronglong-park", "rongchang-guangfu-park",
        "rongchang-banqiao-park", "rongchang-pcb-park"}  # fmt: skip


def test_a_park_known_too_small_never_ranks_above_one_known_to_fit(client):
    for area_mu in (300, 1000, 3000, 50_000):
        body = get(client, industry="动力电池", area_mu=area_mu, near="中心城区")
        assert all(not p["failed"] for p in body["parks"])
        for item in body["excluded"]:
            assert item["zh"] and item["en"] and item["failed"]
        need = area_mu / 1500
        for park in body["parks"]:
            if park["area"]["km2_max"] is not None:
                assert park["area"]["km2_max"] >= need or park["area"]["available_mu"]
    huge = get(client, industry="动力电池", area_mu=50_000)
    known = [p for p in huge["parks"] if any(r["code"] == "area_extent_fits" for r in p["reasons"])]
    unknown = [p for p in huge["parks"] if any(r["code"] == "area_unknown" for r in p["reasons"])]
    assert known and unknown
    for k in known:
        for u in unknown:
            if k["score"] - WEIGHTS.area_extent_fits == u["score"]:  # all else equal
                assert k["rank"] < u["rank"]
    assert all(any(x["code"] == "unknown_area" for x in u["unknowns"]) for u in unknown)


def test_with_near_equal_parks_rank_by_distance_and_near_beats_far(client):
    body = get(client, industry="电池包", area_mu=300, near="中心城区")
    parks = body["parks"]
    for a, b in zip(parks, parks[1:], strict=False):
        plan_a, plan_b = (max(r["points"] for r in p["reasons"] if r["code"].startswith("plan_"))
                          for p in (a, b))  # fmt: skip
        if plan_a == plan_b and a["distance_km"] is not None and b["distance_km"] is not None:
            others = [sum(r["points"] for r in p["reasons"] if r["code"] != "distance")
                      for p in (a, b)]  # fmt: skip
            if others[0] == others[1]:
                assert a["distance_km"] <= b["distance_km"]
    lands = [p["land_id"] for p in parks]
    assert lands.index("bishan-hitech-zone") < lands.index("tongliang-hitech-zone")
    bishan = parks[lands.index("bishan-hitech-zone")]
    assert bishan["distance_km"] < 5 and bishan["rank"] == 1
    assert {p["district"] for p in parks[:5]} == {"璧山区", "铜梁区", "潼南区", "荣昌区"}


def test_confidence_says_how_much_rests_on_known_facts(client):
    body = get(client, industry="动力电池", area_mu=300, near="中心城区")
    for park in members(body):
        assert 0 <= park["confidence"] <= 1
    by_id = {p["id"]: p for p in members(body)}
    unlocated, located = by_id["rongchang-banqiao-park"], by_id["rongchang-hitech-zone"]
    assert unlocated["confidence"] < located["confidence"]


def test_excluded_say_why_and_an_empty_answer_offers_nearest_misses(client):
    body = get(client, industry="锶盐新材料", district="大足", near="中心城区", max_km=20)
    assert body["parks"] == []
    assert body["excluded"]
    for item in body["excluded"]:
        assert item["zh"] and item["en"] and item["failed"]
    assert any(n["code"] == "none_fit" for n in body["notices"])
    miss = next(m for m in body["nearest_misses"] if m["parameter"] == "max_km")
    assert miss["zh"].startswith(f"放宽到 {miss['value']:g} 公里可得") and miss["ids"]
    assert any(m["parameter"] == "district" for m in body["nearest_misses"])
    wider = get(client, industry="锶盐新材料", district="大足", near="中心城区",
                max_km=miss["value"])  # fmt: skip
    assert set(miss["ids"]) <= {m["id"] for m in members(wider)}


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
    assert body["suggestions"][0] == "动力电池"
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


def test_distances_to_the_references_are_precomputed_and_current(db):
    """Stored at load by refresh_reference_distances() for every located park and district,
    and recomputed by the trigger when a park's location changes."""
    counts = dict(
        db.execute(
            "SELECT reference, count(*) FROM reference_distance GROUP BY reference"
        ).fetchall()
    )
    located = db.execute("SELECT count(*) FROM park WHERE location IS NOT NULL").fetchone()[0]
    assert counts == {"central_city": located + 8, "chengdu": located + 8}
    before = db.execute(
        "SELECT distance_m FROM reference_distance WHERE feature_id = 'bishan-hitech-zone' "
        "AND reference = 'chengdu'"
    ).fetchone()[0]
    db.execute("UPDATE park SET location = ST_SetSRID(ST_MakePoint(105.70, 29.40), 4326) "
               "WHERE id = 'bishan-hitech-zone'")  # fmt: skip
    after = db.execute(
        "SELECT distance_m FROM reference_distance WHERE feature_id = 'bishan-hitech-zone' "
        "AND reference = 'chengdu'"
    ).fetchone()[0]
    assert after < before - 10_000
