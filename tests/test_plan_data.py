"""The data in PostGIS equals the plan: parsed here independently from the plan's own text
(geodata/plan/plan.txt), not from our YAML transcription, and spot-checked by hand."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

PLAN = (Path(__file__).resolve().parent.parent / "geodata" / "plan" / "plan.txt").read_text()
FLAT = re.sub(r"\s+", "", PLAN)
NUMERALS = "一二三四五六七八"


def split_top_level(text: str) -> list[str]:
    """Split on 、 outside full-width parentheses."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "（"
        depth -= ch == "）"
        if ch == "、" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def parse_district(name: str) -> dict:
    """Section 四's paragraph for one district, read straight from the plan."""
    match = re.search(rf"（[{NUMERALS}]）{name}。优先发展(.+?)，特色发展(.+?)等。"
                      r"到2027年，规模以上工业企业实现营业收入(\d+)亿元。", FLAT)  # fmt: skip
    assert match, name
    leading = []
    for item in split_top_level(match.group(1)):
        segs = re.search(r"（(.+?)等?）", item)
        leading.append(
            {
                "industry": re.sub(r"（.*?）", "", item),
                "segments": segs.group(1).removesuffix("等").split("、") if segs else [],
            }
        )
    return {
        "leading": leading,
        "specialty": match.group(2).split("、"),
        "target": Decimal(match.group(3)),
    }


DISTRICTS = ["江津区", "合川区", "永川区", "大足区", "璧山区", "铜梁区", "潼南区", "荣昌区"]


@pytest.mark.parametrize("name", DISTRICTS)
def test_district_equals_the_plan(db, name):
    expected = parse_district(name)
    adcode, target = db.execute(
        "SELECT d.adcode, i.value FROM district d JOIN indicator i ON i.district_adcode = d.adcode "
        "WHERE d.name = %s AND i.target_year = 2027",
        (name,),
    ).fetchone()
    assert target == expected["target"]
    leading = db.execute(
        "SELECT name, segment_names FROM district_role WHERE district_adcode = %s "
        "AND role = 'leading' ORDER BY position",
        (adcode,),
    ).fetchall()
    assert [(r[0], r[1]) for r in leading] == [
        (e["industry"], e["segments"]) for e in expected["leading"]
    ]
    specialty = db.execute(
        "SELECT name FROM district_role WHERE district_adcode = %s AND role = 'specialty' "
        "ORDER BY position",
        (adcode,),
    ).fetchall()
    assert [r[0] for r in specialty] == expected["specialty"]


def test_plan_order_follows_section_four(db):
    rows = db.execute(
        "SELECT name FROM district WHERE kind = 'yuxi' ORDER BY plan_order"
    ).fetchall()
    assert [r[0] for r in rows] == DISTRICTS


def test_hand_checked_examples(db):
    # Read by a person from the plan, as a second, non-regex check.
    rows = dict(
        db.execute(
            "SELECT name, revenue_target_2027 FROM yuxi_district",
        ).fetchall()
    )
    assert rows["永川区"] == 3300 and rows["江津区"] == 3000 and rows["大足区"] == 1000
    battery = db.execute(
        "SELECT DISTINCT d.name FROM district_role r "
        "JOIN district d ON d.adcode = r.district_adcode, "
        "unnest(r.segment_names) s WHERE s LIKE '动力电池%' ORDER BY 1"
    ).fetchall()
    assert sorted(r[0] for r in battery) == sorted(["璧山区", "铜梁区", "潼南区", "荣昌区"])
    tongliang = db.execute(
        "SELECT name FROM district_role WHERE district_adcode = '500151' AND role = 'leading' "
        "ORDER BY position"
    ).fetchall()
    assert [r[0] for r in tongliang] == ["新型储能", "智能网联新能源汽车零部件及摩托车"]


def test_district_targets_add_up_to_the_region_target(db):
    total, region = db.execute(
        "SELECT (SELECT sum(value) FROM indicator WHERE scope = 'district'), "
        "(SELECT value FROM indicator WHERE code = 'revenue')"
    ).fetchone()
    assert total == region == Decimal(14000)


CLUSTERS = [
    ("智能网联新能源汽车零部件", 4000), ("新一代电子信息制造业", 2000),
    ("智能装备及智能制造", 1500), ("先进材料", 1500), ("食品及农产品加工", 1500),
    ("轻纺", 1000), ("新能源及新型储能", 1500), ("智能网联新能源汽车细分产品", 500),
    ("高端摩托车", 600),
]  # fmt: skip


def test_nine_clusters_and_their_targets(db):
    rows = db.execute(
        "SELECT c.name, i.value FROM cluster c JOIN indicator i ON i.cluster_id = c.id "
        "ORDER BY c.plan_order"
    ).fetchall()
    assert [(n, int(v)) for n, v in rows] == CLUSTERS
    for name, value in CLUSTERS:
        assert f"渝西地区{name}产业集群实现营业收入{value}亿元" in FLAT


REGION = {
    "revenue": ("=", 14000, "亿元", None), "revenue_share_of_city": ("≈", 35, "%", None),
    "rd_intensity": (">=", 2, "%", None), "firms_with_rd_institutions": ("=", 40, "%", None),
    "firms_with_rd_activity": ("=", 60, "%", None), "digital_design_tools": ("=", 87, "%", None),
    "nc_key_processes": ("=", 65, "%", None), "energy_intensity_reduction": ("=", 13, "%", 2022),
    "land_output_intensity": ("=", 75, "亿元/平方公里", None),
}  # fmt: skip
TASKS = {
    "tech_renovation_projects": 4000, "innovation_demo_factories": 20, "smart_factories": 20,
    "digital_workshops": 200, "green_factories": 100, "green_parks": 100,
    "specialised_smes": 500, "little_giants": 60, "single_champions": 5,
    "new_product_revenue_share": 25, "innovation_platform_coverage": 100,
}  # fmt: skip


def test_region_indicators(db):
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT code, comparator, value, unit, base_year, target_year, plan_quote "
            "FROM indicator WHERE scope = 'region'"
        ).fetchall()
    }
    assert set(rows) == set(REGION)
    for code, (comparator, value, unit, base_year) in REGION.items():
        assert rows[code][:4] == (comparator, Decimal(value), unit, base_year), code
        assert rows[code][4] == 2027
        assert re.sub(r"\s+", "", rows[code][5]) in FLAT


def test_task_indicators(db):
    rows = dict(db.execute("SELECT code, value FROM indicator WHERE scope = 'task'").fetchall())
    assert {k: int(v) for k, v in rows.items()} == TASKS
    quotes = db.execute("SELECT plan_quote FROM indicator").fetchall()
    for (quote,) in quotes:
        assert re.sub(r"\s+", "", quote) in FLAT, quote


def test_every_dataset_has_provenance(db):
    rows = db.execute("SELECT dataset, licence, sha256 FROM provenance ORDER BY 1").fetchall()
    datasets = ["district_actuals", "district_boundaries", "enterprises", "parks", "plan"]
    assert [r[0] for r in rows] == datasets
    assert all(r[1] and len(r[2]) == 64 for r in rows)
    assert db.execute("SELECT count(*) FROM district WHERE provenance IS NULL").fetchone()[0] == 0
