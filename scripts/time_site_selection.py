"""Time the site-selection answer over HTTP against a running server (not a test).

    .venv/bin/industry-map serve --port 8000 &     # or `make run`
    .venv/bin/python scripts/time_site_selection.py [--base http://127.0.0.1:8000] [-n 50]

Prints p50/p95/max in milliseconds for a few promoter queries, each asked n times in a row
(the first call of each is a warm-up and not counted).
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.request
from urllib.parse import urlencode

QUERIES = [
    {"industry": "动力电池", "area_mu": 300},
    {"industry": "动力电池", "area_mu": 300, "near": "中心城区", "max_km": 60},
    {"industry": "预制菜", "area_mu": 300, "near": "成都"},
    {"industry": "智能座舱", "area_mu": 300, "near": "106.3,29.5", "level": "national"},
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("-n", type=int, default=50)
    args = parser.parse_args()
    for query in QUERIES:
        url = f"{args.base}/api/site-selection?{urlencode(query)}"
        timings = []
        for i in range(args.n + 1):
            started = time.perf_counter()
            with urllib.request.urlopen(url) as response:  # noqa: S310 (our own server)
                response.read()
            if i:
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        label = "&".join(f"{k}={v}" for k, v in query.items())
        print(
            f"{label}: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms (n={len(timings)})"
        )


if __name__ == "__main__":
    main()
