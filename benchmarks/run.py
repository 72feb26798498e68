"""`make bench`: this API against tipg on the same database, with the database's own time as
the floor.

It loads a synthetic layer of points (≥ 200,000, seeded, in its own table), starts both
servers (one uvicorn process each, same options), checks they answer the same features,
then runs interleaved rounds: for each scenario, each target under 4 clients and then under
one (unloaded), for a fixed time. Medians over the rounds are printed as Markdown, with the
ratios the targets are stated in, and saved as JSON under benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import mapbox_vector_tile
import morecantile
import psycopg

from app.cli import migrate
from app.config import PROJECT_ROOT, api_settings
from app.db import owner_url
from app.ingest.load import load
from app.layers import load_catalog
from app.ogc import crs
from app.ogc.sql import feature
from app.ogc.tiles import sql as tiles_sql
from benchmarks import load as loadgen
from benchmarks import servers, synthetic
from benchmarks.load import Measurement

BISHAN_BOX = (106.17, 29.55, 106.27, 29.64)  # about 9.7 km × 10 km in 璧山区
BOX = ",".join(str(v) for v in BISHAN_BOX)
POINTS = "/ogc/collections/bench-synthetic-points/items"
TIPG_POINTS = f"/collections/public.{synthetic.TABLE}/items"
POINT_COLUMNS = "id, name, category, district_adcode, value, geom"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


@dataclass(frozen=True)
class Scenario:
    name: str
    ours: str
    tipg: str
    layer: str  # our layer id, for the floor statements
    rows: str  # SELECT … (alias src) of the same features, for the floor statements
    geometry: str
    floor: str = ""  # the floor statement itself, when it is not a FeatureCollection (tiles)
    floor_args: tuple = ()  # and its parameters


SCENARIOS = (
    Scenario(
        "1,000 features",
        f"{POINTS}?limit=1000",
        f"{TIPG_POINTS}?limit=1000",
        synthetic.LAYER_ID,
        f"SELECT {POINT_COLUMNS} FROM {synthetic.TABLE} ORDER BY id LIMIT 1000",
        "geom",
    ),
    Scenario(
        "~10 km bbox in 璧山区",
        f"{POINTS}?limit=10000&bbox={BOX}",
        f"{TIPG_POINTS}?limit=10000&bbox={BOX}",
        synthetic.LAYER_ID,
        f"SELECT {POINT_COLUMNS} FROM {synthetic.TABLE}"
        f" WHERE ST_Intersects(geom, ST_MakeEnvelope({BOX}, 4326)) ORDER BY id LIMIT 10000",
        "geom",
    ),
    Scenario(
        "property filter (category=energy)",
        f"{POINTS}?limit=1000&category=energy",
        f"{TIPG_POINTS}?limit=1000&category=energy",
        synthetic.LAYER_ID,
        f"SELECT {POINT_COLUMNS} FROM {synthetic.TABLE}"
        " WHERE category = 'energy' ORDER BY id LIMIT 1000",
        "geom",
    ),
    Scenario(
        "10,000 features",
        f"{POINTS}?limit=10000",
        f"{TIPG_POINTS}?limit=10000",
        synthetic.LAYER_ID,
        f"SELECT {POINT_COLUMNS} FROM {synthetic.TABLE} ORDER BY id LIMIT 10000",
        "geom",
    ),
    Scenario(
        "deep offset (1,000 at 150,000)",
        f"{POINTS}?limit=1000&offset=150000",
        f"{TIPG_POINTS}?limit=1000&offset=150000",
        synthetic.LAYER_ID,
        f"SELECT {POINT_COLUMNS} FROM {synthetic.TABLE} ORDER BY id LIMIT 1000 OFFSET 150000",
        "geom",
    ),
    Scenario(
        "8 district polygons",
        "/ogc/collections/districts/items?limit=100",
        "/collections/public.yuxi_district/items?limit=100",
        "districts",
        "SELECT * FROM yuxi_district ORDER BY plan_order",
        "boundary",
    ),
)


TILE_ZOOMS = (8, 11, 14)


def tile_scenarios(catalog) -> list[Scenario]:
    """z8, z11 and z14 tiles around 璧山. The floor is our own tile statement (app.ogc.tiles.sql:
    the same overview table, thinning and properties) run by PostgreSQL alone, so that it
    measures what the HTTP layer adds; tipg is run as it ships (every feature of the tile, no
    overviews), and the feature counts of both are reported."""
    layer = catalog[synthetic.LAYER_ID]
    scenarios = []
    for zoom in TILE_ZOOMS:
        tile = WEB_MERCATOR.tile(106.22, 29.59, zoom)
        z, x, y = zoom, tile.x, tile.y
        rule = layer.tiles.rule(z)
        scenarios.append(
            Scenario(
                f"tile z{z}",
                f"/ogc/collections/{synthetic.LAYER_ID}/tiles/WebMercatorQuad/{z}/{y}/{x}",
                f"/collections/public.{synthetic.TABLE}/tiles/WebMercatorQuad/{z}/{x}/{y}",
                synthetic.LAYER_ID,
                "",
                "geom",
                floor=tiles_sql.tile(layer, rule.table),
                floor_args=(z, x, y, float(rule.simplify_pixels), rule.thin_pixels),
            )
        )
    return scenarios


OURS, TIPG, FLOOR, TEXTBOOK = "ours", "tipg", "database (fastest)", "database (textbook)"
OURS_GZIP, TIPG_GZIP = "ours gzip", "tipg gzip"
# Our app with its answer cache off (app/http/answers.py): every request runs its statement, as
# on its first visit or after every change.
OURS_UNCACHED = "ours, no answer cache"
SERVERS = {OURS: OURS, OURS_GZIP: OURS, OURS_UNCACHED: OURS_UNCACHED, TIPG: TIPG, TIPG_GZIP: TIPG}
GZIP = {"Accept-Encoding": "gzip"}


def floor_statements(scenario: Scenario, catalog) -> dict[str, tuple[str, tuple]]:
    """Single statements (and their parameters) that return the whole FeatureCollection as
    text: the fastest way we know (this API's feature text, aggregated), and the textbook
    json_agg one; for tiles, the tile statement."""
    if scenario.floor:
        return {FLOOR: (scenario.floor, scenario.floor_args)}
    layer = catalog[scenario.layer]
    names = tuple(p.name for p in layer.properties)
    fastest = (
        """SELECT '{"type":"FeatureCollection","features":[' || """
        f"COALESCE(string_agg({feature(layer, crs.CRS84, names)}, ','), '') || ']}}'"
        f" FROM ({scenario.rows}) AS src"
    )
    textbook = (
        "SELECT json_build_object('type', 'FeatureCollection', 'features',"
        f" COALESCE(json_agg(ST_AsGeoJSON(src.*, '{scenario.geometry}', 6)::json), '[]'))::text"
        f" FROM ({scenario.rows}) AS src"
    )
    return {FLOOR: (fastest, ()), TEXTBOOK: (textbook, ())}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[dict, int]:
    """The features (GeoJSON, or the MVT's one layer decoded) and the size of the body."""
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    if "/tiles/" not in url:
        return json.loads(body), len(body)
    layers = mapbox_vector_tile.decode(body) if body else {}
    features = [
        {"id": f["properties"]["id"]} for layer in layers.values() for f in layer["features"]
    ]
    return {"features": features}, len(body)


def check_same_features(scenario: Scenario, ours: str, tipg: str) -> dict:
    """Both servers must answer with the same features before their speed means anything."""
    mine, my_bytes = fetch(ours + scenario.ours)
    theirs, their_bytes = fetch(tipg + scenario.tipg)
    my_ids = sorted(str(f["id"]) for f in mine["features"])
    their_ids = sorted(str(f["id"]) for f in theirs["features"])
    check = {"features": len(my_ids), "ours_bytes": my_bytes, "tipg_bytes": their_bytes}
    if scenario.floor:
        # Tiles: tipg selects features inside the tile only, we also those in the 64-pixel
        # buffer (drawn at the tile's edge). Where we read every point (no overview, no
        # thinning) we must have all of tipg's; at low zooms ours are a thinned overview.
        thinned = scenario.floor_args[4] > 0 or "_z" in scenario.floor
        if not thinned and not set(their_ids) <= set(my_ids):
            raise SystemExit(f"{scenario.name}: tipg has features that we lack")
        return {**check, "tipg_features": len(their_ids), "thinned": thinned}
    if my_ids != their_ids:
        raise SystemExit(f"{scenario.name}: the servers answer different features")
    return check


def machine(url: str) -> dict:
    with psycopg.connect(url) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
        postgis = conn.execute("SELECT postgis_lib_version()").fetchone()[0]
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    tipg = PROJECT_ROOT / ".venv-bench" / "bin" / "python"
    tipg_version = subprocess.run(
        [str(tipg), "-c", "import tipg; print(tipg.__version__)"], capture_output=True, text=True
    ).stdout.strip()
    os_release = dict(
        line.split("=", 1)
        for line in Path("/etc/os-release").read_text().splitlines()
        if "=" in line
    )
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "memory_gib": round(memory_kb / 1024 / 1024),
        "os": os_release.get("PRETTY_NAME", platform.platform()).strip('"'),
        "postgresql": postgres,
        "postgis": postgis,
        "python": platform.python_version(),
        "tipg": tipg_version,
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[
            1
        ],
    }


def measure(target: str, scenario: Scenario, bases: dict, floors: dict, url: str, **run):
    if target in SERVERS:
        server = SERVERS[target]
        path = scenario.tipg if server == TIPG else scenario.ours
        headers = GZIP if target in (OURS_GZIP, TIPG_GZIP) else {}
        return loadgen.wrk(bases[server] + path, headers=headers, **run)
    statement, args = floors[scenario.name][target]
    return loadgen.database(url, statement, args=args, **run)


def median_of(measurements: list[Measurement]) -> dict:
    return {
        "rps": statistics.median(m.rps for m in measurements),
        "p50_ms": statistics.median(m.p50_ms for m in measurements),
        "p95_ms": statistics.median(m.p95_ms for m in measurements),
        "bytes": statistics.median(m.bytes_per_response for m in measurements),
        "errors": sum(m.errors for m in measurements),
    }


def targets(scenario: Scenario, textbook: bool) -> tuple[str, ...]:
    extra = (TEXTBOOK,) if textbook and not scenario.floor else ()
    return (OURS, OURS_GZIP, OURS_UNCACHED, TIPG, TIPG_GZIP, FLOOR, *extra)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "–"


def report(scenarios: list[Scenario], results: dict, checks: dict, info: dict, args) -> str:
    lines = [
        f"Machine: {info['cpus']} CPUs, {info['memory_gib']} GiB, {info['os']}, "
        f"PostgreSQL {info['postgresql']}, PostGIS {info['postgis']}, Python {info['python']}, "
        f"tipg {info['tipg']}, wrk {info['wrk']}; load average at the end {info['load']}.",
        f"{args.rounds} interleaved rounds; {args.clients} clients for {args.seconds} s, then 1 "
        f"client for {args.unloaded_seconds} s; medians over rounds; {args.workers} uvicorn "
        "worker(s) per server.",
        "",
        f"| scenario | target | req/s ({args.clients} clients) | p50 ms | p95 ms "
        "| unloaded p50 ms | bytes/response |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario in scenarios:
        for target in results[scenario.name]:
            loaded = results[scenario.name][target]["loaded"]
            unloaded = results[scenario.name][target]["unloaded"]
            lines.append(
                f"| {scenario.name} | {target} | {loaded['rps']:.0f} | {loaded['p50_ms']:.2f} "
                f"| {loaded['p95_ms']:.2f} | {unloaded['p50_ms']:.2f} | {loaded['bytes']:.0f} |"
            )
    lines += [
        "",
        "| scenario | features (ours / tipg) | ours ÷ tipg req/s "
        "| ours ÷ floor req/s (target ≥ 0.9) "
        "| ours gzip ÷ floor req/s | ours ÷ floor unloaded p50 (target ≤ 1.2) "
        "| ours gzip ÷ floor unloaded p50 | no answer cache ÷ floor req/s "
        "| no answer cache ÷ floor unloaded p50 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario in scenarios:
        row = results[scenario.name]
        rps = {t: row[t]["loaded"]["rps"] for t in row}
        p50 = {t: row[t]["unloaded"]["p50_ms"] for t in row}
        check = checks[scenario.name]
        features = f"{check['features']:,}"
        if "tipg_features" in check:
            features += f" / {check['tipg_features']:,}"
        lines.append(
            f"| {scenario.name} | {features} "
            f"| {_ratio(rps[OURS], rps[TIPG])} "
            f"| {_ratio(rps[OURS], rps[FLOOR])} | {_ratio(rps[OURS_GZIP], rps[FLOOR])} "
            f"| {_ratio(p50[OURS], p50[FLOOR])} | {_ratio(p50[OURS_GZIP], p50[FLOOR])} "
            f"| {_ratio(rps[OURS_UNCACHED], rps[FLOOR])} "
            f"| {_ratio(p50[OURS_UNCACHED], p50[FLOOR])} |"
        )
    return "\n".join(lines)


def point_counts(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def drain(measurement: Measurement) -> None:
    """After slow requests, wait for the ones wrk left in flight to finish in the server and
    in PostgreSQL, so that they do not weigh on the next target's run."""
    if measurement.requests == 0:  # none finished within wrk's 10 s timeout
        time.sleep(20.0)
    elif measurement.p95_ms > 500:
        time.sleep(min(20.0, 2 * measurement.p95_ms / 1000))


def run_size(url: str, points: int, args) -> dict:
    """Everything at one size of the synthetic layer: its table and overviews made, both
    servers started, the interleaved rounds run; returns what main reports and saves."""
    print(f"loading {points:,} synthetic points …", file=sys.stderr)
    count = synthetic.create(url, points)
    synthetic.create_overviews(url, synthetic.TABLE)
    catalog_layers = tempfile.TemporaryDirectory(prefix="bench-layers-")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    running: list[servers.Server] = []
    try:
        layers = synthetic.layers_dir(api_settings().layers_dir, Path(catalog_layers.name))
        catalog = load_catalog(layers)
        chosen = [] if args.tiles_only else list(SCENARIOS)
        if args.tiles or args.tiles_only:
            chosen += tile_scenarios(catalog)
        scenarios = [s for s in chosen if args.only in s.name]
        floors = {s.name: floor_statements(s, catalog) for s in scenarios}
        workers = args.workers
        running.append(servers.start_ours(url, layers, free_port(), work, workers=workers))
        tables = [synthetic.TABLE, "yuxi_district"]
        running.append(servers.start_tipg(url, tables, free_port(), work, workers=workers))
        uncached = {"IM_API_ANSWER_CACHE_BYTES": "0"}
        running.append(
            servers.start_ours(url, layers, free_port(), work, "uncached", workers, **uncached)
        )
        bases = {OURS: running[0].base, TIPG: running[1].base, OURS_UNCACHED: running[2].base}
        checks = {s.name: check_same_features(s, bases[OURS], bases[TIPG]) for s in scenarios}
        runs: dict = {
            s.name: {t: {"loaded": [], "unloaded": []} for t in targets(s, args.textbook)}
            for s in scenarios
        }
        for scenario in scenarios:  # warm both servers and the database cache
            for target in (OURS, TIPG, OURS_GZIP, OURS_UNCACHED):
                drain(measure(target, scenario, bases, floors, url, connections=2, seconds=1))
        loads = (("loaded", args.clients, args.seconds), ("unloaded", 1, args.unloaded_seconds))
        for round_number in range(args.rounds):
            for scenario in scenarios:
                order = list(targets(scenario, args.textbook))
                if round_number % 2:
                    order.reverse()
                for target in order:
                    print(
                        f"{points:,} points, round {round_number + 1}: {scenario.name}: {target}",
                        file=sys.stderr,
                    )
                    for kind, clients, seconds in loads:
                        measurement = measure(
                            target, scenario, bases, floors, url, connections=clients,
                            seconds=seconds,
                        )  # fmt: skip
                        runs[scenario.name][target][kind].append(measurement)
                        drain(measurement)
        results = {
            name: {t: {k: median_of(v) for k, v in by_kind.items()} for t, by_kind in row.items()}
            for name, row in runs.items()
        }
        return {
            "scenarios": scenarios,
            "synthetic_points": count,
            "checks": checks,
            "results": results,
            "runs": runs,
        }
    finally:
        for server in running:
            server.stop()
        catalog_layers.cleanup()
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep_table:
            synthetic.drop_overviews(url, synthetic.TABLE)
            synthetic.drop(url)


def scaling(sizes: dict[int, dict]) -> str:
    """req/s of each target at each size, and the largest size's over the smallest's."""
    counts = sorted(sizes)
    lines = [
        "| scenario | target | "
        + " | ".join(f"req/s at {n:,}" for n in counts)
        + f" | {counts[-1]:,} ÷ {counts[0]:,} |",
        "| --- | --- | " + " | ".join("---:" for _ in counts) + " | ---: |",
    ]
    first = sizes[counts[0]]
    for scenario in first["scenarios"]:
        for target in first["results"][scenario.name]:
            rps = [sizes[n]["results"][scenario.name][target]["loaded"]["rps"] for n in counts]
            cells = " | ".join(f"{r:.1f}" for r in rps)
            lines.append(f"| {scenario.name} | {target} | {cells} | {_ratio(rps[-1], rps[0])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--points",
        type=point_counts,
        default=[200_000],
        help="size(s) of the synthetic layer, e.g. 200000,2000000 for how they scale",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--unloaded-seconds", type=float, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes of every server"
    )
    parser.add_argument("--only", default="", help="run the scenarios whose name has this")
    parser.add_argument("--keep-table", action="store_true", help="keep the synthetic table")
    parser.add_argument("--textbook", action="store_true", help="also the json_agg statement")
    parser.add_argument("--tiles", action="store_true", help="the tile scenarios as well")
    parser.add_argument("--tiles-only", action="store_true", help="only the tile scenarios")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    if not (PROJECT_ROOT / ".venv-bench" / "bin" / "python").exists():
        raise SystemExit("tipg's environment .venv-bench is missing: run `make bench`")

    url = owner_url()  # migrate, load and the synthetic tables need the schema owner
    migrate(url)
    load(url)
    sizes = {points: run_size(url, points, args) for points in args.points}
    info = machine(url)
    info["load"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    tables = []
    for points, size in sizes.items():
        tables.append(f"### {points:,} synthetic points\n")
        tables.append(report(size["scenarios"], size["results"], size["checks"], info, args))
    if len(sizes) > 1:
        tables += ["", "### Scaling (req/s at 4 clients)", "", scaling(sizes)]
    table = "\n".join(tables)
    print(table)
    out = PROJECT_ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    saved = {
        str(points): {
            "synthetic_points": size["synthetic_points"],
            "checks": size["checks"],
            "results": size["results"],
            "runs": {
                n: {t: {k: [asdict(m) for m in ms] for k, ms in r.items()} for t, r in row.items()}
                for n, row in size["runs"].items()
            },
        }
        for points, size in sizes.items()
    }
    (out / f"run-{stamp}.json").write_text(
        json.dumps(
            {"machine": info, "arguments": vars(args), "sizes": saved, "table": table},
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
