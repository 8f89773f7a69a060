"""A map with no sources (most imports) does not say "No quotation from the sources yet." of
every concept and link: it says what its file said about them; a map with sources still says
which concepts have no quotation yet."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, imported_window, open_window

NO_QUOTE = "No quotation from the sources yet."
SMALL_CXL = DATA / "interop" / "small.cxl"


def click_concept(qtbot, win: MainWindow, node_id: str) -> str:
    """Click the concept on the canvas, as a person does, and read the Details pane."""
    item = win.scene.node_items[node_id]
    point = win.view.mapFromScene(item.pos())
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: win.details.current == ("node", node_id), timeout=10_000)
    return win.details.toPlainText()


def test_an_import_without_sources_shows_what_its_file_said(qtbot) -> None:
    win = imported_window(qtbot, SMALL_CXL)
    page = click_concept(qtbot, win, "c1")
    assert NO_QUOTE not in page
    assert "A checkpoint" in page and "Programmed death 1." in page  # CmapTools' comments
    assert "brakes" in page  # and its links
    win.go_to("edge", next(iter(win.scene.edge_items)))
    assert NO_QUOTE not in win.details.toPlainText()
    win.detail_editing.toggle.trigger()  # Edit: the form says why there is nothing to quote
    hint = win.detail_editing.editor.quotes_hint
    assert hint.isVisibleTo(win) and hint.text() == "This map lists no sources."
    win.detail_editing.toggle.trigger()
    qtbot.keyClick(win.view.viewport(), Qt.Key.Key_Escape)  # nothing selected: the map's page
    qtbot.waitUntil(lambda: win.details.current == ("", ""), timeout=10_000)
    assert "Click a concept or a link to read about it." in win.details.toPlainText()


def test_a_map_with_sources_still_says_a_concept_has_no_quotation(qtbot) -> None:
    win = open_window(qtbot, DATA / "sample.json")
    assert NO_QUOTE in click_concept(qtbot, win, "t-cells")  # its only concept without one
    assert NO_QUOTE not in click_concept(qtbot, win, "pd-1")
