// SLOT: site selection. Another module fills this tab with a panel that calls
// GET /api/site-selection?industry=…&area_mu=… and draws its candidates on the map.
// Until then it says what is coming. Keep the tab id "siting" and the container
// #tab-siting-panel so that its state (tab=siting) stays shareable.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

export function renderSitingPlaceholder(container) {
  replace(
    container,
    h("h2", {}, t("siting.heading")),
    h(
      "div",
      { class: "slot", dataset: { slot: "site-selection" } },
      h("p", { class: "muted" }, t("siting.placeholder")),
    ),
  );
}
