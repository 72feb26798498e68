"""Database access: which server (embedded or DATABASE_URL), the schema, the connection pools."""

from __future__ import annotations

import psycopg
from sqlalchemy.engine import make_url

from app.config import DatabaseSettings, database_settings
from app.db import roles
from app.db.embedded import EmbeddedCluster


def embedded_cluster(settings: DatabaseSettings | None = None) -> EmbeddedCluster:
    settings = settings or database_settings()
    return EmbeddedCluster(
        data_dir=settings.data_dir,
        port=settings.port,
        host=settings.host,
        dbname=settings.name,
        os_user=settings.os_user,
    )


def _url(settings: DatabaseSettings | None, configured: str | None, role: str, start: bool):
    settings = settings or database_settings()
    if configured := configured or settings.url:
        return configured
    cluster = embedded_cluster(settings)
    if start:
        cluster.start()
    return cluster.url(role=role)


def database_url(settings: DatabaseSettings | None = None, *, start: bool = True) -> str:
    """The serving role's URL: DATABASE_URL if set, else the embedded cluster's im_reader."""
    return _url(settings, None, roles.READER, start)


def owner_url(settings: DatabaseSettings | None = None, *, start: bool = True) -> str:
    """The URL migrations and loads use: IM_DB_OWNER_URL, else DATABASE_URL, else the
    embedded cluster's im_owner."""
    settings = settings or database_settings()
    return _url(settings, settings.owner_url, roles.OWNER, start)


def write_url(settings: DatabaseSettings | None = None, *, start: bool = True) -> str:
    """The write path's URL: IM_DB_WRITE_URL, else DATABASE_URL, else im_writer's."""
    settings = settings or database_settings()
    return _url(settings, settings.write_url, roles.WRITER, start)


def with_driver(url: str, driver: str) -> str:
    """The same URL for a given SQLAlchemy driver ("psycopg" or "asyncpg")."""
    parsed = make_url(url)
    return parsed.set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False)


def plain_url(url: str) -> str:
    """The URL as libpq and asyncpg take it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


MIN_POSTGRES = 14
MIN_POSTGIS = 3


class UnsupportedServer(RuntimeError):
    """The server behind DATABASE_URL is too old or lacks PostGIS; the message says what to do."""


def require_supported(server_version_num: int, postgis_version: str | None) -> None:
    if server_version_num < MIN_POSTGRES * 10_000:
        raise UnsupportedServer(
            f"PostgreSQL {server_version_num // 10_000} is too old: "
            f"{MIN_POSTGRES} or newer is needed."
        )
    if postgis_version is None:
        raise UnsupportedServer(
            "PostGIS is not available on this server: install PostGIS >= 3 for it "
            "(Debian/Ubuntu: postgresql-<version>-postgis-3)."
        )
    if int(postgis_version.split(".")[0]) < MIN_POSTGIS:
        raise UnsupportedServer(
            f"PostGIS {postgis_version} is too old: {MIN_POSTGIS} or newer is needed."
        )


def check_server(url: str) -> None:
    """Fail early, with a clear message, on a server the app cannot use."""
    with psycopg.connect(plain_url(url)) as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])
        row = conn.execute(
            "SELECT coalesce(installed_version, default_version) FROM pg_available_extensions "
            "WHERE name = 'postgis'"
        ).fetchone()
    require_supported(version, row[0] if row else None)
