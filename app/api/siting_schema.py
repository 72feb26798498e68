"""The shape of a site-selection answer, for OpenAPI and for the front end's 选址 panel.
The domain (app.domain.siting) builds plain dicts; these models only document and check them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Reason(BaseModel):
    """One reason in plain words. Show `zh` by default and `en` on switch; `points` is what it
    adds to the score (0 for caveats and for plan reasons beyond the best one). The codes and
    their wording are one table, app.domain.siting.reasons.REASONS."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="a code of app.domain.siting.reasons.REASONS",
                      examples=["plan_segment"])  # fmt: skip
    zh: str = Field(examples=["璧山区把“动力电池”列为主导产业“智能网联新能源汽车零部件”的细分领域"])
    en: str = Field(examples=["Bishan District lists 动力电池 as a focus segment"])
    points: float = Field(description="points this reason adds to the candidate's score")
    source: str | None = Field(None, description="citation, e.g. 渝府〔2023〕13号 四、（五）")
    distance_km: float | None = Field(None, description="for code=distance")


class Unknown(BaseModel):
    code: str = Field(
        description="unknown_area | unknown_available_land | unknown_location | "
        "unknown_location_approximate | unknown_level | unknown_industries"
    )
    zh: str = Field(examples=["面积未知"])
    en: str = Field(examples=["area unknown"])


class AreaFacts(BaseModel):
    kind: str = Field(
        description="a key of rules.AREA_KINDS: available | approved | planned | "
        "managed | jurisdiction | joint | unstated"
    )
    kind_zh: str
    kind_en: str
    stated_as: str | None = Field(description="the kind of area as the sources word it")
    km2_min: float | None
    km2_max: float | None
    mu_min: float | None
    mu_max: float | None
    available_mu: float | None = Field(description="stated available land (e.g. 预留工业用地)")


class Notice(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str = Field(description="plan_rule_icnev_parts | no_match | max_km_needs_location")
    zh: str
    en: str
    source: str | None = None


class ParkCandidateBase(BaseModel):
    id: str = Field(description="park id; profile at /api/parks/{id}, print at /parks/{id}/print")
    name: str
    name_en: str | None
    score: float = Field(description="sum of the reasons' points")
    district_adcode: str
    district: str
    district_en: str
    level: str | None = Field(description="level as the sources state it")
    level_class: str = Field(description="national | bonded | municipal | district | unknown")
    host_town: str | None
    parent_id: str | None = Field(description="the zone this park is a component of (same land)")
    parent_name: str | None
    location_precision: str = Field(
        description="surveyed_boundary | surveyed_point | town_seat | district_seat | none"
    )
    location_approximate: bool = Field(description="true: show as 位置示意 (indicative)")
    lon: float | None = Field(description="WGS-84; null when the park has no location")
    lat: float | None
    distance_km: float | None = Field(description="geodesic, to the `near` reference")
    area_km2_min: float | None
    area_km2_max: float | None
    area_kind: str | None = Field(description="what the stated area is (approved, planned …)")
    industries: str | None = Field(description="the park's industries as the sources state them")
    lead_firms: list[str] = Field(description="lead firms the sources name for the park")
    profile: dict | None = Field(
        description="curated display fields (level, host_town, industries), each {zh, en}"
    )
    area: AreaFacts = Field(description="the stated area with its kind, in km² and 亩")
    confidence: float = Field(
        description="0–1: the share of the park factors asked about (fit, area, level, distance; "
        "weighted by the points each can add) that rests on known facts"
    )
    unknowns: list[Unknown] = Field(description="facts this candidate's score could not use")
    reasons: list[Reason]
    failed: list[Reason] = Field(description="requirements this park is known to fail")


class ParkMember(ParkCandidateBase):
    member: str = Field(description="zone | component")


class ParkCandidate(ParkCandidateBase):
    rank: int
    land_id: str = Field(description="the zone whose land this candidate is (itself for a zone)")
    member: str = Field(description="zone | component: which member stands for the land")
    components: list[ParkMember] = Field(
        description="the other members of the same piece of land, with their own facts"
    )


class DistrictCandidate(BaseModel):
    rank: int
    adcode: str = Field(description="profile at /api/districts/{adcode}")
    name: str
    name_en: str
    plan_section: str = Field(description="the district's entry in the plan, e.g. 四、（五）")
    score: float
    distance_km: float | None = Field(description="geodesic, district boundary to reference")
    parks: list[str] = Field(description="ids of this district's parks in `parks`")
    reasons: list[Reason]


class Excluded(BaseModel):
    """A candidate known to fail a requirement, and why in plain words."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(description="park | district")
    id: str | None = Field(None, description="park id (kind=park)")
    adcode: str | None = Field(None, description="district adcode (kind=district)")
    name: str
    name_en: str | None
    district: str | None = None
    district_en: str | None = None
    zh: str = Field(examples=["核准面积 1.39 km²（约 2,085 亩）小于所需 3,000 亩"])
    en: str
    failed: list[Reason]


class NearestMiss(BaseModel):
    """What relaxing one requirement would bring (“放宽到 80 公里可得 3 个候选：…”)."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="relax_max_km | relax_area_mu | relax_level | relax_district")
    zh: str
    en: str
    parameter: str = Field(description="the requirement to relax")
    value: float | None = Field(description="the relaxed value (max_km, area_mu), if any")
    ids: list[str] = Field(description="the parks it would bring")


class SiteSelectionAnswer(BaseModel):
    query: dict = Field(description="the request as understood (area in 亩 and km², district)")
    matches: list[dict] = Field(description="plan vocabulary the industry term matched")
    suggestions: list[str] = Field(description="close plan names when nothing matched")
    reference: dict | None = Field(
        description="what distances are measured from, with `definition_zh`/`definition_en`"
    )
    understood_as: dict | None = Field(
        description="how the term was understood: a synonym, an English wording or a GB/T "
        "4754-2017 class, with the plan names it stands for (editorial links)"
    )
    weights: dict = Field(
        description="the weight table used (points by reason code, `table` with each weight's "
        "meaning, `doc`)"
    )
    notices: list[Notice] = Field(description="plan rules and caveats for the whole answer")
    districts: list[DistrictCandidate]
    parks: list[ParkCandidate]
    excluded: list[Excluded] = Field(description="candidates known to fail a requirement")
    nearest_misses: list[NearestMiss] = Field(
        description="what relaxing one requirement would bring, when candidates were excluded"
    )
