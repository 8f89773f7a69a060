"""The app in a laptop's 1366x768 window: every open dock keeps room to be read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mapviewer.paths import DEFAULT_MAP

from .conftest import open_window

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
