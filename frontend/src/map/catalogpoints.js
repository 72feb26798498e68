// The catalog's spatial layers that have no module of their own (a register of firms, say):
// drawn from GeoJSON while small, and from vector tiles (OGC API – Tiles, MVT) through MapLibre
// GL inside Leaflet once the layer holds more than its `tiles.map_threshold` features — a
// browser cannot draw 10^5–10^6 GeoJSON points. Either way the layer is coloured by its style,
// listed in the legend, and a click opens the feature's properties. MapLibre (about 250 kB
// gzipped) is loaded only when a layer needs it.
import L from "./leaflet.js";
import { h } from "../dom.js";
import { localized, nameOf, t } from "../i18n.js";
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

/** For tests and benchmarks: each layer's drawing mode and, when tiled, its MapLibre map. */
export const drawnLayers = new Map();
window.industryMapLayers = drawnLayers;

export function colorOf(style, props) {
  if (style?.kind === "categories" && style.property) {
    return categoryOf(style, props[style.property])?.color ?? DEFAULT_COLOR;
  }
  return style?.colors?.[0] ?? DEFAULT_COLOR;
}

/** A MapLibre expression for the same colours. */
function colorExpression(style) {
  if (style?.kind === "categories" && style.property && style.categories.length) {
    const pairs = style.categories.flatMap((c) => [c.value, c.color]);
    return ["match", ["to-string", ["get", style.property]], ...pairs.map(String), DEFAULT_COLOR];
  }
  return style?.colors?.[0] ?? DEFAULT_COLOR;
}

export function usesTiles(catalogLayer) {
  const threshold = catalogLayer.tiles?.map_threshold ?? 5000;
  return (catalogLayer.estimated_features ?? 0) > threshold;
}

/** Overlays [{id, layer, catalogLayer}] for the layer switch; each loads when first shown. */
export function createCatalogPointLayers({ map, layerList }) {
  if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = "440";
  return layerList
    .filter((layer) => layer.geometry_type && !OWN_MODULES.has(layer.id))
    .map((catalogLayer) => ({
      id: catalogLayer.id,
      layer: pointLayer(map, catalogLayer),
      catalogLayer,
    }));
}

function pointLayer(map, catalogLayer) {
  const group = L.layerGroup();
  let loading = null;
  group.on("add", () => {
    loading ??= (usesTiles(catalogLayer) ? fromTiles : fromGeoJSON)(map, catalogLayer, group).catch(
      (error) => {
        loading = null;
        console.warn(`layer ${catalogLayer.id}:`, error);
      },
    );
  });
  return group;
}

async function fromGeoJSON(map, catalogLayer, group) {
  const response = await fetch(`${catalogLayer.items}?limit=${GEOJSON_LIMIT}`, {
    headers: { Accept: "application/geo+json" },
  });
  if (!response.ok) throw new Error(`${response.status}`);
  const collection = await response.json();
  if ((collection.numberMatched ?? 0) > collection.features.length) {
    // More than a page after all (the statistics were behind): tiles instead.
    return fromTiles(map, catalogLayer, group);
  }
  // SVG, not canvas: a canvas over the map takes every click, and the districts beneath stop
  // answering; GeoJSON is drawn only up to the layer's tile threshold (a few thousand points).
  const renderer = L.svg({ pane: PANE });
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
      marker.on("click", (event) => openProfile(map, catalogLayer, feature.id, event.latlng)),
  });
  group.addLayer(layer);
  drawnLayers.set(catalogLayer.id, { mode: "geojson", count: collection.features.length });
  map.getContainer().dataset[`layer_${catalogLayer.id.replace(/-/g, "_")}`] = "geojson";
}

async function fromTiles(map, catalogLayer, group) {
  const [maplibre, { MaplibreGL }, { default: workerUrl }] = await Promise.all([
    import("maplibre-gl"),
    import("@maplibre/maplibre-gl-leaflet"),
    // MapLibre's worker, bundled with what it imports, served from our own assets.
    import("maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url"),
    import("maplibre-gl/dist/maplibre-gl.css"),
  ]);
  maplibre.setWorkerUrl(workerUrl);
  const id = catalogLayer.id;
  const zoomed = (low, high) => ["interpolate", ["linear"], ["zoom"], 6, low, 14, high];
  const style = {
    version: 8,
    sources: { [id]: { type: "vector", url: new URL(catalogLayer.tilejson, location.href).href } },
    layers: [
      {
        id,
        type: "circle",
        source: id,
        "source-layer": id,
        paint: {
          "circle-color": colorExpression(catalogLayer.style),
          "circle-radius": zoomed(1.5, 5),
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": zoomed(0, 1),
          "circle-opacity": 0.9,
        },
      },
    ],
  };
  const layer = new MaplibreGL({
    style,
    pane: PANE,
    interactive: false,
    attributionControl: false,
    // MapLibre cross-fades for 300 ms after every change of integer zoom (for symbols and
    // patterns, which these circles have none of), redrawing each frame until then: on a
    // machine without a GPU that was most of a zoom change's time.
    fadeDuration: 0,
    // The canvas covers the map and no more (maplibre-gl-leaflet's default is 10% more on
    // every side, 1.44× the pixels): only the visible tiles are fetched and drawn.
    padding: 0,
  });
  group.addLayer(layer);
  const gl = layer.getMaplibreMap();
  skipFlatSky(gl);
  const container = map.getContainer();
  const key = `layer_${id.replace(/-/g, "_")}`;
  container.dataset[key] = "tiles";
  drawnLayers.set(id, { mode: "tiles", gl });

  // How long each view takes to be drawn once the map stops moving (benchmarks, tests).
  const timeView = () => {
    const began = performance.now();
    gl.once("idle", () => {
      container.dataset[`${key}_ms`] = String(Math.round(performance.now() - began));
      container.dataset[`${key}_at`] = String(Date.now()); // the same clock as the network log
      container.dataset[`${key}_views`] = String(Number(container.dataset[`${key}_views`] || 0) + 1);
    });
  };
  map.on("moveend", timeView);
  timeView();

  map.on("click", (event) => {
    if (!map.hasLayer(group)) return;
    const point = gl.project(event.latlng);
    const box = [
      [point.x - 5, point.y - 5],
      [point.x + 5, point.y + 5],
    ];
    const [feature] = gl.queryRenderedFeatures(box, { layers: [id] });
    if (feature) openProfile(map, catalogLayer, feature.properties[catalogLayer.id_column], event.latlng);
  });
}

/** MapLibre 6 draws its sky every frame: a shader over the whole canvas, writing depth, even
 * on a map that is never pitched, whose horizon is never in view (the style has no sky; Leaflet
 * drives this map, flat). Without a GPU (SwiftShader) that quad was 40–60% of each frame's
 * time (benchmarks/README.md). It is drawn only if the map is ever pitched. */
function skipFlatSky(gl) {
  const painter = gl.painter;
  const sky = painter?.drawFunctions?.sky;
  if (typeof sky !== "function") return; // another MapLibre: leave it as it is
  // This painter's own copy (MapLibre's table is shared by every map on the page).
  painter.drawFunctions = {
    ...painter.drawFunctions,
    sky: (...args) => {
      if (gl.getPitch() > 0) sky(...args);
    },
  };
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
