"""The find field: ranked suggestions as you type, each showing why it matched; Enter jumps.

Suggestions are painted from plain text with QTextLayout formats (the matched words bold), so
text from a map is never interpreted as HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from mapviewer.model import ConceptMap

if TYPE_CHECKING:
    from mapviewer.search import Hit, SearchIndex

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # (context text, match start, match end)
MAX_SUGGESTIONS = 12
# Why a suggestion matched, by the search module's field names (it loads on the first search).
WHY = {"alias": "also called", "description": "description", "quote": "quote"}


class _HitDelegate(QStyledItemDelegate):
    """One suggestion: the concept's label in bold, then why it matched, the match in bold."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(role)
        detail, start, end = index.data(DETAIL_ROLE) or ("", 0, 0)
        line = text + ("   " + detail if detail else "")
        layout = QTextLayout(line, option.font)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        muted = QTextCharFormat()
        muted.setForeground(option.palette.color(QPalette.ColorRole.PlaceholderText))
        formats = [QTextLayout.FormatRange()]
        formats[0].start, formats[0].length, formats[0].format = 0, len(text), bold
        if detail:
            offset = len(text) + 3
            rest = QTextLayout.FormatRange()
            rest.start, rest.length, rest.format = offset, len(detail), muted
            hit = QTextLayout.FormatRange()
            hit.start, hit.length, hit.format = offset + start, max(0, end - start), bold
            formats += [rest, hit] if not selected else [hit]
        layout.setFormats(formats)
        layout.beginLayout()
        text_line = layout.createLine()
        text_line.setLineWidth(1e6)
        layout.endLayout()
        rect = QRectF(option.rect).adjusted(6, 0, -6, 0)
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(colour)
        top = rect.top() + (rect.height() - text_line.height()) / 2
        layout.draw(painter, QPointF(rect.left(), top))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 8))


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
        popup = self._completer.popup()
        popup.setItemDelegate(_HitDelegate(popup))
        popup.setMinimumWidth(560)
        popup.setAccessibleName("Search results")
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
            from mapviewer.search import SearchIndex  # noqa: PLC0415 - on the first search

            self._index = SearchIndex(self._cmap)
            self._labels = {n.id: n.label for n in self._cmap.nodes}
        return self._index.search(self.text() if text is None else text, MAX_SUGGESTIONS)

    def _row(self, hit: Hit) -> QStandardItem:
        label = self._labels.get(hit.node_id, hit.node_id)
        row = QStandardItem(label)
        row.setData(hit.node_id, NODE_ROLE)
        row.setEditable(False)
        if hit.field != "label":
            why = f"{WHY[hit.field]}: "
            row.setData((why + hit.text, len(why) + hit.start, len(why) + hit.end), DETAIL_ROLE)
            row.setToolTip("")  # the row says it all; a tooltip would render as rich text
        row.setData(f"{label}, {WHY.get(hit.field, 'label')}", Qt.ItemDataRole.AccessibleTextRole)
        return row

    def _refresh(self, text: str) -> None:
        self._model.clear()
        for hit in self.hits(text):
            self._model.appendRow(self._row(hit))
        if self._model.rowCount() and self.hasFocus():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ROLE)
        if node_id:
            self.found.emit(node_id)

    def go(self) -> None:
        """Jump to the best match for what is typed (or the suggestion chosen in the list)."""
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
