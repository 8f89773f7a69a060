"""Persistent preferences (recent files, window layout) in one INI file per user, and fitting a
restored window layout to the screen it opens on."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

MAX_RECENT = 10


def settings() -> QSettings:
    """The app's settings; MAPVIEWER_SETTINGS_DIR moves them (tests give each run its own)."""
    folder = os.environ.get("MAPVIEWER_SETTINGS_DIR")
    if not folder:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return QSettings(str(Path(folder) / "mapviewer.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[Path]:
    value = settings().value("recentFiles", [])
    if isinstance(value, str):  # QSettings gives a lone entry back as a string
        value = [value]
    if not isinstance(value, list):
        return []
    return [Path(v) for v in value if isinstance(v, str) and v]


def add_recent_file(path: Path) -> list[Path]:
    path = path.resolve()
    files = [p for p in recent_files() if p != path]
    files.insert(0, path)
    files = files[:MAX_RECENT]
    settings().setValue("recentFiles", [str(p) for p in files])
    return files


def clear_recent_files() -> None:
    settings().setValue("recentFiles", [])


def last_map() -> Path | None:
    """The map that was open when the app last closed, if it still exists."""
    value = settings().value("session/lastMap", "")
    path = Path(str(value)) if value else None
    return path if path is not None and path.is_file() else None


def remember_last_map(path: Path | None) -> None:
    settings().setValue("session/lastMap", str(path) if path else "")


def bundle_links() -> bool:
    """View > Bundle Links Between Groups; on unless turned off."""
    return str(settings().value("view/bundleLinks", "true")).lower() != "false"


def remember_bundle_links(on: bool) -> None:
    settings().setValue("view/bundleLinks", "true" if on else "false")


def _trust_key(map_path: Path) -> str:
    """One key per map file, its path percent-encoded: a slash would make a QSettings group."""
    return f"sourceTrust/{quote(str(map_path.resolve()), safe='')}"


def outside_sources_choice(map_path: Path | None) -> bool | None:
    """Whether the person allowed this map to read source files outside its folder (True),
    kept them blocked (False), or has not been asked yet (None)."""
    if map_path is None:
        return None
    value = settings().value(_trust_key(map_path), "")
    if value == "allow":
        return True
    if value == "block":
        return False
    return None


def remember_outside_sources(map_path: Path, allowed: bool) -> None:
    settings().setValue(_trust_key(map_path), "allow" if allowed else "block")


_DOCK_AREAS = (
    Qt.DockWidgetArea.LeftDockWidgetArea,
    Qt.DockWidgetArea.RightDockWidgetArea,
    Qt.DockWidgetArea.BottomDockWidgetArea,
    Qt.DockWidgetArea.TopDockWidgetArea,
)


def fit_to_screen(window: QMainWindow) -> None:
    """Keep a restored window whole on the screen it opens on.

    Geometry and docks saved on a bigger screen (or with more docks open than a small screen
    holds) made the window taller than a 1280x720 screen: its status bar and the Tours dock's
    buttons were below the screen's edge. Docks stacked in one side are tabbed together while
    their minimum sizes add up to more than the screen, then the frame (title bar included,
    once the window system has drawn one) is shrunk and moved into the screen's free area."""
    if window.findChild(_KeepOnScreen) is None:
        _KeepOnScreen(window)
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    border = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    space = room.size() - border

    def too_big() -> bool:
        layout = window.layout()
        if layout is not None:
            layout.activate()
        wanted = window.minimumSizeHint()
        return wanted.width() > space.width() or wanted.height() > space.height()

    _stack_docks(window, too_big)
    too_big()  # the layout takes in the last docks tabbed: a resize is held to its minimum
    size = window.size().boundedTo(space).expandedTo(window.minimumSizeHint().boundedTo(space))
    if size != window.size():
        window.resize(size)
    width, height = size.width() + border.width(), size.height() + border.height()
    x = max(room.left(), min(window.x(), room.right() + 1 - width))
    y = max(room.top(), min(window.y(), room.bottom() + 1 - height))
    if QPoint(x, y) != window.pos():
        window.move(x, y)


def _stack_docks(window: QMainWindow, too_big: Callable[[], bool]) -> None:
    """Tab docks together while the window's minimum size is more than the screen: first each
    side's docks into one stack, then, on a narrow screen, the left and bottom stacks into the
    right one (Details)."""

    def visible_in(area: Qt.DockWidgetArea) -> list[QDockWidget]:
        return [
            d
            for d in window.findChildren(QDockWidget)
            if not d.isHidden() and not d.isFloating() and window.dockWidgetArea(d) == area
        ]

    for area in _DOCK_AREAS:
        if not too_big():
            return
        docks = visible_in(area)
        for dock in docks[1:]:
            window.tabifyDockWidget(docks[0], dock)
    right = visible_in(Qt.DockWidgetArea.RightDockWidgetArea)
    for area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea):
        if not right or not too_big():
            return
        for dock in visible_in(area):
            window.tabifyDockWidget(right[0], dock)


class _KeepOnScreen(QObject):
    """Fits the window again when it is shown (its title bar measured then) and whenever it
    grows past the screen: the docks' contents arrive after the layout is restored (the Tours
    dock's list, the statistics' plots), and their minimum sizes grew a fitted window by 200 px."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._pending = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        shown, grown = kind == QEvent.Type.Show, kind == QEvent.Type.Resize
        wanted = shown or (grown and not self._fits())
        if watched is self._window and wanted and not self._pending:
            self._pending = True  # after the event: never resize inside a resize
            QTimer.singleShot(0, self._fit)
        return False

    def _fits(self) -> bool:
        screen = self._window.screen()
        return screen is None or screen.availableGeometry().contains(self._window.frameGeometry())

    def _fit(self) -> None:
        self._pending = False
        fit_to_screen(self._window)
