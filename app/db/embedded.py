"""The embedded default database: a private PostgreSQL + PostGIS cluster under ./var/.

Used when DATABASE_URL is unset, so that a newcomer needs no database set-up. The cluster
listens on 127.0.0.1 only (no unix socket: data paths can exceed the socket path limit) and
authenticates with a password generated at initdb time and kept beside the data directory.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

POSTGIS_HINT = (
    "PostGIS is not installed for PostgreSQL {version}. "
    "On Debian/Ubuntu: apt-get install postgresql-{version}-postgis-3 "
    "(`make run` does this for you); elsewhere install PostGIS >= 3 for that server, "
    "or set DATABASE_URL to a PostgreSQL >= 14 server that has PostGIS."
)


class EmbeddedDatabaseError(RuntimeError):
    """The embedded cluster cannot be set up or started; the message says what to do."""


def find_bindir() -> Path:
    """The newest PostgreSQL server binaries on this machine (IM_PG_BINDIR overrides)."""
    if env := os.environ.get("IM_PG_BINDIR"):
        return Path(env)
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    if found := shutil.which("postgres"):
        return Path(found).parent
    raise EmbeddedDatabaseError(
        "No PostgreSQL server binaries found. On Debian/Ubuntu: apt-get install postgresql "
        "postgresql-<version>-postgis-3; or set DATABASE_URL to an existing server."
    )


def server_version(bindir: Path) -> str:
    out = subprocess.run(
        [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise EmbeddedDatabaseError(f"Cannot read the PostgreSQL version from: {out!r}")
    return match.group(1)


def postgis_installed(bindir: Path) -> bool:
    sharedir = subprocess.run(
        [str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True
    ).stdout.strip()
    candidates = [Path(sharedir)] if sharedir else []
    candidates.append(Path("/usr/share/postgresql") / server_version(bindir))
    return any((d / "extension" / "postgis.control").exists() for d in candidates)


@dataclass
class EmbeddedCluster:
    data_dir: Path
    port: int
    host: str = "127.0.0.1"
    dbname: str = "industry_map"
    os_user: str = "postgres"
    superuser: str = "postgres"
    # More server options (`-c name=value ...`), e.g. WAL archiving; tests turn fsync off.
    server_options: str = ""
    # Create the app's roles (app.db.roles) and hand the database to the owner role on start.
    app_roles: bool = True

    @property
    def bindir(self) -> Path:
        return find_bindir()

    @property
    def password_file(self) -> Path:
        return self.data_dir.with_name(self.data_dir.name + ".password")

    @property
    def roles_file(self) -> Path:
        """The passwords of the app's roles (app.db.roles), generated on first start."""
        return self.data_dir.with_name(self.data_dir.name + ".roles.json")

    @property
    def log_file(self) -> Path:
        return self.data_dir.with_name(self.data_dir.name + ".log")

    @property
    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    @property
    def _as_root(self) -> bool:
        return os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self._as_root:
            # initdb and pg_ctl refuse to run as root.
            cmd = ["runuser", "-u", self.os_user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, cwd="/")

    def _make_reachable(self) -> None:
        """The server user must be able to reach the data directory through its parents."""
        if not self._as_root:
            return
        for parent in reversed(self.data_dir.parents):
            probe = self._run("test", "-x", str(parent), check=False)
            if probe.returncode != 0:
                # Search permission only: the unprivileged user can pass, not list or read.
                parent.chmod(parent.stat().st_mode | stat.S_IXOTH)

    def init(self) -> None:
        if self.initialized:
            return
        bindir = self.bindir
        if not postgis_installed(bindir):
            raise EmbeddedDatabaseError(POSTGIS_HINT.format(version=server_version(bindir)))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # ./var/ and what is in it are for its owner only (the server user may pass through).
        self.data_dir.parent.chmod(0o711 if self._as_root else 0o700)
        self._make_reachable()
        password = secrets.token_urlsafe(24)
        self.password_file.write_text(password)
        self.password_file.chmod(0o600)
        pwfile = self.data_dir.with_name(self.data_dir.name + ".initdb-pw")
        pwfile.write_text(password)
        if self._as_root:
            shutil.chown(self.data_dir, user=self.os_user)
            shutil.chown(pwfile, user=self.os_user)
        self.data_dir.chmod(0o700)
        try:
            result = self._run(
                str(bindir / "initdb"),
                "-D", str(self.data_dir),
                "-U", self.superuser,
                "--pwfile", str(pwfile),
                "--auth", "scram-sha-256",
                "--encoding", "UTF8",
                "--locale", "C.UTF-8",
                "--no-instructions",
                check=False,
            )  # fmt: skip
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise EmbeddedDatabaseError(f"initdb failed:\n{result.stderr or result.stdout}")

    def running(self) -> bool:
        if not self.initialized:
            return False
        result = self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "status", check=False
        )
        return result.returncode == 0

    def start(self) -> None:
        self.init()
        if not self.running():
            self.log_file.touch(mode=0o600)
            self.log_file.chmod(0o600)
            if self._as_root:
                shutil.chown(self.log_file, user=self.os_user)
            options = (
                f"-p {self.port} -h {self.host} -c unix_socket_directories='' "
                f"-c jit=off -c max_connections=200 {self.server_options}"
            ).strip()
            result = self._run(
                str(self.bindir / "pg_ctl"),
                "-D", str(self.data_dir),
                "-l", str(self.log_file),
                "-o", options,
                "-w", "-t", "60",
                "start",
                check=False,
            )  # fmt: skip
            if result.returncode != 0:
                log_tail = self.log_file.read_text(errors="replace")[-2000:]
                raise EmbeddedDatabaseError(
                    f"The embedded PostgreSQL did not start (port {self.port} busy? "
                    f"set IM_DB_PORT):\n{result.stderr}\n{log_tail}"
                )
        self._ensure_database()

    def stop(self) -> None:
        if self.running():
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"
            )

    def status(self) -> dict[str, object]:
        return {
            "data_dir": str(self.data_dir),
            "initialized": self.initialized,
            "running": self.running(),
            "host": self.host,
            "port": self.port,
            "database": self.dbname,
        }

    def url(self, dbname: str | None = None, role: str | None = None) -> str:
        """The superuser's URL, or with `role` that role's (app.db.roles)."""
        if role is None:
            user, password = self.superuser, self.password_file.read_text().strip()
        else:
            user, password = role, self._role_passwords()[role]
        return (
            f"postgresql://{user}:{quote(password, safe='')}@{self.host}:{self.port}/"
            f"{dbname or self.dbname}"
        )

    def _role_passwords(self) -> dict[str, str]:
        from app.db import roles

        known = json.loads(self.roles_file.read_text()) if self.roles_file.exists() else {}
        if set(roles.ROLES) - set(known):
            known = {role: known.get(role) or secrets.token_urlsafe(24) for role in roles.ROLES}
            self.roles_file.write_text(json.dumps(known))
        self.roles_file.chmod(0o600)
        return known

    def _ensure_database(self) -> None:
        """The database, owned by the owner role, with PostGIS (which only a superuser may
        create) and the app's roles."""
        from app.db import roles

        self.create_database(self.dbname)
        if not self.app_roles:
            return
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            roles.create_roles(conn, self._role_passwords())
            conn.execute(
                psycopg.sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    psycopg.sql.Identifier(self.dbname), psycopg.sql.Identifier(roles.OWNER)
                )
            )
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            roles.adopt_objects(conn)

    def create_database(self, dbname: str) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg.connect(self.url("postgres"), autocommit=True)
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)
            ).fetchone()
            if not exists:
                conn.execute(
                    psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(dbname))
                )

    def drop_database(self, dbname: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(
                psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    psycopg.sql.Identifier(dbname)
                )
            )
