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
# Overviews of a layer of many points, for the low zooms: one point (the lowest id) per grid
# cell of this many degrees, in a table of its own; (cell, up to zoom, table suffix).
OVERVIEWS = ((0.02, 8, "_z8"), (0.004, 11, "_z11"))


def create_overviews(url: str, table: str) -> None:
    """The overview tables of `table` (OVERVIEWS), indexed and analysed."""
    with psycopg.connect(url, autocommit=True) as conn:
        for cell, _, suffix in OVERVIEWS:
            overview = table + suffix
            conn.execute(f"DROP TABLE IF EXISTS {overview}")
            conn.execute(
                f"CREATE TABLE {overview} AS SELECT DISTINCT ON (ST_SnapToGrid(geom, {cell}))"
                f" * FROM {table} ORDER BY ST_SnapToGrid(geom, {cell}), id"
            )
            conn.execute(
                f"COMMENT ON TABLE {overview} IS 'SYNTHETIC: overview of {table} for low zooms'"
            )
            conn.execute(f"CREATE INDEX {overview}_geom ON {overview} USING gist (geom)")
            conn.execute(f"ANALYZE {overview}")
    roles.apply_grants(url)


def drop_overviews(url: str, table: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for _, _, suffix in OVERVIEWS:
            conn.execute(f"DROP TABLE IF EXISTS {table + suffix}")


def overview_bands(table: str) -> list[dict]:
    """The layer file's `tiles.by_zoom` over the overview tables of create_overviews: low
    zooms read them, thinned to one point per 2×2 screen pixels of MapLibre's 512-pixel
    tiles (16 of the tile's 4096 units); from zoom 12 every point. At zooms 9–10 the 0.004°
    overview is one point per 2.5–5 screen pixels, a carpet of overlapping dots (14,568 drawn
    in a 1280×800 view) that costs bytes, decoding and drawing and shows no more than one
    per 8×8 pixels (64 units) does: they are thinned to that."""
    (_, low, low_table), (_, high, high_table) = OVERVIEWS
    return [
        {"max_zoom": low, "table": table + low_table, "thin_pixels": 16},
        {"max_zoom": high - 1, "table": table + high_table, "thin_pixels": 64},
        {"max_zoom": high, "table": table + high_table, "thin_pixels": 16},
    ]


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
