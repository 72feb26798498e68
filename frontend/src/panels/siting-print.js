// The printed 选址 page: the ranked candidates (number, name, district, score, main reasons)
// beside the map, so that a printed marker still says what it is. Print-only; filled with
// every answer and emptied when the candidates leave the map.
import { h, list, replace } from "../dom.js";
import { formatNumber, localized, nameOf, t } from "../i18n.js";
import "./siting.css";

function aside() {
  let el = document.getElementById("print-candidates");
  if (!el) {
    el = h("aside", { id: "print-candidates", class: "print-only print-candidates" });
    document.getElementById("map").after(el);
  }
  return el;
}

// The plan's best reason, the area and the distance: what a printed line has room for.
const MAIN = [/^plan_/, /^area_/, /^distance/];

function mainReasons(candidate) {
  return MAIN.map((pattern) => candidate.reasons.find((r) => pattern.test(r.code))).filter(Boolean);
}

export function showPrintList(answer) {
  const el = aside();
  document.body.classList.toggle("print-siting", Boolean(answer?.parks?.length));
  if (!answer?.parks?.length) return replace(el);
  replace(
    el,
    h("h2", {}, t("siting.print_heading", { term: answer.query.industry })),
    h("p", { class: "print-columns" }, t("siting.print_columns")),
    list(
      "ol",
      { class: "print-candidate-list" },
      answer.parks,
      (p) => [
        h("span", { class: "print-rank" }, String(p.rank)),
        h(
          "div",
          {},
          h("strong", {}, nameOf(p)),
          ` · ${nameOf({ name: p.district, name_en: p.district_en })} · ${t("siting.score", { score: formatNumber(p.score) })}`,
          p.location_approximate ? ` · ${t("park.approximate")}` : "",
          p.lon == null ? ` · ${t("siting.not_on_map")}` : "",
          h("p", { class: "print-reasons" }, mainReasons(p).map(localized).join("；")),
        ),
      ],
      (p) => ({ dataset: { rank: p.rank, parkId: p.id } }),
    ),
  );
}
