// 渝西产业地图: wires the data (/api), the shareable state (URL fragment), the map and the
// side panel together. The eight districts are drawn first; everything else follows.
import "./map/leaflet.js"; // Leaflet's own CSS first, so that ours comes after it
import "./style.css";
import "./print.css";
import { api, forget } from "./api.js";
import { announce } from "./dom.js";
import { errorText, localized, nameOf, setLanguage, t } from "./i18n.js";
import { createCatalogPointLayers, tiledPointAt } from "./map/catalogpoints.js";
import { createContextLayer } from "./map/context.js";
import { createDeclutter } from "./map/declutter.js";
import { createDistrictLayer } from "./map/districts.js";
import L from "./map/leaflet.js";
import { createLegend } from "./map/legend.js";
import { basemapLayers, createLayerSwitch, createMap, sourceList } from "./map/mapview.js";
import { createParkLayer } from "./map/parks.js";
import { fillGround } from "./map/styles.js";
import { createDashboard } from "./panels/dashboard.js";
import { createFindPanel } from "./panels/find.js";
import { createLayoutPanel } from "./panels/layout.js";
import { createProfilePanel } from "./panels/profile.js";
import { createSearch } from "./panels/search.js";
import { createTabs } from "./panels/tabs.js";
import { setupPrint } from "./print.js";
import { wireSiting } from "./siting-wiring.js";
import { loadRules } from "./rules.js";
import {
  formatView,
  getState,
  hiddenLayers,
  initState,
  parseView,
  setState,
  SITE_KEYS,
  subscribe,
} from "./state.js";

const $ = (id) => document.getElementById(id);
const narrow = () => window.matchMedia("(max-width: 700px)").matches;

// The first view: the eight districts with a strip of Chengdu to the west and the central city
// to the east, so that "between the central city and Chengdu" shows at a glance.
function homeBounds(districts) {
  return L.latLngBounds(
    [districts.getSouth() - 0.05, districts.getWest() - 0.75],
    [districts.getNorth() + 0.05, districts.getEast() + 0.3],
  );
}

async function start() {
  const [config, layerList, districts] = await Promise.all([
    api.config(),
    api.layers(),
    api.districts(),
    loadRules(),
  ]);
  const state = initState(config.default_basemap);
  if (!config.basemaps.some((b) => b.id === state.basemap)) setState({ basemap: config.default_basemap });
  setLanguage(state.lang);
  const catalog = new Map(layerList.map((layer) => [layer.id, layer]));

  // The map and the eight districts, as soon as they are here.
  let sitingMap = null; // site selection on the map (siting-wiring.js), once the parks are here
  const picking = () => sitingMap?.isPicking();
  const map = createMap("map");
  const bases = basemapLayers(config.basemaps, (basemap) =>
    announce(t("basemap.failed", { name: localized(basemap.title) }), 10_000),
  );
  const districtLayer = createDistrictLayer({
    catalogLayer: catalog.get("districts"),
    collection: districts,
    // A click on a firm drawn from tiles (a canvas the clicks pass through) opens the firm; the
    // district below it stays as it is.
    onSelect: (adcode, latlng) =>
      picking() || (latlng && tiledPointAt(map, latlng)) || selectDistrict(adcode, false),
  });
  const home = homeBounds(districtLayer.layer.getBounds());
  const view = parseView(state.map);
  if (view) map.setView([view.lat, view.lng], view.zoom, { animate: false });
  else map.fitBounds(home, { animate: false });
  bases.find((b) => b.basemap.id === getState().basemap)?.addTo(map);
  // With no base map (no tiles) the map is drawn a little differently (style.css), and the
  // fills are mixed over another ground (fillGround), in the map as in the legend.
  const groundOf = (id) => fillGround(config.basemaps.find((b) => b.id === id));
  const markBasemap = (id) => {
    map.getContainer().classList.toggle("basemap-none", !groundOf(id).basemap);
    districtLayer.update({ fill: groundOf(id) });
  };
  markBasemap(getState().basemap);
  if (!hiddenLayers().has("districts")) districtLayer.layer.addTo(map);
  document.body.dataset.districts = String(districts.features.length);
  performance.mark("districts-drawn"); // the performance budget is measured to here

  // The side panel.
  const showTab = createTabs(document.querySelector("[role=tablist]"), (tab) => setState({ tab }));
  const profile = createProfilePanel($("tab-profile-panel"), {
    selectDistrict,
    selectPark,
    clear: () => setState({ district: "", park: "" }),
    showSiting: () => setState({ tab: "siting" }),
    findIndustry,
    revealPark: (id) => parks?.reveal(id),
    isParkDrawn: (id) => Boolean(parks?.isDrawn(id)),
    districtFeature: (adcode) => districtLayer.feature(adcode),
    ogcItems: (id) => catalog.get(id)?.items,
    regionTarget: () => districts.features.reduce((sum, f) => sum + f.properties.revenue_target_2027, 0),
  });
  const dashboard = createDashboard($("tab-dashboard-panel"), {
    selectDistrict: (adcode) => selectDistrict(adcode, true),
    findIndustry,
    districtStyle: catalog.get("districts").style,
  });
  const layout = createLayoutPanel($("tab-layout-panel"), {
    showIn: (term, adcode) => {
      setState({ industry: term, mode: "role" });
      selectDistrict(adcode, true);
    },
    selectDistrict: (adcode) => selectDistrict(adcode, true),
    print: () => window.print(),
  });
  // The 产业链 tab's code loads after the map (its own chunk).
  const chainsPanel = import("./panels/chains.js").then(({ setupChains }) =>
    setupChains({
      container: $("tab-chains-panel"),
      map,
      districtLayer,
      selectDistrict: (a) => selectDistrict(a, true),
    }),
  );
  createSearch({
    input: $("search-input"),
    listbox: $("search-results"),
    status: $("search-status"),
    onPick: pickSearchResult,
  });

  // The surroundings and the parks, then the vocabulary of "find by industry".
  // The domain rules (levels, location precision, tiers) come with them: the panels use them.
  const [contextAreas, parkCollection, clusters, industries, segments] = await Promise.all([
    api.contextAreas(),
    api.parks(),
    api.clusters(),
    api.industries(),
    api.segments(),
    loadRules(),
  ]);
  const context = createContextLayer({
    catalogLayer: catalog.get("context-areas"),
    collection: contextAreas,
    home,
  });
  const parks = createParkLayer({
    catalogLayer: catalog.get("parks"),
    collection: parkCollection,
    onSelect: (id) => picking() || selectPark(id, false),
  });
  const overlays = [
    { id: "context-areas", layer: context.layer, catalogLayer: catalog.get("context-areas") },
    { id: "districts", layer: districtLayer.layer, catalogLayer: catalog.get("districts") },
    { id: "parks", layer: parks.layer, catalogLayer: catalog.get("parks") },
    ...createCatalogPointLayers({ map, layerList, isPicking: picking }),
  ];
  const switcher = createLayerSwitch(map, {
    bases,
    overlays,
    onBasemap: (basemap) => setState({ basemap }),
    onOverlay: (id, shown) => {
      const hidden = hiddenLayers();
      if (shown) hidden.delete(id);
      else hidden.add(id);
      setState({ hide: [...hidden].sort().join(",") });
    },
  });
  switcher.showOverlays(hiddenLayers());
  // Editing (issue 12) loads after the first view: readers' first paint does not wait for it.
  let editing = null;
  import("./editing/index.js").then(({ initEditing }) => {
    editing = initEditing({
      map,
      profileContainer: $("tab-profile-panel"),
      firmContainer: $("tab-chains-panel"),
      importContainer: $("tab-import-panel"),
      onSaved: (feature, collection) => {
        if (collection === "enterprises") {
          forget("/api/enterprises");
          forget("/api/chains");
          chainsPanel.then((chains) => chains?.reloadFirms(feature.id));
          return;
        }
        forget("/api/parks");
        parks.upsert(feature);
        profile.render(getState(), districts);
      },
      onPlanSaved: () => {
        for (const path of [
          "/api/districts",
          "/api/overview",
          "/api/industries",
          "/api/plan",
          "/api/indicators",
        ])
          forget(path);
        profile.render(getState(), districts);
      },
      onImported: async (report) => {
        if (report?.layer === "enterprises") {
          forget("/api/enterprises");
          forget("/api/chains");
          chainsPanel.then((chains) => chains?.reloadFirms());
          return;
        }
        forget("/api/parks");
        for (const feature of (await api.parks()).features) parks.upsert(feature);
        profile.render(getState(), districts);
      },
    });
  });
  const legend = createLegend({
    catalog,
    parkPrecisions: parkCollection.features
      .filter((f) => f.geometry)
      .map((f) => f.properties.location_precision),
    districtValues: districts.features.map((f) => f.properties[catalog.get("districts").style.property]),
    onMode: (mode) => setState({ mode }),
  });
  legend.control.addTo(map);
  const declutter = createDeclutter(map);
  const find = createFindPanel($("tab-find-panel"), {
    choose: findIndustry,
    selectDistrict: (adcode) => selectDistrict(adcode, true),
    selectPark: (id) => selectPark(id, true),
    vocabulary: { clusters, industries, segments },
  });
  sitingMap = wireSiting({
    panel: $("tab-siting-panel"),
    map,
    districtLayer,
    declutter,
    narrow,
    selectPark,
    selectDistrict,
    vocabulary: { clusters, industries, segments },
    districts: districts.features.map((f) => f.properties),
  });
  setupPrint({
    map,
    button: $("print-button"),
    content: () => (getState().tab === "layout" ? "table" : "side"),
    title: () => {
      const s = getState();
      if (s.tab === "layout") return t("print.title_layout");
      if (s.mode === "siting") return t("print.title_siting", { term: s.site });
      if (s.tab === "chains") return t("chain.print_title");
      return s.mode === "role" && s.industry
        ? t("print.title_role", { term: s.industry })
        : t("print.title_target");
    },
    sources: () => {
      const shown = overlays.filter((o) => visibleLayers().has(o.id)).map((o) => o.catalogLayer);
      if (getState().tab === "chains") shown.push(catalog.get("enterprises")); // its firms are drawn
      const basemap = config.basemaps.find((b) => b.id === getState().basemap);
      return [...sourceList(shown), basemap?.attribution].filter(Boolean);
    },
  });

  // Keep the view in the URL.
  map.on("moveend", () => setState({ map: formatView(map.getZoom(), map.getCenter()) }));

  let dashboardLanguage = null;
  let placementToken = 0;

  // On a phone the panel is below the map: a tap on the map brings its profile into view.
  function showPanelOnPhone(fromMap) {
    if (fromMap && narrow()) $("panel").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function selectDistrict(adcode, zoom) {
    setState({ district: adcode, tab: "profile" });
    showPanelOnPhone(!zoom);
    const bounds = districtLayer.boundsOf(adcode);
    if (zoom && bounds) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 11 });
    announce(t("status.selected", { name: nameOf(districtLayer.feature(adcode)?.properties) }));
  }

  function selectPark(id, zoom, fromMap = !zoom) {
    setState({ park: id, tab: "profile" });
    showPanelOnPhone(fromMap);
    if (zoom) parks.reveal(id);
    const feature = parkCollection.features.find((f) => f.properties.id === id);
    if (feature) announce(t("status.selected", { name: nameOf(feature.properties) }));
  }

  function findIndustry(term) {
    setState({ industry: term, mode: term ? "role" : "target", tab: "find" });
  }

  function pickSearchResult(result) {
    if (result.type === "district") selectDistrict(result.id, true);
    else if (result.type === "park") selectPark(result.id, true);
    else findIndustry(result.name);
  }

  async function applyIndustry(term) {
    const mine = ++placementToken;
    if (!term) {
      districtLayer.update({ roles: new Map() });
      parks.update({ found: new Set() });
      find.showPlacement(null);
      return;
    }
    find.loading();
    try {
      const placement = await api.placements(term);
      if (mine !== placementToken) return;
      districtLayer.update({ roles: new Map(placement.districts.map((d) => [d.adcode, d.role])) });
      parks.update({ found: new Set(placement.parks.map((p) => p.id)) });
      find.showPlacement(placement);
      document.body.dataset.found = placement.districts.map((d) => d.adcode).join(",");
    } catch (error) {
      if (mine === placementToken) find.failed(error);
    }
  }

  function renderDashboard() {
    if (getState().tab !== "dashboard" || dashboardLanguage === getState().lang) return;
    dashboardLanguage = getState().lang;
    Promise.all([api.indicators(), api.plan()]).then(([indicators, plan]) =>
      dashboard.render({
        clusters,
        indicators,
        plan,
        districts: districts.features.map((f) => f.properties),
      }),
    );
  }

  function visibleLayers() {
    const hidden = hiddenLayers();
    return new Set(overlays.map((o) => o.id).filter((id) => !hidden.has(id)));
  }

  function render(changed, s, initial = false) {
    if (changed.has("lang")) {
      setLanguage(s.lang);
      districtLayer.relabel();
      context.relabel();
      parks.relabel();
      switcher.relabel();
      find.build(s);
      if (!initial) editing?.relabel();
      if (!initial) announce(t("status.language"));
    }
    if (changed.has("basemap")) {
      switcher.showBasemap(s.basemap);
      markBasemap(s.basemap);
      context.setGround(groundOf(s.basemap));
    }
    if (changed.has("hide")) switcher.showOverlays(hiddenLayers());
    if (changed.has("mode")) {
      districtLayer.update({ mode: s.mode });
      sitingMap.showCandidates();
    }
    if (changed.has("district") || changed.has("park")) {
      districtLayer.update({ selected: s.district });
      parks.update({ selected: s.park });
    }
    if (["district", "lang", "hide", "mode"].some((k) => changed.has(k))) declutter.schedule();
    if (["lang", "district", "park", "mode"].some((k) => changed.has(k))) {
      // A new selection (not a start or a language switch): the keyboard follows it.
      const selected = !initial && (changed.has("district") || changed.has("park"));
      profile.render(s, districts, { focus: selected && Boolean(s.district || s.park) });
    }
    if (changed.has("industry") || changed.has("lang")) {
      find.markChosen(s.industry);
      applyIndustry(s.industry);
    }
    sitingMap.render(changed, s);
    if (changed.has("tab")) {
      showTab(s.tab);
      document.body.dataset.tab = s.tab; // e.g. a wider panel for the table (layout.css)
      map.invalidateSize({ pan: false });
    }
    if ((changed.has("tab") || changed.has("lang")) && s.tab === "layout") layout.render();
    if (changed.has("tab") || changed.has("lang")) renderDashboard();
    if (["mode", "industry", "site", "hide", "lang", "basemap"].some((k) => changed.has(k)))
      legend.render(s, visibleLayers(), groundOf(s.basemap));
    if (changed.has("map")) {
      // A pasted link: move the map unless it is already there.
      const target = parseView(s.map);
      if (target && formatView(map.getZoom(), map.getCenter()) !== s.map)
        map.setView([target.lat, target.lng], target.zoom, { animate: false });
    }
  }

  // The 进度/赛马 tab comes in its own bundle, after the map.
  import("./panels/progress.js").then(({ createProgressTab }) =>
    createProgressTab($("tab-progress-panel"), {
      map,
      districts,
      catalogLayer: catalog.get("progress"),
      selectDistrict: (adcode) => selectDistrict(adcode, true),
    }),
  );
  subscribe(render);
  render(
    new Set(["lang", "basemap", "hide", "mode", "district", "park", "industry", "tab", ...SITE_KEYS]),
    getState(),
    true,
  );

  $("language-button").addEventListener("click", () =>
    setState({ lang: getState().lang === "zh" ? "en" : "zh" }),
  );
  $("share-button").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      announce(t("status.copied"));
    } catch {
      announce(t("action.share_fallback"));
    }
  });
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  announce(t("error.load", { error: errorText(error) }));
  throw error;
});
