"""SQL of the domain API, in one place. Each statement builds its JSON in PostgreSQL; the
service passes the text on without parsing it, except where Python must work on the rows
(matching, search), where statements return plain rows."""

_FEATURES = """
SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', COALESCE(json_agg(json_build_object(
        'type', 'Feature',
        'id', f.{id},
        'geometry', ST_AsGeoJSON(f.{geom}, 6)::json,
        'properties', to_jsonb(f) - '{geom}'
    ) ORDER BY {order}), '[]'::json)
)::text
FROM {source} f
"""

DISTRICTS_GEOJSON = _FEATURES.format(
    id="adcode", geom="boundary", order="f.plan_order", source="yuxi_district"
)
CONTEXT_AREAS_GEOJSON = _FEATURES.format(
    id="adcode", geom="boundary", order="f.adcode", source="context_area"
)
PARKS_GEOJSON = _FEATURES.format(
    id="id", geom="geom", order="f.district_adcode, f.id", source="park_feature"
)

DISTRICT_PROFILE = """
SELECT ((to_jsonb(d) - 'boundary') || jsonb_build_object(
    'plan_text', district.plan_text,
    'bbox', json_build_array(ST_XMin(d.boundary), ST_YMin(d.boundary),
                             ST_XMax(d.boundary), ST_YMax(d.boundary)),
    'parks', COALESCE((
        SELECT jsonb_agg(jsonb_build_object(
            'id', p.id, 'name', p.name, 'name_en', p.name_en, 'level', p.level,
            'parent_id', p.parent_id, 'host_town', p.host_town,
            'location_precision', p.location_precision,
            'location_approximate', p.location_approximate) ORDER BY p.id)
          FROM park_feature p WHERE p.district_adcode = d.adcode), '[]'::jsonb)
))::text
FROM yuxi_district d JOIN district ON district.adcode = d.adcode
WHERE d.adcode = $1
"""

PARK_PROFILE = """
SELECT ((to_jsonb(p) - 'geom' - 'sources') || jsonb_build_object(
    'geometry', ST_AsGeoJSON(p.geom, 6)::jsonb,
    'sources', to_jsonb(park.sources),
    -- curated display fields (migration 0003); notes and sources stay the research record
    'profile', park.profile, 'lead_firms', to_jsonb(park.lead_firms),
    'area_basis', park.area_basis, 'available_land_mu', park.available_land_mu,
    'children', COALESCE((
        SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name, 'name_en', c.name_en)
                         ORDER BY c.id)
          FROM park c WHERE c.parent_id = p.id), '[]'::jsonb)
))::text
FROM park_feature p JOIN park ON park.id = p.id
WHERE p.id = $1
"""

CLUSTERS = """
SELECT COALESCE(json_agg(json_build_object(
    'id', c.id, 'name', c.name, 'name_en', c.name_en, 'plan_order', c.plan_order,
    'plan_section', c.plan_section, 'revenue_target_2027', t.value,
    'plan_quote', t.plan_quote, 'key_products', c.key_products,
    'industries', COALESCE((
        SELECT json_agg(json_build_object('id', i.id, 'name', i.name, 'name_en', i.name_en)
                        ORDER BY i.id)
          FROM industry_cluster ic JOIN industry i ON i.id = ic.industry_id
         WHERE ic.cluster_id = c.id), '[]'::json),
    'districts', COALESCE((
        SELECT json_agg(json_build_object('adcode', x.adcode, 'name', x.name,
                                          'name_en', x.name_en, 'roles', x.roles)
                        ORDER BY x.plan_order)
          FROM (SELECT d.adcode, d.name, d.name_en, d.plan_order,
                       array_agg(DISTINCT r.role) AS roles
                  FROM district_role r JOIN district d ON d.adcode = r.district_adcode
                 WHERE c.id = ANY(r.cluster_ids)
                 GROUP BY d.adcode, d.name, d.name_en, d.plan_order) x), '[]'::json)
) ORDER BY c.plan_order), '[]'::json)::text
FROM cluster c JOIN indicator t ON t.cluster_id = c.id
"""

INDUSTRIES = """
SELECT COALESCE(json_agg(json_build_object(
    'id', i.id, 'name', i.name, 'name_en', i.name_en,
    'clusters', COALESCE((SELECT json_agg(ic.cluster_id ORDER BY ic.cluster_id)
                            FROM industry_cluster ic WHERE ic.industry_id = i.id), '[]'::json),
    'placements', COALESCE((
        SELECT json_agg(json_build_object(
                   'adcode', d.adcode, 'district', d.name, 'district_en', d.name_en,
                   'role', r.role, 'position', r.position, 'segments', r.segments,
                   'segments_open_ended', r.segments_open_ended)
                        ORDER BY d.plan_order, r.role, r.position)
          FROM district_role r JOIN district d ON d.adcode = r.district_adcode
         WHERE r.industry_id = i.id), '[]'::json)
) ORDER BY i.name), '[]'::json)::text
FROM industry i
"""

SEGMENTS = """
SELECT COALESCE(json_agg(x ORDER BY x.name), '[]'::json)::text FROM (
    SELECT s.name, min(s.name_en) AS name_en,
           json_agg(json_build_object(
               'adcode', d.adcode, 'district', d.name, 'district_en', d.name_en,
               'industry_id', r.industry_id, 'industry', r.name, 'industry_en', r.name_en)
               ORDER BY d.plan_order) AS placements
      FROM focus_segment s
      JOIN district d ON d.adcode = s.district_adcode
      JOIN district_role r ON r.district_adcode = s.district_adcode AND r.role = s.role
                          AND r.position = s.industry_position
     GROUP BY s.name) x
"""

INDICATORS = """
SELECT COALESCE(json_agg(json_build_object(
    'code', i.code, 'scope', i.scope, 'district_adcode', i.district_adcode,
    'district', d.name, 'cluster_id', i.cluster_id, 'cluster', c.name,
    'name', i.name, 'name_en', i.name_en, 'comparator', i.comparator, 'value', i.value,
    'unit', i.unit, 'base_year', i.base_year, 'target_year', i.target_year,
    'cumulative', i.cumulative, 'plan_section', i.plan_section, 'plan_quote', i.plan_quote)
    ORDER BY array_position(ARRAY['region', 'cluster', 'district', 'task', 'measure'], i.scope),
             c.plan_order, d.plan_order, i.plan_section, i.code), '[]'::json)::text
FROM indicator i
LEFT JOIN district d ON d.adcode = i.district_adcode
LEFT JOIN cluster c ON c.id = i.cluster_id
"""

PLAN_DOCUMENT = """
SELECT row_to_json(p)::text FROM (
    SELECT code, title, title_en, issuer, issued_on, period_start, period_end, attachment,
           (SELECT value FROM indicator WHERE code = 'revenue') AS region_revenue_target
      FROM plan_document) p
"""

# Rows for matching a free-text industry term against the plan's vocabulary.
VOCABULARY_ROLES = """
SELECT r.district_adcode, d.name AS district, d.name_en AS district_en, d.plan_order,
       r.role, r.position, r.industry_id, r.name AS industry, r.name_en AS industry_en,
       r.segment_names, r.cluster_ids
  FROM district_role r JOIN district d ON d.adcode = r.district_adcode
 ORDER BY d.plan_order, r.role, r.position
"""

VOCABULARY_CLUSTERS = """
SELECT c.id, c.name, c.name_en, c.plan_section, c.key_products FROM cluster c ORDER BY c.plan_order
"""

VOCABULARY_SEGMENTS = "SELECT DISTINCT name, name_en FROM focus_segment ORDER BY name"

PARKS_FOR_MATCHING = """
SELECT p.id, p.name, p.name_en, p.district_adcode, p.district, p.district_en, p.level,
       p.industries,
       p.location_precision, p.location_approximate
  FROM park_feature p ORDER BY p.district_adcode, p.id
"""

SEARCH_ENTRIES = """
SELECT 'district' AS type, adcode AS id, name, name_en, NULL AS district, kind AS detail
  FROM district
UNION ALL
SELECT 'park', id, name, name_en, district, location_precision FROM park_feature
UNION ALL
SELECT 'industry', id, name, name_en, NULL, NULL FROM industry
UNION ALL
SELECT 'cluster', id, name, name_en, NULL, NULL FROM cluster
UNION ALL
SELECT DISTINCT 'segment', name, name, name_en, NULL, NULL FROM focus_segment
"""

DATABASE_HEALTH = "SELECT postgis_lib_version(), (SELECT max(version_num) FROM alembic_version)"
