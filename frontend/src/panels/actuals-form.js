// The editors' form of the 进度/赛马 tab: download a year's template, fill it in, upload it.
// The server checks every row and writes all of them or none; its errors are listed by row and
// column. Uploading needs an editor's account (POST /api/actuals/import): the form is shown
// only while one is signed in (issue 12's sign-in), and sends its bearer token.
import { button, h, list, replace } from "../dom.js";
import { authFetch, canEdit, onSessionChange } from "../editing/session.js";
import { errorText, serverText, t } from "../i18n.js";

const YEARS = [2022, 2023, 2024, 2025, 2026, 2027];

// The column as the server names it in the reader's language, with the file's own header.
function columnName(error) {
  const label = error.column_label;
  if (!label || label === error.column) return error.column;
  return t("actuals.column_named", { label, column: error.column });
}

export function actualsForm({ onImported }) {
  const root = h("section", { class: "actuals-form", id: "actuals-form" });
  const render = () =>
    canEdit()
      ? replace(root, ...uploadForm({ onImported }))
      : replace(root, h("h3", {}, t("actuals.heading")), h("p", { class: "muted" }, t("actuals.sign_in")));
  // The panel is rebuilt on every visit: a form no longer on the page stops listening.
  const stop = onSessionChange(() => (root.isConnected ? render() : stop()));
  render();
  return root;
}

function uploadForm({ onImported }) {
  const year = h(
    "select",
    { id: "actuals-template-year" },
    YEARS.map((y) => h("option", { value: y, selected: y === new Date().getFullYear() - 1 }, y)),
  );
  const links = h("span", { class: "template-links" });
  const showLinks = () =>
    replace(
      links,
      h("a", { href: `/api/actuals/template?year=${year.value}&format=csv` }, "CSV"),
      " · ",
      h("a", { href: `/api/actuals/template?year=${year.value}&format=xlsx` }, "XLSX"),
    );
  year.addEventListener("change", showLinks);
  showLinks();
  const file = h("input", { type: "file", id: "actuals-file", accept: ".csv,.xlsx", required: true });
  const dryRun = h("input", { type: "checkbox", id: "actuals-dry-run", checked: true });
  const reason = h("input", { type: "text", id: "actuals-reason", maxlength: 500 });
  const result = h("div", { class: "actuals-result", "aria-live": "polite" });

  async function submit(event) {
    event.preventDefault();
    if (!file.files.length) return;
    const body = new FormData();
    body.append("file", file.files[0]);
    body.append("dry_run", dryRun.checked ? "true" : "false");
    body.append("reason", reason.value);
    replace(result, h("p", { class: "muted" }, t("actuals.sending")));
    try {
      const response = await authFetch("/api/actuals/import", { method: "POST", body });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        replace(
          result,
          // The server words its refusal and each row's error in the reader's language.
          h("p", { class: "error", role: "alert" }, serverText({ status: response.status, problem: answer })),
          answer.errors
            ? list("ul", { class: "import-errors" }, answer.errors, (e) =>
                t("actuals.error_row", { row: e.row, column: columnName(e), message: e.message }),
              )
            : null,
        );
        return;
      }
      replace(
        result,
        h(
          "p",
          {},
          answer.dry_run
            ? t("actuals.checked", { n: answer.would_insert })
            : t("actuals.imported", { n: answer.inserted }),
        ),
      );
      if (!answer.dry_run) onImported?.();
    } catch (error) {
      replace(result, h("p", { class: "error", role: "alert" }, errorText(error)));
    }
  }

  return [
    h("h3", {}, t("actuals.heading")),
    h("p", { class: "muted" }, t("actuals.intro")),
    h("p", {}, h("label", { for: "actuals-template-year" }, `${t("actuals.template")} `), year, " ", links),
    h(
      "form",
      { onsubmit: submit },
      h("p", {}, h("label", { for: "actuals-file" }, `${t("actuals.file")} `), file),
      h("p", {}, dryRun, h("label", { for: "actuals-dry-run" }, ` ${t("actuals.dry_run")}`)),
      h("p", {}, h("label", { for: "actuals-reason" }, `${t("actuals.reason")} `), reason),
      button({ type: "submit" }, t("actuals.upload")),
    ),
    result,
  ];
}
