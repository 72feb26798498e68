"""OGC API – Tiles: MVT tiles decoded hold exactly the features PostGIS says intersect the tile
(with its buffer), with their properties; per-zoom thinning; TileJSON 3.0 against its schema;
the tilesets documents; ETag/304, 204 and bad coordinates."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import mapbox_vector_tile
import morecantile
import psycopg
import pytest
import yaml

from app.config import APISettings
from benchmarks import synthetic

MVT = "application/vnd.mapbox-vector-tile"
TABLE = "test_synthetic_tile_point"  # SYNTHETIC test data, its own table
POINTS = "test-synthetic-points"
THINNED = "test-synthetic-thinned"
OVERVIEWED = "test-synthetic-overviewed"
WMQ = morecantile.tms.get("WebMercatorQuad")
BISHAN = (106.22, 29.59)  # in 璧山区
TILE_PROPERTIES = ["id", "name", "category", "value"]

# TileJSON 3.0.0's required members and their types, written from the specification
# (https://github.com/mapbox/tilejson-spec/blob/master/3.0.0/README.md).
TILEJSON_SCHEMA = {
    "type": "object",
    "required": ["tilejson", "tiles", "vector_layers"],
    "properties": {
        "tilejson": {"type": "string", "pattern": r"^3\.0\.\d+$"},
        "tiles": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "vector_layers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "fields"],
                "properties": {
                    "id": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                    "minzoom": {"type": "integer", "minimum": 0, "maximum": 30},
                    "maxzoom": {"type": "integer", "minimum": 0, "maximum": 30},
                },
            },
        },
        "attribution": {"type": "string"},
        "bounds": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        "center": {"type": "array", "items": {"type": "number"}, "minItems": 3, "maxItems": 3},
        "minzoom": {"type": "integer", "minimum": 0, "maximum": 30},
        "maxzoom": {"type": "integer", "minimum": 0, "maximum": 30},
        "scheme": {"enum": ["xyz", "tms"]},
        "name": {"type": "string"},
        "description": {"type": "string"},
    },
}


@pytest.fixture(scope="module")
def tiles_client(make_client, tmp_path_factory, loaded_db):
    synthetic.create(loaded_db, 3000, table=TABLE)
    synthetic.create_overviews(loaded_db, TABLE)
    layers = tmp_path_factory.mktemp("tile-layers")
    for shipped in APISettings().layers_dir.glob("*.yaml"):
        (layers / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    plain = synthetic.layer_definition(
        TABLE, POINTS, tiles={"min_zoom": 5, "max_zoom": 16, "properties": TILE_PROPERTIES}
    )
    thinned = synthetic.layer_definition(
        TABLE,
        THINNED,
        tiles={"min_zoom": 5, "by_zoom": [{"max_zoom": 9, "thin_pixels": 256}]},
    )
    overviewed = synthetic.layer_definition(
        TABLE,
        OVERVIEWED,
        tiles={"min_zoom": 5, "by_zoom": [{"max_zoom": 9, "table": TABLE + "_z8"}]},
    )
    for definition in (plain, thinned, overviewed):
        (layers / f"{definition['id']}.yaml").write_text(
            yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8"
        )
    yield make_client(layers_dir=Path(layers))
    synthetic.drop_overviews(loaded_db, TABLE)
    synthetic.drop(loaded_db, table=TABLE)


def tile_url(layer: str, z: int, y: int, x: int) -> str:
    return f"/ogc/collections/{layer}/tiles/WebMercatorQuad/{z}/{y}/{x}"


def decode(body: bytes) -> dict:
    """Coordinates as in the tile: pixels of the extent, y down."""
    return mapbox_vector_tile.decode(body, default_options={"y_coord_down": True})


def expected(conn, table: str, geom: str, key: str, columns: str, z: int, x: int, y: int):
    """What PostGIS says intersects the tile widened by the buffer (64 of 4096 pixels)."""
    return {
        str(row[0]): row[1:]
        for row in conn.execute(
            f"SELECT {key}, {columns} FROM {table}"
            f" WHERE ST_Intersects(ST_Transform({geom}, 3857),"
            " ST_TileEnvelope(%s, %s, %s, margin => 64.0 / 4096))",
            (z, x, y),
        )
    }


@pytest.mark.parametrize("zoom", [10, 13, 16])
def test_point_tile_holds_exactly_the_intersecting_features(tiles_client, db, zoom):
    # A tile around the synthetic point nearest to 璧山, so that it is never empty.
    near = db.execute(
        f"SELECT ST_X(geom), ST_Y(geom) FROM {TABLE}"
        " ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326) LIMIT 1",
        BISHAN,
    ).fetchone()
    tile = WMQ.tile(*near, zoom)
    response = tiles_client.get(tile_url(POINTS, zoom, tile.y, tile.x))
    assert response.status_code == 200
    assert response.headers["content-type"] == MVT
    layer = decode(response.content)[POINTS]
    assert layer["extent"] == 4096
    got = {
        str(f["properties"]["id"]): (
            f["properties"]["name"],
            f["properties"]["category"],
            f["properties"]["value"],
        )
        for f in layer["features"]
    }
    want = expected(db, TABLE, "geom", "id", "name, category, value", zoom, tile.x, tile.y)
    assert want, "the test tile must hold features"
    assert got == {k: tuple(v) for k, v in want.items()}
    assert set(layer["features"][0]["properties"]) == set(TILE_PROPERTIES)
    assert all(f["geometry"]["type"] == "Point" for f in layer["features"])


def test_park_tile_has_the_parks_with_their_properties(tiles_client, db):
    row = db.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM park_feature WHERE "
        "GeometryType(geom) = 'POINT' ORDER BY id LIMIT 1"
    ).fetchone()
    tile = WMQ.tile(row[0], row[1], 12)
    response = tiles_client.get(tile_url("parks", 12, tile.y, tile.x))
    assert response.status_code == 200
    features = decode(response.content)["parks"]["features"]
    got = {f["properties"]["id"]: f["properties"] for f in features}
    want = expected(
        db, "park_feature", "geom", "id", "name, level, location_precision", 12, tile.x, tile.y
    )
    assert set(got) == set(want)
    for park_id, (name, level, precision) in want.items():
        assert got[park_id]["name"] == name
        assert got[park_id]["location_precision"] == precision
        assert got[park_id].get("level") == level


def test_district_polygons_at_low_zoom(tiles_client, db):
    tile = WMQ.tile(*BISHAN, 7)
    response = tiles_client.get(tile_url("districts", 7, tile.y, tile.x))
    assert response.status_code == 200
    features = decode(response.content)["districts"]["features"]
    want = expected(db, "yuxi_district", "boundary", "adcode", "name", 7, tile.x, tile.y)
    assert {f["properties"]["adcode"] for f in features} == set(want)
    assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}


def test_thinning_keeps_one_point_per_cell_at_low_zoom(tiles_client, db):
    tile = WMQ.tile(*BISHAN, 8)
    thinned = decode(tiles_client.get(tile_url(THINNED, 8, tile.y, tile.x)).content)[THINNED]
    plain = decode(tiles_client.get(tile_url(POINTS, 8, tile.y, tile.x)).content)[POINTS]
    cells = {
        (f["geometry"]["coordinates"][0] // 256, f["geometry"]["coordinates"][1] // 256)
        for f in thinned["features"]
    }
    assert len(cells) == len(thinned["features"]) < len(plain["features"])
    every_id = {f["properties"]["id"] for f in plain["features"]}
    assert {f["properties"]["id"] for f in thinned["features"]} <= every_id
    # Above the rule's zooms, nothing is thinned.
    deeper = WMQ.tile(*BISHAN, 12)
    a = decode(tiles_client.get(tile_url(THINNED, 12, deeper.y, deeper.x)).content)[THINNED]
    b = decode(tiles_client.get(tile_url(POINTS, 12, deeper.y, deeper.x)).content)[POINTS]
    assert len(a["features"]) == len(b["features"]) > 0


def test_low_zooms_come_from_the_overview_table(tiles_client, db):
    tile = WMQ.tile(*BISHAN, 8)
    body = tiles_client.get(tile_url(OVERVIEWED, 8, tile.y, tile.x)).content
    got = {f["properties"]["id"] for f in decode(body)[OVERVIEWED]["features"]}
    overview = expected(db, TABLE + "_z8", "geom", "id", "name", 8, tile.x, tile.y)
    everything = expected(db, TABLE, "geom", "id", "name", 8, tile.x, tile.y)
    assert got == {int(i) for i in overview} and len(got) < len(everything)
    deeper = WMQ.tile(*BISHAN, 12)
    body = tiles_client.get(tile_url(OVERVIEWED, 12, deeper.y, deeper.x)).content
    got = {f["properties"]["id"] for f in decode(body)[OVERVIEWED]["features"]}
    want = expected(db, TABLE, "geom", "id", "name", 12, deeper.x, deeper.y)
    assert got == {int(i) for i in want}


def test_overviews_keep_one_point_per_square_and_zooming_in_only_adds_points(tiles_client, db):
    # synthetic.create_overviews, which the map at 10^6 firms draws its low zooms from.
    zooms = list(synthetic.OVERVIEW_ZOOMS)
    ids = {z: {row[0] for row in db.execute(f"SELECT id FROM {TABLE}_z{z}")} for z in zooms}
    everything = {row[0] for row in db.execute(f"SELECT id FROM {TABLE}")}
    for low, high in zip(zooms, zooms[1:], strict=False):
        assert ids[low] <= ids[high], f"a point drawn at zoom {low} is missing at {high}"
    assert len(ids[zooms[0]]) < len(ids[zooms[-1]]) and ids[zooms[-1]] <= everything
    assert len(ids[zooms[0]]) < len(everything)
    half = synthetic.WORLD_METRES / 2
    for zoom in zooms:
        size = synthetic.WORLD_METRES / 2**zoom * synthetic.THIN_PIXELS / 4096
        squares, points = db.execute(
            f"SELECT count(DISTINCT (floor((ST_X(m) + {half}) / {size}),"
            f" floor(({half} - ST_Y(m)) / {size}))), count(*)"
            f" FROM (SELECT ST_Transform(geom, 3857) AS m FROM {TABLE}_z{zoom}) AS projected"
        ).fetchone()
        assert squares == points, f"two points in one square at zoom {zoom}"


def test_empty_tile_is_204_and_tiles_revalidate(tiles_client):
    assert tiles_client.get(tile_url(POINTS, 10, 0, 0)).status_code == 204
    tile = WMQ.tile(*BISHAN, 12)
    first = tiles_client.get(tile_url(POINTS, 12, tile.y, tile.x))
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"].startswith("public, max-age=")
    again = tiles_client.get(tile_url(POINTS, 12, tile.y, tile.x), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/x/1/1", 400, "tileMatrix"),
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/12/-1/1", 400, "tileRow"),
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/12/1/1.5", 400, "tileCol"),
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/12/4096/1", 404, "tileRow"),
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/12/1/4096", 404, "tileCol"),
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/17/1/1", 404, "tileMatrix"),
        (f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/4/1/1", 404, "tileMatrix"),
        (f"/ogc/collections/{POINTS}/tiles/WorldCRS84Quad/5/1/1", 404, "tileMatrixSetId"),
        ("/ogc/collections/nowhere/tiles/WebMercatorQuad/5/1/1", 404, "collectionId"),
        ("/ogc/collections/industries/tiles", 404, "collectionId"),
        ("/ogc/tileMatrixSets/Nope", 404, "tileMatrixSetId"),
    ],
)
def test_bad_tile_requests_are_problems(tiles_client, path, status, field):
    response = tiles_client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


def test_tilejson_validates(tiles_client):
    document = tiles_client.get(
        f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad/tilejson.json"
    ).json()
    jsonschema.validate(document, TILEJSON_SCHEMA)
    assert document["minzoom"] == 5 and document["maxzoom"] == 16
    assert document["vector_layers"][0]["id"] == POINTS
    assert set(document["vector_layers"][0]["fields"]) == set(TILE_PROPERTIES)
    west, south, east, north = document["bounds"]
    assert 105 < west < east < 107 and 28 < south < north < 31
    template = document["tiles"][0]
    tile = WMQ.tile(*BISHAN, 12)
    url = template.format(z=12, x=tile.x, y=tile.y).removeprefix("http://testserver")
    assert tiles_client.get(url).status_code == 200


def test_tilesets_and_tile_matrix_sets(tiles_client):
    listed = tiles_client.get(f"/ogc/collections/{POINTS}/tiles").json()
    assert [t["tileMatrixSetURI"] for t in listed["tilesets"]] == [str(WMQ.uri)]
    tileset = tiles_client.get(f"/ogc/collections/{POINTS}/tiles/WebMercatorQuad").json()
    assert tileset["dataType"] == "vector"
    item = next(link for link in tileset["links"] if link["rel"] == "item")
    assert item["type"] == MVT and item["href"].endswith("/{tileMatrix}/{tileRow}/{tileCol}")
    limits = {entry["tileMatrix"]: entry for entry in tileset["tileMatrixSetLimits"]}
    assert set(limits) == {str(z) for z in range(5, 17)}
    tile = WMQ.tile(*BISHAN, 12)
    assert limits["12"]["minTileCol"] <= tile.x <= limits["12"]["maxTileCol"]
    sets = tiles_client.get("/ogc/tileMatrixSets").json()["tileMatrixSets"]
    assert [s["id"] for s in sets] == ["WebMercatorQuad"]
    matrix_set = tiles_client.get("/ogc/tileMatrixSets/WebMercatorQuad").json()
    assert morecantile.TileMatrixSet.model_validate(matrix_set).id == "WebMercatorQuad"
    conformance = tiles_client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt" in conformance
    collection = tiles_client.get("/ogc/collections/parks").json()
    assert any(link["rel"].endswith("tilesets-vector") for link in collection["links"])


def test_every_spatial_layer_has_tiles(tiles_client):
    for layer in tiles_client.get("/ogc/collections").json()["collections"]:
        response = tiles_client.get(f"/ogc/collections/{layer['id']}/tiles")
        assert response.status_code == (200 if "extent" in layer else 404), layer["id"]


def test_the_test_table_is_labelled_synthetic(loaded_db):
    with psycopg.connect(loaded_db) as conn:
        comment = conn.execute("SELECT obj_description(%s::regclass)", (TABLE,)).fetchone()[0]
    assert "SYNTHETIC" in comment
