"""Editors' upload of a filled-in template: POST /api/actuals/import (multipart), all rows or
none, each inserted figure recorded in the change history (app.domain.history), as the
writer role. The same import runs from the shell: `industry-map actuals import FILE`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from app.auth import require_role
from app.db.routing import pool_for
from app.domain.actuals import importing
from app.domain.history import record_change
from app.errors import PayloadTooLarge, reader_language
from app.messages import msg

router = APIRouter(prefix="/api", tags=["plan progress"])

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _json_safe(record: dict) -> dict:
    return json.loads(json.dumps(record, default=str, ensure_ascii=False))


@router.post(
    "/actuals/import",
    summary="Import a filled-in template (CSV or XLSX): every row checked, all written or none",
    responses={422: {"description": "Rejected (problem+json with `errors`: row, column, message)"}},
)
async def import_actuals(
    request: Request,
    file: Annotated[UploadFile, File(description="the filled-in template (.csv or .xlsx)")],
    principal=Depends(require_role("editor")),  # noqa: B008
    dry_run: Annotated[bool, Form()] = False,
    reason: Annotated[str, Form(max_length=500)] = "",
):
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(msg("actuals.too_large"), "file")
    name = file.filename or "upload"
    batch = f"{name}@{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"

    async def record(conn, records: list[dict]) -> None:
        for r in records:
            done = record_change(
                conn,
                actor=principal.username,
                action="create",
                entity="actual",
                entity_id=str(r["id"]),
                before=None,
                after=_json_safe(r),
                reason=reason.strip() or "导入 / import",
                source=f"import:{batch}",
            )
            if inspect.isawaitable(done):
                await done

    pool = pool_for(request, write=True)
    try:
        rows = importing.read_table(content, name)
        async with pool.acquire() as conn:
            result = await importing.import_rows(
                conn, rows, entered_by=principal.username, batch=batch, dry_run=dry_run,
                record=record,
            )  # fmt: skip
    except importing.ImportRejected as exc:
        # Told by the app's problem handler, the rows in the same language as the detail.
        exc.extra["errors"] = exc.rows(reader_language(request))
        raise
    return JSONResponse(result)
