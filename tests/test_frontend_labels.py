"""Labels that do not collide: candidates drawn above the district labels, no two visible labels
overlapping (nor cut by the map's edge), and no park symbol showing under a candidate — on a
desktop and a phone."""

import pytest
from frontend_helpers import PHONE, open_map

pytestmark = pytest.mark.browser

BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, r: r.right,
    t: r.top, b: r.bottom, text: el.textContent.trim()}; };
  const shown = (el) => getComputedStyle(el).visibility !== 'hidden' && el.getClientRects().length;
  const all = (selector) => [...document.querySelectorAll(selector)].filter(shown).map(box);
  const map = document.getElementById('map').getBoundingClientRect();
  return {
    labels: all('.district-label, .context-label span'),
    candidates: all('.leaflet-candidates-pane .leaflet-marker-icon'),
    parks: all('.leaflet-parkClusters-pane .leaflet-marker-icon, .leaflet-parks-pane path'),
    map: {l: map.left, r: map.right, t: map.top, b: map.bottom},
  };
}"""


def overlap(a, b):
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def assert_uncluttered(boxes):
    labels = boxes["labels"]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
        frame = boxes["map"]
        assert frame["l"] <= a["l"] and a["r"] <= frame["r"], a["text"]
        for c in boxes["candidates"]:
            assert not overlap(a, c), (a["text"], c["text"])
    for p in boxes["parks"]:
        for c in boxes["candidates"]:
            assert not overlap(p, c), c["text"]


def test_all_eight_names_on_a_desktop_none_overlapping(page):
    open_map(page)
    page.wait_for_timeout(300)
    boxes = page.evaluate(BOXES)
    assert len([b for b in boxes["labels"] if b["text"].endswith("区")]) >= 8
    assert_uncluttered(boxes)


def test_candidates_above_labels_and_parks_on_a_phone(new_page, artifacts):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_map(page, "mode=siting&tab=siting&site=动力电池&mu=300&near=中心城区&km=60")
    page.wait_for_selector(".candidate-marker")
    page.wait_for_timeout(600)  # the fit to the candidates
    z = page.evaluate(
        """() => ['districtLabels', 'candidates', 'parkClusters'].map((name) =>
            Number(document.querySelector(`.leaflet-${name}-pane`).style.zIndex))"""
    )
    assert z[1] > z[0] > z[2]
    boxes = page.evaluate(BOXES)
    assert boxes["candidates"] and boxes["labels"]
    assert_uncluttered(boxes)
    page.locator("#map").screenshot(path=str(artifacts / "frontend_labels_phone_siting.png"))
    # Without candidates every name comes back that has room.
    open_map(page, "lang=en")
    page.wait_for_timeout(300)
    boxes = page.evaluate(BOXES)
    assert len(boxes["labels"]) >= 7
    assert_uncluttered(boxes)
    assert page.console_errors == []
