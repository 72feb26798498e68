"""rank() on its own, with SYNTHETIC rows (made up for these tests, not shipped data): no
database, no HTTP. Each test states one rule of the ranking."""

from __future__ import annotations

import pytest

from app.domain.matching import Placement, Vocabulary, match_term
from app.domain.siting import WEIGHTS, SiteRequest, rank
from app.domain.siting.reasons import REASONS
from app.domain.siting.request import REFERENCES
from app.domain.siting.weights import WEIGHT_TABLE, ScoringWeights

VOCABULARY = Vocabulary(
    roles=[
        {"district_adcode": "100001", "district": "甲区", "district_en": "Jia District",
         "plan_order": 1, "role": "leading", "industry_id": "batteries", "industry": "电池产业",
         "industry_en": "Batteries", "segment_names": ["动力电池"], "cluster_ids": ["cars"]},
        {"district_adcode": "100002", "district": "乙区", "district_en": "Yi District",
         "plan_order": 2, "role": "leading", "industry_id": "batteries", "industry": "电池产业",
         "industry_en": "Batteries", "segment_names": ["动力电池"], "cluster_ids": ["cars"]},
    ],
    clusters=[{"id": "cars", "name": "汽车集群", "name_en": "Cars", "plan_section": "三、（一）",
               "key_products": ["动力电池"]}],
    segments=[{"name": "动力电池", "name_en": "Power batteries"}],
    parks=[],
)  # fmt: skip
DISTRICTS = [
    {"adcode": "100001", "name": "甲区", "name_en": "Jia District", "plan_order": 1,
     "plan_section": "四、（一）", "distance_m": 0.0},
    {"adcode": "100002", "name": "乙区", "name_en": "Yi District", "plan_order": 2,
     "plan_section": "四、（二）", "distance_m": 0.0},
]  # fmt: skip


def park(park_id: str, **facts) -> dict:
    row = {
        "id": park_id, "name": f"园区{park_id}", "name_en": f"Park {park_id}", "level": "市级",
        "district_adcode": "100001", "district": "甲区", "district_en": "Jia District",
        "plan_order": 1, "parent_id": None, "parent_name": None, "parent_name_en": None,
        "parent_level": None, "host_town": "某镇", "location_precision": "surveyed_point",
        "area_km2_min": None, "area_km2_max": None, "area_kind": None, "area_basis": None,
        "available_mu": None, "lead_firms": [], "industries": "电池", "lon": 106.0,
        "lat": 29.5, "distance_m": None, "profile": None,
    }  # fmt: skip
    return row | facts


def answer(parks: list[dict], weights: ScoringWeights = WEIGHTS, **request):
    placement: Placement = match_term("动力电池", VOCABULARY, expand_key_products=True)
    return rank(SiteRequest(industry="动力电池", **request), placement, VOCABULARY, DISTRICTS,
                parks, weights)  # fmt: skip


def test_every_weight_has_wording_and_every_scoring_reason_has_a_weight():
    reasons = {code for code, w in WEIGHT_TABLE.items() if w.factor != "limit"}  # caps aren't
    assert reasons <= {code.split(".")[0] for code in REASONS}
    assert {c for c in WEIGHT_TABLE if c not in reasons} == {
        "chain_firms_cap", "chain_partners_cap", "chain_cap"}  # fmt: skip
    assert WEIGHTS.named_tiers_dominate()


def test_known_to_fit_ranks_above_unknown_area_all_else_equal():
    fits = park("a", area_km2_min=5.0, area_km2_max=5.0, area_basis="planned")
    unknown = park("b")
    result = answer([unknown, fits], area_mu=300)
    assert [p["id"] for p in result.parks] == ["a", "b"]
    assert "面积未知" in [u["zh"] for u in result.parks[1]["unknowns"]]
    assert result.parks[1]["confidence"] < result.parks[0]["confidence"]


def test_available_land_beats_a_larger_stated_extent():
    extent = park("a", area_km2_min=133.0, area_km2_max=133.0, area_basis="managed")
    land = park("b", area_km2_min=0.4, area_km2_max=0.4, area_basis="available",
                available_mu=600.0)  # fmt: skip
    result = answer([extent, land], area_mu=300)
    assert [p["id"] for p in result.parks] == ["b", "a"]
    kinds = [next(r for r in p["reasons"] if r["code"].startswith("area_")) for p in result.parks]
    assert "可供土地" in kinds[0]["zh"] and "管理面积" in kinds[1]["zh"]


def test_too_small_is_excluded_with_the_reason_in_plain_words():
    small = park("a", area_km2_min=1.39, area_km2_max=1.39, area_basis="approved")
    result = answer([small], area_mu=3000)
    assert result.parks == []
    assert result.excluded[0]["zh"] == "核准面积 1.39 km²（约 2,085 亩）小于所需 3,000 亩"
    miss = result.nearest_misses[0]
    assert miss["parameter"] == "area_mu" and miss["value"] <= 2085


def test_nearer_first_and_3_km_beats_25_km_despite_a_keyword_and_a_level():
    near = park("near", distance_m=3000.0, industries="其他", level="区级")
    far = park("far", distance_m=25000.0, industries="电池", level="国家级")
    result = answer([far, near], reference=REFERENCES["central_city"])
    assert [p["id"] for p in result.parks] == ["near", "far"]


def test_the_plan_still_outranks_distance():
    named_far = park("named", distance_m=90000.0)
    linked_near = park("linked", distance_m=0.0, district_adcode="100003", district="丙区",
                       district_en="Bing District")  # fmt: skip
    districts = [
        *DISTRICTS,
        {
            "adcode": "100003",
            "name": "丙区",
            "name_en": "Bing District",
            "plan_order": 3,
            "plan_section": "四、（三）",
            "distance_m": 0.0,
        },
    ]
    placement = match_term("动力电池", VOCABULARY, expand_key_products=True)
    result = rank(SiteRequest(industry="动力电池", reference=REFERENCES["central_city"]),
                  placement, VOCABULARY, districts, [named_far, linked_near])  # fmt: skip
    assert result.parks[0]["id"] == "named"


def test_a_zone_and_its_components_are_one_candidate():
    zone = park("zone", area_km2_min=17.0, area_km2_max=17.0, area_basis="approved",
                distance_m=50000.0)  # fmt: skip
    part = park("part", parent_id="zone", parent_name="园区zone", distance_m=40000.0)
    other = park("other", distance_m=60000.0)
    result = answer([part, zone, other], area_mu=300, reference=REFERENCES["central_city"])
    assert [p["land_id"] for p in result.parks] == ["zone", "other"]
    top = result.parks[0]
    assert [c["id"] for c in top["components"]] == ["part"]
    assert top["components"][0]["member"] == "component"


def test_hard_requirements_each_exclude_and_say_why():
    parks = [
        park("elsewhere", district_adcode="100002", district="乙区", district_en="Yi District",
             distance_m=1000.0),
        park("low", level="区级", distance_m=1000.0),
        park("far", distance_m=80000.0),
        park("unlocated", lon=None, lat=None, location_precision="none"),
        park("good", distance_m=1000.0),
    ]  # fmt: skip
    result = answer(parks, district="100001", levels=frozenset({"municipal"}),
                    reference=REFERENCES["central_city"], max_km=50)  # fmt: skip
    assert [p["id"] for p in result.parks] == ["good"]
    why = {e["id"]: e["zh"] for e in result.excluded if e["kind"] == "park"}
    assert why["elsewhere"] == "位于乙区，不在所选的甲区"
    assert "不在所选级别（市级）内" in why["low"]
    assert why["far"] == "园区距中心城区 80 km，超出所限 50 km"
    assert "无法核对" in why["unlocated"]
    codes = {m["code"] for m in result.nearest_misses}
    assert {"relax_max_km", "relax_level", "relax_district"} <= codes


@pytest.mark.parametrize("extra", [1, 40])
def test_a_new_reason_is_a_table_entry(extra, monkeypatch):
    """Adding a weight is data: overrides apply, unknown codes are refused."""
    weights = ScoringWeights({"park_mentions": WEIGHTS.park_mentions + extra})
    assert weights.park_mentions == WEIGHTS.park_mentions + extra
    with pytest.raises(KeyError):
        ScoringWeights({"no_such_reason": 1})
