"""File imports into a writable layer (editor role): dry run, then the real run in one
transaction. With `Accept: application/x-ndjson` the answer streams progress lines
({"progress": n, "total": m}) before the report, for the progress bar of long imports.

No `from __future__ import annotations`: FastAPI must see the annotations."""

import asyncio
import hashlib
import json
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse

from app.auth import Principal, require_role
from app.db.routing import pool_for
from app.domain.editing import records
from app.errors import NotFound, PayloadTooLarge, ProblemError, localized, problem, reader_language
from app.imports import files
from app.imports.run import run_import
from app.messages import msg, render

router = APIRouter(prefix="/api/imports", tags=["editing"])


async def _read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(msg("import.upload_too_large", max=f"{limit:,}"), "file")
    return data


def _problem_of(report: dict, lang: str) -> JSONResponse:
    errors = report["errors"]
    first = errors[0]
    refused = msg("import.refused", n=len(errors), row=first["row"], field=first["field"] or "",
                  message=first["message"])  # fmt: skip
    response = problem(
        422, "Import refused", render(refused, lang), "file", code=refused.code, **report
    )
    response.headers["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    return response


@router.post("", summary="Import a file into a writable layer (dry run first); needs editor")
async def import_file(
    request: Request,
    principal: Annotated[Principal, Depends(require_role("editor"))],
    file: Annotated[UploadFile, File(description="GeoJSON, zipped Shapefile, GPKG, CSV, XLSX")],
    layer: Annotated[str, Query(description="a writable collection, e.g. parks")],
    dry_run: Annotated[bool, Query(description="check and report, write nothing")] = True,
    crs: Annotated[str | None, Query(description="gcj02, bd09, EPSG:n")] = None,
    encoding: Annotated[str, Query(description="CSV text encoding, e.g. gbk")] = "utf-8",
    repair: Annotated[bool, Query(description="repair invalid geometries, not refuse")] = False,
    reason: Annotated[str | None, Query(max_length=500)] = None,
    source: Annotated[str | None, Query(max_length=500)] = None,
):  # fmt: skip
    target = request.app.state.catalog.get(layer)
    if target is None:
        raise NotFound(msg("import.no_collection", layer=layer), "layer")
    records.writable(target)
    settings = request.app.state.write_settings
    limits = files.Limits(
        settings.import_max_bytes, settings.import_max_rows, settings.import_max_unzipped_bytes
    )
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limits.max_bytes + 64 * 1024:
        raise PayloadTooLarge(msg("import.upload_larger", max=f"{limits.max_bytes:,}"), "file")
    data = await _read_upload(file, limits.max_bytes)
    filename = file.filename or "upload"
    read = await anyio.to_thread.run_sync(
        lambda: files.read(
            data, filename, limits, declared_crs=crs, encoding=encoding, repair=repair
        )
    )
    digest = hashlib.sha256(data).hexdigest()[:12]
    actor = records.Actor(
        principal.username,
        (reason or "").strip() or "导入 / import",
        ((source or "").strip() or f"file {filename}") + f" (sha256 {digest})",
    )

    async def execute(progress=None) -> dict:
        async with pool_for(request, write=True).acquire() as conn:
            report = await run_import(
                conn, target, read, actor, filename=filename, dry_run=dry_run,
                tolerance_m=settings.boundary_tolerance_m, progress=progress,
            )  # fmt: skip
        return report.summary(lang)

    lang = reader_language(request)
    if "application/x-ndjson" not in request.headers.get("accept", ""):
        report = await execute()
        return _problem_of(report, lang) if report["errors"] else report

    queue: asyncio.Queue = asyncio.Queue()

    async def lines():
        async def progress(done: int, total: int) -> None:
            await queue.put({"progress": done, "total": total})

        task = asyncio.create_task(execute(progress))
        task.add_done_callback(lambda _: queue.put_nowait(None))
        while (item := await queue.get()) is not None:
            yield json.dumps(item) + "\n"
        try:
            report = task.result()
            yield json.dumps({"report": report, "status": 422 if report["errors"] else 200},
                             ensure_ascii=False) + "\n"  # fmt: skip
        except ProblemError as exc:
            told = localized(lang, exc.status, exc.detail, exc.message)
            yield json.dumps({"status": exc.status, "parameter": exc.parameter, **told},
                             ensure_ascii=False) + "\n"  # fmt: skip

    return StreamingResponse(lines(), media_type="application/x-ndjson")
