// A point layer drawn from Mapbox Vector Tiles (OGC API – Tiles) on one canvas the size of the
// view. Leaflet's GridLayer decides which tiles a view needs and keeps them while they are in
// view; @mapbox/vector-tile and pbf decode them; the canvas is drawn again from the decoded
// points when the view changes or its tiles are all in. One canvas kept for the layer's life:
// without a GPU (an office PC's software rendering, headless Chromium) each new canvas cost
// ≈ 15–30 ms to bring to the screen, and MapLibre's WebGL canvas was redrawn through SwiftShader
// on every frame of a view change (benchmarks/README.md, "The map at a million firms").
import L from "./leaflet.js";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";

// 512-pixel tiles, as the server's tile matrix is meant to be read: Leaflet zoom z shows the
// tiles of zoom z − 1, a quarter as many requests as 256-pixel tiles.
const TILE_PX = 512;
const ZOOM_OFFSET = 1;
const PICK_PX = 5; // a click finds a point this far from its drawn edge

/** Circle radius (px) at a Leaflet zoom: 1.5 px at zoom 7, growing linearly to 5 px at 15. */
function radiusAt(zoom) {
  return 1.5 + 3.5 * ringAt(zoom);
}

/** The white ring that keeps overlapping points apart: none at zoom 7, 1 px from zoom 15. */
function ringAt(zoom) {
  return Math.min(1, Math.max(0, (zoom - 7) / 8));
}

/** The tiles: fetched and decoded, never drawn themselves (their elements stay empty). */
const PointTiles = L.GridLayer.extend({
  initialize(tilejson, options) {
    this._template = tilejson.tiles[0];
    this._sourceLayer = options.sourceLayer;
    L.GridLayer.prototype.initialize.call(this, {
      tileSize: TILE_PX,
      pane: options.pane,
      minZoom: (tilejson.minzoom ?? 0) + ZOOM_OFFSET, // below the data's first zoom, nothing
      maxNativeZoom: (tilejson.maxzoom ?? 14) + ZOOM_OFFSET, // above its last, its last tiles
      keepBuffer: 1,
      updateWhenZooming: false,
    });
  },

  createTile(coords, done) {
    const element = L.DomUtil.create("div");
    element.style.display = "none";
    const controller = new AbortController();
    element.abort = () => controller.abort();
    const z = coords.z - ZOOM_OFFSET;
    const url = this._template.replace("{z}", z).replace("{x}", coords.x).replace("{y}", coords.y);
    fetch(url, { signal: controller.signal })
      .then((response) => {
        if (response.status === 204) return null; // no point in this tile
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        return response.arrayBuffer();
      })
      .then((buffer) => {
        element.points = buffer ? this._decode(buffer) : [];
        done(null, element);
      })
      .catch((error) => {
        if (error.name !== "AbortError") done(error, element);
      });
    return element;
  },

  /** The tile's points, [{x, y, properties}] in its pixels: only those inside it (the tile's
   * buffer repeats its neighbours' points near the edge, drawn and picked from their own tile). */
  _decode(buffer) {
    const layer = new VectorTile(new PbfReader(buffer)).layers[this._sourceLayer];
    if (!layer) return [];
    const scale = TILE_PX / layer.extent;
    const points = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      for (const part of feature.loadGeometry()) {
        for (const p of part) {
          if (p.x < 0 || p.y < 0 || p.x >= layer.extent || p.y >= layer.extent) continue;
          points.push({ x: p.x * scale, y: p.y * scale, properties: feature.properties });
        }
      }
    }
    return points;
  },

  _removeTile(key) {
    this._tiles[key]?.el.abort();
    L.GridLayer.prototype._removeTile.call(this, key);
  },

  /** Loaded tiles to draw: those of the current zoom and, while some of them are still coming,
   * the other zooms' tiles Leaflet keeps in their place. */
  *drawable() {
    const loading = this.isLoading();
    for (const tile of Object.values(this._tiles)) {
      if (!tile.el.points) continue;
      if (tile.coords.z === this._tileZoom || loading) yield tile;
    }
  },
});

/**
 * `new TiledPoints(tilejson, {sourceLayer, colorOf, pane})`: `tilejson` is the layer's TileJSON
 * 3.0 document (its `tiles` URL template and zoom range), `colorOf(properties)` a point's fill.
 * Fires `drawn` ({complete}) after each drawing; `complete` once the view's tiles are all in.
 * `pointsNear(latlng)`: the drawn points under a click, nearest first; `drawnPoints()`: those in
 * view (tests, benchmarks).
 */
export const TiledPoints = L.Renderer.extend({
  initialize(tilejson, options) {
    L.Renderer.prototype.initialize.call(this, { pane: options.pane, padding: 0.1 });
    this._colorOf = options.colorOf;
    this._grid = new PointTiles(tilejson, options);
    this._grid.on("load", this._scheduleDraw, this);
    this.drawings = 0; // how many times the canvas was drawn (benchmarks)
  },

  onAdd(map) {
    L.Renderer.prototype.onAdd.call(this, map);
    map.addLayer(this._grid);
  },

  onRemove(map) {
    map.removeLayer(this._grid);
    L.Renderer.prototype.onRemove.call(this, map);
  },

  isLoading() {
    return this._grid.isLoading();
  },

  _initContainer() {
    this._container = L.DomUtil.create("canvas");
    this._container.style.pointerEvents = "none"; // clicks go to the map (pointsNear) and below
    this._context = this._container.getContext("2d");
  },

  _destroyContainer() {
    cancelAnimationFrame(this._frame);
    L.DomUtil.remove(this._container);
    delete this._container;
  },

  _update() {
    if (this._map._animatingZoom && this._bounds) return;
    L.Renderer.prototype._update.call(this);
    const size = this._bounds.getSize();
    const ratio = window.devicePixelRatio || 1;
    const canvas = this._container;
    L.DomUtil.setPosition(canvas, this._bounds.min);
    // Resized only when the view's size changes: setting a canvas's size throws its pixels away.
    if (canvas.width !== size.x * ratio || canvas.height !== size.y * ratio) {
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    this._scheduleDraw();
  },

  /** Once per frame however many moves and tiles ask for it. */
  _scheduleDraw() {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => this._draw());
  },

  /** Where a tile's points go at the drawn zoom: its top left in the map's layer pixels, and
   * how much its own pixels are scaled (tiles of another zoom, fractional zooms). */
  _placement(tile) {
    const scale = this._map.getZoomScale(this._zoom, tile.coords.z);
    const origin = this._map.getPixelOrigin();
    return {
      scale,
      left: tile.coords.x * TILE_PX * scale - origin.x,
      top: tile.coords.y * TILE_PX * scale - origin.y,
    };
  },

  /** The drawn points, each with its pixel in the map's layer coordinates at the drawn zoom. */
  *_points() {
    for (const tile of this._grid.drawable()) {
      const { scale, left, top } = this._placement(tile);
      for (const point of tile.el.points) {
        yield { pixel: L.point(left + point.x * scale, top + point.y * scale), point };
      }
    }
  },

  // Drawn pixel by pixel into the canvas's own image: each point a copy of its colour's circle,
  // blended in. Skia took ≈ 12 µs a point to rasterise a path filled and ringed per point (or one
  // path per colour), and ≈ 18 µs to draw a sprite with drawImage, on the CPU.
  _draw() {
    if (!this._map) return;
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = this._container;
    if (this._image?.width !== width || this._image?.height !== height) {
      this._image = this._context.createImageData(width, height);
    } else {
      this._image.data.fill(0);
    }
    const radius = radiusAt(this._zoom);
    const ring = ringAt(this._zoom);
    const { min } = this._bounds; // the canvas's top left, in layer pixels
    const sprites = new Map(); // by colour, for this drawing
    for (const tile of this._grid.drawable()) {
      const placed = this._placement(tile);
      const { scale } = placed;
      const left = placed.left - min.x;
      const top = placed.top - min.y;
      for (const point of tile.el.points) {
        point.color ??= this._colorOf(point.properties);
        let sprite = sprites.get(point.color);
        if (!sprite) sprites.set(point.color, (sprite = this._sprite(point.color, radius, ring, ratio)));
        const x = Math.round((left + point.x * scale) * ratio) - sprite.half;
        const y = Math.round((top + point.y * scale) * ratio) - sprite.half;
        blend(this._image, sprite, x, y);
      }
    }
    this._context.putImageData(this._image, 0, 0);
    this.drawings += 1;
    this.fire("drawn", { complete: !this.isLoading() });
  },

  /** A point's look in one colour: a circle of `radius` px with a white `ring`, drawn once per
   * colour and size at the screen's resolution; its pixels (RGBA, not premultiplied). */
  _sprite(color, radius, ring, ratio) {
    this._sprites ??= new Map();
    const key = `${color} ${radius} ${ring} ${ratio}`;
    let sprite = this._sprites.get(key);
    if (sprite) return sprite;
    const side = Math.ceil(2 * (radius + ring) * ratio) + 2;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = side;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.globalAlpha = 0.9;
    context.beginPath();
    context.arc(side / 2, side / 2, radius * ratio, 0, 2 * Math.PI);
    context.fillStyle = color;
    context.fill();
    if (ring > 0) {
      context.strokeStyle = "#ffffff";
      context.lineWidth = ring * ratio;
      context.stroke();
    }
    sprite = { pixels: context.getImageData(0, 0, side, side).data, side, half: side >> 1 };
    if (this._sprites.size > 256) this._sprites.clear(); // zooms come and go
    this._sprites.set(key, sprite);
    return sprite;
  },

  /** The points drawn in view: [{properties, latlng}] (tests, benchmarks). */
  drawnPoints() {
    const map = this._map;
    const view = L.bounds(
      map.containerPointToLayerPoint([0, 0]),
      map.containerPointToLayerPoint(map.getSize()),
    );
    const out = [];
    for (const { pixel, point } of this._points()) {
      if (view.contains(pixel)) {
        out.push({ properties: point.properties, latlng: map.layerPointToLatLng(pixel) });
      }
    }
    return out;
  },

  /** The properties of the points drawn under a click at `latlng`, nearest first. */
  pointsNear(latlng) {
    const at = this._map.latLngToLayerPoint(latlng);
    const reach = radiusAt(this._map.getZoom()) + PICK_PX;
    return [...this._points()]
      .map(({ pixel, point }) => ({ distance: at.distanceTo(pixel), properties: point.properties }))
      .filter((n) => n.distance <= reach)
      .sort((a, b) => a.distance - b.distance)
      .map((n) => n.properties);
  },
});

/** `sprite` drawn over `image` with its top left at (x, y): "source over", not premultiplied. */
function blend(image, sprite, x, y) {
  const { data, width, height } = image;
  const { pixels, side } = sprite;
  const x0 = Math.max(0, -x);
  const y0 = Math.max(0, -y);
  const x1 = Math.min(side, width - x);
  const y1 = Math.min(side, height - y);
  for (let row = y0; row < y1; row++) {
    let s = (row * side + x0) * 4;
    let d = ((y + row) * width + x + x0) * 4;
    for (let column = x0; column < x1; column++, s += 4, d += 4) {
      const sa = pixels[s + 3];
      if (sa === 0) continue;
      const da = data[d + 3];
      if (da === 0 || sa === 255) {
        data[d] = pixels[s];
        data[d + 1] = pixels[s + 1];
        data[d + 2] = pixels[s + 2];
        data[d + 3] = sa;
        continue;
      }
      const under = (da * (255 - sa)) / 255; // how much of what is below shows through
      const alpha = sa + under;
      data[d] = (pixels[s] * sa + data[d] * under) / alpha;
      data[d + 1] = (pixels[s + 1] * sa + data[d + 1] * under) / alpha;
      data[d + 2] = (pixels[s + 2] * sa + data[d + 2] * under) / alpha;
      data[d + 3] = alpha;
    }
  }
}
