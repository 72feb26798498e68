"""Progress and the 赛马 ranking from the SYNTHETIC fixture (tests/synthetic_actuals.py) equal
values computed by hand; mixed bases are refused; missing years stay missing."""

import math

import pytest
from synthetic_actuals import _synthetic_client, _synthetic_db  # noqa: F401  (fixtures)

JIANGJIN, BISHAN, DAZU, YONGCHUAN, HECHUAN = "500116", "500120", "500111", "500118", "500117"


def target(body, code, area):
    return next(
        t for t in body["targets"] if t["indicator_code"] == code and t["area_code"] == area
    )


def test_compound_path_and_progress_by_hand(synthetic_client):
    body = synthetic_client.get("/api/progress", params={"year": 2023}).json()
    jj = target(body, f"revenue:{JIANGJIN}", JIANGJIN)
    # Compound: 1500 · (3000/1500)^(1/5) in 2023; 1800 is above it.
    path = 1500 * (3000 / 1500) ** (1 / 5)
    assert jj["path"] == "compound"
    assert jj["baseline"] == 1500
    assert jj["path_value"] == pytest.approx(path, abs=1e-4)
    assert jj["actual"]["value"] == 1800
    assert jj["actual"]["ratio"] == pytest.approx(1800 / path, abs=1e-4)
    assert jj["progress"] == "ahead"
    assert jj["years_left"] == 4
    assert jj["basis"] == "营业收入"
    bs = target(body, f"revenue:{BISHAN}", BISHAN)
    assert bs["path_value"] == pytest.approx(1000 * 1.5 ** (1 / 5), abs=1e-4)
    assert bs["progress"] == "behind"


def test_linear_and_cumulative_paths_by_hand(synthetic_client):
    rd = target(synthetic_client.get("/api/progress?year=2023").json(), "rd_intensity", "yuxi")
    assert rd["path"] == "linear"
    assert rd["path_value"] == pytest.approx(1.5 + (2 - 1.5) / 5)
    assert rd["progress"] == "ahead"
    body = synthetic_client.get("/api/progress?year=2024").json()
    green = target(body, "green_factories", "yuxi")
    assert green["path"] == "cumulative"
    assert green["path_value"] == pytest.approx(100 * 2 / 5)
    assert green["actual"]["ratio"] == pytest.approx(30 / 40)
    assert green["progress"] == "behind"


def test_missing_years_stay_missing(synthetic_client):
    body = synthetic_client.get("/api/progress", params={"year": 2023}).json()
    dz = target(body, f"revenue:{DAZU}", DAZU)
    assert dz["actual"] is None and dz["progress"] == "missing"
    assert dz["latest"]["year"] == 2022 and dz["latest"]["progress"] == "baseline"
    assert [s["actual"] for s in dz["series"]] == [500, None, None, None, None, None]
    yc = target(body, f"revenue:{YONGCHUAN}", YONGCHUAN)
    assert yc["progress"] == "no_path" and yc["path_value"] is None
    # A district with no figure at all: missing, never 0.
    hc = target(body, f"revenue:{HECHUAN}", HECHUAN)
    assert hc["actual"] is None and hc["latest"] is None and hc["progress"] == "missing"
    with_data = {(t["indicator_code"], t["area_code"]) for t in body["targets"] if t["latest"]}
    assert len(with_data) == body["targets_with_data"] == 5  # 4 districts' revenue + rd
    assert body["share_with_data"] == pytest.approx(5 / body["targets_total"], abs=1e-4)


def test_ranking_by_hand(synthetic_client):
    body = synthetic_client.get("/api/rankings", params={"year": 2023}).json()
    used = {c["code"]: c for c in body["criteria"]}
    assert set(used) == {"revenue", "value_added_growth"}
    assert used["revenue"]["kind"] == "progress" and used["revenue"]["weight"] == 3
    rows = {d["adcode"]: d for d in body["districts"]}
    # value_added_growth: 璧山 9.4 = 大足 9.4 > 江津 8.0 > 永川 7.0; 合川 '>5' is a bound.
    va = lambda a: rows[a]["criteria"]["value_added_growth"]["points"]  # noqa: E731
    assert va(BISHAN) == va(DAZU) == pytest.approx(100 * 2.5 / 3, abs=1e-3)
    assert va(JIANGJIN) == pytest.approx(100 / 3, abs=1e-3)
    assert va(YONGCHUAN) == 0
    assert rows[HECHUAN]["criteria"]["value_added_growth"]["not_ranked"] == "bound_only:>5"
    # revenue progress: 江津 ahead (100 points), 璧山 behind (0).
    assert rows[JIANGJIN]["score"] == pytest.approx((3 * 100 + 2 * 100 / 3) / 5, abs=1e-3)
    assert rows[BISHAN]["score"] == pytest.approx((3 * 0 + 2 * 250 / 3) / 5, abs=1e-3)
    assert (rows[JIANGJIN]["rank"], rows[BISHAN]["rank"]) == (1, 2)
    # 大足 and 永川 have 2 of 5 weight units: below 50 % coverage, listed but unranked.
    assert rows[DAZU]["rank"] is None and rows[DAZU]["unranked_reason"] == "low_coverage"
    assert rows[DAZU]["coverage"] == pytest.approx(0.4)
    assert rows[HECHUAN]["unranked_reason"] == "no_comparable_figures"
    assert [d["adcode"] for d in body["districts"][:2]] == [JIANGJIN, BISHAN]


def test_ranking_weights_and_ties(synthetic_client):
    body = synthetic_client.get(
        "/api/rankings", params={"year": 2023, "weights": "revenue:0"}
    ).json()
    ranks = {d["adcode"]: (d["rank"], d["tied"]) for d in body["districts"]}
    assert ranks[BISHAN] == ranks[DAZU] == (1, True)
    assert ranks[JIANGJIN] == (3, False)
    assert ranks[YONGCHUAN] == (4, False)
    assert body["weights"]["revenue"] == 0
    assert any(c["code"] == "revenue" and c["why_not_used"] == "weight_zero"
               for c in body["criteria_not_used"])  # fmt: skip


@pytest.mark.parametrize(
    ("weights", "message"),
    [("output_value:1", "levels such as 产值"), ("nosuch:1", "not a ranked measure"),
     ("revenue:1000", "between 0 and 100"), ("revenue", "")],
)  # fmt: skip
def test_bad_weights_are_422(synthetic_client, weights, message):
    response = synthetic_client.get("/api/rankings", params={"year": 2023, "weights": weights})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == "weights"
    assert message in response.json()["detail"]


def test_a_mixed_basis_comparison_is_refused(synthetic_client):
    response = synthetic_client.get(
        "/api/actuals/compare", params=[("measure", "revenue"), ("measure", "output_value")]
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["parameter"] == "measure"
    assert "营业收入" in problem["detail"] and "产值" in problem["detail"]
    same = synthetic_client.get(
        "/api/actuals/compare", params=[("measure", "revenue"), ("year", 2023)]
    )
    assert same.status_code == 200 and same.json()["basis"] == "营业收入"
    assert {f["area_code"] for f in same.json()["figures"]} == {JIANGJIN, BISHAN, YONGCHUAN}


def test_the_domain_guard_itself_refuses_mixed_bases():
    from app.domain.actuals.basis import MixedBasis, same_basis

    assert same_basis([{"code": "a", "basis": "产值"}, {"code": "b", "basis": "产值"}]) == "产值"
    with pytest.raises(MixedBasis):
        same_basis([{"code": "a", "basis": "产值"}, {"code": "b", "basis": "营业收入"}])


def test_shipped_data_ranks_nothing_it_cannot(client):
    # On the public figures alone: no 营业收入 anywhere, and in 2023 only 大足 has a full-year
    # 规上工业增加值增速, so no criterion has two districts and nobody is ranked.
    body = client.get("/api/rankings", params={"year": 2023}).json()
    assert body["criteria"] == []
    assert all(d["rank"] is None for d in body["districts"])
    va = next(c for c in body["criteria_not_used"] if c["code"] == "value_added_growth")
    assert va["districts_with_figures"] == 1 and va["why_not_used"] == "too_few_districts"
    progress = client.get("/api/progress", params={"year": 2024}).json()
    revenue = [t for t in progress["targets"] if t["measure_code"] == "revenue"]
    assert revenue and all(t["latest"] is None and t["progress"] == "missing" for t in revenue)
    assert progress["targets_with_data"] == 0
    assert not math.isnan(progress["share_with_data"]) and progress["share_with_data"] == 0


def test_progress_of_one_area(synthetic_client):
    body = synthetic_client.get("/api/progress", params={"year": 2023, "area": "500120"}).json()
    assert {t["area_code"] for t in body["targets"]} == {"500120"}
    unknown = synthetic_client.get("/api/progress", params={"area": "500101"})
    assert unknown.status_code == 422 and unknown.json()["parameter"] == "area"
