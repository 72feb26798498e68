"""/docs (Swagger UI) and /redoc (ReDoc), from the pinned npm packages copied into the front
end's build (frontend/vite.config.js → dist/api-docs/): no CDN, no remote fonts, no inline
script, so they work on an intranet with no way out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS = "/api-docs"
TITLE = "渝西产业地图 API"

SWAGGER = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE} · Swagger UI</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{ASSETS}/swagger-init.js"></script>
</body></html>
"""

REDOC = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE} · ReDoc</title>
<style>body {{ margin: 0; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }}</style>
</head><body>
<redoc spec-url="/openapi.json"></redoc>
<script src="{ASSETS}/redoc.standalone.js"></script>
</body></html>
"""

NO_CACHE = {"Cache-Control": "no-cache"}


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    return HTMLResponse(SWAGGER, headers=NO_CACHE)


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    return HTMLResponse(REDOC, headers=NO_CACHE)
