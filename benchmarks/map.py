"""The map at a million firms: a synthetic layer of 10^6 points (its own table, labelled
SYNTHETIC) drawn from vector tiles in headless Chromium; how long each view takes to be drawn
once the map stops moving, at zooms 8, 11 and 14 and after pans; screenshots of three zooms.

    .venv/bin/python -m benchmarks.map [--points 1000000] [--keep-table]

Figures go to benchmarks/results/map-*.json, screenshots to test-artifacts/bench-map-*.png.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from app.cli import migrate
from app.config import PROJECT_ROOT, api_settings
from app.db import owner_url
from app.ingest.load import load
from benchmarks import servers, synthetic
from benchmarks.run import free_port

TABLE, LAYER_ID = "bench_synthetic_firm", "bench-synthetic-firms"
KEY = "layer_" + LAYER_ID.replace("-", "_")
BISHAN = (29.59, 106.22)
# (zoom, lat, lng): zooms in, pans at each zoom, back out.
VIEWS = [
    (8, *BISHAN),
    (8, 29.75, 106.0),
    (11, *BISHAN),
    (11, 29.62, 106.30),
    (14, *BISHAN),
    (14, 29.60, 106.24),
    (11, *BISHAN),
    (8, *BISHAN),
]


def run_browser(base: str, artifacts: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # The tiles each view fetched (MapLibre's worker fetches them; Playwright sees those
        # requests too): how many, how many bytes, the slowest one's time.
        tiles: list[tuple[float, int]] = []

        def finished(request) -> None:
            if "/tiles/WebMercatorQuad/" in request.url:
                timing = request.timing
                tiles.append((timing["responseEnd"], request.sizes()["responseBodySize"]))

        page.on("requestfinished", finished)
        zoom, lat, lng = VIEWS[0]
        page.goto(f"{base}/#lang=en&map={zoom}/{lat}/{lng}")
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        views = 0
        for number, (zoom, lat, lng) in enumerate(VIEWS):
            tiles.clear()
            if number:
                page.evaluate(f"() => {{ location.hash = 'lang=en&map={zoom}/{lat}/{lng}'; }}")
            views += 1
            page.wait_for_function(
                f"() => Number(document.querySelector('#map').dataset.{KEY}_views || 0) >= {views}",
                timeout=120_000,
            )
            ms = int(page.evaluate(f"() => document.querySelector('#map').dataset.{KEY}_ms"))
            drawn = page.evaluate(
                f"() => window.industryMapLayers.get('{LAYER_ID}').gl"
                f".queryRenderedFeatures({{layers: ['{LAYER_ID}']}}).length"
            )
            fetched = {
                "tiles_fetched": len(tiles),
                "tile_kb": round(sum(size for _, size in tiles) / 1024),
                "slowest_tile_ms": round(max((t for t, _ in tiles), default=0)),
            }
            out.append({"view": number, "zoom": zoom, "ms": ms, "points_drawn": drawn, **fetched})
            print(f"view {number} z{zoom}: {ms} ms, {drawn} drawn, {fetched}", file=sys.stderr)
            if number in (0, 2, 4):
                page.screenshot(path=str(artifacts / f"bench-map-z{zoom}.png"))
        if errors:
            raise SystemExit(f"errors in the page: {errors}")
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
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
    synthetic.create_overviews(url, TABLE)
    layers = Path(tempfile.mkdtemp(prefix="bench-map-layers-"))
    for shipped in api_settings().layers_dir.glob("*.yaml"):
        (layers / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    definition = synthetic.enterprise_layer(TABLE, LAYER_ID, map_threshold=5000)
    (layers / f"{LAYER_ID}.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True))
    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-map-"))
    server = servers.start_ours(url, layers, free_port(), work)
    try:
        runs = [run_browser(server.base, artifacts) for _ in range(2)]
    finally:
        server.stop()
        if not args.keep_table:
            synthetic.drop_overviews(url, TABLE)
            synthetic.drop(url, table=TABLE)
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    lines = [
        f"{args.points:,} synthetic points; two runs (a new browser each, server warm in the"
        f" second); load average at the end {load_average}.",
        "",
        "| view | zoom | run 1 ms | run 2 ms | points drawn | tiles fetched (run 1 / 2) "
        "| tile kB (run 1) | slowest tile ms (run 1 / 2) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for first, second in zip(*runs, strict=True):
        lines.append(
            f"| {first['view']} | {first['zoom']} | {first['ms']} | {second['ms']}"
            f" | {second['points_drawn']} | {first['tiles_fetched']} / {second['tiles_fetched']}"
            f" | {first['tile_kb']} | {first['slowest_tile_ms']} / {second['slowest_tile_ms']} |"
        )
    after_first = [v["ms"] for run in runs for v in run[1:]]
    lines.append("")
    lines.append(
        f"Views after the first (MapLibre starting): median {statistics.median(after_first):.0f}"
        f" ms, max {max(after_first)} ms."
    )
    table = "\n".join(lines)
    print(table)
    out = PROJECT_ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"map-{stamp}.json").write_text(json.dumps({"runs": runs, "table": table}, indent=2))


if __name__ == "__main__":
    main()
