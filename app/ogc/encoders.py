"""Response bodies. Features arrive from PostgreSQL as GeoJSON in UTF-8 bytes and are joined,
never parsed; CSV rows arrive as text columns. Streamed variants write the same bytes batch by
batch."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence

import orjson

from app.ogc.features import Count

FEATURE_COLLECTION_HEAD = b'{"type":"FeatureCollection","features":['
# Excel (common among the map's users) reads UTF-8 CSV as a legacy code page without it.
UTF8_BOM = "\ufeff"


def json_body(document: object) -> bytes:
    return orjson.dumps(document)


def _collection_tail(returned: int, matched: Count | None, links: list[dict]) -> bytes:
    tail: dict[str, object] = {"numberReturned": returned}
    if matched is not None:
        tail["numberMatched"] = matched.value
        if matched.estimated:
            tail["numberMatchedEstimated"] = True
    tail["links"] = links
    return b"]," + orjson.dumps(tail)[1:]


def feature_collection(features: Sequence[bytes], matched: Count, links: list[dict]) -> bytes:
    return (
        FEATURE_COLLECTION_HEAD
        + b",".join(features)
        + _collection_tail(len(features), matched, links)
    )


async def feature_collection_stream(
    batches: AsyncIterator[list], result: Callable[[], tuple[int, Count | None, list[dict]]]
) -> AsyncIterator[bytes]:
    """`result` gives (returned, matched, links) once the batches are exhausted."""
    yield FEATURE_COLLECTION_HEAD
    separator = b""
    async for batch in batches:
        yield separator + b",".join(row[0] for row in batch)
        separator = b","
    yield _collection_tail(*result())


def feature(geojson: bytes, links: list[dict]) -> bytes:
    """A Feature from the database with its links added before the closing brace."""
    return geojson[:-1] + b',"links":' + orjson.dumps(links) + b"}"


def _csv_text(rows: Sequence[Sequence[str | None]], header: Sequence[str] | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        out.write(UTF8_BOM)
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_table(header: Sequence[str], rows: Sequence[Sequence[str | None]]) -> bytes:
    return _csv_text(rows, header).encode()


async def csv_stream(header: Sequence[str], batches: AsyncIterator[list]) -> AsyncIterator[bytes]:
    yield _csv_text([], header).encode()
    async for batch in batches:
        yield _csv_text(batch, None).encode()
