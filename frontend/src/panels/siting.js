// The 选址 (site selection) panel: an industry and the company's requirements in; out comes a
// ranked shortlist of parks and districts, each with its reasons (GET /api/site-selection),
// drawn on the map by map/candidates.js, sent on as CSV, GeoJSON or an offline HTML map.
// The query lives in the shareable state (state.js SITE_KEYS), so a link restores it.
import { button, h, list, replace } from "../dom.js";
import { errorText, localized, nameOf, t } from "../i18n.js";
import { districtTiers } from "../map/candidates.js";
import { levelKeys } from "../rules.js";
import { matchedLine, noMatch, vocabularyList } from "./find.js";
import { excludedList, nearestMisses, understoodLine } from "./siting-results.js";
import { districtItem, exportLinks, parkItem } from "./siting-candidates.js";
import { showPrintList } from "./siting-print.js";
const NEAR = { "": "siting.near_none", 中心城区: "siting.near_central", 成都: "siting.near_chengdu" };
const POINT = "point";
// The API's parameter → the form field that shows its error.
const FIELDS = {
  industry: "siting-industry",
  area_mu: "siting-area",
  district: "siting-district",
  near: "siting-near",
  max_km: "siting-km",
  level: "siting-level",
  from_outside_chongqing: "siting-outside",
};

/** The API parameters of the site-selection query in the state (empty ones left out). */
export function siteParams(state) {
  const params = {
    industry: state.site,
    area_mu: state.mu,
    district: state.within,
    near: state.near,
    max_km: state.km,
    level: state.level,
    from_outside_chongqing: state.outside ? "true" : "",
  };
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value));
}

export function createSitingPanel(container, actions) {
  // actions: {submit(patch of state), clear(), openPark(id), openDistrict(adcode),
  //           pickPoint() → Promise<L.LatLng|null>, vocabulary, districts: [{adcode, name, name_en}]}
  let controls = {};
  let results;
  let elapsed;
  let submitted = false; // focus the first invalid field only after the user's own submit

  function field(id, label, control, ...extra) {
    return h(
      "div",
      { class: "field", dataset: { field: id } },
      h("label", { for: id }, label),
      control,
      ...extra,
      h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    );
  }

  function build(state) {
    const c = {};
    c.industry = h("input", {
      id: "siting-industry",
      type: "text",
      list: "siting-vocabulary",
      autocomplete: "off",
      placeholder: t("siting.industry_placeholder"),
    });
    c.area = h("input", {
      id: "siting-area",
      type: "number",
      inputmode: "decimal",
      step: "any",
      placeholder: t("siting.area_placeholder"),
    });
    c.district = h(
      "select",
      { id: "siting-district" },
      h("option", { value: "" }, t("siting.district_any")),
      actions.districts.map((d) => h("option", { value: d.adcode }, nameOf(d))),
    );
    c.near = h(
      "select",
      { id: "siting-near", onchange: () => showPoint() },
      Object.entries(NEAR).map(([value, key]) => h("option", { value }, t(key))),
      h("option", { value: POINT }, t("siting.near_point")),
    );
    c.point = h("input", {
      id: "siting-point",
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      placeholder: "106.05,29.85",
    });
    c.pointRow = h(
      "div",
      { class: "point-row" },
      h("label", { for: "siting-point", class: "visually-hidden" }, t("siting.point")),
      c.point,
      button({ class: "secondary", onclick: pick }, t("siting.pick")),
    );
    c.picking = h("p", { class: "muted small", "aria-live": "polite" });
    c.km = h("input", { id: "siting-km", type: "number", inputmode: "decimal", step: "any", min: "0" });
    c.levels = levelKeys().map((level) => h("input", { type: "checkbox", name: "level", value: level }));
    c.outside = h("input", { id: "siting-outside", type: "checkbox" });
    controls = c;

    const form = h(
      "form",
      { class: "siting-form", novalidate: true, onsubmit: submit },
      field("siting-industry", t("siting.industry"), c.industry),
      h(
        "div",
        { class: "field-pair" },
        field("siting-area", t("siting.area"), c.area),
        field("siting-district", t("siting.district"), c.district),
      ),
      h(
        "div",
        { class: "field-pair" },
        field("siting-near", t("siting.near"), c.near, c.pointRow, c.picking),
        field("siting-km", t("siting.max_km"), c.km),
      ),
      h(
        "fieldset",
        { class: "field levels", id: "siting-level" },
        h("legend", {}, t("siting.level")),
        c.levels.map((box) => h("label", { class: "check" }, box, t(`siting.level.${box.value}`))),
        h("p", { class: "field-error", id: "siting-level-error", hidden: true }),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { class: "check" }, c.outside, t("siting.outside")),
        h("p", { class: "field-error", id: "siting-outside-error", hidden: true }),
      ),
      h(
        "div",
        { class: "find-row" },
        h("button", { type: "submit", class: "primary" }, t("siting.submit")),
        button({ onclick: () => actions.clear() }, t("action.clear")),
      ),
      vocabularyList("siting-vocabulary", actions.vocabulary),
    );
    results = h("div", { class: "siting-results", "aria-live": "polite" });
    replace(
      container,
      h("h2", {}, t("siting.heading")),
      h("p", { class: "muted" }, t("siting.intro")),
      form,
      results,
    );
    fill(state);
  }

  /** Show the query of the state in the form (without rebuilding it: focus stays put). */
  function fill(state) {
    const c = controls;
    c.industry.value = state.site;
    c.area.value = state.mu;
    c.district.value = state.within;
    const named = state.near in NEAR;
    c.near.value = named ? state.near : POINT;
    c.point.value = named ? "" : state.near;
    c.km.value = state.km;
    const levels = new Set(state.level.split(","));
    for (const box of c.levels) box.checked = levels.has(box.value);
    c.outside.checked = state.outside === "1";
    showPoint();
  }

  function showPoint() {
    controls.pointRow.hidden = controls.near.value !== POINT;
  }

  function read() {
    const c = controls;
    return {
      site: c.industry.value.trim(),
      mu: c.area.value.trim(),
      within: c.district.value,
      near: c.near.value === POINT ? c.point.value.replace(/\s+/g, "") : c.near.value,
      km: c.km.value.trim(),
      level: c.levels
        .filter((box) => box.checked)
        .map((box) => box.value)
        .join(","),
      outside: c.outside.checked ? "1" : "",
    };
  }

  function submit(event) {
    event?.preventDefault();
    clearErrors();
    submitted = true;
    const query = read();
    // What the server cannot be asked: no industry, or a point chosen but not given.
    const missing = [];
    if (!query.site) missing.push({ parameter: "industry" });
    if (controls.near.value === POINT && !query.near) missing.push({ parameter: "near" });
    if (missing.length) return showErrors(missing);
    actions.submit(query);
  }

  async function pick() {
    controls.picking.textContent = t("siting.picking");
    const point = await actions.pickPoint();
    controls.picking.textContent = "";
    if (!point) return;
    controls.point.value = `${point.lng.toFixed(4)},${point.lat.toFixed(4)}`;
    controls.picking.textContent = t("siting.picked", { point: controls.point.value });
    controls.point.focus();
  }

  function clearErrors() {
    for (const error of container.querySelectorAll(".field-error")) {
      error.hidden = true;
      error.textContent = "";
    }
    for (const control of container.querySelectorAll("[aria-invalid]")) {
      control.removeAttribute("aria-invalid");
      control.removeAttribute("aria-describedby");
    }
  }

  /** Problems [{parameter, message}] next to the fields they name; true when all had one. */
  function showErrors(problems) {
    const known = problems.filter((p) => FIELDS[p.parameter]);
    for (const { parameter, message } of known) {
      const id = FIELDS[parameter];
      const error = container.querySelector(`#${id}-error`);
      error.textContent = t(`siting.error.${parameter}`) + (message ? ` (${message})` : "");
      error.hidden = false;
      const control = parameter === "near" && controls.near.value === POINT ? controls.point : $(id);
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", error.id);
    }
    if (submitted && known.length) {
      const first = container.querySelector("[aria-invalid=true]");
      (first?.matches("fieldset") ? first.querySelector("input") : first)?.focus();
    }
    submitted = false;
    return known.length === problems.length;
  }

  const $ = (id) => container.querySelector(`#${id}`);

  function failed(error) {
    const problem = error.problem;
    const invalid =
      problem?.invalid_params ??
      (problem?.parameter ? [{ parameter: problem.parameter, message: problem.detail }] : []);
    clearErrors();
    replace(results);
    if (invalid.length && showErrors(invalid)) return;
    replace(
      results,
      h("p", { class: "error", role: "alert" }, t("siting.failed", { error: errorText(error) })),
    );
  }

  function showAnswer(answer, params) {
    clearErrors();
    submitted = false;
    elapsed = h("span", { class: "elapsed" });
    showPrintList(answer);
    if (!answer) return replace(results);
    const term = answer.query.industry;
    const notices = answer.notices
      .filter((n) => n.code !== "no_match")
      .map((n) =>
        h(
          "p",
          { class: "notice", dataset: { code: n.code } },
          localized(n),
          n.source ? [" ", h("cite", {}, n.source)] : null,
        ),
      );
    if (!answer.matches.length) {
      const retry = (name) => {
        controls.industry.value = name;
        submit();
      };
      return replace(results, noMatch(term, answer.suggestions, retry), notices);
    }
    const empty = !answer.parks.length && !answer.districts.length;
    const tiers = districtTiers(answer);
    replace(
      results,
      h(
        "h3",
        { class: "siting-title" },
        t("siting.result", { term, parks: answer.parks.length, districts: answer.districts.length }),
        elapsed,
      ),
      understoodLine(answer),
      matchedLine(answer.matches),
      notices,
      nearestMisses(answer, relax),
      empty ? h("p", { class: "siting-none" }, t("siting.none_found")) : exportLinks(params),
      answer.parks.length
        ? [
            h("h3", {}, t("siting.parks")),
            list(
              "ol",
              { class: "candidates candidate-parks" },
              answer.parks,
              (p) => parkItem(p, actions.openPark),
              (p) => ({
                dataset: { parkId: p.id, rank: p.rank, adcode: p.district_adcode },
              }),
            ),
          ]
        : null,
      answer.districts.length
        ? [
            h("h3", {}, t("siting.districts")),
            list(
              "ol",
              { class: "candidates candidate-districts" },
              answer.districts,
              (d) => districtItem(d, tiers, actions.openDistrict),
              (d) => ({
                dataset: { adcode: d.adcode, rank: d.rank },
              }),
            ),
          ]
        : null,
      excludedList(answer, actions.openPark),
    );
  }

  /** Ask again with one requirement eased, as a nearest miss proposes. */
  function relax(miss) {
    const c = controls;
    if (miss.parameter === "max_km") c.km.value = String(miss.value);
    if (miss.parameter === "area_mu") c.area.value = String(miss.value);
    if (miss.parameter === "level") for (const box of c.levels) box.checked = false;
    if (miss.parameter === "district") c.district.value = "";
    submit();
  }

  return {
    build,
    fill,
    loading: () => replace(results, h("p", { class: "muted" }, t("siting.loading"))),
    failed,
    showAnswer,
    /** The time from asking to the answer shown, in the answer's title line. */
    showElapsed(ms) {
      if (elapsed) elapsed.textContent = t("siting.elapsed", { ms: Math.round(ms) });
      results.dataset.elapsedMs = String(Math.round(ms));
    },
  };
}
