"""Reading features — the OGC API's logic, free of the web framework. Functions take the pool
and a parsed query and return rows of text and counts; the HTTP layer only wraps them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import contextmanager
from dataclasses import dataclass

import anyio
import asyncpg

from app.errors import InvalidParameter
from app.layers.catalog import Layer
from app.ogc import sql
from app.ogc.query import ItemsQuery


@dataclass(frozen=True)
class Count:
    """numberMatched, and whether it is the planner's estimate rather than a count."""

    value: int
    estimated: bool = False


@dataclass
class Page:
    rows: list[asyncpg.Record]
    matched: Count


@contextmanager
def _data_errors_are_bad_input():
    """A data error raised while running a validated statement comes from the values of the
    filter (e.g. a division by zero in CQL2 arithmetic): the client's mistake, not ours."""
    try:
        yield
    except asyncpg.DataError as exc:
        raise InvalidParameter(f"filter: the database rejected a value: {exc}", "filter") from None


async def count_matched(
    conn: asyncpg.Connection, query: ItemsQuery, returned: int, exact_max: int
) -> Count:
    """numberMatched without a second full scan: a page that is not full tells the total; a
    large unfiltered table has its statistics; otherwise count up to `exact_max` and, beyond
    that, take the planner's estimate and say so."""
    if returned < query.limit and (returned or not query.offset):
        return Count(query.offset + returned)
    floor = query.offset + returned
    layer = query.layer
    if not query.filtered and layer.source.table:
        rows = await conn.fetchval(*_args(sql.table_rows(layer)))
        if rows is not None and rows > exact_max:
            return Count(max(rows, floor), estimated=True)
    with _data_errors_are_bad_input():
        counted = await conn.fetchval(*_args(sql.bounded_count(query, exact_max + 1)))
        if counted <= exact_max:
            return Count(counted)
        plan = json.loads(await conn.fetchval(*_args(sql.planned_count(query))))
    return Count(max(int(plan[0]["Plan"]["Plan Rows"]), counted, floor), estimated=True)


def _args(statement: sql.Statement) -> tuple:
    return (statement.text, *statement.args)


async def read_page(
    pool: asyncpg.Pool, statement: sql.Statement, query: ItemsQuery, exact_max: int
) -> Page:
    async with pool.acquire() as conn:
        with _data_errors_are_bad_input():
            rows = await conn.fetch(*_args(statement))
        matched = await count_matched(conn, query, len(rows), exact_max)
    return Page(rows, matched)


class RowStream:
    """A page read through a cursor in batches, for pages too large to hold at once. `open()`
    runs the statement and reads the first batch, so that errors surface before the response
    starts; after the last batch, `returned` and `matched` are known."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        statement: sql.Statement,
        query: ItemsQuery,
        exact_max: int,
        batch_size: int = 1000,
    ):
        self.pool = pool
        self.statement = statement
        self.query = query
        self.exact_max = exact_max
        self.batch_size = batch_size
        self.returned = 0
        self.matched: Count | None = None
        self._conn: asyncpg.Connection | None = None
        self._transaction = None
        self._cursor = None
        self._first: list[asyncpg.Record] = []

    async def open(self) -> None:
        self._conn = await self.pool.acquire()
        try:
            self._transaction = self._conn.transaction(readonly=True)
            await self._transaction.start()
            with _data_errors_are_bad_input():
                self._cursor = await self._conn.cursor(*_args(self.statement))
                self._first = await self._cursor.fetch(self.batch_size)
        except BaseException:
            await self._close()
            raise

    async def batches(self) -> AsyncIterator[list[asyncpg.Record]]:
        try:
            batch = self._first
            while batch:
                self.returned += len(batch)
                yield batch
                if len(batch) < self.batch_size or self.returned >= self.query.limit:
                    break
                batch = await self._cursor.fetch(self.batch_size)
            self.matched = await count_matched(
                self._conn, self.query, self.returned, self.exact_max
            )
        finally:
            await self._close()

    def result(self) -> tuple[int, Count]:
        """(returned, matched), once the batches are exhausted."""
        assert self.matched is not None
        return self.returned, self.matched

    async def _close(self) -> None:
        # Shielded: a client that hangs up cancels the response, but the connection must still
        # go back to the pool.
        with anyio.CancelScope(shield=True):
            if self._transaction is not None:
                try:
                    await self._transaction.rollback()
                except asyncpg.InterfaceError:
                    pass
            if self._conn is not None:
                await self.pool.release(self._conn)
            self._conn = self._transaction = self._cursor = None


async def read_item(pool: asyncpg.Pool, statement: sql.Statement) -> str | None:
    return await pool.fetchval(*_args(statement))


Extent = tuple[float, float, float, float]


async def read_extent(db: asyncpg.Pool | asyncpg.Connection, layer: Layer) -> Extent | None:
    """A spatial layer's bounding box in CRS84 (None without geometries)."""
    if not layer.geometry:
        return None
    row = await db.fetchrow(*_args(sql.extent(layer)))
    return tuple(row) if row is not None and row[0] is not None else None


async def read_extents(pool: asyncpg.Pool, layers: list[Layer]) -> dict[str, Extent | None]:
    async with pool.acquire() as conn:
        return {layer.id: await read_extent(conn, layer) for layer in layers}
