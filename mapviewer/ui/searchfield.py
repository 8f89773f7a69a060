"""The find field: suggestions as you type, Enter jumps to the best match."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from mapviewer.model import ConceptMap
from mapviewer.search import ALIAS, Hit, SearchIndex

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SUGGESTIONS = 12


class SearchField(QLineEdit):
    """Emits ``found(node_id)`` when the user picks a concept; ``not_found(text)`` otherwise."""

    found = Signal(str)
    not_found = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Find a concept…  (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Find a concept")
        self.setMinimumWidth(220)
        self.setMaximumWidth(360)
        self._cmap: ConceptMap | None = None
        self._index: SearchIndex | None = None
        self._labels: dict[str, str] = {}
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._on_activated)
        self.textEdited.connect(self._refresh)
        self.returnPressed.connect(self.go)

    def set_map(self, cmap: ConceptMap) -> None:
        """Search this map from now on; its index is built on the first search, not at start-up."""
        self._cmap = cmap
        self._index = None
        self._model.clear()

    def hits(self, text: str | None = None) -> list[Hit]:
        if self._cmap is None:
            return []
        if self._index is None:
            self._index = SearchIndex(self._cmap)
            self._labels = {n.id: n.label for n in self._cmap.nodes}
        return self._index.search(self.text() if text is None else text, MAX_SUGGESTIONS)

    def _describe(self, hit: Hit) -> str:
        label = self._labels.get(hit.node_id, hit.node_id)
        if hit.field == ALIAS:
            return f"{hit.text}  →  {label}"
        return label

    def _refresh(self, text: str) -> None:
        self._model.clear()
        for hit in self.hits(text):
            row = QStandardItem(self._describe(hit))
            row.setData(hit.node_id, NODE_ROLE)
            row.setEditable(False)
            self._model.appendRow(row)
        if self._model.rowCount() and self.hasFocus():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ROLE)
        if node_id:
            self.found.emit(node_id)

    def go(self) -> None:
        """Jump to the best match for what is typed."""
        popup = self._completer.popup()
        if popup.isVisible():
            current = popup.currentIndex()
            popup.hide()
            if current.isValid():
                self._on_activated(current)
                return
        hits = self.hits()
        if hits:
            self.found.emit(hits[0].node_id)
        elif self.text().strip():
            self.not_found.emit(self.text())
