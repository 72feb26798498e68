"""Settings, split by concern (pydantic-settings). Every value can be set from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DatabaseSettings(BaseSettings):
    """Where the data lives. Without DATABASE_URL the app runs its own cluster under ./var/."""

    model_config = SettingsConfigDict(env_prefix="IM_DB_", extra="ignore", populate_by_name=True)

    # The serving (read-only) role's URL; the embedded cluster's im_reader when unset.
    url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "IM_DB_URL")
    )
    # Migrations and loads run as the schema's owner (falls back to url).
    owner_url: str | None = None
    # The write path's narrowly-granted role (falls back to url).
    write_url: str | None = None
    data_dir: Path = PROJECT_ROOT / "var" / "pg"
    host: str = "127.0.0.1"
    port: int = 54329
    name: str = "industry_map"
    # initdb/pg_ctl refuse to run as root, so as root the embedded cluster runs as this user.
    os_user: str = "postgres"
    # Read replicas (issue 14): reads go here, writes and read-your-writes to `url`. One host
    # or several (libpq style, e.g. postgresql://r1,r2/db?target_session_attrs=prefer-standby).
    read_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_READ_URL", "IM_DB_READ_URL")
    )
    # How often each worker checks that its replica answers (and how far behind it is).
    replica_check_seconds: float = 2.0
    # After a write, the writer's reads go to the primary for this long (a cookie says so).
    read_your_writes_seconds: int = 30
    # Connections each worker keeps open (and warm, app.db.pool) for good: a browser opens up
    # to six per host over HTTP/1.1 and a map view asks for up to nine tiles at once. Fewer, and
    # each burst after five idle minutes waited for new backends (benchmarks/README.md).
    pool_min_size: int = 6
    # Load PostGIS and PROJ in each new connection as it opens (app.db.pool), not in the first
    # request that gets it.
    pool_warm: bool = True
    pool_max_size: int = 10
    statement_timeout_ms: int = 15_000
    # Longest wait for a pooled connection: past it a request is a fast 503 (busy), not a
    # queue that grows while the pool is saturated.
    pool_acquire_timeout_s: float = 3.0


class ServerSettings(BaseSettings):
    """How `industry-map serve` runs uvicorn: the limits that keep one client from holding
    the server's memory or sockets (app.http.server)."""

    model_config = SettingsConfigDict(env_prefix="IM_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias=AliasChoices("PORT", "IM_PORT"))
    # Request line plus headers, in bytes: past it, 431 and the connection is closed.
    max_header_bytes: int = 64 * 1024
    # A connection that sends no complete request this long after opening is closed.
    request_header_timeout_s: float = 10.0
    # An idle keep-alive connection is closed after this long.
    keep_alive_s: int = 5
    # Open connections plus running requests past which new ones get a 503.
    max_concurrency: int = 1000
    # On shutdown, requests in flight get this long to finish.
    drain_timeout_s: int = 15


class APISettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IM_API_", extra="ignore")

    cors_origins: list[str] = []
    default_limit: int = 100
    max_limit: int = 10_000
    cache_max_age: int = 60
    # numberMatched is counted exactly up to this many features, then estimated (and said so).
    exact_count_max: int = 10_000
    # Pages asked for with a larger limit are streamed from a cursor instead of built whole.
    # At max_limit (10,000 points, about 2 MB) building whole is cheaper: one statement, one
    # round trip, and an ETag, so that its compressed body can be kept.
    stream_above: int = 10_000
    # Compressed bodies of unchanged responses kept per process (app/compression.py).
    compressed_cache_bytes: int = 64 << 20
    # Built pages and tiles kept per process while the data are unchanged (app/http/answers.py);
    # 0 turns it off.
    answer_cache_bytes: int = 128 << 20
    # Links in responses start with this (e.g. https://map.example.gov.cn); unset: with a
    # trusted proxy's X-Forwarded-Host/-Proto, else the address the request arrived on —
    # never the raw Host header (app.http.origin).
    public_base_url: str | None = None
    # Proxies whose X-Forwarded-For/-Proto/-Host are believed (IPs or CIDRs, a JSON list);
    # empty: none, the socket's peer is the client and the links' origin is our own.
    trusted_proxies: list[str] = []
    # Per client (IP), how many expensive requests (site selection, exports, printable pages,
    # large pages) may run at once; more get 429 (app.http.limits).
    expensive_per_client: int = 4
    # Paths (regular expressions, matched from the start) of expensive requests; an OGC items
    # page asking for more than `large_page_limit` features, or for CSV, is one too.
    expensive_paths: list[str] = [
        r"/api/site-selection",
        r"/(districts|parks)/[^/]+/print$",
        r".*/export",
        r".*\.(csv|xlsx|pdf|zip)$",
    ]
    large_page_limit: int = 1000
    # Who may frame the pages (CSP frame-ancestors); default nobody.
    frame_ancestors: list[str] = []
    layers_dir: Path = PROJECT_ROOT / "layers"
    frontend_dir: Path = PROJECT_ROOT / "frontend" / "dist"


class AuthSettings(BaseSettings):
    """Accounts and tokens (issue 12)."""

    model_config = SettingsConfigDict(env_prefix="IM_AUTH_", extra="ignore")

    # Bearer tokens are short-lived; a new login gives a new one.
    token_ttl_minutes: int = 60
    # Failed logins counted over this window, per account and per client address.
    login_window_seconds: int = 900
    login_max_failures: int = 5
    login_max_failures_per_client: int = 20


class WriteSettings(BaseSettings):
    """Writes and imports (issue 12)."""

    model_config = SettingsConfigDict(env_prefix="IM_WRITE_", extra="ignore")

    # Every vertex of a written geometry must lie in 渝西 or within this distance of it (metres):
    # boundaries are generalised, and a park on the edge must not be refused for a few metres.
    boundary_tolerance_m: float = 500.0
    # Imports: largest upload (bytes), most rows, largest unpacked size of a zip archive.
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 5_000
    import_max_unzipped_bytes: int = 100 * 1024 * 1024


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
def auth_settings() -> AuthSettings:
    return AuthSettings()


@lru_cache
def write_settings() -> WriteSettings:
    return WriteSettings()


@lru_cache
def basemap_settings() -> BasemapSettings:
    return BasemapSettings()
