"""Migrations run up and down on an empty database."""

import psycopg
import pytest
from alembic.script import ScriptDirectory

from app.cli import downgrade, migrate
from app.db import UnsupportedServer, check_server, require_supported

OUR_TABLES = {
    "plan_document", "provenance", "district", "cluster", "industry", "industry_cluster",
    "district_industry", "focus_segment", "indicator", "park", "enterprise", "chain",
    "chain_node", "chain_link", "chain_equivalence",
    "app_user", "access_token", "login_attempt", "change_log",  # issue 12
}  # fmt: skip
OUR_VIEWS = {"district_role", "yuxi_district", "context_area", "park_feature",
             "enterprise_feature", "chain_node_term", "chain_node_district", "chain_node_park",
             "chain_node_enterprise"}  # fmt: skip


def alembic_head() -> str:
    """The newest revision of migrations/ (several branches add their own)."""
    from alembic.config import Config

    from app.config import PROJECT_ROOT

    return ScriptDirectory.from_config(Config(PROJECT_ROOT / "alembic.ini")).get_current_head()


# Issue 13 (actuals): its tables and views.
OUR_TABLES |= {"actual_basis", "measure", "target_measure", "actual"}
OUR_VIEWS |= {"target_path", "district_progress"}


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
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert version == alembic_head()
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
