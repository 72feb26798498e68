// The catalog's spatial layers that have no module of their own (a register of firms, say):
// drawn from GeoJSON while small, and from vector tiles (OGC API – Tiles, MVT) on one canvas
// (map/tiledpoints.js, loaded only when a layer needs it) once the layer holds more than its
// `tiles.map_threshold` features — a browser cannot draw 10^5–10^6 GeoJSON points. Either way
// the layer is coloured by its style, listed in the legend, and a click opens the feature's
// properties.
import L from "./leaflet.js";
import { h } from "../dom.js";
import { localized, nameOf, t } from "../i18n.js";
import { outlineRenderer } from "./outlines.js";
import { categoryOf } from "./styles.js";
import "./catalogpoints.css";

// Layers drawn by their own modules (districts.js, parks.js, context.js).
// Drawn by their own modules: the enterprises and chain places aggregated per place by the
// 产业链 tab (never one point per firm).
const OWN_MODULES = new Set([
  "districts",
  "parks",
  "context-areas",
  "enterprises",
  "chain-places",
  "progress", // the 进度/赛马 tab colours the districts itself
]);
const DEFAULT_COLOR = "#3b6fb6";
const PANE = "catalogPoints";
const GEOJSON_LIMIT = 10000; // the API's largest page

/** For tests and benchmarks: each layer's drawing mode and, when tiled, its tile layer. */
export const drawnLayers = new Map();
window.industryMapLayers = drawnLayers;

export function colorOf(style, props) {
  if (style?.kind === "categories" && style.property) {
    return categoryOf(style, props[style.property])?.color ?? DEFAULT_COLOR;
  }
  return style?.colors?.[0] ?? DEFAULT_COLOR;
}

/** Whether a click at `latlng` falls on a point of a layer drawn from tiles and shown. */
export function tiledPointAt(map, latlng) {
  for (const drawn of drawnLayers.values()) {
    if (drawn.mode === "tiles" && map.hasLayer(drawn.layer) && drawn.layer.pointsNear(latlng).length) {
      return true;
    }
  }
  return false;
}

export function usesTiles(catalogLayer) {
  const threshold = catalogLayer.tiles?.map_threshold ?? 5000;
  return (catalogLayer.estimated_features ?? 0) > threshold;
}

/** Overlays [{id, layer, catalogLayer}] for the layer switch; each loads when first shown.
 * `isPicking()`: whether a map click is picking a place (site selection): a point then opens
 * nothing. */
export function createCatalogPointLayers({ map, layerList, isPicking = () => false }) {
  if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = "440";
  return layerList
    .filter((layer) => layer.geometry_type && !OWN_MODULES.has(layer.id))
    .map((catalogLayer) => ({
      id: catalogLayer.id,
      layer: pointLayer(map, catalogLayer, isPicking),
      catalogLayer,
    }));
}

function pointLayer(map, catalogLayer, isPicking) {
  const group = L.layerGroup();
  let loading = null;
  group.on("add", () => {
    loading ??= (usesTiles(catalogLayer) ? fromTiles : fromGeoJSON)(
      map,
      catalogLayer,
      group,
      isPicking,
    ).catch((error) => {
      loading = null;
      console.warn(`layer ${catalogLayer.id}:`, error);
    });
  });
  return group;
}

async function fromGeoJSON(map, catalogLayer, group, isPicking) {
  const response = await fetch(`${catalogLayer.items}?limit=${GEOJSON_LIMIT}`, {
    headers: { Accept: "application/geo+json" },
  });
  if (!response.ok) throw new Error(`${response.status}`);
  const collection = await response.json();
  if ((collection.numberMatched ?? 0) > collection.features.length) {
    // More than a page after all (the statistics were behind): tiles instead.
    return fromTiles(map, catalogLayer, group, isPicking);
  }
  // SVG, not canvas: a canvas over the map takes every click, and the districts beneath stop
  // answering; GeoJSON is drawn only up to the layer's tile threshold (a few thousand points).
  const renderer = outlineRenderer(PANE);
  const layer = L.geoJSON(collection, {
    pointToLayer: (feature, latlng) =>
      L.circleMarker(latlng, {
        pane: PANE,
        renderer,
        radius: 5,
        weight: 1,
        color: "#ffffff",
        fillColor: colorOf(catalogLayer.style, feature.properties),
        fillOpacity: 0.9,
      }),
    onEachFeature: (feature, marker) =>
      marker.on("click", (event) => isPicking() || openProfile(map, catalogLayer, feature.id, event.latlng)),
  });
  group.addLayer(layer);
  drawnLayers.set(catalogLayer.id, { mode: "geojson", count: collection.features.length });
  map.getContainer().dataset[`layer_${catalogLayer.id.replace(/-/g, "_")}`] = "geojson";
}

async function fromTiles(map, catalogLayer, group, isPicking) {
  const response = await fetch(catalogLayer.tilejson, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status}`);
  const { TiledPoints } = await import("./tiledpoints.js");
  const id = catalogLayer.id;
  const layer = new TiledPoints(await response.json(), {
    pane: PANE,
    sourceLayer: id,
    colorOf: (props) => colorOf(catalogLayer.style, props),
  });
  group.addLayer(layer);
  const container = map.getContainer();
  const key = `layer_${id.replace(/-/g, "_")}`;
  container.dataset[key] = "tiles";
  drawnLayers.set(id, { mode: "tiles", layer });

  // How long each view takes to be drawn once the map stops moving (benchmarks, tests): until
  // it is drawn with all its tiles and the frame that shows it is out.
  let began = performance.now();
  let timing = true;
  layer.on("drawn", ({ complete }) => {
    if (!complete || !timing) return;
    timing = false;
    requestAnimationFrame(() => {
      container.dataset[`${key}_ms`] = String(Math.round(performance.now() - began));
      container.dataset[`${key}_at`] = String(Date.now()); // the same clock as the network log
      container.dataset[`${key}_views`] = String(Number(container.dataset[`${key}_views`] || 0) + 1);
    });
  });
  map.on("moveend", () => {
    began = performance.now();
    timing = true;
  });

  map.on("click", (event) => {
    if (!map.hasLayer(group) || isPicking()) return;
    const [feature] = layer.pointsNear(event.latlng);
    if (feature) openProfile(map, catalogLayer, feature[catalogLayer.id_column], event.latlng);
  });
}

/** The feature's properties, from the OGC API, in a popup: the same for both ways of drawing. */
async function openProfile(map, catalogLayer, featureId, latlng) {
  const response = await fetch(`${catalogLayer.items}/${encodeURIComponent(featureId)}`, {
    headers: { Accept: "application/geo+json" },
  });
  if (!response.ok) return;
  const feature = await response.json();
  const props = feature.properties;
  const rows = catalogLayer.properties
    .filter((p) => props[p.name] !== null && props[p.name] !== undefined && p.type !== "json")
    .map((p) =>
      h("tr", {}, h("th", { scope: "row" }, localized(p.label)), h("td", {}, String(props[p.name]))),
    );
  const swatch = h("span", {
    class: "catalog-point-swatch",
    style: `background:${colorOf(catalogLayer.style, props)}`,
    "aria-hidden": "true",
  });
  const body = h(
    "section",
    { class: "catalog-point-profile", "data-feature-id": String(featureId) },
    h("h3", {}, swatch, nameOf(props) || String(featureId)),
    h("p", { class: "catalog-point-layer" }, localized(catalogLayer.title)),
    h("table", {}, h("tbody", {}, ...rows)),
    h("p", { class: "catalog-point-source" }, `${t("catalog.source")}${localized(catalogLayer.attribution)}`),
  );
  L.popup({ maxWidth: 320 }).setLatLng(latlng).setContent(body).openOn(map);
}
