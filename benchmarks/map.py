"""The map at a million firms: a synthetic layer of 10^6 points (its own table, labelled
SYNTHETIC) drawn from vector tiles in headless Chromium; how long each view takes to be drawn
once the map stops moving — the issue's views at zooms 8, 11 and 14 with pans, then every zoom
from 6 to 17 stepping in, and long pans that fetch new tiles; screenshots of three zooms.

    .venv/bin/python -m benchmarks.map [--points 1000000] [--workers 1] [--reuse-table]

Each run has a new browser and a new server (uvicorn), so run 1 is a first visit
on a cold server (no response was served before); run 2 repeats the views on a warm server
(PostgreSQL's buffers, and any response cache there may be). Per view, from run 1: when the
first tile was asked for, when the last one arrived, and the rest (decoding and drawing)
until the layer's canvas is drawn with all of the view's tiles; afterwards the same tiles are
timed one by one over HTTP and as PostgreSQL's own statement (the floor). Figures go to
benchmarks/results/map-*.json, screenshots to test-artifacts/bench-map-*.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from functools import partial
from pathlib import Path

import asyncpg
import psycopg
import yaml

from app.cli import migrate
from app.config import PROJECT_ROOT, api_settings
from app.db import owner_url
from app.ingest.load import load
from app.layers import load_catalog
from app.ogc.tiles import sql as tiles_sql
from benchmarks import servers, synthetic
from benchmarks.run import free_port

TABLE, LAYER_ID = "bench_synthetic_firm", "bench-synthetic-firms"
KEY = "layer_" + LAYER_ID.replace("-", "_")
BISHAN = (29.59, 106.22)
YONGCHUAN = (29.36, 105.93)
# (what, zoom, lat, lng). The views at 璧山: zoom in, pan a little at each zoom, back
# out; then, at 永川 (tiles nobody fetched yet), every zoom stepping in, and pans by a screen.
VIEWS = [
    ("start", 8, *BISHAN),
    ("pan", 8, 29.75, 106.0),
    ("zoom in", 11, *BISHAN),
    ("pan", 11, 29.62, 106.30),
    ("zoom in", 14, *BISHAN),
    ("pan", 14, 29.60, 106.24),
    ("zoom out", 11, *BISHAN),
    ("zoom out", 8, *BISHAN),
    ("jump", 6, *YONGCHUAN),
    *[("step in", zoom, *YONGCHUAN) for zoom in range(7, 18)],
    ("long pan", 17, 29.36, 105.9365),
    ("zoom out", 13, 29.36, 105.9365),
    ("long pan", 13, 29.36, 106.05),
    ("long pan", 11, 29.10, 106.05),
]
TILE_URL = re.compile(r"/tiles/WebMercatorQuad/(\d+)/(\d+)/(\d+)")


# The tiles fetched since the last call, from Resource Timing (epoch ms, like the layer's
# `_at`; body bytes as sent), and the buffer emptied.
TILE_TIMINGS = f"""() => {{
  const tile = new RegExp({TILE_URL.pattern!r});
  const entries = performance.getEntriesByType("resource").filter((e) => tile.test(e.name));
  const out = entries.map((e) => ({{
    url: e.name,
    start: performance.timeOrigin + e.startTime,
    end: performance.timeOrigin + e.responseEnd,
    bytes: e.encodedBodySize,
  }}));
  performance.clearResourceTimings();
  return out;
}}"""

TICK = os.sysconf("SC_CLK_TCK")


def cpu_by_part(server_pid: int, postmaster_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the browser (Chromium's processes by --type), our server
    (its processes) and PostgreSQL (the postmaster's children): where a view's time goes on
    a machine with two cores."""
    parents, used, kinds = {}, {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        if cmdline and b"chromium" in cmdline[0]:
            kind = next((a[7:].decode() for a in cmdline if a.startswith(b"--type=")), "main")
            kinds[pid] = f"chromium {kind}"
    out: dict[str, float] = {}
    for pid, seconds in used.items():
        part = kinds.get(pid)
        ancestor = pid
        while part is None and ancestor > 1:
            if ancestor == server_pid:
                part = "server"
            elif ancestor == postmaster_pid:
                part = "postgres"
            ancestor = parents.get(ancestor, 1)
        if part:
            out[part] = out.get(part, 0.0) + seconds
    return out


def run_browser(base: str, artifacts: Path, screenshots: bool, cpu=None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # The tiles each view fetched: when each was asked for and arrived (epoch ms), its bytes;
        # from the page's own Resource Timing, read after each view. (Playwright's network
        # events cost the browser a protocol message per request, and its `sizes()` a round trip
        # per tile, inside the views being timed.)
        tiles: list[dict] = []
        _, zoom, lat, lng = VIEWS[0]
        page.goto(f"{base}/#lang=en&map={zoom}/{lat}/{lng}")
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        page.evaluate("() => performance.setResourceTimingBufferSize(10000)")
        # Drawings of the layer's canvas per view (once a frame at most, as tiles arrive).
        page.wait_for_function(f"() => window.industryMapLayers?.get('{LAYER_ID}')?.layer")
        layer = f"window.industryMapLayers.get('{LAYER_ID}').layer"
        for number, (what, zoom, lat, lng) in enumerate(VIEWS):
            before = cpu() if cpu else {}
            drawn_before = page.evaluate(f"() => {layer}.drawings")
            if number:
                page.evaluate(f"() => {{ location.hash = 'lang=en&map={zoom}/{lat}/{lng}'; }}")
            page.wait_for_function(
                f"() => Number(document.querySelector('#map').dataset.{KEY}_views || 0)"
                f" >= {number + 1}",
                timeout=120_000,
            )
            ms, idle = page.evaluate(
                f"() => [document.querySelector('#map').dataset.{KEY}_ms,"
                f" document.querySelector('#map').dataset.{KEY}_at]"
            )
            drawn = page.evaluate(f"() => {layer}.drawnPoints().length")
            tiles.extend(page.evaluate(TILE_TIMINGS))
            view = {"view": number, "what": what, "zoom": zoom, "ms": int(ms)}
            view["drawings"] = page.evaluate(f"() => {layer}.drawings") - drawn_before
            if cpu:
                after = cpu()
                view["cpu_ms"] = {
                    k: round((after[k] - before.get(k, 0)) * 1000) for k in sorted(after)
                }
            out.append({**view, "began": int(idle) - int(ms), "idle": int(idle), "drawn": drawn})
            if screenshots and number in (0, 2, 4):
                page.screenshot(path=str(artifacts / f"bench-map-z{zoom}.png"))
        tiles.extend(page.evaluate(TILE_TIMINGS))  # any that arrived after the last view
        # A view's tiles: asked for after the previous view was drawn and before this one was
        # (some while Leaflet still animates the zoom, before its moveend).
        previous = 0
        for view in out:
            mine = [t for t in tiles if previous <= t["start"] < view["idle"]]
            # A tile asked for twice (again from the HTTP cache after it left the view and came
            # back) counts once, as its first request.
            first: dict[str, dict] = {}
            for t in sorted(mine, key=lambda t: t["start"]):
                first.setdefault(t["url"], t)
            mine = list(first.values())
            began, previous = view.pop("began"), view.pop("idle")
            view["points_drawn"] = view.pop("drawn")
            view.update(
                {
                    "tiles_fetched": len(mine),
                    "tile_kb": round(sum(t["bytes"] for t in mine) / 1024),
                    "slowest_tile_ms": round(max((t["end"] - t["start"] for t in mine), default=0)),
                    # moveend → the first tile asked for (< 0: before moveend, as Leaflet
                    # resets the view), → the last one in, → drawn.
                    "to_first_request_ms": round(min(t["start"] for t in mine) - began)
                    if mine
                    else 0,
                    "to_last_tile_ms": round(max(t["end"] for t in mine) - began) if mine else 0,
                    "tile_urls": [t["url"] for t in mine],
                }
            )
            view["after_last_tile_ms"] = view["ms"] - max(view["to_last_tile_ms"], 0)
            shown = {k: v for k, v in view.items() if k != "tile_urls"}
            print(f"{shown}", file=sys.stderr)
        if errors:
            raise SystemExit(f"errors in the page: {errors}")
        browser.close()
    return out


def server_times(base: str, urls: list[str]) -> dict[str, float]:
    """Each tile alone over HTTP (no browser running), ms; the best of two."""
    times = {}
    for url in urls:
        best = float("inf")
        for _ in range(2):
            began = time.perf_counter()
            with urllib.request.urlopen(url.replace(url.split("/ogc/")[0], base)) as response:
                response.read()
            best = min(best, (time.perf_counter() - began) * 1000)
        times[url] = best
    return times


async def floor_times(url: str, layers: Path, urls: list[str]) -> dict[str, float]:
    """PostgreSQL's own time for each tile: the server's statement, prepared, through asyncpg."""
    layer = load_catalog(layers)[LAYER_ID]
    conn = await asyncpg.connect(url)
    times = {}
    try:
        for tile_url in urls:
            zoom, row, col = (int(v) for v in TILE_URL.search(tile_url).groups())
            rule = layer.tiles.rule(zoom)
            statement = await conn.prepare(tiles_sql.tile(layer, rule.table))
            args = (zoom, col, row, float(rule.simplify_pixels), rule.thin_pixels)
            best = float("inf")
            for _ in range(2):
                began = time.perf_counter()
                await statement.fetchval(*args)
                best = min(best, (time.perf_counter() - began) * 1000)
            times[tile_url] = best
    finally:
        await conn.close()
    return times


def report(runs: list[list[dict]], http: dict, floor: dict, info: str, made: int = 2) -> str:
    lines = [
        info,
        "",
        "| view | what | zoom | run 1 ms | run 2 ms | points drawn | tiles | tile kB "
        "| run 1: first tile asked / last in / drawn after (ms) | slowest tile ms (run 1 / 2) "
        "| tile alone: HTTP / PostgreSQL, median (max) ms |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for first, second in zip(*runs, strict=True):
        urls = first["tile_urls"]
        alone = "–"
        if urls:
            h = [http[u] for u in urls]
            f = [floor[u] for u in urls]
            alone = (
                f"{statistics.median(h):.0f} ({max(h):.0f}) / "
                f"{statistics.median(f):.0f} ({max(f):.0f})"
            )
        breakdown = (
            f"{first['to_first_request_ms']} / {first['to_last_tile_ms']} / "
            f"{first['after_last_tile_ms']}"
            if urls
            else "–"
        )
        lines.append(
            f"| {first['view']} | {first['what']} | {first['zoom']} | {first['ms']}"
            f" | {second['ms']} | {first['points_drawn']} | {first['tiles_fetched']}"
            f" | {first['tile_kb']} | {breakdown}"
            f" | {first['slowest_tile_ms']} / {second['slowest_tile_ms']} | {alone} |"
        )
    lines.append("")
    for number, run in enumerate(runs[:made], start=1):
        later = [v["ms"] for v in run[1:]]
        fetching = [v["ms"] for v in run[1:] if v["tiles_fetched"]]
        over = [f"z{v['zoom']} {v['what']} {v['ms']}" for v in run[1:] if v["ms"] >= 200]
        lines.append(
            f"Run {number}: views after the first median {statistics.median(later):.0f} ms, "
            f"max {max(later)} ms; views that fetched tiles median "
            f"{statistics.median(fetching) if fetching else 0:.0f} ms; "
            f"≥ 200 ms: {', '.join(over) or 'none'}."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=1, help="industry-map serve --workers")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep-table", action="store_true")
    parser.add_argument("--reuse-table", action="store_true", help="do not reload the points")
    args = parser.parse_args(argv)
    url = owner_url()  # migrate, load and the synthetic tables need the schema owner
    migrate(url)
    load(url)
    if not args.reuse_table:
        print(f"loading {args.points:,} synthetic points …", file=sys.stderr)
        synthetic.create(url, args.points, table=TABLE)
    print("making the overview tables …", file=sys.stderr)
    began = time.perf_counter()
    synthetic.create_overviews(url, TABLE)
    overview_s = time.perf_counter() - began
    layers = Path(tempfile.mkdtemp(prefix="bench-map-layers-"))
    for shipped in api_settings().layers_dir.glob("*.yaml"):
        (layers / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    definition = synthetic.enterprise_layer(TABLE, LAYER_ID, map_threshold=5000)
    (layers / f"{LAYER_ID}.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True))
    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-map-"))
    runs, loads = [], []
    with psycopg.connect(url) as conn:  # PostgreSQL's postmaster (for its CPU time)
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        stat = Path(f"/proc/{backend}/stat").read_text()
    postmaster = int(stat.rsplit(")", 1)[1].split()[1])
    try:
        for number in range(args.runs):
            server = servers.start_ours(
                url, layers, free_port(), work, f"serve{number}", workers=args.workers
            )
            base = server.base
            try:
                cpu = partial(cpu_by_part, server.process.pid, postmaster)
                runs.append(run_browser(base, artifacts, screenshots=number == 0, cpu=cpu))
                loads.append(" ".join(Path("/proc/loadavg").read_text().split()[:3]))
                if number == 0:
                    urls = sorted({u for view in runs[0] for u in view["tile_urls"]})
                    http = server_times(base, urls)
            finally:
                server.stop()
        floor = asyncio.run(floor_times(url, layers, urls))
    finally:
        if not args.keep_table:
            synthetic.drop_overviews(url, TABLE)
            synthetic.drop(url, table=TABLE)
    info = (
        f"{args.points:,} synthetic points; {args.runs} runs, each a new browser and a new"
        f" server (uvicorn, {args.workers} worker(s)): run 1 a first visit, run 2"
        f" a repeat; overview tables made in {overview_s:.0f} s; load average after each run:"
        f" {'; '.join(loads)}."
    )
    table = report(runs[:2] if len(runs) > 1 else runs * 2, http, floor, info, len(runs))
    print(table)
    out = PROJECT_ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    result = {"runs": runs, "http_ms": http, "floor_ms": floor, "table": table}
    (out / f"map-{stamp}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
