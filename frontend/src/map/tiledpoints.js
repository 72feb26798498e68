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

const NO_POINTS = { count: 0 };

/** Decoded points' arrays with room for `size` points, holding those of `points`. */
function withRoom(points, size) {
  const grown = {
    x: new Float32Array(size),
    y: new Float32Array(size),
    color: new Uint16Array(size),
    feature: new Uint32Array(size),
  };
  for (const key of Object.keys(grown)) if (points[key]) grown[key].set(points[key]);
  return grown;
}

/** The properties of point `i` of a tile's decoded points. */
function properties(points, i) {
  return points.layer.feature(points.feature[i]).properties;
}

/** The tiles: fetched and decoded, never drawn themselves (their elements stay empty). */
const PointTiles = L.GridLayer.extend({
  initialize(tilejson, options) {
    this._template = tilejson.tiles[0];
    this._sourceLayer = options.sourceLayer;
    this._colorIndex = options.colorIndex;
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
        element.points = buffer ? this._decode(buffer) : NO_POINTS;
        done(null, element);
      })
      .catch((error) => {
        if (error.name !== "AbortError") done(error, element);
      });
    return element;
  },

  /** The tile's points in its pixels, only those inside it (the tile's buffer repeats its
   * neighbours' points near the edge, drawn and picked from their own tile): {count, x, y,
   * color (an index of colorIndex), feature (its index in the tile), layer}. Typed arrays, not
   * an object per point: the tiles in view hold tens of thousands of points for as long as
   * they are in view, and objects kept that long made V8's full collections long and frequent.
   * A point's properties are read again from the tile when asked for (properties()). */
  _decode(buffer) {
    const layer = new VectorTile(new PbfReader(buffer)).layers[this._sourceLayer];
    if (!layer) return NO_POINTS;
    const scale = TILE_PX / layer.extent;
    let points = withRoom(NO_POINTS, layer.length); // a point per feature, as a rule
    let count = 0;
    for (let i = 0; i < layer.length; i++) {
      const read = layer.feature(i);
      let color; // once per feature that has a point in the tile
      for (const part of read.loadGeometry()) {
        for (const p of part) {
          if (p.x < 0 || p.y < 0 || p.x >= layer.extent || p.y >= layer.extent) continue;
          color ??= this._colorIndex(read.properties);
          if (count === points.x.length) points = withRoom(points, 2 * count || 8); // multipoints
          points.x[count] = p.x * scale;
          points.y[count] = p.y * scale;
          points.color[count] = color;
          points.feature[count] = i;
          count += 1;
        }
      }
    }
    return { ...points, count, layer };
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
    // Each colour once, by index: the tiles keep a point's index, the drawing its sprite.
    const colors = [];
    const indexOf = new Map();
    this._colors = colors;
    const colorIndex = (props) => {
      const color = options.colorOf(props);
      let index = indexOf.get(color);
      if (index === undefined) indexOf.set(color, (index = colors.push(color) - 1));
      return index;
    };
    this._grid = new PointTiles(tilejson, { ...options, colorIndex });
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

  /** The drawn points, each with its pixel in the map's layer coordinates at the drawn zoom,
   * its tile's points and its index there. */
  *_points() {
    for (const tile of this._grid.drawable()) {
      const { scale, left, top } = this._placement(tile);
      const points = tile.el.points;
      for (let i = 0; i < points.count; i++) {
        yield { pixel: L.point(left + points.x[i] * scale, top + points.y[i] * scale), points, i };
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
      this._words = new Uint32Array(this._image.data.buffer); // a pixel at a time
    } else {
      this._image.data.fill(0);
    }
    const radius = radiusAt(this._zoom);
    const ring = ringAt(this._zoom);
    const { min } = this._bounds; // the canvas's top left, in layer pixels
    const sprites = []; // by colour index, for this drawing
    for (const tile of this._grid.drawable()) {
      const placed = this._placement(tile);
      const { scale } = placed;
      const left = placed.left - min.x;
      const top = placed.top - min.y;
      const points = tile.el.points;
      for (let i = 0; i < points.count; i++) {
        const color = points.color[i];
        const sprite = (sprites[color] ??= this._sprite(this._colors[color], radius, ring, ratio));
        const x = Math.round((left + points.x[i] * scale) * ratio) - sprite.half;
        const y = Math.round((top + points.y[i] * scale) * ratio) - sprite.half;
        blend(this._image, this._words, sprite, x, y);
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
    const pixels = context.getImageData(0, 0, side, side).data;
    const words = new Uint32Array(pixels.buffer, pixels.byteOffset, side * side);
    sprite = { pixels, words, side, half: side >> 1 };
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
    for (const { pixel, points, i } of this._points()) {
      if (view.contains(pixel)) {
        out.push({ properties: properties(points, i), latlng: map.layerPointToLatLng(pixel) });
      }
    }
    return out;
  },

  /** The properties of the points drawn under a click at `latlng`, nearest first. */
  pointsNear(latlng) {
    const at = this._map.latLngToLayerPoint(latlng);
    const reach = radiusAt(this._map.getZoom()) + PICK_PX;
    const near = [];
    for (const { pixel, points, i } of this._points()) {
      const distance = at.distanceTo(pixel);
      if (distance <= reach) near.push({ distance, points, i });
    }
    return near.sort((a, b) => a.distance - b.distance).map((n) => properties(n.points, n.i));
  },
});

/** `sprite` drawn over `image` (`words`: its pixels as 32-bit words) with its top left at
 * (x, y): "source over", not premultiplied. */
function blend(image, words, sprite, x, y) {
  const { data, width, height } = image;
  const { pixels, side } = sprite;
  const spriteWords = sprite.words;
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
        words[d >> 2] = spriteWords[s >> 2]; // nothing below shows through: the sprite's pixel
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
