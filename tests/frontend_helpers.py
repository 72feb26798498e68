"""Helpers of the browser tests of the front end (tests/test_frontend_*.py)."""

from __future__ import annotations

# The eight districts in the plan's order (四、（一）…（八）).
DISTRICTS = {
    "500116": "江津区",
    "500117": "合川区",
    "500118": "永川区",
    "500111": "大足区",
    "500120": "璧山区",
    "500151": "铜梁区",
    "500152": "潼南区",
    "500153": "荣昌区",
}
PHONE = {"width": 390, "height": 844}


def open_map(page, fragment: str = "") -> None:
    """Open the app (optionally at a permalink fragment) and wait until it is fully ready."""
    page.goto(page.base_url + "/" + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)


def foreign_requests(page) -> list[str]:
    """Requests that went anywhere but the app itself."""
    return [url for url in page.requests if not url.startswith(page.base_url + "/")]


def district_fills(page) -> dict[str, str]:
    """adcode → fill colour of each drawn district."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('path[data-adcode]')]
            .map((p) => [p.dataset.adcode, p.getAttribute('fill')]))"""
    )


# Points well inside each drawn district (nothing drawn over them once labels and markers are
# hidden): a grid over the path's box, keeping points whose neighbours 5 px away hit it too,
# the one nearest the box's centre.
_INNER_POINTS = """() => {
  const style = document.createElement('style');
  style.textContent = `.leaflet-tooltip-pane, .leaflet-marker-pane, .leaflet-parks-pane,
    .leaflet-parkClusters-pane, .leaflet-candidates-pane, .leaflet-districtLabels-pane,
    .leaflet-contextLabels-pane { visibility: hidden !important; }`;
  document.head.append(style);
  const points = {};
  for (const path of document.querySelectorAll('.leaflet-districts-pane path[data-adcode]')) {
    const box = path.getBoundingClientRect();
    const hits = (x, y) => document.elementFromPoint(x, y) === path;
    let best = null;
    for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
      const x = Math.round(box.left + (box.width * i) / 24);
      const y = Math.round(box.top + (box.height * j) / 24);
      if (![[0, 0], [5, 0], [-5, 0], [0, 5], [0, -5]].every(([dx, dy]) => hits(x + dx, y + dy)))
        continue;
      const d = Math.hypot(x - box.left - box.width / 2, y - box.top - box.height / 2);
      if (!best || d < best.d) best = { x, y, d };
    }
    if (best) points[path.dataset.adcode] = [best.x, best.y];
  }
  return points;
}"""


def rendered_district_colours(page) -> dict[str, tuple[int, int, int]]:
    """adcode → the colour a screenshot shows inside the district (labels and markers hidden)."""
    import io

    from PIL import Image

    points = page.evaluate(_INNER_POINTS)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    return {adcode: image.getpixel((x, y)) for adcode, (x, y) in points.items()}


def legend_swatches(page, group: int = 0) -> dict[str, tuple[int, int, int]]:
    """value → the colour of its swatch in a group of the legend, as the browser paints it."""
    rows = page.evaluate(
        """(group) => [...document.querySelectorAll('.legend-group')[group].querySelectorAll('li')]
            .map((li) => [li.dataset.value,
                          getComputedStyle(li.querySelector('.swatch')).backgroundColor])""",
        group,
    )

    def rgb(css: str) -> tuple[int, int, int]:
        r, g, b = (int(float(v)) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        return r, g, b

    return {value: rgb(colour) for value, colour in rows if value}  # area swatches, not markers


def nearest(colour, swatches: dict[str, tuple]) -> tuple[str, float]:
    """The swatch nearest a colour, and how far it is (Euclidean distance in RGB)."""
    import math

    value, swatch = min(swatches.items(), key=lambda item: math.dist(item[1], colour))
    return value, math.dist(swatch, colour)
