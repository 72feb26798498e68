// The 进度/赛马 tab's small multiples (each district's trend: its revenue against the path, or
// one measure's figures; missing years are gaps) and the links to each period's 通报.
import { h } from "../dom.js";
import { language, shortDistrictName, t } from "../i18n.js";
import { comparableValue, REVENUE } from "./progress-map.js";

export const YEARS = [2022, 2023, 2024, 2025, 2026, 2027];

function trendSeries(view, chart, adcode) {
  if (view.measure === REVENUE) {
    const series = chart.revenueTarget(adcode)?.series ?? [];
    const at = (year, key) => series.find((s) => s.year === year)?.[key] ?? null;
    return [
      {
        name: t("progress.trend_path"),
        values: YEARS.map((y) => at(y, "path_value")),
        dashed: true,
        color: "#888",
      },
      { name: t("progress.trend_actual"), values: YEARS.map((y) => at(y, "actual")), color: "#2166ac" },
    ];
  }
  return [
    {
      name: chart.measureName(view.measure),
      values: YEARS.map((y) => comparableValue(chart.figureOf(adcode, y))),
      color: "#31a354",
    },
  ];
}

/** chart: {revenueTarget, figureOf, measureName} of the tab. */
export function smallMultiples(view, districts, chart) {
  const grid = h("div", { class: "small-multiples", id: "progress-trends" });
  const cells = districts.features.map((feature) => {
    const p = feature.properties;
    const series = trendSeries(view, chart, p.adcode);
    const hasActual = series.some((s) => !s.dashed && s.values.some((v) => v != null));
    const el = h("div", { class: "chart" });
    const cellEl = h(
      "div",
      { class: "small-multiple", dataset: { adcode: p.adcode, hasData: String(hasActual) } },
      h("h4", {}, shortDistrictName(p)),
      el,
      hasActual ? null : h("div", { class: "empty" }, t("progress.trend_empty")),
    );
    return { cellEl, el, series, name: shortDistrictName(p) };
  });
  grid.append(...cells.map((c) => c.cellEl));
  // Draw once the cells are in the page (ECharts needs their size).
  import("./progress-charts.js").then(({ trendChart }) => {
    for (const c of cells)
      trendChart(c.el, {
        years: YEARS,
        series: c.series,
        description: `${c.name} ${chart.measureName(view.measure)}`,
      });
  });
  return grid;
}

/** The 通报 of each period with figures: the printable page and the workbook. */
export function reportLinks(periods) {
  const lang = language();
  const items = (periods ?? []).map((p) => {
    const period = p.quarter ? t("progress.quarter", { year: p.year, m: 3 * p.quarter }) : String(p.year);
    const params = new URLSearchParams({ lang, ...(p.quarter ? { quarter: p.quarter } : {}) }).toString();
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
