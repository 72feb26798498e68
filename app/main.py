"""The app factory: settings in, a FastAPI app out. Routers and error handlers are wired here
and nowhere else."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from brotli_asgi import BrotliMiddleware
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from app import __version__
from app.api import domain, health, layers, overview, printable, site_config, siting
from app.config import APISettings, DatabaseSettings, api_settings, database_settings
from app.db import database_url
from app.db.pool import create_pool
from app.errors import register_error_handlers
from app.layers import load_catalog
from app.ogc import FeaturesAPI
from app.openapi import use_openapi_3_0


def create_app(
    db_settings: DatabaseSettings | None = None,
    settings: APISettings | None = None,
    url: str | None = None,
) -> FastAPI:
    db_settings = db_settings or database_settings()
    settings = settings or api_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = await create_pool(url or database_url(db_settings), db_settings)
        # What start-up made (routes, models, the catalog, parsers) lives as long as the process;
        # frozen, it is out of the cyclic collector's way, whose full passes over it made the
        # slowest 1% of requests several times slower.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await app.state.pool.close()

    app = FastAPI(
        title="渝西产业地图 · Western Chongqing Industry Map",
        version=__version__,
        description="The industry map of 渝府〔2023〕13号 (渝西跨越计划 2023—2027) over PostGIS.",
        lifespan=lifespan,
    )
    # OGC API – Features (OpenAPI 3.0 conformance class) asks for an OpenAPI 3.0 document;
    # tests/test_ogc_resources.py checks it uses nothing 3.1-only.
    use_openapi_3_0(app)
    app.state.settings = settings
    app.state.catalog = load_catalog(settings.layers_dir)
    register_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET"],
            expose_headers=["ETag", "Content-Crs"],
        )
    # Bundles, GeoJSON and CSV compress well: brotli where the client takes it, else gzip.
    app.add_middleware(BrotliMiddleware, minimum_size=1024, gzip_fallback=True)

    app.include_router(health.router)
    app.include_router(domain.router)
    app.include_router(layers.router)
    app.include_router(site_config.router)
    app.include_router(siting.router)
    app.include_router(printable.router)
    app.include_router(overview.router)
    app.include_router(FeaturesAPI(settings).router)
    _mount_frontend(app, settings)
    return app


def _mount_frontend(app: FastAPI, settings: APISettings) -> None:
    dist = settings.frontend_dir
    if not (dist / "index.html").exists():
        return
    app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(dist / "index.html", headers={"Cache-Control": "no-cache"})
