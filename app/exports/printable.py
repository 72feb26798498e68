"""Printable one-page profiles of a district or a park: server-rendered HTML with print CSS
(A4), title, facts, a small map drawn by PostGIS as SVG, sources and the date. No CDN, no
script: it prints the same from the browser or when saved to disk."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import unquote

import asyncpg
from jinja2 import Environment, PackageLoader, select_autoescape

from app.domain import profile_queries, queries, service
from app.domain.rules import LEVELS, LOCATION_WORDS, PLAN, level_class
from app.domain.siting import short_note

_env = Environment(
    loader=PackageLoader("app", "templates/print"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# Source URLs are printed decoded (维基 titles in Chinese, not %E7%92%A7…).
_env.filters["unquote"] = unquote
# Long source notes (approval numbers, dates) shortened to their head in tables.
_env.filters["short"] = short_note


async def _profile(db: asyncpg.Pool, statement: str, key: str) -> dict | None:
    text = await service.json_text(db, statement, key)
    return json.loads(text) if text else None


KM_PER_DEGREE_LAT = 111.32  # one unit of the inset maps (profile_queries.DISTRICT_SVG)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _scale_bar(row) -> dict:
    """A scale bar of a round length, about a quarter of the inset's width, at its lower left."""
    quarter = row["width"] * KM_PER_DEGREE_LAT / 4
    km = max((n for n in (1, 2, 5, 10, 20, 25, 50, 100) if n <= quarter), default=1)
    margin = row["extent"] / 25
    return {
        "x": row["x0"] + margin,
        "y": row["y1"] - margin,
        "length": km / KM_PER_DEGREE_LAT,
        "label": f"{km} km",
    }


def _keep_inside(label: dict | None, text: str, row, font: float) -> dict | None:
    """Move a label's anchor (its middle) so that the whole text stays inside the inset."""
    if label is None:
        return None
    half = len(text) * font / 2
    low, high = row["x0"] + half, row["x0"] + row["width"] - half
    return label | {"x": min(max(label["x"], low), high)}


async def _map(db: asyncpg.Pool, adcode: str, highlight: str | None = None) -> dict:
    row = await db.fetchrow(profile_queries.DISTRICT_SVG, adcode)
    parks = _json(row["parks"])
    radius = row["extent"] / 90
    font = radius * 3.2  # the labels' size in _map.html
    neighbours = [_keep_inside(n, n["name"], row, font) for n in _json(row["neighbours"])]
    return {
        "outline": row["outline"],
        "viewbox": row["viewbox"],
        "radius": radius,
        "parks": parks,
        "highlight": highlight,
        "neighbours": neighbours,
        "central": _keep_inside(_json(row["central"]), "中心城区", row, font),
        "scale": _scale_bar(row),
        # The caption names the symbols drawn, and only those.
        "surveyed": any(not p["approximate"] for p in parks),
        "approximate": any(p["approximate"] for p in parks),
    }


# The datasets a one-pager shows (the plan's entry, the boundaries of the inset, the parks), so
# the sources it cites: not the firms or the yearly figures, which it does not show.
PAGE_DATASETS = ("plan", "district_boundaries", "parks")


async def _common(db: asyncpg.Pool) -> dict:
    rows = await db.fetch(profile_queries.PROVENANCE)
    cited = [dict(r) for r in rows if r["dataset"] in PAGE_DATASETS]
    return {"plan": PLAN, "today": date.today().isoformat(), "provenance": cited}


async def district_page(db: asyncpg.Pool, adcode: str) -> str | None:
    district = await _profile(db, queries.DISTRICT_PROFILE, adcode)
    if district is None:
        return None
    for park in district["parks"]:
        park["precision_zh"] = LOCATION_WORDS[park["location_precision"]][0].split("：")[0]
    return _env.get_template("district.html").render(
        d=district, map=await _map(db, adcode), **await _common(db)
    )


async def park_page(db: asyncpg.Pool, park_id: str) -> str | None:
    park = await _profile(db, queries.PARK_PROFILE, park_id)
    if park is None:
        return None
    district = await _profile(db, queries.DISTRICT_PROFILE, park["district_adcode"])
    parent_level = None
    if park["parent_id"]:
        parent = await _profile(db, queries.PARK_PROFILE, park["parent_id"])
        parent_level = parent and parent["level"]
    cls, inherited = level_class(park["level"], parent_level)
    park["level_class_zh"] = LEVELS[cls][0] + ("（随所属园区）" if inherited else "")
    park["precision_zh"], park["precision_en"] = LOCATION_WORDS[park["location_precision"]]
    return _env.get_template("park.html").render(
        p=park,
        d=district,
        map=await _map(db, park["district_adcode"], highlight=park_id),
        mu_per_km2=1500,
        **await _common(db),
    )
