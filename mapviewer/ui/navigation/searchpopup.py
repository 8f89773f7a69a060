"""The find field's suggestion list: ranked hits, each showing why it matched.

Suggestions are painted from plain text with QTextLayout formats (the matched words bold), so
text from a map is never interpreted as HTML. The list is its own module because the find field
builds it on the first keystroke: its Qt classes cost the first frame ~5 ms at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
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
    QAbstractItemView,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from mapviewer.ui.navigation.searchfield import MAX_SUGGESTIONS

if TYPE_CHECKING:
    from collections.abc import Callable

    from mapviewer.search import Hit

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # (context text, match start, match end)
# Why a suggestion matched, by the search module's field names (it loads on the first search).
INDEXING = "Indexing…"  # the row shown while a big map's search index is being built
WHY = {"alias": "also called", "description": "description", "quote": "quote"}


class HitDelegate(QStyledItemDelegate):
    """One suggestion: the concept's label in bold, then why it matched, the match in bold."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
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

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 8))


class Suggestions:
    """The completer under a find field and the rows it lists."""

    def __init__(self, field: QLineEdit, picked: Callable[[str], None]) -> None:
        self.model = QStandardItemModel(field)
        self.completer = QCompleter(self.model, field)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        self.completer.setWidget(field)
        # Qt makes the list on the first request and never returns None; the stubs allow None.
        self.popup = popup = cast(QAbstractItemView, self.completer.popup())
        popup.setItemDelegate(HitDelegate(popup))
        popup.setMinimumWidth(560)
        popup.setAccessibleName("Search results")
        self._picked = picked
        # The QModelIndex overload (the default one passes the row's text, which two concepts
        # may share); PySide6's stubs do not know that signals are indexed by overload.
        self.completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]

    def show(self, hits: list[Hit], labels: dict[str, str], focused: bool) -> None:
        """List ``hits``; the popup opens only while the field has the keyboard."""
        self.model.clear()
        for hit in hits:
            self.model.appendRow(_row(hit, labels.get(hit.node_id, hit.node_id)))
        if self.model.rowCount() and focused:
            self.completer.complete()
        else:
            self.popup.hide()

    def show_waiting(self, focused: bool) -> None:
        """Say the index is being built: the list fills when it arrives (SearchField)."""
        self.model.clear()
        row = QStandardItem(INDEXING)
        row.setFlags(Qt.ItemFlag.NoItemFlags)  # nothing to pick: Enter waits for the index
        row.setData(INDEXING, Qt.ItemDataRole.AccessibleTextRole)
        self.model.appendRow(row)
        if focused:
            self.completer.complete()
        else:
            self.popup.hide()

    def take_current(self) -> str | None:
        """The concept chosen in an open list (closing it), or None when no row is chosen."""
        popup = self.popup
        if not popup.isVisible():
            return None
        current = popup.currentIndex()
        popup.hide()
        return current.data(NODE_ROLE) if current.isValid() else None

    def _on_activated(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ROLE)
        if node_id:
            self._picked(node_id)


def _row(hit: Hit, label: str) -> QStandardItem:
    row = QStandardItem(label)
    row.setData(hit.node_id, NODE_ROLE)
    row.setEditable(False)
    if hit.field != "label":
        why = f"{WHY[hit.field]}: "
        row.setData((why + hit.text, len(why) + hit.start, len(why) + hit.end), DETAIL_ROLE)
        row.setToolTip("")  # the row says it all; a tooltip would render as rich text
    row.setData(f"{label}, {WHY.get(hit.field, 'label')}", Qt.ItemDataRole.AccessibleTextRole)
    return row
