// A district profile's own progress: its 2027 revenue target against the path (or "no figure"),
// and the public figures known for it, each with its basis — never shown as revenue.
import "./progress.css";
import { getJSON } from "../api.js";
import { button, h, list, replace } from "../dom.js";
import { money, t } from "../i18n.js";
import { setState } from "../state.js";

export function districtProgress(adcode) {
  const section = h("section", { class: "district-progress", dataset: { adcode } });
  const query = new URLSearchParams({ area: adcode }).toString();
  Promise.all([getJSON(`/api/progress?${query}`), getJSON(`/api/actuals?${query}`)])
    .then(([progress, actuals]) => {
      const target = progress.targets.find((x) => x.indicator_code === `revenue:${adcode}`);
      const status = (key) => h("span", { class: `progress-status-${key}` }, t(`progress.status.${key}`));
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
        h("p", { class: "muted" }, t("progress.rule")),
        figures.length
          ? [
              h("p", {}, t("progress.district_figures")),
              list("ul", {}, figures, (f) => [
                `${f.period_label} ${f.indicator_as_stated}：${f.value_text} ${f.unit}`,
                h(
                  "span",
                  { class: "muted" },
                  ` （${t("progress.basis", { basis: f.basis })}，${t(`progress.status_${f.status}`)}）`,
                ),
              ]),
            ]
          : h("p", { class: "muted" }, t("progress.district_none")),
        button(
          { class: "link-button", onclick: () => setState({ tab: "progress" }) },
          `${t("progress.open_tab")} →`,
        ),
      );
    })
    .catch(() => section.remove());
  return section;
}
