"""compose.yaml describes the production layout the README promises: several stateless app
workers over a PostGIS primary and a streaming replica (reads routed to it), behind the nginx
cache whose configuration tests/test_http_cache.py runs, every long-running part with a
health check."""

from __future__ import annotations

import yaml

from app.config import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_app_workers_are_several_and_read_from_the_replica():
    app = SERVICES["app"]
    assert app["deploy"]["replicas"] >= 2
    assert "--workers" in app["command"]
    env = app["environment"]
    assert "@db:" in env["DATABASE_URL"]
    assert env["DATABASE_READ_URL"].split("@")[1].startswith("db-replica:")
    assert "target_session_attrs=prefer-standby" in env["DATABASE_READ_URL"]
    # Workers never migrate: a one-shot service does, before them.
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_replica_streams_from_the_primary():
    replica = SERVICES["db-replica"]
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    script = (PROJECT_ROOT / "deploy/postgres/replica-entrypoint.sh").read_text()
    assert "pg_basebackup" in script and "--write-recovery-conf" in script
    assert "wal_level=replica" in SERVICES["db"]["command"]


def test_the_cache_uses_the_tested_configuration():
    cache = SERVICES["cache"]
    mounted = [v.split(":")[0] for v in cache["volumes"]]
    assert "./deploy/nginx/industry-map.conf.template" in mounted
    template = (PROJECT_ROOT / "deploy/nginx/industry-map.conf.template").read_text()
    for name in ("IM_UPSTREAMS", "IM_LISTEN", "IM_CACHE_DIR", "IM_RUN_DIR"):
        assert f"${{{name}}}" in template and name in cache["environment"]


def test_every_long_running_part_has_a_health_check():
    for name, service in SERVICES.items():
        if name != "migrate":
            assert "healthcheck" in service, name
