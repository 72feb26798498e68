// The screen's state, mirrored in the URL's fragment so that a link restores the same screen:
//   #lang=en&basemap=none&mode=role&industry=动力电池&district=500116&tab=find&map=9.5/29.45/105.95
// A site-selection query (the 选址 tab) is kept as its own keys, e.g.
//   #mode=siting&tab=siting&site=动力电池&mu=300&near=中心城区&km=60&level=national,municipal
// Only the fragment changes, so no request is made when the state does. What the user would call
// a step — a selection, a tab, a colouring, a query — is a new history entry (pushState), so
// that Back and Forward walk through them; the map's view, the language, the base map and the
// layers shown only update the current entry (replaceState).

const DEFAULTS = {
  lang: "zh",
  basemap: "none",
  mode: "target", // target | role | siting | chain
  industry: "", // the term chosen under "find by industry"
  district: "", // adcode of the selected district
  park: "", // id of the selected park
  tab: "profile", // profile | find | layout | dashboard | siting | chains | progress | …
  map: "", // zoom/lat/lng; empty means "fit the eight districts"
  hide: "", // comma-separated ids of hidden overlay layers
  // Site selection (/api/site-selection): industry, then the optional requirements.
  site: "", // industry
  mu: "", // land needed, 亩 (area_mu)
  within: "", // adcode of the one district to search (district)
  near: "", // 中心城区 | 成都 | lon,lat
  km: "", // max_km from `near`
  level: "", // comma-separated park levels
  outside: "", // "1": the company comes from outside Chongqing
  // Industry chains (the 产业链 tab): the chain shown, the node chosen, the matching basis.
  chain: "", // chain id; empty: the first chain (智能网联新能源汽车零部件)
  node: "", // node id; with mode=chain the districts are coloured by how they plan it
  basis: "", // "" (literal: the plan's words) | editorial
  year: "", // the 进度/赛马 tab's year (2022–2027); empty: the latest with figures
};

/** The keys of a site-selection query. */
export const SITE_KEYS = ["site", "mu", "within", "near", "km", "level", "outside"];

// The tabs are the page's tab panels (index.html), so that a new tab needs no change here.
const TABS = [...document.querySelectorAll(".tab-panel[data-tab]")].map((p) => p.dataset.tab);
const MODES = ["target", "role", "siting", "chain"];
// The base map is always written, so that a link means the same on a server whose default differs.
const ALWAYS = new Set(["basemap"]);
// Keys whose change is a step in the browser's history.
const STEPS = new Set(["district", "park", "tab", "mode", "industry", ...SITE_KEYS]);

const state = { ...DEFAULTS };
const listeners = [];

export function getState() {
  return state;
}

/** Read a fragment ("#a=b&c=d") into a clean state object; unknown or bad values are dropped. */
export function parseFragment(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const parsed = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    const value = params.get(key);
    if (value != null) parsed[key] = value.trim().slice(0, 200);
  }
  if (!["zh", "en"].includes(parsed.lang)) parsed.lang = DEFAULTS.lang;
  if (!TABS.includes(parsed.tab)) parsed.tab = DEFAULTS.tab;
  if (!MODES.includes(parsed.mode)) parsed.mode = DEFAULTS.mode;
  if (!/^\d{6}$/.test(parsed.district)) parsed.district = "";
  if (!/^[a-z0-9-]+$/.test(parsed.park)) parsed.park = "";
  if (parsed.district) parsed.park = "";
  if (parseView(parsed.map) == null) parsed.map = "";
  // Site selection: numbers stay text (the server judges them); unknown levels are dropped.
  for (const key of ["mu", "km"]) if (!/^[-+0-9.eE]*$/.test(parsed[key])) parsed[key] = "";
  if (!/^\d{6}$/.test(parsed.within)) parsed.within = "";
  if (!/^202[2-7]$/.test(parsed.year)) parsed.year = "";
  parsed.level = parsed.level
    .split(",")
    .filter((level) => /^[a-z]+$/.test(level)) // which levels exist is the server's rule
    .join(",");
  if (parsed.outside !== "1") parsed.outside = "";
  if (parsed.mode === "siting" && !parsed.site) parsed.mode = DEFAULTS.mode;
  for (const key of ["chain", "node"]) if (!/^[a-z0-9-]*$/.test(parsed[key])) parsed[key] = "";
  if (parsed.basis !== "editorial") parsed.basis = "";
  if (parsed.mode === "chain" && !parsed.node) parsed.mode = DEFAULTS.mode;
  return parsed;
}

export function toFragment(s = state) {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS)) {
    if (ALWAYS.has(key) || s[key] !== DEFAULTS[key]) params.set(key, s[key]);
  }
  // "/" and "," are safe in a fragment; keep them readable.
  return `#${params.toString().replace(/%2F/gi, "/").replace(/%2C/gi, ",")}`;
}

/** "9.5/29.45/105.95" → {zoom, lat, lng}, or null when it is not a view. */
export function parseView(text) {
  const parts = (text || "").split("/").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [zoom, lat, lng] = parts;
  if (zoom < 0 || zoom > 20 || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  return { zoom, lat, lng };
}

export function formatView(zoom, center) {
  return `${Number(zoom.toFixed(2))}/${center.lat.toFixed(4)}/${center.lng.toFixed(4)}`;
}

/** Start from the URL, with the server's default base map when the URL names none. */
export function initState(defaultBasemap) {
  DEFAULTS.basemap = defaultBasemap || "none";
  Object.assign(state, parseFragment(location.hash));
  writeUrl();
  // Back/Forward, or a link pasted into the address bar of an open page: the fragment changed.
  const follow = () => {
    if (location.hash !== toFragment()) setState(parseFragment(location.hash), { fromUrl: true });
  };
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
  return state;
}

/** Change some keys; listeners hear which keys changed. `fromUrl`: the URL already says it. */
export function setState(patch, { fromUrl = false } = {}) {
  if (patch.district) patch = { ...patch, park: patch.park ?? "" };
  if (patch.park) patch = { ...patch, district: patch.district ?? "" };
  const changed = new Set();
  for (const [key, value] of Object.entries(patch)) {
    if (key in DEFAULTS && state[key] !== value) {
      state[key] = value;
      changed.add(key);
    }
  }
  if (changed.size === 0) return;
  if (!fromUrl) writeUrl([...changed].some((key) => STEPS.has(key)));
  for (const listener of listeners) listener(changed, state);
}

export function subscribe(listener) {
  listeners.push(listener);
}

export function hiddenLayers() {
  return new Set(state.hide ? state.hide.split(",") : []);
}

function writeUrl(step = false) {
  const fragment = toFragment();
  if (location.hash === fragment) return;
  if (step) history.pushState(null, "", fragment);
  else history.replaceState(null, "", fragment);
}
