// The Leaflet map: panes in drawing order, zoom and scale controls, the base maps the server
// offers, the layer switcher and the attribution of each layer in the current language.
import L from "./leaflet.js";
import { localized, t } from "../i18n.js";

// Drawing order, bottom to top (Leaflet's tiles are at 200, its tooltips at 650).
// Park clusters sit under the district labels, which let clicks through; site-selection
// candidates above the labels, under the tooltips (map/declutter.js keeps them apart).
const PANES = {
  context: 350,
  contextLabels: 380,
  districts: 400,
  parks: 450,
  parkClusters: 640,
  districtLabels: 642,
  candidates: 645,
};

export function createMap(container) {
  const map = L.map(container, {
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    minZoom: 6,
    maxZoom: 18,
    zoomControl: false,
  });
  for (const [name, zIndex] of Object.entries(PANES)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
  }
  map.getPane("contextLabels").style.pointerEvents = "none";
  map.getPane("districtLabels").style.pointerEvents = "none";
  map.attributionControl.setPrefix(false);
  L.control.zoom({ position: "topleft" }).addTo(map);
  L.control.scale({ position: "bottomleft", imperial: false, maxWidth: 160 }).addTo(map);
  sourcesToggle().addTo(map);
  return map;
}

// On a phone the sources would cover the map: there, with no base map (whose attribution must
// stay in sight), they fold behind an "ⓘ" button (CSS decides when the button shows).
function sourcesToggle() {
  const control = L.control({ position: "bottomright" });
  control.onAdd = (map) => {
    const button = L.DomUtil.create("button", "sources-toggle");
    button.type = "button";
    button.textContent = "ⓘ";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", t("print.sources"));
    L.DomEvent.disableClickPropagation(button);
    button.addEventListener("click", () => {
      const open = map.getContainer().classList.toggle("sources-open");
      button.setAttribute("aria-expanded", String(open));
    });
    return button;
  };
  return control;
}

/**
 * One layer group per base map of /api/config; "none" is an empty group (no requests). When
 * the tiles of a base map fail to load (e.g. an intranet without the internet), `onFailure`
 * is called once per base map, so that the user is told once rather than left with a blank map.
 */
export function basemapLayers(basemaps, onFailure = () => {}) {
  return basemaps.map((basemap) => {
    let told = false;
    const tell = () => {
      if (!told) onFailure(basemap);
      told = true;
    };
    const group = L.layerGroup(
      basemap.layers.map((tiles, i) =>
        L.tileLayer(tiles.url, {
          subdomains: tiles.subdomains || "abc",
          maxZoom: tiles.max_zoom ?? 18,
          // One attribution per base map, on its first tile layer.
          attribution: i === 0 ? escapeHtml(basemap.attribution || "") : "",
        }).on("tileerror", tell),
      ),
    );
    group.basemap = basemap;
    return group;
  });
}

/**
 * Base maps and data layers in one switcher. `overlays`: [{id, layer, catalogLayer}].
 * Rebuilt when the language changes (Leaflet's control has no way to rename an entry).
 */
export function createLayerSwitch(map, { bases, overlays, onBasemap, onOverlay }) {
  let control = null;
  let attribution = null;

  map.on("baselayerchange", (event) => onBasemap(event.layer.basemap.id));
  map.on("overlayadd overlayremove", (event) => {
    const overlay = overlays.find((o) => o.layer === event.layer);
    if (overlay) onOverlay(overlay.id, event.type === "overlayadd");
  });

  function showBasemap(id) {
    for (const base of bases) {
      if (base.basemap.id === id) base.addTo(map);
      else base.remove();
    }
  }

  function showOverlays(hidden) {
    for (const { id, layer } of overlays) {
      if (hidden.has(id)) layer.remove();
      else if (!map.hasLayer(layer)) layer.addTo(map);
    }
  }

  function relabel() {
    control?.remove();
    // The base maps the server configures; with none but "no base map" there is nothing to choose.
    const baseEntries =
      bases.length > 1
        ? Object.fromEntries(bases.map((base) => [escapeHtml(localized(base.basemap.title)), base]))
        : {};
    const overlayEntries = Object.fromEntries(
      overlays.map(({ layer, catalogLayer }) => [escapeHtml(localized(catalogLayer.title)), layer]),
    );
    control = L.control
      .layers(baseEntries, overlayEntries, { position: "topright", collapsed: true })
      .addTo(map);
    const container = control.getContainer();
    container.setAttribute("aria-label", `${t("layers.basemaps")} / ${t("legend.label")}`);
    container
      .querySelector(".leaflet-control-layers-toggle")
      ?.setAttribute("aria-label", t("layers.basemaps"));
    map.getContainer().querySelector(".sources-toggle")?.setAttribute("aria-label", t("print.sources"));
    // Leaflet's own controls are worded in English: word them in the reader's language.
    const toggle = container.querySelector(".leaflet-control-layers-toggle");
    toggle?.setAttribute("title", t("layers.basemaps"));
    for (const [selector, key] of [
      [".leaflet-control-zoom-in", "map.zoom_in"],
      [".leaflet-control-zoom-out", "map.zoom_out"],
    ]) {
      const zoom = map.getContainer().querySelector(selector);
      zoom?.setAttribute("title", t(key));
      zoom?.setAttribute("aria-label", t(key));
    }
    // Data attributions in the current language, as one line.
    if (attribution) map.attributionControl.removeAttribution(attribution);
    attribution = escapeHtml(sourceList(overlays.map((o) => o.catalogLayer)).join(" · "));
    map.attributionControl.addAttribution(attribution);
  }

  return { showBasemap, showOverlays, relabel };
}

/** The sources of some layers in the current language, each named once: attributions are
 * split into their parts ("产业布局：…；边界：…") so that a source of two layers is named once. */
export function sourceList(catalogLayers) {
  const parts = new Map();
  for (const layer of catalogLayers) {
    for (const part of localized(layer.attribution).split(/[；;]\s*/)) {
      const text = part.trim();
      if (text && !parts.has(text.toLowerCase())) parts.set(text.toLowerCase(), text);
    }
  }
  return [...parts.values()];
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
