// Key firms and projects on the map. None has its own surveyed location: each is placed at the
// seat of the town a source names, at its park's indicative location or inside its district
// (`location_approximate`). Firms sharing a place are drawn as ONE dashed square with their
// count, never as points of their own; a click lists them. A surveyed firm (none yet) would be
// a filled square.
import L from "./leaflet.js";
import { mapButton } from "../dom.js";
import { t } from "../i18n.js";

export function createEnterpriseLayer({ collection, onSelectPlace }) {
  const places = new Map(); // "lng,lat,approximate" → {latlng, approximate, firms: [props]}
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    const [lng, lat] = feature.geometry.coordinates;
    const approximate = feature.properties.location_approximate !== false;
    const key = `${lng},${lat},${approximate}`;
    if (!places.has(key)) places.set(key, { key, latlng: [lat, lng], approximate, firms: [] });
    places.get(key).firms.push(feature.properties);
  }
  const view = { highlight: new Set() };
  const markers = new Map();
  const layer = L.layerGroup();

  function icon(place) {
    const hits = place.firms.filter((f) => view.highlight.has(f.id)).length;
    const classes = ["enterprise-place"];
    if (place.approximate) classes.push("enterprise-approximate");
    if (hits) classes.push("enterprise-hit");
    return L.divIcon({
      className: classes.join(" "),
      html: `<span>${hits || place.firms.length}</span>`,
      iconSize: L.point(22, 22),
    });
  }

  function label(place) {
    return t("firm.places", { n: place.firms.length });
  }

  for (const place of places.values()) {
    const marker = L.marker(place.latlng, { icon: icon(place), pane: "parks", keyboard: false });
    marker.bindTooltip(() => label(place), { direction: "top" });
    marker.on("click", () => onSelectPlace(place.firms));
    marker.on("add", () => {
      const el = marker.getElement();
      if (!el) return;
      el.dataset.enterprisePlace = place.key;
      el.dataset.locationApproximate = String(place.approximate);
      el.dataset.firms = place.firms.map((f) => f.id).join(",");
      mapButton(el, label(place), () => onSelectPlace(place.firms));
    });
    markers.set(place.key, marker);
    layer.addLayer(marker);
  }

  return {
    layer,
    /** Mark the firms of the chosen node ({highlight: Set of firm ids}). */
    update(patch) {
      Object.assign(view, patch);
      for (const place of places.values()) markers.get(place.key).setIcon(icon(place));
    },
    places: () => [...places.values()],
  };
}
