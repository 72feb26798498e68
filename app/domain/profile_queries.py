"""SQL of the printable profiles: small SVG maps drawn by PostGIS, and the data provenance.

The SVGs are in degrees with longitude scaled by cos(latitude), so shapes keep their
proportions at Chongqing's latitude without a projection library; north is up (ST_AsSVG
writes -y). Each returns the path or point data and the viewBox that frames it.
"""

# $1 adcode. The district outline in a frame that reaches to the nearest part of the central
# city (中心城区), the neighbouring districts and the central city clipped to that frame, and
# the located parks of that district as points. One unit of the SVG is one degree of latitude.
DISTRICT_SVG = """
WITH d AS (
    SELECT boundary, cos(radians(ST_Y(ST_Centroid(boundary)))) AS k
      FROM district WHERE adcode = $1
), central AS (
    SELECT ST_Union(boundary) AS geom FROM district WHERE central_city
), frame AS (
    SELECT ST_Expand(ST_Envelope(ST_Collect(d.boundary,
                                            ST_ClosestPoint(central.geom, d.boundary))), 0.12)
           AS box
      FROM d, central
), scaled AS (
    SELECT ST_Scale(d.boundary, d.k, 1) AS geom, ST_Scale(frame.box, d.k, 1) AS box, d.k
      FROM d, frame
)
SELECT ST_AsSVG(geom, 0, 5) AS outline,
       concat_ws(' ', ST_XMin(box), -ST_YMax(box), ST_XMax(box) - ST_XMin(box),
                 ST_YMax(box) - ST_YMin(box)) AS viewbox,
       ST_XMin(box) AS x0, -ST_YMin(box) AS y1, ST_XMax(box) - ST_XMin(box) AS width,
       greatest(ST_XMax(box) - ST_XMin(box), ST_YMax(box) - ST_YMin(box)) AS extent,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'name', n.name, 'yuxi', n.kind = 'yuxi',
                      'path', ST_AsSVG(ST_Scale(ST_Intersection(n.boundary, f.box), k, 1), 0, 5),
                      'x', ST_X(ST_PointOnSurface(ST_Intersection(n.boundary, f.box))) * k,
                      'y', -ST_Y(ST_PointOnSurface(ST_Intersection(n.boundary, f.box))))
                      ORDER BY n.adcode)
             FROM district n, frame f
            WHERE n.adcode <> $1 AND NOT n.central_city AND n.boundary && f.box
              AND ST_Intersects(n.boundary, f.box)), '[]') AS neighbours,
       (SELECT json_build_object(
                   'path', ST_AsSVG(ST_Scale(ST_Intersection(c.geom, f.box), k, 1), 0, 5),
                   'x', ST_X(ST_PointOnSurface(ST_Intersection(c.geom, f.box))) * k,
                   'y', -ST_Y(ST_PointOnSurface(ST_Intersection(c.geom, f.box))))
          FROM central c, frame f WHERE ST_Intersects(c.geom, f.box)) AS central,
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
