"""The editors' upload router (app/api/actuals_edit.py), against stand-ins for issue 12's
`app.auth.require_role` and `app.domain.history.record_change` (the real ones are wired at
merge): an accepted file writes every row and one history entry per row, a rejected one writes
nothing and lists its errors by row and column."""

import csv
import importlib
import io
import sys
import types
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.cli import migrate
from app.config import DatabaseSettings
from app.db.pool import create_pool
from app.domain.actuals import importing
from app.errors import register_error_handlers
from app.ingest.load import load

SOURCE = "SYNTHETIC test fixture — invented figures, not real data"


@dataclass
class Principal:
    username: str
    role: str


@pytest.fixture(scope="module")
def upload_client(pg_server):
    name = f"im_upload_{uuid.uuid4().hex[:8]}"
    url = pg_server.create(name)
    migrate(url)
    load(url)
    history: list[dict] = []
    auth = types.ModuleType("app.auth")
    auth.require_role = lambda role: lambda: Principal("editor-1", role)
    hist = types.ModuleType("app.domain.history")

    async def record_change(conn, **entry):
        history.append(entry)

    hist.record_change = record_change
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "app.auth", auth)
        patch.setitem(sys.modules, "app.domain.history", hist)
        sys.modules.pop("app.api.actuals_edit", None)
        actuals_edit = importlib.import_module("app.api.actuals_edit")

        @asynccontextmanager
        async def lifespan(app: FastAPI):
            app.state.pool = await create_pool(url, DatabaseSettings())
            yield
            await app.state.pool.close()

        app = FastAPI(lifespan=lifespan)
        register_error_handlers(app)
        app.include_router(actuals_edit.router)
        with TestClient(app) as client:
            yield client, url, history
        sys.modules.pop("app.api.actuals_edit", None)
    pg_server.drop(name)


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=importing.COLUMNS)
    writer.writeheader()
    for r in rows:
        writer.writerow({c: "" for c in importing.COLUMNS} | r)
    return out.getvalue().encode("utf-8")


GOOD = {"indicator": "revenue", "area": "500120", "year": "2024", "value": "1200", "unit": "亿元",
        "basis": "营业收入", "status": "provisional", "sources": SOURCE}  # fmt: skip


def count(url):
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM actual").fetchone()[0]


def test_upload_writes_all_rows_and_their_history(upload_client):
    client, url, history = upload_client
    before = count(url)
    body = as_csv([GOOD, GOOD | {"area": "500151", "value": "900"}])
    dry = client.post("/api/actuals/import", files={"file": ("f.csv", body)},
                      data={"dry_run": "true"})  # fmt: skip
    assert dry.status_code == 200 and dry.json()["would_insert"] == 2
    assert count(url) == before and history == []
    done = client.post("/api/actuals/import", files={"file": ("f.csv", body)},
                       data={"reason": "2024 统计公报"})  # fmt: skip
    assert done.status_code == 200 and done.json()["inserted"] == 2
    assert count(url) == before + 2
    assert [(h["actor"], h["entity"], h["reason"]) for h in history] == [
        ("editor-1", "actual", "2024 统计公报")
    ] * 2
    assert history[0]["after"]["value_text"] == "1200" and history[0]["before"] is None


def test_rejected_upload_writes_nothing(upload_client):
    client, url, history = upload_client
    before, entries = count(url), len(history)
    body = as_csv(
        [GOOD | {"year": "2025"}, GOOD | {"year": "2025", "area": "500151", "basis": "产值"}]
    )
    response = client.post("/api/actuals/import", files={"file": ("f.csv", body)})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"row": 3, "column": "basis", "message": response.json()["errors"][0]["message"]}
    ]
    assert count(url) == before and len(history) == entries
    other = client.post("/api/actuals/import", files={"file": ("f.pdf", b"%PDF")})
    assert other.status_code == 400 and other.json()["parameter"] == "file"
