"""The source reader: a document shown whole, scrolled to a quote, every quoted passage marked.

The quote asked for is highlighted strongly, the current concept's other quotes in a second
tint, and every other passage the map quotes from this document faintly; clicking any marked
passage selects the concept or link that quotes it. The text is set as plain text, never HTML.

Words selected here can be added as a quote to the current concept or link: they are copied from
the source itself, so such a quote always matches it.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.commands import EditEdgeCommand, EditNodeCommand
from mapviewer.document import Document
from mapviewer.model import Quote, edge_sentence
from mapviewer.quotes import closest_passage, locate, normalize
from mapviewer.scene.text import plain_tooltip
from mapviewer.ui.details.textpage import plain_label

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
        self.selection_actions: list[QAction] = []  # offered first in the context menu
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

    def context_menu(self, pos: QPoint) -> QMenu:
        """Copy and Select All, with "Add as quote to …" first."""
        menu = self.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        for action in self.selection_actions:
            menu.insertAction(first, action)  # type: ignore[arg-type]
        if first is not None and self.selection_actions:
            menu.insertSeparator(first)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class _ElidedButton(QToolButton):
    """A button whose long text ("Add as quote to <a long concept name>") ends in an ellipsis."""

    def __init__(self, action: QAction) -> None:
        super().__init__()
        self.setDefaultAction(action)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        action.changed.connect(self._elide)

    def _elide(self) -> None:
        action = self.defaultAction()
        room = max(40, self.width() - 16)
        text = self.fontMetrics().elidedText(action.text(), Qt.TextElideMode.ElideRight, room)
        if text != self.text():
            self.setText(text)
        whole = action.text().replace("&&", "&")  # the name in full, as plain text
        self.setToolTip(plain_tooltip(whole) if text != action.text() else action.toolTip())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


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
        self._wired: Document | None = None  # whose signals we follow
        self.owner: tuple[str, str] = ("", "")  # the concept or link quotes are added to
        self.focus: tuple[str, str, int] | None = None
        self.add_quote_action = QAction("Add as Quote", self)
        self.add_quote_action.setToolTip("Add the selected words as a quote to the current item")
        self.add_quote_action.triggered.connect(
            lambda _checked=False: self.add_selection_as_quote()
        )
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh_passages)
        self.title = plain_label()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.citation = plain_label(muted=True, selectable=True)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Source document")
        self.chooser.activated.connect(self._on_chosen)
        self.only_supported = QCheckBox("Show only what this source supports")
        self.only_supported.setToolTip("Fade every concept and link that quotes no passage of it")
        self.only_supported.toggled.connect(
            lambda on: self.filter_changed.emit(self.source_id, on) if self.source_id else None
        )
        self.status = plain_label()
        self.allow_button = QPushButton("Allow files outside the folder for this map")
        self.allow_button.setToolTip(
            "Read this map's source files that lie outside its folder, now and when it opens again"
        )
        self.allow_button.clicked.connect(self._allow_outside)
        self.allow_button.hide()
        self.text = _TextView()
        self.text.clicked_at.connect(self._on_clicked)
        self.text.selection_actions.append(self.add_quote_action)
        self.text.selectionChanged.connect(self._update_add_quote)
        self.add_quote_button = _ElidedButton(self.add_quote_action)
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.citation)
        layout.addWidget(self.only_supported)
        layout.addWidget(self.status)
        layout.addWidget(self.allow_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.add_quote_button)
        self.set_document(document)

    def _wire(self, document: Document, on: bool) -> None:
        """Quotes change as the map is edited: the marked passages follow."""
        for signal in document.content_signals(moves=False):
            if on:
                signal.connect(self._passages_changed)
            else:
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._passages_changed)
        if on:
            document.sources_changed.connect(self._sources_changed)
        else:
            with contextlib.suppress(RuntimeError, TypeError):
                document.sources_changed.disconnect(self._sources_changed)

    def set_document(self, document: Document) -> None:
        if self._wired is not None:
            self._wire(self._wired, False)
        self._wired = document
        self._wire(document, True)
        self.document_model = document
        self._fill_chooser()
        self.source_id = ""
        self.passages = []
        self.only_supported.blockSignals(True)
        self.only_supported.setChecked(False)
        self.only_supported.blockSignals(False)
        self._pending = ""
        self.allow_button.hide()
        if document.cmap.sources:
            first = document.cmap.sources[0]
            if self.isVisible():
                self.show_source(first.id)
            else:
                # Laid out text takes ~10 MB and the reader starts hidden: the first source
                # loads when the reader is first shown (or asked for a passage).
                self._pending = first.id
                self.chooser.setCurrentIndex(0)
                self.title.setText(first.title)
                self.citation.setText(first.citation)
        else:
            self.title.setText("No sources")
            self.citation.clear()
            self.text.clear()
            self._offsets = []
        self._update_add_quote()

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
        self._pending = ""
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
        status = doc.source_status(source_id)
        if status.state == "readable":
            self.status.setText(f"{len(self.passages)} passages quoted in this map.")
        else:  # blocked, missing or unreadable: which, and never a word of a blocked file
            self.status.setText(f"⚠ {status.describe(source)}")
        self.allow_button.setVisible(status.blocked)
        self._highlight(focus)

    def _allow_outside(self) -> None:
        """The same answer as the window's bar gives: remembered for this map, texts read now."""
        from mapviewer.ui.files.trustbar import decide_outside_sources  # noqa: PLC0415

        decide_outside_sources(self.document_model, True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self.show_source(self._pending)

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

    def _highlight(self, focus: tuple[str, str, int] | None, scroll: bool = True) -> None:
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
        if scroll_to is not None and scroll:
            self._scroll_to(scroll_to)
        self.focus = focus

    def _scroll_to(self, passage: Passage) -> None:
        self._centre_on(passage)
        # The dock may only now be opening: centre again once it has its real size.
        QTimer.singleShot(0, lambda: self._centre_on(passage))

    def _centre_on(self, passage: Passage) -> None:
        if passage not in self.passages:  # another source was shown before the deferred call
            return
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
        current = self.focus
        # Prefer an owner other than the one already shown, so clicking moves somewhere new.
        hits.sort(key=lambda p: current is not None and (p.owner_kind, p.owner_id) == current[:2])
        self.navigate.emit(hits[0].owner_kind, hits[0].owner_id)

    def _on_chosen(self, index: int) -> None:
        source_id = self.chooser.itemData(index)
        if source_id:
            self.show_source(source_id)
        self._update_add_quote()

    # --- following edits ------------------------------------------------------------------------

    def _passages_changed(self, *_: object) -> None:
        self._refresh_timer.start()  # many signals in one command make one refresh
        self._update_add_quote()

    def refresh_passages(self) -> None:
        """Find the quoted passages again after an edit, keeping the view where it is; when the
        edit changed what this source supports, the "show only" filter is told, so a concept
        just quoted stops being faded (and one whose quote went fades)."""
        self._refresh_timer.stop()
        before = self.supported()
        text = self.document_model.source_text(self.source_id) if self.source_id else None
        self.passages = self._find_passages(self.source_id, text) if text is not None else []
        self._highlight(self.focus, scroll=False)
        if self.source_id and self.only_supported.isChecked() and self.supported() != before:
            self.filter_changed.emit(self.source_id, True)

    def _fill_chooser(self) -> None:
        self.chooser.clear()
        for source in self.document_model.cmap.sources:
            self.chooser.addItem(source.title, source.id)

    def _sources_changed(self) -> None:
        doc = self.document_model
        self._fill_chooser()
        current = self.source_id if self.source_id in doc.sources else ""
        self.source_id = ""  # read the text again: the source's file may have changed
        if current or doc.cmap.sources:
            self.show_source(current or doc.cmap.sources[0].id, self.focus)
        else:  # the last source was removed: no text of it may stay on show
            self.set_document(doc)
        self._update_add_quote()

    # --- adding quotes --------------------------------------------------------------------------

    def set_current(self, owner_kind: str, owner_id: str) -> None:
        """The concept or link that selected words would be added to ("" for none)."""
        self.owner = (owner_kind, owner_id)
        self._update_add_quote()

    def owner_name(self) -> str:
        doc = self.document_model
        kind, ident = self.owner
        if kind == "node" and ident in doc.nodes:
            return doc.nodes[ident].label
        edge = doc.edges.get(ident) if kind == "edge" else None
        if edge is None:
            return ""
        return f"“{edge_sentence(doc.cmap.labels(), edge)}”"

    def selected_words(self) -> str:
        """The selected characters of the source, each run of whitespace made one space."""
        cursor = self.text.textCursor()
        text = self.document_model.source_text(self.source_id) if self.source_id else None
        if text is None or not cursor.hasSelection() or len(self._offsets) != len(text) + 1:
            return ""
        start = bisect_left(self._offsets, cursor.selectionStart())
        end = bisect_left(self._offsets, cursor.selectionEnd())
        return " ".join(text[start:end].split())

    def _update_add_quote(self) -> None:
        name = self.owner_name()
        action = self.add_quote_action
        # "&" would mark a shortcut letter, and a tooltip that looks like markup is read as HTML.
        action.setText(f"Add as quote to {name.replace('&', '&&')}" if name else "Add as Quote")
        words = self.selected_words()
        action.setEnabled(bool(name and words))
        if not name:
            tip = "Select a concept or a link on the map first"
        elif not words:
            tip = "Select words in the source to quote them"
        else:
            tip = f"Add the selected words as a quote to {name}"
        action.setToolTip(plain_tooltip(tip))
        action.setStatusTip(tip)

    def add_selection_as_quote(self) -> bool:
        """Quote the selected words of this source in the current concept or link: one step."""
        words = self.selected_words()
        kind, ident = self.owner
        doc = self.document_model
        owner = doc.nodes.get(ident) if kind == "node" else doc.edges.get(ident)
        if not words or owner is None or not kind:
            return False
        wanted = normalize(words)[0]
        for index, quote in enumerate(owner.quotes):
            if quote.source == self.source_id and normalize(quote.text)[0] == wanted:
                self.status.setText(f"{self.owner_name()} already quotes these words.")
                self._highlight((kind, ident, index))
                return False
        quotes = [*(q.model_copy(deep=True) for q in owner.quotes)]
        quotes.append(Quote(source=self.source_id, text=words))
        text = f"Add quote to {self.owner_name()}"
        command: EditNodeCommand | EditEdgeCommand
        if kind == "node":
            command = EditNodeCommand(doc, ident, "quotes", quotes, text=text)
        else:
            command = EditEdgeCommand(doc, ident, "quotes", quotes, text=text)
        doc.undo_stack.push(command)
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)
        self.focus = (kind, ident, len(quotes) - 1)
        self.refresh_passages()  # at once, so the new passage shows marked
        self.status.setText(
            f"Added to {self.owner_name()}. {len(self.passages)} passages quoted in this map."
        )
        return True
