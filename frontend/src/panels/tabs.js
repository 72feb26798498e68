// The side panel's tabs (WAI-ARIA tabs pattern), one per <section class="tab-panel"
// data-tab="name"> of the page: the tab is named by the string "tab.name" of i18n.js and the
// panel gets the id "tab-name-panel". Click or arrow keys to switch; the chosen tab is part of
// the shareable state.
import { button } from "../dom.js";
import { t } from "../i18n.js";

export function createTabs(tablist, onChoose) {
  const panels = [...tablist.parentElement.querySelectorAll(".tab-panel[data-tab]")];
  const tabs = panels.map((panel) => {
    const name = panel.dataset.tab;
    panel.id = `tab-${name}-panel`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", `tab-${name}`);
    return button(
      {
        role: "tab",
        id: `tab-${name}`,
        dataset: { tab: name, i18n: `tab.${name}` },
        "aria-controls": panel.id,
      },
      t(`tab.${name}`),
    );
  });
  tablist.replaceChildren(...tabs);

  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) onChoose(tab.dataset.tab);
  });
  tablist.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let next = null;
    if (event.key in moves) next = (index + moves[event.key] + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next == null) return;
    event.preventDefault();
    tabs[next].focus();
    onChoose(tabs[next].dataset.tab);
  });

  /** Show the tab named `name`. */
  return function show(name) {
    for (const [i, tab] of tabs.entries()) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
      if (selected) tab.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  };
}
