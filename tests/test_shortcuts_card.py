"""F1's card of keys, read as a person reads it: every column whole without scrolling sideways,
most of the list at once, and Escape puts it away. At 520x460 it showed 12 of its 70-odd rows
and a horizontal scroll bar hid the ends of the actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QTableWidget

from mapviewer.ui.mainwindow import MainWindow

WINDOW_SIZE = (1280, 720)


def open_card(qtbot, window: MainWindow) -> tuple[QDialog, QTableWidget]:
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "ShortcutsDialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    table = dialog.findChild(QTableWidget)
    assert table is not None
    return dialog, table


def rows_in_sight(table: QTableWidget) -> int:
    viewport = table.viewport().rect()
    return sum(
        viewport.contains(table.visualItemRect(table.item(row, 0)))
        for row in range(table.rowCount())
    )


def test_f1_shows_whole_columns_and_most_rows_and_escape_closes_it(
    qtbot, window: MainWindow
) -> None:
    dialog, table = open_card(qtbot, window)
    qtbot.waitUntil(lambda: table.viewport().width() > 0, timeout=10_000)
    assert table.horizontalScrollBar().maximum() == 0  # nothing cut at the right
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height()
    assert rows_in_sight(table) >= min(table.rowCount(), 20)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
