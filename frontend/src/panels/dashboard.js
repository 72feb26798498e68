// The plan at a glance: the region's 2027 target, the nine clusters' targets (with the note that
// they overlap) and the eight districts' as lists of bars — buttons, so that every bar is a named
// keyboard stop: a cluster's shows where the plan places it, a district's opens the district —
// and the region-wide indicators.
import { button, h, list, replace } from "../dom.js";
import { formatNumber, language, money, moneyLarge, nameOf, t } from "../i18n.js";
import { choroplethColor } from "../map/styles.js";

const collator = new Intl.Collator("zh-CN");

export function createDashboard(container, actions) {
  // actions: {selectDistrict(adcode), findIndustry(term), districtStyle}
  let districtOrder = "plan"; // plan | target | name

  function render(data) {
    const { clusters, districts, indicators, plan } = data;
    const clusterMax = Math.max(...clusters.map((c) => c.revenue_target_2027 ?? 0));
    const clusterBars = list("ol", { class: "bar-list cluster-bars" }, clusters, (c) =>
      barRow({
        name: nameOf(c),
        value: c.revenue_target_2027,
        max: clusterMax,
        colour: CLUSTER_COLOUR,
        dataset: { cluster: c.id },
        onclick: () => actions.findIndustry(c.name),
      }),
    );
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
      figure(
        t("dashboard.clusters"),
        clusterBars,
        t("dashboard.source_clusters"),
        t("dashboard.cluster_hint"),
      ),
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
      barRow({
        name: nameOf(d),
        value: d.revenue_target_2027,
        max,
        colour: choroplethColor(actions.districtStyle, d.revenue_target_2027),
        dataset: { adcode: d.adcode },
        onclick: () => actions.selectDistrict(d.adcode),
      });
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
      list("ol", { class: "bar-list district-list" }, sorted, bar),
    );
  }

  function figure(title, chart, source, hint) {
    return h(
      "figure",
      { class: "chart-figure" },
      h("figcaption", {}, title),
      hint ? h("p", { class: "muted small" }, hint) : null,
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

  return { render };
}

const CLUSTER_COLOUR = "#2b6a99";

/** One bar: a button read as "name value", the bar itself drawn for the eye only. */
function barRow({ name, value, max, colour, dataset, onclick }) {
  return button(
    { class: "district-row", dataset, onclick },
    h("span", { class: "district-row-name" }, name),
    " ", // read as "name target", not run together
    h(
      "span",
      { class: "district-row-bar", "aria-hidden": "true" },
      h("span", { style: `width:${(100 * (value ?? 0)) / max}%;background:${colour}` }),
    ),
    h("span", { class: "district-row-value" }, money(value)),
  );
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
