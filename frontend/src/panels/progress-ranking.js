// The 赛马 ranking of the 进度/赛马 tab: the server's ranking of one year on comparable figures
// (sortable by any column, missing always last), the measures not used and why, and the
// adjustable weights (each change asks the server again; nothing is re-ranked here).
import { button, h } from "../dom.js";
import { formatNumber, language, nameOf, shortDistrictName, t } from "../i18n.js";

function sortedRows(districts, column, dir) {
  return [...districts].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x == null && y == null) return 0;
    if (x == null) return 1; // missing always last, whichever the direction
    if (y == null) return -1;
    return (typeof x === "string" ? x.localeCompare(y, language()) : x - y) * dir;
  });
}

/** view: the tab's state; rerender(): draw the tab again; reweigh(weights): ask again. */
export function rankingSection(view, { rerender, reweigh }) {
  const r = view.ranking;
  const words = view.words;
  const columns = [
    { key: "rank", label: t("progress.col_rank"), value: (d) => d.rank, num: true },
    { key: "name", label: t("progress.col_district"), value: (d) => shortDistrictName(d) },
    { key: "score", label: t("progress.col_score"), value: (d) => d.score, num: true },
    { key: "coverage", label: t("progress.col_coverage"), value: (d) => d.coverage, num: true },
    ...r.criteria.map((c) => ({
      key: `c:${c.code}`,
      label: t("progress.criterion", { name: nameOf(c), basis: words.basis(c.basis) }),
      value: (d) => d.criteria[c.code]?.value,
      num: true,
    })),
  ];
  const column = columns.find((c) => c.key === view.sort.key) ?? columns[0];
  const cell = (col, d) => {
    const value = col.value(d);
    if (col.key === "rank")
      return value == null ? t("progress.unranked") : `${value}${d.tied ? ` (${t("progress.tied")})` : ""}`;
    if (col.key === "score") return value == null ? words.unranked(d.unranked_reason) : formatNumber(value);
    if (col.key === "coverage") return `${Math.round(100 * value)}%`;
    if (col.key === "name") return value;
    return value == null ? "—" : formatNumber(value);
  };
  const sortBy = (col) => {
    view.sort =
      view.sort.key === col.key
        ? { key: col.key, dir: -view.sort.dir }
        : { key: col.key, dir: col.key === "rank" || col.key === "name" ? 1 : -1 };
    rerender();
  };
  const header = columns.map((col) =>
    h(
      "th",
      {
        scope: "col",
        dataset: { sortKey: col.key },
        "aria-sort": col.key === view.sort.key ? (view.sort.dir > 0 ? "ascending" : "descending") : null,
      },
      button({ "aria-label": t("progress.sort", { col: col.label }), onclick: () => sortBy(col) }, col.label),
    ),
  );
  const table = h(
    "table",
    { class: "ranking", id: "progress-ranking" },
    h("thead", {}, h("tr", {}, header)),
    h(
      "tbody",
      {},
      sortedRows(r.districts, column, view.sort.dir).map((d) =>
        h(
          "tr",
          { dataset: { adcode: d.adcode } },
          columns.map((col) => h("td", { class: col.num ? "num" : null }, cell(col, d))),
        ),
      ),
    ),
  );
  const unused = r.criteria_not_used.map((c) =>
    t("progress.not_used_item", {
      name: nameOf(c),
      basis: words.basis(c.basis),
      n: c.districts_with_figures,
    }),
  );
  return [
    h("h3", {}, t("progress.ranking", { year: view.year })),
    r.criteria.length
      ? null
      : h("p", { class: "notice", id: "progress-no-ranking" }, t("progress.no_ranking", { year: view.year })),
    h("div", { class: "ranking-scroll" }, table),
    unused.length
      ? h("p", { class: "muted" }, t("progress.not_used", { items: unused.join(t("punct.list")) }))
      : null,
    weightsForm(view, reweigh),
  ];
}

function weightsForm(view, reweigh) {
  const current = view.ranking.weights;
  return h(
    "fieldset",
    { class: "progress-weights" },
    h("legend", {}, t("progress.weights")),
    view.measures
      .filter((m) => m.rank)
      .map((m) => {
        const input = h("input", {
          type: "number",
          min: 0,
          max: 100,
          step: 0.5,
          value: current[m.code],
          dataset: { measure: m.code },
          "aria-label": `${nameOf(m)} ${t("progress.weights")}`,
        });
        input.addEventListener("change", () => {
          const value = Number(input.value);
          if (value >= 0 && value <= 100) reweigh({ ...current, ...view.weights, [m.code]: value });
        });
        return h("label", {}, `${nameOf(m)} `, input);
      }),
    h("small", { class: "muted" }, t("progress.weights_help")),
  );
}
