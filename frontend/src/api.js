// The app's own JSON API (/api/…). Every request goes to the server that served the page.
// Responses are cached per URL for the life of the page: the plan's data do not change.
// Every request names the reader's language (Accept-Language), in which the server words what
// went wrong (app/messages): `problem.detail`, with its stable `problem.code`.
import { language } from "./i18n.js";

const cache = new Map();

/** The Accept-Language of the interface's language, for every request to the server. */
export function languageHeaders() {
  return { "Accept-Language": language() === "zh" ? "zh-CN,zh;q=0.9" : "en" };
}

/** An error answer; `problem` is its RFC 7807 body (with `parameter` on a 422), if any. The
 * message is the server's (for the console); the reader is told `errorText(error)` (i18n.js). */
export class ApiError extends Error {
  constructor(message, problem = null, status = 0) {
    super(message);
    this.problem = problem;
    this.status = status;
  }
}

const reload = new Set(); // paths whose next request must bypass the browser's cache

async function fetchJSON(path) {
  const fresh = reload.delete(path);
  const response = await fetch(path, {
    headers: { Accept: "application/json", ...languageHeaders() },
    cache: fresh ? "reload" : "default",
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    // RFC 7807 problem+json: prefer its detail, then its title.
    const message = body?.detail || body?.title || `${response.status} ${response.statusText}`;
    throw new ApiError(message, body, response.status);
  }
  return body;
}

/** GET a JSON resource once; later calls share the same promise. */
export function getJSON(path) {
  if (!cache.has(path)) {
    const request = fetchJSON(path);
    request.catch(() => cache.delete(path)); // let a failed request be tried again
    cache.set(path, request);
  }
  return cache.get(path);
}

/** Drop the cached answers of paths starting with `prefix` (after an edit, issue 12). */
export function forget(prefix) {
  for (const path of [...cache.keys()]) {
    if (path.startsWith(prefix)) {
      cache.delete(path);
      reload.add(path);
    }
  }
}

const query = (params) => new URLSearchParams(params).toString();

/** A site-selection URL: `format` is "" (JSON), ".csv", ".geojson" or "/map.html". */
export function siteSelectionUrl(params, format = "") {
  return `/api/site-selection${format}?${query(params)}`;
}

export const api = {
  config: () => getJSON("/api/config"),
  rules: () => getJSON("/api/rules"),
  layers: () => getJSON("/api/layers"),
  districts: () => getJSON("/api/districts"),
  district: (adcode) => getJSON(`/api/districts/${encodeURIComponent(adcode)}`),
  contextAreas: () => getJSON("/api/context-areas"),
  parks: () => getJSON("/api/parks"),
  park: (id) => getJSON(`/api/parks/${encodeURIComponent(id)}`),
  clusters: () => getJSON("/api/clusters"),
  industries: () => getJSON("/api/industries"),
  segments: () => getJSON("/api/segments"),
  indicators: () => getJSON("/api/indicators"),
  plan: () => getJSON("/api/plan"),
  overview: () => getJSON("/api/overview"),
  placements: (term) => getJSON(`/api/placements?${query({ term })}`),
  search: (q, limit = 12) => getJSON(`/api/search?${query({ q, limit })}`),
  siteSelection: (params) => getJSON(siteSelectionUrl(params)),
  chains: () => getJSON("/api/chains"),
  chain: (id) => getJSON(`/api/chains/${encodeURIComponent(id)}`),
  chainTargets: (params) => getJSON(`/api/chain-targets?${query(params)}`),
  pipeline: (params) => getJSON(`/api/pipeline?${query(params)}`),
  enterprises: () => getJSON("/api/enterprises"),
  enterprise: (id) => getJSON(`/api/enterprises/${encodeURIComponent(id)}`),
};
