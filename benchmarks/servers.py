"""The two servers under test, each one uvicorn process with the same options on loopback."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from app.config import PROJECT_ROOT

# Both sides get the same ASGI server, event loop and HTTP parser, and no access log.
UVICORN_OPTIONS = (
    "--host",
    "127.0.0.1",
    "--no-access-log",
    "--log-level",
    "warning",
    "--loop",
    "uvloop",
    "--http",
    "httptools",
)


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _wait_until_up(name: str, url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 300  # a loaded machine starts slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"{name} did not start within 300 s; see {log}")


def _start(
    name: str,
    python: Path,
    app: list[str],
    port: int,
    env: dict,
    cwd: Path,
    log: Path,
    workers: int = 1,
) -> Server:
    command = [str(python), "-m", "uvicorn", *app, "--port", str(port), *UVICORN_OPTIONS]
    if workers > 1:
        command += ["--workers", str(workers)]
    return _launch(name, command, port, env, cwd, log)


def _launch(name: str, command: list[str], port: int, env: dict, cwd: Path, log: Path) -> Server:
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    _wait_until_up(name, f"{base}/healthz", process, log)
    return Server(name, base, process)


def start_ours(
    url: str,
    layers: Path,
    port: int,
    work: Path,
    name: str = "ours",
    workers: int = 1,
    **settings: str,
) -> Server:
    """Our app; `settings`: more environment (e.g. IM_API_ANSWER_CACHE_BYTES="0")."""
    env = {"DATABASE_URL": url, "IM_API_LAYERS_DIR": str(layers), **settings}
    app = ["--factory", "app.main:create_app"]
    python = PROJECT_ROOT / ".venv" / "bin" / "python"
    return _start(name, python, app, port, env, PROJECT_ROOT, work / f"{name}.log", workers)


def start_tipg(url: str, tables: list[str], port: int, work: Path, workers: int = 1) -> Server:
    """tipg as shipped, limited to the benchmark's tables, run from an empty folder so that no
    stray .env changes its settings."""
    env = {
        "DATABASE_URL": url,
        "TIPG_DB_SCHEMAS": '["public"]',
        "TIPG_DB_TABLES": "[" + ",".join(f'"public.{t}"' for t in tables) + "]",
        "TIPG_MAX_FEATURES_PER_QUERY": "10000",
        "TIPG_TABLE_CONFIG__public_yuxi_district__PK": "adcode",
        # Tiles: the same buffer as ours, and every feature (no 10,000 cap), for the same tiles.
        "TIPG_TILE_BUFFER": "64",
        "TIPG_MAX_FEATURES_PER_TILE": "10000000",
    }
    cwd = work / "tipg"
    cwd.mkdir(exist_ok=True)
    python = PROJECT_ROOT / ".venv-bench" / "bin" / "python"
    return _start("tipg", python, ["tipg.main:app"], port, env, cwd, work / "tipg.log", workers)


def start_serve(url: str, port: int, work: Path, workers: int = 1) -> Server:
    """`industry-map serve` itself (the production server and its options), not uvicorn
    started by hand."""
    command = [
        str(PROJECT_ROOT / ".venv" / "bin" / "industry-map"),
        "serve", "--port", str(port), "--workers", str(workers), "--no-access-log",
    ]  # fmt: skip
    name = f"serve-{workers}"
    return _launch(name, command, port, {"DATABASE_URL": url}, PROJECT_ROOT, work / f"{name}.log")
