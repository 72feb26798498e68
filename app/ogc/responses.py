"""HTTP responses of the OGC API: validators and caching headers.

The ETag is a hash of the body: exact whatever changed in the database, at the cost of hashing
bytes that are already in memory (SHA-256, about 0.1 ms for 200 kB). It identifies the uncompressed
representation; the compression middleware adds `Vary: Accept-Encoding`. Streamed pages carry
no ETag, because the hash is known only after the last byte has gone out.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from app.ogc.formats import Format

CODING_SUFFIXES = ('-br"', '-gzip"')


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matching_tag(if_none_match: str | None, etag: str) -> str | None:
    """The tag in If-None-Match that names the entity `etag` names, if any. If-None-Match uses
    the weak comparison: W/"x" matches "x"; so do the tags app/compression.py gives the
    compressed forms of the same entity ("x-br", "x-gzip"). The 304 echoes that tag: it is
    the one the 200 for the same request would carry."""
    if not if_none_match:
        return None
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*":
            return etag
        if entity_of(tag.removeprefix("W/")) == etag:
            return tag.removeprefix("W/")
    return None


def entity_of(tag: str) -> str:
    """The identity representation's tag of a (possibly compressed) representation's tag."""
    for suffix in CODING_SUFFIXES:
        if tag.endswith(suffix):
            return tag[: -len(suffix)] + '"'
    return tag


def _headers(fmt: Format, max_age: int, extra: dict[str, str] | None) -> dict[str, str]:
    return {"Cache-Control": f"public, max-age={max_age}", "Vary": "Accept", **(extra or {})}


@dataclass(frozen=True)
class Answer:
    """A complete answer as a handler built it, before any request's validators are applied:
    status 200 with a body and its ETag, or 204 without."""

    status: int
    body: bytes = b""
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")


def answer(
    body: bytes,
    fmt: Format,
    max_age: int,
    headers: dict[str, str] | None = None,
    version: str | None = None,
) -> Answer:
    """A complete body with a strong ETag. With a record `version` (writable layers), the tag
    is "version-digest": If-Match on a write compares the version, If-None-Match the whole
    tag."""
    etag = entity_tag(body)
    if version:
        etag = f'"{version}-{etag.strip(chr(34))[:12]}"'
    all_headers = {**_headers(fmt, max_age, headers), "ETag": etag}
    return Answer(200, body, fmt.content_type, all_headers)


def no_content(max_age: int) -> Answer:
    return Answer(204, headers={"Cache-Control": f"public, max-age={max_age}"})


def respond(request: Request, answer: Answer) -> Response:
    """The answer, or 304 Not Modified when the client holds it already."""
    if answer.status != 200:
        return Response(status_code=answer.status, headers=answer.headers)
    held = matching_tag(request.headers.get("if-none-match"), answer.etag or "")
    if held is not None:
        return Response(status_code=304, headers={**answer.headers, "ETag": held})
    return Response(answer.body, media_type=answer.media_type, headers=answer.headers)


def cached(
    request: Request,
    body: bytes,
    fmt: Format,
    max_age: int,
    headers: dict[str, str] | None = None,
    version: str | None = None,
) -> Response:
    return respond(request, answer(body, fmt, max_age, headers, version))


def streamed(
    chunks: AsyncIterator[bytes],
    fmt: Format,
    max_age: int,
    headers: dict[str, str] | None = None,
) -> StreamingResponse:
    return StreamingResponse(
        chunks, media_type=fmt.content_type, headers=_headers(fmt, max_age, headers)
    )
