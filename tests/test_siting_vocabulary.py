"""The promoter's vocabulary against the plan text and the loaded PostGIS: every synonym
stands for names the plan uses, the same concept in Chinese, English or as a GB/T 4754-2017
class gives the identical ranking, the issue's terms find the districts the plan names, and
suggestions are close, never unrelated."""

from __future__ import annotations

import re

import pytest
from plan_text import plan_districts_naming, plan_sections_three_and_four

from app.domain.siting.terms import industry_classes, normalise_en, synonyms

SEARCH = "/api/site-selection"
PLAN = plan_sections_three_and_four()
# Section 四 names an industry around its segment list: 智能网联新能源汽车零部件（…）及摩托车.
PLAN_NAMES = re.sub(r"（[^）]*）", "", PLAN)
NAMED = {"plan_segment", "plan_leading", "plan_specialty"}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ranking(client, term: str, **params) -> list[tuple]:
    response = client.get(SEARCH, params={"industry": term, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    return [(p["land_id"], p["id"], p["score"]) for p in body["parks"]] + [
        (d["adcode"], d["score"]) for d in body["districts"]
    ]


def test_every_link_points_at_names_the_plan_uses():
    for entry in synonyms().values():
        assert entry.means, entry.term
        for name in entry.means:
            assert flat(name) in PLAN or flat(name) in PLAN_NAMES, f"{entry.term} → {name}"
    for cls in industry_classes().values():
        assert re.fullmatch(r"C\d{4}", cls.code) and cls.name
        for name in cls.means:
            assert flat(name) in PLAN or flat(name) in PLAN_NAMES, f"{cls.code} → {name}"


def test_english_wordings_are_unambiguous():
    seen: dict[str, str] = {}
    for entry in synonyms().values():
        for wording in entry.en:
            key = normalise_en(wording)
            assert seen.setdefault(key, entry.term) == entry.term, wording


def test_every_term_and_its_english_give_the_identical_ranking(client):
    params = {"area_mu": 300, "near": "中心城区"}
    for entry in synonyms().values():
        expected = ranking(client, entry.term, **params)
        assert expected, entry.term
        for wording in entry.en:
            assert ranking(client, wording, **params) == expected, (entry.term, wording)


@pytest.mark.parametrize(
    ("first", "second"),
    [("prepared dishes", "预制菜"), ("Power-Batteries", "power battery"), ("BATTERY", "电池"),
     ("C3841", "锂电池"), ("3841", "锂电池"), ("c3982", "PCB"), ("medicine", "医药")],
)  # fmt: skip
def test_wordings_of_one_concept_rank_identically(client, first, second):
    assert ranking(client, first) == ranking(client, second)


ISSUE_TERMS = {
    "电池包": ["动力电池"], "PACK": ["动力电池"], "锂电池": ["动力电池"],
    "锂离子电池": ["动力电池"],
    "储能电池": ["新型储能"], "医药": ["生物医药", "现代中药", "绿色原料药及制剂", "化学制剂"],
    "新材料": ["新能源材料", "合成材料", "化工新材料", "锶盐新材料"],
    "机器人": ["智能制造装备", "智能装备制造"], "PCB": ["印刷电路板"],
    "battery": ["动力电池"], "power battery": ["动力电池"], "lithium battery": ["动力电池"],
    "robot": ["智能制造装备", "智能装备制造"], "medicine": ["生物医药", "现代中药"],
}  # fmt: skip


@pytest.mark.parametrize("term", sorted(ISSUE_TERMS))
def test_the_issue_terms_find_the_districts_the_plan_names(client, term):
    body = client.get(SEARCH, params={"industry": term}).json()
    named = {d["name"] for d in body["districts"] if d["reasons"][0]["code"] in NAMED}
    expected = set().union(*(plan_districts_naming(name) for name in ISSUE_TERMS[term]))
    assert expected and expected <= named, (term, expected - named)
    assert body["understood_as"]["basis"] == "editorial"
    # Candidates in the named districts come first.
    districts = [p["district"] for p in body["parks"]]
    first_elsewhere = next((i for i, d in enumerate(districts) if d not in named), len(districts))
    assert set(districts[:first_elsewhere]) <= named and districts[0] in named


def test_a_class_code_is_understood_with_its_source(client):
    body = client.get(SEARCH, params={"industry": "C3841"}).json()
    understood = body["understood_as"]
    assert understood["kind"] == "gbt4754" and understood["name"] == "锂离子电池制造"
    assert understood["source"] == "GB/T 4754-2017 C3841 锂离子电池制造"
    assert understood["basis"] == "editorial"
    unknown = client.get(SEARCH, params={"industry": "C9999"}).json()
    assert unknown["parks"] == [] and unknown["notices"][-1]["code"] == "no_match"


@pytest.mark.parametrize("term", ["电池组", "动力电吃", "储能柜", "机器人臂", "batery", "robott"])
def test_suggestions_are_close_and_never_unrelated(client, term):
    body = client.get(SEARCH, params={"industry": term}).json()
    if body["parks"]:
        pytest.skip(f"{term} is understood")
    suggestions = body["suggestions"]
    assert suggestions, term
    for name in suggestions:
        if term.isascii():
            continue
        assert len(set(name) & set(term)) >= 2, (term, name)
    assert "电梯" not in suggestions
