"""A database that stops, crashes or restarts, or a request that carries bad bytes, is never
answered with a 500, never left without an answer, and never shown internal text.

The load test runs its own cluster (it is stopped and killed) behind a real uvicorn."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import uuid

import asyncpg
import httpx
import psycopg
import pytest
import uvicorn

from app.cli import migrate
from app.config import APISettings, DatabaseSettings, ServerSettings
from app.db import roles
from app.db.embedded import EmbeddedCluster
from app.http.server import uvicorn_config
from app.ingest.load import load
from app.main import create_app
from app.ogc import features
from tests.conftest import free_port
from tests.db_helpers import fingerprint

PARKS = "/ogc/collections/parks/items"

CONNECTION_FAILURES = [
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.CrashShutdownError("terminating connection because of crash"),
    asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
    asyncpg.exceptions.SerializationError("could not serialize access"),
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle"),
    asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
    asyncpg.InternalClientError("unexpected connection state"),
    asyncpg.InterfaceError("pool is closed"),
    ConnectionRefusedError(111, "Connection refused"),
    ConnectionResetError(104, "Connection reset by peer"),
    TimeoutError(),
]


def assert_unavailable(response):
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    body = response.json()
    assert body["status"] == 503 and body["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize("failure", CONNECTION_FAILURES, ids=lambda e: type(e).__name__)
def test_every_connection_failure_is_503(client, monkeypatch, failure):
    async def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(features, "read_page", fail)
    # A page no other request asks for: built, not served from the answer cache.
    response = client.get(f"{PARKS}?offset={925001 + CONNECTION_FAILURES.index(failure)}")
    assert_unavailable(response)
    assert str(failure) not in response.text or not str(failure)


def test_internal_error_text_is_logged_with_the_request_id_not_sent(client, monkeypatch, caplog):
    secret = f"internal detail {uuid.uuid4().hex}"

    async def broken(*args, **kwargs):
        raise RuntimeError(secret)

    monkeypatch.setattr(features, "read_page", broken)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"{PARKS}?offset=935001")  # built, not a kept answer
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert secret not in response.text and "Traceback" not in response.text
    request_id = response.json()["request_id"]
    assert request_id == response.headers["x-request-id"]
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged and secret in str(logged[0].exc_info[1])


def test_database_error_text_is_not_sent(client, monkeypatch):
    response = client.get(f"{PARKS}?filter=area_km2_max%20/%200%20%3E%201")
    assert response.status_code == 400
    assert "division by zero" in response.json()["detail"]
    assert "ERROR" not in response.text and "asyncpg" not in response.text
    # Whatever the database says about a value (it may quote internals) is not passed on.
    secret = f"column secret_{uuid.uuid4().hex} of relation internal_table"

    async def refuse(*args, **kwargs):
        raise asyncpg.exceptions.NumericValueOutOfRangeError(secret)

    monkeypatch.setattr(asyncpg.connection.Connection, "fetch", refuse)
    response = client.get(f"{PARKS}?filter=area_km2_max%20%3E%201")
    assert response.status_code == 400, response.text
    assert secret not in response.text and "internal_table" not in response.text
    assert "out of range" in response.json()["detail"]


def collection_ids(client) -> list[str]:
    return [c["id"] for c in client.get("/ogc/collections").json()["collections"]]


@pytest.mark.parametrize("bad", ["%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80"])
def test_bad_bytes_in_feature_ids(client, bad):
    for collection in collection_ids(client):
        response = client.get(f"/ogc/collections/{collection}/items/{bad}")
        assert response.status_code in (400, 404), (collection, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def test_a_saturated_pool_is_a_fast_503_and_healthz_says_busy(loaded_db):
    from fastapi.testclient import TestClient

    settings = DatabaseSettings(pool_min_size=1, pool_max_size=1, pool_acquire_timeout_s=0.5)
    app = create_app(settings, APISettings(), url=loaded_db)
    with TestClient(app) as client:
        pool = app.state.pool
        held = client.portal.call(pool.acquire)
        try:
            started = time.monotonic()
            response = client.get("/api/plan")
            assert time.monotonic() - started < 3
            assert_unavailable(response)
            assert response.json()["title"] == "Server busy"
            health = client.get("/healthz")
            assert health.json()["database"]["status"] == "busy", health.text
        finally:
            client.portal.call(pool.release, held)
        assert client.get("/api/plan").status_code == 200


# The live load test.

ENDPOINTS = ["/api/plan", "/api/districts", f"{PARKS}?limit=5", "/ogc/collections/districts"]


@pytest.fixture(scope="module")
def faulty_db(tmp_path_factory):
    cluster = EmbeddedCluster(
        data_dir=tmp_path_factory.mktemp("pg-faults") / "data",
        port=free_port(),
        # Crash recovery would first fsync the whole data directory: slow on a shared disk.
        server_options="-c fsync=off",
    )
    cluster.start()
    # As `industry-map` does: the owner migrates and loads, the app serves as the reader.
    url = cluster.url(role=roles.OWNER)
    migrate(url)
    load(url)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def faulty_server(faulty_db):
    settings = DatabaseSettings(pool_min_size=2, pool_max_size=4, pool_acquire_timeout_s=2)
    app = create_app(settings, APISettings(), url=faulty_db.url(role=roles.READER))
    port = free_port()
    server = uvicorn.Server(uvicorn_config(app, ServerSettings(), "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


class Load:
    """A few clients requesting in a loop; every outcome recorded."""

    def __init__(self, base: str, clients: int = 4):
        self.base = base
        self.outcomes: list[tuple[str, int | str, str]] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(clients)]

    def _run(self, index: int) -> None:
        with httpx.Client(base_url=self.base, timeout=20) as http:
            n = index
            while not self.stop.is_set():
                path = ENDPOINTS[n % len(ENDPOINTS)]
                n += 1
                try:
                    r = http.get(path)
                    self.outcomes.append((path, r.status_code, r.headers.get("content-type", "")))
                    if r.status_code == 503:
                        assert int(r.headers["retry-after"]) > 0
                except Exception as exc:  # noqa: BLE001 - a dropped request is the finding
                    self.outcomes.append((path, f"no answer: {type(exc).__name__}", ""))
                time.sleep(0.02)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)


def wait_until_served(base: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/plan", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("the app did not recover without a restart")


def kill_postmaster(cluster: EmbeddedCluster) -> None:
    pid = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    # Until the dead postmaster is reaped (and its children have noticed and exited), pg_ctl
    # and a new postmaster take it for a running server.
    deadline = time.monotonic() + 30
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.1)
    while True:
        try:
            cluster.start()
            return
        except Exception:  # orphaned backends may still hold the shared memory
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_stop_crash_and_restart_under_load(faulty_db, faulty_server):
    superuser = faulty_db.url()
    before = fingerprint(superuser)
    with Load(faulty_server) as load_:
        time.sleep(1.5)
        faulty_db.stop()  # pg_ctl -m fast: AdminShutdownError on busy connections
        time.sleep(2)
        faulty_db.start()
        wait_until_served(faulty_server)
        time.sleep(1)
        kill_postmaster(faulty_db)
        wait_until_served(faulty_server)
        time.sleep(1)
    outcomes = load_.outcomes
    statuses = {status for _, status, _ in outcomes}
    assert 200 in statuses and 503 in statuses, statuses
    bad = [o for o in outcomes if o[1] not in (200, 503)]
    assert not bad, bad[:10]
    wrong_type = [o for o in outcomes if o[1] == 503 and o[2] != "application/problem+json"]
    assert not wrong_type, wrong_type[:10]
    with psycopg.connect(superuser) as conn:
        conn.execute("SELECT 1")
    assert fingerprint(superuser) == before
