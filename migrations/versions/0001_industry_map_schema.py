"""industry map schema: plan, districts, clusters, industries, targets, parks, provenance

Revision ID: 0001
Revises:
Create Date: 2026-11-26 00:51:39.746567
"""

from collections.abc import Sequence

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "cluster",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("plan_order", sa.SmallInteger(), nullable=False),
        sa.Column("plan_section", sa.Text(), nullable=False),
        sa.Column("key_products", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster")),
        sa.UniqueConstraint("name", name=op.f("uq_cluster_name")),
        sa.UniqueConstraint("plan_order", name=op.f("uq_cluster_plan_order")),
    )
    op.create_table(
        "industry",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_industry")),
        sa.UniqueConstraint("name", name=op.f("uq_industry_name")),
    )
    op.create_table(
        "plan_document",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("issuer", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("period_start", sa.SmallInteger(), nullable=False),
        sa.Column("period_end", sa.SmallInteger(), nullable=False),
        sa.Column("attachment", sa.Text(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_plan_document")),
    )
    op.create_table(
        "provenance",
        sa.Column("dataset", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=True),
        sa.Column("crs", sa.Text(), nullable=True),
        sa.Column("transformations", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("dataset", name=op.f("pk_provenance")),
    )
    op.create_table(
        "district",
        sa.Column("adcode", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("province", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("central_city", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("plan_order", sa.SmallInteger(), nullable=True),
        sa.Column("plan_section", sa.Text(), nullable=True),
        sa.Column("plan_text", sa.Text(), nullable=True),
        sa.Column("specialty_open_ended", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "boundary",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'yuxi') = (plan_order IS NOT NULL)",
            name=op.f("ck_district_plan_order_for_yuxi"),
        ),
        sa.CheckConstraint("adcode ~ '^[0-9]{6}$'", name=op.f("ck_district_adcode_format")),
        sa.CheckConstraint("kind IN ('yuxi', 'context')", name=op.f("ck_district_kind")),
        sa.CheckConstraint("ST_IsValid(boundary)", name=op.f("ck_district_boundary_valid")),
        sa.ForeignKeyConstraint(
            ["provenance"], ["provenance.dataset"], name=op.f("fk_district_provenance_provenance")
        ),
        sa.PrimaryKeyConstraint("adcode", name=op.f("pk_district")),
        sa.UniqueConstraint("name", name=op.f("uq_district_name")),
        sa.UniqueConstraint("plan_order", name=op.f("uq_district_plan_order")),
    )
    op.create_index(
        "ix_district_boundary", "district", ["boundary"], unique=False, postgresql_using="gist"
    )
    op.create_table(
        "industry_cluster",
        sa.Column("industry_id", sa.Text(), nullable=False),
        sa.Column("cluster_id", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cluster.id"],
            name=op.f("fk_industry_cluster_cluster_id_cluster"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["industry_id"],
            ["industry.id"],
            name=op.f("fk_industry_cluster_industry_id_industry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("industry_id", "cluster_id", name=op.f("pk_industry_cluster")),
    )
    op.create_table(
        "district_industry",
        sa.Column("district_adcode", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("industry_id", sa.Text(), nullable=False),
        sa.Column("segments_open_ended", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "role <> 'leading' OR position BETWEEN 1 AND 2",
            name=op.f("ck_district_industry_at_most_2_leading"),
        ),
        sa.CheckConstraint(
            "role <> 'specialty' OR position BETWEEN 1 AND 4",
            name=op.f("ck_district_industry_at_most_4_specialty"),
        ),
        sa.CheckConstraint(
            "role IN ('leading', 'specialty')", name=op.f("ck_district_industry_role")
        ),
        sa.ForeignKeyConstraint(
            ["district_adcode"],
            ["district.adcode"],
            name=op.f("fk_district_industry_district_adcode_district"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["industry_id"], ["industry.id"], name=op.f("fk_district_industry_industry_id_industry")
        ),
        sa.PrimaryKeyConstraint(
            "district_adcode", "role", "position", name=op.f("pk_district_industry")
        ),
        sa.UniqueConstraint(
            "district_adcode",
            "industry_id",
            name=op.f("uq_district_industry_district_adcode_industry_id"),
        ),
    )
    op.create_table(
        "indicator",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("district_adcode", sa.Text(), nullable=True),
        sa.Column("cluster_id", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("comparator", sa.Text(), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("base_year", sa.SmallInteger(), nullable=True),
        sa.Column("target_year", sa.SmallInteger(), nullable=True),
        sa.Column("cumulative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("plan_section", sa.Text(), nullable=False),
        sa.Column("plan_quote", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(scope = 'cluster') = (cluster_id IS NOT NULL)",
            name=op.f("ck_indicator_cluster_scope"),
        ),
        sa.CheckConstraint(
            "(scope = 'district') = (district_adcode IS NOT NULL)",
            name=op.f("ck_indicator_district_scope"),
        ),
        sa.CheckConstraint("comparator IN ('=', '>=', '≈')", name=op.f("ck_indicator_comparator")),
        sa.CheckConstraint(
            "scope IN ('region', 'district', 'cluster', 'task', 'measure')",
            name=op.f("ck_indicator_scope"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cluster.id"],
            name=op.f("fk_indicator_cluster_id_cluster"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["district_adcode"],
            ["district.adcode"],
            name=op.f("fk_indicator_district_adcode_district"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_indicator")),
    )
    op.create_table(
        "park",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("level", sa.Text(), nullable=True),
        sa.Column("district_adcode", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Text(), nullable=True),
        sa.Column("host_town", sa.Text(), nullable=True),
        sa.Column(
            "location",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "boundary",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("location_precision", sa.Text(), nullable=False),
        sa.Column("area_km2_min", sa.Numeric(), nullable=True),
        sa.Column("area_km2_max", sa.Numeric(), nullable=True),
        sa.Column("area_kind", sa.Text(), nullable=True),
        sa.Column("industries", sa.Text(), nullable=True),
        sa.Column("sources", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(location_precision = 'none') = (location IS NULL AND boundary IS NULL)",
            name=op.f("ck_park_location_matches_precision"),
        ),
        sa.CheckConstraint(
            "(location_precision = 'surveyed_boundary') = (boundary IS NOT NULL)",
            name=op.f("ck_park_boundary_is_surveyed"),
        ),
        sa.CheckConstraint(
            "location_precision IN ('surveyed_boundary', 'surveyed_point', 'town_seat', "
            "'district_seat', 'none')",
            name=op.f("ck_park_location_precision"),
        ),
        sa.CheckConstraint(
            "area_km2_max IS NULL OR area_km2_max >= area_km2_min", name=op.f("ck_park_area_range")
        ),
        sa.CheckConstraint(
            "area_km2_min IS NULL OR area_km2_min > 0", name=op.f("ck_park_area_positive")
        ),
        sa.ForeignKeyConstraint(
            ["district_adcode"], ["district.adcode"], name=op.f("fk_park_district_adcode_district")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["park.id"], name=op.f("fk_park_parent_id_park"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["provenance"], ["provenance.dataset"], name=op.f("fk_park_provenance_provenance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_park")),
        sa.UniqueConstraint("name", name=op.f("uq_park_name")),
    )
    op.create_index("ix_park_boundary", "park", ["boundary"], unique=False, postgresql_using="gist")
    op.create_index("ix_park_location", "park", ["location"], unique=False, postgresql_using="gist")
    op.create_table(
        "focus_segment",
        sa.Column("district_adcode", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("industry_position", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "role = 'leading'", name=op.f("ck_focus_segment_only_leading_has_segments")
        ),
        sa.ForeignKeyConstraint(
            ["district_adcode", "role", "industry_position"],
            [
                "district_industry.district_adcode",
                "district_industry.role",
                "district_industry.position",
            ],
            name="fk_focus_segment_district_industry",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "district_adcode",
            "role",
            "industry_position",
            "position",
            name=op.f("pk_focus_segment"),
        ),
    )
    # The plan's rule (四、空间布局): at most 2 leading industries per district; the specialty
    # list is capped at 4. Positions are already bounded by CHECK constraints; this trigger
    # gives writers a clear message that cites the rule.
    op.execute(
        """
        CREATE FUNCTION district_industry_limits() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            max_allowed integer := CASE NEW.role WHEN 'leading' THEN 2 ELSE 4 END;
            existing integer;
        BEGIN
            SELECT count(*) INTO existing FROM district_industry
             WHERE district_adcode = NEW.district_adcode AND role = NEW.role
               AND (TG_OP = 'INSERT' OR (district_adcode, role, position)
                    <> (OLD.district_adcode, OLD.role, OLD.position));
            IF existing >= max_allowed THEN
                RAISE EXCEPTION 'district % already has % % industries; the plan allows at most %',
                    NEW.district_adcode, existing, NEW.role, max_allowed
                    USING ERRCODE = 'check_violation',
                          HINT = '渝府〔2023〕13号 四、空间布局: 每区确立不超过2个主导产业',
                          CONSTRAINT = 'district_industry_limits';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER district_industry_limits
            BEFORE INSERT OR UPDATE ON district_industry
            FOR EACH ROW EXECUTE FUNCTION district_industry_limits();
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS district_industry_limits ON district_industry")
    op.execute("DROP FUNCTION IF EXISTS district_industry_limits()")
    op.drop_table("focus_segment")
    op.drop_index("ix_park_location", table_name="park", postgresql_using="gist")
    op.drop_index("ix_park_boundary", table_name="park", postgresql_using="gist")
    op.drop_table("park")
    op.drop_table("indicator")
    op.drop_table("district_industry")
    op.drop_table("industry_cluster")
    op.drop_index("ix_district_boundary", table_name="district", postgresql_using="gist")
    op.drop_table("district")
    op.drop_table("provenance")
    op.drop_table("plan_document")
    op.drop_table("industry")
    op.drop_table("cluster")
