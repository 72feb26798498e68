"""Database roles and what each may do — declared here and nowhere else.

- `im_owner` owns the schema: migrations and loads run as it.
- `im_reader` serves reads: SELECT on every table and view of the schema except the private
  ones, nothing else (no CREATE, no TEMP, read-only transactions by default).
- `im_writer` does the writes of the editing path (issue 12): the reader's SELECT plus the
  grants of the marked block below, nothing more.

`apply_grants` runs after every migration (app.cli.migrate), so whatever any migration made
is covered: grants are generic over the schema, with the exceptions listed here. The embedded
cluster creates the roles (`create_roles`); with DATABASE_URL the operator does (README).
"""

from __future__ import annotations

import logging

import psycopg
from psycopg import sql

from app.db import versions

log = logging.getLogger(__name__)

OWNER = "im_owner"
READER = "im_reader"
WRITER = "im_writer"
ROLES = (OWNER, READER, WRITER)
SCHEMA = "public"

# Tables the serving roles may not read: password hashes, token digests and who tried to sign
# in from where. Listed before they exist so that no migration can publish them by accident;
# the writer gets back only what WRITER_GRANTS gives it.
PRIVATE_TABLES: tuple[str, ...] = ("app_user", "access_token", "login_attempt")

# ---- Writer grants ----------------------------------------------------------------------
# table -> privileges (SELECT is listed where the table is private). The sequences behind
# those tables' columns get USAGE automatically. Views (park_feature, yuxi_district, …) read
# their tables with their owner's rights, so SELECT on a view gives the writer nothing more.
WRITER_GRANTS: dict[str, tuple[str, ...]] = {
    # Sign-in: read accounts, issue and revoke tokens, count and prune login attempts.
    "app_user": ("SELECT",),
    "access_token": ("SELECT", "INSERT", "UPDATE"),
    "login_attempt": ("SELECT", "INSERT", "DELETE"),
    # History is append-only for the application: no UPDATE, no DELETE.
    "change_log": ("SELECT", "INSERT"),
    # Writable layers (layers/*.yaml `writable`).
    "park": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "enterprise": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    # Plan edits (a district's industries, segments and targets).
    "district_industry": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "focus_segment": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "indicator": ("SELECT", "UPDATE"),
    # Editors' figures (issue 13): inserted, never updated or deleted by the application.
    "actual": ("SELECT", "INSERT"),
}
# ---- end of writer grants ---------------------------------------------------------------


def create_roles(conn: psycopg.Connection, passwords: dict[str, str]) -> None:
    """Create (or reset the passwords of) the three roles; needs a superuser or CREATEROLE."""
    for role in ROLES:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(
            sql.SQL(
                "{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD {}"
            ).format(sql.SQL(verb), sql.Identifier(role), sql.Literal(passwords[role]))
        )
    for role in (READER,):
        conn.execute(
            sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(
                sql.Identifier(role)
            )
        )


def _existing(conn: psycopg.Connection, roles: tuple[str, ...]) -> list[str]:
    rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(roles),))
    return sorted(r[0] for r in rows)


def _can_administer(conn: psycopg.Connection) -> bool:
    """Superuser, or owner of the database (then, on PostgreSQL 15, of the public schema)."""
    return bool(
        conn.execute(
            "SELECT rolsuper OR pg_has_role(current_user, (SELECT datdba FROM pg_database "
            "WHERE datname = current_database()), 'USAGE') FROM pg_roles "
            "WHERE rolname = current_user"
        ).fetchone()[0]
    )


def apply_grants(url: str) -> list[str]:
    """Bring the serving roles' privileges to what this module declares; returns the roles
    granted to (those that exist). Change tracking (app.db.versions) is brought up to date
    here too, so that every table a serving role may read is tracked."""
    with psycopg.connect(url, autocommit=True) as conn:
        with conn.transaction():
            versions.track_changes(conn, SCHEMA, PRIVATE_TABLES)
        serving = _existing(conn, (READER, WRITER))
        if not serving:
            log.info("roles %s and %s do not exist: no grants applied", READER, WRITER)
            return []
        roles = sql.SQL(", ").join(sql.Identifier(r) for r in serving)
        schema = sql.Identifier(SCHEMA)
        dbname = sql.Identifier(conn.info.dbname)
        with conn.transaction():
            if _can_administer(conn):
                # Nobody but the owner creates anything: not in the schema (PostgreSQL 14
                # allowed PUBLIC to), not even temporary tables.
                conn.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(schema))
                conn.execute(sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(dbname))
                conn.execute(
                    sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM {}").format(dbname, roles)
                )
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(dbname, roles))
            conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, roles))
            conn.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(schema, roles))
            # From a clean slate to the declared state, whatever was granted before.
            conn.execute(
                sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, roles)
            )
            conn.execute(
                sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(schema, roles)
            )
            conn.execute(
                sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, roles)
            )
            for table in _present(conn, PRIVATE_TABLES):
                conn.execute(
                    sql.SQL("REVOKE ALL ON {}.{} FROM {}").format(
                        schema, sql.Identifier(table), roles
                    )
                )
            if WRITER in serving:
                _writer_grants(conn)
    return serving


def _present(conn: psycopg.Connection, tables) -> list[str]:
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = ANY(%s)",
        (SCHEMA, list(tables)),
    )
    return [r[0] for r in rows]


def _writer_grants(conn: psycopg.Connection) -> None:
    for table in _present(conn, WRITER_GRANTS):
        privileges = sql.SQL(", ").join(sql.SQL(p) for p in WRITER_GRANTS[table])
        target = sql.SQL("{}.{}").format(sql.Identifier(SCHEMA), sql.Identifier(table))
        conn.execute(
            sql.SQL("GRANT {} ON {} TO {}").format(privileges, target, sql.Identifier(WRITER))
        )
        sequences = conn.execute(
            "SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
            "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE s.relkind = 'S' AND n.nspname = %s AND t.relname = %s",
            (SCHEMA, table),
        )
        for (sequence,) in sequences:
            conn.execute(
                sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {}.{} TO {}").format(
                    sql.Identifier(SCHEMA), sql.Identifier(sequence), sql.Identifier(WRITER)
                )
            )


def adopt_objects(conn: psycopg.Connection, owner: str = OWNER) -> None:
    """Hand the schema and what is in it to `owner` (a cluster made before the roles existed
    had everything owned by the superuser). Extension members (PostGIS's) stay as they are.

    In one transaction: a view handed over before its tables would read them with its new
    owner's rights, and be refused, to every request served in between."""
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    with conn.transaction():
        conn.execute(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(
            sql.Identifier(SCHEMA), sql.Identifier(owner)
        ))  # fmt: skip
        rows = conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = ANY(%s) AND pg_get_userbyid(c.relowner) <> %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN "
            "('e', 'a', 'i'))",
            (SCHEMA, list(kinds), owner),
        ).fetchall()
        for name, kind in rows:
            conn.execute(
                sql.SQL("ALTER {} {}.{} OWNER TO {}").format(
                    sql.SQL(kinds[kind]),
                    sql.Identifier(SCHEMA),
                    sql.Identifier(name),
                    sql.Identifier(owner),
                )
            )
