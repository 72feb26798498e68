// Editing a record in its profile (issue 12), for every layer the server declares writable
// (GET /ogc/collections/{id} → `editing`: its fields, their types and allowed values, and the
// geometry types it takes): the last change (for everyone), and for signed-in users the field
// editor, the geometry tool the layer takes (drawing or reshaping a boundary, moving a point:
// geometry-tools.js) and the record's history with restore (admin). Writes go through OGC API –
// Features Part 4 with If-Match; refusals are the server's words, in the reader's language.
import { button, h, list, replace, announce } from "../dom.js";
import { formatDate, language, localized, t } from "../i18n.js";
import { failure, startBoundary, startMove } from "./geometry-tools.js";
import { authFetch, authJSON, canEdit, isAdmin } from "./session.js";

const LONG_TEXT = new Set(["notes", "industries", "level", "area_kind", "products", "status_text"]);
// Codes and links to other records: changed through the API or an import, not typed here.
const REFERENCE = /(^parent_id|_adcode|_id|_ids)$/;

/**
 * @param container  where the profile is drawn (watched: the editor joins each new profile)
 * @param collection the writable layer (parks, enterprises)
 * @param profileOf  container → {element, id} of the profile shown, or null
 * @param onSaved    called with the saved feature (GeoJSON) after a write or a restore
 */
export function createFeatureEditor({ container, map, collection, profileOf, onSaved }) {
  const items = `/ogc/collections/${collection}/items`;
  const headingId = `editing-heading-${collection}`;
  let editingDoc = null; // /ogc/collections/{collection} "editing"
  let tool = null; // the geometry tool in use: {stop}

  const observer = new MutationObserver(() => attach());
  observer.observe(container, { childList: true, subtree: true });
  attach(); // a profile shown before this module loaded

  function attach() {
    const profile = profileOf(container);
    if (!profile || profile.element.querySelector(":scope > .editing")) return;
    const section = h("section", {
      class: "editing",
      "aria-labelledby": headingId,
      dataset: { collection, featureId: profile.id },
    });
    profile.element.append(section);
    render(section, profile.id);
  }

  async function render(section, id) {
    editingDoc ??= await fetch(`/ogc/collections/${collection}`, {
      headers: { Accept: "application/json" },
    })
      .then((r) => r.json())
      .then((doc) => doc.editing);
    const query = new URLSearchParams({ entity: collection, entity_id: id, limit: 20 });
    const { body } = await authJSON(`/api/history?${query}`, { cache: "no-store" });
    const changes = body.changes;
    const last = changes[0];
    const lastLine = last
      ? t("edit.last_change", { when: when(last.changed_at), user: last.actor, source: last.source })
      : t("edit.never_changed");
    const parts = [
      h("h3", { id: headingId }, t("edit.heading")),
      h("p", { class: "last-change muted" }, lastLine),
    ];
    if (!canEdit()) {
      parts.push(h("p", { class: "muted" }, t(`edit.sign_in_hint.${collection}`)));
      replace(section, ...parts);
      return;
    }
    const feature = await readFeature(id);
    const status = h("p", { class: "edit-status", role: "status" });
    const context = {
      map,
      section,
      status,
      why,
      save: (geometry, query) => saveGeometry(section, id, geometry, query),
    };
    const types = editingDoc.geometryTypes ?? [];
    const geometryTool = () => {
      if (types.includes("Polygon")) {
        const surface = ["Polygon", "MultiPolygon"].includes(feature.body?.geometry?.type);
        return button(
          { class: "edit-draw", onclick: () => use(startBoundary, context, feature.body) },
          t(surface ? "edit.reshape" : "edit.draw"),
        );
      }
      if (types.includes("Point"))
        return button(
          { class: "edit-move", onclick: () => use(startMove, context, feature.body) },
          t("edit.move"),
        );
      return null;
    };
    const tools = h(
      "div",
      { class: "edit-tools" },
      button({ class: "edit-fields", onclick: () => fieldForm(section, id) }, t("edit.fields")),
      geometryTool(),
    );
    parts.push(tools, status, h("div", { class: "edit-form-slot" }), historyList(id, changes));
    replace(section, ...parts);
  }

  async function use(start, context, feature) {
    stopTool();
    tool = await start(context, feature);
  }

  async function saveGeometry(section, id, geometry, query) {
    const latest = await readFeature(id);
    const { body: saved } = await patch(id, latest.etag, { geometry }, query);
    stopTool();
    replace(section.querySelector(".edit-form-slot"));
    announce(t("edit.saved"));
    onSaved(saved);
  }

  async function readFeature(id) {
    const response = await authFetch(`${items}/${encodeURIComponent(id)}`, {
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

  async function patch(id, etag, { properties, geometry }, query) {
    const body = geometry === undefined ? { properties } : { geometry };
    return authJSON(`${items}/${encodeURIComponent(id)}?${query}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/merge-patch+json", "If-Match": etag },
      body: JSON.stringify(body),
    });
  }

  function input(field, value) {
    let el;
    if (field.allowed) {
      el = h(
        "select",
        {},
        field.required ? null : h("option", { value: "" }, "—"),
        field.allowed.map((v) => h("option", { value: v }, valueLabel(field.name, v))),
      );
    } else if (field.type === "string_list") {
      el = h("textarea", { rows: 3, title: t("edit.sources_hint") });
      const items = Array.isArray(value) ? value : String(value || "").split(/ \| |,/);
      value = items.filter(Boolean).join("\n");
    } else if (LONG_TEXT.has(field.name)) {
      el = h("textarea", { rows: 2 });
    } else {
      const numeric = field.type === "number" || field.type === "integer";
      el = h("input", {
        type: numeric ? "number" : "text",
        step: numeric ? (field.type === "integer" ? "1" : "any") : null,
      });
    }
    el.value = value ?? "";
    el.name = field.name;
    return el;
  }

  async function fieldForm(section, id) {
    const slot = section.querySelector(".edit-form-slot");
    const { body: feature, etag } = await readFeature(id);
    const inputs = new Map();
    const rows = editingDoc.fields
      .filter((f) => !REFERENCE.test(f.name))
      .map((field) => {
        const el = input(field, feature.properties[field.name]);
        inputs.set(field.name, { input: el, field, original: el.value });
        return h(
          "label",
          { class: "edit-field", dataset: { field: field.name } },
          localized(field.label),
          el,
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
          for (const [name, { input: el, field, original }] of inputs) {
            if (el.value === original) continue;
            const text = el.value.trim();
            if (field.type === "string_list")
              properties[name] = text
                .split("\n")
                .map((s) => s.trim())
                .filter(Boolean);
            else if (field.type === "number" || field.type === "integer")
              properties[name] = text === "" ? null : Number(text);
            else properties[name] = text === "" ? null : text;
          }
          try {
            const { body } = await patch(id, etag, { properties }, reasons.query());
            announce(t("edit.saved"));
            onSaved(body);
          } catch (error) {
            message.textContent = failure(error);
            message.dataset.code = error.problem?.code ?? "";
            const name = error.problem?.parameter?.replace(/^properties\./, "");
            inputs.get(name)?.input.focus();
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

  function stopTool() {
    tool?.stop();
    tool = null;
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
              body: JSON.stringify({
                version: "before",
                reason: reason.value.trim(),
                source: t("history.restore_source", { id: entry.id }),
              }),
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
      stopTool();
      profileOf(container)?.element.querySelector(":scope > .editing")?.remove();
      attach();
    },
  };
}

function valueLabel(field, value) {
  const key = `edit.value.${field}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

function when(iso) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(language() === "zh" ? "zh-CN" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
  });
  return `${formatDate(date)} ${time}`;
}
