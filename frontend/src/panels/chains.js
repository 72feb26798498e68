// The 产业链 tab: a chain as a diagram (present / planned but thin / gap), a node's districts,
// parks and firms (the map colours the districts by how their plan names it and marks its
// firms), firm profiles with their sources and 位置示意, the 补链 targets and the project
// pipeline. Everything comes worked out from /api (chains, chain-targets, pipeline); the rules
// (what counts on which basis, what a status means) live on the server, not here.
import "./chains.css";
import { api } from "../api.js";
import { announce, button, h, list, replace } from "../dom.js";
import { errorText, language, localized, nameOf, planSection, t } from "../i18n.js";
import { createEnterpriseLayer } from "../map/enterprises.js";
import { getState, setState, subscribe } from "../state.js";
import { firmItem as firmItemOf, firmProfile, matchTag, placeList } from "./chain-firms.js";
import { targetsSection } from "./chain-targets.js";
import { createPipeline } from "./pipeline.js";

const DEFAULT_CHAIN = "icv-parts";
const basisOf = (s) => s.basis || "literal";

export function setupChains({ container, map, districtLayer, selectDistrict }) {
  const els = {
    controls: h("div", { class: "chain-controls" }),
    summary: h("p", { class: "chain-counts" }),
    key: h("div", { class: "chain-key" }),
    diagram: h("div", { class: "chain-diagram" }), // an image once drawn and named (below)
    detail: h("section", { class: "chain-detail", "aria-live": "polite" }),
    targets: h("details", { class: "chain-targets" }),
    extra: h("div", { class: "chain-extra" }),
    pipeline: h("section", { class: "pipeline" }),
  };
  container.classList.add("chains-panel");
  replace(
    container,
    h("h2", { "data-i18n": "chain.heading" }, t("chain.heading")),
    els.controls,
    els.summary,
    els.key,
    els.diagram,
    els.detail,
    els.targets,
    els.extra,
    els.pipeline,
  );
  let chains = null; // /api/chains
  let current = null; // /api/chains/{id}
  let diagram = null;
  let enterprises = null; // map layer
  let loadedLanguage = null;
  let token = 0;
  const pipeline = createPipeline(els.pipeline, { openFirm: (id) => openFirm(id) });

  const nodeById = (id) => current?.nodes.find((n) => n.id === id);
  const districtName = (adcode) => {
    const feature = districtLayer.feature(adcode);
    return feature ? nameOf(feature.properties) : adcode;
  };

  function controls(s) {
    const select = h(
      "select",
      {
        id: "chain-select",
        onchange: (event) => setState({ chain: event.target.value, node: "", mode: "target" }),
      },
      chains.map((c) =>
        h("option", { value: c.id, selected: c.id === (s.chain || DEFAULT_CHAIN) }, nameOf(c)),
      ),
    );
    const option = (value) =>
      h(
        "label",
        { class: "basis-option", title: t(`chain.basis.${value}_hint`) },
        h("input", {
          type: "radio",
          name: "chain-basis",
          value,
          checked: basisOf(s) === value,
          onchange: () => setState({ basis: value === "literal" ? "" : value }),
        }),
        t(`chain.basis.${value}`),
      );
    replace(
      els.controls,
      h("label", { for: "chain-select" }, t("chain.choose")),
      select,
      h(
        "fieldset",
        { class: "basis-switch" },
        h("legend", {}, t("chain.basis")),
        option("literal"),
        option("editorial"),
      ),
      h("p", { class: "hint" }, t(`chain.basis.${basisOf(s)}_hint`)),
    );
  }

  function key() {
    const item = (status) => [
      h("span", { class: `status-swatch status-${status}`, "aria-hidden": "true" }),
      t(`chain.status.${status}`),
    ];
    replace(
      els.key,
      list("ul", { class: "chain-key-list" }, ["present", "planned_thin", "gap", "external"], item),
      h("p", { class: "hint" }, t("chain.link.plan"), " · ", t("chain.link.editorial")),
      h("p", { class: "hint" }, t("chain.map_legend")),
    );
  }

  async function drawDiagram(s) {
    const basis = basisOf(s);
    const nodes = current.nodes.map((n) => ({
      id: n.id,
      tier: n.tier,
      label: language() === "en" ? n.name_en : n.name,
      name: n.name,
      status: n.status[basis].status,
      detail: n,
    }));
    // A node of another chain sits one band beyond the node it links to.
    const tierOf = (id) => current.nodes.find((n) => n.id === id)?.tier ?? 1;
    for (const x of current.external_nodes) {
      const into = current.links.find((l) => l.from_node === x.id);
      const tier = into
        ? Math.max(0, tierOf(into.to_node) - 1)
        : Math.min(3, tierOf(current.links.find((l) => l.to_node === x.id)?.from_node) + 1);
      nodes.push({
        id: x.id,
        tier,
        label: language() === "en" ? x.name_en : x.name,
        name: x.name,
        external: true,
        status: "external",
      });
    }
    const { chainDiagram } = await import("./chain-diagram.js");
    diagram?.dispose();
    const counts = current.status_counts[basis];
    replace(
      els.summary,
      t("chain.counts", { present: counts.present, planned: counts.planned_thin, gap: counts.gap }),
    );
    els.diagram.setAttribute("aria-label", t("chain.diagram_label", { chain: nameOf(current) }));
    els.diagram.setAttribute("role", "img");
    diagram = chainDiagram(els.diagram, {
      nodes,
      links: current.links.map((l) => ({ from: l.from_node, to: l.to_node, basis: l.basis })),
      texts: {
        tier: (tier) => t(`chain.tier.${tier}`),
        description: t("chain.diagram_label", { chain: nameOf(current) }),
        tooltip: (n) =>
          n.external
            ? `${n.label}（${t("chain.status.external")}）`
            : `${n.label} · ${t(`chain.status.${n.status}`)}`,
      },
      onClick: (id) => setState({ node: id, mode: "chain" }),
    });
    diagram.select(s.node);
    // Keyboard and tests: a button per node, in the diagram's order (visually hidden).
    const buttons = h(
      "ul",
      { class: "chain-node-buttons visually-hidden" },
      current.nodes.map((n) =>
        h(
          "li",
          {},
          button(
            {
              dataset: { node: n.id, status: n.status[basis].status },
              onclick: () => setState({ node: n.id, mode: "chain" }),
            },
            `${nameOf(n)} · ${t(`chain.status.${n.status[basis].status}`)}`,
          ),
        ),
      ),
    );
    els.buttons?.remove();
    els.diagram.after(buttons);
    els.buttons = buttons;
    els.diagram.dataset.chain = current.id;
  }

  function districtItem(d, basis) {
    return [
      button({ class: "link", onclick: () => selectDistrict(d.adcode) }, districtName(d.adcode)),
      " ",
      matchTag(d.basis, d.terms),
    ];
  }

  const firmItem = (f) => firmItemOf(f, openFirm);

  function showNode(s) {
    const basis = basisOf(s);
    const node = nodeById(s.node);
    const mapDistricts = new Map();
    if (!node) {
      replace(els.detail, h("p", { class: "hint" }, t("chain.pick")));
      districtLayer.update({ chain: mapDistricts });
      enterprises?.update({ highlight: new Set() });
      document.body.dataset.chainNode = "";
      return;
    }
    const status = node.status[basis];
    // The map shows each district's own match (literal / editorial / related), whatever the
    // basis chosen for the status, so the closest plans of a literal gap show too.
    for (const d of node.districts) mapDistricts.set(d.adcode, d.basis);
    districtLayer.update({ chain: mapDistricts });
    const counted = (m) => m.basis === "literal" || (basis === "editorial" && m.basis === "editorial");
    const firms = node.firms.filter(counted);
    enterprises?.update({ highlight: new Set(firms.map((f) => f.id)) });
    const planned = node.districts.filter(counted);
    const closest = node.districts.filter((d) => !counted(d));
    replace(
      els.detail,
      h(
        "h3",
        {},
        nameOf(node),
        " ",
        h("span", { class: `status-badge status-${status.status}` }, t(`chain.status.${status.status}`)),
      ),
      h(
        "p",
        { class: "plan-quote" },
        t("chain.node_section", { section: planSection(node.plan_section) }),
        t("punct.colon"),
        h("q", { lang: "zh-CN" }, node.plan_quote),
      ),
      h("h4", {}, t("chain.districts")),
      planned.length
        ? list("ul", { class: "chain-list" }, planned, (d) => districtItem(d, basis))
        : h("p", { class: "hint" }, t("chain.no_district")),
      closest.length
        ? [
            h("h4", {}, t("chain.closest")),
            list("ul", { class: "chain-list" }, closest, (d) => districtItem(d, basis)),
          ]
        : null,
      node.parks.filter(counted).length
        ? [
            h("h4", {}, t("chain.parks")),
            list("ul", { class: "chain-list" }, node.parks.filter(counted), (p) => [
              nameOf(p),
              " ",
              matchTag(p.basis, p.terms),
            ]),
          ]
        : null,
      h("h4", {}, t("chain.firms")),
      firms.length
        ? list("ul", { class: "chain-list chain-firms" }, firms, firmItem)
        : h("p", { class: "hint" }, t("chain.no_firms")),
    );
    document.body.dataset.chainNode = node.id;
    document.body.dataset.chainDistricts = [...mapDistricts]
      .filter(([, b]) => b !== "related")
      .map(([a]) => a)
      .join(",");
  }

  async function openFirm(id) {
    const f = await api.enterprise(id);
    const profile = firmProfile(f, () => showNode(getState()));
    replace(els.detail, profile);
    if (getState().tab !== "chains") setState({ tab: "chains" });
    profile.scrollIntoView?.({ block: "nearest" });
    announce(f.name);
  }

  function showPlace(firms) {
    setState({ tab: "chains" });
    replace(els.detail, placeList(firms, openFirm));
  }

  async function showTargets(s) {
    const basis = basisOf(s);
    const answer = await api.chainTargets({ basis, chain: current.id });
    replace(els.targets, targetsSection(answer, { basis, chainId: current.id, districtName }));
  }

  function showExtra() {
    replace(
      els.extra,
      current.firms_off_nodes.length
        ? h(
            "details",
            {},
            h("summary", {}, t("chain.off_nodes", { n: current.firms_off_nodes.length })),
            list("ul", { class: "chain-list" }, current.firms_off_nodes, firmItem),
          )
        : null,
      h(
        "details",
        {},
        h("summary", {}, t("chain.rules")),
        h("p", { class: "hint" }, localized(current.rules)),
      ),
    );
  }

  async function render(s, full) {
    const mine = ++token;
    try {
      if (!chains) {
        replace(els.summary, t("chain.loading"));
        chains = await api.chains();
        const collection = await api.enterprises();
        enterprises = createEnterpriseLayer({ collection, onSelectPlace: showPlace });
      }
      const id = s.chain || DEFAULT_CHAIN;
      if (full || current?.id !== id) current = await api.chain(id);
      if (mine !== token) return;
      controls(s);
      key();
      await drawDiagram(s);
      showNode(s);
      showExtra();
      await showTargets(s);
      if (full) pipeline.render(s, chains);
      loadedLanguage = language();
      document.body.dataset.chainsReady = "true";
    } catch (error) {
      if (mine === token) replace(els.summary, t("chain.failed", { error: errorText(error) }));
    }
  }

  function showLayer(s) {
    if (!enterprises) return;
    if (s.tab === "chains") enterprises.layer.addTo(map);
    else enterprises.layer.remove();
  }

  subscribe((changed, s) => {
    const open = s.tab === "chains";
    if (
      open &&
      (!chains || changed.has("tab") || changed.has("lang") || changed.has("chain") || changed.has("basis"))
    ) {
      render(s, !chains || changed.has("lang") || loadedLanguage !== language()).then(() =>
        showLayer(getState()),
      );
    } else if (changed.has("node") && current) {
      diagram?.select(s.node);
      showNode(s);
    }
    if (changed.has("tab")) showLayer(s);
    document.body.dataset.tab = s.tab; // the print layout keeps this tab's panel (chains.css)
  });
  // Opened at a link to the tab (or to a node on the map).
  const s = getState();
  document.body.dataset.tab = s.tab;
  if (s.tab === "chains" || (s.mode === "chain" && s.node)) render(s, true).then(() => showLayer(getState()));

  return {
    openFirm,
    /** After an edit (issue 12): draw the firms again from fresh data, and the firm's profile. */
    async reloadFirms(id) {
      if (!enterprises) return;
      const shown = map.hasLayer(enterprises.layer);
      enterprises.layer.remove();
      enterprises = createEnterpriseLayer({ collection: await api.enterprises(), onSelectPlace: showPlace });
      if (shown) enterprises.layer.addTo(map);
      if (id) await openFirm(id);
    },
  };
}
