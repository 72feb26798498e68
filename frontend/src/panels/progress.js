// The 进度/赛马 tab: the districts coloured by progress in a chosen year (progress-map.js), the
// ranking on comparable figures (progress-ranking.js), small multiples of each district's trend
// and the links to the year's 通报 (progress-trends.js). Every number, rule and word comes from
// the server (/api/progress, /api/rankings, /api/measures, /api/actuals); nothing is re-derived
// here, and a missing figure is shown as missing.
import "./progress.css";
import { actualsForm } from "./actuals-form.js";
import { progressMap, REVENUE } from "./progress-map.js";
import { rankingSection } from "./progress-ranking.js";
import { reportLinks, smallMultiples, YEARS } from "./progress-trends.js";
import { fetchMeasures, wordsOf } from "./progress-words.js";
import { getJSON } from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, formatNumber, nameOf, t } from "../i18n.js";
import { getState, setState, subscribe } from "../state.js";

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
    words: null,
    defaultYear: null,
    progress: null,
    ranking: null,
    figures: [],
    built: false,
    token: 0,
  };
  panel.classList.add("progress-panel");

  function measureName(code) {
    const m = view.measures.find((x) => x.code === code);
    if (!m) return code;
    return code === REVENUE ? t("progress.measure_revenue") : nameOf(m);
  }

  const chart = progressMap(view, { map, districts, catalogLayer, selectDistrict, measureName });

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
        fetchMeasures(),
        getJSON("/api/progress"),
        getJSON("/api/reports"),
      ]);
      view.measures = measures.measures;
      view.answer = measures;
      view.defaultYear = first.year;
      view.reports = reports.periods;
      view.built = true;
    }
    view.words = wordsOf(view.answer); // in the language of now
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

  async function reweigh(weights) {
    view.weights = weights;
    if (await load(view.year)) render();
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
      chart.legend(),
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
      rankingSection(view, { rerender: render, reweigh }),
      h("h3", {}, t("progress.trends", { measure: measureName(view.measure) })),
      smallMultiples(view, districts, { ...chart, measureName }),
      reportLinks(view.reports),
      actualsForm({ onImported: () => location.reload() }),
    );
    chart.recolour();
  }

  function toggle(on) {
    chart.show(on);
    if (on)
      show().catch((error) => replace(panel, h("p", { class: "error", role: "alert" }, errorText(error))));
  }

  const active = (s) => s.tab === "progress";
  subscribe((changed, s) => {
    if (changed.has("tab") || changed.has("lang") || changed.has("year")) toggle(active(s));
  });
  if (active(getState())) toggle(true);
}
