"""The chain graph, gap analysis and 补链 targets against the plan's full text (tests/plan_text.py)
and the shared enterprise table, independently of our YAML transcription."""

from __future__ import annotations

import csv
import re

import pytest

from app.config import PROJECT_ROOT
from tests.plan_text import plan_districts_naming

PLAN = re.sub(r"\s+", "", (PROJECT_ROOT / "geodata/plan/plan.txt").read_text(encoding="utf-8"))
ENTERPRISES = PROJECT_ROOT / "geodata/enterprises/key_enterprises.csv"
CLUSTER = "智能网联新能源汽车零部件"


def key_systems_of_3_1() -> list[str]:
    """Every system and product 三（一） names, in its words: the key systems, the supporting
    products and the recycling businesses."""
    section = PLAN.split("（一）打造世界级智能网联新能源汽车零部件产业基地。")[1].split("（二）")[0]
    lists = [
        re.search(r"加快做强做大(.+?)等智能网联新能源汽车关键系统及零部件", section)[1],
        re.search(r"新车型的(.+?)等配套产品", section)[1],
        re.search(r"大力发展(.+?)等业态", section)[1],
    ]
    return [name for text in lists for name in re.split(r"、|和", text)]


def operating_on(name: str, longer: list[str]) -> bool:
    """Does the shared table list an operating firm of the ICNEV-parts chain whose segment names
    `name` (not only inside a longer key-system name, e.g. 动力电池 in 废旧动力电池回收利用)?"""
    with ENTERPRISES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            segment = row["segment"]
            for other in longer:
                segment = segment.replace(other, "、")
            status = row["status"].split("（")[0].lower()
            operating = status.startswith(("operating", "completed")) and "/under" not in status
            if CLUSTER in row["industry_chain"] and name in segment and operating:
                return True
    return False


@pytest.fixture(scope="module")
def icv(client):
    return client.get("/api/chains/icv-parts").json()


def test_every_key_system_of_3_1_is_a_node_in_the_plans_words(icv):
    keys = key_systems_of_3_1()
    assert len(keys) == 18 and keys[0] == "动力电池" and keys[-1] == "汽车零部件再制造"
    nodes = {n["name"]: n for n in icv["nodes"]}
    for key in keys:
        assert key in nodes, key
        assert nodes[key]["plan_section"] == "三、（一）"
        assert key in nodes[key]["plan_quote"] and nodes[key]["plan_quote"] in PLAN


def test_unplanned_nodes_are_the_key_systems_no_district_names(icv):
    keys = key_systems_of_3_1()
    expected = [k for k in keys if not plan_districts_naming(k)]
    assert [n for n in icv["unplanned"]["literal"] if n in keys] == expected
    assert {"汽车软件", "高精地图", "驱动电机", "电空调"} <= set(expected)


def test_literal_gaps_are_unnamed_key_systems_without_an_operating_firm(icv):
    keys = key_systems_of_3_1()
    expected = [
        k for k in keys
        if not plan_districts_naming(k)
        and not operating_on(k, [o for o in keys if o != k and k in o])
    ]  # fmt: skip
    assert [n for n in icv["gaps"]["literal"] if n in keys] == expected
    assert {"汽车软件", "高精地图"} <= set(expected)
    # Firms hold some links no district names: those are present, not gaps.
    assert "结构件" in icv["unplanned"]["literal"] and "结构件" not in expected


def test_editorial_equivalences_are_kept_apart_from_literal_matches(icv):
    motor = next(n for n in icv["nodes"] if n["name"] == "驱动电机")
    assert motor["status"]["literal"]["status"] == "gap"
    assert motor["status"]["editorial"]["status"] == "present"
    planned = {d["name"] for d in motor["districts"]}
    assert planned == plan_districts_naming("电驱")
    for d in motor["districts"]:
        assert d["basis"] == "editorial"
        assert d["terms"][0]["term"] == "电驱" and d["terms"][0]["relation"] == "equivalent"
    battery = next(n for n in icv["nodes"] if n["name"] == "动力电池")
    assert {d["name"] for d in battery["districts"]} == plan_districts_naming("动力电池")
    assert all(d["basis"] == "literal" for d in battery["districts"])
    # 废旧动力电池回收利用 is its own node: its firms are not 动力电池 makers.
    assert all("回收" not in f["name"] for f in battery["firms"])
    assert {"汽车软件", "高精地图"} <= set(icv["gaps"]["editorial"])


def test_links_are_labelled_and_reach_other_chains(icv):
    bases = {(link["from_node"], link["to_node"]): link["basis"] for link in icv["links"]}
    assert bases[("lithium-battery-materials", "power-battery")] == "editorial"
    assert {n["id"] for n in icv["external_nodes"]} >= {"lithium-battery-materials"}
    assert icv["rules"]["zh"] and icv["rules"]["en"]


def test_all_nine_chains(client):
    chains = client.get("/api/chains").json()
    assert [c["name"] for c in chains][0] == CLUSTER
    assert len(chains) == 9
    for c in chains:
        assert c["name"] in PLAN
        assert sum(c["status_counts"]["literal"].values()) == c["node_count"]


def test_unknown_chain_is_a_problem(client):
    response = client.get("/api/chains/no-such-chain")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    bad = client.get("/api/chain-targets", params={"basis": "loose"})
    assert bad.status_code == 422 and "basis" in bad.text
    unknown = client.get("/api/chain-targets", params={"chain": "nope"})
    assert unknown.status_code == 422 and unknown.json()["parameter"] == "chain"


def test_targets_for_yuxi_and_each_district(client):
    answer = client.get("/api/chain-targets", params={"basis": "literal"}).json()
    region = {t["node"]: t for t in answer["region"]}
    assert region["汽车软件"]["status"] == "gap" and "补链" in region["汽车软件"]["actions"]
    assert region["智能座舱"]["status"] == "planned_thin"
    assert set(region["智能座舱"]["planned_districts"]) == {"500116", "500118"}
    districts = {d["name"]: d for d in answer["districts"]}
    # 璧山 plans 动力电池 and 弗迪 operates there: not a target; 铜梁 plans it, no firm known.
    assert "动力电池" not in [t["node"] for t in districts["璧山区"]["targets"]]
    tongliang = {t["node"]: t for t in districts["铜梁区"]["targets"]}
    assert "动力电池" in tongliang
    assert any("弗迪" in f["name"] for f in tongliang["动力电池"]["held_elsewhere"])


def test_targets_export(client):
    response = client.get("/api/chain-targets.csv", params={"basis": "editorial"})
    assert response.status_code == 200
    assert response.text.startswith("\ufeff范围,产业链,环节")
    assert "汽车软件" in response.text and "attachment" in response.headers["content-disposition"]
    english = client.get("/api/chain-targets.csv", params={"lang": "en"}).text
    assert english.startswith("\ufeffscope,chain,node")


def test_targets_and_pipeline_as_xlsx(client):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get("/api/chain-targets.xlsx", params={"chain": "icv-parts"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("范围", "产业链", "环节")
    assert ("渝西", "智能网联新能源汽车零部件", "汽车软件") in [r[:3] for r in rows]
    pipeline = load_workbook(BytesIO(client.get("/api/pipeline.xlsx").content)).active
    assert pipeline.max_row == 75


def test_chain_places_layer(client):
    body = client.get(
        "/ogc/collections/chain-places/items", params={"node_id": "power-battery", "limit": 50}
    ).json()
    districts = {f["properties"]["district"] for f in body["features"]
                 if f["properties"]["kind"] == "district_plan"}  # fmt: skip
    assert districts == plan_districts_naming("动力电池")
    firms = [f for f in body["features"] if f["properties"]["kind"] == "firm"]
    assert firms and all(f["properties"]["location_approximate"] for f in firms)
    assert all(f["geometry"]["type"] == "Point" for f in firms)


def test_chain_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/chains",
        "/api/chains/{chain_id}",
        "/api/chain-targets",
        "/api/chain-targets.csv",
        "/api/pipeline",
        "/api/enterprises/{enterprise_id}",
    ):
        assert path in paths, path  # fmt: skip
    assert "404" in paths["/api/chains/{chain_id}"]["get"]["responses"]
