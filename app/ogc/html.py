"""HTML pages for people: rendered on the server with Jinja2 from templates/, Chinese first
with English beside it, no scripts and nothing from a CDN."""

from __future__ import annotations

from pathlib import Path

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _show(value: object) -> str:
    """A property value in a table cell."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def _geometry_summary(geometry: dict | None) -> str:
    if not geometry:
        return "无 none"
    if geometry["type"] == "Point":
        return "Point (" + ", ".join(str(c) for c in geometry["coordinates"]) + ")"
    return geometry["type"]


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["show"] = _show
_environment.filters["geometry_summary"] = _geometry_summary


def render(template: str, **context: object) -> bytes:
    return _environment.get_template(template).render(**context).encode()
