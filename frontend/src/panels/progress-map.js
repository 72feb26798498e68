// The 进度/赛马 tab's map: the districts coloured by progress in the chosen year (a choropleth
// drawn above the target colours while the tab is open) and its legend, which replaces the
// map's own. Colours follow the server's progress of each district or the figures of one
// measure; a missing figure is drawn as missing, never as the lowest class.
import { h, mapButton, replace } from "../dom.js";
import { nameOf, shortDistrictName, t } from "../i18n.js";
import L from "../map/leaflet.js";

export const REVENUE = "revenue";
export const MISSING_COLOR = "#f0f0f0";
export const RAMP = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
const COMPARABLE = ["=", "≈"]; // a bound (>, <) is not a figure to colour by

export const comparableValue = (figure) =>
  figure && figure.value != null && COMPARABLE.includes(figure.qualifier) ? figure.value : null;

/** view: the tab's state (measure, year, progress, figures, words …). */
export function progressMap(view, { map, districts, catalogLayer, selectDistrict, measureName }) {
  const categories = new Map((catalogLayer?.style?.categories ?? []).map((c) => [c.value, c]));

  const revenueTarget = (adcode) =>
    view.progress?.targets.find(
      (target) => target.indicator_code === `${REVENUE}:${adcode}` && target.area_code === adcode,
    );
  const figureOf = (adcode, year) =>
    view.figures.find((f) => f.area_code === adcode && f.year === year && !f.subject);

  function valueScale() {
    const numbers = view.figures
      .filter((f) => f.area_kind === "district" && f.value != null)
      .map((f) => f.value);
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    return (value) => {
      if (!numbers.length || high === low) return RAMP[2];
      return RAMP[Math.min(RAMP.length - 1, Math.floor(((value - low) / (high - low)) * RAMP.length))];
    };
  }

  function fillOf(adcode) {
    if (view.measure === REVENUE) {
      const status = revenueTarget(adcode)?.progress ?? "missing";
      return categories.get(status)?.color ?? MISSING_COLOR;
    }
    const value = comparableValue(figureOf(adcode, view.year));
    return value == null ? MISSING_COLOR : valueScale()(value);
  }

  const layer = L.geoJSON(districts, {
    pane: "districts",
    attribution: "",
    style: (feature) => ({
      color: "#ffffff",
      weight: 1.5,
      fillColor: fillOf(feature.properties.adcode),
      fillOpacity: 1, // the target colours beneath must not show through "no figure"
    }),
    onEachFeature(feature, path) {
      const adcode = feature.properties.adcode;
      path.on("click", () => selectDistrict(adcode));
      path.on("add", () => {
        const el = path.getElement();
        if (!el) return;
        el.setAttribute("data-progress-adcode", adcode);
        mapButton(el, shortDistrictName(feature.properties), () => selectDistrict(adcode));
      });
    },
  });

  const mapLegend = L.control({ position: "bottomleft" });
  const mapLegendBody = h("div", { class: "legend-body" });
  mapLegend.onAdd = () => {
    const container = h(
      "section",
      { class: "leaflet-control legend-control progress-legend-control" },
      h(
        "details",
        { class: "legend", open: window.innerWidth > 700 },
        h("summary", {}, t("progress.legend")),
        mapLegendBody,
      ),
    );
    L.DomEvent.disableClickPropagation(container);
    return container;
  };

  const swatch = (color, ...label) =>
    h("li", {}, h("span", { class: "swatch", style: `background:${color}` }), ...label);

  function legend() {
    const attrs = { class: "progress-legend", "aria-label": t("progress.legend") };
    if (view.measure === REVENUE)
      return h(
        "ul",
        attrs,
        [...categories.values()].map((c) => swatch(c.color, view.words.progress(c.value))),
      );
    const m = view.measures.find((x) => x.code === view.measure);
    return h(
      "ul",
      attrs,
      swatch(RAMP[0], "→"),
      swatch(RAMP.at(-1), t("progress.legend_unit", { name: nameOf(m), unit: view.words.unit(m.unit) })),
      swatch(MISSING_COLOR, t("progress.legend_missing")),
      h("li", { class: "muted" }, t("progress.basis", { basis: view.words.basis(m.basis) })),
    );
  }

  return {
    legend,
    revenueTarget,
    figureOf,
    recolour() {
      layer.setStyle((feature) => ({ fillColor: fillOf(feature.properties.adcode) }));
      replace(mapLegendBody, h("strong", {}, `${measureName(view.measure)} · ${view.year}`), legend());
      document.body.dataset.progressYear = String(view.year);
    },
    show(on) {
      map.getContainer().classList.toggle("progress-shown", on);
      if (on) {
        layer.addTo(map);
        mapLegend.addTo(map);
      } else {
        layer.remove();
        mapLegend.remove();
      }
    },
  };
}
