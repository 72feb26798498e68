"""GET /healthz: 200 when the database answers, 503 when it does not."""

from fastapi.testclient import TestClient

from app.config import APISettings, DatabaseSettings
from app.main import create_app
from tests.conftest import free_port
from tests.test_migrations import alembic_head


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["postgis"].startswith("3.")
    assert body["database"]["schema_revision"] == alembic_head()


def test_healthz_database_unreachable():
    url = f"postgresql://nobody:secret@127.0.0.1:{free_port()}/nothing"
    app = create_app(DatabaseSettings(pool_min_size=1), APISettings(), url=url)
    with TestClient(app) as client:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"]["status"] == "unreachable"
        # Other endpoints say so too, as problem+json, not a 500.
        districts = client.get("/api/districts")
        assert districts.status_code == 503
        assert districts.headers["content-type"] == "application/problem+json"


def test_warm_pool_connections_have_postgis_ready(loaded_db):
    """A warm pool (the default when serving) loads PostGIS and PROJ as each connection opens,
    so the first tile on it does not pay for that; a cold one leaves it to the first request."""
    from app.db.pool import create_pool
    from tests.conftest import run_async

    async def contexts(warm: bool) -> set[str]:
        settings = DatabaseSettings(pool_min_size=1, pool_max_size=1, pool_warm=warm)
        pool = await create_pool(loaded_db, settings)
        try:
            rows = await pool.fetch("SELECT name FROM pg_backend_memory_contexts")
            return {r["name"] for r in rows}
        finally:
            await pool.close()

    assert {"Proj Context", "PostGIS Constants Context"} <= run_async(contexts(True))
    assert "Proj Context" not in run_async(contexts(False))


def test_serving_pool_defaults_cover_a_browsers_connections(monkeypatch):
    """Browsers open up to six connections per host over HTTP/1.1: a serving worker keeps that
    many open and warm (the suite itself runs with fewer, tests/conftest.py)."""
    monkeypatch.delenv("IM_DB_POOL_MIN_SIZE", raising=False)
    monkeypatch.delenv("IM_DB_POOL_WARM", raising=False)
    settings = DatabaseSettings()
    assert settings.pool_min_size >= 6 and settings.pool_warm
