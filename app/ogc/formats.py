"""Output formats and content negotiation: `f=` wins, else the Accept header, else the first
format the resource offers."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import InvalidParameter, NotAcceptable


@dataclass(frozen=True)
class Format:
    key: str  # the value of f=
    media_type: str
    # Other names (f= values or media types) this format answers to.
    also: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/")
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type

    def answers(self, media_range: str) -> bool:
        if media_range in ("*/*", self.media_type) or media_range in self.also:
            return True
        if media_range.endswith("/*"):
            return self.media_type.startswith(media_range[:-1])
        return False


JSON = Format("json", "application/json")
GEOJSON = Format("json", "application/geo+json", also=("application/json", "geojson"))
JSON_SCHEMA = Format("json", "application/schema+json", also=("application/json",))
HTML = Format("html", "text/html", also=("application/xhtml+xml",))
CSV = Format("csv", "text/csv")

OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"

# What each kind of resource can be had as; the first is the default.
METADATA = (JSON, HTML)
FEATURES = (GEOJSON, HTML, CSV)
FEATURE = (GEOJSON, HTML)
QUERYABLES = (JSON_SCHEMA, HTML)


def _accepted(header: str) -> list[str]:
    """Media ranges of an Accept header, most wanted first (q=0 means 'not this')."""
    ranges: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media_range = parts[0].lower()
        if not media_range:
            continue
        quality = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((-quality, position, media_range))
    return [media_range for _, _, media_range in sorted(ranges)]


def negotiate(f: str | None, accept: str | None, offered: tuple[Format, ...]) -> Format:
    if f is not None:
        wanted = f.strip().lower()
        for candidate in offered:
            if wanted == candidate.key or candidate.answers(wanted):
                return candidate
        keys = ", ".join(dict.fromkeys(c.key for c in offered))
        raise InvalidParameter(f"f: unsupported format {f!r}; use one of {keys}", "f")
    if not accept:
        return offered[0]
    for media_range in _accepted(accept):
        for candidate in offered:
            if candidate.answers(media_range):
                return candidate
    types = ", ".join(c.media_type for c in offered)
    raise NotAcceptable(f"None of the accepted media types is offered; offered: {types}", "Accept")
