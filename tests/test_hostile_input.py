"""A hostile client's battery: bad bytes in every parameter and id of every operation (read
from the OpenAPI document, so new routes are covered), huge query strings and headers against
the live uvicorn, deep CQL2 nesting, odd methods and Accept values. Every answer is a 4xx
problem+json that does not echo internals."""

from __future__ import annotations

import json
import re
import socket
from urllib.parse import quote, urlsplit

import pytest

from app.http.routes import routes
from tests.conftest import run_async

INTERNALS = re.compile(
    r"Traceback|asyncpg|psycopg|sqlalchemy|ERROR:|SELECT |syntax error at|File \"|/work/|\.py\b",
    re.IGNORECASE,
)
BAD = ["%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80"]
SAMPLE = {"adcode": "500118", "park_id": "bishan-hitech-zone", "collectionId": "parks"}


def assert_refused(response, where):
    assert 400 <= response.status_code < 500, (where, response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json", where
    assert not INTERNALS.search(response.text), (where, response.text[:300])


def operations(client):
    document = client.app.openapi()
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation:
            yield path, operation.get("parameters", [])


def fill(path: str, overrides: dict[str, str]) -> str:
    return re.sub(r"{([^}]+)}", lambda m: overrides.get(m[1], SAMPLE.get(m[1], "x")), path)


def test_bad_bytes_in_every_parameter_and_id(client):
    checked = 0
    for path, parameters in operations(client):
        for parameter in parameters:
            name = parameter["name"]
            for bad in BAD:
                if parameter["in"] == "path":
                    url = fill(path, {name: bad})
                else:
                    url = f"{fill(path, {})}?{quote(name)}={bad}"
                assert_refused(client.get(url), url)
                checked += 1
        # Bad bytes in a parameter's name, too.
        assert_refused(client.get(f"{fill(path, {})}?na%00me=1"), path)
    assert checked > 200


def test_bad_bytes_in_ids_of_every_route(client):
    for path, methods in routes(client.app):
        if "GET" not in methods or "{" not in path:
            continue
        for bad in BAD:
            url = re.sub(r"{[^}]+}", bad, path)
            assert_refused(client.get(url), url)


def test_a_megabyte_query_string_in_process():
    run_async(megabyte_query_string())


async def megabyte_query_string():
    """(The HTTP client refuses to send one; the app is called as the server would.)"""
    from app.http.hygiene import InputHygiene

    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):
        raise AssertionError("a megabyte query string reached the app")

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/search",
        "raw_path": b"/api/search",
        "query_string": b"q=" + b"%E5%8A%A8" * 120_000,
        "headers": [],
    }
    await InputHygiene(app)(scope, receive, send)
    assert sent[0]["status"] == 414
    assert (b"content-type", b"application/problem+json") in sent[0]["headers"]


def test_a_long_query_string(client):
    assert_refused(client.get("/ogc/collections/parks/items?filter=" + "a" * 60_000), "60 kB")


def http(live_server: str, request: bytes) -> bytes:
    url = urlsplit(live_server)
    with socket.create_connection((url.hostname, url.port), timeout=20) as sock:
        try:
            sock.sendall(request)
        except OSError:
            pass
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    return data


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /ogc/collections/parks/items?filter="
        + b"a" * 1024 * 1024
        + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/plan HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 1024 * 1024 + b"\r\n\r\n",
        b"GET /api/plan HTTP/1.1\r\nHost: x\r\n" + b"X-Many: 1\r\n" * 20_000 + b"\r\n",
    ],
    ids=["1MB request line", "1MB header", "20000 headers"],
)
def test_huge_requests_against_uvicorn(live_server, request_bytes):
    answer = http(live_server, request_bytes)
    if answer:  # (a reset may overtake the answer; the server never read it all either way)
        status = int(answer.split(b" ", 2)[1])
        assert status in (400, 413, 414, 431), answer[:200]
        assert b"application/problem+json" in answer and not INTERNALS.search(answer.decode())


def test_bad_http_is_a_problem_too(live_server):
    for request in (
        b"GET /api/plan HTTP/1.1\r\nHost x\r\n\r\n",
        b"\x00\x01\x02 / HTTP/1.1\r\n\r\n",
    ):
        answer = http(live_server, request)
        assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
        assert b"application/problem+json" in answer


DEEP = [
    "(" * 5000 + "name = 'x'" + ")" * 5000,
    "NOT " * 5000 + "name = 'x'",
    "S_INTERSECTS(geometry, POLYGON((" + ", ".join(["106 29"] * 3000) + ")))",
    "name IN (" + ", ".join(["'x'"] * 5000) + ")",
]
DEEP_JSON = [
    '{"op":"not","args":[' * 500 + '{"op":"=","args":[{"property":"name"},"x"]}' + "]}" * 500,
    "[" * 5000 + "]" * 5000,
]


@pytest.mark.parametrize("expression", DEEP, ids=["parens", "not", "polygon", "in-list"])
def test_deep_cql2_text(client, expression):
    response = client.get("/ogc/collections/parks/items", params={"filter": expression})
    if response.status_code == 200:  # a long but valid expression may be answered
        assert response.json()["type"] == "FeatureCollection"
    else:
        assert_refused(response, expression[:40])


@pytest.mark.parametrize("expression", DEEP_JSON, ids=["not", "arrays"])
def test_deep_cql2_json(client, expression):
    params = {"filter": expression, "filter-lang": "cql2-json"}
    assert_refused(client.get("/ogc/collections/parks/items", params=params), expression[:40])


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO"])
def test_odd_methods_are_405_with_allow(client, method):
    # Feature collections answer OPTIONS with their Allow list (OGC API – Features Part 4), and
    # writable ones take POST (tests/editing): the read-only collection stands for them here.
    paths = ["/api/plan", "/api/districts/500118", "/healthz"]
    if method not in ("OPTIONS", "POST"):
        paths += ["/ogc/collections/parks/items", "/ogc/collections/districts/items"]
    elif method == "POST":
        paths += ["/ogc/collections/districts/items"]
    for path in paths:
        response = client.request(method, path)
        assert response.status_code == 405, (method, path, response.status_code)
        assert_refused(response, path)
        assert set(response.headers["allow"].split(", ")) >= {"GET", "HEAD"}


@pytest.mark.parametrize(
    "accept",
    [
        "",
        "application/xml",
        "*/*;q=abc",
        "text/html;q=0, application/json;q=0",
        "image/png, */*;q=0",
        "application/geo+json;q=0.5;foo=bar, text/csv;q=1.1",
        b"\xc3\xa9\xff",
        "a" * 8000,
        ", , ;;;, q=1",
    ],
)
def test_odd_accept_values(client, accept):
    for path in ("/ogc/collections/parks/items", "/ogc/collections/parks", "/ogc", "/api/plan"):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code < 500, (path, accept, response.text[:200])
        if response.status_code >= 400:
            assert_refused(response, (path, accept))


def test_nothing_hostile_reaches_the_logs_as_an_error(client, caplog):
    import logging

    with caplog.at_level(logging.ERROR):
        client.get("/ogc/collections/parks/items/%00")
        client.get("/ogc/collections/parks/items", params={"filter": "(" * 5000})
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], json.dumps(
        [r.getMessage() for r in caplog.records]
    )
