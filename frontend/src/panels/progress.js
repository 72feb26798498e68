// The 进度/赛马 tab: the districts coloured by progress in a chosen year (a choropleth on the
// main map while the tab is open), the ranking on comparable figures (sortable, weights
// adjustable), small multiples of each district's trend, and links to the year's 通报.
// Every number and rule comes from the server (/api/progress, /api/rankings, /api/measures,
// /api/actuals); nothing is re-derived here, and a missing figure is shown as missing.
import "./progress.css";
import { actualsForm } from "./actuals-form.js";
import { getJSON } from "../api.js";
import { button, h, mapButton, replace } from "../dom.js";
import { formatNumber, language, nameOf, shortDistrictName, t } from "../i18n.js";
import L from "../map/leaflet.js";
import { getState, setState, subscribe } from "../state.js";

const YEARS = [2022, 2023, 2024, 2025, 2026, 2027];
const REVENUE = "revenue";
const MISSING_COLOR = "#f0f0f0";
const RAMP = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];

const query = (params) => new URLSearchParams(params).toString();
const fetchProgress = (year) => getJSON(`/api/progress?${query({ year })}`);
const fetchRanking = (year, weights) =>
  getJSON(`/api/rankings?${query(weights ? { year, weights } : { year })}`);
const fetchFigures = (measure) => getJSON(`/api/actuals?${query({ measure, period: "year" })}`);

export function createProgressTab(panel, { map, districts, catalogLayer, selectDistrict }) {
  const view = {
    measure: REVENUE,
    year: null,
    weights: null, // measure → weight, once the reader changes one
    sort: { key: "rank", dir: 1 },
    measures: [],
    defaultYear: null,
    progress: null,
    ranking: null,
    figures: [],
    built: false,
    token: 0,
  };
  panel.classList.add("progress-panel");
  const categories = new Map((catalogLayer?.style?.categories ?? []).map((c) => [c.value, c]));

  // The choropleth: the districts' own outlines, drawn above the target colours.
  const layer = L.geoJSON(districts, {
    pane: "districts",
    attribution: "",
    style: (feature) => ({
      color: "#ffffff",
      weight: 1.5,
      fillColor: fillOf(feature.properties.adcode),
      fillOpacity: 1, // the target colours beneath must not show through "no figure"
    }),
    onEachFeature(feature, path) {
      const adcode = feature.properties.adcode;
      path.on("click", () => selectDistrict(adcode));
      path.on("add", () => {
        const el = path.getElement();
        if (!el) return;
        el.setAttribute("data-progress-adcode", adcode);
        mapButton(el, shortDistrictName(feature.properties), () => selectDistrict(adcode));
      });
    },
  });

  // While the tab is open its legend replaces the map's own (whose colours are not drawn then).
  const mapLegend = L.control({ position: "bottomleft" });
  const mapLegendBody = h("div", { class: "legend-body" });
  mapLegend.onAdd = () => {
    const container = h(
      "section",
      { class: "leaflet-control legend-control progress-legend-control" },
      h(
        "details",
        { class: "legend", open: window.innerWidth > 700 },
        h("summary", {}, t("progress.legend")),
        mapLegendBody,
      ),
    );
    L.DomEvent.disableClickPropagation(container);
    return container;
  };

  function revenueTarget(adcode) {
    return view.progress?.targets.find(
      (target) => target.indicator_code === `${REVENUE}:${adcode}` && target.area_code === adcode,
    );
  }

  function figureOf(adcode, year) {
    return view.figures.find((f) => f.area_code === adcode && f.year === year && !f.subject);
  }

  function valueScale() {
    const values = view.figures.filter((f) => f.area_kind === "district" && f.value != null);
    const numbers = values.map((f) => f.value);
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    return (value) => {
      if (!numbers.length) return RAMP[2];
      if (high === low) return RAMP[2];
      const step = Math.min(RAMP.length - 1, Math.floor(((value - low) / (high - low)) * RAMP.length));
      return RAMP[step];
    };
  }

  function fillOf(adcode) {
    if (view.measure === REVENUE) {
      const status = revenueTarget(adcode)?.progress ?? "missing";
      return categories.get(status)?.color ?? MISSING_COLOR;
    }
    const figure = figureOf(adcode, view.year);
    if (!figure || figure.value == null || !["=", "≈"].includes(figure.qualifier)) return MISSING_COLOR;
    return valueScale()(figure.value);
  }

  function recolour() {
    layer.setStyle((feature) => ({ fillColor: fillOf(feature.properties.adcode) }));
    replace(mapLegendBody, h("strong", {}, `${measureName(view.measure)} · ${view.year}`), legend());
    document.body.dataset.progressYear = String(view.year);
  }

  function measureInfo(code) {
    return view.measures.find((m) => m.code === code);
  }

  function measureName(code) {
    const m = measureInfo(code);
    if (!m) return code;
    return code === REVENUE ? t("progress.measure_revenue") : nameOf(m);
  }

  async function load(year) {
    const mine = ++view.token;
    const weights = view.weights
      ? Object.entries(view.weights)
          .map(([code, w]) => `${code}:${w}`)
          .join(",")
      : null;
    const [progress, ranking, figures] = await Promise.all([
      fetchProgress(year),
      fetchRanking(year, weights),
      view.measure === REVENUE ? Promise.resolve({ actuals: [] }) : fetchFigures(view.measure),
    ]);
    if (mine !== view.token) return false;
    Object.assign(view, { progress, ranking, figures: figures.actuals, year });
    return true;
  }

  async function show() {
    if (!view.built) {
      replace(panel, h("p", { class: "muted" }, t("progress.loading")));
      const [measures, first, reports] = await Promise.all([
        getJSON("/api/measures"),
        getJSON("/api/progress"),
        getJSON("/api/reports"),
      ]);
      view.measures = measures.measures;
      view.defaultYear = first.year;
      view.reports = reports.periods;
      view.built = true;
    }
    const wanted = Number(getState().year) || view.defaultYear;
    if ((await load(wanted)) === false) return;
    render();
  }

  function headline() {
    const revenue = view.progress.targets.filter(
      (target) => target.measure_code === REVENUE && target.area_kind === "district",
    );
    const withData = revenue.filter((target) => target.latest).length;
    return withData ? t("progress.headline_some", { n: withData }) : t("progress.headline_missing");
  }

  function controls() {
    const slider = h("input", {
      type: "range",
      id: "progress-year",
      min: YEARS[0],
      max: YEARS.at(-1),
      step: 1,
      value: view.year,
      "aria-valuetext": String(view.year),
    });
    const output = h("output", { class: "progress-year-value", for: "progress-year" }, view.year);
    slider.addEventListener("input", () => {
      output.textContent = slider.value;
    });
    slider.addEventListener("change", () => setState({ year: slider.value }));
    const options = [
      REVENUE,
      ...view.measures.filter((m) => m.rank && m.code !== REVENUE).map((m) => m.code),
    ];
    const select = h(
      "select",
      { id: "progress-measure" },
      options.map((code) => h("option", { value: code, selected: code === view.measure }, measureName(code))),
    );
    select.addEventListener("change", async () => {
      view.measure = select.value;
      if (await load(view.year)) render();
    });
    return h(
      "div",
      { class: "progress-controls" },
      h("label", { for: "progress-year" }, t("progress.year")),
      h("div", {}, slider, output),
      h("label", { for: "progress-measure" }, t("progress.measure")),
      select,
    );
  }

  function legend() {
    if (view.measure === REVENUE) {
      return h(
        "ul",
        { class: "progress-legend", "aria-label": t("progress.legend") },
        [...categories.values()].map((c) =>
          h(
            "li",
            {},
            h("span", { class: "swatch", style: `background:${c.color}` }),
            t(`progress.status.${c.value}`),
          ),
        ),
      );
    }
    const m = measureInfo(view.measure);
    return h(
      "ul",
      { class: "progress-legend", "aria-label": t("progress.legend") },
      h("li", {}, h("span", { class: "swatch", style: `background:${RAMP[0]}` }), "→"),
      h(
        "li",
        {},
        h("span", { class: "swatch", style: `background:${RAMP.at(-1)}` }),
        `${nameOf(m)}（${m.unit}）`,
      ),
      h(
        "li",
        {},
        h("span", { class: "swatch", style: `background:${MISSING_COLOR}` }),
        t("progress.legend_missing"),
      ),
      h("li", { class: "muted" }, t("progress.basis", { basis: m.basis })),
    );
  }

  function rankingSection() {
    const r = view.ranking;
    const criteria = r.criteria;
    const columns = [
      { key: "rank", label: t("progress.col_rank"), value: (d) => d.rank, num: true },
      { key: "name", label: t("progress.col_district"), value: (d) => shortDistrictName(d) },
      { key: "score", label: t("progress.col_score"), value: (d) => d.score, num: true },
      { key: "coverage", label: t("progress.col_coverage"), value: (d) => d.coverage, num: true },
      ...criteria.map((c) => ({
        key: `c:${c.code}`,
        label: `${nameOf(c)}（${c.basis}）`,
        value: (d) => d.criteria[c.code]?.value,
        num: true,
      })),
    ];
    const column = columns.find((c) => c.key === view.sort.key) ?? columns[0];
    const rows = [...r.districts].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      if (x == null && y == null) return 0;
      if (x == null) return 1; // missing always last, whichever the direction
      if (y == null) return -1;
      return (typeof x === "string" ? x.localeCompare(y, language()) : x - y) * view.sort.dir;
    });
    const cell = (col, d) => {
      const value = col.value(d);
      if (col.key === "rank")
        return value == null ? t("progress.unranked") : `${value}${d.tied ? ` (${t("progress.tied")})` : ""}`;
      if (col.key === "score")
        return value == null ? t(`progress.reason.${d.unranked_reason}`) : formatNumber(value);
      if (col.key === "coverage") return `${Math.round(100 * value)}%`;
      if (col.key === "name") return value;
      return value == null ? "—" : formatNumber(value);
    };
    const table = h(
      "table",
      { class: "ranking", id: "progress-ranking" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map((col) =>
            h(
              "th",
              {
                scope: "col",
                dataset: { sortKey: col.key },
                "aria-sort":
                  col.key === view.sort.key ? (view.sort.dir > 0 ? "ascending" : "descending") : null,
              },
              button(
                {
                  "aria-label": t("progress.sort", { col: col.label }),
                  onclick: () => {
                    view.sort =
                      view.sort.key === col.key
                        ? { key: col.key, dir: -view.sort.dir }
                        : { key: col.key, dir: col.key === "rank" || col.key === "name" ? 1 : -1 };
                    render();
                  },
                },
                col.label,
              ),
            ),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((d) =>
          h(
            "tr",
            { dataset: { adcode: d.adcode } },
            columns.map((col) => h("td", { class: col.num ? "num" : null }, cell(col, d))),
          ),
        ),
      ),
    );
    const unused = r.criteria_not_used.map((c) =>
      t("progress.not_used_item", { name: nameOf(c), basis: c.basis, n: c.districts_with_figures }),
    );
    return [
      h("h3", {}, t("progress.ranking", { year: view.year })),
      criteria.length
        ? null
        : h(
            "p",
            { class: "notice", id: "progress-no-ranking" },
            t("progress.no_ranking", { year: view.year }),
          ),
      h("div", { class: "ranking-scroll" }, table),
      unused.length ? h("p", { class: "muted" }, t("progress.not_used", { items: unused.join("；") })) : null,
      weightsForm(),
    ];
  }

  function weightsForm() {
    const rankable = view.measures.filter((m) => m.rank);
    const current = view.ranking.weights;
    return h(
      "fieldset",
      { class: "progress-weights" },
      h("legend", {}, t("progress.weights")),
      rankable.map((m) => {
        const input = h("input", {
          type: "number",
          min: 0,
          max: 100,
          step: 0.5,
          value: current[m.code],
          dataset: { measure: m.code },
          "aria-label": `${nameOf(m)} ${t("progress.weights")}`,
        });
        input.addEventListener("change", async () => {
          const value = Number(input.value);
          if (!(value >= 0 && value <= 100)) return;
          view.weights = { ...current, ...view.weights, [m.code]: value };
          if (await load(view.year)) render();
        });
        return h("label", {}, `${nameOf(m)} `, input);
      }),
      h("small", { class: "muted" }, t("progress.weights_help")),
    );
  }

  function trendSeries(adcode) {
    if (view.measure === REVENUE) {
      const target = revenueTarget(adcode);
      const series = target?.series ?? [];
      return [
        {
          name: t("progress.trend_path"),
          values: YEARS.map((y) => series.find((s) => s.year === y)?.path_value ?? null),
          dashed: true,
          color: "#888",
        },
        {
          name: t("progress.trend_actual"),
          values: YEARS.map((y) => series.find((s) => s.year === y)?.actual ?? null),
          color: "#2166ac",
        },
      ];
    }
    return [
      {
        name: measureName(view.measure),
        values: YEARS.map((y) => {
          const f = figureOf(adcode, y);
          return f && ["=", "≈"].includes(f.qualifier) ? f.value : null;
        }),
        color: "#31a354",
      },
    ];
  }

  function smallMultiples() {
    const grid = h("div", { class: "small-multiples", id: "progress-trends" });
    const cells = districts.features.map((feature) => {
      const p = feature.properties;
      const series = trendSeries(p.adcode);
      const hasActual = series.some((s) => !s.dashed && s.values.some((v) => v != null));
      const chart = h("div", { class: "chart" });
      const cellEl = h(
        "div",
        { class: "small-multiple", dataset: { adcode: p.adcode, hasData: String(hasActual) } },
        h("h4", {}, shortDistrictName(p)),
        chart,
        hasActual ? null : h("div", { class: "empty" }, t("progress.trend_empty")),
      );
      return { cellEl, chart, series, name: shortDistrictName(p) };
    });
    grid.append(...cells.map((c) => c.cellEl));
    // Draw once the cells are in the page (ECharts needs their size).
    import("./progress-charts.js").then(({ trendChart }) => {
      for (const c of cells)
        trendChart(c.chart, {
          years: YEARS,
          series: c.series,
          description: `${c.name} ${measureName(view.measure)}`,
        });
    });
    return grid;
  }

  function reportLinks() {
    const lang = language();
    const items = (view.reports ?? []).map((p) => {
      const period = p.quarter ? t("progress.quarter", { year: p.year, m: 3 * p.quarter }) : String(p.year);
      const params = query({ lang, ...(p.quarter ? { quarter: p.quarter } : {}) });
      return h(
        "li",
        {},
        h(
          "a",
          { href: `/reports/${p.year}/print?${params}`, target: "_blank" },
          t("progress.report_year", { period }),
        ),
        " · ",
        h("a", { href: `/reports/${p.year}.xlsx?${params}` }, t("progress.report_xlsx", { period })),
      );
    });
    return [
      h("h3", {}, t("progress.reports")),
      h("ul", { class: "data-links", id: "progress-reports" }, items),
    ];
  }

  function render() {
    const p = view.progress;
    replace(
      panel,
      h("h2", {}, t("progress.heading")),
      h("p", {}, t("progress.intro")),
      h("p", { class: "notice", id: "progress-headline" }, headline()),
      h("p", { class: "rule" }, t("progress.rule")),
      controls(),
      legend(),
      h(
        "p",
        { class: "muted", id: "progress-share" },
        t("progress.share", {
          n: p.targets_with_data,
          total: p.targets_total,
          pct: formatNumber(100 * (p.share_with_data ?? 0)),
        }),
      ),
      view.measure === REVENUE ? h("p", { class: "muted" }, t("progress.path_rule")) : null,
      rankingSection(),
      h("h3", {}, t("progress.trends", { measure: measureName(view.measure) })),
      smallMultiples(),
      reportLinks(),
      actualsForm({ onImported: () => location.reload() }),
    );
    recolour();
  }

  function active(s) {
    return s.tab === "progress";
  }

  function toggle(on) {
    map.getContainer().classList.toggle("progress-shown", on);
    if (!on) {
      layer.remove();
      mapLegend.remove();
      return;
    }
    layer.addTo(map);
    mapLegend.addTo(map);
    show().catch((error) => replace(panel, h("p", { class: "error", role: "alert" }, error.message)));
  }

  subscribe((changed, s) => {
    if (changed.has("tab") || changed.has("lang") || changed.has("year")) toggle(active(s));
  });
  if (active(getState())) toggle(true);
}
