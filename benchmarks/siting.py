"""Site selection at the API: a query matrix of terms × near × max_km, p50/p95 per cell
group, against one uvicorn process of the app; and, interleaved, the database time of the
park query before (geodesic distances to the merged reference polygons computed on every
request, the statement of commit 7a72429) and after (distances precomputed at load).

    .venv/bin/python -m benchmarks.siting                 # the database the app uses
    .venv/bin/python -m benchmarks.siting --repeat 30     # more samples per query

It is a benchmark, not a test: nothing fails, it prints a Markdown report.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import time
from itertools import product
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
import httpx

from app.cli import migrate
from app.config import PROJECT_ROOT
from app.db import owner_url
from app.domain.siting import queries
from app.ingest.load import load
from benchmarks import servers
from benchmarks.run import free_port

TERMS = ["电池包", "battery pack", "医药", "机器人", "预制菜", "C3841", "锶盐新材料", "无此产业"]
NEARS = [None, "中心城区", "成都", "106.05,29.6"]
MAX_KMS = [None, 10, 30, 80]

# The park statement before this change (commit 7a72429, app/domain/siting_queries.py), for the
# database-time comparison only: the geodesic distance to the merged 中心城区 polygons or to
# 成都市 was computed per request, with an indexed prefilter when max_km was given.
BEFORE_PARKS = """
WITH base AS MATERIALIZED (
    SELECT CASE $1::text
        WHEN 'point' THEN ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)
        WHEN 'central_city' THEN (SELECT ST_Collect(part.geom)
                                   FROM district d, ST_Dump(d.boundary) AS part
                                  WHERE d.central_city)
        WHEN 'chengdu' THEN (SELECT d.boundary FROM district d WHERE d.adcode = '510100')
    END AS geom
),
ref AS MATERIALIZED (
    SELECT geom, geom::geography AS geog,
           $4::float8 / (111320.0 * cos(radians(least(89.0,
               greatest(abs(ST_YMin(geom)), abs(ST_YMax(geom))) + $4::float8 / 110574.0))))
               AS margin_deg
      FROM base
)
SELECT p.id, ST_Distance(g.geom::geography, ref.geog) AS distance_m
  FROM park p
 CROSS JOIN ref
 CROSS JOIN LATERAL (SELECT COALESCE(p.boundary, p.location) AS geom) g
 WHERE $4::float8 IS NULL
    OR ((ST_DWithin(p.location, ref.geom, ref.margin_deg)
         OR ST_DWithin(p.boundary, ref.geom, ref.margin_deg))
        AND ST_DWithin(g.geom::geography, ref.geog, $4::float8))
 ORDER BY p.location <-> ref.geom, p.id
"""
BEFORE_DISTRICTS = """
WITH base AS MATERIALIZED (
    SELECT CASE $1::text
        WHEN 'central_city' THEN (SELECT ST_Collect(part.geom)
                                   FROM district d, ST_Dump(d.boundary) AS part
                                  WHERE d.central_city)
        WHEN 'chengdu' THEN (SELECT d.boundary FROM district d WHERE d.adcode = '510100')
    END AS geom
)
SELECT d.adcode, ST_Distance(d.boundary::geography, base.geom::geography) AS distance_m,
       ($2::float8 IS NULL OR ST_DWithin(d.boundary::geography, base.geom::geography, $2))
  FROM district d CROSS JOIN base WHERE d.kind = 'yuxi'
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def matrix() -> list[dict]:
    cells = []
    for term, near, max_km in product(TERMS, NEARS, MAX_KMS):
        if max_km is not None and near is None:
            continue
        params = {"industry": term}
        if near:
            params["near"] = near
        if max_km:
            params["max_km"] = max_km
        cells.append(params)
    return cells


async def api_times(base: str, cells: list[dict], repeat: int) -> dict[tuple, list[float]]:
    """Sequential requests (one client), every cell once per round, rounds interleaved."""
    times: dict[tuple, list[float]] = {}
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for cell in cells:  # warm up
            (await client.get(f"/api/site-selection?{urlencode(cell)}")).raise_for_status()
        for _ in range(repeat):
            for cell in cells:
                started = time.perf_counter()
                response = await client.get(f"/api/site-selection?{urlencode(cell)}")
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                key = (cell["industry"], cell.get("near"), cell.get("max_km"))
                times.setdefault(key, []).append(elapsed)
    return times


async def concurrent_times(base: str, cells: list[dict], clients: int, rounds: int) -> list:
    """`clients` connections at once, each walking the matrix."""

    async def walk(client: httpx.AsyncClient, offset: int) -> list[float]:
        out = []
        for i in range(len(cells) * rounds):
            cell = cells[(i + offset) % len(cells)]
            started = time.perf_counter()
            (await client.get(f"/api/site-selection?{urlencode(cell)}")).raise_for_status()
            out.append((time.perf_counter() - started) * 1000)
        return out

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        results = await asyncio.gather(*(walk(client, k * 7) for k in range(clients)))
    return [t for r in results for t in r]


async def database_times(url: str, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Before/after park+district statements, interleaved, for each reference and limit."""
    conn = await asyncpg.connect(url)
    out: dict[str, dict[str, list[float]]] = {}
    cases = [(ref, km) for ref in ("central_city", "chengdu") for km in (None, 10_000, 80_000)]
    try:
        for _ in range(repeat):
            for ref, metres in cases:
                label = f"{ref}, max_km={'–' if metres is None else metres // 1000}"
                for which in ("before", "after"):
                    started = time.perf_counter()
                    if which == "before":
                        await conn.fetch(BEFORE_PARKS, ref, None, None, metres)
                        await conn.fetch(BEFORE_DISTRICTS, ref, metres)
                    else:
                        await conn.fetch(queries.PARKS, ref, None, None)
                        await conn.fetch(queries.DISTRICTS, ref, None, None)
                    elapsed = (time.perf_counter() - started) * 1000
                    out.setdefault(label, {}).setdefault(which, []).append(elapsed)
    finally:
        await conn.close()
    return out


def machine() -> str:
    load1, load5, _ = os.getloadavg()
    return (
        f"{len(os.sched_getaffinity(0))} CPUs, {platform.python_version()}, "
        f"load average {load1:.1f} / {load5:.1f} (1/5 min) at the start"
    )


def report(api: dict, concurrent: list, db: dict, clients: int, info: str) -> str:
    lines = [f"Machine: {info}.", "", "| near | max_km | requests | p50 ms | p95 ms | max ms |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
    groups: dict[tuple, list[float]] = {}
    for (_term, near, max_km), values in api.items():
        groups.setdefault((near or "–", max_km or "–"), []).extend(values)
    everything = [v for values in api.values() for v in values]
    for (near, max_km), values in groups.items():
        lines.append(f"| {near} | {max_km} | {len(values)} | {statistics.median(values):.1f} | "
                     f"{percentile(values, 0.95):.1f} | {max(values):.1f} |")  # fmt: skip
    lines.append(f"| **all** | | {len(everything)} | {statistics.median(everything):.1f} | "
                 f"{percentile(everything, 0.95):.1f} | {max(everything):.1f} |")  # fmt: skip
    worst = max(api.items(), key=lambda kv: percentile(kv[1], 0.95))
    lines += ["", f"Worst cell by p95: {worst[0]} → p95 {percentile(worst[1], 0.95):.1f} ms.", ""]
    lines += [f"{clients} concurrent clients: {len(concurrent)} requests, p50 "
              f"{statistics.median(concurrent):.1f} ms, p95 {percentile(concurrent, 0.95):.1f} ms.",
              "", "Database time of the park and district statements (one connection):", "",
              "| reference | before p50 ms | before p95 ms | after p50 ms | after p95 ms | "
              "speed-up (p50) |", "| --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for label, runs in db.items():
        b, a = runs["before"], runs["after"]
        lines.append(f"| {label} | {statistics.median(b):.1f} | {percentile(b, 0.95):.1f} | "
                     f"{statistics.median(a):.2f} | {percentile(a, 0.95):.2f} | "
                     f"{statistics.median(b) / statistics.median(a):.0f}× |")  # fmt: skip
    return "\n".join(lines)


def start_app(url: str, work: Path) -> servers.Server:
    """One uvicorn process of the app (benchmarks.servers' options), waiting up to 5 minutes:
    a machine shared with other jobs can be slow to start it."""
    port = free_port()
    command = [str(PROJECT_ROOT / ".venv" / "bin" / "python"), "-m", "uvicorn", "--factory",
               "app.main:create_app", "--port", str(port), *servers.UVICORN_OPTIONS]  # fmt: skip
    log = work / "siting-bench-app.log"
    with log.open("w") as out:
        env = {**os.environ, "DATABASE_URL": url}
        process = subprocess.Popen(
            command, env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return servers.Server("app", base, process)
        except httpx.HTTPError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"the app did not start within 5 minutes; see {log}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="samples per matrix cell")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--db-repeat", type=int, default=10)
    parser.add_argument("--no-load", action="store_true", help="the database is loaded")
    args = parser.parse_args(argv)
    url = owner_url()  # migrate, load and the synthetic tables need the schema owner
    if not args.no_load:
        migrate(url)
        load(url)
    info = machine()
    work = Path(os.environ.get("TMPDIR", "/tmp"))
    server = start_app(url, work)
    try:
        cells = matrix()
        api = asyncio.run(api_times(server.base, cells, args.repeat))
        concurrent = asyncio.run(concurrent_times(server.base, cells, args.clients, 1))
    finally:
        server.stop()
    db = asyncio.run(database_times(url, args.db_repeat))
    print(report(api, concurrent, db, args.clients, info))


if __name__ == "__main__":
    main()
