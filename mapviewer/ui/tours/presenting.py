"""Presenting from the editor: which tour (or the walk from the selection), on which screen, with
or without the presenter view; and afterwards the editing window exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mapviewer import tours as tourlib
from mapviewer.document import Document
from mapviewer.graph import cache_for
from mapviewer.model import Tour
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.slides import StageOptions
from mapviewer.ui import settings as prefs
from mapviewer.ui.present.presentation import (
    PRESENTATION_KEYS,
    PRESENTATION_RULES,
    PresentationWindow,
)
from mapviewer.ui.tours.tourpanel import TourPanel
from mapviewer.ui.workspace import Workspace

if TYPE_CHECKING:
    from mapviewer.ui.present.presenterview import PresenterView

CENTRALITY_LIMIT = 1000  # above this many concepts the walk starts on the best-linked one
REHEARSAL_SIZE = (1280, 720)  # the presentation in a window, when there is no second screen


@dataclass
class WindowSnapshot:
    """The editing window as it was when the presentation began, to put it back exactly."""

    geometry: QByteArray
    state: QByteArray | None  # the docks and toolbars, for a main window
    rect: QRect = field(default_factory=QRect)
    nodes: list[str] = field(default_factory=list)  # in the order they were selected
    edges: list[str] = field(default_factory=list)
    current: tuple[str, str] = ("", "")  # the item the details show and whose links are lit
    centre: QPointF = field(default_factory=QPointF)
    zoom: float = 1.0
    scroll: tuple[int, int] = (0, 0)
    auto_fit: bool = True
    focus: QWidget | None = None

    @classmethod
    def take(cls, workspace: Workspace) -> WindowSnapshot:
        window = workspace.dialog_parent()
        view = workspace.view
        scene = workspace.scene
        # Links in the order they were selected, then those selected without items (Select All
        # on a map whose links are made by region).
        links = [i.edge_id for i in scene.selectedItems() if isinstance(i, EdgeItem)]
        links += sorted(scene.selected_ids()[1].difference(links))
        return cls(
            geometry=window.saveGeometry(),
            state=window.saveState() if isinstance(window, QMainWindow) else None,
            rect=window.geometry(),
            nodes=scene.selection_order(),
            edges=links,
            current=scene.current,
            centre=view.center(),
            zoom=view.zoom,
            scroll=(view.horizontalScrollBar().value(), view.verticalScrollBar().value()),
            auto_fit=view.auto_fit,
            focus=window.focusWidget(),
        )

    def restore(self, workspace: Workspace) -> None:
        window = workspace.dialog_parent()
        window.restoreGeometry(self.geometry)
        if not (window.isMaximized() or window.isFullScreen()):
            window.setGeometry(self.rect)  # to the pixel, whatever the window frame measures
        if self.state is not None and isinstance(window, QMainWindow):
            window.restoreState(self.state)
        self._restore_selection(workspace.scene)
        self._restore_view(workspace)
        # Docks and geometry settle in the next event round; the view is put back after them,
        # to the scroll position, so not even rounding moves the map.
        QTimer.singleShot(0, lambda: self._restore_view(workspace))
        window.raise_()
        window.activateWindow()
        if self.focus is not None:
            self.focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _restore_selection(self, scene: MapScene) -> None:
        """The same items selected, and the same one current: selecting several at once leaves
        none current, and the current concept's links stay lit (View > Highlight Neighbours)."""
        kind, ident = self.current
        chosen = self.nodes if kind == "node" else self.edges
        if ident not in chosen or not scene.select(kind, ident):
            scene.select_many(self.nodes, self.edges)
            return
        # Alone first, it is current again; the others join it in the order they were chosen.
        for node_id in self.nodes:
            node = scene.node_items.get(node_id)
            if node is not None and node.shown:
                node.setSelected(True)
        for edge_id in self.edges:
            edge = scene.edge_items.get(edge_id)
            if edge is not None and edge.shown:
                edge.setSelected(True)
        scene.select_unmade_too(self.edges)

    def _restore_view(self, workspace: Workspace) -> None:
        view = workspace.view
        view.set_camera(self.centre, self.zoom)
        view.horizontalScrollBar().setValue(self.scroll[0])
        view.verticalScrollBar().setValue(self.scroll[1])
        view.auto_fit = self.auto_fit


class PresentRunner(QObject):
    """Starts and ends presentations of the open map; at most one runs at a time."""

    def __init__(self, workspace: Workspace, panel: TourPanel) -> None:
        super().__init__(panel)
        self.workspace = workspace
        self.panel = panel
        self.options = StageOptions.load(prefs.settings())
        self.walk = False  # present a walk from the selection instead of a tour
        # Asked before a show starts (stale quotes, mapviewer.ui.docks.evidence): False stops it.
        self.before_start: Callable[[Tour], bool] | None = None
        self.presentation: PresentationWindow | None = None
        self.presenter: PresenterView | None = None
        self._snapshot: WindowSnapshot | None = None
        panel.present_requested.connect(lambda: self.start(from_current=True))
        workspace.document_replaced.connect(self._on_document_replaced)
        # A presentation never outlives the window it was started from.
        workspace.dialog_parent().installEventFilter(self)

    def set_option(self, name: str, on: bool) -> None:
        """Remember a look for the next lecture; a running presentation shows it at once, but
        for the theme, which takes a new scene."""
        setattr(self.options, name, on)
        self.options.save(prefs.settings())
        if self.presentation is not None and name != "dark":
            self.presentation.go(self.presentation.index, animate=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.workspace.dialog_parent():
            QTimer.singleShot(0, self._after_window_close)
        return False

    def _after_window_close(self) -> None:
        if not self.workspace.dialog_parent().isVisible() and self.presentation is not None:
            self.presentation.close()

    def _on_document_replaced(self, _document: Document) -> None:
        if self.presentation is not None:
            self.presentation.close()
        self.walk = False

    # --- presenting -----------------------------------------------------------------------------

    def tour_to_present(self, from_current: bool = False) -> tuple[Tour, int]:
        tour = None if self.walk else self.panel.current_tour()
        if tour is not None and tour.steps:
            start = max(self.panel.current_step_index(), 0) if from_current else 0
            return tour, start
        nodes, edges = self.panel.selection()
        cmap = self.workspace.document.cmap
        centre = None if nodes or edges else self.most_central()
        return tourlib.selection_walk(cmap, nodes, edges, centre=centre), 0

    def most_central(self) -> str | None:
        """The concept most shortest chains pass through (betweenness): where a walk through a
        map nobody has selected in begins. On a big map, unless already computed, the walk
        starts on the concept with the most links instead, without a wait."""
        graph = cache_for(self.workspace.document).graph
        if len(graph) > CENTRALITY_LIMIT and not graph.betweenness_ready:
            return None
        ranked = graph.ranked_by_betweenness(1)
        return ranked[0][0] if ranked else None

    def start(
        self, from_current: bool = False, presenter: bool = False, rehearse: bool = False
    ) -> None:
        """Present the chosen tour (or walk from the selection) full screen."""
        if self.presentation is not None:
            self.presentation.raise_()
            self.presentation.activateWindow()
            return
        tour, start = self.tour_to_present(from_current)
        if not tour.steps:
            self.workspace.show_message("Nothing to present: the map is empty", 5000)
            return
        if self.before_start is not None and not self.before_start(tour):
            return
        screens = QGuiApplication.screens()
        here = self.workspace.dialog_parent().screen()
        screen = here
        if len(screens) > 1 and not rehearse:
            chosen = self.choose_screen(screens, here)
            if chosen is None:
                return
            screen = chosen
        self._snapshot = WindowSnapshot.take(self.workspace)
        window = PresentationWindow(self.workspace.document, tour, self.options, start)
        window.closed.connect(self._on_closed)
        self.presentation = window
        if rehearse:
            window.resize(*REHEARSAL_SIZE)
            window.show()
        else:
            window.setScreen(screen)
            window.setGeometry(screen.geometry())
            window.showFullScreen()
        if presenter or (len(screens) > 1 and screen is not here):
            self.open_presenter(None if rehearse or screen is here else here)
        window.raise_()
        window.activateWindow()
        window.setFocus()

    def choose_screen(self, screens: list[QScreen], here: QScreen | None) -> QScreen | None:
        names = []
        for number, screen in enumerate(screens):
            size = screen.geometry()
            mark = " (this window)" if screen is here else ""
            names.append(f"{number + 1}: {screen.name()} — {size.width()}×{size.height()}{mark}")
        default = next((i for i, s in enumerate(screens) if s is not here), 0)
        name, ok = QInputDialog.getItem(
            self.workspace.dialog_parent(),
            "Present",
            "Show the presentation on:",
            names,
            default,
            False,
        )
        return screens[names.index(name)] if ok and name in names else None

    def open_presenter(self, screen: QScreen | None = None) -> PresenterView | None:
        from mapviewer.ui.present.presenterview import (  # noqa: PLC0415 - when asked for
            PresenterView,
            share_screen,
        )

        if self.presentation is None:
            return None
        if self.presenter is None:
            self.presenter = PresenterView(self.presentation)
            self.presenter.destroyed.connect(self._forget_presenter)
        if screen is not None:
            self.presenter.setScreen(screen)
            self.presenter.setGeometry(screen.availableGeometry())
            self.presenter.showMaximized()
        else:
            self.presenter.show()
            share_screen(self.presentation, self.presenter, self.presentation.screen())
        return self.presenter

    def _forget_presenter(self, *_: object) -> None:
        self.presenter = None

    def _on_closed(self) -> None:
        if self.presenter is not None:
            self.presenter.close()
        if self.presentation is not None:
            self.presentation.deleteLater()  # its scene stops following the document
        self.presentation = None
        if self._snapshot is not None:
            self._snapshot.restore(self.workspace)
            self._snapshot = None

    def show_keys(self) -> QDialog:
        dialog = QDialog(self.workspace.dialog_parent())
        dialog.setWindowTitle("Presentation keys")
        dialog.setObjectName("PresentationKeysDialog")
        table = QTableWidget(len(PRESENTATION_KEYS), 2, dialog)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for row, (keys, what) in enumerate(PRESENTATION_KEYS):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnToContents(0)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeRowsToContents()
        rules = QLabel(PRESENTATION_RULES)
        rules.setWordWrap(True)
        rules.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(rules)
        layout.addWidget(buttons)
        dialog.resize(760, 560)
        dialog.open()
        return dialog
