"""The Selection dock: the selected concepts and links, or everything the filters show, as
sortable tables (concepts: label, kind, degree, quotes, sources; links: phrase, from, to,
quotes, sources), as Cytoscape's node and edge tables list a network's selection.

A click on a row selects that concept or link on the map and frames it (``Workspace.go_to``);
selecting on the map selects the rows. While listing the selection, a click on one of its rows
keeps the list as it was ("pinned"), so a person can step through a multi-selection row by row;
the next selection made on the map replaces the list.

Model/view, not a table widget: a source model holds one row per concept (or link) of the map,
built once per change of the map, and sorts itself in Python when a header is clicked; a
``QSortFilterProxyModel`` keeps the rows listed: the selection, or what the Legend's kind
filters, the focus and the source filter leave shown.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mapviewer.document import Document
from mapviewer.mapstats import ConceptRow, LinkRow, concept_rows, link_rows
from mapviewer.model import proposition
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.text import plain_tooltip
from mapviewer.ui.docks import raise_when_opened
from mapviewer.ui.docks.legend import swatch_icon
from mapviewer.ui.workspace import Workspace

COLUMNS = ("Concept", "Kind", "Degree", "Quotes", "Sources")
LINK_COLUMNS = ("Link", "From", "To", "Quotes", "Sources")
LABEL, KIND, DEGREE, QUOTES, SOURCES = range(5)  # FROM and TO are the links' KIND and DEGREE
FROM, TO = 1, 2
NUMERIC = (DEGREE, QUOTES, SOURCES)
LINK_NUMERIC = (QUOTES, SOURCES)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_DELAY_MS = 250  # edits arrive in bursts (a paste, an undo): re-read the map once
_Index = QModelIndex | QPersistentModelIndex
Row = ConceptRow | LinkRow  # the id first, then one field per column


class RowsModel(QAbstractTableModel):
    """One row per concept (or link) of the map, in file order or the order of the sorted
    column; the proxy decides which are listed. Column ``i`` shows field ``i + 1`` of a row."""

    def __init__(
        self, columns: tuple[str, ...], numeric: tuple[int, ...], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self.numeric = numeric
        self.rows: list[Row] = []
        self.row_of: dict[str, int] = {}
        self.names: dict[str, str] = {}  # the kind column's ids -> the kinds' labels
        self.icons: dict[str, QIcon] = {}
        self._haystack: list[str] = []  # case-folded words of a row: the filter and tie-breaks
        self.sorted_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def set_rows(
        self,
        rows: list[Row],
        column: int,
        order: Qt.SortOrder,
        names: dict[str, str] | None = None,
        icons: dict[str, QIcon] | None = None,
    ) -> None:
        """All rows at once, already in the order of the sorted ``column`` (-1: map order)."""
        self.beginResetModel()
        self.names = names or {}
        self.icons = icons or {}
        haystack = [self._words(row) for row in rows]
        self.rows, self._haystack = self._ordered(rows, haystack, column, order)
        self.row_of = {row.ident: i for i, row in enumerate(self.rows)}
        self.sorted_by = (column, order)
        self.endResetModel()

    def _words(self, row: Row) -> str:
        if isinstance(row, LinkRow):
            return f"{row.label} {row.source} {row.target}".casefold()
        return row.label.casefold()

    def text(self, row: Row, column: int) -> str:
        value = row[column + 1]
        if self.names and column == KIND and isinstance(row, ConceptRow):
            return self.names.get(row.kind, row.kind)
        return str(value)

    def haystack(self, row: int) -> str:
        return self._haystack[row]

    def _ordered(
        self, rows: list[Row], haystack: list[str], column: int, order: Qt.SortOrder
    ) -> tuple[list[Row], list[str]]:
        if not 0 <= column < len(self.columns):
            return rows, haystack
        pairs = zip(rows, haystack, strict=True)
        keys: list[tuple[object, ...]]
        if column in self.numeric:
            keys = [(r[column + 1], h) for r, h in pairs]
        elif column == KIND and self.names:
            names = {k: label.casefold() for k, label in self.names.items()}
            keys = [(names.get(str(r[column + 1]), ""), h) for r, h in pairs]
        else:
            keys = [(str(r[column + 1]).casefold(), h) for r, h in pairs]
        descending = order == Qt.SortOrder.DescendingOrder
        ranks = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
        return [rows[i] for i in ranks], [haystack[i] for i in ranks]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows in Python by plain keys (numbers for the numeric columns, the label
        breaking ties). Sorting in the proxy asks ``data`` about 600,000 times across Python for
        20,000 rows: 6 to 9 s measured on this machine."""
        if (
            not 0 <= column < len(self.columns)
            or not self.rows
            or self.sorted_by == (column, order)
        ):
            return  # the view asks twice for one header click
        self.sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self.rows[i.row()].ident for i in persistent]
        self.rows, self._haystack = self._ordered(self.rows, self._haystack, column, order)
        self.row_of = {row.ident: i for i, row in enumerate(self.rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(self.row_of[ident], i.column())
                for i, ident in zip(persistent, held, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row_number = index.row()
        if not index.isValid() or not 0 <= row_number < len(self.rows):
            return None
        row = self.rows[row_number]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # a map's text is never HTML, even in a tip
            if isinstance(row, LinkRow):
                return plain_tooltip(proposition(row.source, row.label, row.target))
            return plain_tooltip(self.text(row, column))
        if role == ID_ROLE:
            return row.ident
        if role == Qt.ItemDataRole.DecorationRole and column == KIND and self.icons:
            return self.icons.get(str(row[column + 1]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ListedProxy(QSortFilterProxyModel):
    """Keeps the rows of ``listed`` ids (None: every row) whose words hold ``words``; the order
    is the source model's, which sorts itself."""

    def __init__(self, model: RowsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listed: set[str] | None = set()
        self.words = ""
        self.rows_model = model  # read directly: filterAcceptsRow runs 48,000 times at 20k
        self.setDynamicSortFilter(False)
        self.setSourceModel(model)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's click: the source model reorders itself, this proxy keeps its order."""
        self.rows_model.sort(column, order)

    def set_listed(self, listed: set[str] | None, words: str) -> None:
        self.beginFilterChange()
        self.listed = listed
        self.words = words.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.rows_model
        if self.listed is not None and model.rows[source_row][0] not in self.listed:
            return False
        return not self.words or self.words in model.haystack(source_row)


class Pane(NamedTuple):
    """One tab: concepts ("node") or links ("edge")."""

    kind: str
    model: RowsModel
    proxy: ListedProxy
    table: QTableView


class SelectionTableDock(QDockWidget):
    """The Selection dock; reads the map only while shown."""

    filled = Signal()  # the rows list what the map shows now

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Selection", parent)
        self.setObjectName("SelectionDock")
        raise_when_opened(self)
        self.workspace = workspace
        self._rows_stale = True  # the map changed since the rows were read
        self._pinned = False  # the list stays while a row's click changes the selection
        self._clicking = False
        self.everything = QCheckBox("Everything shown")
        self.everything.setToolTip(
            "List every concept and link the filters show (kinds ticked in the Legend, focus, "
            "source) instead of only the selected ones"
        )
        self.everything.toggled.connect(self._on_mode)
        self.words = QLineEdit()
        self.words.setPlaceholderText("Filter by name")
        self.words.setAccessibleName("Filter the listed concepts and links by name")
        self.words.setClearButtonEnabled(True)
        self.words.textChanged.connect(lambda _text: self.relist())
        self.concepts = self._pane("node", COLUMNS, NUMERIC, "Listed concepts")
        self.links = self._pane("edge", LINK_COLUMNS, LINK_NUMERIC, "Listed links")
        self.model, self.proxy, self.table = (
            self.concepts.model,
            self.concepts.proxy,
            self.concepts.table,
        )
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.resizeSection(KIND, metrics.horizontalAdvance("Resistance mechanism") + 40)
        links_header = self.links.table.horizontalHeader()
        for column in (FROM, TO):
            links_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.concepts.table, "Concepts")
        self.tabs.addTab(self.links.table, "Links")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.everything)
        top.addWidget(self.words, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        self.setWidget(body)
        self._reread_timer = QTimer(self)
        self._reread_timer.setSingleShot(True)
        self._reread_timer.setInterval(REFRESH_DELAY_MS)
        self._reread_timer.timeout.connect(self.fill)
        self._relist_timer = QTimer(self)  # selection changes come one per item: list once
        self._relist_timer.setSingleShot(True)
        self._relist_timer.setInterval(0)
        self._relist_timer.timeout.connect(self.relist)
        self.visibilityChanged.connect(self._on_visibility)
        workspace.scene_replaced.connect(self._follow_scene)
        workspace.document_replaced.connect(self._follow_document)
        workspace.theme_changed.connect(lambda _theme: self._map_changed())
        self._follow_document(workspace.document)
        self._follow_scene(workspace.scene)

    def _pane(
        self, kind: str, columns: tuple[str, ...], numeric: tuple[int, ...], name: str
    ) -> Pane:
        model = RowsModel(columns, numeric, self)
        proxy = ListedProxy(model, self)
        table = QTableView()
        table.setAccessibleName(name)
        table.setModel(proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Fixed row heights: the view never measures 20,000 rows.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        for column in range(1, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(columns[column]) + 28)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # map order until a click
        table.setSortingEnabled(True)
        pane = Pane(kind, model, proxy, table)
        table.clicked.connect(lambda _index, p=pane: self._on_row_clicked(p))
        table.activated.connect(lambda _index, p=pane: self._on_row_clicked(p))
        return pane

    def panes(self) -> tuple[Pane, Pane]:
        return self.concepts, self.links

    def sizeHint(self) -> QSize:
        return QSize(520, 360)

    # --- following the map ----------------------------------------------------------------------

    def _follow_document(self, document: Document) -> None:
        for signal in document.content_signals(moves=False):
            signal.connect(self._document_changed)
        self._pinned = False
        self._map_changed()

    def _document_changed(self, *_: object) -> None:
        if self.sender() is self.workspace.document:  # not the map that was open before
            self._map_changed(delay=True)

    def _follow_scene(self, scene: MapScene) -> None:
        scene.selectionChanged.connect(self._on_map_selection)
        scene.visibility_changed.connect(self._on_map_selection)
        self._map_changed()

    def _map_changed(self, delay: bool = False) -> None:
        self._rows_stale = True
        if self.isVisible():
            if delay:
                self._reread_timer.start()
            else:
                self.fill()

    def _on_map_selection(self) -> None:
        if not self._clicking:
            self._pinned = False
        if self.isVisible():
            self._relist_timer.start()

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            if self._rows_stale:
                self.fill()
            else:
                self.relist()

    def _on_mode(self, _everything: bool) -> None:
        self._pinned = False
        self.relist()

    # --- rows -----------------------------------------------------------------------------------

    def fill(self) -> None:
        """Read every concept's and link's figures again, then list and sort them."""
        scene = self.workspace.scene
        cmap = self.workspace.document.cmap
        concepts = concept_rows(cmap)
        kinds = {row.kind for row in concepts}
        names = {k: scene.style_for(k).label if k else "Concept (no kind)" for k in kinds}
        icons = {k: swatch_icon(scene.style_for(k), 16) for k in kinds}
        rows: dict[str, list[Row]] = {"node": list(concepts), "edge": list(link_rows(cmap))}
        for pane in self.panes():
            # What to list is known before the rows come: the proxy filters them once.
            pane.proxy.listed = self.listed_ids(pane.kind)
            header = pane.table.horizontalHeader()
            column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
            if pane.kind == "node":
                pane.model.set_rows(rows["node"], column, order, names, icons)
            else:
                pane.model.set_rows(rows["edge"], column, order)
        self._rows_stale = False
        self.relist(refilter=False)

    def listed_ids(self, kind: str) -> set[str] | None:
        """What the rows of one tab stand for now: the selection, or what the filters show."""
        scene = self.workspace.scene
        items = scene.node_items if kind == "node" else scene.edge_items
        if self.everything.isChecked():
            if all(item.shown for item in items.values()):
                return None  # nothing filtered: no set of 20,000 ids to test against
            return {ident for ident, item in items.items() if item.shown}
        pane = self.concepts if kind == "node" else self.links
        if self._pinned and pane.proxy.listed is not None:
            return pane.proxy.listed
        return self.selected_ids(kind)

    def selected_ids(self, kind: str = "node") -> set[str]:
        nodes, edges = self.workspace.scene.selected_ids()
        return nodes if kind == "node" else edges

    def relist(self, refilter: bool = True) -> None:
        """Keep the rows that stand for the selection (or what is shown), in the chosen order,
        and select the rows of what is selected on the map."""
        if self._rows_stale:
            self.fill()
            return
        for pane in self.panes():
            if refilter:
                pane.proxy.set_listed(self.listed_ids(pane.kind), self.words.text())
            selected = self.selected_ids(pane.kind)
            self._select_rows(pane, selected)
            if len(selected) == 1 and not self._clicking:  # chosen on the map: show its row
                self._scroll_to(pane, next(iter(selected)))
        if not self._clicking and not self._pinned:
            # A selection of links only (a click on a link) is read in the Links tab.
            nodes, edges = self.selected_ids("node"), self.selected_ids("edge")
            if edges and not nodes:
                self.tabs.setCurrentWidget(self.links.table)
            elif nodes and not edges:
                self.tabs.setCurrentWidget(self.concepts.table)
        self._update_summary()
        self.filled.emit()

    def _scroll_to(self, pane: Pane, ident: str) -> None:
        row = pane.model.row_of.get(ident)
        if row is not None:
            index = pane.proxy.mapFromSource(pane.model.index(row, 0))
            if index.isValid():
                pane.table.scrollTo(index)

    def _select_rows(self, pane: Pane, ids: set[str]) -> None:
        """Select the rows of ``ids`` as runs of adjacent rows: one range per run, not per row."""
        model, proxy = pane.model, pane.proxy
        proxy_rows = sorted(
            proxy.mapFromSource(model.index(model.row_of[i], 0)).row()
            for i in ids
            if i in model.row_of
        )
        # Ranges appended as they are: QItemSelection.select() merges each new range into the
        # others, quadratic in the number of runs (a selection of every other row took minutes).
        selection = QItemSelection()
        last = proxy.columnCount() - 1
        start = previous = -2
        for row in [*(r for r in proxy_rows if r >= 0), -5]:
            if row != previous + 1:
                if start >= 0:
                    top_left = proxy.index(start, 0)
                    selection.append(QItemSelectionRange(top_left, proxy.index(previous, last)))
                start = row
            previous = row
        pane.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _update_summary(self) -> None:
        words = " matching the filter" if self.words.text().strip() else ""
        counts = []
        for pane, noun in ((self.concepts, "concepts"), (self.links, "links")):
            listed = pane.proxy.rowCount()
            total = len(pane.model.rows)
            self.tabs.setTabText(self.tabs.indexOf(pane.table), f"{noun.capitalize()} ({listed:,})")
            if self.everything.isChecked():
                counts.append(f"{listed:,} of {total:,} {noun} shown{words}")
            else:
                counts.append(f"{listed:,} selected {noun}{words}")
        listed_any = self.concepts.proxy.rowCount() + self.links.proxy.rowCount()
        if not self.everything.isChecked() and not listed_any and not words:
            text = "Nothing selected: select on the map, or tick “Everything shown”."
        else:
            pinned = " (as selected before the last row click)" if self._pinned else ""
            text = " · ".join(counts) + pinned
        self.summary.setText(text)

    # --- rows -> map ----------------------------------------------------------------------------

    def ident_at(self, proxy_row: int, pane: Pane | None = None) -> str:
        pane = pane or self.concepts
        return str(pane.proxy.index(proxy_row, 0).data(ID_ROLE))

    def _on_row_clicked(self, pane: Pane) -> None:
        rows = sorted({i.row() for i in pane.table.selectionModel().selectedRows()})
        ids = [self.ident_at(r, pane) for r in rows]
        if not ids:
            return
        self._clicking = True
        if not self.everything.isChecked():
            self._pinned = True
        try:
            if len(ids) == 1:
                self.workspace.go_to(pane.kind, ids[0])
            elif pane.kind == "node":
                self.workspace.scene.select_many(ids)
            else:
                self.workspace.scene.select_many(edge_ids=ids)
        finally:
            self._clicking = False
