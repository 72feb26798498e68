"""What the HTTP stack costs per request, in-process: the whole ASGI app against the bare
statement it answers with, layer by layer, with no network, HTTP parser or load generator
in between (those are `make bench`'s; this isolates the Python around a handler).

For each scenario (benchmarks.run's: tiles at z8/z11/z14, the GeoJSON pages), interleaved
rounds time, one request after another on one event loop (uvloop):

- statement: the floor statement (benchmarks.run.floor_statements: the tile statement, or
  the fastest single statement for the FeatureCollection) on one asyncpg connection;
- router: the app's router alone (routing, FastAPI's request handling, the handler and its
  own database work) in FastAPI's innermost layer only, without any middleware;
- app: the whole app, as uvicorn calls it (every middleware, the exception handlers);
- stack over a no-op: the app's middleware and exception layers around an ASGI app that
  answers at once — the middleware's own cost, without routing or a handler.

Requests look like wrk's (Host only, `--encoding` adds Accept-Encoding), and `receive`
behaves like uvicorn's: the body, then `http.disconnect` once the response is complete.
Reported: the median over rounds of the mean ms per request, and what each layer adds.

    .venv/bin/python -m benchmarks.overhead              # every scenario, 8 rounds
    .venv/bin/python -m benchmarks.overhead --short      # tile z14 and 1,000 features, quick
    .venv/bin/python -m benchmarks.overhead --profile "tile z14"   # cProfile of the app

It needs the synthetic table (`--setup` makes it, as `make bench` does, and keeps it).
It is a benchmark, not a test: nothing fails, it prints a Markdown report.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path

import asyncpg
import psycopg
import uvloop
from fastapi.middleware.asyncexitstack import AsyncExitStackMiddleware

from app.config import api_settings
from app.db import database_url, owner_url, plain_url
from benchmarks import run, synthetic

SHORT = ("tile z14", "1,000 features")
TARGETS = ("statement", "router", "app", "stack over a no-op")


def _scope(path: str, query: str, encoding: str | None) -> dict:
    headers = [(b"host", b"127.0.0.1:8000")]
    if encoding:
        headers.append((b"accept-encoding", encoding.encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


class Request:
    """One request as uvicorn hands it over: `receive` gives the (empty) body, then waits
    until the response is complete and says the client is gone."""

    def __init__(self, scope: dict):
        self.scope = scope
        self.status = 0
        self.size = 0
        self._read = False
        self._complete = asyncio.Event()

    async def receive(self) -> dict:
        if not self._read:
            self._read = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self._complete.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.size += len(message.get("body", b""))
            if not message.get("more_body"):
                self._complete.set()


async def _noop(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def stack_over(app, inner):
    """The app's middleware stack (its user middleware and FastAPI's own layers) around
    `inner` instead of the router."""
    router = app.router
    app.router = inner
    try:
        return app.build_middleware_stack()
    finally:
        app.router = router


class Runner:
    def __init__(self, app, conn: asyncpg.Connection, encoding: str | None):
        self.app = app
        self.conn = conn
        self.encoding = encoding
        self.noop_stack = stack_over(app, _noop)
        # FastAPI's innermost layer, which its request handling needs.
        self.router = AsyncExitStackMiddleware(app.router)

    async def call(self, asgi, path: str, query: str) -> Request:
        request = Request(_scope(path, query, self.encoding))
        if asgi is self.router:
            request.scope["app"] = self.app  # what the app itself puts in the scope
        await asgi(request.scope, request.receive, request.send)
        return request

    def target(self, name: str, scenario: run.Scenario, floor: tuple[str, tuple]):
        path, _, query = scenario.ours.partition("?")
        if name == "statement":
            statement, args = floor
            return lambda: self.conn.fetchval(statement, *args)
        asgi = {"router": self.router, "app": self.app, "stack over a no-op": None}[name]
        asgi = asgi or self.noop_stack
        return lambda: self.call(asgi, path, query)

    async def time(self, once, requests: int) -> tuple[float, float]:
        """Wall-clock and this process's CPU ms per request."""
        for _ in range(max(3, requests // 10)):
            await once()
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            await once()
        wall = (time.perf_counter() - started) / requests * 1000
        return wall, (time.process_time() - cpu) / requests * 1000


async def measure(args, scenarios: list[run.Scenario], catalog) -> dict:
    from app.main import create_app

    app = create_app()
    results: dict[str, dict[str, list[tuple[float, float]]]] = {
        s.name: {t: [] for t in TARGETS} for s in scenarios
    }
    checks: dict[str, dict] = {}
    async with app.router.lifespan_context(app):
        conn = await asyncpg.connect(plain_url(database_url()))
        runner = Runner(app, conn, args.encoding)
        floors = {s.name: run.floor_statements(s, catalog)[run.FLOOR] for s in scenarios}
        for scenario in scenarios:
            path, _, query = scenario.ours.partition("?")
            answer = await runner.call(app, path, query)
            body = await conn.fetchval(floors[scenario.name][0], *floors[scenario.name][1])
            if answer.status != 200:
                raise SystemExit(f"{scenario.name}: the app answered {answer.status}")
            checks[scenario.name] = {"app_bytes": answer.size, "statement_bytes": len(body)}
        if args.profile:
            scenario = next(s for s in scenarios if s.name == args.profile)
            once = runner.target("app", scenario, floors[scenario.name])
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                await once()
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(60)
            await conn.close()
            return {}
        for round_ in range(args.rounds):
            for scenario in scenarios:
                order = TARGETS if round_ % 2 == 0 else tuple(reversed(TARGETS))
                for target in order:
                    once = runner.target(target, scenario, floors[scenario.name])
                    timed = await runner.time(once, args.requests)
                    results[scenario.name][target].append(timed)
        await conn.close()
    return {"results": results, "checks": checks}


def _table(results: dict, index: int, title: str) -> list[str]:
    lines = [
        f"{title}:",
        "",
        "| scenario | statement | router | app | stack over a no-op "
        "| router − statement | app − router | statement ÷ app |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, targets in results.items():
        ms = {t: statistics.median(m[index] for m in v) for t, v in targets.items()}
        lines.append(
            f"| {name} | {ms['statement']:.3f} | {ms['router']:.3f} | {ms['app']:.3f} "
            f"| {ms['stack over a no-op']:.3f} | {ms['router'] - ms['statement']:+.3f} "
            f"| {ms['app'] - ms['router']:+.3f} | {ms['statement'] / ms['app']:.2f} |"
        )
    return [*lines, ""]


def report(measured: dict, args) -> str:
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    lines = [
        f"{args.rounds} interleaved rounds of {args.requests} requests per target, one at a "
        f"time, in-process (uvloop); Accept-Encoding: {args.encoding or 'none'}; "
        f"load average at the end {load} ({os.cpu_count()} CPUs). Medians over rounds.",
        "",
        *_table(measured["results"], 0, "Wall-clock ms per request"),
        *_table(
            measured["results"],
            1,
            "CPU ms per request of this process (the Python; PostgreSQL's own time excluded)",
        ),
        "Bytes per answer (app / statement): "
        + "; ".join(
            f"{name} {c['app_bytes']} / {c['statement_bytes']}"
            for name, c in measured["checks"].items()
        ),
    ]
    return "\n".join(lines)


def setup(layers: Path) -> None:
    url = plain_url(owner_url())
    synthetic.create(url, 200_000)
    synthetic.create_overviews(url, synthetic.TABLE)
    synthetic.layers_dir(api_settings().layers_dir, layers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="tile z14 and 1,000 features")
    parser.add_argument("--only", action="append", help="a scenario by name (repeatable)")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--requests", type=int, help="per target and round")
    parser.add_argument("--encoding", help="the Accept-Encoding header, e.g. gzip")
    parser.add_argument("--setup", action="store_true", help="(re)make the synthetic table")
    parser.add_argument("--layers", type=Path, help="a layers folder with the synthetic layer")
    parser.add_argument("--profile", metavar="SCENARIO", help="cProfile the app instead")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (tottime…)")
    args = parser.parse_args()
    args.rounds = args.rounds or (10 if args.short else 8)
    args.requests = args.requests or (50 if args.short else 40)
    layers = args.layers or Path(tempfile.mkdtemp(prefix="overhead-layers-"))
    if args.setup:
        setup(layers)
    elif args.layers is None:
        synthetic.layers_dir(api_settings().layers_dir, layers)
    with psycopg.connect(plain_url(owner_url())) as conn:
        if conn.execute("SELECT to_regclass(%s)", (synthetic.TABLE,)).fetchone()[0] is None:
            raise SystemExit(f"no table {synthetic.TABLE}: run with --setup")
    os.environ["IM_API_LAYERS_DIR"] = str(layers)
    api_settings.cache_clear()
    from app.layers import load_catalog

    catalog = load_catalog(layers)
    scenarios = [*run.tile_scenarios(catalog), *run.SCENARIOS]
    names = [args.profile] if args.profile else args.only
    names = names or (SHORT if args.short else [s.name for s in scenarios])
    scenarios = [s for s in scenarios if s.name in names]
    measured = uvloop.run(measure(args, scenarios, catalog))
    if measured:
        print(report(measured, args))


if __name__ == "__main__":
    main()
