"""The web page draws a group's frame as the window does when its file placed the title: yEd's
header band in the group's colour with the title at its left or right, Obsidian's name above the
frame's top-left corner. Read in headless Chromium (see test_html_export)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mapviewer.io.html import page_data
from mapviewer.io.registry import open_map, save_map

from ..conftest import DATA, INTEROP, needs_shared
from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)
shared = needs_shared(INTEROP)
DEMO_GROUPS = DATA / "interop/yed-demo-groups.graphml"  # kubermatic's: see its SOURCES.md
CANVAS_SAMPLE = INTEROP / "canvas/jsoncanvas-sample.canvas"
STARDUST = INTEROP / "canvas/stardust-solid-aurora-overview.canvas"
ROADMAP = DATA / "interop/stardust-roadmap.canvas"  # StardustXR's: see its SOURCES.md
PROTOCOL = "bdf1cf1b2f562d5f"  # "Protocol", 276 x 2440, a column of .kdl groups
BLUE, GREY, WHITE = "rgb(104, 176, 227)", "rgb(235, 235, 235)", "rgb(255, 255, 255)"

# Each frame on the screen: its outline, the band across its top (None: no band in a colour of
# its own), its title's box and ink, in pixels of the page.
FRAMES_JS = """(function () {
  const rect = function (e) { const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  return Array.from(document.querySelectorAll('g.node.frame')).map(function (g) {
    const band = g.querySelector('path'), title = g.querySelector('text');
    return {id: g.dataset.id, frame: rect(g.firstElementChild),
      band: band ? getComputedStyle(band).fill : null, bandRect: band ? rect(band) : null,
      title: rect(title), ink: getComputedStyle(title).fill};
  });
})()"""


def _frames(source: Path, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The frames of ``source``'s web page at fit in a 1280x800 page, by concept id."""
    page = tmp_path / "map.html"
    save_map(open_map(source), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        return {f["id"]: f for f in browser.evaluate(FRAMES_JS)}
    finally:
        browser.close()


@needs_chromium
def test_yed_headers_are_drawn_in_the_groups_colour_titled_where_yed_titles_them(
    tmp_path: Path,
) -> None:
    """kubermatic's registryman diagram: the page drew its eight groups as pale frames with
    centred dark titles; it draws the window's (and yEd's) seven #68B0E3 headers titled in
    white at the left, and the #EBEBEB "configuration directory" titled at the right."""
    frames = _frames(DEMO_GROUPS, tmp_path)
    assert len(frames) == 8
    blue = ["n0", "n1", "n2", "n3", "n5", "n7", "n13"]
    assert [frames[i]["band"] for i in blue] == [BLUE] * 7
    assert [frames[i]["ink"] for i in blue] == [WHITE] * 7
    assert frames["n8"]["band"] == GREY
    for frame in frames.values():
        left, top, right, bottom = frame["frame"]
        t_left, t_top, t_right, t_bottom = frame["title"]
        b_top, b_bottom = frame["bandRect"][1], frame["bandRect"][3]
        assert left <= t_left and t_right <= right + 0.5, frame["id"]  # its title within it
        assert b_top <= t_top and t_bottom <= b_bottom + 0.5, frame["id"]  # on its band
        assert top <= b_top < b_bottom < bottom, frame["id"]  # the band across its top
    # "config" is wide: its title at its left end, as in yEd, not in its middle
    config = frames["n5"]
    width = config["frame"][2] - config["frame"][0]
    assert config["title"][0] - config["frame"][0] < 0.05 * width
    # "configuration directory" at its right: the title ends nearer the right edge than it
    # starts from the left one
    directory = frames["n8"]
    assert (
        directory["frame"][2] - directory["title"][2]
        < directory["title"][0] - directory["frame"][0]
    )


@shared
@needs_chromium
def test_obsidian_group_names_sit_above_the_frames_top_left_corner(tmp_path: Path) -> None:
    """The sample canvas's "JSON Canvas" was centred in a grey band inside its frame; as in
    Obsidian and the window, it sits above the frame, outside it, from its left edge, with no
    band."""
    (frame,) = _frames(CANVAS_SAMPLE, tmp_path).values()
    left, top, right, _ = frame["frame"]
    t_left, _, t_right, t_bottom = frame["title"]
    assert frame["band"] is None
    assert t_bottom <= top + 0.5  # above the frame
    assert abs(t_left - left) < 2 and t_right < (left + right) / 2  # at its left


@shared
@needs_chromium
def test_a_group_holding_groups_titled_above_them_encloses_their_titles(tmp_path: Path) -> None:
    """Stardust's "Triangles", "Dots"... are titled above their frames inside "Augmentation
    Surface Patterns": its frame holds their names, as in the window, not only their frames."""
    frames = _frames(STARDUST, tmp_path)
    outer = frames["9067b67643206bf5"]["frame"]
    inner = [f for f in frames.values() if f["id"] in INNER]
    assert len(inner) == len(INNER)
    for frame in inner:
        left, top, right, bottom = frame["title"]
        assert bottom <= frame["frame"][1] + 0.5, frame["id"]  # above its own frame
        assert outer[0] <= left and outer[1] <= top and right <= outer[2], frame["id"]


INNER = {
    "14f79971bb8e7ba5",
    "97d20ce39f4a0787",
    "ef6572fdb4ee85ea",
    "95019f1e4c9bb6cf",
    "7b20fdf639ee2b43",
    "7688b7300d645d44",
}


@needs_chromium
def test_obsidian_groups_keep_the_rectangles_the_file_gives(tmp_path: Path) -> None:
    """StardustXR's roadmap on the web page, as in the window: its "Protocol" column's ten
    .kdl groups, all 236 wide in the file, had shrunk round their cards to widths of their
    own; each is its file's rectangle, "Protocol" its 276 x 2440."""
    given = {
        n["id"]: (n["x"], n["y"], n["width"], n["height"])
        for n in json.loads(ROADMAP.read_text(encoding="utf-8"))["nodes"]
        if n["type"] == "group"
    }
    frames = _frames(ROADMAP, tmp_path)
    assert set(frames) == set(given)
    left, top, right, bottom = frames[PROTOCOL]["frame"]
    scale = (right - left) / given[PROTOCOL][2]  # page pixels per map unit
    assert (bottom - top) / scale == pytest.approx(given[PROTOCOL][3], abs=2 / scale)
    for ident, (x, y, width, height) in given.items():
        left, top, right, bottom = frames[ident]["frame"]
        assert (right - left) / scale == pytest.approx(width, abs=2 / scale), ident
        assert (bottom - top) / scale == pytest.approx(height, abs=2 / scale), ident
        here = (left - frames[PROTOCOL]["frame"][0]) / scale
        assert here == pytest.approx(x - given[PROTOCOL][0], abs=2 / scale), ident
        here = (top - frames[PROTOCOL]["frame"][1]) / scale
        assert here == pytest.approx(y - given[PROTOCOL][1], abs=2 / scale), ident


@needs_chromium
def test_a_band_holding_no_card_is_a_frame_at_its_rectangle_as_in_the_window(
    tmp_path: Path,
) -> None:
    """Two "level" bands across two subject columns, as CoreMedia's course overview lays them
    (its file has no licence; this is its shape): a card has one group, so the bands hold none.
    The window draws them as frames behind the cards; the page drew each as a concept box with
    its name in the middle, lying over the columns. Now a frame at the file's rectangle, named
    above its top-left corner, with no card drawn as a frame."""
    path = DATA / "interop/level-bands.canvas"
    frames = _frames(path, tmp_path)
    assert set(frames) == {"left", "right", "basic", "advanced"}
    left = frames["left"]["frame"]
    scale = (left[2] - left[0]) / 280  # page pixels per map unit
    for band, y in (("basic", 0), ("advanced", 300)):
        b_left, b_top, b_right, b_bottom = frames[band]["frame"]
        assert (b_right - b_left) / scale == pytest.approx(760, abs=2 / scale), band
        assert (b_bottom - b_top) / scale == pytest.approx(300, abs=2 / scale), band
        assert (b_left - left[0]) / scale == pytest.approx(-160, abs=2 / scale), band
        assert (b_top - left[1]) / scale == pytest.approx(y, abs=2 / scale), band
        t_left, _, _, t_bottom = frames[band]["title"]
        assert t_bottom <= b_top + 0.5 and abs(t_left - b_left) < 2, band  # above, at its left
    # The page's footer counts them as the window's status bar does: groups, not concepts.
    assert page_data(open_map(path))["counts"] == {"concepts": 4, "groups": 4}
