"""enterprises: the sourced key firms and projects, and their published shape

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01

One row per firm or project (or per group the source names together), geometry `geom`
(EPSG:4326) with `location_precision` saying what the point is. Only a surveyed point is the
firm's own location; every other point is the town seat the source names, the firm's park or
its district (位置示意).
"""

from collections.abc import Sequence

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0003"  # re-chained after 0003 (issue 8) at merge
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enterprise",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), server_default="single", nullable=False),
        sa.Column("district_adcode", sa.Text(), nullable=False),
        sa.Column("park_id", sa.Text(), nullable=True),
        sa.Column("park_text", sa.Text(), nullable=True),
        sa.Column("industry_chain", sa.Text(), nullable=True),
        sa.Column(
            "cluster_ids", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("segment", sa.Text(), nullable=True),
        sa.Column("mapping_basis", sa.Text(), server_default="editorial", nullable=False),
        sa.Column("products", sa.Text(), nullable=True),
        sa.Column("status_text", sa.Text(), nullable=True),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column(
            "stage_events", postgresql.JSONB(), server_default="[]", nullable=False
        ),
        sa.Column("signed_year", sa.SmallInteger(), nullable=True),
        sa.Column("construction_year", sa.SmallInteger(), nullable=True),
        sa.Column("operating_year", sa.SmallInteger(), nullable=True),
        sa.Column("investment_yi", sa.Numeric(), nullable=True),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(geometry_type="POINT", srid=4326, spatial_index=False),
            nullable=False,
        ),
        sa.Column("location_precision", sa.Text(), nullable=False),
        sa.Column("sources", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('single', 'group')", name=op.f("ck_enterprise_kind")),
        sa.CheckConstraint(
            "stage IN ('signed', 'under_construction', 'operating')",
            name=op.f("ck_enterprise_stage"),
        ),
        sa.CheckConstraint(
            "location_precision IN ('surveyed_point', 'town_seat', 'park', 'district')",
            name=op.f("ck_enterprise_location_precision"),
        ),
        sa.CheckConstraint(
            "mapping_basis IN ('editorial', 'source')", name=op.f("ck_enterprise_mapping_basis")
        ),
        sa.CheckConstraint(
            "cardinality(sources) >= 1", name=op.f("ck_enterprise_has_source")
        ),
        sa.CheckConstraint(
            "investment_yi IS NULL OR investment_yi > 0",
            name=op.f("ck_enterprise_investment_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["district_adcode"], ["district.adcode"],
            name=op.f("fk_enterprise_district_adcode_district"),
        ),
        sa.ForeignKeyConstraint(
            ["park_id"], ["park.id"], name=op.f("fk_enterprise_park_id_park"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["provenance"], ["provenance.dataset"],
            name=op.f("fk_enterprise_provenance_provenance"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise")),
    )  # fmt: skip
    op.create_index("ix_enterprise_geom", "enterprise", ["geom"], postgresql_using="gist")
    op.create_index("ix_enterprise_district_adcode", "enterprise", ["district_adcode"])
    op.execute(
        """
        CREATE VIEW enterprise_feature AS
        SELECT e.id, e.name, e.kind, e.district_adcode, d.name AS district,
               d.name_en AS district_en, e.park_id, p.name AS park, e.park_text,
               e.industry_chain, array_to_string(e.cluster_ids, ',') AS cluster_ids,
               e.segment, e.mapping_basis, e.products, e.status_text, e.stage,
               e.signed_year, e.construction_year, e.operating_year, e.investment_yi,
               e.location_precision,
               e.location_precision <> 'surveyed_point' AS location_approximate,
               array_to_string(e.sources, ' | ') AS sources,
               cardinality(e.sources) AS source_count, e.notes, e.geom
          FROM enterprise e
          JOIN district d ON d.adcode = e.district_adcode
          LEFT JOIN park p ON p.id = e.park_id;
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS enterprise_feature")
    op.drop_index("ix_enterprise_district_adcode", table_name="enterprise")
    op.drop_index("ix_enterprise_geom", table_name="enterprise", postgresql_using="gist")
    op.drop_table("enterprise")
