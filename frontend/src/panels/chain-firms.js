// The firms of the 产业链 tab: how a district, park or firm is matched to a node (the plan's
// words, an editorial equivalence, or only related), a firm in a list, a firm's profile with
// its sources and 位置示意, and the firms at one place on the map. Firms' names and records are
// shown as their sources state them (Chinese), marked so.
import { button, h, list, verbatim } from "../dom.js";
import { joinNames, language, money, nameOf, t } from "../i18n.js";

/** "原文" / "编者 · 经“电驱”≈" — on which basis a district, park or firm is matched to a node. */
export function matchTag(basis, terms = []) {
  if (!basis) return null; // a firm on no node of the chain is matched on no basis
  const via = terms.find((x) => x.basis === basis && x.term);
  const text = t(`chain.match.${basis}`);
  const title =
    via && basis !== "literal"
      ? t("chain.via", { term: via.term, relation: t(`chain.relation.${via.relation}`) })
      : null;
  return h("span", { class: `match match-${basis}`, title }, title ? `${text} · ${title}` : text);
}

const firmButton = (f, openFirm) =>
  button({ class: "link", dataset: { firm: f.id }, onclick: () => openFirm(f.id) }, verbatim(f.name));

/** A firm in a node's list: its name (opens its profile), district, stage and match. */
export function firmItem(f, openFirm) {
  return [
    firmButton(f, openFirm),
    h(
      "span",
      { class: "firm-meta" },
      ` ${language() === "en" ? f.district_en : f.district} · ${t(`stage.${f.stage}`)}`,
    ),
    " ",
    matchTag(f.basis, f.terms),
    f.location_approximate ? h("span", { class: "approximate" }, t("park.approximate")) : null,
  ];
}

/** The firms drawn at one place on the map. */
export function placeList(firms, openFirm) {
  return [
    h("h3", {}, t("firm.places", { n: firms.length })),
    list("ul", { class: "chain-list chain-firms" }, firms, (f) => [
      firmButton(f, openFirm),
      h("span", { class: "firm-meta" }, ` ${t(`stage.${f.stage}`)}`),
    ]),
  ];
}

/** A firm's profile (/api/enterprises/{id}); `back()` returns to the node. */
export function firmProfile(f, back) {
  const events = (f.stage_events || []).map(
    (e) => `${e.date} ${t(`event.${e.event}`)}${e.inferred ? t("event.inferred") : ""}`,
  );
  const row = (label, value) =>
    value == null || value === "" ? null : [h("dt", {}, label), h("dd", {}, value)];
  return h(
    "section",
    { class: "firm-profile", "data-firm-profile": f.id },
    button({ class: "link", onclick: back }, `← ${t("firm.back")}`),
    h("h3", {}, verbatim(f.name)),
    f.kind === "group" ? h("p", { class: "notice" }, t("firm.group")) : null,
    h(
      "dl",
      {},
      row(t("firm.district"), language() === "en" ? f.district_en : f.district),
      row(t("firm.park"), verbatim(f.park || f.park_text)),
      row(t("firm.chain"), verbatim(f.industry_chain)),
      row(t("firm.segment"), verbatim(f.segment)),
      row(t("firm.nodes"), joinNames(f.nodes.map((n) => nameOf(n)))),
      row(t("firm.products"), verbatim(f.products)),
      row(t("firm.stage"), t(`stage.${f.stage}`)),
      row(t("firm.status"), verbatim(f.status_text)),
      row(t("firm.events"), events.join(t("punct.list"))),
      row(t("firm.investment"), f.investment_yi == null ? t("pipeline.unstated") : money(f.investment_yi)),
      row(
        t("firm.location"),
        h("span", { class: "approximate-text" }, t(`firm.location.${f.location_precision}`)),
      ),
    ),
    h("h4", {}, t("firm.sources", { n: f.sources.length })),
    list("ol", { class: "firm-sources" }, f.sources, (src) => {
      const [url, ...rest] = src.split(" ");
      return [
        h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url),
        rest.length ? [" ", verbatim(rest.join(" "))] : null,
      ];
    }),
    f.notes ? [h("h4", {}, t("firm.notes")), h("p", { class: "firm-notes" }, verbatim(f.notes))] : null,
  );
}
