"""SQL of the domain API, in one place. Each statement builds its JSON in PostgreSQL; the
service passes the text on without parsing it."""

DISTRICTS_GEOJSON = """
SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', COALESCE(json_agg(json_build_object(
        'type', 'Feature',
        'id', d.adcode,
        'geometry', ST_AsGeoJSON(d.boundary, 6)::json,
        'properties', to_jsonb(d) - 'boundary'
    ) ORDER BY d.plan_order), '[]'::json)
)::text
FROM yuxi_district d
"""

DATABASE_HEALTH = "SELECT postgis_lib_version(), (SELECT max(version_num) FROM alembic_version)"
