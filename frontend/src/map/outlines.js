// The SVG renderer of the map's vector layers (districts, surroundings, parks, small point
// layers). A view reset — setView without animation: a link, the back button, a search
// result — made Leaflet's own renderer project every vertex twice (at zoomend and again at
// viewreset) and rebuild every path three times (at moveend, and twice at viewreset); for the
// 27,000 vertices of the district and surrounding outlines that was ≈ 25–40 ms of main-thread
// work after every such move (benchmarks/README.md, "The map at a million firms"). This one
// projects once and builds the paths once per reset. Animated zooms and pans are Leaflet's.
import L from "./leaflet.js";

const OutlineRenderer = L.SVG.extend({
  getEvents() {
    return { ...L.SVG.prototype.getEvents.call(this), viewprereset: this._onPreReset };
  },

  // Map._resetView fires viewprereset, then zoom/move, zoomend (if the zoom changed) and
  // moveend, then viewreset, all at once: the map's pixel origin is already the new one at
  // zoomend, so what zoomend projects is what viewreset would project again.
  _onPreReset() {
    this._resetting = true;
    this._projected = false;
  },

  _onZoomEnd() {
    L.SVG.prototype._onZoomEnd.call(this);
    if (this._resetting) this._projected = true;
  },

  _update() {
    // At moveend during a reset the paths may still hold the old view's projection (a reset
    // that kept the zoom has no zoomend): the viewreset that follows builds them once.
    if (this._resetting) return;
    L.SVG.prototype._update.call(this);
  },

  _reset() {
    // Projected once: at zoomend if the zoom changed, here if it did not; then built once.
    if (!this._projected) for (const id in this._layers) this._layers[id]._project();
    this._resetting = false;
    this._projected = false;
    this._update();
    this._updateTransform(this._center, this._zoom);
  },
});

/** A renderer for the vector layers of one map pane (one per pane, shared by its layers). */
export function outlineRenderer(pane) {
  return new OutlineRenderer({ pane });
}
