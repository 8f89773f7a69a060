"""The web page ends a link on its concept's outline whatever the shape, as the window does.

The page ended links on the outline only of ellipses and circles, and on the box round every
other shape: on the default map, the arrowheads into the hexagonal checkpoints (PD-1, PD-L1,
CTLA-4) and the diamond side effects stopped short of them, in the air beside a corner.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mapviewer.io import mapfile
from mapviewer.io.registry import save_map
from mapviewer.palette import DEFAULT_SHAPE, kind_shape

from ..conftest import REPO
from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)

# Each link's two ends in the map's units, and where its arrowhead's tip lies: the marker's
# tip stands (its viewBox width - refX) / its viewBox width of the marker's size beyond the
# path's end, along the path's last direction, the marker sized in widths of the line (or in
# the page's units, where the line stops inside the mark).
ENDS_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.link')) {
    const line = g.querySelector('path.line'), total = line.getTotalLength();
    const end = line.getPointAtLength(total), back = line.getPointAtLength(total - 0.5);
    const start = line.getPointAtLength(0);
    let tip = null;
    const url = /#([^)"]+)/.exec(line.getAttribute('marker-end') || '');
    if (url) {
      const marker = document.getElementById(url[1]), box = marker.viewBox.baseVal;
      // sized in widths of its line, or (a mark the line stops inside) in the page's units
      const unit = marker.markerUnits.baseVal === SVGMarkerElement.SVG_MARKERUNITS_USERSPACEONUSE
        ? 1 : parseFloat(getComputedStyle(line).strokeWidth);
      const ahead = (box.x + box.width - marker.refX.baseVal.value) / box.width *
        marker.markerWidth.baseVal.value * unit;
      const dx = end.x - back.x, dy = end.y - back.y, length = Math.hypot(dx, dy);
      tip = [end.x + dx / length * ahead, end.y + dy / length * ahead];
    }
    out[g.dataset.id] = {start: [start.x, start.y], end: [end.x, end.y], tip: tip};
  }
  return out;
})()
"""
# Each polygonal concept's corners in the map's units, as drawn.
OUTLINES_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.node')) {
    const drawn = g.firstElementChild;
    if (drawn.tagName !== 'polygon') continue;
    const m = /translate\\(([-0-9.e]+)[ ,]([-0-9.e]+)\\)/.exec(g.getAttribute('transform'));
    out[g.dataset.id] = [...drawn.points].map(function (p) {
      return [p.x + Number(m[1]), p.y + Number(m[2])];
    });
  }
  return out;
})()
"""


def _off(point: list[float], corners: list[list[float]]) -> float:
    """How far ``point`` lies from the polygon's outline, inside or out."""
    best = math.inf
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        ex, ey = bx - ax, by - ay
        t = max(0.0, min(1.0, ((point[0] - ax) * ex + (point[1] - ay) * ey) / (ex * ex + ey * ey)))
        best = min(best, math.dist(point, (ax + t * ex, ay + t * ey)))
    return best


@needs_chromium
def test_arrowheads_touch_hexagons_diamonds_and_octagons_on_the_default_map(
    tmp_path: Path,
) -> None:
    """Exported at 1280x800, every arrowhead into a hexagon (PD-1, PD-L1, CTLA-4), a diamond
    (the side effects) or an octagon has its tip within 1.5 units of the drawn outline, and
    every link leaving one starts on it: they stood up to a corner's depth off it."""
    cmap = mapfile.load(REPO / "maps" / "immunotherapy.json")
    page = tmp_path / "immunotherapy.html"
    save_map(cmap, page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        ends, outlines = browser.evaluate(ENDS_JS), browser.evaluate(OUTLINES_JS)
    finally:
        browser.close()
    kinds = {kind.id: kind_shape(kind, i) for i, kind in enumerate(cmap.kinds)}
    shapes = {n.id: n.shape or kinds.get(n.kind or "", DEFAULT_SHAPE) for n in cmap.nodes}
    labels = {node.id: node.label for node in cmap.nodes}
    tips: dict[str, list[float]] = {}
    starts: dict[str, float] = {}
    for edge in cmap.edges:
        course = ends.get(edge.id)
        if course is None or edge.source == edge.target:
            continue
        if edge.target in outlines and course["tip"] is not None:
            tips.setdefault(shapes[edge.target], []).append(
                _off(course["tip"], outlines[edge.target])
            )
            assert _off(course["tip"], outlines[edge.target]) <= 1.5, (
                edge.id,
                labels[edge.target],
            )
        if edge.source in outlines:
            starts[edge.id] = _off(course["start"], outlines[edge.source])
            assert starts[edge.id] <= 1.0, (edge.id, labels[edge.source])
    # The map has such arrowheads to check: PD-1's and a side effect's among them.
    assert len(tips.get("hexagon", [])) >= 3, tips
    assert len(tips.get("diamond", [])) >= 2, tips
    assert {"PD-1", "PD-L1", "CTLA-4"} <= {labels[n] for n in outlines}
