"""GET /api/config: what the page needs to start — languages and base maps. Base maps are
configured on the server (app.config.BasemapSettings) and never written into the page."""

from __future__ import annotations

from fastapi import APIRouter

from app.config import BasemapSettings, basemap_settings

router = APIRouter(prefix="/api", tags=["configuration"])

TIANDITU = "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"  # noqa: E501


# `ground`: the typical colour of a base map's land, under the translucent district fills, so
# that the legend's swatches mix to the colour the eye sees (an approximation over imagery).
GROUND = {"osm": "#f2efe9", "tianditu-vec": "#f5f3ee", "tianditu-img": "#5d6b55"}


def basemaps(settings: BasemapSettings) -> list[dict]:
    options = [
        {
            "id": "none",
            "title": {"zh": "无底图（离线）", "en": "No base map (offline)"},
            "layers": [],
        }
    ]
    if settings.osm_url:
        options.append(
            {
                "id": "osm",
                "title": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
                "layers": [{"url": settings.osm_url, "max_zoom": 19}],
                "attribution": "© OpenStreetMap contributors",
                "ground": GROUND["osm"],
            }
        )
    if settings.tianditu_key:
        attribution = f"天地图 · 审图号：{settings.tianditu_review_number}"
        for base, note, title_zh, title_en in (
            ("vec", "cva", "天地图 矢量", "Tianditu vector"),
            ("img", "cia", "天地图 影像", "Tianditu imagery"),
        ):
            options.append(
                {
                    "id": f"tianditu-{base}",
                    "title": {"zh": title_zh, "en": title_en},
                    "layers": [
                        {
                            "url": TIANDITU.format(s="{s}", layer=layer, key=settings.tianditu_key),
                            "subdomains": "01234567",
                            "max_zoom": 18,
                        }
                        for layer in (base, note)  # the map, then its annotation layer
                    ],
                    "attribution": attribution,
                    "ground": GROUND[f"tianditu-{base}"],
                }
            )
    return options


@router.get("/config", summary="Languages and the base maps configured on this server")
async def config() -> dict:
    settings = basemap_settings()
    options = basemaps(settings)
    ids = [b["id"] for b in options]
    return {
        "languages": ["zh", "en"],
        "default_language": "zh",
        "basemaps": options,
        "default_basemap": settings.default if settings.default in ids else "none",
    }
