// Editing a park in its profile (issue 12): the last change (for everyone), and for signed-in
// users the field editor, drawing or reshaping its boundary on the map, and its history with
// restore (admin). Writes go through OGC API – Features Part 4 with If-Match.
import { button, h, list, replace, announce } from "../dom.js";
import { formatDate, language, localized, t } from "../i18n.js";
import L from "../map/leaflet.js";
import { loadGeoman } from "./geoman.js";
import { authFetch, authJSON, canEdit, isAdmin } from "./session.js";

const ITEMS = "/ogc/collections/parks/items";
const LONG_TEXT = new Set(["notes", "industries", "level", "area_kind"]);
const HIDDEN_FIELDS = new Set(["district_adcode", "parent_id"]);

export function createParkEditor({ container, map, onSaved }) {
  let editingDoc = null; // /ogc/collections/parks "editing" (fields, auth)
  let drawing = null; // {layer, cleanup} while a boundary is drawn or reshaped

  const observer = new MutationObserver(() => attach());
  observer.observe(container, { childList: true, subtree: false });
  attach(); // a profile shown before this module loaded

  function attach() {
    const article = container.querySelector("article.park-profile[data-park-id]");
    if (!article || article.querySelector(".editing")) return;
    const section = h("section", { class: "editing", "aria-labelledby": "editing-heading" });
    article.append(section);
    render(section, article.dataset.parkId);
  }

  async function render(section, id) {
    editingDoc ??= await fetch("/ogc/collections/parks", { headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((doc) => doc.editing);
    const { body } = await authJSON(
      `/api/history?${new URLSearchParams({ entity: "parks", entity_id: id, limit: 20 })}`,
      {
        cache: "no-store",
      },
    );
    const changes = body.changes;
    const last = changes[0];
    const lastLine = last
      ? t("edit.last_change", { when: when(last.changed_at), user: last.actor, source: last.source })
      : t("edit.never_changed");
    const parts = [
      h("h3", { id: "editing-heading" }, t("edit.heading")),
      h("p", { class: "last-change muted" }, lastLine),
    ];
    if (!canEdit()) {
      parts.push(h("p", { class: "muted" }, t("edit.sign_in_hint")));
      replace(section, ...parts);
      return;
    }
    const feature = await readFeature(id);
    const surface = ["Polygon", "MultiPolygon"].includes(feature.body?.geometry?.type);
    const status = h("p", { class: "edit-status", role: "status" });
    const tools = h(
      "div",
      { class: "edit-tools" },
      button({ class: "edit-fields", onclick: () => fieldForm(section, id) }, t("edit.fields")),
      button(
        { class: "edit-draw", onclick: () => startDrawing(section, id, feature, status) },
        t(surface ? "edit.reshape" : "edit.draw"),
      ),
    );
    parts.push(tools, status, h("div", { class: "edit-form-slot" }), historyList(id, changes));
    replace(section, ...parts);
  }

  async function readFeature(id) {
    const response = await authFetch(`${ITEMS}/${encodeURIComponent(id)}`, {
      headers: { Accept: "application/geo+json" },
      cache: "no-store",
    });
    return { body: await response.json(), etag: response.headers.get("ETag") };
  }

  function why() {
    const reason = h("input", {
      class: "edit-reason",
      placeholder: t("edit.reason_placeholder"),
      required: true,
    });
    const source = h("input", {
      class: "edit-source",
      placeholder: t("edit.source_placeholder"),
      required: true,
    });
    return {
      nodes: [h("label", {}, t("edit.reason"), reason), h("label", {}, t("edit.source"), source)],
      query: () => new URLSearchParams({ reason: reason.value.trim(), source: source.value.trim() }),
    };
  }

  async function patch(id, etag, body, query) {
    return authJSON(`${ITEMS}/${encodeURIComponent(id)}?${query}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/merge-patch+json", "If-Match": etag },
      body: JSON.stringify(body),
    });
  }

  function failure(error) {
    if (error.status === 412) return t("edit.conflict");
    return t("edit.failed", { error: error.message });
  }

  async function fieldForm(section, id) {
    const slot = section.querySelector(".edit-form-slot");
    const { body: feature, etag } = await readFeature(id);
    const inputs = new Map();
    const rows = editingDoc.fields
      .filter((f) => !HIDDEN_FIELDS.has(f.name))
      .map((field) => {
        const value = feature.properties[field.name];
        let input;
        if (field.type === "string_list") {
          input = h("textarea", { rows: 3, title: t("edit.sources_hint") });
          input.value = (value || "").split(" | ").filter(Boolean).join("\n");
        } else if (LONG_TEXT.has(field.name)) {
          input = h("textarea", { rows: 2 });
          input.value = value ?? "";
        } else {
          input = h("input", {
            type: field.type === "number" ? "number" : "text",
            step: field.type === "number" ? "any" : null,
          });
          input.value = value ?? "";
        }
        input.name = field.name;
        inputs.set(field.name, { input, field, original: input.value });
        return h(
          "label",
          { class: "edit-field", dataset: { field: field.name } },
          localized(field.label),
          input,
        );
      });
    const reasons = why();
    const message = h("p", { class: "error", role: "alert" });
    const form = h(
      "form",
      {
        class: "edit-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const properties = {};
          for (const [name, { input, field, original }] of inputs) {
            if (input.value === original) continue;
            const text = input.value.trim();
            if (field.type === "string_list")
              properties[name] = text
                .split("\n")
                .map((s) => s.trim())
                .filter(Boolean);
            else if (field.type === "number") properties[name] = text === "" ? null : Number(text);
            else properties[name] = text === "" ? null : text;
          }
          try {
            const { body } = await patch(id, etag, { properties }, reasons.query());
            announce(t("edit.saved"));
            onSaved(body);
          } catch (error) {
            message.textContent = failure(error);
            const field = error.problem?.parameter?.replace(/^properties\./, "");
            inputs.get(field)?.input.focus();
          }
        },
      },
      ...rows,
      ...reasons.nodes,
      message,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", class: "edit-save" }, t("edit.save")),
        button({ onclick: () => replace(slot) }, t("edit.cancel")),
      ),
    );
    replace(slot, form);
  }

  async function startDrawing(section, id, feature, status) {
    await loadGeoman(map);
    stopDrawing();
    const slot = section.querySelector(".edit-form-slot");
    const geometry = feature.body?.geometry;
    let shape = null;
    if (geometry && geometry.type !== "Point") {
      shape = L.geoJSON(geometry, { style: { color: "#d95f02", weight: 3 } }).addTo(map);
      shape.eachLayer((layer) => layer.pm.enable({ allowSelfIntersection: false }));
      map.fitBounds(shape.getBounds(), { maxZoom: 15 });
      status.textContent = t("edit.reshape_hint");
    } else {
      if (geometry)
        map.setView([geometry.coordinates[1], geometry.coordinates[0]], Math.max(map.getZoom(), 13));
      map.pm.enableDraw("Polygon", { allowSelfIntersection: false, pathOptions: { color: "#d95f02" } });
      map.once("pm:create", (event) => {
        shape = L.featureGroup([event.layer]);
        event.layer.pm.enable({ allowSelfIntersection: false });
        map.getContainer().dataset.boundaryDrawn = "true";
      });
      status.textContent = t("edit.draw_hint");
    }
    map.getContainer().classList.add("drawing");
    drawing = {
      cleanup: () => {
        map.pm.disableDraw();
        shape?.eachLayer((layer) => layer.pm?.disable());
        shape?.remove();
        map.getContainer().classList.remove("drawing");
        delete map.getContainer().dataset.boundaryDrawn;
      },
    };
    const reasons = why();
    const message = h("p", { class: "error", role: "alert" });
    const form = h(
      "form",
      {
        class: "boundary-form",
        onsubmit: async (event) => {
          event.preventDefault();
          if (!shape) {
            message.textContent = t("edit.no_boundary");
            return;
          }
          const polygons = [];
          shape.eachLayer((layer) => {
            const g = layer.toGeoJSON().geometry;
            if (g.type === "Polygon") polygons.push(g.coordinates);
            else if (g.type === "MultiPolygon") polygons.push(...g.coordinates);
          });
          const body = {
            geometry:
              polygons.length === 1
                ? { type: "Polygon", coordinates: polygons[0] }
                : { type: "MultiPolygon", coordinates: polygons },
          };
          try {
            const latest = await readFeature(id);
            const { body: saved } = await patch(id, latest.etag, body, reasons.query());
            stopDrawing();
            replace(slot);
            announce(t("edit.saved"));
            onSaved(saved);
          } catch (error) {
            message.textContent = failure(error);
          }
        },
      },
      ...reasons.nodes,
      message,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", class: "boundary-save" }, t("edit.save_boundary")),
        button(
          {
            onclick: () => {
              stopDrawing();
              replace(slot);
              status.textContent = "";
            },
          },
          t("edit.cancel"),
        ),
      ),
    );
    replace(slot, form);
  }

  function stopDrawing() {
    drawing?.cleanup();
    drawing = null;
  }

  function historyList(id, changes) {
    const item = (entry) => {
      const parts = [
        h("span", { class: "history-when" }, when(entry.changed_at)),
        " · ",
        h("span", { class: "history-actor" }, entry.actor),
        " · ",
        t(`history.action.${entry.action}`),
        h("div", { class: "history-why" }, `${entry.reason} — ${entry.source}`),
      ];
      if (isAdmin() && entry.before) parts.push(restoreForm(id, entry));
      return parts;
    };
    return h(
      "div",
      { class: "history" },
      h("h4", {}, t("history.heading")),
      changes.length
        ? list("ol", { class: "history-list" }, changes, item, (entry) => ({
            dataset: { changeId: entry.id },
          }))
        : h("p", { class: "muted" }, t("history.empty")),
    );
  }

  function restoreForm(id, entry) {
    const reason = h("input", {
      class: "restore-reason",
      placeholder: t("history.restore_reason"),
      required: true,
    });
    const message = h("span", { class: "error", role: "alert" });
    return h(
      "form",
      {
        class: "restore-form",
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await authJSON(`/api/history/${entry.id}/restore`, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ version: "before", reason: reason.value.trim() }),
            });
            announce(t("history.restored"));
            const { body } = await readFeature(id);
            onSaved(body);
          } catch (error) {
            message.textContent = failure(error);
          }
        },
      },
      reason,
      h("button", { type: "submit", class: "restore-button" }, t("history.restore")),
      message,
    );
  }

  return {
    /** Signed in or out, or the language changed: draw the section again. */
    refresh() {
      stopDrawing();
      container.querySelector("article.park-profile .editing")?.remove();
      attach();
    },
  };
}

function when(iso) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(language() === "zh" ? "zh-CN" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
  });
  return `${formatDate(date)} ${time}`;
}
