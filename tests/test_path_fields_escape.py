"""Find Path (Ctrl+Shift+P) puts the keys in its From field; Escape there did nothing, so the
keys stayed in the field (an arrow moved its cursor, 0 typed a zero) until the mouse came.
Escape now hands them back to the map and keeps the words: the path they name stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)


def test_escape_in_find_path_gives_the_keys_back_to_the_map(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    field = window.path_dock.finder.from_field
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    qtbot.keyClicks(field, "PD-1")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # the best match is chosen
    qtbot.waitUntil(lambda: field.node_id == "pd-1", timeout=10_000)
    fields = (field, window.path_dock.finder.to_field)
    assert QApplication.focusWidget() in fields  # Enter chose it; the keys are in a field
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    assert field.text() == "PD-1" and field.node_id == "pd-1"  # the words are kept
    zoom = window.view.zoom
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus)  # the map's keys work again
    qtbot.waitUntil(lambda: window.view.zoom > zoom, timeout=10_000)
    assert field.text() == "PD-1"
