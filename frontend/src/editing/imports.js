// The import wizard (issue 12): file → dry run with a validation report and a preview on the
// map → confirm → the real run, with a progress bar (upload, then rows checked).
import { api } from "../api.js";
import { button, h, replace, announce } from "../dom.js";
import { localized, serverText, t } from "../i18n.js";
import L from "../map/leaflet.js";
import { authHeader, canEdit } from "./session.js";

export function createImportWizard({ container, map, onImported }) {
  let preview = null;

  function render() {
    clearPreview();
    if (!canEdit()) {
      replace(container, h("h2", {}, t("import.heading")), h("p", { class: "muted" }, t("import.sign_in")));
      return;
    }
    const file = h("input", {
      type: "file",
      id: "import-file",
      accept: ".geojson,.json,.zip,.gpkg,.csv,.xlsx",
      required: true,
    });
    const layer = h("select", { id: "import-layer" }, h("option", { value: "parks" }, "parks"));
    // Every layer the catalog declares writable (layers/*.yaml `writable`).
    api
      .layers()
      .then((layers) =>
        replace(
          layer,
          ...layers
            .filter((l) => l.writable)
            .map((l) => h("option", { value: l.id }, `${localized(l.title)} (${l.id})`)),
        ),
      )
      .catch(() => null);
    const crs = h(
      "select",
      { id: "import-crs" },
      ...[
        ["", "import.crs_file"],
        ["gcj02", "import.crs_gcj02"],
        ["bd09", "import.crs_bd09"],
        ["wgs84", "import.crs_wgs84"],
      ].map(([value, key]) => h("option", { value }, t(key))),
    );
    const encoding = h(
      "select",
      { id: "import-encoding" },
      h("option", { value: "utf-8" }, "UTF-8"),
      h("option", { value: "gbk" }, "GBK"),
    );
    const repair = h("input", { type: "checkbox", id: "import-repair" });
    const progress = h("progress", { class: "import-progress", max: 100, value: 0, hidden: true });
    const progressText = h("p", { class: "muted import-progress-text", "aria-live": "polite" });
    const report = h("div", { class: "import-report" });
    const confirm = button({ class: "import-confirm", hidden: true }, t("import.confirm"));

    async function run(dryRun) {
      if (!file.files[0]) return;
      replace(report);
      confirm.hidden = true;
      progress.hidden = false;
      try {
        const result = await send(
          file.files[0],
          {
            layer: layer.value,
            dry_run: String(dryRun),
            ...(crs.value ? { crs: crs.value } : {}),
            encoding: encoding.value,
            repair: String(repair.checked),
          },
          (fraction, text) => {
            progress.value = Math.round(100 * fraction);
            progressText.textContent = text;
          },
        );
        showReport(report, result, dryRun);
        if (result.status === 200 && dryRun) {
          showPreview(result.report.preview);
          const c = result.report.counts;
          confirm.hidden = c.added + c.changed === 0;
        }
        if (result.status === 200 && !dryRun) {
          clearPreview();
          announce(t("import.done", { counts: countsText(result.report.counts) }));
          onImported(result.report);
        }
      } catch (error) {
        replace(
          report,
          h("p", { class: "error", role: "alert" }, t("import.failed", { error: serverText(error) })),
        );
      } finally {
        progress.hidden = true;
      }
    }
    confirm.addEventListener("click", () => run(false));

    replace(
      container,
      h("h2", {}, t("import.heading")),
      h("p", {}, t("import.intro")),
      h(
        "form",
        {
          class: "import-form",
          onsubmit: (event) => {
            event.preventDefault();
            run(true);
          },
        },
        h("label", { for: "import-file" }, t("import.file")),
        file,
        h("label", { for: "import-layer" }, t("import.layer")),
        layer,
        h("label", { for: "import-crs" }, t("import.crs")),
        crs,
        h("label", { for: "import-encoding" }, t("import.encoding")),
        encoding,
        h("label", { class: "checkbox" }, repair, t("import.repair")),
        h(
          "div",
          { class: "form-actions" },
          h("button", { type: "submit", class: "import-check" }, t("import.check")),
          confirm,
        ),
      ),
      progress,
      progressText,
      report,
    );
  }

  function showPreview(collection) {
    clearPreview();
    if (!collection.features.length) return;
    preview = L.geoJSON(collection, {
      style: { color: "#d95f02", weight: 2, dashArray: "5 3" },
      pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 7, color: "#d95f02" }),
    }).addTo(map);
    map.fitBounds(preview.getBounds(), { maxZoom: 13, padding: [24, 24] });
  }

  function clearPreview() {
    preview?.remove();
    preview = null;
  }

  return { render };
}

function countsText(c) {
  return t("import.counts", c);
}

function showReport(el, result, dryRun) {
  if (result.status !== 200 && !result.report) {
    const text = result.detail || t("error.unknown");
    replace(el, h("p", { class: "error", role: "alert", dataset: { code: result.code || "" } }, text));
    return;
  }
  const r = result.report;
  const parts = [h("p", { class: "import-counts" }, countsText(r.counts))];
  if (r.warnings.length)
    parts.push(
      h(
        "ul",
        { class: "muted" },
        r.warnings.map((w) => h("li", {}, w)),
      ),
    );
  if (r.errors.length) {
    parts.push(
      h("p", { class: "error" }, t("import.errors")),
      h(
        "table",
        { class: "import-errors" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, t("import.row")),
            h("th", {}, t("import.field")),
            h("th", {}, t("import.message")),
          ),
        ),
        h(
          "tbody",
          {},
          r.errors.map((e) =>
            h(
              "tr",
              { dataset: { code: e.code } },
              h("td", {}, String(e.row)),
              h("td", {}, e.field_label || e.field || ""),
              h("td", {}, e.message),
            ),
          ),
        ),
      ),
    );
  } else if (dryRun && r.preview.features.length) {
    parts.push(h("p", { class: "muted" }, t("import.preview")));
  }
  replace(el, ...parts);
}

/** POST the file; resolve with the final NDJSON line ({status, report} or {status, detail}). */
function send(file, params, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports?${new URLSearchParams(params)}`);
    for (const [name, value] of Object.entries(authHeader())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Accept", "application/x-ndjson");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress((0.5 * event.loaded) / event.total, t("import.uploading"));
    };
    let seen = 0;
    const lines = () => {
      const text = xhr.responseText;
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      const fresh = complete.slice(seen);
      seen = complete.length;
      return fresh
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    };
    let last = null;
    xhr.onprogress = () => {
      for (const line of lines()) {
        if (line.progress != null)
          onProgress(
            0.5 + (0.5 * line.progress) / line.total,
            t("import.checking", { done: line.progress, total: line.total }),
          );
        else last = line;
      }
    };
    xhr.onload = () => {
      for (const line of lines()) if (line.progress == null) last = line;
      if (xhr.status !== 200) {
        let problem = {};
        try {
          problem = JSON.parse(xhr.responseText || "{}");
        } catch {
          problem = {};
        }
        const error = { status: xhr.status, problem: problem.code ? problem : null };
        resolve({ status: xhr.status, code: problem.code, detail: serverText(error) });
      } else resolve(last ?? { status: 500, detail: t("error.server") });
    };
    xhr.onerror = () => reject(new TypeError("network error"));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}
