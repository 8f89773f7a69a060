"""The source reader: a document shown whole, scrolled to a quote, every quoted passage marked.

The text is the source's reading text (mapviewer.reading: Markdown rendered, HTML as text, a
PDF's text layer page by page), set as plain text, never HTML. The quote asked for has its own
strong colour (opaque, so the passages under it do not darken it), the current concept's other
quotes a second, clearly different colour, and every other passage the map quotes from this
document one faint tint (overlapping passages are merged, so a passage quoted by many is no
darker than one quoted once). Clicking a passage quoted by one item selects it; a passage
quoted by several lists them all in a small chooser.

Words selected here can be added as a quote to the current concept or link: the selection snaps
to whole words, drops reference markers and markup at its ends, asks before quoting fewer than
four words, and records the page of a PDF. The words come from the reading text itself, so
such a quote always matches it.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.commands import EditEdgeCommand, EditNodeCommand
from mapviewer.document import Document
from mapviewer.model import Quote, Source, edge_sentence
from mapviewer.plural import counted
from mapviewer.quotes import capture_span, closest_passage, locate_all, normalize, word_count
from mapviewer.reading import Reading
from mapviewer.scene.text import plain_tooltip
from mapviewer.sources import citation_details
from mapviewer.ui.details.textpage import plain_label

PRIMARY, SECONDARY, OTHER = 0, 1, 2
# The chosen quote's own colour is the theme's selection colour, drawn opaque; the concept's
# other quotes are amber (Okabe-Ito orange: told apart from blue by colour-blind readers too).
SECONDARY_COLOUR = "#E69F00"
STALE_COLOUR = "#D55E00"  # vermillion: this quote no longer matches
MIN_CAPTURE_WORDS = 4
READING_CHARS = 66  # a source's text is read in lines about this long, as a book sets them
READING_LINES = 8  # ...and the pane keeps at least this many of them in sight


@dataclass(frozen=True)
class Passage:
    """A quoted stretch of the source: where it is and who quotes it."""

    start: int  # in UTF-16 code units, as QTextDocument counts positions
    end: int
    owner_kind: str  # "node" or "edge"
    owner_id: str
    quote_index: int
    exact: bool  # False when the quote no longer matches and this is the closest passage
    page: int | None = None  # the page of a paged source (PDF) the passage starts on


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

    clicked_at = Signal(int, QPoint)  # position in the text, and where on screen
    selection_released = Signal()  # a drag that selected words ended

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
        self.page_starts: list[int] = []  # Qt positions where a PDF's pages 2, 3... begin
        # The width the pane's column opens at: lines about READING_CHARS long. Asked for, not
        # required: as a minimum it made a window with several docks wider than an 800 px
        # screen, and the Legend opened off it.
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        reading = self.fontMetrics().averageCharWidth() * READING_CHARS
        self.reading_width = reading + scrollbar + 2 * self.frameWidth() + 8
        # A few lines at least, whatever else the column holds: with Find Path open above it
        # in a 1366x768 window the docks shared the column out and left the text 56 px, four
        # lines under the pane's chooser, title and citation.
        lines = self.fontMetrics().lineSpacing() * READING_LINES
        self.setMinimumHeight(lines + 2 * self.frameWidth() + 8)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.reading_width), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """A PDF's pages are separated by a rule named "Page N", in the blank line between."""
        super().paintEvent(event)
        if not self.page_starts:
            return
        painter = QPainter(self.viewport())
        muted = QColor(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        offset = self.contentOffset()
        height = self.viewport().height()
        for number, position in enumerate(self.page_starts, start=2):
            block = self.document().findBlock(position)
            top = self.blockBoundingGeometry(block).translated(offset).top()
            y = int(top - self.fontMetrics().height() / 2)
            if not -20 < y < height + 20:
                continue
            label = f"Page {number}"
            width = painter.fontMetrics().horizontalAdvance(label) + 8
            right = self.viewport().width() - 4
            painter.drawLine(4, y, right - width, y)
            painter.drawText(right - width + 4, y + painter.fontMetrics().ascent() // 2, label)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self.selection_released.emit()
            return
        point = event.position().toPoint()
        self.clicked_at.emit(
            self.cursorForPosition(point).position(), self.viewport().mapToGlobal(point)
        )

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


class _SourceChooser(QComboBox):
    """Picks the source to read; shut, it says which of how many ("Source 2 of 5") rather than
    the title, which the pane's heading shows whole just below: the title was read three times
    over (this box, the heading, and the citation), and a long one was cut here anyway. Open,
    it lists every title."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(len("Source 00 of 00"))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)

    def shown_text(self) -> str:
        if self.currentIndex() < 0:
            return ""
        return f"Source {self.currentIndex() + 1} of {self.count()}"

    def showPopup(self) -> None:
        # Each title whole in the list, up to the width of the window it opens in.
        widest = self.view().sizeHintForColumn(0) + 2 * self.view().frameWidth() + 24
        room = self.window().width() if self.window() is not None else widest
        self.view().setMinimumWidth(max(self.width(), min(widest, room)))
        super().showPopup()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.shown_text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class SourceReader(QWidget):
    """Shows one source at a time; emits ``navigate`` when a marked passage is clicked."""

    navigate = Signal(str, str)  # ("node" | "edge", id)
    filter_changed = Signal(str, bool)  # source id, "show only what it supports" on/off

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_model = document
        self.source_id = ""
        self.passages: list[Passage] = []
        self.reading: Reading | None = None
        self._offsets: list[int] = []
        self.quoters_menu: QMenu | None = None  # the chooser open over a passage
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
        self.title = plain_label(selectable=True)
        self.title.setAccessibleName("Source title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.citation = plain_label(muted=True, selectable=True)
        self.citation.setAccessibleName("Citation")
        self.chooser = _SourceChooser()
        self.chooser.setAccessibleName("Source document")
        self.chooser.setToolTip("Read another of the map's sources")
        self.chooser.activated.connect(self._on_chosen)
        self.only_supported = QCheckBox("Show only what this source supports")
        self.only_supported.setToolTip(
            "Show only the concepts and links that quote it, and their neighbours faintly"
        )
        self.only_supported.toggled.connect(
            lambda on: self.filter_changed.emit(self.source_id, on) if self.source_id else None
        )
        self.status = plain_label()
        self.page_label = plain_label(muted=True)
        self.page_label.setAccessibleName("Page")
        self.page_label.hide()
        self.allow_button = QPushButton("Allow files outside the folder for this map")
        self.allow_button.setToolTip(
            "Read this map's source files that lie outside its folder, now and when it opens again"
        )
        self.allow_button.clicked.connect(self._allow_outside)
        self.allow_button.hide()
        self.text = _TextView()
        # The pane had its column as wide as its longest source title, which the chooser
        # showed (647 px beside the default map, the map 627 px of a 1280 px window); the text
        # now asks for a reading width of its own instead (_TextView.sizeHint), wide and no wider.
        self.text.clicked_at.connect(self._on_clicked)
        self.text.selection_released.connect(self.snap_selection)
        self.text.verticalScrollBar().valueChanged.connect(self._update_page)
        self.text.selection_actions.append(self.add_quote_action)
        self.text.selectionChanged.connect(self._update_add_quote)
        self.add_quote_button = _ElidedButton(self.add_quote_action)
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.citation)
        layout.addWidget(self.only_supported)
        layout.addWidget(self.status)
        layout.addWidget(self.allow_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.page_label)
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
                self._show_title(first)
        else:
            self.title.setText("No sources")
            self.citation.clear()
            self.citation.setToolTip("")
            self.text.clear()
            self._offsets = []
            self.reading = None
            self._update_page()
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
            self.reading = doc.source_reading(source_id)
            text = self.reading.text if self.reading is not None else None
            self.text.setPlainText(text if text is not None else "")
            self._offsets = utf16_offsets(text) if text is not None else []
            pages = self.reading.pages if self.reading is not None else ()
            self.text.page_starts = [self._offsets[start] for start in pages[1:]]
            self.passages = self._find_passages(source_id, text) if text is not None else []
            if self.only_supported.isChecked():
                self.filter_changed.emit(source_id, True)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(source_id)))
        self._show_title(source)
        status = doc.source_status(source_id)
        if status.state == "readable":
            self.status.setText(f"{counted(len(self.passages), 'passage')} quoted in this map.")
        else:  # blocked, missing or unreadable: which, and never a word of a blocked file
            self.status.setText(f"⚠ {status.describe(source)}")
        self.allow_button.setVisible(status.blocked)
        self._highlight(focus)
        self._update_page()

    def _show_title(self, source: Source) -> None:
        """The title once, as the heading; below it what else cites the source, the whole
        citation as the details' tooltip (and the title and the details both selectable)."""
        self.title.setText(source.title)
        details = citation_details(source.title, source.citation)
        self.citation.setText(details)
        self.citation.setVisible(bool(details))
        self.citation.setToolTip(plain_tooltip(source.citation) if source.citation else "")

    def _text_index(self, position: int) -> int:
        """The code point index in the reading text of a Qt (UTF-16) position."""
        return bisect_left(self._offsets, position)

    def _update_page(self) -> None:
        """A PDF shows which page is in the middle of the view, as a viewer does."""
        reading = self.reading
        if reading is None or not reading.pages:
            self.page_label.hide()
            return
        middle = QPoint(4, self.text.viewport().height() // 2)
        page = reading.page_at(self._text_index(self.text.cursorForPosition(middle).position()))
        page = page or 1
        self.page_label.setText(f"Page {page} of {len(reading.pages)}")
        self.page_label.show()

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
                span = self._locate(quote, text)
                exact = span is not None
                if span is None:
                    start, end, _ = closest_passage(quote.text, text)
                    span = (start, end)
                page = self.reading.page_at(span[0]) if self.reading is not None else None
                start, end = self._offsets[span[0]], self._offsets[span[1]]
                passages.append(Passage(start, end, kind, ident, index, exact, page))
        return passages

    def _locate(self, quote: Quote, text: str) -> tuple[int, int] | None:
        """Where the quote's words are: on the page it records when the document repeats
        them, else their first occurrence."""
        found = locate_all(quote.text, text)
        if quote.page is not None and self.reading is not None:
            span = self.reading.page_span(quote.page)
            on_page = [f for f in found if span is not None and span[0] <= f[0] < span[1]]
            found = on_page or found
        return found[0] if found else None

    def colour(self, level: int) -> QColor:
        """The background of a passage at ``level``: the chosen quote's own opaque colour, the
        concept's other quotes amber, every other quoted passage a faint tint."""
        if level == PRIMARY:
            return QColor(self.palette().color(QPalette.ColorRole.Highlight))
        if level == SECONDARY:
            amber = QColor(SECONDARY_COLOUR)
            amber.setAlphaF(0.45)
            return amber
        faint = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        faint.setAlphaF(0.12)
        return faint

    def _format(self, level: int, exact: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(self.colour(level))
        if level == PRIMARY:
            fmt.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        if not exact:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(STALE_COLOUR))
            if level != PRIMARY:
                stale = QColor(STALE_COLOUR)
                stale.setAlphaF((0.45, 0.3, 0.15)[level])
                fmt.setBackground(stale)
        return fmt

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def level_of(self, passage: Passage, focus: tuple[str, str, int] | None) -> int:
        if focus and (passage.owner_kind, passage.owner_id) == focus[:2]:
            return PRIMARY if passage.quote_index == focus[2] else SECONDARY
        return OTHER

    def _highlight(self, focus: tuple[str, str, int] | None, scroll: bool = True) -> None:
        """Mark every passage at its level. Passages of one level that overlap are merged into
        one stretch, so tints never stack: a passage quoted by eight items looks like one
        quoted once, and the chosen quote, drawn last and opaque, is always the strongest."""
        scroll_to: Passage | None = None
        spans: dict[tuple[int, bool], list[tuple[int, int]]] = {}
        for passage in self.passages:
            level = self.level_of(passage, focus)
            if level == PRIMARY and scroll_to is None:
                scroll_to = passage
            spans.setdefault((level, passage.exact), []).append((passage.start, passage.end))
        selections = []
        # Faint first, the chosen quote last: drawn over the stretches it overlaps.
        for level, exact in sorted(spans, key=lambda key: (-key[0], key[1])):
            fmt = self._format(level, exact)
            for start, end in _merged(spans[(level, exact)]):
                selections.append(self._selection(start, end, fmt))
        self.text.setExtraSelections(selections)
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
        if self.focus is not None and self.focus[:2] == (owner_kind, owner_id):
            self._highlight(self.focus)  # the quote chosen for it stays the chosen one
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

    def _on_clicked(self, position: int, where: QPoint | None = None) -> None:
        """One item quotes the passage: select it. Several: list them all in a chooser."""
        hits = self.passage_at(position)
        if not hits:
            return
        if len(hits) == 1:
            self.choose(hits[0])
            return
        menu = QMenu(self)
        menu.setAccessibleName("Who quotes this passage")
        menu.setToolTipsVisible(True)
        title = menu.addAction(f"Quoted by {len(hits)}:")
        title.setEnabled(False)
        for passage in hits:
            action = menu.addAction(self._quoter_name(passage).replace("&", "&&"))
            action.setToolTip(plain_tooltip(self._quoter_name(passage)))
            action.triggered.connect(lambda _checked=False, p=passage: self.choose(p))
        if self.quoters_menu is not None:
            self.quoters_menu.close()
            self.quoters_menu.deleteLater()
        self.quoters_menu = menu
        menu.popup(where if where is not None else self.text.mapToGlobal(QPoint(0, 0)))

    def _quoter_name(self, passage: Passage) -> str:
        doc = self.document_model
        if passage.owner_kind == "node":
            node = doc.nodes.get(passage.owner_id)
            name = node.label if node is not None else passage.owner_id
        else:
            edge = doc.edges.get(passage.owner_id)
            name = edge_sentence(doc.cmap.labels(), edge) if edge is not None else ""
        quotes = self._quotes_of(passage.owner_kind, passage.owner_id)
        if sum(1 for q in quotes if q.source == self.source_id) > 1:
            name += f" (quote {passage.quote_index + 1})"
        return name

    def choose(self, passage: Passage) -> None:
        """Make ``passage`` the chosen quote: its item is selected on the map, the passage
        gets the strong colour and the item's other quotes the second colour."""
        focus = (passage.owner_kind, passage.owner_id, passage.quote_index)
        self.focus = focus
        self.navigate.emit(passage.owner_kind, passage.owner_id)
        self._highlight(focus, scroll=False)

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
        counted_before = len(self.passages)
        self.reading = (
            self.document_model.source_reading(self.source_id) if self.source_id else None
        )
        text = self.reading.text if self.reading is not None else None
        self.passages = self._find_passages(self.source_id, text) if text is not None else []
        if text is not None and len(self.passages) != counted_before:
            # An undo, a redo or an edit in Details: the count said what it was before it.
            self.status.setText(f"{counted(len(self.passages), 'passage')} quoted in this map.")
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

    def _selected_span(self) -> tuple[int, int] | None:
        """The reading text's stretch a quote of the selection takes (see capture_span)."""
        cursor = self.text.textCursor()
        text = self.reading.text if self.reading is not None else None
        if text is None or not cursor.hasSelection() or len(self._offsets) != len(text) + 1:
            return None
        start = self._text_index(cursor.selectionStart())
        end = self._text_index(cursor.selectionEnd())
        start, end = capture_span(text, start, end)
        return (start, end) if start < end else None

    def selected_words(self) -> str:
        """The selection snapped to whole words and trimmed of reference markers and markup,
        each run of whitespace made one space; soft hyphens (a PDF's line-end hyphens) go, so
        the word reads whole and still matches."""
        span = self._selected_span()
        if span is None or self.reading is None:
            return ""
        words = self.reading.text[span[0] : span[1]].replace("\xad", "")
        return " ".join(words.split())

    def snap_selection(self) -> None:
        """A drag that ended mid-word shows what would be quoted: whole words, no markers."""
        span = self._selected_span()
        if span is None:
            return
        cursor = self.text.textCursor()
        forward = cursor.position() >= cursor.anchor()
        first, last = self._offsets[span[0]], self._offsets[span[1]]
        cursor.setPosition(first if forward else last)
        cursor.setPosition(last if forward else first, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

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
        if word_count(words) < MIN_CAPTURE_WORDS and not self._quote_anyway(words):
            return False
        quotes = [*(q.model_copy(deep=True) for q in owner.quotes)]
        span = self._selected_span()
        page = self.reading.page_at(span[0]) if self.reading is not None and span else None
        quotes.append(Quote(source=self.source_id, text=words, page=page))
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
            f"Added to {self.owner_name()}. {counted(len(self.passages), 'passage')} quoted in "
            "this map."
        )
        return True

    def _quote_anyway(self, words: str) -> bool:
        """A few words rarely stand alone as evidence: the person decides."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Quote anyway?")
        box.setTextFormat(Qt.TextFormat.PlainText)
        count = word_count(words)
        box.setText(
            f"“{words}” is only {count} word{'s' if count != 1 else ''}. A quote of fewer than "
            f"{MIN_CAPTURE_WORDS} words rarely says enough on its own. Quote anyway?"
        )
        yes = box.addButton("Quote Anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.exec()
        answered = box.clickedButton() is yes
        box.deleteLater()
        return answered


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching stretches joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
