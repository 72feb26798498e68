"""A streaming standby (read replica) of a PostgreSQL server, made with the server's own tools:
pg_basebackup -R copies the primary and configures streaming replication, pg_ctl starts it.
For tests and benchmarks on one machine; in production the replica is the database
service's own (compose.yaml). Run as the unprivileged OS user like the embedded cluster
(initdb and pg_ctl refuse root)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db.embedded import EmbeddedCluster, EmbeddedDatabaseError


def make_standby(primary_url: str, data_dir: Path, port: int, os_user: str = "postgres"):
    """Copy the primary at `primary_url` (a superuser or REPLICATION role) into `data_dir`
    and start it as a hot standby on `port`. Returns the standby as an EmbeddedCluster
    (start/stop/url work as for the primary)."""
    url = make_url(primary_url)
    standby = EmbeddedCluster(
        data_dir=data_dir, port=port, dbname=url.database or "postgres", os_user=os_user,
        superuser=url.username or "postgres",
        app_roles=False,  # a standby is read-only: its roles and grants are the primary's
    )  # fmt: skip
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(data_dir.parent, user=os_user)
    standby._make_reachable()
    conninfo = (
        f"host={url.host} port={url.port or 5432} user={url.username} "
        f"password={url.password} dbname={url.database or 'postgres'}"
    )
    result = standby._run(
        str(standby.bindir / "pg_basebackup"),
        "--pgdata", str(data_dir),
        "--dbname", conninfo,
        "--write-recovery-conf",
        "--wal-method", "stream",
        "--checkpoint", "fast",
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise EmbeddedDatabaseError(f"pg_basebackup failed:\n{result.stderr}")
    standby.password_file.write_text(url.password or "")
    standby.password_file.chmod(0o600)
    standby.start()
    return standby


def stop_now(cluster: EmbeddedCluster) -> None:
    """Stop a server at once (as a crash would)."""
    cluster._run(
        str(cluster.bindir / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "immediate", "stop",
        check=False,
    )  # fmt: skip
