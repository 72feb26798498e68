// The geometry tools of the record editor (feature-editor.js), one per kind of geometry a
// layer takes: drawing or reshaping a boundary (the drawing plugin, geoman.js) and moving a
// point (a marker dragged, or put where the map is clicked). Each shows its form (reason,
// source, save, cancel) in the editor's slot and returns {stop}.
import { button, h, replace } from "../dom.js";
import { serverText, t } from "../i18n.js";
import L from "../map/leaflet.js";
import { loadGeoman } from "./geoman.js";

const COLOUR = "#d95f02";

/** A refusal as the reader is told it: the server's words, in the reader's language. */
export function failure(error) {
  return t("edit.failed", { error: serverText(error) });
}

/** The form under a tool: reason and source, its message line, save and cancel. */
function toolForm({ section, status, why }, { formClass, saveClass, saveLabel, geometry, stop }) {
  const slot = section.querySelector(".edit-form-slot");
  const reasons = why();
  const message = h("p", { class: "error", role: "alert" });
  return (save) => {
    const form = h(
      "form",
      {
        class: formClass,
        onsubmit: async (event) => {
          event.preventDefault();
          const shape = geometry();
          if (!shape) {
            message.textContent = t(formClass === "boundary-form" ? "edit.no_boundary" : "edit.no_point");
            return;
          }
          try {
            await save(shape, reasons.query());
          } catch (error) {
            message.textContent = failure(error);
            message.dataset.code = error.problem?.code ?? "";
          }
        },
      },
      ...reasons.nodes,
      message,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", class: saveClass }, saveLabel),
        button(
          {
            onclick: () => {
              stop();
              replace(slot);
              status.textContent = "";
            },
          },
          t("edit.cancel"),
        ),
      ),
    );
    replace(slot, form);
  };
}

/** Draw a park's boundary, or reshape the one it has. */
export async function startBoundary(context, feature) {
  const { map, status } = context;
  await loadGeoman(map);
  const geometry = feature?.geometry;
  let shape = null;
  if (geometry && geometry.type !== "Point") {
    shape = L.geoJSON(geometry, { style: { color: COLOUR, weight: 3 } }).addTo(map);
    shape.eachLayer((layer) => layer.pm.enable({ allowSelfIntersection: false }));
    map.fitBounds(shape.getBounds(), { maxZoom: 15 });
    status.textContent = t("edit.reshape_hint");
  } else {
    if (geometry)
      map.setView([geometry.coordinates[1], geometry.coordinates[0]], Math.max(map.getZoom(), 13));
    map.pm.enableDraw("Polygon", { allowSelfIntersection: false, pathOptions: { color: COLOUR } });
    map.once("pm:create", (event) => {
      shape = L.featureGroup([event.layer]);
      event.layer.pm.enable({ allowSelfIntersection: false });
      map.getContainer().dataset.boundaryDrawn = "true";
    });
    status.textContent = t("edit.draw_hint");
  }
  map.getContainer().classList.add("drawing");
  const stop = () => {
    map.pm.disableDraw();
    shape?.eachLayer((layer) => layer.pm?.disable());
    shape?.remove();
    map.getContainer().classList.remove("drawing");
    delete map.getContainer().dataset.boundaryDrawn;
  };
  const polygons = () => {
    if (!shape) return null;
    const rings = [];
    shape.eachLayer((layer) => {
      const g = layer.toGeoJSON().geometry;
      if (g.type === "Polygon") rings.push(g.coordinates);
      else if (g.type === "MultiPolygon") rings.push(...g.coordinates);
    });
    return rings.length === 1
      ? { type: "Polygon", coordinates: rings[0] }
      : { type: "MultiPolygon", coordinates: rings };
  };
  toolForm(context, {
    formClass: "boundary-form",
    saveClass: "boundary-save",
    saveLabel: t("edit.save_boundary"),
    geometry: polygons,
    stop,
  })(context.save);
  return { stop };
}

/** Move a point: drag the marker, or click the map where the record is. */
export async function startMove(context, feature) {
  const { map, status } = context;
  const container = map.getContainer();
  const start = feature?.geometry?.type === "Point" ? feature.geometry.coordinates : null;
  const at = start ? L.latLng(start[1], start[0]) : map.getCenter();
  map.setView(at, Math.max(map.getZoom(), 13), { animate: false });
  // Its own pane, above the firms' squares and their tooltips: the marker takes the drag.
  if (!map.getPane("editPoint")) map.createPane("editPoint").style.zIndex = 700;
  const marker = L.marker(at, {
    pane: "editPoint",
    draggable: true,
    autoPan: true,
    keyboard: true,
    title: t("edit.move_marker"),
    icon: L.divIcon({ className: "edit-point-marker", iconSize: L.point(22, 22) }),
    zIndexOffset: 1000,
  }).addTo(map);
  let moved = false;
  const mark = () => {
    moved = true;
    container.dataset.pointMoved = "true";
  };
  marker.on("dragend", mark);
  const place = (event) => {
    marker.setLatLng(event.latlng);
    mark();
  };
  map.on("click", place);
  container.classList.add("drawing");
  status.textContent = t("edit.move_hint");
  const stop = () => {
    map.off("click", place);
    marker.remove();
    container.classList.remove("drawing");
    delete container.dataset.pointMoved;
  };
  const point = () => {
    if (!moved) return null;
    const { lat, lng } = marker.getLatLng();
    const round = (v) => Math.round(v * 1e6) / 1e6;
    return { type: "Point", coordinates: [round(lng), round(lat)] };
  };
  toolForm(context, {
    formClass: "location-form",
    saveClass: "location-save",
    saveLabel: t("edit.save_location"),
    geometry: point,
    stop,
  })(context.save);
  return { stop };
}
