"""The industry map's schema. Alembic migrations (migrations/) create it; these classes mirror it.

The plan's own rules are constraints here, so no writer (loader, API, psql) can break them:
at most 2 leading and at most 4 specialty industries per district (四、空间布局).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MAX_LEADING_INDUSTRIES = 2
MAX_SPECIALTY_INDUSTRIES = 4

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def flag():
    """A boolean column that is false unless set."""
    return mapped_column(Boolean, default=False, server_default=false())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PlanDocument(Base):
    __tablename__ = "plan_document"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    period_start: Mapped[int] = mapped_column(SmallInteger)
    period_end: Mapped[int] = mapped_column(SmallInteger)
    attachment: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)


class Provenance(Base):
    """Where each dataset came from, under which licence, and what was done to it."""

    __tablename__ = "provenance"

    dataset: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(Text)
    crs: Mapped[str | None] = mapped_column(Text)
    transformations: Mapped[list[str]] = mapped_column(JSONB, default=list)
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class District(Base):
    """A district or county: one of the eight 渝西 districts, or a context area around them."""

    __tablename__ = "district"
    __table_args__ = (
        CheckConstraint("adcode ~ '^[0-9]{6}$'", name="adcode_format"),
        CheckConstraint("kind IN ('yuxi', 'context')", name="kind"),
        CheckConstraint("(kind = 'yuxi') = (plan_order IS NOT NULL)", name="plan_order_for_yuxi"),
        CheckConstraint("ST_IsValid(boundary)", name="boundary_valid"),
        Index("ix_district_boundary", "boundary", postgresql_using="gist"),
    )

    adcode: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    name_en: Mapped[str] = mapped_column(Text)
    province: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    central_city: Mapped[bool] = flag()
    plan_order: Mapped[int | None] = mapped_column(SmallInteger, unique=True)
    plan_section: Mapped[str | None] = mapped_column(Text)
    plan_text: Mapped[str | None] = mapped_column(Text)
    specialty_open_ended: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    boundary = mapped_column(
        Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=False
    )
    provenance: Mapped[str] = mapped_column(ForeignKey("provenance.dataset"))


class Cluster(Base):
    """One of the nine industry clusters of section 三."""

    __tablename__ = "cluster"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    name_en: Mapped[str] = mapped_column(Text)
    plan_order: Mapped[int] = mapped_column(SmallInteger, unique=True)
    plan_section: Mapped[str] = mapped_column(Text)
    key_products: Mapped[list[str]] = mapped_column(ARRAY(Text))


class Industry(Base):
    """An industry as section 四 names it for a district (leading or specialty)."""

    __tablename__ = "industry"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    name_en: Mapped[str] = mapped_column(Text)


class IndustryCluster(Base):
    """Which clusters an industry belongs to. The plan does not say; `basis` records who did."""

    __tablename__ = "industry_cluster"

    industry_id: Mapped[str] = mapped_column(
        ForeignKey("industry.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[str] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), primary_key=True
    )
    basis: Mapped[str] = mapped_column(Text, default="editorial")


class DistrictIndustry(Base):
    """A district's leading (优先发展) or specialty (特色发展) industry, in the plan's order."""

    __tablename__ = "district_industry"
    __table_args__ = (
        CheckConstraint("role IN ('leading', 'specialty')", name="role"),
        CheckConstraint(
            f"role <> 'leading' OR position BETWEEN 1 AND {MAX_LEADING_INDUSTRIES}",
            name="at_most_2_leading",
        ),
        CheckConstraint(
            f"role <> 'specialty' OR position BETWEEN 1 AND {MAX_SPECIALTY_INDUSTRIES}",
            name="at_most_4_specialty",
        ),
        UniqueConstraint("district_adcode", "industry_id"),
    )

    district_adcode: Mapped[str] = mapped_column(
        ForeignKey("district.adcode", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    industry_id: Mapped[str] = mapped_column(ForeignKey("industry.id"))
    segments_open_ended: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class FocusSegment(Base):
    """A focus segment (e.g. 动力电池) that the plan names inside a district's leading industry."""

    __tablename__ = "focus_segment"
    __table_args__ = (
        ForeignKeyConstraint(
            ["district_adcode", "role", "industry_position"],
            [
                "district_industry.district_adcode",
                "district_industry.role",
                "district_industry.position",
            ],
            ondelete="CASCADE",
            name="fk_focus_segment_district_industry",
        ),
        CheckConstraint("role = 'leading'", name="only_leading_has_segments"),
    )

    district_adcode: Mapped[str] = mapped_column(Text, primary_key=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True, default="leading")
    industry_position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)


class Indicator(Base):
    """A quantified target of the plan, at region, district, cluster, task or measure level."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint(
            "scope IN ('region', 'district', 'cluster', 'task', 'measure')", name="scope"
        ),
        CheckConstraint("comparator IN ('=', '>=', '≈')", name="comparator"),
        CheckConstraint(
            "(scope = 'district') = (district_adcode IS NOT NULL)", name="district_scope"
        ),
        CheckConstraint("(scope = 'cluster') = (cluster_id IS NOT NULL)", name="cluster_scope"),
    )

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    scope: Mapped[str] = mapped_column(Text)
    district_adcode: Mapped[str | None] = mapped_column(
        ForeignKey("district.adcode", ondelete="CASCADE")
    )
    cluster_id: Mapped[str | None] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    comparator: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Numeric)
    unit: Mapped[str] = mapped_column(Text)
    base_year: Mapped[int | None] = mapped_column(SmallInteger)
    target_year: Mapped[int | None] = mapped_column(SmallInteger)
    cumulative: Mapped[bool] = flag()
    plan_section: Mapped[str] = mapped_column(Text)
    plan_quote: Mapped[str] = mapped_column(Text)


class Park(Base):
    """An industrial park or zone. Its location may be only indicative: `location_precision`
    says what the point or polygon is, and only a surveyed one may be shown as exact."""

    __tablename__ = "park"
    __table_args__ = (
        CheckConstraint(
            "location_precision IN ('surveyed_boundary', 'surveyed_point', 'town_seat', "
            "'district_seat', 'none')",
            name="location_precision",
        ),
        CheckConstraint(
            "(location_precision = 'none') = (location IS NULL AND boundary IS NULL)",
            name="location_matches_precision",
        ),
        CheckConstraint(
            "(location_precision = 'surveyed_boundary') = (boundary IS NOT NULL)",
            name="boundary_is_surveyed",
        ),
        CheckConstraint("area_km2_min IS NULL OR area_km2_min > 0", name="area_positive"),
        CheckConstraint("area_km2_max IS NULL OR area_km2_max >= area_km2_min", name="area_range"),
        Index("ix_park_location", "location", postgresql_using="gist"),
        Index("ix_park_boundary", "boundary", postgresql_using="gist"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    name_en: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(Text)
    district_adcode: Mapped[str] = mapped_column(ForeignKey("district.adcode"))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("park.id", ondelete="SET NULL"))
    host_town: Mapped[str | None] = mapped_column(Text)
    location = mapped_column(Geometry("POINT", srid=4326, spatial_index=False))
    boundary = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False))
    location_precision: Mapped[str] = mapped_column(Text)
    area_km2_min: Mapped[Decimal | None] = mapped_column(Numeric)
    area_km2_max: Mapped[Decimal | None] = mapped_column(Numeric)
    area_kind: Mapped[str | None] = mapped_column(Text)
    industries: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text))
    notes: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(ForeignKey("provenance.dataset"))
    # Migration 0003 (site selection): the kind of the stated area (rules.AREA_KINDS), stated
    # available land, lead firms and the curated display fields of a profile (zh/en).
    area_basis: Mapped[str | None] = mapped_column(Text)
    available_land_mu: Mapped[Decimal | None] = mapped_column(Numeric)
    lead_firms: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    profile: Mapped[dict | None] = mapped_column(JSONB)


class ReferenceDistance(Base):
    """Exact geodesic distance from a park or 渝西 district to 中心城区 or 成都, kept current
    by refresh_reference_distances() (migration 0003)."""

    __tablename__ = "reference_distance"

    reference: Mapped[str] = mapped_column(Text, primary_key=True)
    feature: Mapped[str] = mapped_column(Text, primary_key=True)
    feature_id: Mapped[str] = mapped_column(Text, primary_key=True)
    distance_m: Mapped[float] = mapped_column(Float)


class Enterprise(Base):
    """A key firm or project (or a group the source names together), from cited sources.
    `geom` is never the plant: `location_precision` says whether it is a surveyed point, the
    town seat a source names, the firm's park or a point inside its district (位置示意)."""

    __tablename__ = "enterprise"
    __table_args__ = (
        CheckConstraint("kind IN ('single', 'group')", name="kind"),
        CheckConstraint("stage IN ('signed', 'under_construction', 'operating')", name="stage"),
        CheckConstraint(
            "location_precision IN ('surveyed_point', 'town_seat', 'park', 'district')",
            name="location_precision",
        ),
        CheckConstraint("mapping_basis IN ('editorial', 'source')", name="mapping_basis"),
        CheckConstraint("cardinality(sources) >= 1", name="has_source"),
        CheckConstraint("investment_yi IS NULL OR investment_yi > 0", name="investment_positive"),
        Index("ix_enterprise_geom", "geom", postgresql_using="gist"),
        Index("ix_enterprise_district_adcode", "district_adcode"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text, server_default="single")
    district_adcode: Mapped[str] = mapped_column(ForeignKey("district.adcode"))
    park_id: Mapped[str | None] = mapped_column(ForeignKey("park.id", ondelete="SET NULL"))
    park_text: Mapped[str | None] = mapped_column(Text)
    industry_chain: Mapped[str | None] = mapped_column(Text)
    cluster_ids: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    segment: Mapped[str | None] = mapped_column(Text)
    mapping_basis: Mapped[str] = mapped_column(Text, server_default="editorial")
    products: Mapped[str | None] = mapped_column(Text)
    status_text: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(Text)
    stage_events: Mapped[list] = mapped_column(JSONB, server_default="[]")
    signed_year: Mapped[int | None] = mapped_column(SmallInteger)
    construction_year: Mapped[int | None] = mapped_column(SmallInteger)
    operating_year: Mapped[int | None] = mapped_column(SmallInteger)
    investment_yi: Mapped[Decimal | None] = mapped_column(Numeric)
    geom = mapped_column(Geometry("POINT", srid=4326, spatial_index=False), nullable=False)
    location_precision: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text))
    notes: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str | None] = mapped_column(ForeignKey("provenance.dataset"))


class Chain(Base):
    """An industry chain: one per cluster of section 三 (geodata/chains/)."""

    __tablename__ = "chain"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    cluster_id: Mapped[str] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    plan_section: Mapped[str] = mapped_column(Text)


class ChainNode(Base):
    """A key system or product of a chain, in the plan's words, citing its section."""

    __tablename__ = "chain_node"
    __table_args__ = (
        CheckConstraint("tier BETWEEN 0 AND 9", name="tier"),
        UniqueConstraint("chain_id", "name"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    chain_id: Mapped[str] = mapped_column(ForeignKey("chain.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    group_id: Mapped[str] = mapped_column(Text)
    group_name: Mapped[str] = mapped_column(Text)
    group_name_en: Mapped[str] = mapped_column(Text)
    tier: Mapped[int] = mapped_column(SmallInteger)
    plan_section: Mapped[str] = mapped_column(Text)
    plan_quote: Mapped[str] = mapped_column(Text)


class ChainLink(Base):
    """`from_node` supplies `to_node`; `basis` says whether the plan states it or we do."""

    __tablename__ = "chain_link"
    __table_args__ = (
        CheckConstraint("basis IN ('plan', 'editorial')", name="basis"),
        CheckConstraint("from_node <> to_node", name="not_self"),
    )

    from_node: Mapped[str] = mapped_column(
        ForeignKey("chain_node.id", ondelete="CASCADE"), primary_key=True
    )
    to_node: Mapped[str] = mapped_column(
        ForeignKey("chain_node.id", ondelete="CASCADE"), primary_key=True
    )
    basis: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    note_en: Mapped[str] = mapped_column(Text)


class ChainEquivalence(Base):
    """An editorial link between a section 四 term and a chain node (≈, ⊃ or related)."""

    __tablename__ = "chain_equivalence"
    __table_args__ = (
        CheckConstraint("relation IN ('equivalent', 'broader', 'related')", name="relation"),
    )

    term: Mapped[str] = mapped_column(Text, primary_key=True)
    node_id: Mapped[str] = mapped_column(
        ForeignKey("chain_node.id", ondelete="CASCADE"), primary_key=True
    )
    relation: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    note_en: Mapped[str] = mapped_column(Text)
