// The drawing plugin (@geoman-io/leaflet-geoman-free), loaded only when someone edits, so
// that readers never download it. It extends the global L that map/leaflet.js publishes.
import L from "../map/leaflet.js";

let loading = null;

/** Load the plugin and give `map` (made before it loaded) its drawing handler. */
export async function loadGeoman(map) {
  loading ??= Promise.all([
    import("@geoman-io/leaflet-geoman-free"),
    import("@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css"),
  ]);
  await loading;
  // The plugin equips maps created after it loaded; this one was created before.
  if (!map.pm) map.pm = new L.PM.Map(map);
  map.pm.setLang?.(document.documentElement.lang.startsWith("zh") ? "zh" : "en");
}
