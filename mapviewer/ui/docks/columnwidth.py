"""A dock that widens the column it opens in gives the column its width back when it closes.

Qt sizes a dock column to the widest minimum of the docks in it and keeps that width after the
widest one closes: opening and closing the Tours panel left the Legend 479 px wide instead of
249, and the map 409 px in a 1280x720 window instead of 639, for good.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDE_AREAS = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


class ColumnWidth(QObject):
    """Remembers how wide ``dock``'s column is while ``dock`` is closed, and puts the column
    back to that width when it closes again."""

    def __init__(self, main: QMainWindow, dock: QDockWidget) -> None:
        super().__init__(dock)
        self._main = main
        self._dock = dock
        self._width: int | None = None
        for other in main.findChildren(QDockWidget):
            if other is not dock:
                other.installEventFilter(self)
        dock.visibilityChanged.connect(self._on_visibility)
        if dock.isHidden():
            self._width = max((other.width() for other in self._column()), default=None)

    def _beside(self, other: QDockWidget) -> bool:
        """Whether ``other`` is docked in ``dock``'s column (a side one)."""
        area = self._main.dockWidgetArea(self._dock)
        return (
            area in SIDE_AREAS
            and other is not self._dock
            and not other.isFloating()
            and not self._dock.isFloating()
            and self._main.dockWidgetArea(other) == area
        )

    def _column(self) -> list[QDockWidget]:
        """The other docks open beside ``dock`` in its column."""
        docks = self._main.findChildren(QDockWidget)
        return [other for other in docks if other.isVisible() and self._beside(other)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Sized while the window is first laid out, before it shows: counted too.
        if (
            event.type() == QEvent.Type.Resize
            and isinstance(watched, QDockWidget)
            and self._dock.isHidden()
            and not watched.isHidden()
            and self._beside(watched)
        ):
            self._width = watched.width()
        return False

    def _on_visibility(self, visible: bool) -> None:
        if visible or not self._dock.isHidden() or self._width is None:
            return  # tabbed behind another dock, not closed; or nothing known yet
        width = self._width
        QTimer.singleShot(0, lambda: self._give_back(width))

    def _give_back(self, width: int) -> None:
        column = self._column()
        if column and self._dock.isHidden():
            self._main.resizeDocks(column, [width] * len(column), Qt.Orientation.Horizontal)
