"""SQL of site selection, in one place.

Every statement takes the same four parameters: $1 the reference kind (`point`,
`central_city`, `chengdu` or NULL), $2/$3 the point's lon/lat (only for `point`), $4 the
distance limit in metres (NULL: no limit).

What "distance from" means (returned with each answer, see siting.REFERENCES):
- a point: geodesic distance from the park's location to that point;
- 中心城区: to the nearest point of the nine central-city districts (district.central_city);
- 成都: to the nearest point of the 成都市 boundary.
A park is measured from its surveyed boundary when it has one, else from its location point.
Distances are geodesic on the WGS-84 spheroid (PostGIS geography, ST_Distance/ST_DWithin with
use_spheroid = true), so they agree with pyproj.Geod to well under a metre.

The statements share the reference CTE by joining constant fragments (hence `noqa: S608`);
every value from a request goes in as a $n parameter.
"""

# `base` picks the reference geometry; `ref` adds its geography and `margin_deg`, the number of
# degrees that surely covers $4 metres in every direction: one degree of longitude is at least
# 111.32 km * cos(latitude) up to the highest latitude the search can reach, and a degree of
# latitude is longer than that. The indexed geometry prefilter (ST_DWithin in degrees, which
# the GiST indexes on park.location/park.boundary/district.boundary serve) therefore never drops
# a candidate, and the exact geodesic ST_DWithin on geography decides.
_REFERENCE = """
base AS MATERIALIZED (
    SELECT CASE $1::text
        WHEN 'point' THEN ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)
        WHEN 'central_city' THEN (SELECT ST_Collect(part.geom)
                                   FROM district d, ST_Dump(d.boundary) AS part
                                  WHERE d.central_city)
        WHEN 'chengdu' THEN (SELECT d.boundary FROM district d WHERE d.adcode = '510100')
    END AS geom
),
ref AS MATERIALIZED (
    SELECT geom, geom::geography AS geog,
           $4::float8 / (111320.0 * cos(radians(least(89.0,
               greatest(abs(ST_YMin(geom)), abs(ST_YMax(geom))) + $4::float8 / 110574.0))))
               AS margin_deg
      FROM base
)
"""

# Parks with what scoring needs. The KNN operator orders them nearest first (index-assisted on
# park.location); the ranking itself is done in Python (app.domain.siting).
PARKS = f"""
WITH {_REFERENCE}
SELECT p.id, p.name, p.name_en, p.level, p.district_adcode, d.name AS district,
       d.name_en AS district_en, d.plan_order, p.parent_id, parent.name AS parent_name,
       parent.name_en AS parent_name_en, parent.level AS parent_level, p.host_town,
       p.location_precision, p.area_km2_min::float8 AS area_km2_min,
       p.area_km2_max::float8 AS area_km2_max, p.area_kind, p.industries,
       p.sources, p.notes,
       ST_X(ST_PointOnSurface(g.geom)) AS lon, ST_Y(ST_PointOnSurface(g.geom)) AS lat,
       ST_AsGeoJSON(g.geom, 6) AS geometry,
       ST_Distance(g.geom::geography, ref.geog) AS distance_m
  FROM park p
  JOIN district d ON d.adcode = p.district_adcode
  LEFT JOIN park parent ON parent.id = p.parent_id
 CROSS JOIN ref
 CROSS JOIN LATERAL (SELECT COALESCE(p.boundary, p.location) AS geom) g
 WHERE $4::float8 IS NULL
    OR ((ST_DWithin(p.location, ref.geom, ref.margin_deg)
         OR ST_DWithin(p.boundary, ref.geom, ref.margin_deg))
        AND ST_DWithin(g.geom::geography, ref.geog, $4::float8))
 ORDER BY p.location <-> ref.geom, p.id
"""  # noqa: S608

# The eight 渝西 districts, measured from their boundary (0 when the reference touches it).
# All eight come back, because a district's plan entry explains its parks even when only part
# of it lies within the limit; `within` says whether the district itself is inside max_km.
DISTRICTS = f"""
WITH {_REFERENCE}
SELECT d.adcode, d.name, d.name_en, d.plan_order, d.plan_section,
       ST_Distance(d.boundary::geography, ref.geog) AS distance_m,
       ($4::float8 IS NULL
        OR ST_DWithin(d.boundary::geography, ref.geog, $4::float8)) AS within
  FROM district d CROSS JOIN ref
 WHERE d.kind = 'yuxi'
 ORDER BY d.plan_order
"""  # noqa: S608

# Outlines for maps of a result: the candidate districts and the reference area, simplified
# (about 100 m) because they are drawn at district scale.
OUTLINES = f"""
WITH {_REFERENCE}
SELECT 'district' AS kind, d.adcode AS id, d.name, d.name_en,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(d.boundary, 0.001), 5) AS geometry
  FROM district d
 WHERE d.adcode = ANY($5::text[])
UNION ALL
SELECT 'reference', $1::text, NULL, NULL,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(ref.geom, 0.001), 5)
  FROM ref
 WHERE ref.geom IS NOT NULL
"""  # noqa: S608
