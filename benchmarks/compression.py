"""Which compression levels: CPU time and size of brotli and gzip levels on response bodies.

    .venv/bin/python -m benchmarks.compression URL [URL …]

Each URL's identity body (e.g. a 1,000-point page, the district polygons) is compressed at
each level, repeatedly; the table shows ms per body and the ratio to the identity size. The
levels in app/compression.py were picked from its output (benchmarks/README.md).
"""

from __future__ import annotations

import gzip
import sys
import time
import urllib.request

import brotli


def _time(function, body: bytes) -> tuple[float, int]:
    out = function(body)
    repeats = max(3, int(0.3 / max(_once(function, body), 1e-4)))
    began = time.perf_counter()
    for _ in range(repeats):
        function(body)
    return (time.perf_counter() - began) / repeats * 1000, len(out)


def _once(function, body: bytes) -> float:
    began = time.perf_counter()
    function(body)
    return time.perf_counter() - began


def main(urls: list[str]) -> None:
    print("| body | identity kB | coding | level | ms | size ÷ identity |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for url in urls:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        name = url.split("/ogc/collections/")[-1]
        kb = f"{len(body) / 1000:.0f}"
        for level in (1, 3, 4, 5, 6, 9):
            ms, size = _time(lambda b, q=level: brotli.compress(b, quality=q), body)
            print(f"| {name} | {kb} | br | {level} | {ms:.2f} | {size / len(body):.3f} |")
        for level in (1, 3, 5, 6, 9):
            ms, size = _time(lambda b, q=level: gzip.compress(b, compresslevel=q, mtime=0), body)
            print(f"| {name} | {kb} | gzip | {level} | {ms:.2f} | {size / len(body):.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
