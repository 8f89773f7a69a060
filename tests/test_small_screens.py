"""The app in a laptop's 1366x768 window: every open dock keeps room to be read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mapviewer import slides
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.paths import DEFAULT_MAP

from .conftest import open_window
from .test_framing import label_px, left_out, present

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize("first", ["find path", "source"])
def test_the_source_keeps_lines_to_read_beside_find_path_in_a_laptop_window(qtbot, first) -> None:
    """With Find Path open, a quote opened in the Source pane of a 1366x768 window showed its
    text 56 px tall, four lines under the pane's chooser, title and citation (Find Path opened
    after the Source: 10 px even at 1920x1080). The text keeps eight lines, and Find Path's
    chain its own six."""
    window = open_window(qtbot, DEFAULT_MAP, (1366, 768))
    window.go_to("node", "pd-1")
    reader, finder = window.reader, window.path_dock.finder

    def open_find_path() -> None:
        window.view.setFocus()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, CTRL_SHIFT)
        qtbot.waitUntil(window.path_dock.isVisible, timeout=10_000)

    def open_source() -> None:
        window.open_quote("node", "pd-1", 0)  # as a quote's link in Details does
        qtbot.waitUntil(window.reader_dock.isVisible, timeout=10_000)

    for step in (
        (open_find_path, open_source) if first == "find path" else (open_source, open_find_path)
    ):
        step()
    line = reader.text.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: reader.text.viewport().height() >= 8 * line, timeout=10_000)
    assert finder.view.viewport().height() >= 6 * finder.view.fontMetrics().lineSpacing()
    assert window.view.width() >= 900  # the map keeps most of the window


def test_a_hostile_neighbourhood_reads_whole_with_its_source_on_a_4_to_3_projector(qtbot) -> None:
    """Step 6 of "Why immunotherapy fails" full screen at 1024x768 cut its source's title to
    "Unraveling immune therapy resistance mechanisms:…" to keep its three concepts readable:
    each concept of the close-up stood a whole placing step (14 units) farther out than it
    needed, and the caption kept its largest type. The source now reads whole, the labels
    still 21.6 px where the back row needs 21.3, every concept above the band."""
    document = Document(load(DEFAULT_MAP), DEFAULT_MAP)
    window = present(qtbot, document, "why-it-fails", (1024, 768))
    window.activateWindow()
    for index in range(1, 6):
        QTest.keyClick(window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda i=index: window.index == i, timeout=10_000)
        qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    assert window.current is not None and window.current.title == "A hostile neighbourhood"
    overlay = window.overlay_widget.overlay
    assert overlay is not None
    source = next(s for s in document.cmap.sources if s.id == "eran2023")
    assert overlay.texts[-1].text == f"— {source.title}"
    assert left_out(window) == []
    assert label_px(window) * slides.INK >= 768 / 40 - 0.01
