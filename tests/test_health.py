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
