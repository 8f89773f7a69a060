"""The Selection dock: the selected concepts, or everything the filters show, as a sortable table
(label, kind, degree, quotes, sources), as Cytoscape's node table lists a network's selection.

A click on a row selects that concept on the map and frames it (``Workspace.go_to``); selecting
on the map selects the rows. While listing the selection, a click on one of its rows keeps the
list as it was ("pinned"), so a person can step through a multi-selection row by row; the next
selection made on the map replaces the list.

Model/view, not a table widget: the source model holds one ``ConceptRow`` per concept of the map
(built once per change of the map), and a ``QSortFilterProxyModel`` keeps the rows listed (the
selection, or what the Legend's kind filters, the focus and the source filter leave shown) and
sorts them by a sort role that gives numbers for the numeric columns.
"""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from mapviewer.document import Document
from mapviewer.mapstats import ConceptRow, concept_rows
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.docks.legend import swatch_icon
from mapviewer.ui.workspace import Workspace

COLUMNS = ("Concept", "Kind", "Degree", "Quotes", "Sources")
LABEL, KIND, DEGREE, QUOTES, SOURCES = range(5)
NUMERIC = (DEGREE, QUOTES, SOURCES)
NUMBER_FIELDS = {DEGREE: "degree", QUOTES: "quotes", SOURCES: "sources"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_DELAY_MS = 250  # edits arrive in bursts (a paste, an undo): re-read the map once
_Index = QModelIndex | QPersistentModelIndex


class ConceptTableModel(QAbstractTableModel):
    """One row per concept of the map, in file order; the proxy decides which are listed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ConceptRow] = []
        self.row_of: dict[str, int] = {}
        self.kind_labels: dict[str, str] = {}
        self.icons: dict[str, QIcon] = {}
        self._folded: list[str] = []  # labels case-folded once, for sorting and the word filter
        self.sorted_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def set_rows(
        self,
        rows: list[ConceptRow],
        kind_labels: dict[str, str],
        icons: dict[str, QIcon],
        column: int,
        order: Qt.SortOrder,
    ) -> None:
        """All rows at once, already in the order of the sorted ``column`` (-1: map order)."""
        self.beginResetModel()
        self.kind_labels = kind_labels
        self.icons = icons
        folded = [row.label.casefold() for row in rows]
        self.rows, self._folded = self._ordered(rows, folded, column, order)
        self.row_of = {row.ident: i for i, row in enumerate(self.rows)}
        self.sorted_by = (column, order)
        self.endResetModel()

    def _ordered(
        self, rows: list[ConceptRow], folded: list[str], column: int, order: Qt.SortOrder
    ) -> tuple[list[ConceptRow], list[str]]:
        if not 0 <= column < len(COLUMNS):
            return rows, folded
        if column == LABEL:
            keys: list[tuple[object, ...]] = [(f,) for f in folded]
        elif column == KIND:
            labels = self.kind_labels
            keys = [
                (labels.get(r.kind, r.kind).casefold(), f)
                for r, f in zip(rows, folded, strict=True)
            ]
        else:
            field = ConceptRow._fields.index(NUMBER_FIELDS[column])
            keys = [(r[field], f) for r, f in zip(rows, folded, strict=True)]
        descending = order == Qt.SortOrder.DescendingOrder
        ranks = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
        return [rows[i] for i in ranks], [folded[i] for i in ranks]

    def folded_label(self, row: int) -> str:
        return self._folded[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows in Python by plain keys (numbers for the numeric columns, the label
        breaking ties). Sorting in the proxy asks ``data`` about 600,000 times across Python for
        20,000 rows: 6 to 9 s measured on this machine."""
        if not 0 <= column < len(COLUMNS) or not self.rows or self.sorted_by == (column, order):
            return  # the view asks twice for one header click
        self.sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self.rows[i.row()].ident for i in persistent]
        self.rows, self._folded = self._ordered(self.rows, self._folded, column, order)
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
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row_number = index.row()
        if not index.isValid() or not 0 <= row_number < len(self.rows):
            return None
        row = self.rows[row_number]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == LABEL:
                return row.label
            if column == KIND:
                return self.kind_labels.get(row.kind, row.kind)
            return str(getattr(row, NUMBER_FIELDS[column]))
        if role == ID_ROLE:
            return row.ident
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            return self.icons.get(row.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ListedProxy(QSortFilterProxyModel):
    """Keeps the concepts of ``listed`` (None: every row) whose label holds ``words``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listed: set[str] | None = set()
        self.words = ""
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's click: the source model reorders itself, this proxy keeps its order."""
        model = self.sourceModel()
        if isinstance(model, ConceptTableModel):
            model.sort(column, order)

    def set_listed(self, listed: set[str] | None, words: str) -> None:
        self.beginFilterChange()
        self.listed = listed
        self.words = words.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ConceptTableModel):
            return True
        if self.listed is not None and model.rows[source_row].ident not in self.listed:
            return False
        return not self.words or self.words in model.folded_label(source_row)


class SelectionTableDock(QDockWidget):
    """The Selection dock; reads the map only while shown."""

    filled = Signal()  # the rows list what the map shows now

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Selection", parent)
        self.setObjectName("SelectionDock")
        self.workspace = workspace
        self._rows_stale = True  # the map changed since the rows were read
        self._pinned = False  # the list stays while a row's click changes the selection
        self._clicking = False
        self._syncing = False
        self.everything = QCheckBox("Everything shown")
        self.everything.setToolTip(
            "List every concept the filters show (kinds ticked in the Legend, focus, source) "
            "instead of only the selected ones"
        )
        self.everything.toggled.connect(self._on_mode)
        self.words = QLineEdit()
        self.words.setPlaceholderText("Filter by name")
        self.words.setAccessibleName("Filter the listed concepts by name")
        self.words.setClearButtonEnabled(True)
        self.words.textChanged.connect(lambda _text: self.relist())
        self.model = ConceptTableModel(self)
        self.proxy = ListedProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName("Listed concepts")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 20,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(KIND, metrics.horizontalAdvance("Resistance mechanism") + 40)
        for column in NUMERIC:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(COLUMNS[column]) + 28)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # map order until a click
        self.table.setSortingEnabled(True)
        self.table.clicked.connect(self._on_row_clicked)
        self.table.activated.connect(self._on_row_clicked)
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
        layout.addWidget(self.table, 1)
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
        """Read every concept's figures again, then list and sort them."""
        scene = self.workspace.scene
        document = self.workspace.document
        rows = concept_rows(document.cmap)
        kinds = {row.kind for row in rows}
        labels = {k: scene.style_for(k).label if k else "Concept (no kind)" for k in kinds}
        icons = {k: swatch_icon(scene.style_for(k), 16) for k in kinds}
        header = self.table.horizontalHeader()
        # What to list is known before the rows come: the proxy filters them once, not twice.
        self.proxy.listed = self.listed_ids()
        self.model.set_rows(
            rows, labels, icons, header.sortIndicatorSection(), header.sortIndicatorOrder()
        )
        self._rows_stale = False
        self.relist(refilter=False)

    def listed_ids(self) -> set[str] | None:
        """What the rows stand for now: the selection, or what the filters show."""
        scene = self.workspace.scene
        if self.everything.isChecked():
            if all(item.shown for item in scene.node_items.values()):
                return None  # nothing filtered: no set of 20,000 ids to test against
            return set(scene.visible_node_ids())
        if self._pinned and self.proxy.listed is not None:
            return self.proxy.listed
        return self.selected_ids()

    def selected_ids(self) -> set[str]:
        return {i.node_id for i in self.workspace.scene.selectedItems() if isinstance(i, NodeItem)}

    def relist(self, refilter: bool = True) -> None:
        """Keep the rows that stand for the selection (or what is shown), in the chosen order,
        and select the rows of the concepts selected on the map."""
        if self._rows_stale:
            self.fill()
            return
        if refilter:
            self.proxy.set_listed(self.listed_ids(), self.words.text())
        selected = self.selected_ids()
        self._select_rows(selected)
        if len(selected) == 1 and not self._clicking:  # chosen on the map: show its row
            (ident,) = selected
            row = self.model.row_of.get(ident)
            if row is not None:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.scrollTo(index)
        self._update_summary()
        self.filled.emit()

    def _select_rows(self, ids: set[str]) -> None:
        """Select the rows of ``ids`` as runs of adjacent rows: one range per run, not per row."""
        proxy_rows = sorted(
            self.proxy.mapFromSource(self.model.index(self.model.row_of[i], 0)).row()
            for i in ids
            if i in self.model.row_of
        )
        # Ranges appended as they are: QItemSelection.select() merges each new range into the
        # others, quadratic in the number of runs (a selection of every other row took minutes).
        selection = QItemSelection()
        last = self.proxy.columnCount() - 1
        start = previous = -2
        for row in [*(r for r in proxy_rows if r >= 0), -5]:
            if row != previous + 1:
                if start >= 0:
                    top_left = self.proxy.index(start, 0)
                    selection.append(
                        QItemSelectionRange(top_left, self.proxy.index(previous, last))
                    )
                start = row
            previous = row
        self._syncing = True
        try:
            self.table.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._syncing = False

    def _update_summary(self) -> None:
        listed = self.proxy.rowCount()
        total = len(self.model.rows)
        words = " matching the filter" if self.words.text().strip() else ""
        if self.everything.isChecked():
            text = f"{listed:,} of {total:,} concepts shown{words}"
        elif not listed and not words:
            text = "Nothing selected: select concepts on the map, or tick “Everything shown”."
        else:
            pinned = " (as selected before the last row click)" if self._pinned else ""
            text = f"{listed:,} selected concepts{words}{pinned}"
        self.summary.setText(text)

    # --- rows -> map ----------------------------------------------------------------------------

    def ident_at(self, proxy_row: int) -> str:
        return str(self.proxy.index(proxy_row, 0).data(ID_ROLE))

    def _on_row_clicked(self, _index: QModelIndex) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.ident_at(r) for r in rows]
        if not ids:
            return
        self._clicking = True
        if not self.everything.isChecked():
            self._pinned = True
        try:
            if len(ids) == 1:
                self.workspace.go_to("node", ids[0])
            else:
                self.workspace.scene.select_many(ids)
        finally:
            self._clicking = False
