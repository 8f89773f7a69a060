"""The evidence view: which concepts and links a source backs, which none does, which quote
words their source no longer says.

- The Evidence dock lists every concept and link with its number of quotes, its sources and its
  state (quoted, unquoted, stale); it sorts by any column, filters by words and by state, and a
  click selects the item on the map. It fills only while shown: a 5k map's 12 000 rows take
  under two tenths of a second, and edits made while it is hidden cost nothing here.
- View > Evidence Colouring draws unquoted links dashed and marks stale items on the canvas.
- The bar over the canvas says how many quotes went stale, on opening and after a source file
  changed; before F5 presents a tour with stale quotes, a question says so.
- ``show_source_support`` is what both "Show only what this source supports" controls do.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyleOptionGraphicsItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mapviewer.document import Document
from mapviewer.evidence import STATES, ItemEvidence, source_support, stale_steps
from mapviewer.model import Tour
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.overview import LineStyle
from mapviewer.ui.files.sourcewatch import QuoteWatch, StaleQuotesBar, stale_text, watch_for
from mapviewer.ui.workspace import Workspace

if TYPE_CHECKING:
    from mapviewer.ui.tours.tourui import TourUi

STALE_COLOUR = "#D55E00"  # vermillion, as the Source dock marks a quote that no longer matches
COLUMNS = ("Concept or link", "Quotes", "Sources", "State")
NAME, QUOTES, SOURCES, STATE = range(4)
ALL = "all"
_Index = QModelIndex | QPersistentModelIndex


def show_source_support(scene: MapScene, document: Document, source_id: str) -> None:
    """Show only what ``source_id`` supports ("" shows everything again): its quoted concepts
    and links fully, their neighbours faintly, the rest not at all (mapviewer.evidence's rule,
    for the View menu's control and the Source dock's alike)."""
    if not source_id or source_id not in document.sources:
        scene.clear_shown_filter("source")
        scene.clear_dim_filter("source")
        return
    support = source_support(document.cmap, source_id)
    scene.set_shown_filter("source", support.shown_nodes, support.shown_edges)
    scene.set_dim_filter("source", set(support.nodes), set(support.edges))


# --- the dock ----------------------------------------------------------------------------------


class EvidenceModel(QAbstractTableModel):
    """The rows that pass the filter, in the chosen order; sorted and filtered in Python lists
    (a proxy model would call ``data`` some 200 000 times to sort 12 000 rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.everything: list[ItemEvidence] = []
        self.rows: list[ItemEvidence] = []
        self.titles: dict[str, str] = {}
        self.words = ""
        self.state = ALL
        self.sort_column = -1
        self.order = Qt.SortOrder.AscendingOrder

    def set_items(self, items: list[ItemEvidence], titles: dict[str, str]) -> None:
        self.everything = items
        self.titles = titles
        self._refilter()

    def set_filter(self, words: str, state: str) -> None:
        self.words = words.casefold().strip()
        self.state = state
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        words = self.words
        rows = [
            item
            for item in self.everything
            if (self.state == ALL or item.state == self.state)
            and (not words or words in self._haystack(item))
        ]
        self.rows = self._sorted(rows)
        self.endResetModel()

    def _haystack(self, item: ItemEvidence) -> str:
        return f"{item.name} {self.sources_text(item)} {item.state}".casefold()

    def sources_text(self, item: ItemEvidence) -> str:
        return ", ".join(self.titles.get(s, s) for s in item.sources)

    def _sorted(self, rows: list[ItemEvidence]) -> list[ItemEvidence]:
        column = self.sort_column
        if column < 0:
            return rows
        reverse = self.order == Qt.SortOrder.DescendingOrder
        if column == QUOTES:
            return sorted(rows, key=lambda i: (i.quotes, i.name.casefold()), reverse=reverse)
        if column == SOURCES:
            return sorted(rows, key=lambda i: self.sources_text(i).casefold(), reverse=reverse)
        if column == STATE:
            rank = {"stale": 0, "unquoted": 1, "quoted": 2}
            return sorted(rows, key=lambda i: (rank[i.state], i.name.casefold()), reverse=reverse)
        return sorted(rows, key=lambda i: i.name.casefold(), reverse=reverse)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.order = column, order
        self.layoutAboutToBeChanged.emit()
        self.rows = self._sorted(self.rows)
        self.layoutChanged.emit()

    # --- the model's answers --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        item = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == NAME:
                return item.name
            if column == QUOTES:
                return str(item.quotes) if not item.stale else f"{item.quotes} ({item.stale} ⚠)"
            if column == SOURCES:
                return self.sources_text(item)
            return {"stale": "⚠ stale", "unquoted": "unquoted", "quoted": "quoted"}[item.state]
        if role == Qt.ItemDataRole.ForegroundRole and item.state == "stale" and column == STATE:
            return QBrush(QColor(STALE_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == QUOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def item_at(self, row: int) -> ItemEvidence | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, kind: str, ident: str) -> int:
        return next((i for i, r in enumerate(self.rows) if (r.kind, r.ident) == (kind, ident)), -1)


class EvidenceDock(QDockWidget):
    """Every concept and link with its quotes, sources and state; a click selects it."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Evidence", parent)
        self.setObjectName("EvidenceDock")
        self.workspace = workspace
        self.watch: QuoteWatch | None = None
        self._stale_rows = True  # the map changed while the dock was hidden
        self.words = QLineEdit()
        self.words.setPlaceholderText("Filter by words or source")
        self.words.setAccessibleName("Filter evidence")
        self.words.setClearButtonEnabled(True)
        self.words.textChanged.connect(self._refilter)
        self.state = QComboBox()
        self.state.setAccessibleName("State")
        for value, text in (
            (ALL, "All states"),
            ("quoted", "Quoted"),
            ("unquoted", "Unquoted"),
            ("stale", "Stale"),
        ):
            self.state.addItem(text, value)
        self.state.currentIndexChanged.connect(lambda _: self._refilter())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = EvidenceModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Concepts and links with their evidence")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(SOURCES, 220)
        # Short words: as wide as the longest they show (measuring 12 000 rows would cost).
        metrics = self.table.fontMetrics()
        for column, widest in ((QUOTES, "Quotes 10 (10 ⚠)"), (STATE, "⚠ unquoted")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(widest) + 20)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # map order until a click
        self.table.setSortingEnabled(True)
        self.table.clicked.connect(self._go_to)
        self.table.activated.connect(self._go_to)
        top = QHBoxLayout()
        top.addWidget(self.words, 1)
        top.addWidget(self.state)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setWidget(body)
        self.visibilityChanged.connect(self._on_visibility)
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._follow)

    def _follow(self, document: Document) -> None:
        if self.watch is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.watch.changed.disconnect(self._map_changed)
        self.watch = watch_for(document)
        self.watch.changed.connect(self._map_changed)
        self._map_changed()

    def _map_changed(self) -> None:
        self._stale_rows = True
        if self.isVisible():
            self.fill()

    def _on_visibility(self, visible: bool) -> None:
        if visible and self._stale_rows:
            self.fill()

    def fill(self) -> None:
        """Read the evidence again, keeping the filter, the order and the chosen row."""
        if self.watch is None:
            return
        current = self.model.item_at(self.table.currentIndex().row())
        document = self.workspace.document
        titles = {s.id: s.title for s in document.cmap.sources}
        self.model.set_items(self.watch.evidence(), titles)
        self._stale_rows = False
        self._after_filter(current)

    def _refilter(self) -> None:
        current = self.model.item_at(self.table.currentIndex().row())
        self.model.set_filter(self.words.text(), str(self.state.currentData()))
        self._after_filter(current)

    def _after_filter(self, current: ItemEvidence | None) -> None:
        if current is not None:
            row = self.model.row_of(current.kind, current.ident)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, 0))
        everything = self.model.everything
        counts = {state: sum(i.state == state for i in everything) for state in STATES}
        self.summary.setText(
            f"{len(self.model.rows)} of {len(everything)} shown · {counts['quoted']} quoted · "
            f"{counts['unquoted']} unquoted · {counts['stale']} stale"
        )

    def show_state(self, state: str) -> None:
        """Open the dock listing only items in ``state`` (the bar's "Show Them": stale)."""
        self.words.clear()
        self.state.setCurrentIndex(max(0, self.state.findData(state)))
        self.show()
        self.raise_()
        if self._stale_rows:
            self.fill()
        self.table.setFocus()

    def _go_to(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.workspace.go_to(item.kind, item.ident)


# --- the colouring on the canvas -----------------------------------------------------------------


class _StaleMark(QGraphicsEllipseItem):
    """A vermillion dot with "!" at a concept's top right corner: one of its quotes is stale."""

    RADIUS = 7.0

    def __init__(self, parent: QGraphicsItem, x: float, y: float) -> None:
        r = self.RADIUS
        super().__init__(QRectF(x - r, y - r, 2 * r, 2 * r), parent)
        self.setBrush(QColor(STALE_COLOUR))
        self.setPen(QPen(QColor("white"), 1.5))
        self.setZValue(5)
        self.setToolTip("A quote of this concept no longer matches its source")

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        super().paint(painter, option, widget)
        rect = self.rect()
        painter.setPen(QPen(QColor("white"), 2.0))
        middle = rect.center()
        painter.drawLine(
            QPointF(middle.x(), rect.top() + 3.5), QPointF(middle.x(), middle.y() + 1.0)
        )
        painter.drawPoint(QPointF(middle.x(), rect.bottom() - 3.5))


class EvidenceColouring(QObject):
    """View > Evidence Colouring: unquoted links dashed, stale links vermillion, stale concepts
    marked. Only the drawing changes; the map's own colours and dashes come back when it is off
    (a link's style as the scene set it is remembered, and taken again if an edit restyled it)."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.action = QAction("&Evidence Colouring", self)
        self.action.setCheckable(True)
        self.action.setToolTip(
            "Draw links no quote supports dashed, and mark items whose quotes no longer match"
        )
        self.action.toggled.connect(self._toggled)
        self._own: dict[str, tuple[QColor | None, str, bool]] = {}  # as the scene styled it
        self._mine: dict[str, tuple[QColor | None, str, bool]] = {}  # as this styled it
        self._marks: list[_StaleMark] = []
        # The links' states while on: a big map's link items made later are styled by them
        # (MapScene.links_made).
        self._states: dict[tuple[str, str], str] = {}
        self._scene: MapScene | None = None
        self._watch: QuoteWatch | None = None
        workspace.scene_replaced.connect(self._on_scene)
        workspace.document_replaced.connect(lambda _d: self._on_scene(workspace.scene))
        self._on_scene(workspace.scene)

    def _on_scene(self, scene: MapScene) -> None:
        self._own.clear()
        self._mine.clear()
        self._marks.clear()  # they went with the old scene's items
        if self._scene is not None and self._scene is not scene:
            with contextlib.suppress(RuntimeError, TypeError):
                self._scene.links_made.disconnect(self._on_links_made)
        if self._scene is not scene:
            scene.links_made.connect(self._on_links_made)
        self._scene = scene
        watch = watch_for(self.workspace.document)
        if watch is not self._watch:
            if self._watch is not None:
                with contextlib.suppress(RuntimeError, TypeError):
                    self._watch.changed.disconnect(self.apply)
            self._watch = watch
            watch.changed.connect(self.apply)
        self.apply()

    def _toggled(self, on: bool) -> None:
        """Apply, and say what the colouring found: on a map where everything is quoted it
        changes nothing on the canvas, and turning it on seemed to do nothing at all."""
        self.apply()
        if not on:
            return
        states = self._states
        unquoted = sum(1 for (k, _), s in states.items() if k == "edge" and s == "unquoted")
        stale = sum(1 for s in states.values() if s == "stale")
        if not unquoted and not stale:
            text = "Evidence: every link quotes its sources, and every quote matches them."
        else:
            parts = []
            if unquoted:
                parts.append(f"{unquoted} link{'s' * (unquoted != 1)} no quote supports (dashed)")
            if stale:
                parts.append(f"{stale} item{'s' * (stale != 1)} whose quotes no longer match")
            text = "Evidence: " + "; ".join(parts) + "."
        self.workspace.show_message(text, 8000)

    def apply(self) -> None:
        scene = self.workspace.scene
        if scene is not self._scene:
            return
        self._clear_marks()
        on = self.action.isChecked()
        if not on and not self._mine:
            scene.set_line_styles({})
            return
        rows = watch_for(self.workspace.document).evidence() if on else []
        states = self._states = {(r.kind, r.ident): r.state for r in rows}
        for edge_id, item in scene.edge_items.items():
            self._style_link(edge_id, item)
        scene.set_line_styles(self._line_styles())
        for (kind, ident), state in states.items():
            if kind == "node" and state == "stale" and ident in scene.node_items:
                node = scene.node_items[ident]
                self._marks.append(_StaleMark(node, node.half_w - 2, -node.half_h + 2))

    def _style_link(self, edge_id: str, item: EdgeItem) -> None:
        now = (item.color, item.dash, item.directed)
        if self._mine.get(edge_id) != now:  # the scene restyled it (an edit) or never mine
            self._own[edge_id] = now
        own = self._own.get(edge_id, now)
        state = self._states.get(("edge", edge_id))
        if state == "unquoted":
            wanted = (own[0], "dash", own[2])
        elif state == "stale":
            wanted = (QColor(STALE_COLOUR), own[1], own[2])
        else:
            wanted = own
        if wanted != now:
            item.set_style(*wanted)
        if wanted != own:
            self._mine[edge_id] = wanted
        else:
            self._mine.pop(edge_id, None)
            self._own.pop(edge_id, None)

    def _line_styles(self) -> dict[str, LineStyle]:
        """The same styles for the lines a big map's overview draws (no items there)."""
        edges = self.workspace.document.edges
        styles: dict[str, LineStyle] = {}
        for (kind, ident), state in self._states.items():
            edge = edges.get(ident) if kind == "edge" else None
            if edge is None:
                continue
            if state == "unquoted":
                styles[ident] = (edge.color, "dash")
            elif state == "stale":
                styles[ident] = (STALE_COLOUR, edge.dash or "solid")
        return styles

    def _on_links_made(self, edge_ids: list[str]) -> None:
        """A big map's link items made where the view now looks: styled as the others."""
        scene = self.workspace.scene
        if scene is not self._scene or not self.action.isChecked():
            return
        for edge_id in edge_ids:
            item = scene.edge_items.get(edge_id)
            if item is not None:
                self._style_link(edge_id, item)

    def _clear_marks(self) -> None:
        for mark in self._marks:
            with contextlib.suppress(RuntimeError):
                scene = mark.scene()
                if scene is not None:
                    scene.removeItem(mark)
        self._marks.clear()


# --- assembled in a window ------------------------------------------------------------------


class EvidenceUi(QObject):
    """The Evidence dock, its View menu entries, the stale-quotes bar and the question before
    F5, for one window."""

    def __init__(
        self,
        workspace: Workspace,
        host: QMainWindow,
        *,
        view_menu: QMenu,
        tours: TourUi | None = None,
    ) -> None:
        super().__init__(host)
        self.workspace = workspace
        self.dock = EvidenceDock(workspace, host)
        host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)  # a wide table
        self.dock.hide()
        self.colouring = EvidenceColouring(workspace, self)
        view_menu.addAction(self.dock.toggleViewAction())
        view_menu.addAction(self.colouring.action)
        self.bar = StaleQuotesBar(workspace.view)
        self.bar.show_button.clicked.connect(self.show_stale)
        self.tours = tours
        if tours is not None:
            tours.runner.before_start = self.confirm_tour
        self._watch: QuoteWatch | None = None
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._follow)

    def _follow(self, document: Document) -> None:
        watch = watch_for(document)
        if self._watch is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._watch.sources_checked.disconnect(self.announce)
                self._watch.changed.disconnect(self._recount)
        self._watch = watch
        watch.sources_checked.connect(self.announce)  # also after opening: the map's quotes
        watch.changed.connect(self._recount)
        if not watch.checking:
            self.announce()

    def announce(self) -> None:
        """Show the bar if any quote is stale (on opening, after a source changed on disk)."""
        watch = watch_for(self.workspace.document)
        lost, files = watch.lost_texts()
        self.bar.show_count(watch.stale_count(), lost, files, watch.stale_owners())

    def _recount(self) -> None:
        """An edit may have fixed (or broken) quotes: a bar on screen keeps its count true."""
        if self.bar.isVisible():
            self.announce()

    def show_stale(self) -> None:
        self.bar.hide()
        self.dock.show_state("stale")

    # --- before F5 ------------------------------------------------------------------------------

    def confirm_tour(self, tour: Tour) -> bool:
        """True to present. A tour with stale quotes asks first: present anyway, or show the
        steps (the first one chosen in the Tours dock) to fix them."""
        steps = stale_steps(tour, watch_for(self.workspace.document).checks)
        if not steps:
            return True
        numbers = ", ".join(str(i + 1) for i in steps)
        box = QMessageBox(self.workspace.dialog_parent())
        box.setObjectName("StaleTourQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Stale quotes in this tour")
        box.setTextFormat(Qt.TextFormat.PlainText)
        name = tour.title or tour.id or "this tour"
        box.setText(
            f"In “{name}”, {stale_text(len(steps))} (step{'s' * (len(steps) > 1)} {numbers})."
        )
        box.setInformativeText("The hall would read words the source no longer says.")
        present = box.addButton("&Present Anyway", QMessageBox.ButtonRole.AcceptRole)
        show = box.addButton("&Show Them", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(show)
        box.setEscapeButton(show)
        box.exec()
        if box.clickedButton() is present:
            return True
        self._show_steps(tour, steps[0])
        return False

    def _show_steps(self, tour: Tour, first: int) -> None:
        if self.tours is None:
            return
        self.tours.dock.show()
        self.tours.dock.raise_()
        self.tours.panel.choose(tour.id, first)
        self.tours.panel.steps.setFocus()
