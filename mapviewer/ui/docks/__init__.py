"""The side panels that follow the open map: legend, overview, Find Path, statistics."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget


def raise_when_opened(dock: QDockWidget) -> None:
    """Opened from the View menu, the dock comes to the front of the docks it is tabbed with
    (Statistics and Selection share a place): shown behind the other's tab, it seemed not to
    open at all."""

    def opened(checked: bool) -> None:
        if checked:
            dock.raise_()

    dock.toggleViewAction().triggered.connect(opened)
