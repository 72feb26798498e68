// Map styles read from the layer catalog (/api/layers, i.e. layers/*.yaml), plus the one style
// the catalog cannot know: a district's role for the industry chosen by the user.
import { localized, t } from "../i18n.js";

/** The role a district has for a chosen industry, most specific first (as /api/placements). */
export const ROLE_STYLE = {
  kind: "categories",
  property: "role",
  categories: [
    { value: "segment", color: "#3f007d", label: "role.segment" },
    { value: "leading", color: "#6a51a3", label: "role.leading" },
    { value: "specialty", color: "#bcbddc", label: "role.specialty" },
    { value: "none", color: "#f4f4f4", label: "role.none" },
  ],
};

export const SELECTED_STROKE = "#111111";

/** Colour of a value under a choropleth style: breaks [b0, b1, …] split colours [c0, c1, …]. */
export function choroplethColor(style, value) {
  if (value == null) return "#cccccc";
  const index = style.breaks.filter((limit) => value >= limit).length;
  return style.colors[Math.min(index, style.colors.length - 1)];
}

/** The category of a value under a categories style (values compared as text: true == "true"). */
export function categoryOf(style, value) {
  return style.categories.find((c) => String(c.value) === String(value));
}

/** Legend rows of a style: [{color, label, dashed}]. */
export function legendRows(style) {
  if (style.kind === "choropleth") {
    const { breaks, colors } = style;
    return colors.map((color, i) => {
      let label;
      if (i === 0) label = `< ${breaks[0]}`;
      else if (i === breaks.length) label = `≥ ${breaks[i - 1]}`;
      else label = `${breaks[i - 1]} – ${breaks[i]}`;
      return { color, label };
    });
  }
  return style.categories.map((c) => ({
    color: c.color,
    stroke: c.dashed ? darker(c.color) : null,
    dashed: Boolean(c.dashed),
    label: typeof c.label === "string" ? t(c.label) : localized(c.label),
  }));
}

/** Fill for a district: by its 2027 target, or by its role for the chosen industry. */
export function districtFill(layer, feature, mode, roles) {
  if (mode === "role") {
    const role = roles.get(feature.properties.adcode) || "none";
    return categoryOf(ROLE_STYLE, role).color;
  }
  return choroplethColor(layer.style, feature.properties[layer.style.property]);
}

/** A darker tone of a #rrggbb colour: the outline of a hollow dashed circle, to stay visible. */
export function darker(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => Math.round(v * 0.6));
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, "0")}`;
}
