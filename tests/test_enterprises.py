"""Enterprises and projects: every source and note kept, no approximate location shown as
exact, the OGC layer, the project pipeline and the chain facts for site selection."""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import hashlib
import shutil
from decimal import Decimal

import asyncpg
import psycopg
import pytest

from app.cli import migrate
from app.config import PROJECT_ROOT
from app.domain.chains.facts import chain_facts
from app.ingest.enterprises import parse_events, parse_stage
from app.ingest.load import load
from app.ingest.sources import GEODATA, SourceData

CSV_ROWS = list(
    csv.DictReader(
        (PROJECT_ROOT / "geodata/enterprises/key_enterprises.csv").open(encoding="utf-8")
    )
)


def test_provenance_is_recorded(db):
    title, licence, digest = db.execute(
        "SELECT title, licence, sha256 FROM provenance WHERE dataset = 'enterprises'"
    ).fetchone()
    path = PROJECT_ROOT / "geodata/enterprises/key_enterprises.csv"
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "cited public sources" in licence and "GeoNames" in licence and title


def test_every_row_keeps_its_sources_and_notes(db):
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT name, sources, notes, status_text, segment, industry_chain, mapping_basis "
            "FROM enterprise"
        )
    }
    assert len(rows) == len(CSV_ROWS) == 74
    for row in CSV_ROWS:
        sources, notes, status, segment, chain, basis = rows[row["enterprise"]]
        assert sources == [s.strip() for s in row["sources"].split(" | ")]
        assert notes == (row["notes"] or None)
        assert status == row["status"] and chain == row["industry_chain"]
        assert segment == (row["segment"] or None)
        assert basis == "editorial"
        assert all(s.startswith("http") for s in sources)


def test_no_location_is_shown_as_exact(db):
    located = {r["enterprise"]: r for r in CSV_ROWS if r["lon"]}
    assert len(located) == 16
    parks = dict(db.execute("SELECT name, ST_AsText(location, 6) FROM park"))
    for name, precision, approximate, point, park in db.execute(
        "SELECT f.name, f.location_precision, f.location_approximate, "
        "ST_AsText(f.geom, 6), "
        "e.park_text FROM enterprise_feature f JOIN enterprise e ON e.id = f.id"
    ):
        assert approximate and precision != "surveyed_point"
        if name in located:
            row = located[name]
            assert precision == "town_seat"
            assert point == f"POINT({float(row['lon'])} {float(row['lat'])})"
        elif precision == "park":
            assert point == parks[park]
        else:
            assert precision == "district"


def test_the_ogc_layer(client):
    body = client.get("/ogc/collections/enterprises/items", params={"limit": 100}).json()
    assert body["numberMatched"] == 74
    assert all(f["properties"]["location_approximate"] for f in body["features"])
    assert all(f["properties"]["sources"] for f in body["features"])
    filtered = client.get(
        "/ogc/collections/enterprises/items",
        params={"filter": "stage = 'signed' AND district_adcode = '500117'"},
    ).json()
    assert {f["properties"]["name"][:2] for f in filtered["features"]} == {"坤泰", "杭州"}


def test_stages_and_dates_are_parsed_as_the_sources_write_them():
    assert parse_stage("signed/under construction（2020引进）") == "signed"
    assert parse_stage("completed/operating（同上）") == "operating"
    with pytest.raises(ValueError, match="names no stage"):
        parse_stage("planned")
    events = parse_events(
        "operating（2022-12-29签约；2023-01-06开工；2024-08-21竣工）", "operating"
    )
    assert [(e.event, e.date) for e in events] == [
        ("signed", "2022-12-29"), ("construction_started", "2023-01-06"),
        ("operating", "2024-08-21"),
    ]  # fmt: skip
    inferred = parse_events("under construction（7月25日开工，语境为2020；一期预计2021-10完工）",
                            "under_construction")  # fmt: skip
    assert [(e.event, e.year, e.inferred) for e in inferred] == [
        ("construction_started", 2020, True), ("planned", 2021, False),
    ]  # fmt: skip
    # “加紧施工” reports work under way; it is not the start.
    assert parse_events("under construction（2023-10“加紧施工”）", "x")[0].event == "reported"


def test_pipeline_totals_add_only_stated_figures(client):
    answer = client.get("/api/pipeline").json()
    stated = [Decimal(r["investment_yi"]) for r in CSV_ROWS if r["investment_yi"]]
    totals = answer["totals"]["all"]
    assert totals["projects"] == 74 and totals["with_stated_investment"] == len(stated)
    assert Decimal(str(totals["investment_yi"])) == sum(stated)
    assert sum(s["projects"] for s in answer["totals"]["stages"].values()) == 74
    target = answer["annual_start_target"]
    assert target["value_yi"] == 50 and target["measured"] is False
    assert "50" in target["plan_quote"] and target["why"]["zh"]
    assert {c["verdict"] for c in target["checks"]} <= {"reached_by_listed_projects",
                                                        "not_measured"}  # fmt: skip
    bishan = client.get("/api/pipeline", params={"district": "500120", "stage": "signed"}).json()
    assert {p["district"] for p in bishan["projects"]} == {"璧山区"}
    assert all(p["stage"] == "signed" for p in bishan["projects"])
    assert client.get("/api/pipeline", params={"district": "500101"}).status_code == 422
    text = client.get("/api/pipeline.csv", params={"lang": "en"}).text
    assert text.startswith("\ufeffid,enterprise / project") and text.count("\n") == 75


def test_enterprise_profile(client):
    body = client.get("/api/enterprises/bishan-01").json()
    assert body["name"].startswith("重庆弗迪锂电池")
    assert len(body["sources"]) == 7 and body["location_approximate"] is True
    assert [n["name"] for n in body["nodes"]] == ["动力电池"]
    missing = client.get("/api/enterprises/nobody")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(
        "application/problem+json"
    )


def _facts(url: str, **kwargs) -> dict:
    async def run():
        conn = await asyncpg.connect(url)
        try:
            return await chain_facts(conn, **kwargs)
        finally:
            await conn.close()

    # Its own thread: a Playwright test run earlier in the session leaves a loop running here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def test_chain_facts_for_site_selection(loaded_db):
    facts = _facts(loaded_db, terms=["动力电池"], district_adcodes=["500120", "500151"])
    assert [n["name"] for n in facts["nodes"]] == ["动力电池"]
    bishan = facts["districts"]["500120"]
    assert any(f["name"].startswith("重庆弗迪") and f["stage"] == "operating"
               for f in bishan["firms"])  # fmt: skip
    assert "璧山区已有" in bishan["reasons"][0]["zh"] and "Bishan" in bishan["reasons"][0]["en"]
    tongliang = facts["districts"]["500151"]
    # 铜梁's lithium-battery-material makers are upstream partners of a battery maker.
    assert {f["node"] for f in tongliang["upstream"]} == {"锂电材料"}
    assert tongliang["points"] <= facts["weights"]["cap"]
    software = _facts(loaded_db, terms=["汽车软件"], district_adcodes=["500118"])
    gap = software["districts"]["500118"]["fills_gap"]
    assert gap[0]["status"] == "gap"
    assert software["districts"]["500118"]["reasons"][-1]["zh"].startswith("补链")
    drive = _facts(loaded_db, terms=["电驱"], district_adcodes=["500120"], basis="literal")
    assert [n["name"] for n in drive["nodes"]] == ["驱动电机"]


def test_an_enterprise_without_sources_is_refused_and_changes_nothing(empty_db, tmp_path):
    migrate(empty_db)
    load(empty_db)
    root = tmp_path / "geodata"
    shutil.copytree(GEODATA, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    table = root / "enterprises" / "key_enterprises.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    rows[1][11] = ""
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(ValueError, match="at least one source"):
        load(empty_db, SourceData(root))
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 74


def test_chain_facts_cite_the_known_firms_of_the_districts_site_selection_ranks(client, loaded_db):
    """What site selection will cite (wired at merge): for the districts it ranks for 动力电池,
    chain_facts names every operating or pipeline firm the shared table puts on 动力电池 there."""
    ranked = client.get("/api/site-selection", params={"industry": "动力电池"}).json()
    adcodes = [d["adcode"] for d in ranked["districts"]]
    facts = _facts(loaded_db, terms=["动力电池"], district_adcodes=adcodes)
    names = {d["adcode"]: d["name"] for d in ranked["districts"]}
    for adcode in adcodes:
        expected = {
            r["enterprise"] for r in CSV_ROWS
            if r["district"] == names[adcode] and "动力电池" in r["segment"].replace(
                "废旧动力电池", "") and "智能网联新能源汽车零部件" in r["industry_chain"]
        }  # fmt: skip
        cited = " ".join(reason["zh"] for reason in facts["districts"][adcode]["reasons"])
        assert {f["name"] for f in facts["districts"][adcode]["firms"]} == expected
        assert all(name in cited for name in expected)
    assert any(facts["districts"][a]["firms"] for a in adcodes)


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL (gdal-bin) is not installed")
def test_gdal_copies_the_enterprises_layer_with_its_precision(live_server, tmp_path):
    from tests.test_ogc_clients import ogr2ogr

    features, _ = ogr2ogr(live_server, tmp_path / "enterprises.geojson", "enterprises")
    assert len(features) == 74
    assert all(f["properties"]["location_approximate"] for f in features)
    assert {f["properties"]["location_precision"] for f in features} == {
        "town_seat", "park", "district",
    }  # fmt: skip
    assert all(f["properties"]["sources"] for f in features)
