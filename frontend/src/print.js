// The print layout (A4 landscape): title, map with legend and scale, what the side panel shows
// beside it (a profile, a list, an answer) or, for a table, the table alone; sources, date and
// the link that restores the screen. The layout is switched on before printing so that Leaflet
// can measure the printed map and redraw it, and switched off afterwards.
import { formatDate, t } from "./i18n.js";

/** `content()`: "side" (the panel beside the map), "table" (the panel alone) or "" (the map). */
export function setupPrint({ map, button, title, sources, content = () => "side" }) {
  let saved = null;

  function enter() {
    if (saved) return;
    const legendOpen = document.querySelector(".legend")?.open;
    saved = { bounds: map.getBounds(), center: map.getCenter(), zoom: map.getZoom(), legendOpen };
    document.getElementById("print-title").textContent = title();
    document.getElementById("print-subtitle").textContent = `${t("app.title")} · ${t("app.subtitle")}`;
    document.getElementById("print-sources").textContent =
      `${t("print.sources")}${t("punct.colon")}${sources().join(t("punct.list"))}`;
    document.getElementById("print-meta").textContent =
      `${t("print.date", { date: formatDate(new Date()) })} · ${decodeURI(location.href)}`;
    const legend = document.querySelector(".legend");
    if (legend) legend.open = true;
    document.body.dataset.print = content();
    document.body.classList.add("print-layout");
    map.invalidateSize({ pan: false });
    map.fitBounds(saved.bounds, { animate: false });
  }

  function exit() {
    if (!saved) return;
    document.body.classList.remove("print-layout");
    delete document.body.dataset.print;
    const legend = document.querySelector(".legend");
    if (legend) legend.open = saved.legendOpen;
    map.invalidateSize({ pan: false });
    map.setView(saved.center, saved.zoom, { animate: false });
    saved = null;
  }

  window.addEventListener("beforeprint", enter);
  window.addEventListener("afterprint", exit);
  button.addEventListener("click", () => window.print());
  return { enter, exit };
}
