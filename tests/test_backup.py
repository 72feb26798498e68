"""Backups: a backup restored into a fresh cluster has every row of the original; restore is
all-or-nothing; the destructive commands ask for --yes."""

from __future__ import annotations

import psycopg
import pytest
from click.testing import CliRunner

from app import cli
from app.config import database_settings
from app.db import roles, versions
from app.db.backup import BackupError, backup, restore
from app.db.embedded import EmbeddedCluster
from tests.conftest import free_port
from tests.db_helpers import rows


@pytest.fixture(scope="module")
def fresh_cluster(tmp_path_factory):
    cluster = EmbeddedCluster(
        data_dir=tmp_path_factory.mktemp("pg-restore") / "data",
        port=free_port(),
        server_options="-c fsync=off",
    )
    cluster.start()
    yield cluster
    cluster.stop()


def test_backup_restored_into_a_fresh_cluster_row_by_row(loaded_db, fresh_cluster, tmp_path):
    file = backup(loaded_db, tmp_path / "backup.dump")
    assert file.stat().st_mode & 0o077 == 0
    # Restored as the fresh cluster's owner role, as `industry-map db restore` does.
    restore(fresh_cluster.url(role=roles.OWNER), file)
    original, restored = rows(loaded_db), rows(fresh_cluster.url())
    assert original.keys() == restored.keys() and "park" in original
    for table in original:
        assert restored[table] == original[table], table
    # The restore moves the data version past anything served before (app/db/versions.py).
    with psycopg.connect(loaded_db) as before, psycopg.connect(fresh_cluster.url()) as after:
        restored_version = after.execute(versions.READ).fetchone()[0]
        assert restored_version > before.execute(versions.READ).fetchone()[0]
    assert sum(len(r) for r in original.values()) > 200
    # What was restored is served: the reader can read it.
    with psycopg.connect(fresh_cluster.url(role=roles.READER)) as conn:
        assert conn.execute("SELECT count(*) FROM park").fetchone()[0] == len(original["park"])


def test_a_failed_restore_changes_nothing(fresh_cluster, tmp_path):
    before = rows(fresh_cluster.url())
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP this is not a backup")
    with pytest.raises(BackupError):
        restore(fresh_cluster.url(role=roles.OWNER), broken)
    assert rows(fresh_cluster.url()) == before


def run(args, url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)
    database_settings.cache_clear()
    try:
        return CliRunner().invoke(cli.main, args)
    finally:
        database_settings.cache_clear()


def test_cli_backup_and_restore_with_database_url(loaded_db, empty_db, tmp_path, monkeypatch):
    file = tmp_path / "cli.dump"
    result = run(["db", "backup", str(file)], loaded_db, monkeypatch)
    assert result.exit_code == 0, result.output
    refused = run(["db", "restore", str(file)], empty_db, monkeypatch)
    assert refused.exit_code != 0 and "--yes" in refused.output
    assert rows(empty_db) == {}
    result = run(["db", "restore", "--yes", str(file)], empty_db, monkeypatch)
    assert result.exit_code == 0, result.output
    assert rows(empty_db) == rows(loaded_db)


def test_downgrade_refuses_without_yes(loaded_db, monkeypatch):
    before = rows(loaded_db)
    result = run(["downgrade"], loaded_db, monkeypatch)
    assert result.exit_code != 0 and "--yes" in result.output
    assert rows(loaded_db) == before
