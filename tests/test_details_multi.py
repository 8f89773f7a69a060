"""The Details form on several selected items: it follows the selection however it is made,
and every field sets every selected item of the shown kind in one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from mapviewer.ui.details.detaileditor import DetailEditor
from mapviewer.ui.mainwindow import MainWindow

WINDOW_SIZE = (1300, 850)
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()  # typing goes to the focused field of the active window
    qtbot.waitUntil(window.isActiveWindow)
    return window


def screen_pos(win: MainWindow, x: float, y: float) -> QPoint:
    return win.view.mapFromScene(QPointF(x, y))


def node_pos(win: MainWindow, node_id: str) -> QPoint:
    item = win.scene.node_items[node_id]
    return screen_pos(win, item.cx, item.cy)


def open_form(qtbot, win: MainWindow) -> DetailEditor:
    win.detail_editing.toggle.trigger()
    editor = win.detail_editing.editor
    qtbot.waitUntil(editor.isVisible, timeout=10_000)
    return editor


def rubber_band(qtbot, win: MainWindow, start: QPoint, end: QPoint) -> None:
    """Shift+drag from empty canvas, as a person selects a region."""
    viewport = win.view.viewport()
    QTest.mousePress(viewport, LEFT, SHIFT, start)
    for step in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * (step / 6))
    QTest.mouseRelease(viewport, LEFT, SHIFT, end)


def shown(editor: DetailEditor) -> str:
    return editor.current[1]


@pytest.mark.qt_log_ignore("not accepted by receiving widget")  # Qt's own rubber band release
def test_a_rubber_band_selection_shows_in_the_form(qtbot, window) -> None:
    editor = open_form(qtbot, window)
    assert editor.empty.isVisible()
    window.view.setFocus()
    rubber_band(qtbot, window, screen_pos(window, 150, -80), screen_pos(window, 380, 230))
    nodes, _ = window.scene.selected_ids()
    assert nodes == {"pd-1", "ctla-4"}
    qtbot.waitUntil(lambda: shown(editor) in nodes, timeout=10_000)
    assert editor.label_edit.isVisible()
    caption = editor.caption
    qtbot.waitUntil(lambda: "look choices apply to 2 concepts" in caption.text(), timeout=10_000)


def test_select_all_shows_in_the_form_and_shift_click_keeps_it_on_the_selection(
    qtbot, window
) -> None:
    editor = open_form(qtbot, window)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_A, CTRL)
    qtbot.waitUntil(lambda: bool(shown(editor)), timeout=10_000)
    assert "5 concepts and 4 links selected" in editor.caption.text()
    viewport = window.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=node_pos(window, "tregs"))
    qtbot.waitUntil(lambda: shown(editor) == "tregs", timeout=10_000)
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "pd-1"))
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "tregs"))  # the shown one goes
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {"pd-1"}, timeout=10_000)
    qtbot.waitUntil(lambda: shown(editor) == "pd-1", timeout=10_000)

