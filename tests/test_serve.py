"""`industry-map serve` itself, as `make run` starts it: a real process on a real port, with
one worker and with two, answering the API (the in-process test servers share its uvicorn
configuration, not its command line)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import free_port


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_on_its_port(reader_url, role_urls, workers, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": reader_url,
        "IM_DB_WRITE_URL": role_urls["im_writer"],
    }
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "app", "serve", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not answer within 90 s"
                time.sleep(0.3)
        assert health.status_code == 200, health.text
        parks = httpx.get(f"http://127.0.0.1:{port}/ogc/collections/parks/items?limit=5")
        assert parks.status_code == 200 and len(parks.json()["features"]) == 5
        assert "server" not in parks.headers  # serve's own configuration, not a default one
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
