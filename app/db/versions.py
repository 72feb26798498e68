"""Data versions: one number that changes whenever anything an answer is built from changes.

Every table the serving roles may read gets a statement-level trigger (migration 0008's
`note_data_change`) that bumps its row in `data_version` inside the changing transaction;
the data version is the sum of those rows. It only grows, and a reader sees it move exactly
when it sees the change. `track_changes` runs after every migration, restore and benchmark
table (through app.db.roles.apply_grants), so tables made later are tracked too; it also adds
a random amount under the name "*": after a migration or a restore anything may differ (a
view's definition, a table restored to an older state), so no version seen before may come
back.
"""

from __future__ import annotations

import asyncio

import asyncpg
import psycopg
from psycopg import sql

TABLE = "data_version"
TRIGGER = "note_data_change"
EPOCH = "*"
# The serving processes' read: a sum over a few dozen rows.
READ = "SELECT COALESCE(sum(version), 0)::bigint FROM data_version"


def track_changes(conn: psycopg.Connection, schema: str, untracked: tuple[str, ...]) -> list[str]:
    """Attach the trigger to every ordinary table of `schema` but `untracked` (the private
    tables, which no answer is built from) and data_version itself; returns the tables."""
    present = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.{TABLE}",)).fetchone()[
        0
    ]
    if not present:  # not migrated yet
        return []
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
            "AND c.relname <> ALL(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
            " ORDER BY c.relname",
            (schema, [TABLE, *untracked]),
        )
    ]
    for table in tables:
        conn.execute(
            sql.SQL(
                "CREATE OR REPLACE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                "ON {}.{} FOR EACH STATEMENT EXECUTE FUNCTION {}.{}()"
            ).format(
                sql.Identifier(TRIGGER),
                sql.Identifier(schema),
                sql.Identifier(table),
                sql.Identifier(schema),
                sql.Identifier(TRIGGER),
            )
        )
    conn.execute(
        sql.SQL(
            "INSERT INTO {}.{} (table_name, version) VALUES (%s, 1 + (random() * 1e12)::bigint)"
            " ON CONFLICT (table_name) DO UPDATE SET version = {}.version"
            " + 1 + (random() * 1e12)::bigint"
        ).format(sql.Identifier(schema), sql.Identifier(TABLE), sql.Identifier(TABLE)),
        (EPOCH,),
    )
    return tables


class VersionReads:
    """The serving side: the data version of a pool, read once for every request that asked
    while no read was on its way. A read answers only the requests that were waiting before it
    was sent, so each of them sees every change committed before it asked; requests arriving
    during a read wait for the next one. Under load one read serves several requests; alone,
    a request reads for itself (no task in between). Per process, nothing kept between reads.
    """

    def __init__(self, statement: str = READ):
        self.statement = statement
        self._reading: set[int] = set()  # pools with a read on its way (by id)
        self._waiting: dict[int, asyncio.Future] = {}  # the next read's requests

    async def read(self, pool: asyncpg.Pool) -> int:
        key = id(pool)
        if key not in self._reading:
            self._reading.add(key)
            try:
                return await pool.fetchval(self.statement)
            finally:
                self._next(pool)
        waiting = self._waiting.get(key)
        if waiting is None:
            waiting = self._waiting[key] = asyncio.get_running_loop().create_future()
        # Shielded: one waiter cancelled (its client left) must not cancel the others' read.
        return await asyncio.shield(waiting)

    def _next(self, pool: asyncpg.Pool) -> None:
        """After a read: the requests that arrived meanwhile get a read of their own."""
        waiting = self._waiting.pop(id(pool), None)
        if waiting is None:
            self._reading.discard(id(pool))
            return
        asyncio.get_running_loop().create_task(self._read_for(pool, waiting))

    async def _read_for(self, pool: asyncpg.Pool, waiting: asyncio.Future) -> None:
        try:
            version = await pool.fetchval(self.statement)
        except asyncio.CancelledError:  # shutting down
            waiting.cancel()
            raise
        except Exception as exc:  # each waiter gets the failure (and handles it)
            waiting.set_exception(exc)
            waiting.exception()  # retrieved here too: no warning when every waiter left
        else:
            waiting.set_result(version)
        finally:
            self._next(pool)
