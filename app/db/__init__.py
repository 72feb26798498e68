"""Database access: which server (embedded or DATABASE_URL), the schema, the connection pools."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from app.config import DatabaseSettings, database_settings
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


def database_url(settings: DatabaseSettings | None = None, *, start: bool = True) -> str:
    """A plain postgresql:// URL: DATABASE_URL if set, else the embedded cluster's."""
    settings = settings or database_settings()
    if settings.url:
        return settings.url
    cluster = embedded_cluster(settings)
    if start:
        cluster.start()
    return cluster.url()


def with_driver(url: str, driver: str) -> str:
    """The same URL for a given SQLAlchemy driver ("psycopg" or "asyncpg")."""
    parsed = make_url(url)
    return parsed.set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False)


def plain_url(url: str) -> str:
    """The URL as libpq and asyncpg take it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
