"""Tours in a main window: the Tours dock, the Present menu and File > Export Tour, assembled.

The parts each do one job (``tourpanel`` edits, ``presenting`` presents, ``exporting`` writes
slides); this puts them where the user finds them. It is handed the workspace, the window that
docks the panel and the menus to fill, never the main window's other parts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from mapviewer.ui.actions import make_action
from mapviewer.ui.docks.columnwidth import ColumnWidth
from mapviewer.ui.tours.exporting import TourExporter
from mapviewer.ui.tours.presenting import PresentRunner
from mapviewer.ui.tours.tourpanel import TourPanel
from mapviewer.ui.workspace import Workspace


class TourUi(QObject):
    """The Tours dock, the Present menu and File > Export Tour for one window."""

    def __init__(
        self,
        workspace: Workspace,
        host: QMainWindow,
        *,
        file_menu: QMenu,
        export_after: QAction | None,
        view_menu: QMenu,
        before_menu: QMenu,
    ) -> None:
        """``host`` docks the Tours panel; Export Tour goes into ``file_menu`` after
        ``export_after``, the panel's toggle into ``view_menu``, and the Present menu into the
        menu bar before ``before_menu``."""
        super().__init__(host)
        self.workspace = workspace
        self.panel = TourPanel(workspace)
        self.dock = QDockWidget("Tours", host)
        self.dock.setObjectName("ToursDock")
        self.dock.setWidget(self.panel)
        host.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        ColumnWidth(host, self.dock)
        self._host = host
        self._sized = False
        self.dock.visibilityChanged.connect(self._on_dock_shown)
        self.runner = PresentRunner(workspace, self.panel)
        self.exporter = TourExporter(workspace, self.panel, self.runner.options)
        self._tour_group: QActionGroup | None = None
        self._build_actions(host)
        self.menu = QMenu("&Present", host)
        self.menu.aboutToShow.connect(self._fill_menu)
        host.menuBar().insertMenu(before_menu.menuAction(), self.menu)
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut(QKeySequence("Ctrl+Shift+T"))
        view_menu.addAction(toggle)
        actions = file_menu.actions()
        after = actions.index(export_after) + 1 if export_after in actions else len(actions)
        if after < len(actions):
            file_menu.insertAction(actions[after], self.act_export)
        else:
            file_menu.addAction(self.act_export)
        self._fill_menu()

    def _on_dock_shown(self, visible: bool) -> None:
        """Opened the first time, the dock takes two thirds of its column's height: a tour's
        steps and the step's fields need it more than a dock sharing the column does."""
        if visible and not self._sized and not self.dock.isFloating():
            self._sized = True
            # Now, before its first paint: sized a turn of the event loop later, it was painted
            # once at the height it came with (358 px in an 1800x1000 window, then 500).
            layout = self._host.layout()
            if layout is not None:
                layout.activate()  # the column has the dock before it is shared out
            height = round(self._host.height() * 2 / 3)
            self._host.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    def _build_actions(self, host: QMainWindow) -> None:
        """Actions live on the window, so their shortcuts work wherever its focus is."""
        runner = self.runner
        self.act_start = make_action(
            host, "Start &Presentation", runner.start, ["F5"], "Present full screen"
        )
        self.act_start_here = make_action(
            host,
            "Start from &Current Step",
            lambda: runner.start(from_current=True),
            ["Shift+F5"],
            "Present from the step chosen in the Tours panel",
        )
        self.act_presenter = make_action(
            host,
            "Presenter &View",
            lambda: runner.start(presenter=True, rehearse=len(QGuiApplication.screens()) < 2),
            ["Alt+F5"],
            "Present with notes, timer and the next step on a second screen (or rehearse)",
        )
        self.act_keys = make_action(host, "Presentation &Keys", runner.show_keys)
        self.act_export = make_action(
            host,
            "Export &Tour…",
            self.exporter.export_dialog,
            tip="Save a tour as PDF slides, notes pages, PowerPoint or PNG images",
        )
        self.act_dark = self._toggle(host, "&Dark Projector Theme", "dark")
        self.act_faint = self._toggle(host, "Show &Unrevealed Concepts Faintly", "faint")
        self.act_spotlight = self._toggle(host, "&Spotlight the Focus", "spotlight")

    def _toggle(self, host: QMainWindow, text: str, name: str) -> QAction:
        action = QAction(text, host)
        action.setCheckable(True)
        action.setChecked(getattr(self.runner.options, name))
        action.toggled.connect(lambda on: self.runner.set_option(name, on))
        return action

    def _fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        for action in (self.act_start, self.act_start_here, self.act_presenter):
            menu.addAction(action)
        menu.addSeparator()
        if self._tour_group is not None:
            self._tour_group.deleteLater()
        group = self._tour_group = QActionGroup(menu)
        chosen = self.panel.current_tour()
        walking = self.runner.walk
        for tour in self.workspace.document.cmap.tours:
            action = menu.addAction(tour.title or tour.id)
            action.setCheckable(True)
            action.setChecked(not walking and chosen is not None and chosen.id == tour.id)
            action.triggered.connect(lambda _=False, t=tour.id: self.choose_tour(t))
            group.addAction(action)
        walk = menu.addAction("Walk from the Selection (no tour)")
        walk.setCheckable(True)
        walk.setChecked(walking or chosen is None)
        walk.triggered.connect(lambda _=False: self.choose_tour(None))
        group.addAction(walk)
        menu.addSeparator()
        for action in (self.act_dark, self.act_faint, self.act_spotlight):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_keys)

    def choose_tour(self, tour_id: str | None) -> None:
        """The tour F5 presents; None for the walk from the selection."""
        self.runner.walk = tour_id is None
        if tour_id is not None:
            self.panel.choose(tour_id)
