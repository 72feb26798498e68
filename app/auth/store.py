"""The SQL of accounts, tokens and login attempts, for the server (asyncpg, write pool).

Tokens are random (256 bits) and only their SHA-256 digest is stored: a leaked table holds no
usable token. Logins for one account are serialised by an advisory lock, so that the failure
count a worker reads is the one it acts on, whichever worker serves the next attempt.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import anyio
import asyncpg

from app.auth.passwords import verify_password
from app.auth.principal import Principal


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


PRINCIPAL = """
SELECT u.username, u.role
  FROM access_token t JOIN app_user u ON u.username = t.username
 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled
"""

FAILURES = """
SELECT
  (SELECT count(*) FROM login_attempt
    WHERE username = $1 AND NOT succeeded
      AND attempted_at > now() - make_interval(secs => $3)
      AND attempted_at > COALESCE((SELECT max(attempted_at) FROM login_attempt
                                    WHERE username = $1 AND succeeded), '-infinity')),
  (SELECT count(*) FROM login_attempt
    WHERE client = $2 AND NOT succeeded AND attempted_at > now() - make_interval(secs => $3))
"""

ACCOUNT = "SELECT password_hash, role, disabled FROM app_user WHERE username = $1"

RECORD_ATTEMPT = "INSERT INTO login_attempt (username, client, succeeded) VALUES ($1, $2, $3)"

PRUNE_ATTEMPTS = """
DELETE FROM login_attempt WHERE username = $1 AND attempted_at < now() - make_interval(secs => $2)
"""

ISSUE_TOKEN = """
INSERT INTO access_token (token_hash, username, expires_at)
VALUES ($1, $2, now() + make_interval(mins => $3)) RETURNING expires_at
"""

REVOKE_TOKEN = (
    "UPDATE access_token SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL"
)


async def principal_for_token(pool: asyncpg.Pool, token: str) -> Principal | None:
    row = await pool.fetchrow(PRINCIPAL, token_digest(token))
    return Principal(row["username"], row["role"]) if row else None


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None = None
    token: str | None = None
    expires_at: datetime | None = None
    # Set when the attempt was refused without looking at the password.
    rate_limited: bool = False


async def login(
    pool: asyncpg.Pool,
    username: str,
    password: str,
    client: str,
    *,
    window_seconds: int,
    max_failures: int,
    max_failures_per_client: int,
    ttl_minutes: int,
) -> LoginResult:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('login:' || $1))", username)
        by_account, by_client = await conn.fetchrow(FAILURES, username, client, window_seconds)
        if by_account >= max_failures or by_client >= max_failures_per_client:
            return LoginResult(rate_limited=True)
        account = await conn.fetchrow(ACCOUNT, username)
        stored = account["password_hash"] if account else None
        # Argon2 takes tens of milliseconds of CPU: off the event loop.
        valid = await anyio.to_thread.run_sync(verify_password, stored, password)
        ok = bool(valid and account and not account["disabled"])
        await conn.execute(RECORD_ATTEMPT, username, client, ok)
        if not ok:
            return LoginResult()
        await conn.execute(PRUNE_ATTEMPTS, username, window_seconds)
        token = secrets.token_urlsafe(32)
        expires_at = await conn.fetchval(ISSUE_TOKEN, token_digest(token), username, ttl_minutes)
        return LoginResult(Principal(username, account["role"]), token, expires_at)


async def revoke(pool: asyncpg.Pool, token: str) -> bool:
    return (await pool.execute(REVOKE_TOKEN, token_digest(token))) != "UPDATE 0"
