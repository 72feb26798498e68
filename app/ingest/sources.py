"""The source files in geodata/, read and validated before anything touches the database.

The plan's rules are checked here as well as in the database, so a bad edit of a YAML file
fails with a message that names the district and the rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.config import PROJECT_ROOT
from app.db.models import MAX_LEADING_INDUSTRIES, MAX_SPECIALTY_INDUSTRIES
from app.ingest.chains import Chains
from app.ingest.enterprises import EnterpriseRecord, read_enterprises
from app.ingest.parks import park_rows

GEODATA = PROJECT_ROOT / "geodata"
EIGHT_DISTRICTS = ("500116", "500117", "500118", "500111", "500120", "500151", "500152", "500153")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _yaml(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


class PlanDocument(BaseModel):
    code: str
    title: str
    title_en: str
    issuer: str
    issued_on: dt.date
    period_start: int
    period_end: int
    source_file: str
    attachment: str


class LeadingIndustry(BaseModel):
    industry: str
    segments: list[str] = []
    segments_open_ended: bool = False


class DistrictPlan(BaseModel):
    adcode: str
    name: str
    plan_section: str
    plan_text: str
    revenue_target_2027: Decimal = Field(gt=0)
    leading: list[LeadingIndustry]
    specialty: list[str]
    specialty_open_ended: bool = False

    @field_validator("leading")
    @classmethod
    def at_most_two_leading(cls, value: list[LeadingIndustry]) -> list[LeadingIndustry]:
        if len(value) > MAX_LEADING_INDUSTRIES:
            raise ValueError(
                f"the plan (四、空间布局) allows at most {MAX_LEADING_INDUSTRIES} leading "
                f"industries per district, got {len(value)}"
            )
        return value

    @field_validator("specialty")
    @classmethod
    def at_most_four_specialty(cls, value: list[str]) -> list[str]:
        if len(value) > MAX_SPECIALTY_INDUSTRIES:
            raise ValueError(
                f"at most {MAX_SPECIALTY_INDUSTRIES} specialty industries per district, "
                f"got {len(value)}"
            )
        return value


class ClusterPlan(BaseModel):
    id: str
    name: str
    name_en: str
    plan_section: str
    revenue_target_2027: Decimal = Field(gt=0)
    plan_quote: str
    key_products: list[str]


class IndustryTerm(BaseModel):
    # Unknown keys are errors: in a YAML flow mapping an unquoted comma silently starts one.
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    name_en: str
    clusters: list[str]


class Vocabulary(BaseModel):
    industries: list[IndustryTerm]
    segments: dict[str, str]


class IndicatorPlan(BaseModel):
    code: str
    scope: str
    name: str
    name_en: str
    comparator: str
    value: Decimal
    unit: str
    base_year: int | None = None
    target_year: int | None = None
    cumulative: bool = False
    plan_section: str
    plan_quote: str


class SourceInfo(BaseModel):
    """A dataset's provenance record (the SOURCE.json beside the data)."""

    dataset: str
    title: str
    source: str
    source_url: str | None = None
    licence: str
    version: str | None = None
    crs: str | None = None
    transformations: list[str] = []
    file: str


class ParkRecord(BaseModel):
    id: str
    name: str
    name_en: str | None
    level: str | None
    district_name: str
    parent_id: str | None
    host_town: str | None
    lon: float | None
    lat: float | None
    location_precision: str
    area_km2_min: Decimal | None
    area_km2_max: Decimal | None
    area_kind: str | None
    industries: str | None
    sources: list[str]
    notes: str | None
    # Curated (park_profiles.yaml, migration 0003).
    area_basis: str | None = None
    available_land_mu: Decimal | None = None
    lead_firms: list[str] = []
    profile: dict | None = None

    @model_validator(mode="after")
    def location_is_complete(self) -> ParkRecord:
        if (self.lon is None) != (self.lat is None):
            raise ValueError(f"park {self.id}: lon and lat must both be given or both be blank")
        if (self.lon is None) != (self.location_precision == "none"):
            raise ValueError(f"park {self.id}: location and coord_precision disagree")
        return self


# parks.csv's coord_precision -> our location_precision (see geodata/parks/SOURCE.json).
PARK_PRECISION = {"town seat": "town_seat", "unknown": "district_seat", "": "none"}


def parse_area(text: str) -> tuple[Decimal | None, Decimal | None]:
    text = text.strip()
    if not text:
        return None, None
    parts = re.split(r"\s*[–—-]\s*", text)
    low, high = Decimal(parts[0]), Decimal(parts[-1])
    return low, high


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


class SourceData:
    """All of geodata/, read lazily and validated; the loader's only input."""

    def __init__(self, root: Path = GEODATA):
        self.root = root

    @cached_property
    def plan_text(self) -> str:
        return (self.root / "plan" / "plan.txt").read_text(encoding="utf-8")

    @cached_property
    def document(self) -> PlanDocument:
        return PlanDocument.model_validate(_yaml(self.root / "plan" / "document.yaml"))

    @cached_property
    def districts(self) -> list[DistrictPlan]:
        return [
            DistrictPlan.model_validate(d) for d in _yaml(self.root / "plan" / "districts.yaml")
        ]

    @cached_property
    def clusters(self) -> list[ClusterPlan]:
        return [ClusterPlan.model_validate(c) for c in _yaml(self.root / "plan" / "clusters.yaml")]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.model_validate(_yaml(self.root / "plan" / "vocabulary.yaml"))

    @cached_property
    def indicators(self) -> list[IndicatorPlan]:
        return [
            IndicatorPlan.model_validate(i) for i in _yaml(self.root / "plan" / "indicators.yaml")
        ]

    @cached_property
    def boundaries(self) -> dict:
        with (self.root / "boundaries" / "districts.geojson").open(encoding="utf-8") as f:
            return json.load(f)

    def source_info(self, folder: str) -> SourceInfo:
        with (self.root / folder / "SOURCE.json").open(encoding="utf-8") as f:
            return SourceInfo.model_validate(json.load(f))

    @cached_property
    def parks(self) -> list[ParkRecord]:
        records = []
        for row in park_rows(self.root / "parks"):
            reg = row["registry"]
            low, high = parse_area(row["area_km2"])
            records.append(
                ParkRecord(
                    id=reg["id"],
                    name=row["park"],
                    name_en=_blank_to_none(reg["name_en"]),
                    level=_blank_to_none(row["level"]),
                    district_name=row["district"],
                    parent_id=_blank_to_none(reg["parent_id"]),
                    host_town=_blank_to_none(row["host_town"]),
                    lon=float(row["lon"]) if row["lon"] else None,
                    lat=float(row["lat"]) if row["lat"] else None,
                    location_precision=PARK_PRECISION[row["coord_precision"].strip()],
                    area_km2_min=low,
                    area_km2_max=high,
                    area_kind=_blank_to_none(row["area_kind"]),
                    industries=_blank_to_none(row["industries"]),
                    sources=row["sources_list"],
                    notes=row["notes_text"],
                    area_basis=row["area_basis"],
                    available_land_mu=row["available_mu"],
                    lead_firms=row["lead_firms"],
                    profile=row["profile"],
                )
            )
        return records

    @cached_property
    def enterprises(self) -> list[EnterpriseRecord]:
        return read_enterprises(self.root / "enterprises")

    @cached_property
    def chains(self) -> Chains:
        return Chains(self.root / "chains")

    def validate(self) -> None:
        """Cross-file checks: every name used is defined, and every plan name is the plan's."""
        flat_plan = re.sub(r"\s+", "", self.plan_text)
        industries = {term.name for term in self.vocabulary.industries}
        cluster_ids = {c.id for c in self.clusters}
        problems = []
        for term in self.vocabulary.industries:
            problems += [
                f"{term.name}: unknown cluster {c}" for c in term.clusters if c not in cluster_ids
            ]
        for d in self.districts:
            if re.sub(r"\s+", "", d.plan_text) not in flat_plan:
                problems.append(f"{d.name}: plan_text is not verbatim from the plan")
            # Industry names must read as in the plan once the segment lists are taken out.
            without_segments = re.sub(r"（[^）]*）", "", d.plan_text)
            for lead in d.leading:
                if lead.industry not in without_segments:
                    problems.append(f"{d.name}: leading industry {lead.industry} not in plan text")
                for seg in lead.segments:
                    if seg not in d.plan_text:
                        problems.append(f"{d.name}: segment {seg} not in plan text")
                    if seg not in self.vocabulary.segments:
                        problems.append(f"{d.name}: segment {seg} has no translation")
            for name in [lead.industry for lead in d.leading] + d.specialty:
                if name not in industries:
                    problems.append(f"{d.name}: industry {name} not in vocabulary.yaml")
            for name in d.specialty:
                if name not in without_segments:
                    problems.append(f"{d.name}: specialty industry {name} not in plan text")
        problems += self.chains.problems(self.plan_text, sorted(cluster_ids))
        district_names = {d.name for d in self.districts}
        problems += [
            f"enterprise {e.id}: unknown district {e.district_name}"
            for e in self.enterprises
            if e.district_name not in district_names
        ]
        if sorted(d.adcode for d in self.districts) != sorted(EIGHT_DISTRICTS):
            problems.append("districts.yaml must list exactly the eight 渝西 districts")
        if problems:
            raise ValueError("geodata/plan does not match the plan:\n" + "\n".join(problems))
