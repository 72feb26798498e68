"""A site-selection answer as files for the meeting: CSV (opens in Excel), GeoJSON (opens in
QGIS), and a standalone HTML map (folium) that can be mailed to the company.

The HTML map works offline when opened from disk: Leaflet's JavaScript and CSS are written
into the page from the front end's pinned npm package (frontend/node_modules/leaflet/dist,
or IM_EXPORT_LEAFLET_DIR), and there is no tile layer; districts, the reference area and the
candidates are drawn as vectors. If that Leaflet copy is missing (a build without the front
end's packages) the page falls back to folium's CDN links and says so in its footer.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from datetime import date
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element

from app.config import PROJECT_ROOT
from app.domain.rules import PLAN

CSV_COLUMNS = [
    "rank", "score", "id", "name", "name_en", "district", "district_adcode", "level_class",
    "level", "host_town", "parent_id", "location_precision", "location_approximate", "lon",
    "lat", "distance_km", "area_km2_min", "area_km2_max", "area_kind", "industries",
    "reasons_zh", "reasons_en",
]  # fmt: skip


def _reasons(park: dict, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{r[lang]} [{r['points']:+g}]" for r in park["reasons"])


def to_csv(selection: dict) -> str:
    """One row per candidate park, best first; reasons joined in one cell per language. UTF-8
    with a byte-order mark so that Excel shows the Chinese correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for park in selection["parks"]:
        reasons = {"reasons_zh": _reasons(park, "zh"), "reasons_en": _reasons(park, "en")}
        writer.writerow(park | reasons)
    return "\ufeff" + out.getvalue()


def to_geojson(selection: dict) -> dict:
    """Candidate parks as a FeatureCollection (null geometry for parks without a location);
    the query, weights, notices and ranked districts ride along as foreign members."""
    features = []
    for park in selection["parks"]:
        geometry = None
        if park["lon"] is not None:
            geometry = {"type": "Point", "coordinates": [park["lon"], park["lat"]]}
        properties = {k: v for k, v in park.items() if k not in ("lon", "lat", "reasons")}
        properties |= {
            "reasons_zh": _reasons(park, "zh"),
            "reasons_en": _reasons(park, "en"),
            "reasons": park["reasons"],
        }
        features.append(
            {"type": "Feature", "id": park["id"], "geometry": geometry, "properties": properties}
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "query": selection["query"],
        "notices": selection["notices"],
        "districts": [
            {k: d[k] for k in ("rank", "adcode", "name", "name_en", "score", "parks")}
            for d in selection["districts"]
        ],
        "weights": selection["weights"],
    }


@lru_cache(maxsize=4)
def _leaflet(directory: str) -> tuple[str, str] | None:
    folder = Path(directory)
    try:
        js = (folder / "leaflet.js").read_text(encoding="utf-8")
        css = (folder / "leaflet.css").read_text(encoding="utf-8")
    except OSError:
        return None
    # The default marker images are never used (candidates are circle markers); drop their
    # relative URLs so an offline page asks for nothing.
    return js, css.replace("url(images/", "url(data:,")


def leaflet_dir() -> str:
    default = PROJECT_ROOT / "frontend" / "node_modules" / "leaflet" / "dist"
    return os.environ.get("IM_EXPORT_LEAFLET_DIR", str(default))


# folium builds each popup's content with jQuery, as `$(`<div>…</div>`)[0]`; that one use is
# all the page needs, so a small stand-in replaces the 90 kB library (and its CDN).
JQUERY_SHIM = """<script>
window.$ = window.$ || function (html) {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  return [t.content.firstChild];
};
</script>"""

SCORE_COLOURS = ((100, "#b2182b"), (60, "#ef8a62"), (25, "#fddbc7"), (float("-inf"), "#d1e5f0"))


def _colour(score: float) -> str:
    return next(colour for floor, colour in SCORE_COLOURS if score >= floor)


def _popup(park: dict) -> str:
    items = "".join(
        f"<li>{html.escape(r['zh'])} <b>{r['points']:+g}</b></li>" for r in park["reasons"]
    )
    name = html.escape(park["name"])
    note = "（位置示意）" if park["location_approximate"] else ""
    return (
        f"<div class='candidate' data-park-id='{html.escape(park['id'])}'>"
        f"<b>{park['rank']}. {name}</b>{note}<br>{html.escape(park['district'])} · "
        f"得分 {park['score']:g}<ul>{items}</ul></div>"
    )


def to_html_map(selection: dict, outlines: list[dict]) -> str:
    """A standalone folium map of the candidates (see the module docstring about offline use)."""
    query = selection["query"]
    m = folium.Map(location=[29.6, 105.9], zoom_start=9, tiles=None, control_scale=True)
    leaflet = _leaflet(leaflet_dir())
    if leaflet:
        # Only Leaflet is needed for vectors, circle markers and popups; the other defaults
        # (jQuery, Bootstrap, awesome-markers, Font Awesome) serve widgets we do not use.
        m.default_js, m.default_css = [], []
        js, css = leaflet
        m.get_root().header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
        m.get_root().header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js")
        m.get_root().header.add_child(Element(JQUERY_SHIM), name="jquery_shim")

    for outline in outlines:
        is_ref = outline["kind"] == "reference"
        style = (
            {"color": "#555555", "weight": 1, "fillColor": "#999999", "fillOpacity": 0.25}
            if is_ref
            else {"color": "#2166ac", "weight": 2, "fillColor": "#67a9cf", "fillOpacity": 0.15}
        )
        label = (selection.get("reference") or {}).get("zh") if is_ref else outline["name"]
        folium.GeoJson(
            outline["geometry"], style_function=lambda _f, s=style: s, tooltip=label
        ).add_to(m)

    bounds = []
    for park in selection["parks"]:
        if park["lon"] is None:
            continue
        bounds.append([park["lat"], park["lon"]])
        folium.CircleMarker(
            [park["lat"], park["lon"]],
            radius=9 if park["rank"] <= 3 else 7,
            color="#333333",
            weight=1,
            dash_array="3" if park["location_approximate"] else None,
            fill=True,
            fill_color=_colour(park["score"]),
            fill_opacity=0.9,
            tooltip=f"{park['rank']}. {park['name']}",
            popup=folium.Popup(_popup(park), max_width=420),
        ).add_to(m)
    if bounds:
        m.fit_bounds(bounds, padding=(30, 30))

    title = html.escape(f"选址候选：{query['industry']}")
    area = f"，需地 {query['area_mu']:g} 亩" if query.get("area_mu") else ""
    ranked = "".join(
        f"<li>{p['rank']}. {html.escape(p['name'])}（{html.escape(p['district'])}，{p['score']:g}）"
        f"{'' if p['lon'] is not None else ' — 无位置信息'}</li>"
        for p in selection["parks"]
    )
    notices = "".join(f"<p>{html.escape(n['zh'])}</p>" for n in selection["notices"])
    offline = "" if leaflet else "<p>注意：本页从 CDN 加载 Leaflet，需联网。</p>"
    panel = f"""
<details id="siting-panel" open style="position:absolute;top:10px;right:10px;z-index:1000;
     max-width:340px;max-height:85%;overflow:auto;background:#fff;padding:8px 12px;
     font:13px/1.4 sans-serif;border:1px solid #999;border-radius:4px">
  <summary style="font-weight:bold;cursor:pointer">{title}{area}</summary>
  <ol style="padding-left:1.2em;list-style:none">{ranked}</ol>
  {notices}
  <p style="color:#555">虚线圆点为位置示意（镇街或区政府驻地），非园区实际位置；
  面积比较仅针对园区公布面积，不代表可供土地。依据：{PLAN}。
  生成日期 {date.today().isoformat()}。</p>{offline}
</details>"""
    m.get_root().html.add_child(Element(panel))
    m.get_root().header.add_child(
        Element(f"<script type='application/json' id='siting-data'>"
                f"{json.dumps([p['id'] for p in selection['parks']])}</script>")
    )  # fmt: skip
    return m.get_root().render()
