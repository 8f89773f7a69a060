"""Side panels give the map its room back: a dock that widened its column when it opened puts
the column back to its width when it is closed (Qt keeps the widest dock's width)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QDockWidget

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.details.detailpane import link_href
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window


def window_ready(qtbot, size: tuple[int, int] = (1280, 720)) -> MainWindow:
    win = open_window(qtbot, DEFAULT_MAP, size)
    qtbot.waitUntil(lambda: win.ready, timeout=20_000)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    return win


def close_button(dock: QDockWidget) -> QAbstractButton:
    button = dock.findChild(QAbstractButton, "qt_dockwidget_closebutton")
    assert button is not None
    return button


@pytest.mark.parametrize("size", [(1280, 720), (1800, 1000)], ids=["legend-over-details", "beside"])
def test_opening_and_closing_tours_leaves_the_legend_as_wide_as_before(qtbot, size) -> None:
    """Ctrl+Shift+T twice in a window with the Legend left of the map left the Legend 479 px
    wide instead of 249 and the map 409 px instead of 639."""
    win = window_ready(qtbot, size)
    legend, canvas = win.legend_dock.width(), win.view.width()
    toggle = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(win.view, Qt.Key.Key_T, toggle)
    qtbot.waitUntil(lambda: win.tours.dock.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: win.view.width() < canvas, timeout=10_000)  # it takes room
    QTest.keyClick(win.view, Qt.Key.Key_T, toggle)
    qtbot.waitUntil(lambda: win.view.width() == canvas, timeout=10_000)
    assert win.legend_dock.width() == legend


def test_the_tours_panel_leaves_a_laptop_window_its_map(qtbot) -> None:
    """At 1280x720 Ctrl+Shift+T opened Tours in a column of its own, 479 px wide (its tour
    chooser as wide as the longest title), and left the map 489 px between it and the Legend
    over Details. It opens as a tab over the Legend, in front, and the map keeps 904 px."""
    win = window_ready(qtbot, (1280, 720))
    toggle = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(win.view, Qt.Key.Key_T, toggle)
    tours = win.tours.dock
    qtbot.waitUntil(lambda: win.geometry().contains(tours.geometry()), timeout=10_000)
    qtbot.waitUntil(lambda: not tours.visibleRegion().isEmpty(), timeout=10_000)
    assert win.view.width() >= 0.6 * win.width()
    assert win.view.geometry().right() < tours.geometry().left()  # beside the map, not over it
    assert win.details_dock.isVisible()  # Details still under it
    assert tours.geometry().bottom() < win.details_dock.geometry().top()
    details = win.details_dock  # most of the column is the panel's: its steps in sight
    qtbot.waitUntil(lambda: tours.height() >= 1.5 * details.height(), timeout=10_000)
    QTest.keyClick(win.view, Qt.Key.Key_T, toggle)  # closed, the Legend is back in front
    qtbot.waitUntil(lambda: not win.legend_dock.visibleRegion().isEmpty(), timeout=10_000)


def test_the_tours_panel_has_its_own_column_in_a_wide_window(qtbot) -> None:
    win = window_ready(qtbot, (1800, 1000))
    toggle = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(win.view, Qt.Key.Key_T, toggle)
    tours = win.tours.dock
    qtbot.waitUntil(lambda: not tours.visibleRegion().isEmpty(), timeout=10_000)
    assert win.dockWidgetArea(tours) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not win.legend_dock.visibleRegion().isEmpty()  # over the Legend, not in front of it
    assert win.view.width() >= 0.55 * win.width()


def test_closing_the_source_pane_gives_the_details_column_its_width_back(qtbot) -> None:
    win = window_ready(qtbot)
    details, canvas = win.details_dock.width(), win.view.width()
    win.go_to("node", "pd-1")
    win.open_quote("node", "pd-1", 0)  # a quote's source link, as the Details pane follows it
    qtbot.waitUntil(lambda: win.reader_dock.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: win.details_dock.width() > details, timeout=10_000)
    qtbot.mouseClick(close_button(win.reader_dock), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.details_dock.width() == details, timeout=10_000)
    assert win.view.width() == canvas


def test_a_laptop_sized_window_stands_the_legend_over_details(qtbot) -> None:
    """At 1280x720 the Legend left of the map and Details right of it left the map 510 of
    1,152 pixels, and the default map at fit named five concepts, none of the six most linked.
    A window too narrow for both beside the map has them in one column; a wide one keeps them
    either side."""
    win = window_ready(qtbot, (1280, 720))
    right = Qt.DockWidgetArea.RightDockWidgetArea
    assert win.dockWidgetArea(win.legend_dock) == right == win.dockWidgetArea(win.details_dock)
    assert win.legend_dock.geometry().bottom() < win.details_dock.geometry().top()
    assert win.view.width() >= 0.6 * win.width()
    legend = win.legend
    assert legend.viewport().width() >= legend.sizeHintForColumn(0)  # every row whole
    assert legend.verticalScrollBar().maximum() == 0  # and every kind's row in sight
    wide = window_ready(qtbot, (1800, 1000))
    assert wide.dockWidgetArea(wide.legend_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert wide.view.width() >= 0.6 * wide.width()


def test_the_source_pane_gets_the_legends_room_in_a_laptop_window(qtbot) -> None:
    """At 1280x800 the Legend, Details and the Source shared one column 729 px tall: the
    source's text showed twelve lines under its chooser and title. While the Source is open the
    Legend is a tab beside Details, and it stands over Details again once the Source closes."""
    win = window_ready(qtbot, (1280, 800))
    node = next(n for n in win.document.cmap.nodes if n.quotes)
    win.go_to("node", node.id)
    win.details.anchorClicked.emit(QUrl(link_href("quote", node.id, "node:0")))  # its link
    qtbot.waitUntil(lambda: win.reader_dock.isVisible(), timeout=10_000)
    tabs = lambda: win.tabifiedDockWidgets(win.details_dock)  # noqa: E731
    qtbot.waitUntil(lambda: win.legend_dock in tabs(), timeout=10_000)
    assert win.legend.visibleRegion().isEmpty()  # a tab behind Details, which is in front
    assert not win.details.visibleRegion().isEmpty()
    text = win.reader.text
    lines = lambda: text.viewport().height() / text.fontMetrics().lineSpacing()  # noqa: E731
    qtbot.waitUntil(lambda: lines() >= 15, timeout=10_000)  # twelve before
    assert win.details.viewport().height() >= 200  # the concept's page keeps its room
    qtbot.mouseClick(close_button(win.reader_dock), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.legend_dock not in tabs(), timeout=10_000)
    assert win.legend_dock.isVisible()
    assert win.legend_dock.geometry().bottom() < win.details_dock.geometry().top()
    assert win.legend.verticalScrollBar().maximum() == 0  # every kind's row in sight again
