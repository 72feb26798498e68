// The plan at a glance: the region's 2027 target, the nine clusters' targets as a bar chart
// (with the note that they overlap), the eight districts' as a list of bars that can be sorted
// and opened from the keyboard, and the region-wide indicators. The chart loads on first opening.
import { button, h, list, replace } from "../dom.js";
import { formatNumber, language, money, moneyLarge, nameOf, t } from "../i18n.js";
import { choroplethColor } from "../map/styles.js";

const collator = new Intl.Collator("zh-CN");

export function createDashboard(container, actions) {
  // actions: {selectDistrict(adcode), districtStyle}
  let charts = [];
  let districtOrder = "plan"; // plan | target | name

  window.addEventListener("resize", () => {
    for (const chart of charts) chart.resize();
  });

  async function render(data) {
    const { clusters, districts, indicators, plan } = data;
    for (const chart of charts) chart.dispose();
    charts = [];
    const clusterChart = h("div", { class: "chart", style: `height:${clusters.length * 42 + 10}px` });
    const districtBars = h("div", { class: "district-bars" });
    // The clusters' targets overlap (an industry counts in more than one): their sum exceeds the
    // region's, and says so, with both figures from the plan's data.
    const clusterSum = clusters.reduce((sum, c) => sum + (c.revenue_target_2027 ?? 0), 0);
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
      clusterSum > plan.region_revenue_target
        ? h(
            "p",
            { class: "note overlap-note" },
            t("dashboard.overlap", { sum: money(clusterSum), total: money(plan.region_revenue_target) }),
          )
        : null,
      figure(t("dashboard.districts"), districtBars, t("dashboard.source_districts")),
      h("h3", {}, t("dashboard.indicators")),
      kpis(region, "kpis"),
      h(
        "details",
        { class: "tasks" },
        h("summary", {}, t("dashboard.tasks")),
        kpis(tasks, "kpis kpis-small"),
      ),
    );
    drawDistricts(districtBars, districts);
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
    );
    container.dataset.ready = "true";
  }

  /** The eight districts as bars (buttons that open the district), in the order chosen. */
  function drawDistricts(el, districts) {
    const sorted = [...districts];
    if (districtOrder === "target") sorted.sort((a, b) => b.revenue_target_2027 - a.revenue_target_2027);
    else if (districtOrder === "name")
      sorted.sort((a, b) =>
        language() === "en" ? nameOf(a).localeCompare(nameOf(b)) : collator.compare(a.name, b.name),
      );
    else sorted.sort((a, b) => a.plan_order - b.plan_order);
    const max = Math.max(...districts.map((d) => d.revenue_target_2027));
    const order = (value) =>
      button(
        {
          class: "chip",
          "aria-pressed": String(districtOrder === value),
          dataset: { order: value },
          onclick: () => {
            districtOrder = value;
            drawDistricts(el, districts);
            el.querySelector(`[data-order="${value}"]`)?.focus();
          },
        },
        t(`dashboard.order_${value}`),
      );
    const bar = (d) =>
      button(
        {
          class: "district-row",
          dataset: { adcode: d.adcode },
          onclick: () => actions.selectDistrict(d.adcode),
        },
        h("span", { class: "district-row-name" }, nameOf(d)),
        " ", // read as "name target", not run together
        h(
          "span",
          { class: "district-row-bar", "aria-hidden": "true" },
          h("span", {
            style: `width:${(100 * d.revenue_target_2027) / max}%;background:${choroplethColor(actions.districtStyle, d.revenue_target_2027)}`,
          }),
        ),
        h("span", { class: "district-row-value" }, money(d.revenue_target_2027)),
      );
    replace(
      el,
      h(
        "div",
        { class: "sort-row", role: "group", "aria-label": t("dashboard.order") },
        h("span", { class: "muted small" }, t("dashboard.order")),
        order("plan"),
        order("target"),
        order("name"),
      ),
      list("ol", { class: "district-list" }, sorted, bar),
    );
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
