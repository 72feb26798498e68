// "Find by industry": pick a cluster, an industry or a focus segment (or type any term); the
// map colours each district by the role the plan gives it there (/api/placements), and this
// panel lists the districts with the plan's reasons and the parks whose records mention it.
import { button, h, list, replace } from "../dom.js";
import { errorText, language, nameOf, t } from "../i18n.js";
import { ROLE_STYLE } from "../map/styles.js";

const collator = new Intl.Collator("zh-CN");

export function createFindPanel(container, actions) {
  // actions: {choose(term), selectDistrict(adcode), selectPark(id), vocabulary: {clusters, industries, segments}}
  const { clusters, industries, segments } = actions.vocabulary;
  const names = {
    industry: new Map(industries.map((i) => [i.id, i])),
    cluster: new Map(clusters.map((c) => [c.id, c])),
    segment: new Map(segments.map((s) => [s.name, s])),
  };
  let input;
  let results;

  function build(state) {
    input = h("input", {
      id: "find-input",
      type: "search",
      list: "find-vocabulary",
      autocomplete: "off",
      value: state.industry,
      placeholder: t("find.placeholder"),
    });
    results = h("div", { class: "find-results", "aria-live": "polite" });
    const form = h(
      "form",
      {
        class: "find-form",
        role: "search",
        onsubmit: (event) => {
          event.preventDefault();
          actions.choose(input.value.trim());
        },
      },
      h("label", { for: "find-input" }, t("find.input")),
      h(
        "div",
        { class: "find-row" },
        input,
        h("button", { type: "submit", class: "primary" }, t("find.submit")),
        button({ onclick: () => actions.choose("") }, t("action.clear")),
      ),
      vocabularyList("find-vocabulary", actions.vocabulary),
    );
    const sortedIndustries = [...industries].sort((a, b) =>
      language() === "en" ? nameOf(a).localeCompare(nameOf(b)) : collator.compare(a.name, b.name),
    );
    replace(
      container,
      h("h2", {}, t("find.heading")),
      h("p", { class: "muted" }, t("find.intro")),
      form,
      results,
      chipGroup("find-clusters", t("find.clusters"), clusters, state),
      chipGroup("find-segments", t("find.segments"), segments, state),
      h(
        "div",
        { class: "chip-group" },
        h("label", { for: "find-industry", class: "group-title" }, t("find.industries")),
        h(
          "select",
          {
            id: "find-industry",
            onchange: (event) => event.target.value && actions.choose(event.target.value),
          },
          h("option", { value: "" }, t("find.choose_industry")),
          sortedIndustries.map((i) =>
            h("option", { value: i.name, selected: i.name === state.industry }, nameOf(i)),
          ),
        ),
      ),
    );
  }

  function chipGroup(id, title, items, state) {
    const chip = (item) =>
      button(
        {
          class: "chip",
          dataset: { term: item.name },
          "aria-pressed": String(item.name === state.industry),
          onclick: () => actions.choose(item.name),
        },
        nameOf(item),
      );
    return h(
      "div",
      { class: "chip-group", role: "group", "aria-labelledby": `${id}-title` },
      h("h3", { class: "group-title", id: `${id}-title` }, title),
      list("ul", { class: "chips" }, items, chip),
    );
  }

  function reasonText(reason) {
    const industry = nameOf(names.industry.get(reason.industry_id) ?? { name: reason.industry });
    const role = t(`role.${reason.role}`);
    if (reason.via === "segment") {
      return t("find.via_segment", {
        segment: nameOf(names.segment.get(reason.segment) ?? { name: reason.segment }),
        industry,
      });
    }
    if (reason.via === "cluster") {
      return t("find.via_cluster", {
        role,
        industry,
        cluster: nameOf(names.cluster.get(reason.cluster_id) ?? { name: reason.cluster }),
      });
    }
    return t("find.via_industry", { role, industry });
  }

  function roleBadge(role) {
    const color = ROLE_STYLE.categories.find((c) => c.value === role)?.color;
    return h("span", { class: `role-badge role-${role}`, style: `--role:${color}` }, t(`role.${role}`));
  }

  function showPlacement(placement) {
    if (!placement) return replace(results);
    const { term } = placement;
    if (!placement.matches.length) {
      return replace(results, noMatch(term, placement.suggestions, actions.choose));
    }
    const district = (d) => [
      button(
        { class: "link-button district-name", onclick: () => actions.selectDistrict(d.adcode) },
        nameOf(d),
      ),
      roleBadge(d.role),
      list("ul", { class: "reasons" }, [...new Set(d.reasons.map(reasonText))], (r) => r),
    ];
    const park = (p) => [
      button(
        { class: "link-button", dataset: { parkId: p.id }, onclick: () => actions.selectPark(p.id) },
        nameOf(p),
      ),
      h(
        "span",
        { class: "muted small" },
        ` ${nameOf({ name: p.district, name_en: p.district_en })} · `,
        h("span", { lang: "zh-CN", "data-verbatim": "" }, p.mentions.join("、")),
      ),
    ];
    return replace(
      results,
      h("h3", { class: "find-title" }, t("find.result", { term, n: placement.districts.length })),
      matchedLine(placement.matches, segments),
      list("ol", { class: "find-districts" }, placement.districts, district, (d) => ({
        dataset: { adcode: d.adcode, role: d.role },
      })),
      h("h3", {}, t("find.parks", { n: placement.parks.length })),
      placement.parks.length
        ? list("ul", { class: "park-list" }, placement.parks, park)
        : h("p", { class: "muted" }, t("find.no_parks")),
    );
  }

  /** Show which term is chosen without rebuilding (keeps the keyboard focus where it is). */
  function markChosen(term) {
    if (input && input.value !== term) input.value = term;
    for (const chip of container.querySelectorAll(".chip[data-term]")) {
      chip.setAttribute("aria-pressed", String(chip.dataset.term === term));
    }
    const select = container.querySelector("#find-industry");
    if (select) select.value = industries.some((i) => i.name === term) ? term : "";
  }

  return {
    build,
    markChosen,
    loading: () => replace(results, h("p", { class: "muted" }, t("find.loading"))),
    failed: (error) =>
      replace(
        results,
        h("p", { class: "error", role: "alert" }, t("find.failed", { error: errorText(error) })),
      ),
    showPlacement,
  };
}

// Helpers shared with the site-selection panel, which answers from the same vocabulary.

/** A <datalist> of the plan's clusters, industries and focus segments for a term input. */
export function vocabularyList(id, { clusters, industries, segments }) {
  return h(
    "datalist",
    { id },
    [...clusters, ...industries, ...segments].map((item) => h("option", { value: item.name }, nameOf(item))),
  );
}

/** "The plan does not mention …", with the close names as chips that `choose` the name. */
export function noMatch(term, suggestions, choose) {
  const suggestion = (s) => button({ class: "chip", onclick: () => choose(s) }, s);
  return [
    h("p", { class: "find-none" }, t("find.none", { term })),
    suggestions.length
      ? h("p", { class: "suggestions" }, t("find.suggest"), " ", suggestions.map(suggestion))
      : null,
  ];
}

/**
 * "Matched: 细分领域 动力电池 · …" for the plan vocabulary a term matched. A name without an
 * English one (a cluster's key product) takes a focus segment's of the same words (`segments`),
 * or stays Chinese, in quotes and marked as Chinese.
 */
export function matchedLine(matches, segments = []) {
  const english = new Map(segments.filter((s) => s.name_en).map((s) => [s.name, s.name_en]));
  const seen = new Set();
  const parts = [];
  for (const m of matches) {
    const key = `${m.kind}|${m.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const named = nameOf({ ...m, name_en: m.name_en || english.get(m.name) });
    const name =
      language() === "en" && named === m.name
        ? [t("quote.open"), h("span", { lang: "zh-CN" }, m.name), t("quote.close")]
        : named;
    parts.push(parts.length ? " · " : "", `${t(`type.${m.kind}`)} `, name);
  }
  return h("p", { class: "muted small" }, t("find.matched"), " ", parts);
}
