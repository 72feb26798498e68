"""A site-selection answer as files for the meeting: CSV (opens in Excel), GeoJSON (opens in
QGIS), and a standalone HTML map (folium) that can be mailed to the company.

The HTML map works offline when opened from disk: Leaflet's JavaScript and CSS are written
into the page from the front end's pinned npm package (frontend/node_modules/leaflet/dist,
or IM_EXPORT_LEAFLET_DIR), and there is no tile layer; districts (named on the map), the
reference area and the numbered candidates are drawn as vectors and HTML markers, with the
ranked list and a legend beside them. CSV and HTML are in the chosen language (`lang`).
If that Leaflet copy is missing (a build without the front
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
from app.domain.rules import LEVELS, LOCATION_WORDS, NAMED_REASONS, PLAN

# Columns of the CSV, with their header in each language (the file's language is chosen by
# the request's `lang`).
CSV_COLUMNS = {
    "type": ("类型", "type"),
    "rank": ("名次", "rank"),
    "score": ("得分", "score"),
    "confidence": ("把握", "confidence"),
    "id": ("编号", "id"),
    "name": ("名称", "name"),
    "district": ("所在区", "district"),
    "land": ("所属园区（同一片土地）", "land (same piece of land as)"),
    "level": ("级别", "level"),
    "area": ("面积", "area"),
    "area_kind": ("面积口径", "kind of area"),
    "distance_km": ("距离（公里）", "distance (km)"),
    "location": ("位置", "location"),
    "lon": ("经度", "lon"),
    "lat": ("纬度", "lat"),
    "unknowns": ("未知事项", "unknowns"),
    "reasons": ("理由", "reasons"),
    "excluded_because": ("未入选原因", "why excluded"),
}
ROW_TYPES = {
    "park": ("推荐园区", "candidate park"),
    "component": ("同一片土地上的园区", "park on the same land"),
    "district": ("区县", "district"),
    "excluded": ("未入选园区", "excluded park"),
    "excluded_district": ("未入选区县", "excluded district"),
}
LEVEL_WORDS = {k: v for k, v in LEVELS.items()}


def _i(lang: str) -> int:
    return 0 if lang == "zh" else 1


def _name(item: dict, lang: str) -> str:
    return (item.get("name_en") or item["name"]) if lang == "en" else item["name"]


def _reasons(park: dict, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{r[lang]} [{r['points']:+g}]" for r in park["reasons"])


def _area(park: dict, lang: str) -> tuple[str, str]:
    area = park["area"]
    kind = area["kind_zh"] if lang == "zh" else area["kind_en"]
    if area["available_mu"] is not None:
        text = (
            f"约 {area['available_mu']:g} 亩" if lang == "zh" else f"≈{area['available_mu']:g} mu"
        )
        return text, kind
    if area["km2_min"] is None:
        return ("未知" if lang == "zh" else "unknown"), ""
    low, high = area["km2_min"], area["km2_max"]
    km2 = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    mu = f"{area['mu_min']:,.0f}" if low == high else f"{area['mu_min']:,.0f}–{area['mu_max']:,.0f}"
    return (f"{km2} km²（约 {mu} 亩）" if lang == "zh" else f"{km2} km² (≈{mu} mu)"), kind


def _park_row(park: dict, lang: str, kind: str, land: str = "") -> dict:
    i = _i(lang)
    area, area_kind = _area(park, lang)
    sep = "；" if lang == "zh" else "; "
    return {
        "type": ROW_TYPES[kind][i], "rank": park.get("rank", ""), "score": park["score"],
        "confidence": park["confidence"], "id": park["id"], "name": _name(park, lang),
        "district": park["district"] if lang == "zh" else park["district_en"], "land": land,
        "level": LEVEL_WORDS[park["level_class"]][i], "area": area, "area_kind": area_kind,
        "distance_km": "" if park["distance_km"] is None else park["distance_km"],
        "location": LOCATION_WORDS[park["location_precision"]][i],
        "lon": "" if park["lon"] is None else park["lon"],
        "lat": "" if park["lat"] is None else park["lat"],
        "unknowns": sep.join(u[lang] for u in park["unknowns"]),
        "reasons": _reasons(park, lang),
        "excluded_because": sep.join(f[lang] for f in park["failed"]),
    }  # fmt: skip


def to_csv(selection: dict, lang: str = "zh") -> str:
    """The ranked parks (each with the other parks of its land below it), the ranked
    districts, then the excluded candidates with why, in one table whose headers, names and
    reasons are in `lang`. UTF-8 with a byte-order mark so that Excel shows the Chinese."""
    i = _i(lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([headers[i] for headers in CSV_COLUMNS.values()])

    def write(row: dict) -> None:
        writer.writerow([row.get(key, "") for key in CSV_COLUMNS])

    for park in selection["parks"]:
        write(_park_row(park, lang, "park"))
        for member in park["components"]:
            write(_park_row(member, lang, "component", land=_name(park, lang)))
    for district in selection["districts"]:
        write({
            "type": ROW_TYPES["district"][i], "rank": district["rank"],
            "score": district["score"], "id": district["adcode"],
            "name": _name(district, lang), "district": _name(district, lang),
            "distance_km": "" if district["distance_km"] is None else district["distance_km"],
            "reasons": _reasons(district, lang),
        })  # fmt: skip
    for item in selection["excluded"]:
        if item["kind"] == "park":
            write(_park_row(item, lang, "excluded"))
        else:
            write({
                "type": ROW_TYPES["excluded_district"][i], "id": item["adcode"],
                "name": _name(item, lang), "district": _name(item, lang),
                "excluded_because": item[lang],
            })  # fmt: skip
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

CANDIDATE_COLOUR = "#00574b"  # the front end's CANDIDATE_COLOR (map/styles.js)
TIER_COLOURS = {"named": "#74c476", "linked": "#d9f0d3"}  # the front end's SITING_STYLE
MARKER = 24  # px

# The page's words in each language.
WORDS = {
    "title": ("选址候选：{term}", "Site candidates: {term}"),
    "area": ("，需地 {mu} 亩", ", {mu} mu needed"),
    "near": ("，靠近{ref}", ", near {ref}"),
    "score": ("得分 {score}", "score {score}"),
    "approximate": ("位置示意", "indicative location"),
    "unlocated": ("无位置信息，未标在图上", "no location, not on the map"),
    "legend": ("图例", "Legend"),
    "legend_marker": ("候选园区（数字为名次，与列表一致）",
                      "candidate park (number = rank, as in the list)"),
    "legend_dashed": ("虚线：位置示意（镇街或区政府驻地，非园区实际位置）",
                      "dashed: indicative location (a town or district seat, not the park itself)"),
    "legend_named": ("计划点名该产业的区", "district the plan names for the industry"),
    "legend_linked": ("经产业集群关联的区", "district linked through a cluster"),
    "legend_reference": ("参照区域：{ref}", "reference area: {ref}"),
    "excluded": ("未入选 {n} 个（原因见表格导出）", "{n} excluded (reasons in the CSV export)"),
    "caveat": ("面积按园区公布的口径比较，可供土地以来源为准；依据：{plan}。生成日期 {date}。",
               "Areas are compared by the kind the sources state; available land only where a "
               "source says so. Basis: {plan}. Made {date}."),
    "cdn": ("注意：本页从 CDN 加载 Leaflet，需联网。", "Note: this page loads Leaflet from a CDN."),
}  # fmt: skip


def _w(key: str, lang: str, **facts) -> str:
    return WORDS[key][_i(lang)].format(**facts)


def _popup(park: dict, lang: str) -> str:
    items = "".join(
        f"<li>{html.escape(r[lang])} <b>{r['points']:+g}</b></li>"
        for r in park["reasons"]
        if r["points"]
    )
    note = f"（{_w('approximate', lang)}）" if park["location_approximate"] else ""
    district = park["district"] if lang == "zh" else park["district_en"]
    return (
        f"<div class='candidate' data-park-id='{html.escape(park['id'])}'>"
        f"<b>{park['rank']}. {html.escape(_name(park, lang))}</b>{html.escape(note)}<br>"
        f"{html.escape(district)} · {_w('score', lang, score=format(park['score'], 'g'))}"
        f"<ul>{items}</ul></div>"
    )


PAGE_CSS = f"""<style>
.rank-marker {{ width: {MARKER}px; height: {MARKER}px; border-radius: 50%;
  background: {CANDIDATE_COLOUR}; color: #fff; font: bold 12px/{MARKER - 4}px sans-serif;
  text-align: center; border: 2px solid #fff; box-sizing: border-box;
  box-shadow: 0 0 0 1px {CANDIDATE_COLOUR}; }}
.rank-marker.approximate {{ background: #fff; color: {CANDIDATE_COLOUR};
  border: 2px dashed {CANDIDATE_COLOUR}; box-shadow: none; }}
.district-label {{ font: bold 13px sans-serif; color: #1f3b2c; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; transform: translate(-50%, -50%); }}
.folium-map {{ position: absolute !important; left: 0; top: 0; bottom: 0; right: 380px;
  width: auto !important; height: auto !important; }}
#siting-panel {{ position: absolute; top: 0; right: 0; bottom: 0; z-index: 1000;
  width: 356px; overflow: auto; background: #fff; padding: 8px 12px;
  font: 13px/1.4 sans-serif; border-left: 1px solid #999; }}
.rank-marker.unlocated {{ background: #999; box-shadow: 0 0 0 1px #999; }}
@media (max-width: 700px) {{
  .folium-map {{ right: 0; bottom: 45%; }}
  #siting-panel {{ top: 55%; width: auto; left: 0; border-left: 0; border-top: 1px solid #999; }}
}}
#siting-panel summary {{ font-weight: bold; cursor: pointer; }}
#siting-panel ol {{ list-style: none; padding: 0; margin: 6px 0; }}
#siting-panel li {{ display: flex; gap: 6px; margin-bottom: 4px; }}
#siting-panel li .rank-marker {{ flex: none; }}
#siting-panel .legend div {{ display: flex; align-items: center; gap: 6px; margin: 3px 0; }}
#siting-panel .swatch {{ width: 18px; height: 12px; border: 1px solid #555; flex: none; }}
#siting-panel .muted {{ color: #555; }}
</style>"""


def _marker_class(park: dict) -> str:
    if park["lon"] is None:
        return " unlocated"
    return " approximate" if park["location_approximate"] else ""


def to_html_map(selection: dict, outlines: list[dict], lang: str = "zh") -> str:
    """A standalone folium map of the candidates (see the module docstring about offline use):
    numbered markers that match the ranked list beside them, district names, a legend, and no
    third-party credit banner (no tiles are drawn, so none is owed)."""
    query = selection["query"]
    m = folium.Map(location=[29.6, 105.9], zoom_start=9, tiles=None, control_scale=True,
                   attribution_control=False)  # fmt: skip
    leaflet = _leaflet(leaflet_dir())
    if leaflet:
        # Only Leaflet is needed for vectors, markers and popups; the other defaults (jQuery,
        # Bootstrap, awesome-markers, Font Awesome) serve widgets we do not use.
        m.default_js, m.default_css = [], []
        js, css = leaflet
        m.get_root().header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
        m.get_root().header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js")
        m.get_root().header.add_child(Element(JQUERY_SHIM), name="jquery_shim")
    m.get_root().header.add_child(Element(PAGE_CSS), name="siting_css")

    reference = selection.get("reference") or {}
    ref_name = reference.get(lang) or reference.get("zh") or ""
    tiers = {d["adcode"]: ("named" if d["reasons"][0]["code"] in NAMED_REASONS else "linked")
             for d in selection["districts"]}  # fmt: skip
    for outline in outlines:
        if outline["kind"] == "reference":
            style = {"color": "#555555", "weight": 1, "fillColor": "#999999", "fillOpacity": 0.25}
            folium.GeoJson(outline["geometry"], style_function=lambda _f, s=style: s,
                           tooltip=ref_name).add_to(m)  # fmt: skip
            continue
        fill = TIER_COLOURS[tiers.get(outline["id"], "linked")]
        style = {"color": "#2f6b3a", "weight": 1.5, "fillColor": fill, "fillOpacity": 0.55}
        name = _name(outline, lang)
        folium.GeoJson(outline["geometry"], style_function=lambda _f, s=style: s,
                       tooltip=name).add_to(m)  # fmt: skip
        if outline.get("label_lat") is not None:
            folium.Marker(
                [outline["label_lat"], outline["label_lon"]],
                icon=folium.DivIcon(html=f"<div class='district-label'>{html.escape(name)}</div>",
                                    icon_size=(0, 0)),
                interactive=False,
            ).add_to(m)  # fmt: skip

    bounds, spots = [], {}
    for park in selection["parks"]:
        if park["lon"] is not None:
            spots.setdefault((park["lon"], park["lat"]), []).append(park)
    for group in spots.values():
        for i, park in enumerate(group):
            offset = (i - (len(group) - 1) / 2) * (MARKER + 2)
            bounds.append([park["lat"], park["lon"]])
            approx = " approximate" if park["location_approximate"] else ""
            icon = folium.DivIcon(
                html=f"<div class='rank-marker{approx}' data-park-id='{html.escape(park['id'])}' "
                f"data-rank='{park['rank']}'>{park['rank']}</div>",
                icon_size=(MARKER, MARKER), icon_anchor=(MARKER / 2 - offset, MARKER / 2),
            )  # fmt: skip
            folium.Marker(
                [park["lat"], park["lon"]], icon=icon,
                tooltip=f"{park['rank']}. {_name(park, lang)}",
                popup=folium.Popup(_popup(park, lang), max_width=420),
            ).add_to(m)  # fmt: skip
    if bounds:
        m.fit_bounds(bounds, padding=(30, 30))

    title = html.escape(_w("title", lang, term=query["industry"]))
    if query.get("area_mu"):
        title += html.escape(_w("area", lang, mu=f"{query['area_mu']:g}"))
    if ref_name:
        title += html.escape(_w("near", lang, ref=ref_name))
    ranked = "".join(
        f"<li data-rank='{p['rank']}' data-park-id='{html.escape(p['id'])}'>"
        f"<span class='rank-marker{_marker_class(p)}'>"
        f"{p['rank']}</span><span><b>{html.escape(_name(p, lang))}</b> · "
        f"{html.escape(p['district'] if lang == 'zh' else p['district_en'])} · "
        f"{html.escape(_w('score', lang, score=format(p['score'], 'g')))}"
        f"{'' if p['lon'] is not None else ' — ' + html.escape(_w('unlocated', lang))}"
        "</span></li>"
        for p in selection["parks"]
    )
    legend = (
        f"<div class='legend'><b>{_w('legend', lang)}</b>"
        f"<div><span class='rank-marker'>1</span>{html.escape(_w('legend_marker', lang))}</div>"
        f"<div><span class='rank-marker approximate'>1</span>"
        f"{html.escape(_w('legend_dashed', lang))}</div>"
        f"<div><span class='swatch' style='background:{TIER_COLOURS['named']}'></span>"
        f"{html.escape(_w('legend_named', lang))}</div>"
        f"<div><span class='swatch' style='background:{TIER_COLOURS['linked']}'></span>"
        f"{html.escape(_w('legend_linked', lang))}</div>"
        + (f"<div><span class='swatch' style='background:#bbbbbb'></span>"
           f"{html.escape(_w('legend_reference', lang, ref=ref_name))}</div>" if ref_name else "")
        + "</div>"
    )  # fmt: skip
    notices = "".join(f"<p>{html.escape(n[lang])}</p>" for n in selection["notices"])
    misses = "".join(f"<p>{html.escape(n[lang])}</p>" for n in selection["nearest_misses"])
    excluded = ""
    if selection["excluded"]:
        n = len(selection["excluded"])
        excluded = f"<p class='muted'>{html.escape(_w('excluded', lang, n=n))}</p>"
    caveat = _w("caveat", lang, plan=PLAN, date=date.today().isoformat())
    offline = "" if leaflet else f"<p>{_w('cdn', lang)}</p>"
    panel = f"""
<details id="siting-panel" open>
  <summary>{title}</summary>
  <ol class="ranked">{ranked}</ol>
  {misses}{excluded}{legend}{notices}
  <p class="muted">{html.escape(caveat)}</p>{offline}
</details>"""
    m.get_root().html.add_child(Element(panel))
    m.get_root().header.add_child(
        Element(f"<script type='application/json' id='siting-data'>"
                f"{json.dumps([p['id'] for p in selection['parks']])}</script>")
    )  # fmt: skip
    return m.get_root().render()
