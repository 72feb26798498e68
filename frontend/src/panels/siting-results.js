// Parts of a site-selection answer beyond the ranked list itself: how the term was
// understood, each candidate's confidence and unknowns, the other parks on the same land,
// the candidates excluded with why, and the nearest misses (relax one requirement).
import { button, h, list, verbatim } from "../dom.js";
import { localized, nameOf, t } from "../i18n.js";
import "./siting.css";

/** "按“电池包”理解为：动力电池（编辑关联）" — what the term was taken to mean, if anything. */
export function understoodLine(answer) {
  const u = answer.understood_as;
  if (!u) return null;
  // The plan's names the term was taken to mean are shown as the plan words them (Chinese).
  const means = u.means.join("、");
  const text =
    u.kind === "gbt4754"
      ? t("siting.understood_code", { code: u.code, name: "\u0000", means: "\u0001" })
      : t("siting.understood", { term: u.english ?? u.term, means: "\u0001" });
  const parts = text
    .split(/([\u0000\u0001])/)
    .map((part) => (part === "\u0000" ? verbatim(u.name) : part === "\u0001" ? verbatim(means) : part));
  return h(
    "p",
    { class: "siting-understood muted", dataset: { kind: u.kind } },
    parts,
    u.basis === "editorial" ? t("siting.editorial") : null,
    u.source ? [" ", h("cite", {}, u.source)] : null,
  );
}

/** "把握 72%" with the facts the score could not use (面积未知, 位置示意 …). */
export function confidenceLine(candidate) {
  const pct = Math.round(candidate.confidence * 100);
  return h(
    "p",
    { class: "candidate-confidence" },
    h(
      "span",
      {
        class: `confidence confidence-${pct >= 70 ? "high" : pct >= 40 ? "mid" : "low"}`,
        title: t("siting.confidence_label"),
      },
      t("siting.confidence", { pct }),
    ),
    candidate.unknowns.map((u) =>
      h("span", { class: "badge badge-unknown", dataset: { code: u.code } }, localized(u)),
    ),
  );
}

/** The other members of the candidate's piece of land, each with its own facts. */
export function sameLand(candidate, openPark) {
  if (!candidate.components?.length) return null;
  return h(
    "details",
    { class: "same-land" },
    h("summary", {}, t("siting.same_land", { n: candidate.components.length })),
    list(
      "ul",
      { class: "same-land-list" },
      candidate.components,
      (m) => [
        button({ class: "link-button", onclick: () => openPark(m.id) }, nameOf(m)),
        " · ",
        t("siting.score", { score: m.score }),
        m.failed.length
          ? h(
              "span",
              { class: "member-failed" },
              " · ",
              t("siting.member_failed", { why: m.failed.map(localized).join("；") }),
            )
          : null,
      ],
      (m) => ({ dataset: { parkId: m.id } }),
    ),
  );
}

/** Candidates known to fail a requirement, each with why, folded away. */
export function excludedList(answer, openPark) {
  const items = answer.excluded ?? [];
  if (!items.length) return null;
  return h(
    "details",
    { class: "siting-excluded", open: !answer.parks.length },
    h("summary", {}, t("siting.excluded", { n: items.length })),
    h("p", { class: "muted small" }, t("siting.excluded_intro")),
    list(
      "ul",
      { class: "excluded-list" },
      items,
      (e) => [
        e.kind === "park"
          ? button({ class: "link-button", onclick: () => openPark(e.id) }, nameOf(e))
          : h("strong", {}, nameOf(e)),
        t("punct.colon"),
        localized(e),
      ],
      (e) => ({ dataset: { kind: e.kind, id: e.id ?? e.adcode } }),
    ),
  );
}

/** "放宽到 80 公里可得 3 个候选：…" with a button that asks again with that requirement eased. */
export function nearestMisses(answer, relax) {
  const misses = answer.nearest_misses ?? [];
  if (!misses.length) return null;
  return h(
    "div",
    { class: "nearest-misses", role: "note" },
    h("h3", {}, t("siting.misses")),
    list(
      "ul",
      {},
      misses,
      (m) => [
        localized(m),
        " ",
        button({ class: "secondary small", onclick: () => relax(m) }, t("siting.relax")),
      ],
      (m) => ({ dataset: { parameter: m.parameter } }),
    ),
  );
}
