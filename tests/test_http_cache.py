"""deploy/nginx/industry-map.conf.template run with Debian's nginx in front of the app: tiles
and GeoJSON are cached (HIT), revalidated with the app's ETag once stale (REVALIDATED: the app
answered 304), clients revalidate against the cache (304), and requests with credentials or
after a write are never served from or stored in the cache."""

from __future__ import annotations

import getpass
import http.client
import os
import shutil
import string
import subprocess
import time
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT, APISettings, DatabaseSettings
from app.db.routing import RECENT_WRITE_COOKIE
from app.main import create_app
from tests.conftest import free_port, served

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "industry-map.conf.template"
MAX_AGE = 1  # seconds: the app's Cache-Control, short so that the test sees revalidation
TILE = "/ogc/collections/districts/tiles/WebMercatorQuad/8/105/203"  # 璧山
ITEMS = "/ogc/collections/parks/items?limit=5"

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")


@pytest.fixture(scope="module")
def upstream(loaded_db):
    app = create_app(DatabaseSettings(), APISettings(cache_max_age=MAX_AGE), url=loaded_db)
    with served(app) as url:
        yield url.removeprefix("http://")


@pytest.fixture(scope="module")
def cache(upstream, tmp_path_factory):
    """nginx on a free port with the shipped configuration."""
    root = tmp_path_factory.mktemp("nginx")
    run, cached = root / "run", root / "cache"
    for folder in (run, cached):
        folder.mkdir()
    port = free_port()
    conf = root / "nginx.conf"
    # As envsubst does: only the IM_ variables; nginx's own ($http_host, …) stay.
    text = string.Template(TEMPLATE.read_text()).safe_substitute(
        IM_UPSTREAMS=f"server {upstream};",
        IM_LISTEN=f"127.0.0.1:{port}",
        IM_CACHE_DIR=str(cached),
        IM_RUN_DIR=str(run),
    )
    assert "${IM_" not in text
    conf.write_text(text)
    checked = subprocess.run(
        [NGINX, "-t", "-e", "stderr", "-p", str(root), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    # Under pytest's private temporary folders the workers keep the test's own user.
    own_user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    log = (root / "error.log").open("w")
    process = subprocess.Popen(
        [NGINX, "-e", "stderr", "-p", str(root), "-c", str(conf), "-g", f"daemon off; {own_user}"],
        stderr=log,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            get(port, "/healthz")
            break
        except OSError:
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def get_hit(port: int, path: str) -> http.client.HTTPResponse:
    """The next request for what was just fetched: a HIT. nginx moves a response into the cache
    once it has sent it; a request racing that (a loaded machine) is one more MISS, so allow
    a few within a fraction of the max-age, never a BYPASS or an EXPIRED."""
    deadline = time.monotonic() + MAX_AGE / 2
    while True:
        response = get(port, path)
        status = response.getheader("X-Cache-Status")
        if status != "MISS" or time.monotonic() > deadline:
            assert status == "HIT", status
            return response
        time.sleep(0.05)


@pytest.mark.parametrize("path", [TILE, ITEMS])
def test_cached_then_revalidated_with_the_etag(cache, path):
    first = get(cache, path)
    assert first.status == 200 and first.getheader("X-Cache-Status") in ("MISS", "EXPIRED")
    etag = first.getheader("ETag")
    again = get_hit(cache, path)
    assert again.body == first.body
    # A client that has the body revalidates against the cache.
    conditional = get(cache, path, {"If-None-Match": etag})
    assert conditional.status == 304 and conditional.body == b""
    # Once stale, nginx asks the app with If-None-Match; the app's 304 refreshes the copy.
    time.sleep(MAX_AGE + 1.1)
    stale = get(cache, path)
    assert stale.status == 200 and stale.getheader("X-Cache-Status") == "REVALIDATED"
    assert stale.body == first.body and stale.getheader("ETag") == etag


def test_credentials_and_recent_writers_bypass_the_cache(cache):
    path = "/ogc/collections/districts/items?limit=3"
    personal = get(cache, path, {"Authorization": "Bearer someone"})
    assert personal.status == 200 and personal.getheader("X-Cache-Status") == "BYPASS"
    # … and their response was not stored for others.
    assert get(cache, path).getheader("X-Cache-Status") == "MISS"
    get_hit(cache, path)
    writer = get(cache, path, {"Cookie": f"{RECENT_WRITE_COOKIE}=1"})
    assert writer.getheader("X-Cache-Status") == "BYPASS"
    assert get(cache, path, {"Authorization": "Bearer x"}).getheader("X-Cache-Status") == "BYPASS"


def test_the_page_and_the_health_check_are_not_cached(cache):
    health = get(cache, "/healthz")
    assert health.status == 200 and health.getheader("X-Cache-Status") is None
