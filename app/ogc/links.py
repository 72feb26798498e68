"""Links of the OGC API resources, with the relation types the standard asks for."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from app.ogc.formats import CSV, GEOJSON, HTML, JSON, JSON_SCHEMA, OPENAPI_JSON, Format

QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
CONFORMANCE_REL = "conformance"


Params = list[tuple[str, str]]


def link(href: str, rel: str, media_type: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def _with(params: Params, **changes: str) -> Params:
    """The parameters with some replaced (and added at the end)."""
    return [(k, v) for k, v in params if k not in changes] + list(changes.items())


@dataclass(frozen=True)
class Links:
    """Absolute URLs under the server's base (e.g. http://host:8000) and the API's prefix."""

    base: str
    prefix: str = "/ogc"

    def url(self, path: str = "", params: Params | dict[str, str] | None = None) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}{self.prefix}{path}{query}"

    def self_and_alternates(
        self, path: str, current: Format, offered: tuple[Format, ...], params: Params
    ) -> list[dict[str, str]]:
        links = []
        for fmt in offered:
            rel = "self" if fmt == current else "alternate"
            title = "This document" if rel == "self" else f"This document as {fmt.key.upper()}"
            href = self.url(path, _with(params, f=fmt.key))
            links.append(link(href, rel, fmt.media_type, title))
        return links

    def landing(self, current: Format, offered: tuple[Format, ...]) -> list[dict[str, str]]:
        return [
            *self.self_and_alternates("", current, offered, []),
            link(f"{self.base}/openapi.json", "service-desc", OPENAPI_JSON, "API definition"),
            link(f"{self.base}/docs", "service-doc", HTML.media_type, "API documentation"),
            link(self.url("/conformance"), CONFORMANCE_REL, JSON.media_type, "Conformance"),
            link(self.url("/collections"), "data", JSON.media_type, "Collections"),
            link(
                self.url("/tileMatrixSets"),
                "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
                JSON.media_type,
                "Tile matrix sets",
            ),
        ]

    def collection(self, collection_id: str) -> list[dict[str, str]]:
        """Links from a collection to its items and queryables."""
        items = f"/collections/{collection_id}/items"
        return [
            link(self.url(items), "items", GEOJSON.media_type, "Features (GeoJSON)"),
            link(self.url(items, {"f": "html"}), "items", HTML.media_type, "Features (HTML)"),
            link(self.url(items, {"f": "csv"}), "items", CSV.media_type, "Features (CSV)"),
            link(
                self.url(f"/collections/{collection_id}/queryables"),
                QUERYABLES_REL,
                JSON_SCHEMA.media_type,
                "Queryables",
            ),
        ]

    def up(self, collection_id: str) -> dict[str, str]:
        return link(
            self.url(f"/collections/{collection_id}"), "collection", JSON.media_type, "Collection"
        )

    def pages(
        self,
        path: str,
        params: Params,
        current: Format,
        offset: int,
        limit: int,
        has_next: bool,
    ) -> list[dict[str, str]]:
        """next/prev links keep every other parameter of the request."""
        links = []
        if has_next:
            after = _with(params, f=current.key, offset=str(offset + limit), limit=str(limit))
            links.append(link(self.url(path, after), "next", current.media_type, "Next page"))
        if offset > 0:
            earlier = str(max(0, offset - limit))
            before = _with(params, f=current.key, offset=earlier, limit=str(limit))
            links.append(link(self.url(path, before), "prev", current.media_type, "Previous page"))
        return links
