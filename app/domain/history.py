"""The change history: every change to the data — through the API, an import or a restore —
with who, when, what, why (reason and source), and the record before and after.

`record_change` is called inside the writing transaction, so a change and its history entry
are committed together or not at all. Entries are only ever added (the writer role may not
update or delete them)."""

from __future__ import annotations

import json

import asyncpg

ACTIONS = ("create", "update", "delete", "restore")

INSERT = """
INSERT INTO change_log (actor, action, entity, entity_id, before, after, reason, source)
VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7, $8)
RETURNING id
"""

COLUMNS = """id, changed_at, actor, action, entity, entity_id, reason, source, db_user,
             before::text AS before, after::text AS after"""


async def record_change(
    conn: asyncpg.Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict | None,
    after: dict | None,
    reason: str,
    source: str,
) -> int:
    """Add one entry; returns its id. `before`/`after` are the record as JSON objects (None:
    it did not exist / no longer exists)."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {ACTIONS}")
    return await conn.fetchval(
        INSERT,
        actor,
        action,
        entity,
        str(entity_id),
        None if before is None else json.dumps(before, ensure_ascii=False),
        None if after is None else json.dumps(after, ensure_ascii=False),
        reason.strip(),
        source.strip(),
    )


def _entry(row: asyncpg.Record) -> dict:
    entry = dict(row)
    entry["changed_at"] = entry["changed_at"].isoformat()
    for key in ("before", "after"):
        entry[key] = None if entry[key] is None else json.loads(entry[key])
    return entry


async def changes(
    db: asyncpg.Pool | asyncpg.Connection,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    actor: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[dict]:
    """Newest first; `before_id` pages back."""
    rows = await db.fetch(
        f"SELECT {COLUMNS} FROM change_log"  # noqa: S608 - constant column list
        " WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)"
        "   AND ($3::text IS NULL OR actor = $3) AND ($4::bigint IS NULL OR id < $4)"
        " ORDER BY id DESC LIMIT $5",
        entity,
        entity_id,
        actor,
        before_id,
        limit,
    )
    return [_entry(row) for row in rows]


async def change(db: asyncpg.Pool | asyncpg.Connection, change_id: int) -> dict | None:
    row = await db.fetchrow(
        f"SELECT {COLUMNS} FROM change_log WHERE id = $1",  # noqa: S608 - constant columns
        change_id,
    )
    return _entry(row) if row else None
