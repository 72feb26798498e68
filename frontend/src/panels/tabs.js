// The side panel's tabs (WAI-ARIA tabs pattern): click or arrow keys to switch; the chosen tab
// is part of the shareable state.

export function createTabs(tablist, onChoose) {
  const tabs = [...tablist.querySelectorAll("[role=tab]")];

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
    for (const tab of tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
    }
  };
}
