// 产业布局总表: the eight districts (rows) × the plan's nine clusters and the industries in none
// (columns), each cell the district's industries there in the plan's words, with their role.
// Sortable by target and by the role in any column; a click on an industry colours the map by
// it and opens the district. The table comes from /api/overview (roles decided on the server,
// as /api/placements decides them); CSV and XLSX are made there too.
import "./layout.css";
import { api } from "../api.js";
import { button, h, replace } from "../dom.js";
import { errorText, language, money, nameOf, t } from "../i18n.js";
import { ROLE_STYLE } from "../map/styles.js";

const RANK = { leading: 2, specialty: 1 };

export function createLayoutPanel(container, actions) {
  // actions: {showIn(term, adcode), selectDistrict(adcode), print()}
  let data = null;
  let sort = { by: "plan", column: "" }; // plan | target | role (of `column`)
  let drawnLanguage = null;

  async function render(force = false) {
    if (!force && drawnLanguage === language() && data) return;
    drawnLanguage = language();
    if (!data) {
      replace(container, h("p", { class: "muted" }, t("layout.loading")));
      try {
        data = await api.overview();
      } catch (error) {
        replace(
          container,
          h("p", { class: "error", role: "alert" }, t("error.load", { error: errorText(error) })),
        );
        return;
      }
    }
    draw();
  }

  function sortedRows() {
    const rows = [...data.rows];
    if (sort.by === "target") rows.sort((a, b) => b.revenue_target_2027 - a.revenue_target_2027);
    if (sort.by === "role") {
      const key = (row) => {
        const cell = row.cells[sort.column];
        return cell ? RANK[cell.role] * 2 + (cell.linked ? 0 : 1) : 0;
      };
      rows.sort((a, b) => key(b) - key(a) || b.revenue_target_2027 - a.revenue_target_2027);
    }
    if (sort.by === "plan") rows.sort((a, b) => a.plan_order - b.plan_order);
    return rows;
  }

  function sortButton(label, by, column = "") {
    const active = sort.by === by && sort.column === column;
    return button(
      {
        class: "sort-button",
        "aria-pressed": String(active),
        title: by === "target" ? t("layout.sort_target") : t("layout.sort_role", { name: label }),
        onclick: () => {
          sort = active ? { by: "plan", column: "" } : { by, column };
          draw();
          container.querySelector(`[data-sort="${by}:${column}"]`)?.focus();
        },
        dataset: { sort: `${by}:${column}` },
      },
      label,
      h("span", { class: "sort-mark", "aria-hidden": "true" }, active ? " ▼" : ""),
    );
  }

  function entry(row, e) {
    const color = ROLE_STYLE.categories.find((c) => c.value === e.role)?.color;
    const where = nameOf(row);
    const segments = e.segments.map((s) => nameOf(s));
    const etc = e.segments_open_ended ? t("district.etc") : "";
    return h(
      "li",
      {
        class: `layout-entry role-${e.role}${e.via === "cluster" ? " linked" : ""}`,
        dataset: { industry: e.name },
      },
      h(
        "span",
        {
          class: "layout-role",
          style: `--role:${color}`,
          title: e.via === "cluster" ? t("layout.linked_note") : null,
        },
        t(`layout.role.${e.role}`),
      ),
      button(
        {
          class: "link-button layout-industry",
          title: t("layout.show_in", { term: nameOf(e), district: where }),
          onclick: () => actions.showIn(e.name, row.adcode),
        },
        nameOf(e),
      ),
      segments.length
        ? h(
            "span",
            { class: "layout-segments" },
            language() === "en" ? " (" : "（",
            e.segments.map((s, i) => [
              i ? (language() === "en" ? ", " : "、") : "",
              button(
                {
                  class: "link-button",
                  title: t("layout.show_in", { term: nameOf(s), district: where }),
                  onclick: () => actions.showIn(s.name, row.adcode),
                },
                nameOf(s),
              ),
            ]),
            etc ? (language() === "en" ? `, ${etc}` : etc) : "",
            language() === "en" ? ")" : "）",
          )
        : null,
      // Linked only by our cluster mapping: a hollow badge on screen, words for screen readers.
      e.via === "cluster" ? h("span", { class: "visually-hidden" }, `(${t("layout.linked")})`) : null,
    );
  }

  function draw() {
    const columns = data.columns;
    const head = h(
      "tr",
      {},
      h("th", { scope: "col", class: "layout-district" }, t("layout.district")),
      h(
        "th",
        { scope: "col", class: "layout-target", "aria-sort": sort.by === "target" ? "descending" : null },
        sortButton(t("layout.target"), "target"),
      ),
      columns.map((c) =>
        h(
          "th",
          {
            scope: "col",
            dataset: { column: c.id },
            "aria-sort": sort.by === "role" && sort.column === c.id ? "descending" : null,
          },
          sortButton(nameOf(c), "role", c.id),
          c.revenue_target_2027 != null
            ? h("span", { class: "layout-column-target" }, money(c.revenue_target_2027))
            : null,
        ),
      ),
    );
    const body = sortedRows().map((row) =>
      h(
        "tr",
        { dataset: { adcode: row.adcode } },
        h(
          "th",
          { scope: "row", class: "layout-district" },
          button({ class: "link-button", onclick: () => actions.selectDistrict(row.adcode) }, nameOf(row)),
        ),
        h("td", { class: "layout-target" }, money(row.revenue_target_2027)),
        columns.map((c) => {
          const cell = row.cells[c.id];
          return h(
            "td",
            { dataset: { column: c.id, role: cell ? cell.role : "none", linked: cell?.linked ? "1" : null } },
            cell
              ? h(
                  "ul",
                  {},
                  cell.entries.map((e) => entry(row, e)),
                )
              : "",
          );
        }),
      ),
    );
    const lang = language();
    replace(
      container,
      h("h2", { id: "layout-heading" }, t("layout.heading")),
      h("p", { class: "muted small" }, t("layout.intro")),
      h(
        "div",
        { class: "layout-actions" },
        h("a", { href: `/api/overview.csv?lang=${lang}`, download: "" }, t("layout.csv")),
        h("a", { href: `/api/overview.xlsx?lang=${lang}`, download: "" }, t("layout.xlsx")),
        button({ onclick: actions.print }, t("action.print")),
      ),
      h(
        "div",
        { class: "layout-scroll", tabindex: "0", role: "region", "aria-labelledby": "layout-heading" },
        h(
          "table",
          { class: "layout-table" },
          h("caption", { class: "visually-hidden" }, t("layout.caption")),
          h("thead", {}, head),
          h("tbody", {}, body),
        ),
      ),
      h(
        "ul",
        { class: "layout-key muted small" },
        h(
          "li",
          {},
          h(
            "span",
            { class: "layout-role", style: `--role:${ROLE_STYLE.categories[1].color}` },
            t("layout.role.leading"),
          ),
          " ",
          t("role.leading"),
        ),
        h(
          "li",
          {},
          h(
            "span",
            { class: "layout-role", style: `--role:${ROLE_STYLE.categories[2].color}` },
            t("layout.role.specialty"),
          ),
          " ",
          t("role.specialty"),
        ),
        h(
          "li",
          { class: "linked" },
          h(
            "span",
            { class: "layout-role", style: `--role:${ROLE_STYLE.categories[1].color}` },
            t("layout.role.leading"),
          ),
          " ",
          t("layout.linked_key"),
        ),
      ),
      h("p", { class: "muted small" }, t("layout.source")),
    );
    container.dataset.ready = "true";
  }

  return { render };
}
