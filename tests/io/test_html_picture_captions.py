"""A picture's name on the web page where yEd wrote it, as the window writes it
(tests/test_picture_captions.py): outside its icon, the box the icon's size. The page wrote
phenodcc's "image host servers" in a box that covered the two servers beside it. Read in
headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io.registry import open_map, save_map

from ..conftest import DATA
from .chromium import BINARY, MISSING, Browser

DESIGN = DATA / "interop/yed-phenodcc-design.graphml"
RECTS_JS = """(function () {
  const rect = function (r) { return [r.left, r.top, r.right, r.bottom]; };
  return Array.from(document.querySelectorAll('g.node')).map(function (g) {
    return {label: g.getAttribute('aria-label'),
      box: rect(g.firstElementChild.getBoundingClientRect()),
      name: rect(g.querySelector('text').getBoundingClientRect())};
  });
})()"""


def _meet(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_a_pictures_name_stands_outside_its_icon_on_the_page(tmp_path: Path) -> None:
    page = tmp_path / "design.html"
    save_map(open_map(DESIGN), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        drawn = {d["label"]: d for d in browser.evaluate(RECTS_JS)}
    finally:
        browser.close()
    servers = drawn["image host servers"]
    assert servers["name"][3] <= servers["box"][1]  # above its icon, as yEd has it
    processed = drawn["processed images"]
    assert processed["name"][1] >= processed["box"][3]  # below it
    archive = drawn["archive images"]
    assert archive["name"][0] >= archive["box"][2]  # beside it
    for label, mine in drawn.items():
        for other, theirs in drawn.items():
            if other != label:
                assert not _meet(mine["box"], theirs["box"]), (label, other)
                assert not _meet(mine["name"], theirs["box"]), (label, other)
    for label in ("image host servers", "processed images", "archive images"):
        assert all(0 <= v <= 1280 for v in drawn[label]["name"][::2]), label  # in sight at fit


PROCESSING = DATA / "interop/yed-phenodcc-processing.graphml"


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_a_yed_label_stays_on_its_boxs_line_on_the_page(tmp_path: Path) -> None:
    """As in the window (tests/test_yed_label_fit.py): "download only visible" keeps its one
    line in yEd's 30-high box, in type a step smaller, and its box stays off the one below."""
    page = tmp_path / "processing.html"
    save_map(open_map(PROCESSING), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        drawn = {d["label"]: d for d in browser.evaluate(RECTS_JS)}
        lines = browser.evaluate(
            """Array.from(document.querySelectorAll('g.node'))
              .find(g => g.getAttribute('aria-label') === 'download only visible')
              .querySelectorAll('tspan').length"""
        )
    finally:
        browser.close()
    assert lines == 1
    assert not _meet(drawn["download only visible"]["box"], drawn["responsive interface"]["box"])
    boxes = [d["box"] for d in drawn.values()]
    assert [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :] if _meet(a, b)] == []
