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

/** A district in a site-selection answer: the plan names the industry there (section 四), or
 * links it only through its cluster; or the district is not a candidate. */
export const SITING_STYLE = {
  kind: "categories",
  property: "tier",
  categories: [
    { value: "named", color: "#74c476", label: "siting.tier.named" },
    { value: "linked", color: "#bfe5b5", label: "siting.tier.linked" },
    { value: "none", color: "#f4f4f4", label: "siting.tier.none" },
  ],
};

/** A district for the chain node chosen in the 产业链 tab: its section 四 entry names the node,
 * names it through an editorial equivalence, names only a related term, or does not plan it. */
export const CHAIN_STYLE = {
  kind: "categories",
  property: "basis",
  categories: [
    { value: "literal", color: "#2166ac", label: "chain.legend.literal" },
    { value: "editorial", color: "#67a9cf", label: "chain.legend.editorial" },
    { value: "related", color: "#d1e5f0", label: "chain.legend.related" },
    { value: "none", color: "#f4f4f4", label: "chain.legend.none" },
  ],
};

/** The numbered markers of candidate parks. */
export const CANDIDATE_COLOR = "#00574b";

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

/** The colour of the map where nothing is drawn (style.css: #map), when there is no base map. */
export const MAP_GROUND = "#e4ebf0";

/**
 * How area fills are drawn over a ground: {basemap, ground, opacityOf(layerStyle)}. Over a base map the fills
 * turn translucent so that the map shows through; its `ground` (from the server's base-map
 * configuration) is the typical colour under them. The legend mixes its swatches the same way.
 */
export function fillGround(basemap) {
  const shown = Boolean(basemap?.layers?.length);
  return {
    basemap: shown,
    ground: (shown && basemap.ground) || MAP_GROUND,
    opacityOf: (style) => (shown ? (style.fill_opacity_basemap ?? 0.55) : (style.fill_opacity ?? 0.8)),
  };
}

/** What the eye sees of `hex` drawn at `opacity` over `ground` (both #rrggbb). */
export function composite(hex, opacity, ground) {
  const rgb = (c) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
  const [fg, bg] = [rgb(hex), rgb(ground)];
  const mixed = fg.map((v, i) => Math.round(v * opacity + bg[i] * (1 - opacity)));
  return `#${mixed.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Legend rows of a style: [{color, label, dashed}]. `fill` ({opacity, ground}: how the layer is
 * drawn) turns area colours into what the map shows; `values` (a choropleth's data) drops the classes
 * that no value falls in.
 */
export function legendRows(style, { fill = null, values = null } = {}) {
  const seen = (color) => (fill ? composite(color, fill.opacity, fill.ground) : color);
  if (style.kind === "choropleth") {
    const { breaks, colors } = style;
    const rows = colors.map((color, i) => {
      let label;
      if (i === 0) label = `< ${breaks[0]}`;
      else if (i === breaks.length) label = `≥ ${breaks[i - 1]}`;
      else label = `${breaks[i - 1]} – ${breaks[i]}`;
      return { color: seen(color), fill: color, label, value: color };
    });
    if (!values) return rows;
    const used = new Set(values.map((v) => choroplethColor(style, v)));
    return rows.filter((row) => used.has(row.value));
  }
  return style.categories.map((c) => ({
    color: seen(c.color),
    fill: c.color,
    value: c.value,
    stroke: c.dashed ? darker(c.color) : null,
    dashed: Boolean(c.dashed),
    label: typeof c.label === "string" ? t(c.label) : localized(c.label),
  }));
}

/** Fill for a district: by its 2027 target, by its role for the chosen industry (`roles`:
 * adcode → role), by its tier in the site-selection answer (`tiers`: adcode → tier), or by how
 * it plans the chosen chain node (`chain`: adcode → basis). */
export function districtFill(layer, feature, { mode, roles, tiers, chain }) {
  const adcode = feature.properties.adcode;
  if (mode === "chain") return categoryOf(CHAIN_STYLE, chain?.get(adcode) || "none").color;
  if (mode === "role") return categoryOf(ROLE_STYLE, roles.get(adcode) || "none").color;
  if (mode === "siting") return categoryOf(SITING_STYLE, tiers.get(adcode) || "none").color;
  return choroplethColor(layer.style, feature.properties[layer.style.property]);
}

/** A darker tone of a #rrggbb colour: the outline of a hollow dashed circle, to stay visible. */
export function darker(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => Math.round(v * 0.6));
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, "0")}`;
}
