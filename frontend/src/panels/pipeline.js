// The project pipeline (项目库): known firms and projects by stage, filterable by district,
// chain, stage and year, with the totals the server adds up (stated investment only) and the
// plan's yearly 50 亿元 开工 target compared only as far as the data measure it.
import { api } from "../api.js";
import { button, h, list, replace, verbatim } from "../dom.js";
import { language, localized, nameOf, planSection, t } from "../i18n.js";

const STAGES = ["signed", "under_construction", "operating"];

export function createPipeline(el, { openFirm }) {
  const filters = { district: "", chain: "", stage: "", year: "" };
  let chains = [];
  let districts = null;
  let token = 0;

  const yi = (value) =>
    value == null
      ? t("pipeline.unstated")
      : new Intl.NumberFormat(language() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: 2 }).format(
          value,
        );

  function select(name, options) {
    return h(
      "label",
      { class: "pipeline-filter" },
      t(`pipeline.${name}`),
      h(
        "select",
        { name, onchange: (event) => ((filters[name] = event.target.value), load()) },
        h("option", { value: "" }, t("pipeline.all")),
        options.map(([value, label]) =>
          h("option", { value, selected: filters[name] === String(value) }, label),
        ),
      ),
    );
  }

  function table(answer) {
    const projects = answer.projects;
    const years = (p) =>
      [p.signed_year, p.construction_year, p.operating_year].map((y) => y ?? "–").join(" / ");
    const total = answer.totals.all;
    return h(
      "table",
      { class: "pipeline-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["name", "district", "stage", "years", "investment"].map((c) =>
            h("th", { scope: "col" }, t(`pipeline.col.${c}`)),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        projects.map((p) =>
          h(
            "tr",
            { dataset: { project: p.id, stage: p.stage } },
            h("td", {}, button({ class: "link", onclick: () => openFirm(p.id) }, verbatim(p.name))),
            h("td", {}, language() === "en" ? p.district_en : p.district),
            h("td", {}, t(`stage.${p.stage}`)),
            h("td", { class: "num" }, years(p)),
            h("td", { class: "num" }, yi(p.investment_yi)),
          ),
        ),
      ),
      h(
        "tfoot",
        {},
        h(
          "tr",
          {},
          h(
            "th",
            { scope: "row", colspan: "4" },
            t("pipeline.total", { n: total.projects, k: total.with_stated_investment }),
          ),
          h("td", { class: "num", "data-total": total.investment_yi ?? "" }, yi(total.investment_yi)),
        ),
      ),
    );
  }

  function summaries(answer) {
    const stageRows = STAGES.map((s) => [t(`stage.${s}`), answer.totals.stages[s]]);
    const districtRows = Object.values(answer.totals.districts).map((d) => [nameOf(d), d.all]);
    const row = ([label, x]) =>
      t("pipeline.row", { label, n: x.projects, total: yi(x.investment_yi), k: x.with_stated_investment });
    const target = answer.annual_start_target;
    const reached = target.checks.filter((c) => c.verdict === "reached_by_listed_projects");
    return [
      h("h4", {}, t("pipeline.by_stage")),
      list("ul", { class: "chain-list" }, stageRows, row),
      h("h4", {}, t("pipeline.by_district")),
      list("ul", { class: "chain-list" }, districtRows, row),
      h(
        "div",
        { class: "annual-target", "data-measured": String(target.measured) },
        h("h4", {}, t("pipeline.annual")),
        h(
          "p",
          { class: "plan-quote" },
          planSection(target.plan_section),
          t("punct.colon"),
          h("q", { lang: "zh-CN" }, target.plan_quote),
        ),
        h("p", { class: "notice" }, localized(target.why)),
        reached.length
          ? list("ul", { class: "chain-list" }, reached, (c) =>
              t("pipeline.annual_reached", { district: nameOf(c), year: c.year, total: yi(c.investment_yi) }),
            )
          : h("p", { class: "hint" }, t("pipeline.annual_none")),
      ),
    ];
  }

  async function load() {
    const mine = ++token;
    const params = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
    const answer = await api.pipeline(params);
    if (mine !== token) return;
    if (!districts) districts = Object.entries((await api.pipeline({})).totals.districts);
    const years = [...new Set(Object.values(answer.totals.years).flatMap((y) => Object.keys(y)))].sort();
    const csv = `/api/pipeline.csv?${new URLSearchParams({ ...params, lang: language() })}`;
    replace(
      el,
      h("h2", {}, t("pipeline.heading")),
      h("p", { class: "hint" }, t("pipeline.intro"), " ", localized(answer.rules)),
      h(
        "div",
        { class: "pipeline-filters" },
        select(
          "district",
          districts.map(([adcode, d]) => [adcode, nameOf(d)]),
        ),
        select(
          "chain",
          chains.map((c) => [c.cluster_id, nameOf(c)]),
        ),
        select(
          "stage",
          STAGES.map((s) => [s, t(`stage.${s}`)]),
        ),
        select(
          "year",
          (filters.year && !years.includes(filters.year) ? [...years, filters.year] : years).map((y) => [
            y,
            y,
          ]),
        ),
      ),
      table(answer),
      h(
        "p",
        { class: "downloads" },
        h("a", { href: csv, download: "" }, t("pipeline.csv")),
        " · ",
        h("a", { href: csv.replace(".csv?", ".xlsx?"), download: "" }, "XLSX"),
      ),
      summaries(answer),
    );
    el.dataset.projects = String(answer.projects.length);
  }

  return {
    render(_state, chainList) {
      chains = chainList;
      load();
    },
  };
}
