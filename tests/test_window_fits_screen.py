"""A window reopened on a screen smaller than the one it was closed on, or with more docks open
than that screen holds, comes up whole: its status bar and docks are on the screen, not below it.

Qt's offscreen screen is 800x800: a window closed at 1600x1000 with the Tours, Statistics and
Source docks open needed 1206x683 at least, so before the fix it opened 1210 pixels wide, its
right part (Details, Source) off the screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDockWidget

from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window

SAMPLE = DATA / "sample.json"


def test_a_window_saved_big_with_many_docks_opens_whole_on_a_small_screen(qtbot) -> None:
    first = open_window(qtbot, SAMPLE, size=(1600, 1000))
    for name in ("ToursDock", "StatisticsDock", "SourceDock"):
        dock = first.findChild(QDockWidget, name)
        assert dock is not None
        dock.show()
    first.close()  # saves the geometry and the docks, as quitting does

    again = MainWindow(Document(load(SAMPLE), SAMPLE), deferred=True)  # as the app starts
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.ready, timeout=10_000)
    room = again.screen().availableGeometry()
    qtbot.waitUntil(lambda: room.contains(again.frameGeometry()), timeout=10_000)
    status = again.statusBar()
    corner = status.mapToGlobal(QPoint(status.width() - 1, status.height() - 1))
    assert room.contains(corner)
    for dock in again.findChildren(QDockWidget):
        if dock.isVisible():
            top_left = dock.mapToGlobal(QPoint(0, 0))
            assert room.contains(top_left), dock.objectName()
    # No dock was closed to make room: the ones left open are still open, as tabs.
    tours = again.findChild(QDockWidget, "ToursDock")
    assert tours is not None and not tours.isHidden()
