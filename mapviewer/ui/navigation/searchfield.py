"""The find field: ranked suggestions as you type, each showing why it matched; Enter jumps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from mapviewer.model import ConceptMap

if TYPE_CHECKING:
    from mapviewer.search import Hit, SearchIndex
    from mapviewer.ui.navigation.searchpopup import Suggestions

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
        self._suggestions: Suggestions | None = None  # made on the first keystroke
        self.textEdited.connect(self._refresh)
        self.returnPressed.connect(self.go)

    def set_map(self, cmap: ConceptMap) -> None:
        """Search this map from now on; its index is built on the first search, not at start-up.

        Another map (an open, a New) empties the field: the words typed were about the map
        before, and Enter would look them up in this one. The same map after an edit keeps them.
        """
        another = cmap is not self._cmap
        if another and self.text():
            self.clear()
        self._cmap = cmap
        self._index = None
        if self._suggestions is not None:
            self._suggestions.model.clear()
            if another:
                self._suggestions.popup.hide()

    def hits(self, text: str | None = None) -> list[Hit]:
        if self._cmap is None:
            return []
        if self._index is None:
            from mapviewer.search import SearchIndex  # noqa: PLC0415 - on the first search

            self._index = SearchIndex(self._cmap)
            self._labels = self._cmap.labels()
        return self._index.search(self.text() if text is None else text, MAX_SUGGESTIONS)

    def _refresh(self, text: str) -> None:
        if self._suggestions is None:
            from mapviewer.ui.navigation.searchpopup import Suggestions  # noqa: PLC0415

            self._suggestions = Suggestions(self, self.found.emit)
        hits = self.hits(text)  # before the popup reads the labels the index fills
        self._suggestions.show(hits, self._labels, self.hasFocus())

    def go(self) -> None:
        """Jump to the best match for what is typed (or the suggestion chosen in the list)."""
        chosen = self._suggestions.take_current() if self._suggestions is not None else None
        if chosen:
            self.found.emit(chosen)
            return
        hits = self.hits()
        if hits:
            self.found.emit(hits[0].node_id)
        elif self.text().strip():
            self.not_found.emit(self.text())
