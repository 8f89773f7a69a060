"""The source reader: a document shown whole, scrolled to a quote, every quoted passage marked.

The quote asked for is highlighted strongly, the current concept's other quotes in a second
tint, and every other passage the map quotes from this document faintly; clicking any marked
passage selects the concept or link that quotes it. The text is set as plain text, never HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from mapviewer.document import Document
from mapviewer.model import Quote
from mapviewer.quotes import closest_passage, locate

PRIMARY, SECONDARY, OTHER = 0, 1, 2


@dataclass(frozen=True)
class Passage:
    """A quoted stretch of the source: where it is and who quotes it."""

    start: int  # in UTF-16 code units, as QTextDocument counts positions
    end: int
    owner_kind: str  # "node" or "edge"
    owner_id: str
    quote_index: int
    exact: bool  # False when the quote no longer matches and this is the closest passage


def utf16_offsets(text: str) -> list[int]:
    """For each code point index of ``text``, its position in UTF-16 code units (plus the end).

    Python counts code points, Qt counts UTF-16 units; they differ after any character outside
    the Basic Multilingual Plane (an emoji, a rare CJK character)."""
    offsets = [0] * (len(text) + 1)
    position = 0
    for index, char in enumerate(text):
        offsets[index] = position
        position += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = position
    return offsets


class _TextView(QPlainTextEdit):
    """Read-only text; a click on a marked passage is reported with its position."""

    clicked_at = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Source text")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked_at.emit(self.cursorForPosition(event.position().toPoint()).position())


class SourceReader(QWidget):
    """Shows one source at a time; emits ``navigate`` when a marked passage is clicked."""

    navigate = Signal(str, str)  # ("node" | "edge", id)
    filter_changed = Signal(str, bool)  # source id, "show only what it supports" on/off

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_model = document
        self.source_id = ""
        self.passages: list[Passage] = []
        self._offsets: list[int] = []
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.citation = QLabel()
        self.citation.setTextFormat(Qt.TextFormat.PlainText)
        self.citation.setWordWrap(True)
        self.citation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.citation.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Source document")
        self.chooser.activated.connect(self._on_chosen)
        self.only_supported = QCheckBox("Show only what this source supports")
        self.only_supported.setToolTip("Fade every concept and link that quotes no passage of it")
        self.only_supported.toggled.connect(
            lambda on: self.filter_changed.emit(self.source_id, on) if self.source_id else None
        )
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.text = _TextView()
        self.text.clicked_at.connect(self._on_clicked)
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.citation)
        layout.addWidget(self.only_supported)
        layout.addWidget(self.status)
        layout.addWidget(self.text, 1)
        self.set_document(document)

    def set_document(self, document: Document) -> None:
        self.document_model = document
        self.chooser.clear()
        for source in document.cmap.sources:
            self.chooser.addItem(source.title, source.id)
        self.source_id = ""
        self.passages = []
        self.only_supported.blockSignals(True)
        self.only_supported.setChecked(False)
        self.only_supported.blockSignals(False)
        if document.cmap.sources:
            self.show_source(document.cmap.sources[0].id)
        else:
            self.title.setText("No sources")
            self.citation.clear()
            self.text.clear()

    # --- showing --------------------------------------------------------------------------------

    def show_quote(self, owner_kind: str, owner_id: str, quote_index: int) -> bool:
        """Open the quote's source scrolled to it; the owner's other quotes in a second tint."""
        quotes = self._quotes_of(owner_kind, owner_id)
        if not 0 <= quote_index < len(quotes):
            return False
        quote = quotes[quote_index]
        self.show_source(quote.source, (owner_kind, owner_id, quote_index))
        return True

    def show_source(self, source_id: str, focus: tuple[str, str, int] | None = None) -> None:
        doc = self.document_model
        source = doc.sources.get(source_id)
        if source is None:
            return
        if source_id != self.source_id:
            self.source_id = source_id
            text = doc.source_text(source_id)
            self.text.setPlainText(text if text is not None else "")
            self._offsets = utf16_offsets(text) if text is not None else []
            self.passages = self._find_passages(source_id, text) if text is not None else []
            if self.only_supported.isChecked():
                self.filter_changed.emit(source_id, True)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(source_id)))
        self.title.setText(source.title)
        self.citation.setText(source.citation)
        path = doc.source_path(source_id)
        if path is None:
            self.status.setText(
                f"⚠ The text of this source ({source.file or 'no file'}) is missing."
            )
        else:
            self.status.setText(f"{len(self.passages)} passages quoted in this map.")
        self._highlight(focus)

    def _quotes_of(self, owner_kind: str, owner_id: str) -> list[Quote]:
        doc = self.document_model
        owner = doc.nodes.get(owner_id) if owner_kind == "node" else doc.edges.get(owner_id)
        return owner.quotes if owner is not None else []

    def _find_passages(self, source_id: str, text: str) -> list[Passage]:
        doc = self.document_model
        passages = []
        owners = [("node", n.id, n.quotes) for n in doc.cmap.nodes]
        owners += [("edge", e.id, e.quotes) for e in doc.cmap.edges]
        for kind, ident, quotes in owners:
            for index, quote in enumerate(quotes):
                if quote.source != source_id:
                    continue
                span = locate(quote.text, text)
                exact = span is not None
                if span is None:
                    start, end, _ = closest_passage(quote.text, text)
                    span = (start, end)
                start, end = self._offsets[span[0]], self._offsets[span[1]]
                passages.append(Passage(start, end, kind, ident, index, exact))
        return passages

    def _format(self, level: int, exact: bool) -> QTextCharFormat:
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        fmt = QTextCharFormat()
        if not exact:
            highlight = QColor("#D55E00")  # vermillion: this quote no longer matches
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(highlight)
        highlight.setAlphaF((0.45, 0.2, 0.08)[level])
        fmt.setBackground(highlight)
        return fmt

    def _highlight(self, focus: tuple[str, str, int] | None) -> None:
        selections = []
        scroll_to: Passage | None = None
        for passage in self.passages:
            owner = (passage.owner_kind, passage.owner_id)
            if focus and owner == focus[:2]:
                level = PRIMARY if passage.quote_index == focus[2] else SECONDARY
            else:
                level = OTHER
            if level == PRIMARY:
                scroll_to = passage
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(passage.start)
            cursor.setPosition(passage.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = self._format(level, passage.exact)
            selections.append((level, selection))
        # Strong tints last, so they are drawn over the faint ones they overlap.
        selections.sort(key=lambda pair: -pair[0])
        self.text.setExtraSelections([s for _, s in selections])
        if scroll_to is not None:
            self._scroll_to(scroll_to)
        self.focus = focus

    def _scroll_to(self, passage: Passage) -> None:
        self._centre_on(passage)
        # The dock may only now be opening: centre again once it has its real size.
        QTimer.singleShot(0, lambda: self._centre_on(passage))

    def _centre_on(self, passage: Passage) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(passage.end)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        cursor.setPosition(passage.start)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def follow_selection(self, owner_kind: str, owner_id: str) -> None:
        """The current concept changed: tint its quotes in this source, scroll to the first."""
        if not owner_kind:
            self._highlight(None)
            return
        mine = [p for p in self.passages if (p.owner_kind, p.owner_id) == (owner_kind, owner_id)]
        self._highlight((owner_kind, owner_id, mine[0].quote_index if mine else -1))

    def passage_at(self, position: int) -> list[Passage]:
        return [p for p in self.passages if p.start <= position < p.end]

    def supported(self) -> tuple[set[str], set[str]]:
        """Concepts and links that quote the current source."""
        nodes = {p.owner_id for p in self.passages if p.owner_kind == "node"}
        edges = {p.owner_id for p in self.passages if p.owner_kind == "edge"}
        return nodes, edges

    # --- clicks ---------------------------------------------------------------------------------

    def _on_clicked(self, position: int) -> None:
        hits = self.passage_at(position)
        if not hits:
            return
        current = getattr(self, "focus", None)
        # Prefer an owner other than the one already shown, so clicking moves somewhere new.
        hits.sort(key=lambda p: current is not None and (p.owner_kind, p.owner_id) == current[:2])
        self.navigate.emit(hits[0].owner_kind, hits[0].owner_id)

    def _on_chosen(self, index: int) -> None:
        source_id = self.chooser.itemData(index)
        if source_id:
            self.show_source(source_id)
