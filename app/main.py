"""The app factory: settings in, a FastAPI app out. Routers and error handlers are wired here
and nowhere else."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from app import __version__
from app.api import (
    actuals_edit,
    auth,
    chains,
    docs,
    domain,
    health,
    history,
    imports,
    layers,
    overview,
    plan_edits,
    printable,
    progress,
    reports,
    rules,
    site_config,
    siting,
)
from app.auth.middleware import PrivateWhenAuthenticated
from app.compression import CompressionMiddleware
from app.config import (
    APISettings,
    DatabaseSettings,
    api_settings,
    auth_settings,
    database_settings,
    write_settings,
)
from app.db import database_url
from app.db import write_url as db_write_url
from app.db.pool import create_pool, create_read_pool
from app.db.routing import RecentWriteMiddleware, ReplicaMonitor
from app.errors import register_error_handlers
from app.http.answers import AnswerCache
from app.http.envelope import Envelope
from app.http.head import HeadAsGet
from app.http.hygiene import InputHygiene
from app.http.limits import ExpensiveRequestLimit
from app.http.origin import CanonicalOrigin, parse_base_url
from app.http.routes import filter_routes
from app.http.security import SecurityHeaders
from app.layers import load_catalog
from app.ogc import FeaturesAPI
from app.ogc.tiles import TilesAPI
from app.openapi import use_openapi_3_0


def create_app(
    db_settings: DatabaseSettings | None = None,
    settings: APISettings | None = None,
    url: str | None = None,
    write_url: str | None = None,
) -> FastAPI:
    db_settings = db_settings or database_settings()
    settings = settings or api_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.database_url = url or database_url(db_settings)
        app.state.pool = await create_pool(app.state.database_url, db_settings)
        app.state.read_pool = await create_read_pool(db_settings)
        app.state.replica_monitor = ReplicaMonitor(
            app.state.read_pool, db_settings.replica_check_seconds
        )
        await app.state.replica_monitor.start()
        # Writes (issue 12) go through their own pool, as the narrowly granted writer role.
        app.state.write_pool = await create_pool(
            write_url
            or db_settings.write_url
            or (app.state.database_url if url else db_write_url(db_settings)),
            db_settings,
        )
        # What start-up made (routes, models, the catalog, parsers) lives as long as the process;
        # frozen, it is out of the cyclic collector's way, whose full passes over it made the
        # slowest 1% of requests several times slower.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await app.state.replica_monitor.stop()
            if app.state.read_pool is not None:
                await app.state.read_pool.close()
            await app.state.pool.close()
            await app.state.write_pool.close()

    app = FastAPI(
        title="渝西产业地图 · Western Chongqing Industry Map",
        version=__version__,
        description="The industry map of 渝府〔2023〕13号 (渝西跨越计划 2023—2027) over PostGIS.",
        lifespan=lifespan,
        # Served by app.api.docs from self-hosted assets, not FastAPI's CDN pages.
        docs_url=None,
        redoc_url=None,
    )
    # OGC API – Features (OpenAPI 3.0 conformance class) asks for an OpenAPI 3.0 document;
    # tests/test_ogc_resources.py checks it uses nothing 3.1-only.
    use_openapi_3_0(app)
    app.state.settings = settings
    app.state.auth_settings = auth_settings()
    app.state.write_settings = write_settings()
    app.state.catalog = load_catalog(settings.layers_dir)
    register_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match"],
            expose_headers=["ETag", "Content-Crs", "Location"],
        )
    # A successful write marks its author, whose reads then go to the primary (app/db/routing).
    app.add_middleware(RecentWriteMiddleware, seconds=db_settings.read_your_writes_seconds)
    # Bundles, GeoJSON, CSV and tiles compress well: brotli where the client takes it, else
    # gzip; unchanged bodies are compressed once (app/compression.py).
    app.add_middleware(
        CompressionMiddleware, minimum_size=1024, cache_bytes=settings.compressed_cache_bytes
    )
    app.add_middleware(PrivateWhenAuthenticated)
    # Tiles and pages kept while the data stay the same, answered before any routing.
    if settings.answer_cache_bytes > 0:
        app.add_middleware(AnswerCache, max_bytes=settings.answer_cache_bytes)
    _add_http_layers(app, settings)

    # Tiles first: a map asks for dozens per view, and FastAPI tries routers in order.
    app.include_router(TilesAPI(settings).router)
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(auth.router)
    app.include_router(history.router)
    app.include_router(imports.router)
    app.include_router(plan_edits.router)
    app.include_router(domain.router)
    app.include_router(chains.router)
    app.include_router(layers.router)
    app.include_router(site_config.router)
    app.include_router(siting.router)
    app.include_router(rules.router)
    app.include_router(printable.router)
    app.include_router(progress.router)
    app.include_router(actuals_edit.router)
    app.include_router(reports.router)
    app.include_router(overview.router)
    app.include_router(FeaturesAPI(settings).router)
    _mount_frontend(app, settings)
    # A path is tried only against the routes that can match it.
    filter_routes(app)
    return app


def _add_http_layers(app: FastAPI, settings: APISettings) -> None:
    """app.http's middleware; added innermost first, so the envelope runs first."""
    if settings.public_base_url:
        parse_base_url(settings.public_base_url)  # a bad setting fails now, not per request
    app.add_middleware(HeadAsGet)
    app.add_middleware(ExpensiveRequestLimit, settings=settings)
    app.add_middleware(InputHygiene)
    app.add_middleware(
        CanonicalOrigin,
        public_base_url=settings.public_base_url,
        trusted_proxies=settings.trusted_proxies,
    )
    app.add_middleware(Envelope, headers=SecurityHeaders(settings))


def _mount_frontend(app: FastAPI, settings: APISettings) -> None:
    dist = settings.frontend_dir
    if not (dist / "index.html").exists():
        return
    app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
    if (dist / "api-docs").is_dir():
        app.mount("/api-docs", StaticFiles(directory=dist / "api-docs"), name="api-docs")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(dist / "index.html", headers={"Cache-Control": "no-cache"})
