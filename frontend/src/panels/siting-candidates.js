// One candidate of a site-selection answer as the ranked list shows it: its number, name and
// score, district and level, confidence, the reasons that move its score (caveats folded), the
// other parks on the same land; and the answer's export links (CSV, GeoJSON, offline map).
import { siteSelectionUrl } from "../api.js";
import { button, h, list } from "../dom.js";
import { formatNumber, language, localized, nameOf, planSection, t } from "../i18n.js";
import { confidenceLine, sameLand } from "./siting-results.js";

export function exportLinks(params) {
  const name = `site-selection-${params.industry}`;
  const link = (format, extension, label) =>
    h(
      "a",
      {
        class: "export-link",
        // CSV and the offline map come in the reader's language.
        href: siteSelectionUrl(format === ".geojson" ? params : { ...params, lang: language() }, format),
        download: `${name}.${extension}`,
        dataset: { format: extension },
      },
      t(label),
    );
  return h(
    "p",
    { class: "siting-exports" },
    h("span", { class: "group-title" }, t("siting.exports")),
    link(".csv", "csv", "siting.csv"),
    link(".geojson", "geojson", "siting.geojson"),
    link("/map.html", "html", "siting.html"),
  );
}

function head(candidate, badgeClass, onclick) {
  return h(
    "div",
    { class: "candidate-head" },
    h("span", { class: `rank-badge ${badgeClass}`, "aria-hidden": "true" }, String(candidate.rank)),
    button({ class: "link-button candidate-name", onclick }, nameOf(candidate)),
    h(
      "span",
      { class: "score", title: t("siting.score_label") },
      t("siting.score", { score: formatNumber(candidate.score) }),
    ),
  );
}

export function parkItem(p, openPark) {
  const located = p.lon != null && p.lat != null;
  const badge = !located ? "rank-unlocated" : p.location_approximate ? "rank-approximate" : "";
  return [
    head(p, badge, () => openPark(p.id)),
    h(
      "p",
      { class: "candidate-meta" },
      `${nameOf({ name: p.district, name_en: p.district_en })} · ${t(`siting.level.${p.level_class}`)}`,
      p.location_approximate ? h("span", { class: "badge badge-approximate" }, t("park.approximate")) : null,
      located ? null : h("span", { class: "badge badge-muted" }, t("siting.not_on_map")),
      printLink(`/parks/${encodeURIComponent(p.id)}/print`),
    ),
    confidenceLine(p),
    reasons(p.reasons),
    sameLand(p, openPark),
  ];
}

export function districtItem(d, tiers, openDistrict) {
  return [
    head(d, `rank-${tiers.get(d.adcode)}`, () => openDistrict(d.adcode)),
    h(
      "p",
      { class: "candidate-meta" },
      `${t("district.section", { section: planSection(d.plan_section) })} · ${t("siting.district_parks", { n: d.parks.length })}`,
      printLink(`/districts/${d.adcode}/print`),
    ),
    reasons(d.reasons),
  ];
}

function printLink(href) {
  return h("a", { class: "print-link", href, target: "_blank" }, t("profile.print_page"));
}

// The reasons that move the score, and those the server marks `highlight` (补链), in sight;
// the caveats (0 points) folded below them.
function reasons(all) {
  const counted = all.filter((r) => r.points !== 0 || r.highlight);
  const first = counted.length ? counted : all.slice(0, 1);
  const rest = all.filter((r) => !first.includes(r));
  return [
    list("ul", { class: "reasons siting-reasons" }, first, reasonItem),
    rest.length
      ? h(
          "details",
          { class: "more-reasons" },
          h("summary", {}, t("siting.more", { n: rest.length })),
          list("ul", { class: "reasons siting-reasons" }, rest, reasonItem),
        )
      : null,
  ];
}

function reasonItem(reason) {
  const points = reason.points;
  return [
    h("span", { title: reason.source ?? null }, localized(reason)),
    points
      ? h(
          "span",
          { class: `points${points < 0 ? " negative" : ""}` },
          `${points > 0 ? "+" : ""}${formatNumber(points)}`,
        )
      : null,
  ];
}
