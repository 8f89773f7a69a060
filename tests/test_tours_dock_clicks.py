"""A teacher preparing a lecture opens the Tours dock and clicks a step to see it on the map.

The dock opens with the first step highlighted, so the first click a teacher makes is often on
that highlighted step: it showed nothing, since only a change of step previewed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QListWidget

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)

FIRST_STEP = {"killer-t-cells", "t-cells", "cancer-cells"}  # "T cells are the ... soldiers"


def open_tours(qtbot, window: MainWindow) -> QListWidget:
    """Ctrl+Shift+T, as the View menu lists it, and wait for the dock's steps."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    steps = window.tours.panel.steps
    qtbot.waitUntil(lambda: steps.isVisible() and steps.count() == 12, timeout=10_000)
    return steps


def click_row(qtbot, steps: QListWidget, row: int) -> None:
    rect = steps.visualItemRect(steps.item(row))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def on_screen(window: MainWindow, node_id: str) -> bool:
    item = window.scene.node_items[node_id]
    centre = window.view.mapFromScene(QPointF(item.cx, item.cy))
    return window.view.viewport().rect().contains(centre)


def test_clicking_the_highlighted_first_step_shows_it_on_the_map(qtbot, window) -> None:
    steps = open_tours(qtbot, window)
    assert steps.currentRow() == 0  # highlighted, not yet shown: the map is still at fit
    assert window.scene.selected_ids()[0] == set()
    zoom_at_fit = window.view.zoom
    click_row(qtbot, steps, 0)
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == FIRST_STEP, timeout=10_000)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    assert window.view.zoom > zoom_at_fit * 2  # framed on the step, not the whole map
    assert all(on_screen(window, node_id) for node_id in FIRST_STEP)


def test_clicking_a_step_again_brings_it_back_after_looking_elsewhere(qtbot, window) -> None:
    steps = open_tours(qtbot, window)
    click_row(qtbot, steps, 1)  # "Checkpoints are brakes": PD-1
    qtbot.waitUntil(lambda: "pd-1" in window.scene.selected_ids()[0], timeout=10_000)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    viewport = window.view.viewport()
    qtbot.keyClick(window.view, Qt.Key.Key_0)  # the whole map again, the step still current
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    zoom_at_fit = window.view.zoom
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # empty canvas
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == set(), timeout=10_000)
    click_row(qtbot, steps, 1)
    qtbot.waitUntil(lambda: "pd-1" in window.scene.selected_ids()[0], timeout=10_000)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    assert window.view.zoom > zoom_at_fit * 2
    assert on_screen(window, "pd-1")
