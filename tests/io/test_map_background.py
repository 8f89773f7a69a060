"""A map's own page colour (ConceptMap.background): read from CmapTools, drawn in the window,
pictures, slides and the web page with its text kept readable, and written back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from mapviewer.colours import AA_TEXT, contrast
from mapviewer.document import Document
from mapviewer.io import cxl, html, mapfile
from mapviewer.io.records import parse_color
from mapviewer.model import Tour, TourStep
from mapviewer.problems import MapFileError
from mapviewer.render import render_to_file
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import rgb
from mapviewer.slides import Stage, StageOptions, render_step
from mapviewer.tours import resolve

from ..conftest import DATA, imported_window
from .chromium import BINARY, MISSING, Browser

DARK_PAGE = DATA / "interop" / "cmaptools-dark-page.cxl"
NAVY = "#14213D"  # its map-style background-color 20,33,61,255


def reads_on(text: QColor, page: QColor) -> bool:
    return contrast(rgb(text), rgb(page)) >= AA_TEXT


def test_a_cmaptools_page_colour_is_read_and_unfilled_concepts_show_it() -> None:
    cmap = cxl.load(DARK_PAGE)
    assert cmap.background == NAVY
    nodes = {n.label: n for n in cmap.nodes}
    # Unfilled (alpha 0) with white text: the page shows through, not white under white.
    assert nodes["T cells"].color == NAVY
    assert nodes["Checkpoint inhibitors"].color == "#FFBE3C"  # a fill of its own stays


def test_cmaptools_default_page_is_no_colour_of_its_own() -> None:
    # "255,255,255,0": no colour set, as CmapTools writes every ordinary map.
    assert cxl.load(DATA / "interop" / "cmaptools-link-types.cxl").background is None


def test_the_page_colour_goes_back_to_cmaptools_and_the_map_file(tmp_path: Path) -> None:
    cmap = cxl.load(DARK_PAGE)
    out = tmp_path / "again.cxl"
    cxl.save(cmap, out)
    written = out.read_text(encoding="utf-8")
    assert 'background-color="20,33,61,255"' in written
    # The unfilled concepts go back unfilled, as CmapTools wrote them, not as navy boxes.
    assert written.count('background-color="0,0,0,0"') == 2
    assert cxl.load(out).background == NAVY
    saved = tmp_path / "again.json"
    mapfile.save(cmap, saved)
    assert mapfile.load(saved).background == NAVY


def test_a_page_colour_that_is_no_colour_is_refused_by_name(tmp_path: Path) -> None:
    data = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    data["background"] = "navy"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    found = [str(p) for p in caught.value.problems]
    assert f"{path}: background: colour 'navy' is not of the form #RRGGBB" in found


def test_the_window_draws_the_page_and_its_words_read_on_it(qtbot) -> None:
    win = imported_window(qtbot, DARK_PAGE)
    shot = win.view.grab().toImage()
    assert shot.pixelColor(5, 5).name().upper() == NAVY
    theme = win.view.scene().theme
    # Phrases, link lines and concept-less text are written in the dark theme's light ink.
    assert reads_on(theme.link_label, QColor(NAVY))
    assert reads_on(theme.text, QColor(NAVY))
    assert contrast(rgb(theme.link), rgb(QColor(NAVY))) >= 3.0
    # The phrase "attack" is drawn in light pixels on the navy, as many as on a light map.
    light = sum(
        shot.pixelColor(x, y).lightness() > 160
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
    )
    assert light > 200


def test_pictures_and_slides_are_drawn_on_the_page(qtbot, tmp_path: Path) -> None:
    cmap = cxl.load(DARK_PAGE)
    document = Document(cmap)
    scene = MapScene(document)
    out = tmp_path / "map.png"
    render_to_file(scene, out, width=600)
    assert QImage(str(out)).pixelColor(2, 2).name().upper() == NAVY
    ids = [n.id for n in cmap.nodes]
    cmap.tours.append(Tour(id="t", title="T", steps=[TourStep(focus=ids[:1], reveal=ids)]))
    for dark in (False, True):  # the projector's light and dark themes alike
        stage = Stage(document, StageOptions(dark=dark), cached=False)
        assert stage.theme.canvas.name().upper() == NAVY
        assert reads_on(stage.theme.link_label, stage.theme.canvas)
        view = resolve(cmap, cmap.tours[0])[0]
        image = render_step(stage, view, QSize(960, 540))
        assert image.pixelColor(3, 3).name().upper() == NAVY


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_draws_the_map_on_its_page(tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    html.save(cxl.load(DARK_PAGE), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        seen = browser.evaluate(PAGE_JS)
    finally:
        browser.close()
    assert seen["canvas"] == "rgb(20, 33, 61)"  # NAVY
    # Phrases light on it, unfilled concepts' outlines white as in CmapTools, and no word of
    # sources the map has none of.
    assert QColor(parse_color(seen["phrase"])).lightness() > 180
    assert seen["outline"] == "rgb(255, 255, 255)"
    assert "read about it;" in seen["hint"] and "sources" not in seen["hint"]
    assert seen["header"] == "rgb(255, 255, 255)"  # the page's own parts keep their white


PAGE_JS = """(() => {
  const node = [...document.querySelectorAll('.node')].find(n => n.textContent === 'T cells');
  const css = (el, prop) => getComputedStyle(el)[prop];
  return {canvas: css(document.getElementById('canvas'), 'backgroundColor'),
    phrase: css(document.querySelector('.phrases text'), 'fill'),
    outline: css(node.firstElementChild, 'stroke'),
    hint: document.querySelector('#panel .hint').textContent,
    header: css(document.querySelector('header'), 'backgroundColor')};
})()"""
