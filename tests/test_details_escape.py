"""Reading by keyboard: Enter on the map reads the concept's details (the keys go to Details,
Tab walks its links), and Escape comes back to the map. Escape did nothing in Details, so the
way back was F6 round the panes or the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)


def test_escape_in_details_gives_the_keys_back_to_the_map(qtbot, window: MainWindow) -> None:
    item = window.scene.node_items["pd-1"]
    window.view.centerOn(QPointF(item.cx, item.cy))
    window.activateWindow()
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.view.mapFromScene(QPointF(item.cx, item.cy)),
    )
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {"pd-1"}, timeout=10_000)
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(window.details.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # onto a link in the details
    qtbot.waitUntil(window.details.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    assert window.scene.selected_ids()[0] == {"pd-1"}  # back where it was, still chosen
    target = window.view.linked_in_direction(item, 1.0, 0.0)
    assert target is not None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # the arrows walk again
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {target}, timeout=10_000)
