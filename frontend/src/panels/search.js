// Search across districts, parks, industries, clusters and segments (/api/search: Chinese,
// English, pinyin). An ARIA 1.2 combobox: type, move with ↑/↓, pick with Enter, close with Esc;
// "/" anywhere focuses it.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, nameOf, t } from "../i18n.js";

export function createSearch({ input, listbox, status, onPick }) {
  let results = [];
  let active = -1;
  let timer = null;
  let latest = "";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  listbox.setAttribute("role", "listbox");

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    active = index;
    for (const [i, option] of [...listbox.children].entries()) {
      option.setAttribute("aria-selected", String(i === index));
      if (i === index) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    }
  }

  function pick(index) {
    const result = results[index];
    if (!result) return;
    close();
    input.value = "";
    onPick(result);
  }

  function render(q) {
    if (!results.length) {
      replace(
        listbox,
        h(
          "li",
          { class: "search-empty", role: "option", "aria-disabled": "true", id: "search-none" },
          t("search.none", { q }),
        ),
      );
    } else {
      replace(
        listbox,
        results.map((r, i) =>
          h(
            "li",
            {
              id: `search-option-${i}`,
              role: "option",
              "aria-selected": "false",
              class: "search-option",
              dataset: { type: r.type, id: r.id },
              onmousedown: (event) => event.preventDefault(), // keep focus in the input
              onclick: () => pick(i),
            },
            h("span", { class: `type-badge type-${r.type}` }, t(`type.${r.type}`)),
            h("span", { class: "search-name" }, nameOf(r)),
            r.district ? h("span", { class: "search-district" }, r.district) : null,
            ["pinyin", "initials", "english"].includes(r.match) && !/[a-z]/i.test(nameOf(r))
              ? h("span", { class: "search-match" }, t(`match.${r.match}`))
              : null,
          ),
        ),
      );
    }
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = results.length
      ? t("search.results", { n: results.length })
      : t("search.none", { q });
    active = -1;
  }

  async function run(q) {
    latest = q;
    try {
      const response = await api.search(q);
      if (q !== latest) return; // a newer query is on its way
      results = response.results;
      render(q);
    } catch (error) {
      if (q === latest) status.textContent = t("search.failed", { error: errorText(error) });
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      latest = "";
      results = [];
      close();
      return;
    }
    timer = setTimeout(() => run(q), 150);
  });

  input.addEventListener("keydown", (event) => {
    const open = !listbox.hidden && results.length > 0;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      setActive((active + 1) % results.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActive((active - 1 + results.length) % results.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (open) pick(active >= 0 ? active : 0);
      else if (input.value.trim()) run(input.value.trim());
    } else if (event.key === "Escape") {
      if (!listbox.hidden) close();
      else input.value = "";
    }
  });

  input.addEventListener("blur", () => setTimeout(close, 150));

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
    }
  });

  return { close };
}
