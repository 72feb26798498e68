"""Load generators: wrk (Debian's package) for the HTTP servers, and an asyncpg loop for the
database's own time. Both run a fixed number of clients for a fixed time, on loopback only."""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from app.db import plain_url

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    bytes_per_response: int
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def wrk(url: str, connections: int, seconds: float, headers: dict | None = None) -> Measurement:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the benchmark only loads servers on loopback")
    header_options = [o for k, v in (headers or {}).items() for o in ("--header", f"{k}: {v}")]
    run = subprocess.run(
        [
            "wrk",
            *header_options,
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "--script",
            str(WRK_SCRIPT),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    requests = max(report["requests"], 1)
    return Measurement(
        requests=report["requests"],
        seconds=report["duration_us"] / 1e6,
        p50_ms=report["p50_us"] / 1000,
        p95_ms=report["p95_us"] / 1000,
        bytes_per_response=report["bytes"] // requests,
        errors=report["errors"],
    )


async def _database(
    url: str, statement: str, args: tuple, connections: int, seconds: float
) -> Measurement:
    async def connect() -> asyncpg.Connection:
        conn = await asyncpg.connect(plain_url(url), server_settings={"jit": "off"})
        await conn.set_type_codec("json", encoder=str, decoder=str, schema="pg_catalog")
        return conn

    async def client(prepared, deadline: float) -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            body = await prepared.fetchval(*args)
            latencies.append(time.perf_counter() - began)
            sizes.append(len(body or b""))

    latencies: list[float] = []
    sizes: list[int] = []
    conns = await asyncio.gather(*(connect() for _ in range(connections)))
    try:
        prepared = [await conn.prepare(statement) for conn in conns]
        for statement_on_conn in prepared:
            await statement_on_conn.fetchval(*args)  # planned and warm before timing
        started = time.perf_counter()
        await asyncio.gather(*(client(p, started + seconds) for p in prepared))
        elapsed = time.perf_counter() - started
    finally:
        await asyncio.gather(*(conn.close() for conn in conns))
    return Measurement(
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        # (a statement slower than the run gives one sample: its own time)
        p95_ms=(statistics.quantiles(latencies, n=20)[18] if len(latencies) > 1 else latencies[0])
        * 1000,
        bytes_per_response=int(statistics.mean(sizes)),
        errors=0,
    )


def database(
    url: str, statement: str, connections: int, seconds: float, args: tuple = ()
) -> Measurement:
    """The statement that returns the whole FeatureCollection (or tile), with its parameters,
    run by `connections` clients."""
    return asyncio.run(_database(url, statement, args, connections, seconds))
