"""Built pages and tiles are kept per process and reused only while the data version
(app/db/versions.py) is the one they were built at: a change is served at once, unchanged
answers come from the cache, signed-in requests are never kept, every readable table is
tracked, and a migration or restore never brings back a version seen before."""

from __future__ import annotations

import asyncio
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import mapbox_vector_tile
import morecantile
import psycopg
import pytest
import yaml

from app.db import roles, versions
from benchmarks import synthetic

TABLE = "test_synthetic_cache_point"  # SYNTHETIC test data, its own table
LAYER = "test-synthetic-cached"
WMQ = morecantile.tms.get("WebMercatorQuad")


@pytest.fixture(scope="module")
def layers(tmp_path_factory, loaded_db) -> Path:
    synthetic.create(loaded_db, 300, table=TABLE)
    folder = tmp_path_factory.mktemp("cache-layers")
    definition = synthetic.layer_definition(
        TABLE, LAYER, tiles={"min_zoom": 5, "max_zoom": 16, "properties": ["id", "name"]}
    )
    (folder / f"{LAYER}.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True))
    yield folder
    synthetic.drop(loaded_db, table=TABLE)


@pytest.fixture(scope="module")
def cached_client(make_client, layers):
    return make_client(layers_dir=layers)


@pytest.fixture(scope="module")
def uncached_client(make_client, layers):
    return make_client(layers_dir=layers, answer_cache_bytes=0)


@pytest.fixture(scope="module")
def first_point(loaded_db) -> tuple[int, float, float]:
    with psycopg.connect(loaded_db) as conn:
        return conn.execute(
            f"SELECT id, ST_X(geom), ST_Y(geom) FROM {TABLE} ORDER BY id"
        ).fetchone()


def items_url() -> str:
    return f"/ogc/collections/{LAYER}/items?limit=5&sortby=id"


def tile_url(lon: float, lat: float, zoom: int = 15) -> str:
    tile = WMQ.tile(lon, lat, zoom)
    return f"/ogc/collections/{LAYER}/tiles/WebMercatorQuad/{zoom}/{tile.y}/{tile.x}"


def first_name(response) -> str:
    return response.json()["features"][0]["properties"]["name"]


def tile_names(response) -> set[str]:
    layer = mapbox_vector_tile.decode(response.content)[LAYER]
    return {f["properties"]["name"] for f in layer["features"]}


@contextmanager
def renamed(loaded_db: str, point_id: int, name: str, *, tracked: bool = True):
    """The point's name changed (and committed), then put back. Untracked: with the trigger
    disabled, so that nothing tells the serving processes (only the owner can do that)."""
    with psycopg.connect(loaded_db, autocommit=True) as conn:
        old = conn.execute(f"SELECT name FROM {TABLE} WHERE id = %s", (point_id,)).fetchone()[0]
        if not tracked:
            conn.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {versions.TRIGGER}")
        try:
            conn.execute(f"UPDATE {TABLE} SET name = %s WHERE id = %s", (name, point_id))
            yield
        finally:
            conn.execute(f"UPDATE {TABLE} SET name = %s WHERE id = %s", (old, point_id))
            if not tracked:
                conn.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {versions.TRIGGER}")


def test_a_change_is_served_at_once(cached_client, loaded_db, first_point):
    point_id, lon, lat = first_point
    before = cached_client.get(items_url())
    again = cached_client.get(items_url())
    assert before.status_code == again.status_code == 200
    assert again.content == before.content and again.headers["etag"] == before.headers["etag"]
    tile_before = cached_client.get(tile_url(lon, lat))
    assert tile_before.status_code == 200
    with renamed(loaded_db, point_id, "SYNTHETIC renamed once"):
        after = cached_client.get(items_url())
        assert first_name(after) == "SYNTHETIC renamed once"
        assert after.headers["etag"] != before.headers["etag"]
        assert "SYNTHETIC renamed once" in tile_names(cached_client.get(tile_url(lon, lat)))
    # Put back: the answers are the first ones again, byte for byte.
    assert cached_client.get(items_url()).content == before.content
    assert cached_client.get(tile_url(lon, lat)).content == tile_before.content


def test_unchanged_answers_come_from_the_cache(
    cached_client, uncached_client, loaded_db, first_point
):
    point_id, lon, lat = first_point
    kept_page = cached_client.get(items_url())
    kept_tile = cached_client.get(tile_url(lon, lat))
    with renamed(loaded_db, point_id, "SYNTHETIC untracked", tracked=False):
        # Nothing told the cache: what it holds is served (so it did hold it) …
        assert cached_client.get(items_url()).content == kept_page.content
        assert cached_client.get(tile_url(lon, lat)).content == kept_tile.content
        # … while the database has changed, as an app without the cache shows.
        assert first_name(uncached_client.get(items_url())) == "SYNTHETIC untracked"
        assert "SYNTHETIC untracked" in tile_names(uncached_client.get(tile_url(lon, lat)))
        # A signed-in request is never answered from (nor kept in) the cache.
        signed_in = {"Authorization": "Bearer not-checked-for-reads"}
        assert first_name(cached_client.get(items_url(), headers=signed_in)) == (
            "SYNTHETIC untracked"
        )
        # Revalidation works on a kept answer too.
        held = cached_client.get(items_url(), headers={"If-None-Match": kept_page.headers["etag"]})
        assert held.status_code == 304


def test_each_format_gets_its_own_answer(cached_client):
    geojson = cached_client.get(items_url())
    html = cached_client.get(items_url(), headers={"Accept": "text/html"})
    assert geojson.headers["content-type"].startswith("application/geo+json")
    assert html.headers["content-type"].startswith("text/html")
    assert cached_client.get(items_url()).content == geojson.content


def test_every_table_the_serving_roles_read_is_tracked(loaded_db):
    with psycopg.connect(loaded_db) as conn:
        untracked = conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
            "AND has_table_privilege(%s, c.oid, 'SELECT') AND c.relname <> %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
            " AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid"
            " AND t.tgname = %s AND t.tgenabled <> 'D')",
            (roles.READER, versions.TABLE, versions.TRIGGER),
        ).fetchall()
        readable = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "AND has_table_privilege(%s, c.oid, 'SELECT')",
            (roles.READER,),
        ).fetchone()[0]
    assert readable > 10
    assert untracked == []


def test_a_migration_or_restore_never_brings_back_a_version(loaded_db):
    def version() -> int:
        with psycopg.connect(loaded_db) as conn:
            return conn.execute(versions.READ).fetchone()[0]

    seen = version()
    roles.apply_grants(loaded_db)  # what migrate and restore end with
    assert version() > seen + 1


def test_a_kept_answer_is_sent_as_built_with_its_own_request_id(cached_client, first_point):
    _, lon, lat = first_point
    identity = {"Accept-Encoding": "identity"}
    built = cached_client.get(tile_url(lon, lat, 14), headers=identity)
    kept = cached_client.get(tile_url(lon, lat, 14), headers=identity)
    assert kept.status_code == 200 and kept.content == built.content
    for name in ("etag", "cache-control", "content-type", "content-security-policy"):
        assert kept.headers[name] == built.headers[name]
    assert kept.headers["x-request-id"] != built.headers["x-request-id"]
    # HEAD is answered from the same answer: its headers, no body.
    head = cached_client.head(tile_url(lon, lat, 14), headers=identity)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(built.content))


def test_each_coding_is_kept_apart_and_revalidates(cached_client):
    plain = cached_client.get(items_url(), headers={"Accept-Encoding": "identity"})
    for _ in range(2):  # built, then kept
        zipped = cached_client.get(items_url(), headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.content == plain.content  # httpx decodes it
        assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    # Either tag names the entity: 304 from the kept answer, echoing the tag the client holds.
    for held in (zipped.headers["etag"], "W/" + plain.headers["etag"]):
        again = cached_client.get(
            items_url(), headers={"Accept-Encoding": "gzip", "If-None-Match": held}
        )
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == held.removeprefix("W/")
        assert "content-length" not in again.headers or again.headers["content-length"] == "0"
    other = cached_client.get(items_url(), headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_cookie_bypasses_the_kept_answers(cached_client, loaded_db, first_point):
    point_id, _, _ = first_point
    cached_client.get(items_url())
    with renamed(loaded_db, point_id, "SYNTHETIC behind a cookie", tracked=False):
        with_cookie = cached_client.get(items_url(), headers={"Cookie": "anything=1"})
        assert first_name(with_cookie) == "SYNTHETIC behind a cookie"
        assert first_name(cached_client.get(items_url())) != "SYNTHETIC behind a cookie"


def test_one_version_read_never_answers_a_request_that_came_after_it_started(loaded_db):
    """Requests share a read of the data version only if they all asked before it was sent:
    a read already on its way (made slow here) answers nobody who asked after a commit."""
    slow = (
        "WITH pause AS (SELECT pg_sleep(0.4)) "
        "SELECT COALESCE(sum(version), 0)::bigint FROM data_version, pause"
    )

    async def scenario() -> tuple[int, int, int, list[int]]:
        pool = await asyncpg.create_pool(loaded_db, min_size=2, max_size=4)
        reads = versions.VersionReads(slow)
        try:
            before = await pool.fetchval(versions.READ)
            on_its_way = asyncio.ensure_future(reads.read(pool))
            await asyncio.sleep(0.1)  # its statement has started, with the old snapshot
            async with pool.acquire() as conn:  # a change commits meanwhile
                await conn.execute(
                    "UPDATE data_version SET version = version + 1 WHERE table_name = '*'"
                )
            after = await pool.fetchval(versions.READ)
            # Asked now, while the first read is still on its way: they share the next one.
            later = await asyncio.gather(*(reads.read(pool) for _ in range(5)))
            return before, await on_its_way, after, later
        finally:
            await pool.close()

    before, first, after, later = asyncio.run(scenario())
    assert first == before and after == before + 1
    assert later == [after] * 5
