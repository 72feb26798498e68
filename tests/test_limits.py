"""Bounded cost: what one client can make the server hold — connections, memory, queries,
expensive work — has a limit, and past it the answer is quick and says so."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import psycopg
import pytest
import uvicorn

from app.config import APISettings, ServerSettings
from app.http.limits import ExpensiveRequestLimit
from app.http.server import uvicorn_config
from app.main import create_app
from tests.conftest import free_port, run_async

SERVER = ServerSettings(request_header_timeout_s=1, keep_alive_s=1, max_header_bytes=16 * 1024)


@pytest.fixture(scope="module")
def bounded_server(app_db_settings):
    """The app behind uvicorn as `serve` runs it, with short timeouts, plus a slow route."""
    app = create_app(app_db_settings, APISettings(), url=app_db_settings.url)

    @app.get("/_test/slow", include_in_schema=False)
    async def slow():
        return {"slept": await app.state.pool.fetchval("SELECT pg_sleep(30)::text")}

    port = free_port()
    server = uvicorn.Server(uvicorn_config(app, SERVER, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=20)


def raw(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def read_response(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return data


def test_a_huge_header_is_refused_with_a_problem(bounded_server):
    sock = raw(bounded_server)
    head = b"GET /api/plan HTTP/1.1\r\nHost: x\r\nX-Big: "
    sent = 0

    def flood():
        nonlocal sent
        try:
            sock.sendall(head)
            while sent < 16 * 1024 * 1024:
                sock.sendall(b"a" * 65536)
                sent += 65536
        except OSError:
            pass

    writer = threading.Thread(target=flood)
    writer.start()
    answer = read_response(sock)
    writer.join(timeout=10)
    sock.close()
    assert sent < 16 * 1024 * 1024, "the server read a 16 MB header"
    if answer:  # the refusal, unless the connection reset overtook it
        assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
        assert b"application/problem+json" in answer


def test_a_socket_that_sends_nothing_is_closed(bounded_server):
    sockets = [raw(bounded_server) for _ in range(50)]
    time.sleep(SERVER.request_header_timeout_s + 1.5)
    closed = 0
    for sock in sockets:
        sock.settimeout(2)
        try:
            closed += sock.recv(1) == b""
        except (ConnectionResetError, TimeoutError):
            closed += 1
        sock.close()
    assert closed == len(sockets)


def test_an_idle_keep_alive_connection_is_closed(bounded_server):
    sock = raw(bounded_server)
    sock.sendall(b"GET /api/config HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.settimeout(SERVER.keep_alive_s + 3)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    assert data.startswith(b"HTTP/1.1 200")
    assert b"server:" not in data.lower()  # no version banner
    started = time.monotonic()
    while sock.recv(65536):
        pass
    assert time.monotonic() - started < SERVER.keep_alive_s + 2
    sock.close()


def running_sleeps(loaded_db: str) -> int:
    with psycopg.connect(loaded_db) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND query LIKE 'SELECT pg_sleep(30)%'"
        ).fetchone()[0]


def test_the_query_is_cancelled_when_the_client_hangs_up(bounded_server, loaded_db):
    sock = raw(bounded_server)
    sock.sendall(b"GET /_test/slow HTTP/1.1\r\nHost: x\r\n\r\n")
    deadline = time.monotonic() + 10
    while running_sleeps(loaded_db) == 0:
        assert time.monotonic() < deadline, "the slow query never started"
        time.sleep(0.1)
    sock.close()
    deadline = time.monotonic() + 5
    while running_sleeps(loaded_db):
        assert time.monotonic() < deadline, "the query ran on after its client left"
        time.sleep(0.1)


def test_head_and_the_limits_through_uvicorn(bounded_server):
    url = f"http://127.0.0.1:{bounded_server}/api/districts"
    head, get = httpx.head(url), httpx.get(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["content-type"] == get.headers["content-type"]


def test_past_the_connection_cap_the_answer_is_a_problem(app_db_settings):
    app = create_app(app_db_settings, APISettings(), url=app_db_settings.url)
    port = free_port()
    capped = ServerSettings(max_concurrency=2)
    server = uvicorn.Server(uvicorn_config(app, capped, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        idle = [raw(port), raw(port)]  # the two connections the cap allows, held open
        time.sleep(0.2)
        response = httpx.get(f"http://127.0.0.1:{port}/api/plan")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert int(response.headers["retry-after"]) > 0
        assert response.json()["status"] == 503
        for sock in idle:
            sock.close()
        time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/api/plan").status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def test_serve_configures_the_limits():
    settings = ServerSettings()
    config = uvicorn_config(object(), settings, "127.0.0.1", 8000)
    assert config.http.max_header_bytes == settings.max_header_bytes
    assert config.http.request_header_timeout == settings.request_header_timeout_s
    assert config.timeout_keep_alive == settings.keep_alive_s
    assert config.timeout_graceful_shutdown == settings.drain_timeout_s
    assert config.limit_concurrency == settings.max_concurrency
    assert config.server_header is False and config.proxy_headers is False


def test_expensive_requests_are_limited_per_client():
    run_async(expensive_requests_limited())


async def expensive_requests_limited():
    release = asyncio.Event()

    async def slow_app(scope, receive, send):
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = ExpensiveRequestLimit(slow_app, APISettings(expensive_per_client=2))
    transport = httpx.ASGITransport(app=limited, client=("10.0.0.1", 1234))
    other = httpx.ASGITransport(app=limited, client=("10.0.0.2", 1234))
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://t") as one,
        httpx.AsyncClient(transport=other, base_url="http://t") as two,
    ):
        running = [
            asyncio.create_task(one.get("/api/site-selection?industry=x")),
            asyncio.create_task(one.get("/parks/p/print")),
        ]
        await asyncio.sleep(0.05)
        refused = await one.get("/api/site-selection.csv?industry=x")
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        large = await one.get("/ogc/collections/parks/items?limit=5000")
        assert large.status_code == 429
        # Another client, and cheap requests, are not held up.
        later = asyncio.create_task(two.get("/api/site-selection?industry=x"))
        cheap = asyncio.create_task(one.get("/ogc/collections/parks/items?limit=10"))
        await asyncio.sleep(0.05)
        release.set()
        assert [r.status_code for r in await asyncio.gather(*running, later, cheap)] == [200] * 4
        assert (await one.get("/api/site-selection?industry=x")).status_code == 200
    assert not limited.running


def test_the_app_has_the_limit(make_client):
    from app.http.limits import ExpensiveRequestLimit as Limit

    client = make_client(expensive_per_client=3)
    layers = []
    app = client.app.middleware_stack
    while app is not None:
        layers.append(type(app))
        app = getattr(app, "app", None)
    assert Limit in layers
    assert client.get("/api/site-selection", params={"industry": "动力电池"}).status_code == 200
