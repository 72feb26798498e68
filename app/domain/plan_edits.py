"""Editing the plan's data: a district's leading and specialty industries with their focus
segments, and a target's value. Each edit carries a reason and a source and is recorded.

The limits are the database's (migration 0001: at most 2 leading, at most 4 specialty); an edit
that breaks one is refused with the rule's citation, never half-applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import asyncpg

from app.domain import history
from app.errors import NotFound, UnprocessableParameter
from app.messages import msg

# The plan's own words (四、空间布局); the cap of 4 specialty industries is this map's schema
# (the plan says 若干, "several"), and is cited as such.
LEADING_RULE = "渝府〔2023〕13号 四、空间布局：渝西地区每区确立不超过 2 个主导产业"
SPECIALTY_RULE = (
    "渝府〔2023〕13号 四、空间布局：“确立若干特色产业”；本图数据库每区至多收录 4 个特色产业"
    " (the plan says 'several'; this map's schema keeps at most 4)"
)
PLAN_ENTITY = "district_plan"
INDICATOR_ENTITY = "indicator"


class RuleBroken(UnprocessableParameter):
    title = "Breaks a rule of the plan"


@dataclass(frozen=True)
class Segment:
    name: str
    name_en: str


@dataclass(frozen=True)
class Leading:
    industry: str
    segments: tuple[Segment, ...] = ()
    segments_open_ended: bool = False


SNAPSHOT = """
SELECT json_build_object(
  'leading', COALESCE((SELECT json_agg(json_build_object(
        'industry', r.industry_id, 'name', r.name, 'segments_open_ended', r.segments_open_ended,
        'segments', r.segments) ORDER BY r.position)
      FROM district_role r WHERE r.district_adcode = $1 AND r.role = 'leading'), '[]'),
  'specialty', COALESCE((SELECT json_agg(json_build_object('industry', r.industry_id,
        'name', r.name) ORDER BY r.position)
      FROM district_role r WHERE r.district_adcode = $1 AND r.role = 'specialty'), '[]')
)::text
"""


async def plan_snapshot(conn: asyncpg.Connection, adcode: str) -> dict:
    return json.loads(await conn.fetchval(SNAPSHOT, adcode))


async def _industry_ids(conn: asyncpg.Connection) -> dict[str, str]:
    """Industry id by id, by Chinese name and by English name (the vocabulary)."""
    ids = {}
    for row in await conn.fetch("SELECT id, name, name_en FROM industry"):
        ids[row["id"]] = ids[row["name"]] = ids[row["name_en"].lower()] = row["id"]
    return ids


async def replace_industries(
    conn: asyncpg.Connection,
    adcode: str,
    leading: list[Leading],
    specialty: list[str],
    *,
    actor: str,
    reason: str,
    source: str,
    action: str = "update",
) -> dict:
    """Replace a district's leading and specialty industries (in the given order)."""
    # Edits of one district's plan wait for each other (an advisory lock: the writer role may
    # not lock district rows, which it cannot update).
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('district_plan:' || $1))", adcode)
    known = await conn.fetchval(
        "SELECT adcode FROM district WHERE adcode = $1 AND kind = 'yuxi'", adcode
    )
    if known is None:
        raise NotFound(msg("plan.not_district", adcode=adcode), "adcode")
    before = await plan_snapshot(conn, adcode)
    ids = await _industry_ids(conn)

    def industry_id(name: str, where: str) -> str:
        found = ids.get(name) or ids.get(name.lower())
        if found is None:
            raise UnprocessableParameter(msg("plan.unknown_industry", name=name), where)
        return found

    leading_ids = [industry_id(x.industry, f"leading.{i}.industry") for i, x in enumerate(leading)]
    specialty_ids = [industry_id(x, f"specialty.{i}") for i, x in enumerate(specialty)]
    chosen = leading_ids + specialty_ids
    if len(set(chosen)) != len(chosen):
        raise UnprocessableParameter(msg("plan.twice"), "specialty")

    await conn.execute("DELETE FROM district_industry WHERE district_adcode = $1", adcode)
    try:
        for position, (item, iid) in enumerate(zip(leading, leading_ids, strict=True), start=1):
            await conn.execute(
                "INSERT INTO district_industry (district_adcode, role, position, industry_id,"
                " segments_open_ended) VALUES ($1, 'leading', $2, $3, $4)",
                adcode, position, iid, item.segments_open_ended,
            )  # fmt: skip
            for seg_position, segment in enumerate(item.segments, start=1):
                await conn.execute(
                    "INSERT INTO focus_segment (district_adcode, role, industry_position,"
                    " position, name, name_en) VALUES ($1, 'leading', $2, $3, $4, $5)",
                    adcode, position, seg_position, segment.name, segment.name_en,
                )  # fmt: skip
        for position, iid in enumerate(specialty_ids, start=1):
            await conn.execute(
                "INSERT INTO district_industry (district_adcode, role, position, industry_id)"
                " VALUES ($1, 'specialty', $2, $3)",
                adcode, position, iid,
            )  # fmt: skip
    except asyncpg.CheckViolationError as exc:
        raise _broken(exc) from None
    after = await plan_snapshot(conn, adcode)
    change_id = await history.record_change(
        conn, actor=actor, action=action, entity=PLAN_ENTITY, entity_id=adcode,
        before=before, after=after, reason=reason, source=source,
    )  # fmt: skip
    return {"change_id": change_id, "district": adcode, **after}


def _broken(exc: asyncpg.CheckViolationError) -> RuleBroken:
    """The database refused the edit: say which rule, citing it."""
    text = f"{exc.constraint_name or ''} {exc.message}"
    if "leading" in text:
        return RuleBroken(msg("plan.leading_rule"), "leading", rule=LEADING_RULE)
    if "specialty" in text:
        return RuleBroken(msg("plan.specialty_rule"), "specialty", rule=SPECIALTY_RULE)
    return RuleBroken(msg("plan.rule_broken", rule=exc.constraint_name, detail=exc.message), "body")


INDICATOR_SNAPSHOT = "SELECT to_jsonb(i)::text FROM indicator i WHERE code = $1"


async def set_indicator(
    conn: asyncpg.Connection,
    code: str,
    value: Decimal,
    *,
    actor: str,
    reason: str,
    source: str,
    action: str = "update",
) -> dict:
    """Change a target's value (its wording and citation stay the plan's)."""
    before = await conn.fetchval(INDICATOR_SNAPSHOT + " FOR UPDATE", code)
    if before is None:
        raise NotFound(msg("plan.no_indicator", code=code), "code")
    await conn.execute("UPDATE indicator SET value = $2 WHERE code = $1", code, value)
    after = await conn.fetchval(INDICATOR_SNAPSHOT, code)
    change_id = await history.record_change(
        conn, actor=actor, action=action, entity=INDICATOR_ENTITY, entity_id=code,
        before=json.loads(before), after=json.loads(after), reason=reason, source=source,
    )  # fmt: skip
    return {"change_id": change_id, "indicator": json.loads(after)}


async def restore(conn: asyncpg.Connection, entry: dict, which: str, actor: str, reason, source):
    """Restore a plan entity (district industries, an indicator) to a version from history."""
    target = entry[which]
    if target is None:
        raise UnprocessableParameter(msg("plan.empty_version"), "version")
    if entry["entity"] == PLAN_ENTITY:
        leading = [
            Leading(
                item["industry"],
                tuple(Segment(s["name"], s["name_en"]) for s in item["segments"]),
                item["segments_open_ended"],
            )
            for item in target["leading"]
        ]
        specialty = [item["industry"] for item in target["specialty"]]
        return await replace_industries(
            conn, entry["entity_id"], leading, specialty, actor=actor, reason=reason,
            source=source, action="restore",
        )  # fmt: skip
    return await set_indicator(
        conn, entry["entity_id"], Decimal(str(target["value"])), actor=actor, reason=reason,
        source=source, action="restore",
    )  # fmt: skip


RESTORABLE = (PLAN_ENTITY, INDICATOR_ENTITY)
