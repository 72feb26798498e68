"""Site selection knows the chain (issue 11, item 6): against the loaded PostGIS, the districts
it ranks for 动力电池 cite exactly the known firms of the shared enterprise table on that chain
link there, by name and stage; operating firms and partners count in the score within the
documented cap; a link 渝西 lacks gets a 补链 note; the plan's tiers still dominate."""

from __future__ import annotations

import csv
import re

import pytest
from plan_text import plan_districts_naming

from app.config import PROJECT_ROOT
from app.domain.chains.facts import CHAIN_WEIGHTS
from app.domain.chains.pipeline import STAGE_NAMES
from app.domain.siting import WEIGHT_TABLE, WEIGHTS

SEARCH = "/api/site-selection"
ENTERPRISES = PROJECT_ROOT / "geodata/enterprises/key_enterprises.csv"
CLUSTER = "智能网联新能源汽车零部件"
# The source's status words, least advanced first (the table's README).
STATUS_WORDS = [("signed", "signed"), ("under construction", "under_construction"),
                ("operating", "operating"), ("completed", "operating")]  # fmt: skip


def stage_of(status: str) -> str:
    head = re.split(r"[（(]", status, maxsplit=1)[0].lower()
    return next(stage for word, stage in STATUS_WORDS if word in head)


def table_firms_on(segment_name: str) -> dict[str, dict[str, str]]:
    """District → {firm: stage} of the shared table's ICNEV-parts firms whose segment names
    `segment_name` itself (not only inside a longer name such as 废旧动力电池回收利用)."""
    found: dict[str, dict[str, str]] = {}
    with ENTERPRISES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            items = re.split(r"[、；;，,]", row["segment"])
            if CLUSTER in row["industry_chain"] and segment_name in items:
                found.setdefault(row["district"], {})[row["enterprise"]] = stage_of(row["status"])
    return found


def get(client, **params):
    response = client.get(SEARCH, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def chain_reasons(candidate: dict, code: str) -> list[dict]:
    return [r for r in candidate["reasons"] if r["code"] == code]


@pytest.fixture(scope="module")
def batteries(client):
    return get(client, industry="动力电池", area_mu=300)


def test_power_batteries_cite_the_known_firms_of_exactly_the_ranked_districts(batteries):
    expected = table_firms_on("动力电池")
    assert "璧山区" in expected  # 弗迪 (BYD's blade-battery plant) operates there
    ranked = batteries["districts"]
    assert {d["name"] for d in ranked} & set(expected)
    for district in ranked:
        cited = chain_reasons(district, "chain_firms")
        firms = expected.get(district["name"], {})
        if not firms:
            assert not cited, district["name"]
            continue
        (reason,) = cited
        assert {f["name"]: f["stage"] for f in reason["firms"]} == firms
        for name, stage in firms.items():
            assert f"{name}（{STAGE_NAMES[stage]['zh']}）" in reason["zh"]
            assert name in reason["en"] and STAGE_NAMES[stage]["en"].lower() in reason["en"]
        assert reason["zh"].startswith(f"{district['name']}已有 {len(firms)} 家已知企业")
        assert reason["en"].startswith(f"{district['name_en']} already hosts {len(firms)}")
        operating = sum(s == "operating" for s in firms.values())
        assert reason["points"] == min(WEIGHTS.chain_firms * operating, WEIGHTS.chain_firms_cap)
        assert reason["source"].startswith("geodata/enterprises/key_enterprises.csv")


def test_parks_carry_their_districts_chain_reasons_and_points(batteries):
    by_district = {d["adcode"]: d for d in batteries["districts"]}
    bishan = next(d for d in batteries["districts"] if d["name"] == "璧山区")
    assert sum(r["points"] for r in bishan["reasons"] if r["code"].startswith("chain_")) > 0
    for park in batteries["parks"]:
        district = by_district[park["district_adcode"]]
        mine = [(r["code"], r["zh"], r["points"]) for r in park["reasons"]
                if r["code"].startswith("chain_")]  # fmt: skip
        theirs = [(r["code"], r["zh"], r["points"]) for r in district["reasons"]
                  if r["code"].startswith("chain_")]  # fmt: skip
        assert mine == theirs
        chain_points = sum(p for _, _, p in mine)
        assert 0 <= chain_points <= WEIGHTS.chain_cap
        assert park["score"] == pytest.approx(sum(r["points"] for r in park["reasons"]))


def test_battery_pack_ranks_and_cites_identically(client, batteries):
    for wording in ("电池包", "battery pack"):
        body = get(client, industry=wording, area_mu=300)
        assert [(p["id"], p["score"]) for p in body["parks"]] == [
            (p["id"], p["score"]) for p in batteries["parks"]
        ]
        assert [d["reasons"] for d in body["districts"]] == [
            d["reasons"] for d in batteries["districts"]
        ]


def test_a_gap_the_plan_names_gets_a_bu_lian_note(client):
    body = get(client, industry="汽车软件")
    assert body["matches"], "site selection should understand 汽车软件 (a key system of 三、（一）)"
    assert not table_firms_on("汽车软件")  # no firm of the table makes it
    candidates = body["districts"] + body["parks"]
    assert candidates
    for candidate in candidates:
        (note,) = chain_reasons(candidate, "chain_fills_gap")
        assert note["zh"].startswith("补链：“汽车软件”（没有区县的四、空间布局条目点名）")
        assert "补链" in note["en"] and "Automotive software" in note["en"]
        assert note["points"] == 0 and note["highlight"]
    # a link with firms in 渝西 is no gap
    assert not chain_reasons(get(client, industry="动力电池")["districts"][0], "chain_fills_gap")


def test_chain_weights_are_served_and_plan_tiers_still_dominate(client, batteries):
    codes = {w["code"] for w in batteries["weights"]["table"]}
    assert {"chain_firms", "chain_partners", "chain_fills_gap", "chain_cap"} <= codes
    assert codes == set(WEIGHT_TABLE)
    rules = client.get("/api/rules").json()["site_selection_weights"]
    assert rules["chain_cap"] == WEIGHTS.chain_cap
    assert WEIGHTS.named_tiers_dominate()
    assert WEIGHTS.chain_points_max() <= WEIGHTS.chain_cap
    assert (
        WEIGHTS.chain_firms,
        WEIGHTS.chain_firms_cap,
        WEIGHTS.chain_partners,
        WEIGHTS.chain_partners_cap,
        WEIGHTS.chain_cap,
    ) == tuple(CHAIN_WEIGHTS.values())
    # the plan's named districts for the term still come first, chain points or not
    named = plan_districts_naming("动力电池")
    parks = batteries["parks"]
    in_named = [p["rank"] for p in parks if p["district"] in named]
    elsewhere = [p["rank"] for p in parks if p["district"] not in named]
    assert in_named and (not elsewhere or max(in_named) < min(elsewhere))
