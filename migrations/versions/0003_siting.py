"""siting: precomputed reference distances, curated park display fields, available land

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Distances from every park and 渝西 district to 中心城区 and to 成都 are exact geodesics that do
not change between requests, so they are computed when parks or districts change (the
loader calls refresh_reference_distances(); a trigger recomputes an edited park) instead of
on every site-selection request. Parks gain the curated fields a profile shows (`profile`,
both languages), the kind of their stated area (`area_basis`), stated available land in 亩
and their lead firms; `notes` and `sources` stay the research record.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AREA_BASES = (
    "available", "approved", "planned", "managed", "occupied", "jurisdiction", "joint", "unstated",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "reference_distance",
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("feature", sa.Text(), nullable=False),
        sa.Column("feature_id", sa.Text(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.CheckConstraint("reference IN ('central_city', 'chengdu')",
                           name=op.f("ck_reference_distance_reference")),
        sa.CheckConstraint("feature IN ('park', 'district')",
                           name=op.f("ck_reference_distance_feature")),
        sa.PrimaryKeyConstraint("reference", "feature", "feature_id",
                                name=op.f("pk_reference_distance")),
    )  # fmt: skip
    op.add_column("park", sa.Column("area_basis", sa.Text(), nullable=True))
    op.add_column("park", sa.Column("available_land_mu", sa.Numeric(), nullable=True))
    op.add_column(
        "park",
        sa.Column("lead_firms", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
    )
    op.add_column("park", sa.Column("profile", postgresql.JSONB(), nullable=True))
    op.create_check_constraint(
        op.f("ck_park_area_basis"),
        "park",
        "area_basis IS NULL OR area_basis IN (" + ", ".join(f"'{b}'" for b in AREA_BASES) + ")",
    )
    op.create_check_constraint(
        op.f("ck_park_available_land_positive"),
        "park",
        "available_land_mu IS NULL OR available_land_mu > 0",
    )
    op.execute(
        """
        -- Exact geodesic distances (WGS-84 spheroid) to the two fixed references, for one park
        -- (park_id) or for everything (NULL).
        CREATE FUNCTION refresh_reference_distances(park_id text DEFAULT NULL) RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DELETE FROM reference_distance
             WHERE park_id IS NULL OR (feature = 'park' AND feature_id = park_id);
            WITH refs AS (
                SELECT 'central_city'::text AS reference,
                       (SELECT ST_Collect(part.geom) FROM district d, ST_Dump(d.boundary) AS part
                         WHERE d.central_city)::geography AS geog
                UNION ALL
                SELECT 'chengdu', (SELECT boundary FROM district WHERE adcode = '510100')::geography
            ),
            features AS (
                SELECT 'park'::text AS feature, p.id,
                       COALESCE(p.boundary, p.location)::geography AS geog
                  FROM park p
                 WHERE COALESCE(p.boundary, p.location) IS NOT NULL
                   AND (park_id IS NULL OR p.id = park_id)
                UNION ALL
                SELECT 'district', d.adcode, d.boundary::geography
                  FROM district d
                 WHERE d.kind = 'yuxi' AND park_id IS NULL
            )
            INSERT INTO reference_distance (reference, feature, feature_id, distance_m)
            SELECT r.reference, f.feature, f.id, ST_Distance(f.geog, r.geog, true)
              FROM features f CROSS JOIN refs r
             WHERE r.geog IS NOT NULL;
        $$;

        CREATE FUNCTION park_reference_distances() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            -- The loader refreshes everything once at its end.
            IF current_setting('im.bulk_load', true) = 'on' THEN
                RETURN NULL;
            END IF;
            IF TG_OP = 'DELETE' THEN
                DELETE FROM reference_distance WHERE feature = 'park' AND feature_id = OLD.id;
            ELSE
                PERFORM refresh_reference_distances(NEW.id);
            END IF;
            RETURN NULL;
        END;
        $$;

        CREATE TRIGGER park_reference_distances
            AFTER INSERT OR DELETE OR UPDATE OF location, boundary ON park
            FOR EACH ROW EXECUTE FUNCTION park_reference_distances();
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS park_reference_distances ON park")
    op.execute("DROP FUNCTION IF EXISTS park_reference_distances()")
    op.execute("DROP FUNCTION IF EXISTS refresh_reference_distances(text)")
    op.drop_constraint(op.f("ck_park_available_land_positive"), "park", type_="check")
    op.drop_constraint(op.f("ck_park_area_basis"), "park", type_="check")
    for column in ("profile", "lead_firms", "available_land_mu", "area_basis"):
        op.drop_column("park", column)
    op.drop_table("reference_distance")
