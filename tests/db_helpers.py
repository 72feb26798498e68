"""Helpers on a real database: what its data is, to compare before and after."""

from __future__ import annotations

import psycopg
from psycopg import sql

from app.db import versions


def tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') "
        "ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def rows(url: str) -> dict[str, list[str]]:
    """Every row of every table of the public schema, as text, sorted; but data_version's,
    which a restore moves on on purpose (app/db/versions.py)."""
    with psycopg.connect(url) as conn:
        return {
            table: [
                r[0]
                for r in conn.execute(
                    sql.SQL("SELECT t::text FROM {} t ORDER BY 1").format(sql.Identifier(table))
                )
            ]
            for table in tables(conn)
            if table != versions.TABLE
        }


def fingerprint(url: str) -> dict[str, str]:
    """An md5 of each table's rows (in a stable order)."""
    with psycopg.connect(url) as conn:
        return {
            table: conn.execute(
                sql.SQL(
                    "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                    "t::text)), '') FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables(conn)
        }
