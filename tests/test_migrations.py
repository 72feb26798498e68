"""Migrations run up and down on an empty database."""

import psycopg
import pytest
from alembic.script import ScriptDirectory

from app.cli import _alembic_config, downgrade, migrate
from app.db import UnsupportedServer, check_server, require_supported

OUR_TABLES = {
    "plan_document", "provenance", "district", "cluster", "industry", "industry_cluster",
    "district_industry", "focus_segment", "indicator", "park",
}  # fmt: skip
OUR_VIEWS = {"district_role", "yuxi_district", "context_area", "park_feature"}
# Issue 13 (actuals): its tables and views, and the head revision as the scripts say it.
OUR_TABLES |= {"actual_basis", "measure", "target_measure", "actual"}
OUR_VIEWS |= {"target_path", "district_progress"}
HEAD = ScriptDirectory.from_config(_alembic_config("postgresql://")).get_current_head()


def _relations(url: str, kind: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = %s",
            (kind,),
        ).fetchall()
    return {r[0] for r in rows}


def test_upgrade_downgrade_upgrade(empty_db):
    migrate(empty_db)
    assert OUR_TABLES <= _relations(empty_db, "r")
    assert OUR_VIEWS <= _relations(empty_db, "v")
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        geom = conn.execute(
            "SELECT type, srid FROM geometry_columns WHERE f_table_name = 'district'"
        ).fetchone()
    assert geom == ("MULTIPOLYGON", 4326)

    downgrade(empty_db, "base")
    assert not (OUR_TABLES & _relations(empty_db, "r"))
    assert not (OUR_VIEWS & _relations(empty_db, "v"))

    migrate(empty_db)
    assert OUR_TABLES <= _relations(empty_db, "r")


@pytest.mark.parametrize(
    ("version", "postgis", "message"),
    [(130012, "3.3.2", "PostgreSQL 13 is too old"), (150018, None, "PostGIS is not available"),
     (150018, "2.5.5", "PostGIS 2.5.5 is too old")],
)  # fmt: skip
def test_unsupported_servers_are_refused_clearly(version, postgis, message):
    with pytest.raises(UnsupportedServer, match=message):
        require_supported(version, postgis)


def test_supported_server_passes(empty_db):
    check_server(empty_db)
    require_supported(140000, "3.0.0")
