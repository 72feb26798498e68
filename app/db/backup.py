"""Backups: pg_dump's custom format out, pg_restore in, for the embedded cluster and for
DATABASE_URL alike (as the owner role). The password travels in the environment, never on a
command line that `ps` shows.

A restore replaces the schema's contents in one transaction (all or nothing), leaves the
PostGIS extension to whoever created it (a non-superuser owner could not drop or create it),
and re-applies the roles' grants (app.db.roles)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.db import plain_url
from app.db.embedded import EmbeddedDatabaseError, find_bindir


class BackupError(RuntimeError):
    """pg_dump or pg_restore failed; the message has their words."""


def _tool(name: str) -> str:
    try:
        candidate = find_bindir() / name
        if candidate.exists():
            return str(candidate)
    except EmbeddedDatabaseError:
        pass
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client).")


def _environment(url: str) -> dict[str, str]:
    parsed = make_url(plain_url(url))
    env = {**os.environ, "PGDATABASE": parsed.database or "", "PGCONNECT_TIMEOUT": "10"}
    for var, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", parsed.port),
        ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password),
    ):
        if value is not None:
            env[var] = str(value)
    return env


def _run(args: list[str], url: str) -> str:
    result = subprocess.run(args, env=_environment(url), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed:\n{result.stderr.strip()}")
    return result.stdout


def backup(url: str, file: Path) -> Path:
    """Dump the database to `file` (custom format, compressed), readable by its owner only."""
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    partial.touch(mode=0o600)
    partial.chmod(0o600)
    try:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"], url)
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    return file


def restore(url: str, file: Path) -> None:
    """Replace the database's contents with the backup in `file`."""
    from app.db.roles import apply_grants

    file = Path(file)
    if not file.is_file():
        raise BackupError(f"no backup at {file}")
    pg_restore = _tool("pg_restore")
    contents = _run([pg_restore, "--list", str(file)], url)
    # The extension, and its catalogue of coordinate systems, stay as the server has them;
    # everything else is restored.
    wanted = [
        line
        for line in contents.splitlines()
        if " EXTENSION " not in line and " spatial_ref_sys " not in line
    ]
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.errors.InsufficientPrivilege as exc:
            raise BackupError(
                "PostGIS is not installed in the target database and this role cannot "
                "install it: run CREATE EXTENSION postgis as a superuser first."
            ) from exc
    with tempfile.NamedTemporaryFile("w", suffix=".list") as listing:
        listing.write("\n".join(wanted) + "\n")
        listing.flush()
        _run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--use-list={listing.name}",
                f"--dbname={make_url(plain_url(url)).database}",
                str(file),
            ],
            url,
        )
    apply_grants(url)
