// The 补链 targets of the 产业链 tab (/api/chain-targets): for 渝西 and for each district, the
// nodes to fill, extend or strengthen, with the districts that plan them and the firms that
// hold them elsewhere, and the downloads (CSV, XLSX) on the chosen basis.
import { h, list, verbatim } from "../dom.js";
import { joinNames, language, nameOf, t } from "../i18n.js";

const actions = (x) => x.actions.map((a) => t(`chain.action.${a}`)).join(" ");
const nodeName = (x) => h("strong", {}, language() === "en" ? x.node_en : x.node);

/** The children of the targets' <details>; `districtName(adcode)` names a district. */
export function targetsSection(answer, { basis, chainId, districtName }) {
  const csv = (chain) =>
    `/api/chain-targets.csv?${new URLSearchParams({ basis, lang: language(), ...(chain ? { chain } : {}) })}`;
  const entry = (x) => [
    nodeName(x),
    ` · ${actions(x)} · `,
    x.planned_districts?.length ? joinNames(x.planned_districts.map(districtName)) : t("chain.no_district"),
  ];
  return [
    h("summary", {}, t("chain.targets")),
    h("p", { class: "hint" }, t("chain.targets_intro")),
    h("h4", {}, t("chain.targets_region")),
    list("ul", { class: "chain-list targets-region" }, answer.region, entry),
    answer.districts
      .filter((d) => d.targets.length)
      .map((d) => [
        h("h4", {}, nameOf(d)),
        list("ul", { class: "chain-list" }, d.targets, (x) => [
          nodeName(x),
          ` · ${actions(x)}`,
          x.held_elsewhere.length ? [" · ", verbatim(x.held_elsewhere.map((f) => f.name).join("、"))] : null,
        ]),
      ]),
    h(
      "p",
      { class: "downloads" },
      h(
        "a",
        { href: csv(chainId), download: "" },
        t("chain.targets_csv", { basis: t(`chain.basis.${basis}`) }),
      ),
      " · ",
      h("a", { href: csv(chainId).replace(".csv?", ".xlsx?"), download: "" }, "XLSX"),
      " · ",
      h("a", { href: csv(null), download: "" }, t("chain.targets_csv_all")),
    ),
  ];
}
