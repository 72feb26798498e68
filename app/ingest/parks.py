"""The parks data of geodata/parks/, merged into one record per park:

- parks.csv          the sourced fact table as received (30 parks);
- parks_added.csv    parks and component parks that parks_additions.csv adds, transcribed
                     into parks.csv's columns (each with the additions' sources);
- parks_additions.csv as received: every row's sources are added to its park's `sources`
                     and its value and notes to the park's research `notes`;
- park_registry.csv  ids, English names and zone–component links (editorial);
- park_profiles.yaml the curated display fields (both languages), the kind of the stated
                     area, available land and lead firms (editorial, from the two tables).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import yaml

from app.domain.rules import AREA_KINDS

ADDED_MARK = "【不在parks.csv"


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split_sources(text: str) -> list[str]:
    return [s.strip() for s in text.split(" | ") if s.strip()]


def park_rows(folder: Path) -> list[dict]:
    """parks.csv then parks_added.csv, with what the additions and profiles add."""
    registry = {row["park"]: row for row in _csv(folder / "park_registry.csv")}
    rows = _csv(folder / "parks.csv") + _csv(folder / "parks_added.csv")
    with (folder / "park_profiles.yaml").open(encoding="utf-8") as f:
        profiles = yaml.safe_load(f)
    by_name = {row["park"]: row for row in rows}
    extra_sources: dict[str, list[str]] = {}
    extra_notes: dict[str, list[str]] = {}
    for add in _csv(folder / "parks_additions.csv"):
        name = add["park"].split("【")[0] if ADDED_MARK in add["park"] else add["park"]
        target = name if name in by_name else None
        if target is None:
            raise ValueError(f"parks_additions.csv: {add['park']!r} matches no park")
        extra_sources.setdefault(target, []).extend(_split_sources(add["sources"]))
        extra_notes.setdefault(target, []).append(
            f"[补充资料 {add['field']} · {add['change_type']}] {add['value']}"
            + (f" — {add['notes']}" if add["notes"] else "")
        )
    merged = []
    for row in rows:
        reg = registry[row["park"]]
        profile = profiles.get(reg["id"])
        if profile is None:
            raise ValueError(f"park_profiles.yaml: no profile for {reg['id']}")
        basis = profile.get("area_basis")
        if basis is not None and basis not in AREA_KINDS:
            raise ValueError(f"park_profiles.yaml: {reg['id']}: unknown area_basis {basis!r}")
        sources = _split_sources(row["sources"])
        sources += [s for s in extra_sources.get(row["park"], []) if s not in sources]
        notes = [row["notes"]] if row["notes"] else []
        notes += extra_notes.get(row["park"], [])
        area = row["area_km2"]
        if "area_km2" in profile:
            if area:
                raise ValueError(f"park_profiles.yaml: {reg['id']} overrides a stated area")
            area = str(profile["area_km2"])
        merged.append(
            row
            | {
                "registry": reg,
                "area_km2": area,
                "sources_list": sources,
                "notes_text": "\n".join(notes) or None,
                "area_basis": basis if area or basis == "available" else None,
                "available_mu": Decimal(str(profile["available_mu"]))
                if profile.get("available_mu")
                else None,
                "lead_firms": list(profile.get("lead_firms") or []),
                "profile": {k: profile[k] for k in ("level", "host_town", "industries")
                            if k in profile},
            }
        )  # fmt: skip
    unknown = set(profiles) - {registry[r["park"]]["id"] for r in rows}
    if unknown:
        raise ValueError(f"park_profiles.yaml: profiles of unknown parks {sorted(unknown)}")
    return merged
