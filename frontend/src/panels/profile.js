// The "overview" tab: the eight districts at a glance, a district's profile (target, share,
// leading industries with focus segments, specialty industries, parks, plan text, data links)
// or a park's profile (level, industries, area, location precision and sources).
import { api } from "../api.js";
import { button, h, languageOf, list, replace, verbatim } from "../dom.js";
import {
  errorText,
  formatNumber,
  language,
  localized,
  money,
  moneyLarge,
  nameOf,
  planSection,
  shortDistrictName,
  t,
} from "../i18n.js";
import { areaKindText, muOf, precisionText } from "../rules.js";
import "./park-notes.css";
import { districtProgress } from "./district-progress.js";

const narrow = () => window.matchMedia("(max-width: 700px)").matches;

export function createProfilePanel(container, actions) {
  // actions: {selectDistrict, selectPark, clear, showSiting, findIndustry, revealPark,
  //           isParkDrawn, districtFeature, ogcItems(layerId), regionTarget}
  let token = 0;
  let downloadUrl = null;

  let sitingTerm = ""; // while site-selection candidates are on the map: a way back to them

  /** Show the state's district, park or the overview; with `focus`, the keyboard focus moves to
   * the heading of what is shown (a selection made on the map or in a list). */
  async function render(state, districts, { focus = false } = {}) {
    const mine = ++token;
    sitingTerm = state.mode === "siting" ? state.site : "";
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = null;
    try {
      if (state.district) {
        replace(container, h("p", { class: "muted" }, t("district.loading")));
        const profile = await api.district(state.district);
        if (mine === token) replace(container, districtView(profile));
      } else if (state.park) {
        const profile = await api.park(state.park);
        if (mine === token) replace(container, parkView(profile));
      } else {
        replace(container, overview(districts));
      }
      if (focus && mine === token) {
        const heading = container.querySelector("h2");
        heading?.setAttribute("tabindex", "-1");
        heading?.focus({ preventScroll: narrow() });
      }
    } catch (error) {
      if (mine === token) {
        const message = t("error.load", { error: errorText(error) });
        replace(container, backButton(), h("p", { class: "error", role: "alert" }, message));
      }
    }
  }

  function backButton(label = t("action.back"), onclick = actions.clear) {
    return button({ class: "link-button back", onclick }, `← ${label}`);
  }

  function backToSiting() {
    return sitingTerm ? backButton(t("siting.back"), actions.showSiting) : null;
  }

  function overview(districts) {
    const features = districts.features.map((f) => f.properties);
    const max = Math.max(...features.map((p) => p.revenue_target_2027));
    const row = (p) =>
      button(
        {
          class: "district-row",
          dataset: { adcode: p.adcode },
          onclick: () => actions.selectDistrict(p.adcode, true),
        },
        h("span", { class: "district-row-name" }, shortDistrictName(p)),
        h(
          "span",
          { class: "district-row-bar", "aria-hidden": "true" },
          h("span", { style: `width:${(100 * p.revenue_target_2027) / max}%` }),
        ),
        h("span", { class: "district-row-value" }, money(p.revenue_target_2027)),
      );
    return h(
      "article",
      { class: "overview" },
      h("h2", {}, t("overview.heading")),
      h("p", {}, t("overview.intro")),
      list("ol", { class: "district-list" }, features, row),
      h("p", { class: "total" }, t("overview.total", { value: moneyLarge(actions.regionTarget()) })),
      h("p", { class: "muted" }, t("overview.hint")),
    );
  }

  // Industries and segments as chips; a chip shows where else the plan puts it.
  function chips(items, openEnded) {
    const chip = (item) =>
      button({ class: "chip", onclick: () => actions.findIndustry(item.name) }, nameOf(item));
    const chipList = list("ul", { class: "chips" }, items, chip);
    if (openEnded) chipList.append(h("li", { class: "chip-etc" }, t("district.etc"))); // the plan's 等
    return chipList;
  }

  function districtView(p) {
    const feature = actions.districtFeature(p.adcode);
    if (feature) {
      const blob = new Blob([JSON.stringify(feature)], { type: "application/geo+json" });
      downloadUrl = URL.createObjectURL(blob);
    }
    const ogc = actions.ogcItems("districts");
    const share = t("district.share", { pct: formatNumber(p.revenue_share_pct) });
    const leading = (industry) => [
      button(
        { class: "industry-name", onclick: () => actions.findIndustry(industry.name) },
        nameOf(industry),
      ),
      industry.segments.length
        ? h(
            "div",
            { class: "segments" },
            h("span", { class: "segments-label" }, t("district.segments_label")),
            chips(industry.segments, industry.segments_open_ended),
          )
        : null,
    ];
    const links = [
      downloadUrl && {
        href: downloadUrl,
        download: `${p.adcode}-${p.name}.geojson`,
        text: "district.download",
      },
      { href: `/districts/${p.adcode}/print`, target: "_blank", text: "profile.print_page" },
      { href: `/api/districts/${p.adcode}`, target: "_blank", text: "district.profile_json" },
      { href: "/api/districts", target: "_blank", text: "district.all_geojson" },
      ogc && { href: `${ogc}/${p.adcode}`, target: "_blank", text: "district.ogc" },
    ];
    return h(
      "article",
      { class: "profile district-profile", dataset: { adcode: p.adcode } },
      h("div", { class: "back-row" }, backButton(), backToSiting()),
      h("h2", {}, nameOf(p)),
      h(
        "p",
        { class: "alt-name" },
        altName(p),
        ` · ${t("district.section", { section: planSection(p.plan_section) })}`,
      ),
      h(
        "div",
        { class: "target" },
        h("div", { class: "target-label" }, t("district.target")),
        h("div", { class: "target-value" }, money(p.revenue_target_2027)),
        h(
          "div",
          { class: "share-bar", role: "img", "aria-label": share },
          h("span", { style: `width:${p.revenue_share_pct}%` }),
        ),
        h("div", { class: "target-share" }, share),
      ),
      districtProgress(p.adcode),
      h("h3", {}, t("district.leading")),
      list("ul", { class: "industries leading" }, p.leading_industries, leading),
      h("h3", {}, t("district.specialty")),
      chips(p.specialty_industries, p.specialty_open_ended),
      h("h3", {}, t("district.parks", { n: p.parks.length })),
      p.parks.length ? parkList(p.parks) : h("p", { class: "muted" }, t("district.no_parks")),
      h("h3", {}, t("district.plan_text", { section: planSection(p.plan_section) })),
      h("blockquote", { class: "plan-text", lang: "zh-CN" }, p.plan_text),
      h("h3", { class: "data-heading" }, t("district.data")),
      list("ul", { class: "data-links" }, links, ({ text, ...attrs }) => h("a", attrs, t(text))),
    );
  }

  function parkList(parks) {
    return list("ul", { class: "park-list" }, parks, (park) => [
      button(
        {
          class: "link-button",
          dataset: { parkId: park.id },
          onclick: () => actions.selectPark(park.id, true),
        },
        nameOf(park),
      ),
      park.location_approximate
        ? h("span", { class: "badge badge-approximate" }, t("park.approximate"))
        : null,
      park.location_precision === "none"
        ? h("span", { class: "badge badge-muted" }, t("precision.none"))
        : null,
    ]);
  }

  function parkView(p) {
    const row = (label, ...value) =>
      value.some((v) => v != null && v !== "") ? [h("dt", {}, label), h("dd", {}, ...value)] : null;
    const drawn = actions.isParkDrawn(p.id);
    const district = nameOf({ name: p.district, name_en: p.district_en });
    return h(
      "article",
      { class: "profile park-profile", dataset: { parkId: p.id } },
      h(
        "div",
        { class: "back-row" },
        backButton(),
        backButton(district, () => actions.selectDistrict(p.district_adcode, true)),
        backToSiting(),
      ),
      h("h2", {}, nameOf(p)),
      p.name_en ? h("p", { class: "alt-name" }, altName(p)) : null,
      p.location_approximate ? h("p", { class: "badge badge-approximate" }, t("park.approximate")) : null,
      h(
        "dl",
        { class: "facts" },
        row(t("park.level"), localized(p.profile?.level) || verbatim(p.level)),
        row(t("park.district"), district),
        row(
          t("park.parent"),
          p.parent_id
            ? button(
                { class: "link-button", onclick: () => actions.selectPark(p.parent_id, true) },
                verbatim(p.parent_name),
              )
            : null,
        ),
        row(t("park.children"), p.children.length ? parkList(p.children) : null),
        row(t("park.host_town"), localized(p.profile?.host_town)),
        row(t("park.industries"), localized(p.profile?.industries)),
        row(t("park.lead_firms"), p.lead_firms?.length ? verbatim(p.lead_firms.join("、")) : null),
        row(t("park.area"), areaText(p)),
        row(
          t("park.location"),
          precisionText(p.location_precision),
          drawn ? " " : null,
          drawn
            ? button({ class: "link-button", onclick: () => actions.revealPark(p.id) }, t("action.zoom_to"))
            : null,
        ),
      ),
      dataNotes(p),
      drawn ? null : h("p", { class: "muted" }, t("park.not_drawn")),
      h("p", {}, h("a", { href: `/parks/${p.id}/print`, target: "_blank" }, t("profile.print_page"))),
    );
  }

  return { render };
}

// "2.21 平方公里（约 3315 亩）（规划面积）", a range when the sources differ, or "unknown";
// the kind of area and 亩 per km² are the server's rules; available land is said apart.
function areaText(p) {
  const parts = [];
  if (p.available_land_mu != null)
    parts.push(t("park.available_land", { mu: formatNumber(p.available_land_mu) }));
  if (p.area_km2_min != null || p.area_km2_max != null) {
    const low = Number(p.area_km2_min ?? p.area_km2_max);
    const high = Number(p.area_km2_max ?? p.area_km2_min);
    const km2 = low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`;
    const mu =
      low === high
        ? formatNumber(Math.round(muOf(low)))
        : `${formatNumber(Math.round(muOf(low)))}–${formatNumber(Math.round(muOf(high)))}`;
    const value = `${t("park.area_value", { value: km2 })} ${t("park.area_mu", { mu })}`;
    const kind = areaKindText(p.area_basis ?? "unstated");
    if (p.area_basis !== "available") parts.push(kind ? t("park.area_kind", { value, kind }) : value);
  }
  return parts.length ? parts.join("；") : t("park.area_unknown");
}

// The research record behind the clean fields: the level and area as the sources word them,
// the sources and the researchers' notes, folded away under “数据说明 / Data notes”.
function dataNotes(p) {
  const row = (label, value) => (value ? [h("dt", {}, label), h("dd", {}, value)] : null);
  return h(
    "details",
    { class: "data-notes" },
    h("summary", {}, t("park.data_notes")),
    h(
      "dl",
      { class: "facts" },
      row(t("park.level_stated"), verbatim(p.level)),
      row(t("park.area"), verbatim(p.area_kind)),
      row(t("park.host_town"), verbatim(p.host_town)),
      row(t("park.industries"), verbatim(p.industries)),
      row(
        t("park.sources"),
        p.sources.length ? list("ol", { class: "sources" }, p.sources, sourceItem) : null,
      ),
      row(
        t("park.research_notes"),
        p.notes
          ? h(
              "div",
              { class: "research-notes", "data-verbatim": "" },
              ...p.notes.split("\n").map((line) => h("p", { lang: languageOf(line) }, line)),
            )
          : null,
      ),
    ),
  );
}

// "https://example.org/page (publisher 2023)" → a link followed by its note.
function sourceItem(text) {
  const match = /^(https?:\/\/\S+)(.*)$/.exec(text);
  if (!match) return verbatim(text);
  return [
    h("a", { href: match[1], target: "_blank", rel: "noopener noreferrer" }, match[1]),
    verbatim(match[2]),
  ];
}

// The name in the other language, as a subtitle, marked as that language.
function altName(record) {
  const other = language() === "en" ? record.name : record.name_en;
  return other ? h("span", { lang: language() === "en" ? "zh-CN" : "en" }, other) : null;
}
