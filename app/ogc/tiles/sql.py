"""The SQL of the tiles: one statement per layer, prepared once per connection by asyncpg.

Its shape depends only on the layer; the tile (z, x, y) and the zoom's simplification and
thinning are bound parameters ($1–$5). The tile's envelope, widened by the buffer, is brought
into the storage CRS so that `&&` is answered by the layer's GiST index; PostgreSQL then
projects, clips and encodes (ST_AsMVTGeom, ST_AsMVT): Python sends the bytes it gets.
"""

from __future__ import annotations

from app.layers.catalog import Layer
from app.ogc.sql import column, from_clause, quote

# Web Mercator's extent: a tile at zoom z is this many metres wide / 2^z.
WORLD_METRES = 40075016.685578488
TEXT_TYPES = ("date", "datetime", "json")


def tile(layer: Layer, table: str | None = None) -> str:
    """$1 zoom, $2 column (x), $3 row (y), $4 simplification in tile pixels (0: none),
    $5 thinning cell in tile pixels (0: none). Returns the MVT (empty: no features).
    `table`: a zoom band's overview table (layer file, `tiles.by_zoom[].table`) read instead
    of the layer's source."""
    assert layer.geometry is not None
    settings = layer.tiles
    extent, buffer = settings.extent, settings.buffer
    geom = column(layer.geometry.column)
    envelope = "ST_TileEnvelope($1::int, $2::int, $3::int)"
    search = (
        f"ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => {buffer / extent}),"
        " 4326)"
    )
    metres_per_pixel = f"({WORLD_METRES} / (1::bigint << $1::int) / {extent})"
    projected = "ST_Transform(mvt_source, 3857)"
    shape = (
        f"CASE WHEN $4::float8 > 0 THEN ST_Simplify({projected}, $4::float8 * {metres_per_pixel},"
        f" true) ELSE {projected} END"
    )
    properties = layer.tile_properties
    names = ", ".join(quote(p.name) for p in properties)
    selected = ", ".join(
        f"{column(p.name)}{'::text' if p.type in TEXT_TYPES else ''} AS {quote(p.name)}"
        for p in properties
    )
    key = column(layer.id_column)
    source = f"{quote(table)} AS src" if table else from_clause(layer)
    # Thinning only in the statement of a table that some zoom band thins.
    thins = any(rule.thin_pixels for rule in settings.by_zoom if rule.table == table)
    # Two fences (OFFSET 0) keep PostgreSQL from folding the subqueries together: the index
    # scan is planned on its own (with ST_AsMVTGeom's cost in the same plan the planner
    # prefers a parallel sequential scan, to share that cost between processes), and
    # ST_AsMVTGeom, the costliest call per row, is made once per row, not again in every
    # clause that names mvt_geom.
    found = (
        f"SELECT {selected}{', ' if selected else ''}{key} AS mvt_key, {geom} AS mvt_source"
        f" FROM {source} WHERE {geom} && {search} OFFSET 0"
    )
    shaped = (
        f"SELECT {names}{', ' if names else ''}mvt_key,"
        f" ST_AsMVTGeom({shape}, {envelope}, {extent}, {buffer}, true) AS mvt_geom"
        f" FROM ({found}) AS found OFFSET 0"
    )
    kept = (
        f"SELECT {names}{', ' if names else ''}mvt_geom FROM ({shaped}) AS shaped"
        " WHERE mvt_geom IS NOT NULL AND $5::int >= 0"
    )
    if thins:
        # At most one feature per square of $5 pixels (the lowest key), for zooms at which a
        # layer of many points would otherwise send them all. NULLs are equal to DISTINCT ON,
        # so at a zoom without thinning the key alone decides: every feature stays.
        cell = "CASE WHEN $5::int > 0 THEN floor(ST_{axis}Min(mvt_geom) / $5::int) END"
        distinct = (
            f"{cell.format(axis='X')}, {cell.format(axis='Y')},"
            " CASE WHEN $5::int > 0 THEN NULL ELSE mvt_key END"
        )
        kept = (
            f"SELECT DISTINCT ON ({distinct}) {names}{', ' if names else ''}mvt_geom"
            f" FROM ({shaped}) AS shaped WHERE mvt_geom IS NOT NULL"
            f" ORDER BY {distinct}, mvt_key"
        )
    layer_name = layer.id.replace("'", "''")
    return (
        f"SELECT ST_AsMVT(features, '{layer_name}', {extent}, 'mvt_geom') FROM ({kept}) AS features"
    )
