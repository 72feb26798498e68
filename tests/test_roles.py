"""Least privilege, against the real database: the app serves as a role that can read what
is published and nothing else; migrations and loads run as the owner; ./var/ is private."""

from __future__ import annotations

import stat

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.cli import migrate
from app.config import DatabaseSettings
from app.db import database_url, owner_url, roles, write_url
from app.db.embedded import EmbeddedCluster
from tests.conftest import free_port

FORBIDDEN = [
    "CREATE TABLE intruder (id int)",
    "CREATE TEMP TABLE intruder (id int)",
    "CREATE VIEW intruder AS SELECT 1",
    "CREATE SCHEMA intruder",
    "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "DROP TABLE park",
    "DROP VIEW yuxi_district",
    "ALTER TABLE park ADD COLUMN intruder int",
    "TRUNCATE park",
    "INSERT INTO cluster (id) VALUES ('x')",
    "UPDATE park SET name = name",
    "DELETE FROM park",
    "GRANT SELECT ON park TO PUBLIC",
]


@pytest.mark.parametrize("statement", FORBIDDEN)
def test_the_serving_role_cannot_change_anything(reader_url, statement):
    with psycopg.connect(reader_url) as conn:
        with pytest.raises(
            (psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)
        ):
            conn.execute(statement)


@pytest.mark.parametrize("statement", ["UPDATE park SET name = name", "DELETE FROM park"])
def test_not_even_outside_a_read_only_transaction(reader_url, statement):
    with psycopg.connect(reader_url) as conn:
        conn.execute("SET TRANSACTION READ WRITE")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_the_app_serves_as_the_reader(client, reader_url):
    async def who(pool):
        return await pool.fetchrow(
            "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
            "WHERE rolname = current_user"
        )

    row = client.portal.call(who, client.app.state.pool)
    assert tuple(row) == (roles.READER, False, False, False)
    assert client.get("/api/plan").status_code == 200


def test_the_serving_roles_read_every_published_table_and_no_private_one(
    empty_db, pg_server, monkeypatch
):
    assert pg_server.passwords
    migrate(empty_db)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        # A later migration's table, and a private one that no role is granted.
        conn.execute("CREATE TABLE later_layer (id int)")
        conn.execute("CREATE TABLE auth_secret (secret text)")
    monkeypatch.setattr(roles, "PRIVATE_TABLES", (*roles.PRIVATE_TABLES, "auth_secret"))
    roles.apply_grants(empty_db)
    name = make_url(empty_db).database
    for role in (roles.READER, roles.WRITER):
        with psycopg.connect(pg_server.url(name, role)) as conn:
            conn.execute("SELECT * FROM later_layer, park, yuxi_district LIMIT 1")
            conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT * FROM auth_secret")
    # The reader sees none of the private tables; the writer only what WRITER_GRANTS lists.
    with psycopg.connect(pg_server.url(name, roles.READER)) as conn:
        for table in roles.PRIVATE_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")
            conn.rollback()


def test_the_writer_gets_what_is_declared_and_no_more(empty_db, pg_server, monkeypatch):
    assert pg_server.passwords
    migrate(empty_db)
    url = pg_server.url(make_url(empty_db).database, roles.WRITER)
    with psycopg.connect(url) as conn:
        # Declared: parks are writable. Not declared: the plan's own tables.
        conn.execute("UPDATE park SET name = name")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE cluster SET name = name")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM change_log")  # history is append-only
    monkeypatch.setattr(roles, "WRITER_GRANTS", {"cluster": ("UPDATE",)})
    roles.apply_grants(empty_db)
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE cluster SET name = name")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM cluster")
        conn.rollback()
        # What is no longer declared is taken back.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE park SET name = name")


def test_the_embedded_cluster_makes_the_roles_and_keeps_var_private(tmp_path):
    var = tmp_path / "var"
    settings = DatabaseSettings(data_dir=var / "pg", port=free_port())
    cluster = EmbeddedCluster(data_dir=settings.data_dir, port=settings.port)
    cluster.start()
    try:
        serving, owner, writer = database_url(settings), owner_url(settings), write_url(settings)
        assert make_url(serving).username == roles.READER
        assert make_url(owner).username == roles.OWNER
        assert make_url(writer).username == roles.WRITER
        migrate(owner)
        with psycopg.connect(owner) as conn:
            assert conn.execute("SELECT count(*) FROM park").fetchone()[0] == 0
            assert (
                conn.execute(
                    "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'park'"
                ).fetchone()[0]
                == roles.OWNER
            )
        with psycopg.connect(serving, autocommit=True) as conn:
            assert not conn.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
            conn.execute("SET default_transaction_read_only = off")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("CREATE TABLE intruder (id int)")
        exposed = [
            str(path)
            for path in [var, *var.rglob("*")]
            if path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH)
        ]
        assert not exposed, exposed
    finally:
        cluster.stop()


def test_settings_fall_back_to_database_url():
    url = "postgresql://someone:pw@db.example:5432/maps"
    settings = DatabaseSettings(url=url)
    assert database_url(settings) == owner_url(settings) == write_url(settings) == url
    owner = "postgresql://boss:pw@db.example:5432/maps"
    assert owner_url(DatabaseSettings(url=url, owner_url=owner)) == owner
