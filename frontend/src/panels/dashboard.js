// The plan at a glance: the region's 2027 target, the nine clusters' and the eight districts'
// targets as bar charts, and the region-wide indicators. Charts load on first opening.
import { h, list, replace } from "../dom.js";
import { formatNumber, language, money, moneyLarge, nameOf, t } from "../i18n.js";
import { choroplethColor } from "../map/styles.js";

export function createDashboard(container, actions) {
  // actions: {selectDistrict(adcode), districtStyle}
  let charts = [];

  window.addEventListener("resize", () => {
    for (const chart of charts) chart.resize();
  });

  async function render(data) {
    const { clusters, districts, indicators, plan } = data;
    for (const chart of charts) chart.dispose();
    charts = [];
    const clusterChart = h("div", { class: "chart", style: `height:${clusters.length * 30 + 10}px` });
    const districtChart = h("div", { class: "chart", style: `height:${districts.length * 30 + 10}px` });
    const region = indicators.filter((i) => i.scope === "region" && i.code !== "revenue");
    const tasks = indicators.filter((i) => i.scope === "task");
    replace(
      container,
      h("h2", {}, t("dashboard.heading")),
      h(
        "div",
        { class: "headline" },
        h(
          "div",
          { class: "headline-value" },
          moneyLarge(plan.region_revenue_target),
          h("small", {}, ` (${money(plan.region_revenue_target)})`),
        ),
        h("div", { class: "headline-label" }, t("dashboard.region_target")),
      ),
      figure(t("dashboard.clusters"), clusterChart, t("dashboard.source_clusters")),
      figure(t("dashboard.districts"), districtChart, t("dashboard.source_districts")),
      h("h3", {}, t("dashboard.indicators")),
      kpis(region, "kpis"),
      h(
        "details",
        { class: "tasks" },
        h("summary", {}, t("dashboard.tasks")),
        kpis(tasks, "kpis kpis-small"),
      ),
    );
    const { barChart } = await import("./charts.js");
    if (!container.contains(clusterChart)) return; // re-rendered meanwhile
    const inBn = language() === "en";
    const value = (yi) => (inBn ? yi / 10 : yi);
    const format = (v) => (inBn ? `${formatNumber(v)} bn` : `${formatNumber(v)} 亿元`);
    charts.push(
      barChart(clusterChart, {
        rows: clusters.map((c) => ({ label: nameOf(c), value: value(c.revenue_target_2027) })),
        color: "#2b6a99",
        format,
        description: t("dashboard.chart_clusters"),
      }),
      barChart(districtChart, {
        rows: districts.map((d) => ({
          label: nameOf(d),
          value: value(d.revenue_target_2027),
          color: choroplethColor(actions.districtStyle, d.revenue_target_2027),
        })),
        format,
        description: t("dashboard.chart_districts"),
        onClick: (index) => actions.selectDistrict(districts[index].adcode),
      }),
    );
    container.dataset.ready = "true";
  }

  function figure(title, chart, source) {
    return h(
      "figure",
      { class: "chart-figure" },
      h("figcaption", {}, title),
      chart,
      h("p", { class: "muted small" }, source),
    );
  }

  function kpi(indicator) {
    return [
      h("span", { class: "kpi-value" }, indicatorValue(indicator)),
      h(
        "span",
        { class: "kpi-name" },
        nameOf(indicator),
        indicator.base_year && language() === "zh" ? `（较 ${indicator.base_year} 年）` : "",
      ),
    ];
  }

  const kpis = (indicators, className) =>
    list("ul", { class: className }, indicators, kpi, (i) => ({ class: "kpi", dataset: { code: i.code } }));

  return { render, resize: () => charts.forEach((c) => c.resize()) };
}

/** "≥ 2%", "75 亿元/平方公里", "about 35%", "CNY 7.5 bn per km²" … */
export function indicatorValue({ comparator, value, unit }) {
  const prefix = t(`comparator.${comparator}`);
  let text;
  if (unit === "亿元") text = money(value);
  else if (unit === "%") text = `${formatNumber(value)}%`;
  else if (unit === "亿元/平方公里")
    text = t("unit.yi_per_km2", { value: formatNumber(value), bn: formatNumber(value / 10) });
  else text = t("unit.count", { value: formatNumber(value), unit });
  return prefix ? `${prefix} ${text}` : text;
}
