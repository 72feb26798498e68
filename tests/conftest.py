"""Test fixtures: a real PostgreSQL + PostGIS, never a mock.

By default the suite starts its own throwaway cluster (the same embedded-cluster code the app
uses) in a temporary folder on a free port. Set TEST_DATABASE_URL (a superuser URL to a
PostgreSQL >= 14 with PostGIS) to run against an existing server instead.

The app under test connects as the serving role (app.db.roles: im_reader), as in production;
migrations and loads run as the superuser, and the `db` fixture is a superuser connection.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import uvicorn
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy.engine import make_url

from app.cli import migrate
from app.config import APISettings, DatabaseSettings, ServerSettings
from app.db import roles
from app.db.embedded import EmbeddedCluster
from app.http.server import uvicorn_config
from app.ingest.load import load
from app.main import create_app

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# The suite starts many apps on one cluster: two pooled connections each, not the six a
# serving worker keeps for a browser's bursts, and not warmed (app.config.DatabaseSettings;
# tests/test_health.py checks the warm pool).
os.environ.setdefault("IM_DB_POOL_MIN_SIZE", "2")
os.environ.setdefault("IM_DB_POOL_WARM", "false")


def run_async(coroutine):
    """Run a coroutine on its own loop in a worker thread: the browser tests' sync Playwright
    keeps an event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Creates and drops databases on one PostgreSQL server."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url

    def url(self, dbname: str, role: str | None = None) -> str:
        url = make_url(self.admin_url).set(database=dbname)
        if role:
            url = url.set(username=role, password=self.passwords[role])
        return url.render_as_string(hide_password=False)

    @property
    def passwords(self) -> dict[str, str]:
        """The app's roles on this server, created on first use with this run's passwords."""
        if not hasattr(self, "_passwords"):
            self._passwords = {role: uuid.uuid4().hex for role in roles.ROLES}
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                roles.create_roles(conn, self._passwords)
        return self._passwords

    def create(self, dbname: str) -> str:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        return self.url(dbname)

    def drop(self, dbname: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield Server(url)
        return
    cluster = EmbeddedCluster(
        data_dir=tmp_path_factory.mktemp("pg", numbered=True) / "data",
        port=free_port(),
        dbname="postgres",
        app_roles=False,  # the Server makes them; the "postgres" database stays as it is
    )
    cluster.start()
    try:
        yield Server(cluster.url("postgres"))
    finally:
        cluster.stop()


@pytest.fixture
def empty_db(pg_server: Server) -> Iterator[str]:
    """A new, empty database for one test."""
    name = f"im_test_{uuid.uuid4().hex[:10]}"
    url = pg_server.create(name)
    try:
        yield url
    finally:
        pg_server.drop(name)


@pytest.fixture(scope="session")
def loaded_db(pg_server: Server) -> str:
    """One database, migrated and loaded with geodata/, shared by read-only tests (the
    superuser's URL)."""
    assert pg_server.passwords  # the roles exist before migrate grants to them
    name = f"im_loaded_{uuid.uuid4().hex[:8]}"
    url = pg_server.create(name)
    migrate(url)
    load(url)
    return url


@pytest.fixture(scope="session")
def role_urls(pg_server: Server, loaded_db: str) -> dict[str, str]:
    """The loaded database's URL for each app role (app.db.roles)."""
    name = make_url(loaded_db).database
    return {role: pg_server.url(name, role) for role in roles.ROLES}


@pytest.fixture(scope="session")
def reader_url(role_urls: dict[str, str]) -> str:
    """What the app under test connects as: the serving role."""
    return role_urls[roles.READER]


@pytest.fixture(scope="session")
def app_db_settings(role_urls: dict[str, str], loaded_db: str) -> DatabaseSettings:
    return DatabaseSettings(
        url=role_urls[roles.READER],
        write_url=role_urls[roles.WRITER],
        owner_url=loaded_db,
    )


@pytest.fixture
def db(loaded_db: str) -> Iterator[psycopg.Connection]:
    """A connection to the loaded database whose changes are rolled back after the test."""
    with psycopg.connect(loaded_db) as conn:
        yield conn
        conn.rollback()


@pytest.fixture(scope="session")
def api_settings() -> APISettings:
    return APISettings()


@pytest.fixture(scope="session")
def client(app_db_settings: DatabaseSettings, api_settings: APISettings) -> Iterator[TestClient]:
    app = create_app(app_db_settings, api_settings, url=app_db_settings.url)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def make_client(app_db_settings: DatabaseSettings) -> Iterator:
    """TestClients of apps with other API settings (e.g. tiny thresholds), on the loaded DB."""
    clients: list[TestClient] = []

    def make(**settings) -> TestClient:
        app = create_app(app_db_settings, APISettings(**settings), url=app_db_settings.url)
        clients.append(TestClient(app).__enter__())
        return clients[-1]

    yield make
    for test_client in clients:
        test_client.__exit__(None, None, None)


@contextmanager
def served(app, settings: ServerSettings | None = None) -> Iterator[str]:
    """`app` over real HTTP on a free loopback port, by uvicorn as `industry-map serve`
    configures it; yields the base URL, and stops the server after."""
    port = free_port()
    config = uvicorn_config(
        app, settings or ServerSettings(), "127.0.0.1", port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app_db_settings: DatabaseSettings, api_settings: APISettings) -> Iterator[str]:
    """The app served over real HTTP, for browsers and GIS clients."""
    with served(create_app(app_db_settings, api_settings, url=app_db_settings.url)) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (no browser download). Per module:
    Playwright's sync API keeps an event loop running in the main thread while it is started,
    so code under test that calls asyncio.run (the CLI, async tests) fails after a browser
    test unless Playwright has stopped again."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server: str) -> Iterator[object]:
    """Makes pages, each in a new browser context (a cold cache), with console errors and every
    request recorded: new_page() or e.g. new_page(viewport={"width": 390, "height": 844})."""
    contexts = []

    def make(**context_options):
        options = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"}
        context = browser.new_context(**(options | context_options))
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.requests = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url))
        page.base_url = live_server
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> object:
    """A fresh page with console errors and every request recorded."""
    return new_page()
