"""Read replicas against a real PostgreSQL streaming standby of the test cluster
(pg_basebackup -R, started as the unprivileged user), with the app connected as its own roles
(app.db.roles: im_reader on the primary and on the standby, im_writer for writes), as in
production: reads go to the standby, requests with credentials or after their own write go to
the primary, the lag is in /healthz, and reads fall back to the primary when the standby is
down."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
import yaml
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.config import APISettings, DatabaseSettings
from app.db import roles
from app.db.routing import RECENT_WRITE_COOKIE, pool_for
from app.db.standby import make_standby, stop_now
from app.main import create_app
from tests.conftest import free_port

TABLE = "test_replica_note"  # the test's own table, dropped at the end
LAYER = {
    "id": "test-replica-notes",
    "title": {"zh": "副本测试", "en": "Replica test"},
    "description": {"zh": "测试用", "en": "for tests"},
    "source": {"table": TABLE},
    "id_column": "id",
    "default_sort": ["id"],
    "properties": [
        {"name": "id", "type": "integer", "label": {"zh": "编号", "en": "Id"}},
        {"name": "note", "type": "string", "label": {"zh": "备注", "en": "Note"}},
    ],
    "attribution": {"zh": "测试", "en": "test"},
    "licence": "test",
}
ITEMS = f"/ogc/collections/{LAYER['id']}/items"


def wait_until(check, timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def cluster(loaded_db, role_urls, tmp_path_factory):
    with psycopg.connect(loaded_db, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, note text NOT NULL)")
        conn.execute(f"INSERT INTO {TABLE} VALUES (1, 'before')")
    roles.apply_grants(loaded_db)  # the serving roles read it (as any table made after migrate)
    with psycopg.connect(loaded_db, autocommit=True) as conn:  # and the writer may add notes
        conn.execute(f"GRANT INSERT ON {TABLE} TO {roles.WRITER}")
    # The superuser makes the copy (pg_basebackup needs REPLICATION, which the app's roles
    # never have); the roles and their grants come with it, read-only.
    standby = make_standby(loaded_db, tmp_path_factory.mktemp("standby") / "data", free_port())
    reader = make_url(role_urls[roles.READER])
    replica_url = reader.set(port=standby.port).render_as_string(hide_password=False)
    try:

        def replicated() -> bool:
            with psycopg.connect(replica_url, autocommit=True) as conn:
                return conn.execute(f"SELECT to_regclass('{TABLE}') IS NOT NULL").fetchone()[0]

        wait_until(replicated, what="the standby to replay the test table")
        yield {
            "primary": role_urls[roles.READER],
            "writer": role_urls[roles.WRITER],
            "superuser": loaded_db,
            "replica": replica_url,
            "replica_superuser": standby.url(),
            "standby": standby,
        }
    finally:
        stop_now(standby)
        with psycopg.connect(loaded_db, autocommit=True) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {TABLE}")


@pytest.fixture(scope="module")
def app_client(cluster, tmp_path_factory):
    layers = tmp_path_factory.mktemp("replica-layers")
    for shipped in APISettings().layers_dir.glob("*.yaml"):
        (layers / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    (layers / "test-replica-notes.yaml").write_text(yaml.safe_dump(LAYER), encoding="utf-8")
    # (read_url is set by its environment name, as in production)
    settings = DatabaseSettings(
        url=cluster["primary"],
        write_url=cluster["writer"],
        DATABASE_READ_URL=cluster["replica"],
        replica_check_seconds=0.3,
    )
    app = create_app(settings, APISettings(layers_dir=Path(layers)), url=cluster["primary"])

    @app.post("/test-edit")
    async def edit(request: Request) -> dict:
        # Stands in for an editor's write (issue 12's API): the write pool, on the primary.
        await pool_for(request, write=True).execute(f"INSERT INTO {TABLE} VALUES (3, 'edited')")
        return {"ok": True}

    with TestClient(app) as client:
        yield client


def notes(response) -> list[str]:
    assert response.status_code == 200
    return [f["properties"]["note"] for f in response.json()["features"]]


def replay(url: str, paused: bool) -> None:
    """Pause or resume the standby's replay (a superuser's function)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")


def test_healthz_reports_the_replica_and_its_lag(app_client):
    replica = app_client.get("/healthz").json()["replica"]
    assert replica["status"] == "ok" and replica["in_recovery"] is True
    assert 0 <= replica["lag_seconds"] < 60


def test_reads_go_to_the_replica_writes_and_their_authors_to_the_primary(app_client, cluster):
    replay(cluster["replica_superuser"], paused=True)
    try:
        with psycopg.connect(cluster["superuser"], autocommit=True) as conn:
            conn.execute(f"INSERT INTO {TABLE} VALUES (2, 'on the primary')")
        # The standby has not replayed the insert: an anonymous read is served by it.
        assert notes(app_client.get(ITEMS)) == ["before"]
        # Credentials (an editor) or the recent-write cookie: the primary.
        authorised = app_client.get(ITEMS, headers={"Authorization": "Bearer x"})
        assert notes(authorised) == ["before", "on the primary"]
        app_client.cookies.set(RECENT_WRITE_COOKIE, "1")
        assert notes(app_client.get(ITEMS))[-1] == "on the primary"
        app_client.cookies.clear()
        # An edit: its author sees it at once (the response marks them), others do not yet.
        written = app_client.post("/test-edit")
        assert written.status_code == 200
        assert RECENT_WRITE_COOKIE in written.headers["set-cookie"]
        assert notes(app_client.get(ITEMS))[-1] == "edited"  # the client keeps the cookie
        app_client.cookies.clear()  # someone else
        assert notes(app_client.get(ITEMS)) == ["before"]
    finally:
        replay(cluster["replica_superuser"], paused=False)
    wait_until(lambda: len(notes(app_client.get(ITEMS))) == 3, what="the replica to catch up")


def test_reads_fall_back_to_the_primary_when_the_replica_is_down(app_client, cluster):
    stop_now(cluster["standby"])

    def replica_down() -> bool:
        return app_client.get("/healthz").json()["replica"]["status"] == "unreachable"

    wait_until(replica_down, timeout=20, what="the replica to be seen down")
    health = app_client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert notes(app_client.get(ITEMS)) == ["before", "on the primary", "edited"]
    assert app_client.get("/ogc/collections/districts/items").json()["numberReturned"] == 8
