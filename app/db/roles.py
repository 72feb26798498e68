"""Database roles and what each may touch, declared in one place and applied after every
migrate (issue 9 owns this file: `im_owner` owns the schema, `im_reader` serves reads,
`im_writer` does the writes).

The block marked "issue 12" holds the writer's grants and the tables the reader must never read;
the lead merges it into issue 9's declarations.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

# ---- issue 12: accounts, history and writable layers -------------------------------------
# Only what writing needs. Views (park_feature, yuxi_district, …) read their tables with their
# owner's rights, so SELECT on a view gives the writer nothing more.
ISSUE_12_WRITER_TABLES: dict[str, tuple[str, ...]] = {
    # Sign-in: read accounts, issue and revoke tokens, count and prune login attempts.
    "app_user": ("SELECT",),
    "access_token": ("SELECT", "INSERT", "UPDATE"),
    "login_attempt": ("SELECT", "INSERT", "DELETE"),
    # History is append-only for the application: no UPDATE, no DELETE.
    "change_log": ("SELECT", "INSERT"),
    # Writable layers (layers/*.yaml `writable`) and what validating them reads.
    "park": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "park_feature": ("SELECT",),
    "district": ("SELECT",),
    "provenance": ("SELECT",),
    # Plan edits (a district's industries, segments and targets).
    "district_industry": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "focus_segment": ("SELECT", "INSERT", "UPDATE", "DELETE"),
    "indicator": ("SELECT", "UPDATE"),
    "industry": ("SELECT",),
    "district_role": ("SELECT",),
    "yuxi_district": ("SELECT",),
}
ISSUE_12_WRITER_SEQUENCES = ("change_log_id_seq", "login_attempt_id_seq")
# The history is public (GET /api/history, profiles' "last changed"): the reader reads it.
ISSUE_12_READER_TABLES = ("change_log",)
# Password hashes, token digests and who tried to sign in from where: never for the reader.
ISSUE_12_READER_DENIED = ("app_user", "access_token", "login_attempt")
# ---- end of issue 12 ---------------------------------------------------------------------


def apply_issue_12_grants(conn: psycopg.Connection, writer: str, reader: str | None) -> None:
    """Grant the writer role its privileges and keep the reader off the account tables."""
    for table, privileges in ISSUE_12_WRITER_TABLES.items():
        conn.execute(
            sql.SQL("GRANT {} ON {} TO {}").format(
                sql.SQL(", ").join(sql.SQL(p) for p in privileges),
                sql.Identifier(table),
                sql.Identifier(writer),
            )
        )
    for sequence in ISSUE_12_WRITER_SEQUENCES:
        conn.execute(
            sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                sql.Identifier(sequence), sql.Identifier(writer)
            )
        )
    if reader:
        for table in ISSUE_12_READER_TABLES:
            conn.execute(
                sql.SQL("GRANT SELECT ON {} TO {}").format(
                    sql.Identifier(table), sql.Identifier(reader)
                )
            )
        for table in ISSUE_12_READER_DENIED:
            conn.execute(
                sql.SQL("REVOKE ALL ON {} FROM {}").format(
                    sql.Identifier(table), sql.Identifier(reader)
                )
            )
