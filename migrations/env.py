"""Alembic environment: migrations run synchronously over psycopg on the app's database."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

from app.db import owner_url, with_driver
from app.db.models import Base

config = context.config
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # PostGIS owns these; they are not ours to diff.
    return not (type_ == "table" and name == "spatial_ref_sys")


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or owner_url()
    engine = create_engine(with_driver(url, "psycopg"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
