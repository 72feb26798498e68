"""Fixtures of the editing tests (issue 12): a database of their own (writes must not disturb
the shared read-only one), a narrowly granted writer role and a reader role created as
app/db/roles.py declares, accounts, and an app whose writes go through the writer role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy.engine import make_url

from app.auth.accounts import add_user
from app.cli import migrate
from app.config import APISettings, AuthSettings, DatabaseSettings
from app.db import roles
from app.ingest.load import load
from app.main import create_app

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class EditingDatabase:
    owner_url: str
    writer_url: str
    reader_url: str
    writer: str
    reader: str


def _as_role(url: str, role: str, password: str) -> str:
    return make_url(url).set(username=role, password=password).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def editing_db(pg_server) -> Iterator[EditingDatabase]:
    """A database of its own, migrated (so app.db.roles' grants apply) and loaded; the app's
    roles are the server's, made by tests/conftest.py with this run's passwords."""
    passwords = pg_server.passwords
    name = f"im_edit_{uuid.uuid4().hex[:8]}"
    owner_url = pg_server.create(name)
    migrate(owner_url)
    load(owner_url)
    yield EditingDatabase(
        owner_url,
        _as_role(owner_url, roles.WRITER, passwords[roles.WRITER]),
        _as_role(owner_url, roles.READER, passwords[roles.READER]),
        roles.WRITER,
        roles.READER,
    )
    pg_server.drop(name)


@pytest.fixture(scope="session")
def accounts(editing_db: EditingDatabase) -> dict[str, str]:
    users = {"planner": "editor", "chief": "admin", "loser": "editor"}
    for username, role in users.items():
        add_user(editing_db.owner_url, username, role, PASSWORD)
    return users


def make_editing_app(editing_db: EditingDatabase, **auth):
    app = create_app(
        DatabaseSettings(),
        APISettings(),
        url=editing_db.reader_url,
        write_url=editing_db.writer_url,
    )
    app.state.auth_settings = AuthSettings(**auth)
    return app


@pytest.fixture(scope="session")
def editing_app(editing_db: EditingDatabase, accounts):
    return make_editing_app(editing_db)


@pytest.fixture(scope="session")
def editing_client(editing_app) -> Iterator[TestClient]:
    with TestClient(editing_app) as client:
        yield client


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="session")
def editor_headers(editing_client) -> dict[str, str]:
    return sign_in(editing_client, "planner")


@pytest.fixture(scope="session")
def admin_headers(editing_client) -> dict[str, str]:
    return sign_in(editing_client, "chief")


def fingerprint(url: str) -> str:
    """A digest of every row of every table the app writes: equal before and after means that
    nothing was written (login attempts aside, which are not data)."""
    tables = ("park", "enterprise", "actual", "district_industry", "focus_segment", "indicator",
              "change_log")  # fmt: skip
    with psycopg.connect(url) as conn:
        parts = [
            conn.execute(
                sql.SQL(
                    "SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        ]
    return "/".join(parts)


@pytest.fixture(scope="session")
def editing_server(editing_db: EditingDatabase, accounts) -> Iterator[str]:
    """The editing app over real HTTP (GIS clients, browsers, concurrent requests)."""
    from tests.conftest import served

    with served(make_editing_app(editing_db)) as url:
        yield url


def park_row(url: str, park_id: str) -> dict | None:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT to_jsonb(p) - 'location' - 'boundary' || jsonb_build_object("
            "'location', ST_AsGeoJSON(location)::jsonb, 'boundary', ST_AsGeoJSON(boundary)::jsonb)"
            " FROM park p WHERE id = %s",
            (park_id,),
        ).fetchone()
    return row[0] if row else None
