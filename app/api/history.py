"""The change history: per record, per user; and restoring an earlier version (admin), which
is itself a recorded change.

No `from __future__ import annotations`: FastAPI must see the annotations."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from app.auth import Principal, optional_principal, require_role
from app.db.routing import pool_for
from app.domain import history, plan_edits
from app.domain.editing import records
from app.errors import NotFound, UnprocessableParameter
from app.messages import msg

router = APIRouter(prefix="/api/history", tags=["history"])


@router.get("", summary="Changes, newest first: of one record, one layer or one user")
async def changes(
    request: Request,
    principal: Annotated[Principal | None, Depends(optional_principal)],
    entity: Annotated[str | None, Query(description="e.g. parks", max_length=64)] = None,
    entity_id: Annotated[str | None, Query(description="a record id", max_length=200)] = None,
    actor: Annotated[str | None, Query(description="a user name", max_length=64)] = None,
    before_id: Annotated[int | None, Query(ge=1, description="page: older than this id")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    db = pool_for(request, authenticated=principal is not None)
    entries = await history.changes(
        db, entity=entity, entity_id=entity_id, actor=actor, before_id=before_id, limit=limit
    )
    return {"changes": entries}


@router.get("/{change_id}", summary="One change, with the record before and after")
async def change(
    request: Request,
    change_id: int,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> dict:
    db = pool_for(request, authenticated=principal is not None)
    entry = await history.change(db, change_id)
    if entry is None:
        raise NotFound(msg("history.no_change", id=change_id), "change_id")
    return entry


class Restore(BaseModel):
    version: Literal["before", "after"] = Field(
        "before", description="before: undo the change; after: return to what it made"
    )
    reason: str = Field(min_length=1, max_length=500)
    source: str | None = Field(None, max_length=500)


@router.post("/{change_id}/restore", summary="Restore a record's version from a change (admin)")
async def restore(
    request: Request,
    change_id: int,
    body: Restore,
    principal: Annotated[Principal, Depends(require_role("admin"))],
) -> dict:
    pool = pool_for(request, write=True)
    async with pool.acquire() as conn, conn.transaction():
        entry = await history.change(conn, change_id)
        if entry is None:
            raise NotFound(msg("history.no_change", id=change_id), "change_id")
        actor = records.Actor(
            principal.username,
            body.reason,
            body.source
            or f"恢复第 {change_id} 号修改（{'修改前' if body.version == 'before' else '修改后'}）"
            f" / restore of change #{change_id} ({body.version})",
        )
        if entry["entity"] in plan_edits.RESTORABLE:
            result = await plan_edits.restore(
                conn, entry, body.version, actor.username, actor.reason, actor.source
            )
            return {"change_id": result["change_id"], "entity": entry["entity"],
                    "entity_id": entry["entity_id"], "after": result}  # fmt: skip
        layer = request.app.state.catalog.get(entry["entity"])
        if layer is None or layer.writable is None:
            raise UnprocessableParameter(
                msg("history.not_restorable", entity=entry["entity"]), "change_id"
            )
        written = await records.restore(conn, layer, entry, body.version, actor)
    return {
        "change_id": written.change_id,
        "entity": layer.id,
        "entity_id": written.feature_id,
        "version": written.version,
        "after": written.after,
    }
