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
    { value: "linked", color: "#d9f0d3", label: "siting.tier.linked" },
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
