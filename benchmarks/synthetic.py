"""The benchmark's synthetic point layer: random points inside the eight districts, seeded so
every run gets the same ones. It lives in its own table, made and dropped by the benchmark,
and its layer file is written to a temporary folder — never to layers/."""

from __future__ import annotations

from pathlib import Path

import psycopg
import yaml

from app.db import roles

TABLE = "bench_synthetic_point"
LAYER_ID = "bench-synthetic-points"
SEED = 20230714  # the plan's date of issue
CATEGORIES = (
    "automotive",
    "electronics",
    "materials",
    "equipment",
    "consumer",
    "energy",
    "food",
    "medicine",
)

TABLE_DEFINITION = """
CREATE TABLE {table} (
    id integer PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL,
    district_adcode text NOT NULL,
    value integer NOT NULL,
    geom geometry(Point, 4326) NOT NULL
)"""
COMMENT = (
    "COMMENT ON TABLE {table} IS 'SYNTHETIC benchmark data made by benchmarks/"
    " (random points, not real places); dropped after the run.'"
)
# Points per district in proportion to its area; the last district takes the rounding rest.
FILL = """
WITH area AS (
    SELECT adcode, boundary, ST_Area(boundary::geography) AS m2,
           row_number() OVER (ORDER BY adcode) AS position
      FROM yuxi_district
), share AS (
    SELECT adcode, boundary, position, count(*) OVER () AS districts,
           floor(%(count)s * m2 / sum(m2) OVER ())::int AS n
      FROM area
), sized AS (
    SELECT adcode, boundary, position,
           CASE WHEN position = districts
                THEN %(count)s - (sum(n) OVER () - n)::int ELSE n END AS n
      FROM share
), points AS (
    SELECT adcode, position,
           (ST_Dump(ST_GeneratePoints(boundary, n, (%(seed)s + position)::int))).geom
      FROM sized
)
INSERT INTO {table} (id, name, category, district_adcode, value, geom)
SELECT n, 'synthetic ' || n, (%(categories)s::text[])[1 + n %% 8], adcode,
       ((n::bigint * 7919) %% 1000)::int, geom
  FROM (SELECT row_number() OVER (ORDER BY position, ST_X(geom), ST_Y(geom))::int AS n,
               adcode, geom
          FROM points) AS numbered
 -- on disk along a Z-order curve (geohash): the points of a tile share pages
 ORDER BY ST_GeoHash(geom, 8)
"""


def create(url: str, count: int, table: str = TABLE) -> int:
    """`count` seeded random points in `table` (a constant name, never input)."""
    with psycopg.connect(url) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(TABLE_DEFINITION.format(table=table))
        conn.execute(COMMENT.format(table=table))
        values = {"count": count, "seed": SEED, "categories": list(CATEGORIES)}
        conn.execute(FILL.replace("{table}", table), values)
        conn.execute(f"CREATE INDEX {table}_geom ON {table} USING gist (geom)")
        conn.commit()
        conn.autocommit = True
        conn.execute(f"ANALYZE {table}")
        count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    # A table made after migrate is readable by the serving roles only once granted.
    roles.apply_grants(url)
    return count


def drop(url: str, table: str = TABLE) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


LAYER = {
    "id": LAYER_ID,
    "order": 1000,
    "title": {"zh": "合成测试点（仅供基准测试）", "en": "Synthetic points (benchmark only)"},
    "description": {
        "zh": "基准测试生成的随机点，不是真实地点。",
        "en": "Random points made by the benchmark; not real places.",
    },
    "source": {"table": TABLE},
    "geometry": {"column": "geom", "type": "Point"},
    "id_column": "id",
    "default_sort": ["id"],
    "properties": [
        {"name": "id", "type": "integer", "label": {"zh": "编号", "en": "Id"}},
        {"name": "name", "type": "string", "label": {"zh": "名称", "en": "Name"}},
        {"name": "category", "type": "string", "label": {"zh": "类别", "en": "Category"}},
        {"name": "district_adcode", "type": "string", "label": {"zh": "区", "en": "District"}},
        {"name": "value", "type": "integer", "label": {"zh": "数值", "en": "Value"}},
    ],
    "attribution": {"zh": "合成数据", "en": "Synthetic data"},
    "licence": "Synthetic, no rights",
}


# Colours of the eight synthetic categories (ColorBrewer Set2 and Dark2), for the map.
CATEGORY_COLORS = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
CATEGORY_STYLE = {
    "kind": "categories",
    "property": "category",
    "categories": [
        {"value": c, "color": color, "label": {"zh": f"合成类别 {c}", "en": f"Synthetic {c}"}}
        for c, color in zip(CATEGORIES, CATEGORY_COLORS, strict=True)
    ],
    "legend": {"zh": "合成企业（测试数据）", "en": "Synthetic firms (test data)"},
}
# Overviews of a layer of many points, for the zooms below OVERVIEW_ZOOMS' end: at each tile
# zoom z one point per square of THIN_PIXELS tile units (of 4096: at the map's 512-pixel
# tiles THIN_PIXELS / 8 screen pixels), in a table of its own (`_z{z}`). Which point stands
# for its square is decided by a hash of its id (the lowest id would be the westernmost, the
# ids being numbered west to east, and the map would show a lattice). The
# squares form one grid over the whole Web Mercator plane at each zoom, so neighbouring tiles
# agree, and a square at z is exactly four at z + 1: a point drawn at z is drawn at every
# deeper zoom (zooming in only adds points), and from the last zoom on every point is drawn
# (tippecanoe thins the low zooms of a point layer the same way). Thinned once, here, not per
# tile request: a tile reads only the points it sends.
OVERVIEW_ZOOMS = range(5, 13)
THIN_PIXELS = 96  # 12 screen pixels
WORLD_METRES = 40075016.685578488  # Web Mercator's extent


def _cell(zoom: int) -> str:
    """The grid square (cx, cy) at `zoom` of a row's point, `m` in Web Mercator."""
    size = WORLD_METRES / 2**zoom * THIN_PIXELS / 4096
    half = WORLD_METRES / 2
    return f"floor((ST_X(m) + {half}) / {size}) AS cx, floor(({half} - ST_Y(m)) / {size}) AS cy"


def create_overviews(url: str, table: str) -> None:
    """The overview tables of `table` (OVERVIEW_ZOOMS), each made from the next deeper one,
    indexed and analysed."""
    drop_overviews(url, table)
    with psycopg.connect(url, autocommit=True) as conn:
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                " AND NOT attisdropped ORDER BY attnum",
                (table,),
            )
        ]
        listed = ", ".join(columns)
        deeper = table
        for zoom in reversed(OVERVIEW_ZOOMS):
            overview = f"{table}_z{zoom}"
            conn.execute(
                f"CREATE TABLE {overview} AS SELECT {listed} FROM ("
                f" SELECT DISTINCT ON (cx, cy) {listed} FROM ("
                f"  SELECT *, {_cell(zoom)}"
                f"  FROM (SELECT *, ST_Transform(geom, 3857) AS m FROM {deeper}) AS projected"
                f" ) AS cells ORDER BY cx, cy, hashint4(id), id) AS kept"
                # On disk along a Z-order curve (geohash): a tile's points share pages.
                f" ORDER BY ST_GeoHash(geom, 8)"
            )
            conn.execute(
                f"COMMENT ON TABLE {overview} IS 'SYNTHETIC: overview of {table} for tile zoom"
                f" {zoom}, one point per {THIN_PIXELS} of 4096 tile units'"
            )
            conn.execute(f"CREATE INDEX {overview}_geom ON {overview} USING gist (geom)")
            conn.execute(f"ANALYZE {overview}")
            deeper = overview
    roles.apply_grants(url)


def drop_overviews(url: str, table: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for zoom in range(0, 25):
            conn.execute(f"DROP TABLE IF EXISTS {table}_z{zoom}")


def overview_bands(table: str) -> list[dict]:
    """The layer file's `tiles.by_zoom` over the overview tables of create_overviews: each
    zoom below the last overview's end reads its own, already thinned; deeper, every point."""
    return [{"max_zoom": zoom, "table": f"{table}_z{zoom}"} for zoom in OVERVIEW_ZOOMS]


def enterprise_layer(table: str, layer_id: str, map_threshold: int) -> dict:
    """A synthetic register of firms as the map would draw it (styled, tiled above
    `map_threshold`, low zooms from the overview tables, overview_bands) — for tests and
    benchmarks only, and titled so."""
    bands = overview_bands(table)
    return layer_definition(
        table,
        layer_id,
        title={
            "zh": "合成企业（仅供测试与基准）",
            "en": "Synthetic firms (tests and benchmarks only)",
        },
        style=CATEGORY_STYLE,
        tiles={
            "min_zoom": 5,
            "max_zoom": 18,
            "by_zoom": bands,
            "map_threshold": map_threshold,
            # What the map needs of a point: its id (a click fetches its profile from the
            # OGC API) and the style's property; names would make each tile several times
            # larger.
            "properties": ["id", CATEGORY_STYLE["property"]],
        },
    )


def layer_definition(table: str, layer_id: str, **extra: object) -> dict:
    """The synthetic layer over another table (e.g. tests' smaller ones), with extra keys
    such as `tiles`."""
    return {**LAYER, "id": layer_id, "source": {"table": table}, **extra}


def layers_dir(shipped: Path, target: Path) -> Path:
    """The shipped layer files plus the synthetic layer, in `target`; its tiles at low zooms
    come from the overview tables (create_overviews must have made them)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in shipped.glob("*.yaml"):
        (target / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    layer = {**LAYER, "tiles": {"by_zoom": overview_bands(TABLE)}}
    (target / f"{LAYER_ID}.yaml").write_text(
        yaml.safe_dump(layer, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target
