// Labels that do not collide. After every move, zoom or redraw: park markers and clusters that
// a site-selection candidate covers are hidden (rather than showing, faded, around its number),
// and labels that would overlap a candidate or a label already placed move just below or above
// it, or, with no room there either, are hidden — the selected district's placed first. At small
// scales and on phones some names give way instead of piling up.
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
    for (const label of labels) label.style.translate = ""; // measure where Leaflet put them
    for (const label of labels) {
      const r = rect(label);
      // Where it is, else just below or above: the first place clear of what is placed already.
      const spot =
        r &&
        [0, 1, -1]
          .map((k) => k * (r.height + 4))
          .find((dy) => {
            const moved = { left: r.left, right: r.right, top: r.top + dy, bottom: r.bottom + dy };
            return !cut(moved) && !placed.some((p) => overlaps(moved, p, MARGIN));
          });
      const clash = !r || spot === undefined;
      label.classList.toggle(HIDDEN, Boolean(r) && clash);
      if (clash) continue;
      if (spot) label.style.translate = `0 ${spot}px`;
      placed.push({ left: r.left, right: r.right, top: r.top + spot, bottom: r.bottom + spot });
    }
  }

  /** Declutter once the map has settled (at most once a frame). */
  function schedule() {
    if (!pending) pending = requestAnimationFrame(run);
  }

  map.on("zoomend moveend resize layeradd layerremove", schedule);
  return { schedule };
}
