// The domain rules, as the server states them (GET /api/rules): park levels, what a location
// precision means, candidate tiers, kinds of area and 亩 per km². Loaded once at start; the
// front end asks these helpers instead of re-deriving the rules.
import { api } from "./api.js";
import { localized } from "./i18n.js";

let rules = null;

export async function loadRules() {
  rules = await api.rules();
  return rules;
}

/** The park levels a query can ask for, in the server's order. */
export function levelKeys() {
  return rules?.level_filter ?? [];
}

/** "named" | "linked" | null for a plan reason code (rules.candidate_tiers). */
export function tierOf(reasonCode) {
  for (const [tier, spec] of Object.entries(rules?.candidate_tiers ?? {})) {
    if (spec.reasons.includes(reasonCode)) return tier;
  }
  return null;
}

/** What a location precision means, in the reader's language. */
export function precisionText(code) {
  return localized(rules?.location_precision?.[code]) || code;
}

export function isApproximate(code) {
  return Boolean(rules?.location_precision?.[code]?.approximate);
}

/** The name of a kind of area (rules.area_kinds), in the reader's language. */
export function areaKindText(kind) {
  return localized(rules?.area_kinds?.[kind]) || "";
}

/** km² → 亩, by the server's factor. */
export function muOf(km2) {
  return km2 * (rules?.mu_per_km2 ?? NaN);
}
