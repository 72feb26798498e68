"""Reading features — the OGC API's logic, free of the web framework. Functions take the pool
and a parsed query and return rows of text and counts; the HTTP layer only wraps them.

Page statements ask for one row more than the page (see sql.page): when it does not come, the
page is the last one and numberMatched is known without counting.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import contextmanager
from dataclasses import dataclass

import anyio
import asyncpg

from app.errors import InvalidParameter, data_error_message
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
        detail = f"filter: the database rejected a value ({data_error_message(exc)})."
        raise InvalidParameter(detail, "filter") from None


def _args(statement: sql.Statement) -> tuple:
    return (statement.text, *statement.args)


async def count_matched(
    conn: asyncpg.Connection,
    query: ItemsQuery,
    returned: int,
    more: bool,
    exact_max: int,
    table_rows: int | None = None,
) -> Count:
    """numberMatched without a second full scan: the last page tells the total; a large
    unfiltered table has its statistics; otherwise, when the planner expects at most
    `exact_max` features, count them (stopping at `exact_max`), and where it expects more —
    or there turn out to be more — give its estimate and say so."""
    if not more and (returned or not query.offset):
        return Count(query.offset + returned)
    floor = query.offset + returned + more
    layer = query.layer
    if not query.filtered and layer.source.table:
        rows = table_rows
        if rows is None:
            rows = await conn.fetchval(*_args(sql.table_rows(layer)))
        if rows is not None and rows > exact_max:
            return Count(max(rows, floor), estimated=True)
    with _data_errors_are_bad_input():
        plan = json.loads(await conn.fetchval(*_args(sql.planned_count(query))))
        expected = int(plan[0]["Plan"]["Plan Rows"])
        if expected <= exact_max:
            counted = await conn.fetchval(*_args(sql.bounded_count(query, exact_max + 1)))
            if counted <= exact_max:
                return Count(counted)
            expected = max(expected, counted)
    return Count(max(expected, floor), estimated=True)


async def read_page(
    conn: asyncpg.Connection, statement: sql.Statement, query: ItemsQuery, exact_max: int
) -> Page:
    with _data_errors_are_bad_input():
        rows = await conn.fetch(*_args(statement))
    more = len(rows) > query.limit
    # An unfiltered page of a table brings the table's row estimate along (sql.page).
    table_rows = rows[0][1] if rows and len(rows[0]) > 1 else None
    rows = rows[: query.limit]
    matched = await count_matched(conn, query, len(rows), more, exact_max, table_rows)
    return Page(rows, matched)


class RowStream:
    """A page read through a cursor in batches, for pages too large to hold at once.

    `open()` runs the statement and reads the first batch, so that errors surface before the
    response starts. If that batch is the whole page (`complete`), `page()` returns it as a
    normal page; otherwise `batches()` streams it, and `result()` tells (returned, matched)
    once the last batch is out.
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        statement: sql.Statement,
        query: ItemsQuery,
        exact_max: int,
        batch_size: int,
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

    @property
    def complete(self) -> bool:
        return len(self._first) < self.batch_size

    async def page(self) -> Page:
        """The page, when the first batch held all of it."""
        try:
            rows = self._first[: self.query.limit]
            more = len(self._first) > self.query.limit
            matched = await count_matched(self._conn, self.query, len(rows), more, self.exact_max)
            return Page(rows, matched)
        finally:
            await self._close()

    async def batches(self) -> AsyncIterator[list[asyncpg.Record]]:
        try:
            batch, more = self._first, False
            while batch:
                room = self.query.limit - self.returned
                more = len(batch) > room
                batch = batch[:room]
                self.returned += len(batch)
                yield batch
                if more or self.returned == self.query.limit:
                    break
                batch = await self._cursor.fetch(self.batch_size)
            self.matched = await count_matched(
                self._conn, self.query, self.returned, more, self.exact_max
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


async def read_item(pool: asyncpg.Pool, statement: sql.Statement) -> bytes | None:
    return await pool.fetchval(*_args(statement))


async def read_version(db: asyncpg.Pool, layer: Layer, feature_id: object) -> str | None:
    """The record version of a feature of a writable layer (see app.domain.editing)."""
    from app.domain.editing.sql import snapshot

    row = await db.fetchrow(snapshot(layer.writable, lock=False), str(feature_id))
    return row["version"] if row else None


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
