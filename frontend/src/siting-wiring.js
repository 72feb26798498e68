// Site selection wired to the map: the 选址 panel's query goes into the state, the state's
// query is asked of /api/site-selection here, and the answer is drawn (candidates above the
// labels, districts by tier) only in the "siting" mode. Also the picking of a point on the map
// for "distance from", during which clicks on the map select nothing.
import { api } from "./api.js";
import { announce } from "./dom.js";
import { t } from "./i18n.js";
import { createCandidateLayer, districtTiers } from "./map/candidates.js";
import L from "./map/leaflet.js";
import { createSitingPanel, siteParams } from "./panels/siting.js";
import { getState, setState, SITE_KEYS } from "./state.js";

export function wireSiting({
  panel,
  map,
  districtLayer,
  declutter,
  narrow,
  selectPark,
  selectDistrict,
  vocabulary,
  districts,
}) {
  let picking = null; // while a point is picked: what ends the picking
  let sitingToken = 0;
  let sitingAnswer = null; // the answer on the map (or ready for it in the "siting" mode)
  let fitCandidates = false; // after the user's own query, bring its candidates into view

  const candidates = createCandidateLayer({
    onSelect: (id) => {
      if (picking) return;
      candidates.focus(id);
      selectPark(id, false);
    },
  });
  const siting = createSitingPanel(panel, {
    submit: askSiting,
    clear: () =>
      setState({
        ...Object.fromEntries(SITE_KEYS.map((key) => [key, ""])),
        mode: getState().mode === "siting" ? "target" : getState().mode,
      }),
    openPark: (id) => {
      selectPark(id, false, false);
      candidates.focus(id);
    },
    openDistrict: (adcode) => selectDistrict(adcode, true),
    pickPoint,
    vocabulary,
    districts,
  });

  function askSiting(query) {
    fitCandidates = true;
    const before = SITE_KEYS.map((key) => getState()[key]).join("|");
    setState({ ...query, mode: "siting", tab: "siting" });
    // The same query again: nothing changed in the state, so ask (and show) it anyway.
    if (SITE_KEYS.map((key) => getState()[key]).join("|") === before) applySiting(getState());
  }

  async function applySiting(s) {
    const mine = ++sitingToken;
    const started = performance.now();
    if (!s.site) {
      dropCandidates();
      siting.showAnswer(null);
      return;
    }
    siting.loading();
    const params = siteParams(s);
    try {
      const answer = await api.siteSelection(params);
      if (mine !== sitingToken) return;
      sitingAnswer = answer;
      siting.showAnswer(answer, params);
      candidates.show(answer);
      districtLayer.update({ tiers: districtTiers(answer) });
      showCandidates();
      if (fitCandidates && getState().mode === "siting") {
        fitSiting(answer);
        // On a phone the list is below the map and the form: bring the answer into view.
        if (narrow()) panel.querySelector(".siting-results")?.scrollIntoView();
      }
      fitCandidates = false;
      performance.measure("site-selection", { start: started });
      announce(t("status.siting", { n: answer.parks.length }));
    } catch (error) {
      if (mine !== sitingToken) return;
      fitCandidates = false;
      dropCandidates();
      siting.failed(error);
    }
  }

  function dropCandidates() {
    sitingAnswer = null;
    candidates.clear();
    districtLayer.update({ tiers: new Map() });
    showCandidates();
  }

  /** Bring the candidate districts and parks into view, clear of the legend on the left. */
  function fitSiting(answer) {
    const bounds = L.latLngBounds([]);
    for (const d of answer.districts) {
      const outline = districtLayer.boundsOf(d.adcode);
      if (outline) bounds.extend(outline);
    }
    const located = candidates.bounds();
    if (located) bounds.extend(located);
    if (!bounds.isValid()) return;
    const left = narrow() ? 16 : 190;
    map.fitBounds(bounds, { paddingTopLeft: [left, 16], paddingBottomRight: [16, 16], maxZoom: 11 });
  }

  /** The candidates are on the map only in the "siting" mode. */
  function showCandidates() {
    const shown = getState().mode === "siting" && Boolean(sitingAnswer);
    if (shown) candidates.layer.addTo(map);
    else candidates.layer.remove();
    map.getContainer().classList.toggle("siting-shown", shown); // parks step back (style.css)
    declutter.schedule();
  }

  /** Wait for a click on the map (Escape: null); meanwhile clicks select nothing. */
  function pickPoint() {
    picking?.(null);
    const container = map.getContainer();
    container.classList.add("picking");
    if (narrow()) container.scrollIntoView({ behavior: "smooth", block: "start" });
    return new Promise((resolve) => {
      const done = (point) => {
        map.off("click", onClick);
        document.removeEventListener("keydown", onKey);
        container.classList.remove("picking");
        picking = null;
        resolve(point);
      };
      const onClick = (event) => done(event.latlng);
      const onKey = (event) => event.key === "Escape" && done(null);
      map.on("click", onClick);
      document.addEventListener("keydown", onKey);
      picking = done;
    });
  }

  return {
    isPicking: () => Boolean(picking),
    showCandidates,
    /** The state changed: a new language, a new query, or both. */
    render(changed, s) {
      if (changed.has("lang")) {
        siting.build(s);
        candidates.relabel();
      }
      const sitingChanged = SITE_KEYS.some((k) => changed.has(k));
      if (sitingChanged && !changed.has("lang")) siting.fill(s);
      if (sitingChanged || changed.has("lang")) applySiting(s);
    },
  };
}
