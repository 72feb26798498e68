"""The shape of a site-selection answer, for OpenAPI and for the front end's 选址 panel.
The domain (app.domain.siting) builds plain dicts; these models only document and check them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Reason(BaseModel):
    """One reason in plain words. Show `zh` by default and `en` on switch; `points` is what it
    adds to the score (0 for caveats and for plan reasons beyond the best one)."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(
        description="plan_segment | plan_leading | plan_specialty | plan_cluster | "
        "plan_key_product | plan_not_named | plan_rule_icnev_parts | park_mentions | "
        "park_keyword | park_no_fit | "
        "park_industries_unknown | area_fits | area_too_small | area_uncertain | area_unknown | "
        "level_national | level_bonded | level_municipal | level_district | level_unknown | "
        "distance | distance_unknown | location_town_seat | location_district_seat | "
        "location_none | location_surveyed_point | location_surveyed_boundary | "
        "component_of_zone | zone_with_components",
        examples=["plan_segment"],
    )
    zh: str = Field(examples=["璧山区把“动力电池”列为主导产业“智能网联新能源汽车零部件”的细分领域"])
    en: str = Field(examples=["Bishan District lists 动力电池 as a focus segment"])
    points: float = Field(description="points this reason adds to the candidate's score")
    source: str | None = Field(None, description="citation, e.g. 渝府〔2023〕13号 四、（五）")
    distance_km: float | None = Field(None, description="for code=distance")


class Notice(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str = Field(description="plan_rule_icnev_parts | no_match | max_km_needs_location")
    zh: str
    en: str
    source: str | None = None


class ParkCandidate(BaseModel):
    rank: int
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
    reasons: list[Reason]


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


class SiteSelectionAnswer(BaseModel):
    query: dict = Field(description="the request as understood (area in 亩 and km², district)")
    matches: list[dict] = Field(description="plan vocabulary the industry term matched")
    suggestions: list[str] = Field(description="close plan names when nothing matched")
    reference: dict | None = Field(
        description="what distances are measured from, with `definition_zh`/`definition_en`"
    )
    weights: dict = Field(description="the ScoringWeights used, with their documentation")
    notices: list[Notice] = Field(description="plan rules and caveats for the whole answer")
    districts: list[DistrictCandidate]
    parks: list[ParkCandidate]
