"""map views: the published shapes of districts, context areas and parks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The layers in layers/ read these views, so the API and the map share one definition of what a
district or park feature is. Properties come both nested (JSON, for rich clients) and flat
(text joined with 、, for CSV, filters and QGIS).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE VIEW district_role AS
        SELECT di.district_adcode, di.role, di.position, i.id AS industry_id, i.name, i.name_en,
               di.segments_open_ended,
               COALESCE((SELECT json_agg(json_build_object('name', s.name, 'name_en', s.name_en)
                                         ORDER BY s.position)
                           FROM focus_segment s
                          WHERE s.district_adcode = di.district_adcode AND s.role = di.role
                            AND s.industry_position = di.position), '[]') AS segments,
               COALESCE((SELECT array_agg(s.name ORDER BY s.position)
                           FROM focus_segment s
                          WHERE s.district_adcode = di.district_adcode AND s.role = di.role
                            AND s.industry_position = di.position), '{}') AS segment_names,
               COALESCE((SELECT array_agg(ic.cluster_id ORDER BY c.plan_order)
                           FROM industry_cluster ic JOIN cluster c ON c.id = ic.cluster_id
                          WHERE ic.industry_id = i.id), '{}') AS cluster_ids
          FROM district_industry di
          JOIN industry i ON i.id = di.industry_id;

        CREATE VIEW yuxi_district AS
        SELECT d.adcode, d.name, d.name_en, d.plan_order, d.plan_section,
               target.value AS revenue_target_2027,
               round(100 * target.value / region.value, 2) AS revenue_share_pct,
               (SELECT json_agg(json_build_object(
                          'id', r.industry_id, 'name', r.name, 'name_en', r.name_en,
                          'segments', r.segments, 'segments_open_ended', r.segments_open_ended,
                          'clusters', r.cluster_ids) ORDER BY r.position)
                  FROM district_role r
                 WHERE r.district_adcode = d.adcode AND r.role = 'leading') AS leading_industries,
               (SELECT json_agg(json_build_object(
                          'id', r.industry_id, 'name', r.name, 'name_en', r.name_en,
                          'clusters', r.cluster_ids) ORDER BY r.position)
                  FROM district_role r
                 WHERE r.district_adcode = d.adcode AND r.role = 'specialty')
                 AS specialty_industries,
               d.specialty_open_ended,
               (SELECT string_agg(r.name, '、' ORDER BY r.position) FROM district_role r
                 WHERE r.district_adcode = d.adcode AND r.role = 'leading') AS leading_text,
               (SELECT string_agg(s, '、' ORDER BY r.position)
                  FROM district_role r, unnest(r.segment_names) AS s
                 WHERE r.district_adcode = d.adcode AND r.role = 'leading') AS segments_text,
               (SELECT string_agg(r.name, '、' ORDER BY r.position) FROM district_role r
                 WHERE r.district_adcode = d.adcode AND r.role = 'specialty') AS specialty_text,
               (SELECT count(*) FROM park p WHERE p.district_adcode = d.adcode)::int AS park_count,
               d.boundary
          FROM district d
          JOIN indicator target ON target.district_adcode = d.adcode AND target.scope = 'district'
          CROSS JOIN (SELECT value FROM indicator WHERE code = 'revenue') AS region
         WHERE d.kind = 'yuxi';

        CREATE VIEW context_area AS
        SELECT d.adcode, d.name, d.name_en, d.province, d.central_city, d.boundary
          FROM district d
         WHERE d.kind = 'context';

        CREATE VIEW park_feature AS
        SELECT p.id, p.name, p.name_en, p.level, p.district_adcode, d.name AS district,
               d.name_en AS district_en, p.parent_id, parent.name AS parent_name, p.host_town,
               p.location_precision,
               p.location_precision IN ('town_seat', 'district_seat') AS location_approximate,
               p.area_km2_min, p.area_km2_max, p.area_kind, p.industries,
               array_to_string(p.sources, ' | ') AS sources, p.notes,
               COALESCE(p.boundary, p.location) AS geom
          FROM park p
          JOIN district d ON d.adcode = p.district_adcode
          LEFT JOIN park parent ON parent.id = p.parent_id;
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS park_feature, context_area, yuxi_district, district_role")
