"""A small SYNTHETIC set of actuals (invented figures, labelled so, only ever in tests) on a
database of its own, with the shipped public figures taken out, so that progress and ranking
can be checked against values computed by hand."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from conftest import served
from fastapi.testclient import TestClient

from app.cli import migrate
from app.config import DatabaseSettings
from app.ingest.load import load
from app.main import create_app

SYNTHETIC = "SYNTHETIC test fixture — invented figures, not real data"

# (measure, basis, unit, area_kind, area_code, year, value text)
FIGURES = [
    ("revenue", "营业收入", "亿元", "district", "500116", 2022, "1500"),  # 江津
    ("revenue", "营业收入", "亿元", "district", "500116", 2023, "1800"),
    ("revenue", "营业收入", "亿元", "district", "500120", 2022, "1000"),  # 璧山
    ("revenue", "营业收入", "亿元", "district", "500120", 2023, "1050"),
    ("revenue", "营业收入", "亿元", "district", "500111", 2022, "500"),  # 大足: 2023 missing
    ("revenue", "营业收入", "亿元", "district", "500118", 2023, "2000"),  # 永川: no baseline
    ("value_added_growth", "增加值增速", "%", "district", "500116", 2023, "8.0"),
    ("value_added_growth", "增加值增速", "%", "district", "500120", 2023, "9.4"),
    ("value_added_growth", "增加值增速", "%", "district", "500111", 2023, "9.4"),
    ("value_added_growth", "增加值增速", "%", "district", "500118", 2023, "7.0"),
    ("value_added_growth", "增加值增速", "%", "district", "500117", 2023, ">5"),  # 合川: bound
    ("rd_intensity", "研发投入强度", "%", "yuxi", "yuxi", 2022, "1.5"),
    ("rd_intensity", "研发投入强度", "%", "yuxi", "yuxi", 2023, "1.7"),
    ("green_factories", "工厂数", "个", "yuxi", "yuxi", 2024, "30"),
    ("output_value", "产值", "亿元", "district", "500116", 2023, "2100"),
]

INSERT = """
INSERT INTO actual (measure_code, basis, unit, area_kind, area_code, district_adcode,
                    area_as_stated, indicator_as_stated, year, period_kind, period_label,
                    value_text, value, qualifier, status, sources, entered_by)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'year', %s, %s, %s, %s, 'provisional', %s,
        'tests (synthetic)')
"""


def insert_synthetic(conn: psycopg.Connection) -> None:
    conn.execute("DELETE FROM actual")
    for measure, basis, unit, kind, area, year, text in FIGURES:
        bound = text.startswith(">")
        conn.execute(
            INSERT,
            (measure, basis, unit, kind, area, area if kind == "district" else None, area,
             measure, year, str(year), text, text.lstrip(">"), ">" if bound else "=",
             [SYNTHETIC]),
        )  # fmt: skip


# Fixture functions are named apart from their fixtures, so test modules can import them
# (`from synthetic_actuals import FIXTURES`) without shadowing the arguments of their tests.
@pytest.fixture(scope="session", name="synthetic_db")
def _synthetic_db(pg_server) -> str:
    name = f"im_synthetic_{uuid.uuid4().hex[:8]}"
    url = pg_server.create(name)
    migrate(url)
    load(url)
    with psycopg.connect(url) as conn:
        insert_synthetic(conn)
    return url


@pytest.fixture(scope="session", name="synthetic_client")
def _synthetic_client(synthetic_db, api_settings) -> Iterator[TestClient]:
    app = create_app(DatabaseSettings(), api_settings, url=synthetic_db)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session", name="synthetic_server")
def _synthetic_server(synthetic_db, api_settings) -> Iterator[str]:
    with served(create_app(DatabaseSettings(), api_settings, url=synthetic_db)) as url:
        yield url
