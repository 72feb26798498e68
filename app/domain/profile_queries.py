"""SQL of the printable profiles: small SVG maps drawn by PostGIS, and the data provenance.

The SVGs are in degrees with longitude scaled by cos(latitude), so shapes keep their
proportions at Chongqing's latitude without a projection library; north is up (ST_AsSVG
writes -y). Each returns the path or point data and the viewBox that frames it.
"""

# $1 adcode. The district outline, and the located parks of that district as points.
DISTRICT_SVG = """
WITH d AS (
    SELECT boundary, cos(radians(ST_Y(ST_Centroid(boundary)))) AS k
      FROM district WHERE adcode = $1
), scaled AS (
    SELECT ST_Scale(boundary, k, 1) AS geom, k FROM d
)
SELECT ST_AsSVG(geom, 0, 5) AS outline,
       concat_ws(' ', ST_XMin(geom), -ST_YMax(geom), ST_XMax(geom) - ST_XMin(geom),
                 ST_YMax(geom) - ST_YMin(geom)) AS viewbox,
       greatest(ST_XMax(geom) - ST_XMin(geom), ST_YMax(geom) - ST_YMin(geom)) AS extent,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', p.id, 'name', p.name,
                      'x', ST_X(ST_PointOnSurface(COALESCE(p.boundary, p.location))) * k,
                      'y', -ST_Y(ST_PointOnSurface(COALESCE(p.boundary, p.location))),
                      'approximate', p.location_precision IN ('town_seat', 'district_seat'))
                      ORDER BY p.id)
             FROM park p
            WHERE p.district_adcode = $1 AND COALESCE(p.boundary, p.location) IS NOT NULL),
           '[]') AS parks
  FROM scaled
"""

PROVENANCE = """
SELECT dataset, title, source, source_url, licence, version, loaded_at::date AS loaded_on
  FROM provenance ORDER BY dataset
"""
