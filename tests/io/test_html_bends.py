"""The web page draws a link through its own route (Edge.bends) and stops every line inside its
arrowhead, as the window does."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from mapviewer.io.registry import save_map
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.routing import smooth_through

from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)

# Each link's path, where its phrase is written, and its arrowhead's tip: the marker's tip stands
# (its viewBox's right - refX) / its viewBox width of the marker's size beyond the path's end,
# along the path's last direction (the marker sized in the page's units, or in line widths).
LINKS_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.link')) {
    const line = g.querySelector('path.line'), total = line.getTotalLength();
    const end = line.getPointAtLength(total), back = line.getPointAtLength(total - 0.5);
    const phrase = document.querySelector('.phrases text[data-id="' + g.dataset.id + '"]');
    let tip = null;
    const url = /#([^)"]+)/.exec(line.getAttribute('marker-end') || '');
    if (url) {
      const marker = document.getElementById(url[1]), box = marker.viewBox.baseVal;
      const unit = marker.markerUnits.baseVal === SVGMarkerElement.SVG_MARKERUNITS_USERSPACEONUSE
        ? 1 : parseFloat(getComputedStyle(line).strokeWidth);
      const ahead = (box.x + box.width - marker.refX.baseVal.value) / box.width *
        marker.markerWidth.baseVal.value * unit;
      const dx = end.x - back.x, dy = end.y - back.y, length = Math.hypot(dx, dy);
      tip = [end.x + dx / length * ahead, end.y + dy / length * ahead];
    }
    out[g.dataset.id] = {d: line.getAttribute('d'), end: [end.x, end.y], tip: tip,
      phrase: phrase ? [Number(phrase.getAttribute('x')), Number(phrase.getAttribute('y'))]
        : null};
  }
  return out;
})()
"""


def _links(browser: Browser, cmap: ConceptMap, folder: Path) -> dict:
    page = folder / "map.html"
    save_map(cmap, page)
    browser.open(page.as_uri())
    return browser.evaluate(LINKS_JS)


def _points(d: str) -> list[tuple[float, float]]:
    """The corners of a path of straight pieces (M x,y L x,y ...)."""
    assert re.fullmatch(r"M[^MQC]*", d), d
    numbers = [float(n) for n in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


@needs_chromium
def test_a_link_runs_through_its_bends_from_outline_to_outline(
    browser: Browser, tmp_path: Path
) -> None:
    """Below its two concepts and back up: the line leaves the source's box towards the first
    bend, turns at each bend, meets the target's box from the last with its arrowhead along
    that last piece, tip on the outline and line stopped inside the head; its phrase sits at
    the middle of the line by length. The page drew it straight across, between the boxes."""
    cmap = ConceptMap(
        title="Round the bottom",
        nodes=[Node(id="a", label="From", x=0, y=0), Node(id="b", label="To", x=400, y=0)],
        edges=[Edge(id="ab", source="a", target="b", label="under", bends=[(0, 200), (400, 200)])],
    )
    link = _links(browser, cmap, tmp_path)["ab"]
    points = _points(link["d"])
    assert points[1:-1] == [(0.0, 200.0), (400.0, 200.0)]
    start, end = points[0], points[-1]
    assert start[0] == pytest.approx(0.0) and 10 < start[1] < 30  # the box's bottom, below a
    assert end[0] == pytest.approx(400.0)  # up into b from below, along the last piece
    tip = link["tip"]
    assert tip[0] == pytest.approx(400.0, abs=0.01)
    assert tip[1] < end[1] - 5  # the line ends inside the head, short of its tip
    assert start[1] == pytest.approx(tip[1], abs=0.5)  # the tip on b's bottom, as a's start
    # The middle of the line by length: halfway along the bottom piece.
    assert link["phrase"] == pytest.approx([200.0, 200.0], abs=0.5)


@needs_chromium
def test_a_curved_link_stops_inside_its_arrowhead(browser: Browser, tmp_path: Path) -> None:
    """Two links between the same concepts curve apart; each curve stops inside its head,
    whose tip is on the target's outline, as the window stops a curve (27a4fb1). The page drew
    each curve to its tip, where a wide line ran out past the point of its head."""
    cmap = ConceptMap(
        title="Fan",
        nodes=[Node(id="a", label="From", x=0, y=0), Node(id="b", label="To", x=400, y=0)],
        edges=[
            Edge(id="one", source="a", target="b", label="", width=4),
            Edge(id="two", source="a", target="b", label="", width=4),
        ],
    )
    links = _links(browser, cmap, tmp_path)
    left = browser.evaluate(
        "(function () { const g = document.querySelector('.node[data-id=\"b\"]');"
        " const r = g.getBBox(); return 400 - r.width / 2; })()"
    )
    for link_id in ("one", "two"):
        link = links[link_id]
        assert " Q" in link["d"], link["d"]  # a curve
        tip, end = link["tip"], link["end"]
        assert tip[0] == pytest.approx(left, abs=1.0)  # on b's left side
        assert math.dist(tip, end) > 10  # the 4-wide line stops well inside its head
        assert end[0] < tip[0]


@needs_chromium
def test_bends_under_a_box_are_passed_over(browser: Browser, tmp_path: Path) -> None:
    """A first bend under the source's box (a box drawn bigger than its file had it) and a
    last under the target's: the line leaves and meets the outlines, its head outside the box.
    Drawn to them, it ran under both boxes and hid its head under the target."""
    cmap = ConceptMap(
        title="Under",
        nodes=[
            Node(id="a", label="From", x=0, y=0, width=120, height=60),
            Node(id="b", label="To", x=400, y=0, width=120, height=60),
        ],
        edges=[
            Edge(
                id="ab",
                source="a",
                target="b",
                label="",
                bends=[(10, 10), (0, 200), (400, 200), (390, 10)],
            )
        ],
    )
    link = _links(browser, cmap, tmp_path)["ab"]
    points = _points(link["d"])
    assert points[1:-1] == [(0.0, 200.0), (400.0, 200.0)]
    assert points[0] == pytest.approx((0.0, 30.0), abs=0.5)  # a's bottom
    assert link["tip"] == pytest.approx([400.0, 30.0], abs=0.5)  # b's bottom


@needs_chromium
def test_a_smooth_link_is_one_curve_through_its_bends(browser: Browser, tmp_path: Path) -> None:
    """A link CmapTools drew as a curve (Edge.smooth): the page draws the window's curve
    (routing.smooth_through from outline to outline through the bend), no corner at the bend,
    its head along the curve's last tangent, steep where the straight piece came in at 45
    degrees, and its phrase at the curve's middle. The page drew two straight pieces."""
    cmap = ConceptMap(
        title="Arc",
        nodes=[Node(id="a", label="From", x=0, y=0), Node(id="b", label="To", x=400, y=0)],
        edges=[Edge(id="ab", source="a", target="b", label="why", bends=[(200, 200)], smooth=True)],
    )
    link = _links(browser, cmap, tmp_path)["ab"]
    d = link["d"]
    assert " L" not in d and d.count(" C") == 2, d
    numbers = [float(n) for n in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", d)]
    points = list(zip(numbers[::2], numbers[1::2], strict=True))
    start, first = points[0], points[1:4]
    assert first[2] == pytest.approx((200.0, 200.0))  # through the bend, a piece's end
    [piece, _] = smooth_through([start, (200.0, 200.0), tuple(link["tip"])])
    flat = [v for p in first for v in p]
    assert flat == pytest.approx([v for p in piece[1:] for v in p], abs=0.5)  # the window's
    tip, end = link["tip"], link["end"]
    assert abs(tip[1] - end[1]) > 2 * abs(tip[0] - end[0])  # along the last tangent: steep
    assert link["phrase"] == pytest.approx([200.0, 200.0], abs=1.0)
