"""Loading is idempotent, and a failed load changes nothing."""

import shutil

import psycopg
import pytest
import yaml

from app.cli import migrate
from app.ingest.load import load
from app.ingest.sources import GEODATA, SourceData

TABLES = [
    ("district", "adcode, name, name_en, kind, central_city, plan_order, plan_text, "
                 "ST_AsEWKB(boundary)"),
    ("cluster", "*"), ("industry", "*"), ("industry_cluster", "*"), ("district_industry", "*"),
    ("focus_segment", "*"), ("indicator", "*"), ("plan_document", "*"),
    ("park", "id, name, parent_id, ST_AsEWKB(location), location_precision, area_km2_min, "
             "area_km2_max, sources"),
    ("provenance", "dataset, sha256, transformations::text, loaded_at"),
    ("enterprise", "id, name, stage, stage_events::text, ST_AsEWKB(geom), location_precision, "
                   "sources, notes"),
    ("chain", "*"), ("chain_node", "*"), ("chain_link", "*"), ("chain_equivalence", "*"),
    ("measure", "*"), ("target_measure", "*"),
    ("actual", "measure_code, area_code, period_label, subject, value_text, value, basis, "
               "sources, status"),
]  # fmt: skip


def snapshot(url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {
            table: sorted(conn.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
            for table, cols in TABLES
        }


def test_loading_twice_gives_the_same_rows(empty_db):
    migrate(empty_db)
    first_counts = load(empty_db)
    first = snapshot(empty_db)
    second_counts = load(empty_db)
    assert first_counts == second_counts
    assert snapshot(empty_db) == first
    assert first_counts["district"] == 39
    assert first_counts["park"] == 30 + 10  # parks.csv and parks_added.csv


@pytest.fixture
def geodata_copy(tmp_path):
    root = tmp_path / "geodata"
    shutil.copytree(GEODATA, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def test_failed_load_changes_nothing(empty_db, geodata_copy):
    migrate(empty_db)
    load(empty_db)
    before = snapshot(empty_db)
    # A park in a district that does not exist fails in the middle of the load, after the
    # districts and plan rows have been written in the same transaction.
    parks = geodata_copy / "parks" / "parks.csv"
    parks.write_text(parks.read_text(encoding="utf-8").replace(",荣昌区,", ",不存在区,", 1))
    districts = geodata_copy / "plan" / "districts.yaml"
    entries = yaml.safe_load(districts.read_text(encoding="utf-8"))
    entries[0]["revenue_target_2027"] = 9999
    districts.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KeyError):
        load(empty_db, SourceData(geodata_copy))
    assert snapshot(empty_db) == before


def test_three_leading_industries_are_rejected_before_loading(geodata_copy):
    districts = geodata_copy / "plan" / "districts.yaml"
    entries = yaml.safe_load(districts.read_text(encoding="utf-8"))
    entries[0]["leading"].append({"industry": "精密铜材"})
    districts.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="at most 2 leading industries"):
        SourceData(geodata_copy).districts  # noqa: B018


def test_five_specialty_industries_are_rejected_before_loading(geodata_copy):
    districts = geodata_copy / "plan" / "districts.yaml"
    entries = yaml.safe_load(districts.read_text(encoding="utf-8"))
    entries[0]["specialty"].append("预制菜")
    districts.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="at most 4 specialty industries"):
        SourceData(geodata_copy).districts  # noqa: B018


def test_a_name_not_in_the_plan_is_rejected(geodata_copy):
    districts = geodata_copy / "plan" / "districts.yaml"
    text = districts.read_text(encoding="utf-8").replace(
        "[电驱, 电转向, 智能座舱]", "[电驱, 电转向, 智能车舱]"
    )
    districts.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="智能车舱"):
        SourceData(geodata_copy).validate()


def test_an_unknown_key_in_the_vocabulary_is_rejected(geodata_copy):
    # An unquoted comma in a YAML flow mapping silently starts a new key; it must not pass.
    vocabulary = geodata_copy / "plan" / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(
        text.replace('"Aircraft, spacecraft and equipment manufacturing"',
                     "Aircraft, spacecraft and equipment manufacturing"),
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        SourceData(geodata_copy).vocabulary  # noqa: B018


def test_english_industry_names_are_whole():
    names = {t.id: t.name_en for t in SourceData().vocabulary.industries}
    assert names["aerospace-equipment"] == "Aircraft, spacecraft and equipment manufacturing"
