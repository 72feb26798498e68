"""geodata/enterprises/: the sourced table of key firms and projects, read and validated.

The CSV is kept byte-for-byte as received; what we derive from it is written down here once:
the project stage and its dated events (parsed from the `status` text), the clusters its
`industry_chain` names, and where the map may place it. Nothing is upgraded: a firm without a
sourced coordinate is placed at its park or district and marked so (位置示意).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, model_validator

# The stages of the project pipeline (项目库), in order. The source's own status words map onto
# them; "completed" (竣工) counts as operating.
STAGES = ("signed", "under_construction", "operating")
STATUS_WORDS = {
    "signed": "signed",
    "under construction": "under_construction",
    "operating": "operating",
    "completed": "operating",
}
# Words of a status piece that say which event a date belongs to (first match wins).
EVENT_WORDS = (
    ("planned", ("计划2", "预计")),  # 计划2021投产, 预计2018年内投产 (not 计划实施后)
    ("operating", ("投产", "竣工", "试生产", "试产", "投用", "开业", "量产", "下线")),
    ("construction_started", ("开工", "启动")),  # not 施工: “加紧施工” reports work under way
    ("signed", ("签约", "签署", "引进", "招引", "落户")),
)
# A date as the sources write it: 2019-08-30, 2019-08, 2019, 2019年.
DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:-(\d{2}))?(?:-(\d{2}))?(?!\d)")
# The source marks a year it did not state but inferred from context (约2020 = "about 2020").
INFERRED = re.compile(r"语境|推断|未写明|约\s*(?:19|20)\d{2}")

# coord_precision of the CSV -> our location_precision. Rows without one are placed later.
PRECISION = {"town seat": "town_seat"}


class StageEvent(BaseModel):
    event: str  # signed | construction_started | operating | planned | reported
    date: str  # as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD
    year: int
    inferred: bool
    text: str


class EnterpriseRecord(BaseModel):
    id: str
    name: str
    kind: str
    district_name: str
    park_text: str | None
    industry_chain: str
    segment: str | None
    products: str | None
    status_text: str
    stage: str
    stage_events: list[StageEvent]
    investment_yi: Decimal | None
    lon: float | None
    lat: float | None
    location_precision: str | None  # town_seat, or None: placed at park/district by the loader
    sources: list[str]
    notes: str | None

    @model_validator(mode="after")
    def sourced(self) -> EnterpriseRecord:
        if not self.sources:
            raise ValueError(f"enterprise {self.id}: every row needs at least one source")
        if (self.lon is None) != (self.location_precision is None):
            raise ValueError(f"enterprise {self.id}: coordinate and coord_precision disagree")
        return self

    def year_of(self, event: str) -> int | None:
        """The stated (not inferred) year of the first event of this kind."""
        return next(
            (e.year for e in self.stage_events if e.event == event and not e.inferred), None
        )


def parse_stage(status: str) -> str:
    """The least advanced stage the status words state: 'signed/under construction' is only
    known to be signed; 'completed/operating' is operating."""
    head = re.split(r"[（(；]", status, maxsplit=1)[0].lower()
    found = [stage for word, stage in STATUS_WORDS.items() if word in head]
    if not found:
        raise ValueError(f"status {status!r} names no stage ({', '.join(STATUS_WORDS)})")
    return min(found, key=STAGES.index)


def parse_events(status: str, stage: str) -> list[StageEvent]:
    """The dated events in the status text. A date with no event word is the signing date
    when the stage is 'signed', and otherwise only the date of a report ('operating（2023）')."""
    events = []
    # '7月25日开工，语境为2020': an event without a year, then the year the context suggests.
    pending = None
    for piece in re.split(r"[；;，,（）()]|\bbut\b", status):
        piece = piece.strip()
        worded = next((name for name, words in EVENT_WORDS if any(w in piece for w in words)), None)
        if not DATE.search(piece):
            pending = worded
            continue
        for match in DATE.finditer(piece):
            year, month, day = match.groups()
            date = "-".join(x for x in (year, month, day) if x)
            if "开竣工" in piece:  # a joint 开工/竣工 ceremony: the compiler read it as 开工
                event = "construction_started"
            elif worded:
                event = worded
            elif pending and INFERRED.search(piece):
                event = pending
            else:
                event = "signed" if stage == "signed" else "reported"
            events.append(
                StageEvent(
                    event=event,
                    date=date,
                    year=int(year),
                    inferred=bool(INFERRED.search(piece)) or "开竣工" in piece,
                    text=piece,
                )
            )
        pending = None
    return events


def _blank(value: str) -> str | None:
    return value.strip() or None


def read_enterprises(folder: Path) -> list[EnterpriseRecord]:
    with (folder / "enterprise_registry.csv").open(encoding="utf-8", newline="") as f:
        registry = {row["enterprise"]: row for row in csv.DictReader(f)}
    records = []
    with (folder / "key_enterprises.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            reg = registry.get(row["enterprise"])
            if reg is None:
                raise ValueError(
                    f"enterprise {row['enterprise']!r} has no id in enterprise_registry.csv"
                )
            stage = parse_stage(row["status"])
            records.append(
                EnterpriseRecord(
                    id=reg["id"],
                    name=row["enterprise"],
                    kind=reg["kind"],
                    district_name=row["district"],
                    park_text=_blank(row["park"]),
                    industry_chain=row["industry_chain"].strip(),
                    segment=_blank(row["segment"]),
                    products=_blank(row["products"]),
                    status_text=row["status"].strip(),
                    stage=stage,
                    stage_events=parse_events(row["status"], stage),
                    investment_yi=Decimal(row["investment_yi"]) if row["investment_yi"] else None,
                    lon=float(row["lon"]) if row["lon"] else None,
                    lat=float(row["lat"]) if row["lat"] else None,
                    location_precision=PRECISION.get(row["coord_precision"].strip()),
                    sources=[s.strip() for s in row["sources"].split(" | ") if s.strip()],
                    notes=_blank(row["notes"]),
                )
            )
    ids = [r.id for r in records]
    if len(set(ids)) != len(ids):
        raise ValueError("enterprise_registry.csv gives two rows the same id")
    return records
