// The surroundings that make the plan's geography visible without a base map: the other
// Chongqing districts (the nine of the central city marked) and Chengdu, with two labels.
import L from "./leaflet.js";
import { nameOf, t } from "../i18n.js";
import { categoryOf, fillGround } from "./styles.js";
import { outlineRenderer } from "./outlines.js";

export function createContextLayer({ catalogLayer, collection, home }) {
  const style = catalogLayer.style;
  let fill = fillGround(null);
  const styleOf = (feature) => ({
    color: style.stroke || "#ffffff",
    weight: 1,
    fillColor: categoryOf(style, feature.properties[style.property])?.color ?? "#dddddd",
    fillOpacity: fill.opacityOf(style),
  });
  const areas = L.geoJSON(collection, {
    pane: "context",
    renderer: outlineRenderer("context"),
    style: styleOf,
    onEachFeature(feature, area) {
      area.bindTooltip(() => nameOf(feature.properties), { sticky: true, className: "context-tip" });
      // The surroundings are scenery, not controls: out of the tab order and of the
      // accessibility tree (the two labels and the legend name them).
      area.on("add", () => {
        const path = area.getElement();
        path?.setAttribute("tabindex", "-1");
        path?.setAttribute("aria-hidden", "true");
      });
    },
  });

  const central = collection.features.filter((f) => f.properties.central_city);
  const chengdu = collection.features.filter((f) => f.properties.province !== "重庆市");
  const labels = [
    { key: "central", features: central, text: () => t("context.central_city") },
    { key: "chengdu", features: chengdu, text: () => chengdu.map((f) => nameOf(f.properties)).join("、") },
  ]
    .filter((label) => label.features.length)
    .map((label) => ({
      ...label,
      marker: L.marker(labelPoint(label.features, home), {
        pane: "contextLabels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "context-label", html: "<span></span>", iconSize: null }),
      }),
    }));

  const layer = L.featureGroup([areas, ...labels.map((l) => l.marker)]);

  function relabel() {
    for (const label of labels) {
      const span = label.marker.getElement()?.firstElementChild;
      if (span) span.textContent = label.text();
    }
  }
  for (const label of labels) label.marker.on("add", relabel);
  return {
    layer,
    relabel,
    /** Redraw over another ground (fillGround of the base map shown). */
    setGround(ground) {
      fill = ground;
      areas.setStyle(styleOf);
    },
  };
}

// A point inside a group of polygons, in the middle of their part that lies within `within`
// (the first view), so that Chengdu's label shows on the strip of Chengdu that is in sight:
// points of a grid over their bounds that fall inside, the one nearest their mean.
function labelPoint(features, within) {
  const bounds = L.geoJSON({ type: "FeatureCollection", features }).getBounds();
  const polygons = features.flatMap((f) => polygonsOf(f.geometry));
  const steps = 40;
  const inner = [];
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const lat = bounds.getSouth() + ((bounds.getNorth() - bounds.getSouth()) * i) / steps;
      const lng = bounds.getWest() + ((bounds.getEast() - bounds.getWest()) * j) / steps;
      if (polygons.some((polygon) => inside(lng, lat, polygon))) inner.push(L.latLng(lat, lng));
    }
  }
  const seen = inner.filter((p) => within?.contains(p));
  const points = seen.length ? seen : inner;
  if (!points.length) return bounds.getCenter();
  const mean = L.latLng(
    points.reduce((sum, p) => sum + p.lat, 0) / points.length,
    points.reduce((sum, p) => sum + p.lng, 0) / points.length,
  );
  return points.reduce((best, p) => (p.distanceTo(mean) < best.distanceTo(mean) ? p : best));
}

function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

// Even-odd rule over all rings of a polygon (outer ring and holes).
function inside(x, y, polygon) {
  let result = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
    }
  }
  return result;
}
