"""Statistics and Selection, the two wide docks at the bottom, share one place as tabs: side by
side each had half the width, and the kinds chart cut its counts off. Opened from the View menu
with the mouse; checked by what is on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QTabBar

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window, shown_window

LEFT = Qt.MouseButton.LeftButton
# Within the offscreen test screen (800x800), so the saved docks fit side by side there and
# settings.fit_to_screen has no reason to tab them as the window opens (it may later, when the
# statistics' plots arrive and the docks no longer fit that small screen: the tests look at the
# layout as restored).
SMALL = (790, 600)


def open_from_view_menu(qtbot, window: MainWindow, dock: QDockWidget) -> None:
    """Click View in the menu bar, then the dock's entry in the menu that drops down."""
    bar = window.menuBar()
    view = window.view_menu
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(view.menuAction()).center())
    qtbot.waitUntil(view.isVisible, timeout=10_000)
    action = dock.toggleViewAction()
    QTest.mouseClick(view, LEFT, pos=view.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not view.isVisible() and dock.isVisible(), timeout=10_000)


def on_screen(dock: QDockWidget) -> bool:
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def tab_bar_of(window: MainWindow, *titles: str) -> QTabBar:
    """The tab bar the main window shows for docks tabbed together."""
    for bar in window.findChildren(QTabBar):
        if bar.isVisible() and {bar.tabText(i) for i in range(bar.count())} == set(titles):
            return bar
    raise AssertionError(f"no tabs {titles}")


def test_statistics_and_selection_open_as_tabs_of_one_place(qtbot) -> None:
    window = open_window(qtbot, DEFAULT_MAP, (1280, 720))
    stats, selection = window.stats_dock, window.selection_dock
    with qtbot.waitSignal(stats.computed, timeout=20_000):
        open_from_view_menu(qtbot, window, stats)
    open_from_view_menu(qtbot, window, selection)
    # The one just opened is in front, the whole width of the window; the other behind its tab.
    qtbot.waitUntil(lambda: on_screen(selection) and not on_screen(stats), timeout=10_000)
    assert selection.width() > 0.9 * window.width()
    bar = tab_bar_of(window, "Statistics", "Selection")
    index = next(i for i in range(bar.count()) if bar.tabText(i) == "Statistics")
    QTest.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: on_screen(stats) and not on_screen(selection), timeout=10_000)
    assert stats.width() > 0.9 * window.width()


def test_the_counts_beside_the_kinds_bars_are_whole_in_a_narrow_dock(qtbot) -> None:
    """The counts sat past the longest bar in a fixed share of the axis: at 900 pixels (the
    width the dock had beside Selection at 1280x720) "28" lost its last digit."""
    window = open_window(qtbot, DEFAULT_MAP, (1280, 720))
    stats = window.stats_dock
    with qtbot.waitSignal(stats.computed, timeout=20_000):
        open_from_view_menu(qtbot, window, stats)
    stats.setFloating(True)
    stats.resize(900, 330)
    qtbot.waitUntil(lambda: stats.width() == 900, timeout=10_000)
    assert stats.panel is not None
    chart = stats.panel.kinds

    def cut_off() -> list[str]:
        area = chart.plot.vb.sceneBoundingRect()
        return [
            item.textItem.toPlainText().strip()
            for item in chart.texts
            if item.mapRectToScene(item.textItem.boundingRect()).right() > area.right() + 0.5
        ]

    assert len(chart.texts) == len(window.document.cmap.kinds) > 0
    qtbot.waitUntil(lambda: cut_off() == [], timeout=10_000)


def closed_side_by_side(qtbot) -> MainWindow:
    """A window with Statistics and Selection open next to each other in the bottom area (no
    longer tabbed, as a person can drag them), closed: which saves its docks, as quitting does."""
    window = open_window(qtbot, DEFAULT_MAP, SMALL)
    stats, selection = window.stats_dock, window.selection_dock
    with qtbot.waitSignal(stats.computed, timeout=20_000):
        open_from_view_menu(qtbot, window, stats)
    open_from_view_menu(qtbot, window, selection)
    window.removeDockWidget(selection)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, selection)
    selection.show()
    qtbot.waitUntil(lambda: on_screen(stats) and on_screen(selection), timeout=10_000)
    window.close()
    return window


def start(qtbot) -> MainWindow:
    """The window as the app starts it, on the saved layout."""
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.mapfile import load  # noqa: PLC0415

    again = shown_window(qtbot, Document(load(DEFAULT_MAP), DEFAULT_MAP), SMALL, deferred=True)
    return again


def test_docks_saved_side_by_side_by_an_older_build_come_back_as_tabs(qtbot) -> None:
    """Layouts saved before the two docks were tabbed (Qt's layout version 0) brought them back
    side by side, each half as wide; they stay open and share one place now."""
    from mapviewer.ui import settings as prefs  # noqa: PLC0415

    first = closed_side_by_side(qtbot)  # as the older build had them
    prefs.settings().setValue("window/state", first.saveState())  # as that build wrote them
    again = start(qtbot)
    stats, selection = again.stats_dock, again.selection_dock
    assert not stats.isHidden() and not selection.isHidden()
    assert again.tabifiedDockWidgets(stats) == [selection]


def test_docks_put_side_by_side_now_stay_side_by_side(qtbot) -> None:
    """The person's own arrangement, saved by this build, is restored as it was."""
    closed_side_by_side(qtbot)
    again = start(qtbot)
    stats, selection = again.stats_dock, again.selection_dock
    assert not stats.isHidden() and not selection.isHidden()
    assert again.tabifiedDockWidgets(stats) == []
    assert again.dockWidgetArea(selection) == Qt.DockWidgetArea.BottomDockWidgetArea
