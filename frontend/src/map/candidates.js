// Site-selection candidates on the map: a numbered marker per located park (its rank), dashed
// where the location is only indicative (位置示意) as in the parks layer, and the reference
// point when one was given. Candidate districts are tinted by the district layer (`tiers`).
import L from "./leaflet.js";
import { h, mapButton } from "../dom.js";
import { localized, nameOf, t } from "../i18n.js";
import { tierOf } from "../rules.js";

const SIZE = 24; // marker diameter, px
/** adcode → "named" | "linked" for the districts of a site-selection answer (the tiers are
 * the server's rules: /api/rules candidate_tiers). */
export function districtTiers(answer) {
  return new Map((answer?.districts ?? []).map((d) => [d.adcode, tierOf(d.reasons[0]?.code) ?? "linked"]));
}

/** "Name · 位置示意" for a tooltip or an accessible name. */
function describe(park) {
  const parts = [`${park.rank}. ${nameOf(park)}`];
  if (park.location_approximate) parts.push(t("park.approximate"));
  return parts.join(" · ");
}

export function createCandidateLayer({ onSelect }) {
  const layer = L.featureGroup();
  const markers = new Map(); // park id → marker
  let active = "";

  function icon(park, offset) {
    return L.divIcon({
      className: `candidate-marker${park.location_approximate ? " candidate-approximate" : ""}`,
      html: `<span>${Number(park.rank)}</span>`,
      iconSize: [SIZE, SIZE],
      // Candidates at the same point sit side by side rather than on top of each other.
      iconAnchor: [SIZE / 2 - offset, SIZE / 2],
    });
  }

  function decorate(marker, park) {
    const el = marker.getElement();
    if (!el) return;
    el.dataset.parkId = park.id;
    el.dataset.rank = String(park.rank);
    el.classList.toggle("candidate-active", park.id === active);
    mapButton(el, describe(park), () => onSelect(park.id));
  }

  /** Draw the candidates of an answer (replacing those drawn before). */
  function show(answer) {
    layer.clearLayers();
    markers.clear();
    const spots = new Map(); // "lon,lat" → parks there, in rank order
    for (const park of answer.parks) {
      if (park.lon == null || park.lat == null) continue; // listed, not drawn
      const key = `${park.lon},${park.lat}`;
      spots.set(key, [...(spots.get(key) ?? []), park]);
    }
    for (const group of spots.values()) {
      group.forEach((park, i) => {
        const offset = (i - (group.length - 1) / 2) * (SIZE + 2);
        const marker = L.marker([park.lat, park.lon], {
          pane: "candidates",
          icon: icon(park, offset),
          keyboard: true,
          riseOnHover: true,
          zIndexOffset: 1000 - park.rank, // the best on top
        });
        marker.bindTooltip(() => h("span", {}, describe(park)), {
          direction: "top",
          offset: [offset, -SIZE / 2],
          className: "park-tip",
        });
        marker.on("click", () => onSelect(park.id));
        marker.on("add", () => decorate(marker, park));
        markers.set(park.id, { marker, park });
        layer.addLayer(marker);
      });
    }
    const reference = answer.reference;
    if (reference?.kind === "point" && reference.lon != null) {
      const point = L.marker([reference.lat, reference.lon], {
        pane: "candidates",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "candidate-reference", iconSize: [18, 18] }),
      });
      point.bindTooltip(() => h("span", {}, `${t("siting.reference")}: ${localized(reference)}`));
      layer.addLayer(point);
    }
  }

  /** Mark one candidate (e.g. the one chosen in the list) and bring it into view. */
  function focus(id) {
    active = id;
    for (const { marker, park } of markers.values()) decorate(marker, park);
    const chosen = markers.get(id)?.marker;
    const map = chosen?._map;
    if (map) {
      // A pan during a zoom animation (e.g. the fit to a new answer) would be lost: wait for it.
      const pan = () => map.panTo(chosen.getLatLng());
      if (map._animatingZoom) map.once("zoomend", pan);
      else pan();
    }
    return Boolean(chosen);
  }

  return {
    layer,
    show,
    focus,
    clear() {
      active = "";
      layer.clearLayers();
      markers.clear();
    },
    /** Bounds of the drawn candidates, or null when none is located. */
    bounds: () => (markers.size ? layer.getBounds() : null),
    relabel() {
      for (const { marker, park } of markers.values()) decorate(marker, park);
    },
  };
}
