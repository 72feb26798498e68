"""Managing accounts from the shell (`industry-map users …`), over psycopg as the owner role.
Passwords arrive from a prompt or stdin, never from the command line (argv is visible to every
user of the machine)."""

from __future__ import annotations

import psycopg

from app.auth.passwords import hash_password
from app.auth.principal import ROLES


class AccountError(ValueError):
    pass


def add_user(url: str, username: str, role: str, password: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    digest = hash_password(password)
    with psycopg.connect(url) as conn:
        try:
            conn.execute(
                "INSERT INTO app_user (username, password_hash, role) VALUES (%s, %s, %s)",
                (username, digest, role),
            )
        except psycopg.errors.UniqueViolation:
            raise AccountError(f"user {username!r} exists already") from None
        except psycopg.errors.CheckViolation:
            raise AccountError(
                "a user name is 2–64 letters, digits or the characters _ . @ -"
            ) from None


def set_password(url: str, username: str, password: str) -> None:
    digest = hash_password(password)
    with psycopg.connect(url) as conn:
        cur = conn.execute(
            "UPDATE app_user SET password_hash = %s, disabled = false, updated_at = now() "
            "WHERE username = %s",
            (digest, username),
        )
        if cur.rowcount == 0:
            raise AccountError(f"there is no user {username!r}")
        # A new password ends every session opened with the old one.
        _revoke_all(conn, username)


def disable_user(url: str, username: str) -> None:
    with psycopg.connect(url) as conn:
        cur = conn.execute(
            "UPDATE app_user SET disabled = true, updated_at = now() WHERE username = %s",
            (username,),
        )
        if cur.rowcount == 0:
            raise AccountError(f"there is no user {username!r}")
        _revoke_all(conn, username)


def list_users(url: str) -> list[dict]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT username, role, disabled, created_at, updated_at FROM app_user "
            "ORDER BY username"
        ).fetchall()
    keys = ("username", "role", "disabled", "created_at", "updated_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _revoke_all(conn: psycopg.Connection, username: str) -> None:
    conn.execute(
        "UPDATE access_token SET revoked_at = now() WHERE username = %s AND revoked_at IS NULL",
        (username,),
    )
