"""The Tours panel opens at its height, never at another one for a frame first, and a window
layout saved before it was a tab over the Legend gets it there in a window too narrow for a
column each side of the map."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtTest import QTest

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window, shown_window

TOGGLE = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class PaintedHeights(QObject):
    """The heights a widget was painted at, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.heights: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.heights.append(watched.height())  # type: ignore[attr-defined]
        return False


def window_ready(qtbot, size: tuple[int, int]) -> MainWindow:
    win = open_window(qtbot, DEFAULT_MAP, size)
    qtbot.waitUntil(lambda: win.ready, timeout=20_000)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    return win


@pytest.mark.parametrize("size", [(1280, 720), (1800, 1000)], ids=["tab", "column"])
def test_the_tours_panel_is_first_painted_at_its_height(qtbot, size) -> None:
    """Ctrl+Shift+T: the panel was painted at the height it came with (the Legend's 290 px as
    a tab at 1280x720), and a turn of the event loop later at two thirds of the window."""
    win = window_ready(qtbot, size)
    panel = win.tours.panel
    painted = PaintedHeights()
    panel.installEventFilter(painted)
    QTest.keyClick(win.view, Qt.Key.Key_T, TOGGLE)
    # Under it in its column: Details, where it is a tab over the Legend, else the Legend.
    other = win.details_dock if size == (1280, 720) else win.legend_dock
    qtbot.waitUntil(lambda: bool(painted.heights), timeout=10_000)
    qtbot.waitUntil(lambda: win.tours.dock.height() >= other.height(), timeout=10_000)
    panel.removeEventFilter(painted)
    final = panel.height()
    assert all(abs(h - final) <= 2 for h in painted.heights), (painted.heights, final)


def test_a_layout_saved_before_tours_was_a_tab_puts_it_over_the_legend(qtbot) -> None:
    """A 1280x720 window's layout saved with Tours in a column of its own left of the map (as
    builds before the tab did, Qt's layout version 1) brought the column back: the map 489 px
    wide. Now Tours comes back as a tab over the Legend, open and in front."""
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.mapfile import load  # noqa: PLC0415
    from mapviewer.ui import settings as prefs  # noqa: PLC0415

    first = window_ready(qtbot, (1280, 720))
    tours = first.tours.dock
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, tours)  # the older build's place
    tours.show()
    qtbot.waitUntil(lambda: first.dockWidgetArea(tours) == Qt.DockWidgetArea.LeftDockWidgetArea)
    older: QByteArray = first.saveState(1)
    first.close()
    prefs.settings().setValue("window/state", older)
    again = shown_window(
        qtbot, Document(load(DEFAULT_MAP), DEFAULT_MAP), (1280, 720), deferred=True
    )
    tours = again.tours.dock
    assert again.tabifiedDockWidgets(tours) == [again.legend_dock]
    qtbot.waitUntil(lambda: not tours.visibleRegion().isEmpty(), timeout=10_000)
    assert again.view.geometry().right() < tours.geometry().left()  # no column left of the map


def test_a_layout_saved_now_keeps_tours_where_the_person_put_it(qtbot) -> None:
    """Saved by this build, a column the person gave Tours is theirs: it comes back."""
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.mapfile import load  # noqa: PLC0415

    first = window_ready(qtbot, (1280, 720))
    tours = first.tours.dock
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, tours)
    tours.show()
    qtbot.waitUntil(lambda: first.dockWidgetArea(tours) == Qt.DockWidgetArea.LeftDockWidgetArea)
    first.close()  # saves the layout as the app does
    again = shown_window(
        qtbot, Document(load(DEFAULT_MAP), DEFAULT_MAP), (1280, 720), deferred=True
    )
    assert again.dockWidgetArea(again.tours.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert again.tabifiedDockWidgets(again.tours.dock) == []
