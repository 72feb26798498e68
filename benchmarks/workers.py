"""Requests per second with 1 and 2 worker processes (`industry-map serve --workers N`), the
same database, interleaved rounds; wrk with 8 connections.

    .venv/bin/python -m benchmarks.workers [--rounds 3 --seconds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from app.cli import migrate
from app.db import owner_url
from app.ingest.load import load
from benchmarks import load as loadgen
from benchmarks.run import free_port
from benchmarks.servers import start_serve

PATHS = {
    "8 district polygons": "/ogc/collections/districts/items?limit=100",
    "parks page (100)": "/ogc/collections/parks/items?limit=100",
    "district tile z8": "/ogc/collections/districts/tiles/WebMercatorQuad/8/105/203",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    url = owner_url()  # migrate, load and the synthetic tables need the schema owner
    migrate(url)
    load(url)
    work = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    servers = {n: start_serve(url, free_port(), work, n) for n in (1, 2)}
    results: dict = {name: {1: [], 2: []} for name in PATHS}
    try:
        for base in (server.base for server in servers.values()):  # warm
            for path in PATHS.values():
                loadgen.wrk(base + path, connections=2, seconds=1)
        for round_number in range(args.rounds):
            order = (1, 2) if round_number % 2 == 0 else (2, 1)
            for name, path in PATHS.items():
                for workers in order:
                    base = servers[workers].base
                    measured = loadgen.wrk(
                        base + path,
                        connections=args.connections,
                        seconds=args.seconds,
                        headers={"Accept-Encoding": "gzip"},
                    )
                    results[name][workers].append(measured.rps)
                    print(f"round {round_number + 1}: {name}: {workers} worker(s)", file=sys.stderr)
    finally:
        for server in servers.values():
            server.stop()
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"{args.rounds} interleaved rounds, wrk {args.connections} connections for "
        f"{args.seconds} s, gzip; medians; load average at the end {load_average}.\n"
    )
    print("| request | 1 worker req/s | 2 workers req/s | 2 ÷ 1 |")
    print("| --- | ---: | ---: | ---: |")
    for name in PATHS:
        one = statistics.median(results[name][1])
        two = statistics.median(results[name][2])
        print(f"| {name} | {one:.0f} | {two:.0f} | {two / one:.2f} |")


if __name__ == "__main__":
    main()
