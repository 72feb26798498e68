"""SQL of site selection, in one place.

Parameters: $1 the reference kind (`point`, `central_city`, `chengdu` or NULL), $2/$3 the
point's lon/lat (only for `point`).

What "distance from" means (returned with each answer, see request.REFERENCES):
- a point: geodesic distance from the park's location to that point;
- 中心城区: to the nearest point of the nine central-city districts (district.central_city);
- 成都: to the nearest point of the 成都市 boundary.
A park is measured from its surveyed boundary when it has one, else from its location point.
Distances are geodesic on the WGS-84 spheroid (PostGIS geography). Distances to 中心城区 and
成都 do not change between requests: they are computed exactly once, when parks or districts
are loaded or edited (migration 0003's refresh_reference_distances and its park trigger), and
read from reference_distance here; a chosen point is measured per request (a point-to-point
or point-to-polygon distance, fast). Every value from a request is a $n parameter.
"""

# Parks with what scoring needs; all of them: the ranking itself, the hard requirements and
# the excluded list are worked out in Python (ranking.py).
PARKS = """
SELECT p.id, p.name, p.name_en, p.level, p.district_adcode, d.name AS district,
       d.name_en AS district_en, d.plan_order, p.parent_id, parent.name AS parent_name,
       parent.name_en AS parent_name_en, parent.level AS parent_level, p.host_town,
       p.location_precision, p.area_km2_min::float8 AS area_km2_min,
       p.area_km2_max::float8 AS area_km2_max, p.area_kind, p.area_basis,
       p.available_land_mu::float8 AS available_mu, p.lead_firms, p.industries, p.profile,
       -- what the park's fit is judged on: the stated industries and the curated summary
       NULLIF(concat_ws('；', p.industries, p.profile -> 'industries' ->> 'zh'), '')
           AS industries_text,
       ST_X(ST_PointOnSurface(g.geom)) AS lon, ST_Y(ST_PointOnSurface(g.geom)) AS lat,
       CASE WHEN $1::text = 'point'
            THEN ST_Distance(g.geom::geography,
                             ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography)
            ELSE rd.distance_m END AS distance_m
  FROM park p
  JOIN district d ON d.adcode = p.district_adcode
  LEFT JOIN park parent ON parent.id = p.parent_id
  LEFT JOIN reference_distance rd
         ON rd.reference = $1::text AND rd.feature = 'park' AND rd.feature_id = p.id
 CROSS JOIN LATERAL (SELECT COALESCE(p.boundary, p.location) AS geom) g
 ORDER BY p.id
"""

# The eight 渝西 districts, measured from their boundary (0 when the reference touches it).
DISTRICTS = """
SELECT d.adcode, d.name, d.name_en, d.plan_order, d.plan_section,
       CASE WHEN $1::text = 'point'
            THEN ST_Distance(d.boundary::geography,
                             ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography)
            ELSE rd.distance_m END AS distance_m
  FROM district d
  LEFT JOIN reference_distance rd
         ON rd.reference = $1::text AND rd.feature = 'district' AND rd.feature_id = d.adcode
 WHERE d.kind = 'yuxi'
 ORDER BY d.plan_order
"""

# Outlines for maps of a result: the candidate districts and the reference area, simplified
# (about 100 m) because they are drawn at district scale. $4: the districts' adcodes.
OUTLINES = """
WITH ref AS (
    SELECT CASE $1::text
        WHEN 'point' THEN ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)
        WHEN 'central_city' THEN (SELECT ST_Collect(part.geom)
                                   FROM district d, ST_Dump(d.boundary) AS part
                                  WHERE d.central_city)
        WHEN 'chengdu' THEN (SELECT d.boundary FROM district d WHERE d.adcode = '510100')
    END AS geom
)
SELECT 'district' AS kind, d.adcode AS id, d.name, d.name_en,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(d.boundary, 0.001), 5) AS geometry,
       ST_X(ST_PointOnSurface(d.boundary)) AS label_lon,
       ST_Y(ST_PointOnSurface(d.boundary)) AS label_lat
  FROM district d
 WHERE d.adcode = ANY($4::text[])
UNION ALL
SELECT 'reference', $1::text, NULL, NULL,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(ref.geom, 0.001), 5), NULL, NULL
  FROM ref
 WHERE ref.geom IS NOT NULL
"""
