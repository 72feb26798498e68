"""Settings, split by concern (pydantic-settings). Every value can be set from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DatabaseSettings(BaseSettings):
    """Where the data lives. Without DATABASE_URL the app runs its own cluster under ./var/."""

    model_config = SettingsConfigDict(env_prefix="IM_DB_", extra="ignore")

    url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "IM_DB_URL")
    )
    data_dir: Path = PROJECT_ROOT / "var" / "pg"
    host: str = "127.0.0.1"
    port: int = 54329
    name: str = "industry_map"
    # initdb/pg_ctl refuse to run as root, so as root the embedded cluster runs as this user.
    os_user: str = "postgres"
    pool_min_size: int = 2
    pool_max_size: int = 10
    statement_timeout_ms: int = 15_000


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IM_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias=AliasChoices("PORT", "IM_PORT"))


class APISettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IM_API_", extra="ignore")

    cors_origins: list[str] = []
    default_limit: int = 100
    max_limit: int = 10_000
    cache_max_age: int = 60
    # numberMatched is counted exactly up to this many features, then estimated (and said so).
    exact_count_max: int = 10_000
    # Pages asked for with a larger limit are streamed from a cursor instead of built whole.
    stream_above: int = 2_000
    layers_dir: Path = PROJECT_ROOT / "layers"
    frontend_dir: Path = PROJECT_ROOT / "frontend" / "dist"


class BasemapSettings(BaseSettings):
    """Base maps are configured here, never in the page: an intranet can point them at its own
    tile server, or leave the default `none` and need no network at all. A base map is offered
    only when it is configured: OpenStreetMap needs its tile URL (e.g. the public
    https://tile.openstreetmap.org/{z}/{x}/{y}.png, or an intranet mirror), 天地图 its key."""

    model_config = SettingsConfigDict(env_prefix="IM_BASEMAP_", extra="ignore")

    default: str = "none"
    osm_url: str | None = None
    tianditu_key: str | None = None
    # 天地图 requires its map review number (审图号) in the attribution; it changes yearly.
    tianditu_review_number: str = "GS(2024)0568号"


@lru_cache
def database_settings() -> DatabaseSettings:
    return DatabaseSettings()


@lru_cache
def server_settings() -> ServerSettings:
    return ServerSettings()


@lru_cache
def api_settings() -> APISettings:
    return APISettings()


@lru_cache
def basemap_settings() -> BasemapSettings:
    return BasemapSettings()
