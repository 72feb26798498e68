// The legend follows the map: the districts' colouring (2027 target or the chosen industry's
// role), the parks' symbols and the surroundings, each only while its layer is shown. It also
// holds the switch between the two ways of colouring districts.
import L from "./leaflet.js";
import { h, list, replace } from "../dom.js";
import { localized, t } from "../i18n.js";
import { CANDIDATE_COLOR, CHAIN_STYLE, legendRows, ROLE_STYLE, SITING_STYLE } from "./styles.js";
import { colorOf } from "./catalogpoints.js";

const OWN_LEGENDS = new Set([
  "districts",
  "parks",
  "context-areas",
  "enterprises",
  "chain-places",
  "progress",
]);

export function createLegend({ catalog, parkPrecisions, districtValues, onMode }) {
  const control = L.control({ position: "bottomleft" });
  const body = h("div", { class: "legend-body" });
  const summary = h("summary", {}, t("legend.label"));
  const details = h("details", { class: "legend", open: window.innerWidth > 700 }, summary, body);

  control.onAdd = () => {
    const container = h("section", {
      class: "leaflet-control legend-control",
      "aria-labelledby": "legend-title",
    });
    container.append(details);
    L.DomEvent.disableClickPropagation(container);
    L.DomEvent.disableScrollPropagation(container);
    return container;
  };

  function modeSwitch(state) {
    const option = (value, label) =>
      h(
        "label",
        { class: "mode-option" },
        h("input", {
          type: "radio",
          name: "map-mode",
          value,
          checked: state.mode === value,
          onchange: () => onMode(value),
        }),
        label,
      );
    return h(
      "fieldset",
      { class: "mode-switch" },
      h("legend", {}, t("mode.label")),
      option("target", t("mode.target")),
      option("role", t("mode.role")),
      state.site ? option("siting", t("mode.siting")) : null,
    );
  }

  function group(title, rows, shape = "square") {
    const swatch = (row) =>
      h("span", {
        class: `swatch swatch-${row.candidate ? "candidate" : shape}${row.dashed ? " swatch-dashed" : ""}${row.ring ? " swatch-ring" : ""}`,
        style: `--swatch:${row.color};--swatch-stroke:${row.stroke || row.color}`,
        "aria-hidden": "true",
      });
    return h(
      "div",
      { class: "legend-group" },
      h("h3", {}, title),
      list(
        "ul",
        {},
        rows,
        (row) => [swatch(row), row.label],
        (row) => ({ dataset: { value: row.value ?? "" } }),
      ),
    );
  }

  /** Redraw for the state: mode, chosen industry, visible layers, and the ground the fills are
   * drawn over (fillGround of the base map): each area swatch is the colour the map shows. */
  function render(state, visible, ground) {
    summary.textContent = t("legend.label");
    summary.id = "legend-title";
    const districts = catalog.get("districts");
    const parks = catalog.get("parks");
    const context = catalog.get("context-areas");
    const over = (layer) => ({ opacity: ground.opacityOf(layer.style), ground: ground.ground });
    const districtRows = (style) => legendRows(style, { fill: over(districts) });
    const parts = [modeSwitch(state)];
    if (state.mode === "siting") {
      // The candidates are drawn whichever layers are shown; the districts' tint with them.
      const title = t("legend.siting", { term: state.site });
      const rows = [
        ...(visible.has("districts") ? districtRows(SITING_STYLE) : []),
        { color: CANDIDATE_COLOR, label: t("legend.candidate"), candidate: true },
        { color: CANDIDATE_COLOR, label: t("legend.candidate_approximate"), candidate: true, dashed: true },
      ];
      parts.push(group(title, rows));
    } else if (visible.has("districts")) {
      if (state.mode === "chain") {
        parts.push(group(t("chain.legend"), legendRows(CHAIN_STYLE)));
      } else if (state.mode === "role") {
        const title = state.industry ? t("mode.role_of", { term: state.industry }) : t("mode.role_empty");
        parts.push(group(title, districtRows(ROLE_STYLE)));
      } else {
        const rows = legendRows(districts.style, { fill: over(districts), values: districtValues });
        parts.push(group(localized(districts.style.legend), rows));
      }
    }
    if (visible.has("parks") && parks) {
      // Only the kinds of location that some park has.
      const present = new Set(parkPrecisions);
      const rows = legendRows({
        ...parks.style,
        categories: parks.style.categories.filter((c) => present.has(c.value)),
      });
      if (state.mode === "role" && state.industry) {
        rows.push({ color: ROLE_STYLE.categories[0].color, label: t("legend.found_park"), ring: true });
      }
      parts.push(group(localized(parks.style.legend), rows, "circle"));
    }
    if (visible.has("context-areas") && context) {
      parts.push(group(localized(context.style.legend), legendRows(context.style, { fill: over(context) })));
    }
    // The catalog's other point layers (map/catalogpoints.js), by their own styles.
    for (const [id, layer] of catalog) {
      if (OWN_LEGENDS.has(id) || !layer.geometry_type || !visible.has(id)) continue;
      const rows = layer.style?.categories?.length
        ? legendRows(layer.style)
        : [{ color: colorOf(layer.style, {}), label: localized(layer.title) }];
      parts.push(group(localized(layer.style?.legend ?? layer.title), rows, "circle"));
    }
    replace(body, parts);
  }

  return { control, render };
}
