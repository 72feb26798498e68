// A district profile's own progress: its 2027 revenue target against the path (or "no figure"),
// and the public figures known for it, each with its basis — never shown as revenue.
import "./progress.css";
import { getJSON } from "../api.js";
import { button, h, list, replace } from "../dom.js";
import { money, nameOf, t } from "../i18n.js";
import { setState } from "../state.js";
import { asStated, fetchMeasures, wordsOf } from "./progress-words.js";

export function districtProgress(adcode) {
  const section = h("section", { class: "district-progress", dataset: { adcode } });
  const query = new URLSearchParams({ area: adcode }).toString();
  Promise.all([getJSON(`/api/progress?${query}`), getJSON(`/api/actuals?${query}`), fetchMeasures()])
    .then(([progress, actuals, measures]) => {
      const words = wordsOf(measures);
      const target = progress.targets.find((x) => x.indicator_code === `revenue:${adcode}`);
      const status = (key) => h("span", { class: `progress-status-${key}` }, words.progress(key));
      const latest = target?.latest;
      const figures = actuals.actuals.slice(-6).reverse();
      replace(
        section,
        h("h3", {}, t("progress.district_heading")),
        target
          ? h(
              "p",
              { class: "district-progress-target" },
              t("progress.district_target", { target: money(target.target), status: "" }),
              status(target.progress),
            )
          : null,
        latest
          ? h(
              "p",
              {},
              t("progress.district_latest", { year: latest.year, value: money(latest.value), status: "" }),
              status(latest.progress),
            )
          : null,
        h("p", { class: "muted district-progress-rule" }, t("progress.rule")),
        figures.length
          ? [
              h("p", { class: "district-progress-figures" }, t("progress.district_figures")),
              list("ul", { class: "district-progress-figures" }, figures, (f) => [
                t("progress.figure_measure", { measure: nameOf({ name: f.measure, name_en: f.measure_en }) }),
                asStated(f),
                h(
                  "span",
                  { class: "muted" },
                  t("progress.figure_basis", { basis: words.basis(f.basis), status: words.status(f.status) }),
                ),
              ]),
            ]
          : h("p", { class: "muted" }, t("progress.district_none")),
        button(
          { class: "link-button district-progress-open", onclick: () => setState({ tab: "progress" }) },
          `${t("progress.open_tab")} →`,
        ),
      );
    })
    .catch(() => section.remove());
  return section;
}
