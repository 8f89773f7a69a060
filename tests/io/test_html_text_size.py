"""A concept's own text size on the web page beyond its label: the names drawn over the map when
zoomed out come when most labels no longer read in their own size (as the window's, see
tests/test_text_size.py), and a frame is titled in its own size. Read in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io.registry import open_map, save_map

from ..conftest import DATA
from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)
DASHED_FRAMES = DATA / "interop/yed-dashed-frames.graphml"  # ml-io's: 10 px blocks, 12 px stages
FRAME_NODES = DATA / "interop/yed-frame-nodes.graphml"  # LiteX's: a 16 px FPGA frame
LEGIBLE_PX = 8  # the page's (and the window's) smallest label height that reads
SCALE_JS = (
    "parseFloat(document.getElementById('viewport').getAttribute('transform').split('scale(')[1])"
)
NAMES_JS = "Array.from(document.querySelectorAll('#names .name')).map(g => g.textContent)"


def _open(source: Path, tmp_path: Path) -> Browser:
    page = tmp_path / "map.html"
    save_map(open_map(source), page)
    browser = Browser(tmp_path / "profile")
    browser.screen(1280, 800)
    browser.open(page.as_uri())
    return browser


def _label_px(browser: Browser, label: str) -> float:
    """How high ``label``'s concept's letters are set on the screen now: its font size as drawn,
    times the zoom."""
    size = browser.evaluate(
        f"""parseFloat(getComputedStyle(Array.from(document.querySelectorAll('.node text'))
          .find(t => t.textContent === {label!r})).fontSize)"""
    )
    return float(size) * float(browser.evaluate(SCALE_JS))


@needs_chromium
def test_names_come_when_the_maps_own_small_labels_no_longer_read(tmp_path: Path) -> None:
    """ml-io's nine 10 px blocks (most of its labels) zoomed out to where they are 7 px on
    the screen: the page judged them by its 13 px (over 8 px, readable) and named nothing;
    now the main concepts are named, and zoomed back in until they read the names go."""
    browser = _open(DASHED_FRAMES, tmp_path)
    try:
        while _label_px(browser, "TensorFlow") >= LEGIBLE_PX:
            browser.wheel(640, 400, 100)
        scale = float(browser.evaluate(SCALE_JS))
        assert scale * 13 >= LEGIBLE_PX  # a 13 px label would still read here
        browser.wait_for(f"({NAMES_JS}).length > 0")
        named = browser.evaluate(NAMES_JS)
        assert named, "no names over labels too small to read"
        while _label_px(browser, "TensorFlow") < LEGIBLE_PX:
            browser.wheel(640, 400, -50)
        browser.wait_for(f"({NAMES_JS}).length === 0")
    finally:
        browser.close()


@needs_chromium
def test_a_frame_is_titled_in_its_own_size(tmp_path: Path) -> None:
    """LiteX's FPGA frame is titled 16 px in yEd over its 14 px blocks; the page titled it in
    its 13 px, smaller than the blocks inside. Now 16 px, in a band that holds it."""
    browser = _open(FRAME_NODES, tmp_path)
    try:
        title = browser.evaluate(
            """(function () {
              const g = Array.from(document.querySelectorAll('g.node.frame'))
                .find(g => g.querySelector('text').textContent === 'FPGA');
              const t = g.querySelector('text'), r = t.getBoundingClientRect();
              const f = g.firstElementChild.getBoundingClientRect();
              return {size: getComputedStyle(t).fontSize, title: [r.top, r.bottom],
                frame: [f.left, f.top, f.right, f.bottom]};
            })()"""
        )
        blocks = browser.evaluate(
            """Array.from(document.querySelectorAll('.node:not(.frame) text'))
              .map(t => getComputedStyle(t).fontSize)"""
        )
    finally:
        browser.close()
    assert title["size"] == "16px"
    assert "14px" in blocks and all(float(px[:-2]) < 16 for px in blocks)
    top, bottom = title["title"]
    assert title["frame"][1] < top and bottom < title["frame"][3]
