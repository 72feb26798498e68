// Industrial parks: surveyed ones as filled circles or their boundary, indicative ones
// (location_approximate: a town or district seat) as dashed hollow circles marked 位置示意.
// Points are clustered at small scales; parks without a location are not drawn.
import L from "./leaflet.js";
import "leaflet.markercluster";
import "leaflet.markercluster/dist/MarkerCluster.css";
import { mapButton } from "../dom.js";
import { nameOf, t } from "../i18n.js";
import { outlineRenderer } from "./outlines.js";
import { categoryOf, darker, ROLE_STYLE, SELECTED_STROKE } from "./styles.js";

const FOUND = ROLE_STYLE.categories[0].color;

export function createParkLayer({ catalogLayer, collection, onSelect }) {
  const style = catalogLayer.style;
  const view = { selected: "", found: new Set() };
  const drawn = new Map(); // park id → Leaflet layer

  function styleOf(props) {
    const category = categoryOf(style, props[style.property]);
    const color = category?.color ?? "#b2182b";
    const approximate = props.location_approximate;
    const found = view.found.has(props.id);
    const selected = view.selected === props.id;
    // Indicative locations: a hollow (white) circle with a dashed outline in the category's
    // darker tone; surveyed ones: a filled circle with a white outline.
    return {
      radius: found || selected ? 9 : 7,
      color: selected ? SELECTED_STROKE : found ? FOUND : approximate ? darker(color) : "#ffffff",
      weight: selected || found ? 3 : 2,
      dashArray: approximate ? "4 3" : null,
      fillColor: approximate ? "#ffffff" : color,
      fillOpacity: approximate ? 0.75 : 0.95,
    };
  }

  function tooltipText(props) {
    const parts = [nameOf(props)];
    if (props.location_approximate) parts.push(t("park.approximate"));
    return parts.join(" · ");
  }

  function decorate(park, props) {
    const el = park.getElement?.();
    if (!el) return;
    el.setAttribute("data-park-id", props.id);
    el.classList.toggle("park-approximate", Boolean(props.location_approximate));
    mapButton(el, tooltipText(props), () => onSelect(props.id));
  }

  function bind(park, props) {
    park.bindTooltip(() => tooltipText(props), { direction: "top", className: "park-tip" });
    park.on("click", () => onSelect(props.id));
    park.on("add", () => decorate(park, props));
    drawn.set(props.id, park);
  }

  const clusters = L.markerClusterGroup({
    clusterPane: "parkClusters",
    maxClusterRadius: 36,
    showCoverageOnHover: false,
    disableClusteringAtZoom: 11,
    // Clusters split and merge at once: their animation kept the main thread and the
    // compositor busy for a quarter of a second after every zoom change, on every layer's
    // time (the z8 → z11 zoom-in, benchmarks/README.md "The map at a million firms").
    animate: false,
    spiderfyOnMaxZoom: true,
    // A cluster whose parks are all indicative is drawn dashed, like its parks.
    iconCreateFunction: (cluster) => {
      const children = cluster.getAllChildMarkers();
      const approximate = children.every((m) => m.options.dashArray);
      return L.divIcon({
        className: `park-cluster${approximate ? " park-cluster-approximate" : ""}`,
        // The count, and for screen readers what it counts (our own string, no data).
        html: `<span>${children.length}</span><span class="visually-hidden">${t("park.cluster")}</span>`,
        iconSize: L.point(24, 24),
      });
    },
  });
  const areas = L.featureGroup();
  const renderer = outlineRenderer("parks");

  function draw(feature) {
    const props = feature.properties;
    if (!feature.geometry) return; // listed in profiles, not drawn
    if (feature.geometry.type === "Point") {
      const [lng, lat] = feature.geometry.coordinates;
      const park = L.circleMarker([lat, lng], { pane: "parks", renderer, ...styleOf(props) });
      bind(park, props);
      clusters.addLayer(park);
    } else {
      const park = L.geoJSON(feature, { pane: "parks", renderer, style: () => styleOf(props) });
      bind(park, props);
      areas.addLayer(park);
    }
  }
  for (const feature of collection.features) draw(feature);

  // Cluster icons carry words in the current language: redraw them when the layer comes back.
  clusters.on("add", () => clusters.refreshClusters());
  const layer = L.featureGroup([areas, clusters]);
  const propsById = new Map(collection.features.map((f) => [f.properties.id, f.properties]));

  return {
    layer,
    /** Restyle for {selected (park id), found (Set of park ids)}. */
    update(patch) {
      Object.assign(view, patch);
      for (const [id, park] of drawn) park.setStyle(styleOf(propsById.get(id)));
    },
    relabel() {
      for (const [id, park] of drawn) decorate(park, propsById.get(id));
      if (clusters._map) clusters.refreshClusters(); // (when hidden: on its next "add", below)
    },
    /** Show a park: zoom until it leaves its cluster. */
    reveal(id) {
      const park = drawn.get(id);
      if (!park) return false;
      if (park.getLatLng && clusters.hasLayer(park)) clusters.zoomToShowLayer(park);
      else park._map?.fitBounds(park.getBounds(), { maxZoom: 13 });
      return true;
    },
    isDrawn: (id) => drawn.has(id),
    /** Draw a park anew after an edit (issue 12): its new geometry and properties. */
    upsert(feature) {
      const id = feature.properties.id;
      const old = drawn.get(id);
      if (old) {
        clusters.removeLayer(old);
        areas.removeLayer(old);
        drawn.delete(id);
      }
      propsById.set(id, feature.properties);
      draw(feature);
      drawn.get(id)?.setStyle(styleOf(feature.properties));
    },
  };
}
