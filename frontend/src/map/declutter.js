// Labels that do not collide. After every move, zoom or redraw: park markers and clusters that
// a site-selection candidate covers are hidden (rather than showing, faded, around its number),
// and labels that would overlap a candidate or a label already placed are hidden, the selected
// district's first — at small scales and on phones some names give way instead of piling up.
import "./declutter.css";

const HIDDEN = "declutter-hidden";
const MARGIN = 2; // px kept between two labels

function rect(el) {
  const r = el.getBoundingClientRect();
  return r.width && r.height ? r : null;
}

function overlaps(a, b, margin = 0) {
  return (
    a.left - margin < b.right &&
    b.left - margin < a.right &&
    a.top - margin < b.bottom &&
    b.top - margin < a.bottom
  );
}

export function createDeclutter(map) {
  const container = map.getContainer();
  let pending = 0;

  function run() {
    pending = 0;
    const candidates = [...container.querySelectorAll(".leaflet-candidates-pane .leaflet-marker-icon")]
      .map(rect)
      .filter(Boolean);
    // Park symbols under a candidate.
    const parks = container.querySelectorAll(
      ".leaflet-parkClusters-pane .leaflet-marker-icon, .leaflet-parks-pane path",
    );
    for (const el of parks) {
      const r = rect(el);
      const covered = Boolean(r) && candidates.some((c) => overlaps(r, c, MARGIN));
      el.classList.toggle(HIDDEN, covered);
    }
    // Labels, most important first: the selected district, the districts, the surroundings.
    const labels = [
      ...container.querySelectorAll(".district-label.selected"),
      ...container.querySelectorAll(".district-label:not(.selected)"),
      ...container.querySelectorAll(".context-label span"),
    ];
    const placed = [...candidates];
    const frame = container.getBoundingClientRect();
    const cut = (r) =>
      r.left < frame.left || r.right > frame.right || r.top < frame.top || r.bottom > frame.bottom;
    for (const label of labels) {
      const r = rect(label);
      // A label cut by the map's edge or on another one gives way.
      const clash = Boolean(r) && (cut(r) || placed.some((p) => overlaps(r, p, MARGIN)));
      label.classList.toggle(HIDDEN, clash);
      if (r && !clash) placed.push(r);
    }
  }

  /** Declutter once the map has settled (at most once a frame). */
  function schedule() {
    if (!pending) pending = requestAnimationFrame(run);
  }

  map.on("zoomend moveend resize layeradd layerremove", schedule);
  return { schedule };
}
