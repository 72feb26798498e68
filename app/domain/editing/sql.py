"""The SQL of writing a layer's records, built from its `writable` declaration.

Identifiers come from the validated catalog (or, for the columns of a snapshot, from the table's
own row) and are quoted; values are always bound. A record travels as a snapshot: the table row
as JSON with its geometry columns as GeoJSON — what history stores, what restore writes back,
and what every write (create, replace, update, import) finally writes, through one upsert.
"""

from __future__ import annotations

from app.layers.catalog import Writable


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def geometry_columns(writable: Writable) -> list[str]:
    g = writable.geometry
    return [c for c in (g.point, g.polygon) if c] if g else []


def _snapshot_expression(writable: Writable) -> str:
    members = ", ".join(
        f"'{column}', ST_AsGeoJSON(t.{quote(column)})::jsonb"
        for column in geometry_columns(writable)
    )
    extra = f" || jsonb_build_object({members})" if members else ""
    return f"(to_jsonb(t){extra})::text"


def snapshot(writable: Writable, *, lock: bool) -> str:
    """The record as a snapshot, and its version (a digest of the whole row: the ETag)."""
    return (
        f"SELECT {_snapshot_expression(writable)} AS snapshot, md5(t::text) AS version"
        f" FROM {quote(writable.table)} AS t WHERE t.{quote(writable.key)} = $1::text"
        + (" FOR UPDATE" if lock else "")
    )


def referencing(writable: Writable, column: str) -> str:
    """Records whose `column` points at $1 (a parent about to be deleted)."""
    return (
        f"SELECT t.{quote(writable.key)} AS id, {_snapshot_expression(writable)} AS snapshot"
        f" FROM {quote(writable.table)} AS t WHERE t.{quote(column)} = $1::text FOR UPDATE"
    )


def upsert(writable: Writable, columns: list[str]) -> str:
    """Write a snapshot ($1, JSON text) as the record: inserted, or replacing it whole."""
    geometry = geometry_columns(writable)
    g = writable.geometry
    plain = [c for c in columns if c not in geometry]
    stripped = "$1::text::jsonb" + "".join(f" - '{c}'" for c in geometry)
    selected = [f"r.{quote(c)}" for c in plain]
    for column in geometry:
        shape = f"ST_SetSRID(ST_GeomFromGeoJSON($1::text::jsonb ->> '{column}'), 4326)"
        selected.append(f"ST_Multi({shape})" if g and column == g.polygon else shape)
    targets = [quote(c) for c in plain + geometry]
    return (
        f"INSERT INTO {quote(writable.table)} ({', '.join(targets)})"
        f" SELECT {', '.join(selected)}"
        f" FROM jsonb_populate_record(NULL::{quote(writable.table)}, {stripped}) AS r"
        f" ON CONFLICT ({quote(writable.key)}) DO UPDATE SET ({', '.join(targets)})"
        f" = ROW({', '.join('EXCLUDED.' + t for t in targets)})"
    )


def delete(writable: Writable) -> str:
    return f"DELETE FROM {quote(writable.table)} WHERE {quote(writable.key)} = $1::text"


def exists(writable: Writable) -> str:
    return (
        f"SELECT EXISTS (SELECT 1 FROM {quote(writable.table)}"
        f" WHERE {quote(writable.key)} = $1::text)"
    )


YUXI_DISTRICT = "SELECT EXISTS (SELECT 1 FROM district WHERE adcode = $1::text AND kind = 'yuxi')"

# A written geometry, parsed and moved from its CRS ($2; axes flipped first when that CRS is
# lat-first: $3) to WGS-84. Validity first: the checks below need a valid geometry.
GEOMETRY_PARSE = """
SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_AsGeoJSON(g, 9) AS geojson
  FROM (SELECT ST_Transform(CASE WHEN $3::boolean THEN ST_FlipCoordinates(g) ELSE g END, 4326) AS g
          FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), $2::integer) AS g) AS parsed
       ) AS wgs84
"""

# A valid WGS-84 geometry ($1) checked: a vertex counts as inside 渝西 when it lies in one of the
# eight districts or within $2 metres of one (the documented tolerance); $3 is the district the
# record names, which must hold (within the tolerance) a point on the geometry's surface; $4 is
# the record's current geometry, to tell one sent back as it was read from a new one.
GEOMETRY_CHECK = """
WITH w AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g),
yuxi AS (SELECT adcode, boundary FROM district WHERE kind = 'yuxi')
SELECT ST_AsGeoJSON(ST_PointOnSurface(w.g), 9) AS point,
       (SELECT count(*) FROM ST_DumpPoints(w.g) AS v
         WHERE NOT EXISTS (SELECT 1 FROM yuxi
                            WHERE ST_Intersects(yuxi.boundary, v.geom)
                               OR ST_DWithin(yuxi.boundary::geography, v.geom::geography,
                                             $2::float8))) AS outside,
       $3::text IS NULL OR EXISTS (
           SELECT 1 FROM yuxi WHERE yuxi.adcode = $3::text
              AND (ST_Intersects(yuxi.boundary, ST_PointOnSurface(w.g))
                   OR ST_DWithin(yuxi.boundary::geography, ST_PointOnSurface(w.g)::geography,
                                 $2::float8))) AS in_district,
       $4::text IS NOT NULL AND ST_Equals(
           ST_SnapToGrid(w.g, 1e-8),
           ST_SnapToGrid(ST_SetSRID(ST_GeomFromGeoJSON($4::text), 4326), 1e-8)) AS unchanged
  FROM w
"""
