"""Accounts, tokens, roles and the login rate limit (issue 12, item 1)."""

from __future__ import annotations

import psycopg
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli import main
from app.config import database_settings
from tests.editing.conftest import PASSWORD, make_editing_app, sign_in


def test_sign_in_gives_a_short_lived_token_that_is_stored_hashed(editing_client, editing_db):
    response = editing_client.post(
        "/api/auth/token", data={"username": "planner", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "bearer" and body["role"] == "editor"
    assert 0 < body["expires_in"] <= 24 * 3600
    token = body["access_token"]
    with psycopg.connect(editing_db.owner_url) as conn:
        stored = [row[0] for row in conn.execute("SELECT token_hash FROM access_token")]
    assert token not in stored and len(stored) >= 1
    assert all(len(digest) == 64 for digest in stored)


def test_wrong_password_and_unknown_user_are_refused_alike(editing_client):
    for username in ("planner", "nobody"):
        response = editing_client.post(
            "/api/auth/token", data={"username": username, "password": "wrong password!"}
        )
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["error"] == "invalid_grant"


def test_authenticated_responses_are_private(editing_client, editor_headers):
    me = editing_client.get("/api/auth/me", headers=editor_headers)
    assert me.status_code == 200 and me.json() == {"username": "planner", "role": "editor"}
    assert me.headers["cache-control"].startswith("private")
    # Even a public resource, once asked for with credentials, must not go into a shared cache.
    ogc = editing_client.get("/ogc/collections/parks/items?limit=1", headers=editor_headers)
    assert ogc.status_code == 200 and ogc.headers["cache-control"].startswith("private")
    anonymous = editing_client.get("/ogc/collections/parks/items?limit=1")
    assert anonymous.headers["cache-control"].startswith("public")


def test_anonymous_and_bad_tokens_get_401_with_a_bearer_challenge(editing_client):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        response = editing_client.get("/api/auth/me", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.headers["content-type"] == "application/problem+json"


def test_logout_revokes_the_token(editing_client):
    headers = sign_in(editing_client, "planner")
    assert editing_client.post("/api/auth/logout", headers=headers).status_code == 204
    assert editing_client.get("/api/auth/me", headers=headers).status_code == 401


def test_login_rate_limit_is_shared_by_every_worker(editing_db, accounts):
    """Two apps on the same database stand for two workers: failures counted by one are seen
    by the other, and after the limit even the right password is refused (429)."""
    first = make_editing_app(editing_db, login_max_failures=3)
    second = make_editing_app(editing_db, login_max_failures=3)
    with TestClient(first) as a, TestClient(second) as b:
        for client in (a, b, a):
            wrong = client.post("/api/auth/token", data={"username": "loser", "password": "nope"})
            assert wrong.status_code == 400
        right = b.post("/api/auth/token", data={"username": "loser", "password": PASSWORD})
        assert right.status_code == 429
        assert int(right.headers["retry-after"]) > 0
        # Another account is not locked out by them.
        assert (
            b.post("/api/auth/token", data={"username": "chief", "password": PASSWORD}).status_code
            == 200
        )


@pytest.fixture
def cli_database(editing_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", editing_db.owner_url)
    database_settings.cache_clear()
    yield
    database_settings.cache_clear()


def test_users_cli_takes_passwords_only_from_prompt_or_stdin(cli_database, editing_client):
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "surveyor", "--role", "editor"],
                          input="a long secret 1\na long secret 1\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert sign_in(editing_client, "surveyor", "a long secret 1")
    # There is no option that takes the password itself.
    refused = runner.invoke(main, ["users", "add", "x1", "--password", "a long secret 1"])
    assert refused.exit_code != 0
    short = runner.invoke(main, ["users", "add", "x2", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least" in short.output

    changed = runner.invoke(
        main, ["users", "passwd", "surveyor", "--password-stdin"], input="another secret 2\n"
    )
    assert changed.exit_code == 0, changed.output
    headers = sign_in(editing_client, "surveyor", "another secret 2")
    listed = runner.invoke(main, ["users", "list"])
    assert '"username": "surveyor"' in listed.output and "password" not in listed.output

    disabled = runner.invoke(main, ["users", "disable", "surveyor"])
    assert disabled.exit_code == 0
    assert editing_client.get("/api/auth/me", headers=headers).status_code == 401
    assert (
        editing_client.post(
            "/api/auth/token", data={"username": "surveyor", "password": "another secret 2"}
        ).status_code
        == 400
    )


def test_reader_role_cannot_read_accounts(editing_db, accounts):
    with psycopg.connect(editing_db.reader_url) as conn:
        assert conn.execute("SELECT count(*) FROM park").fetchone()[0] > 0
    for table in ("app_user", "access_token", "login_attempt"):
        with psycopg.connect(editing_db.reader_url) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")


def test_writer_role_is_narrow(editing_db, accounts):
    forbidden = (
        "UPDATE change_log SET reason = 'x'",
        "DELETE FROM change_log",
        "UPDATE district SET name = name",
        "DELETE FROM app_user",
        "UPDATE app_user SET role = 'admin'",
        "CREATE TABLE stray (x int)",
        "DROP TABLE park",
    )
    for statement in forbidden:
        with psycopg.connect(editing_db.writer_url) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
