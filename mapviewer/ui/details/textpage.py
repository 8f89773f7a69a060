"""Pieces of the reading panes (Details, Find Path): the page itself, its internal links,
formats, propositions and quote cards; and the plain-text label every pane and dialog uses.

Everything is inserted with QTextCursor.insertText, never parsed from HTML, so the words of a
map always show as the characters they are.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote as url_quote
from urllib.parse import unquote

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QWheelEvent,
)
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from mapviewer.document import Document
from mapviewer.model import Edge, link_middle
from mapviewer.ui.themes import legible

SCHEME = "mv"
WARNING_COLOR = "#B34700"  # words not in their source, a field the map cannot take


def link_href(kind: str, ident: str, extra: str = "") -> str:
    """An internal link; ids are percent-encoded so any character is safe inside it."""
    suffix = f"/{url_quote(extra, safe='')}" if extra else ""
    return f"{SCHEME}:{kind}/{url_quote(ident, safe='')}{suffix}"


def parse_href(href: str) -> tuple[str, str, str] | None:
    """(kind, id, extra) of an internal link, or None for anything else."""
    if not href.startswith(f"{SCHEME}:"):
        return None
    parts = href[len(SCHEME) + 1 :].split("/")
    if len(parts) < 2:
        return None
    extra = unquote(parts[2]) if len(parts) > 2 else ""
    return parts[0], unquote(parts[1]), extra


def muted_colour(widget: QWidget) -> QColor:
    """Faint text: the palette's placeholder colour, which themes.accessible keeps at 4.5:1."""
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)


def warning_colour(widget: QWidget, role: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """WARNING_COLOR made legible (4.5:1) on the widget's ``role``: dark orange on a light page,
    a lighter orange on a dark one (#B34700 itself is 3.0:1 on the dark page, 2.7:1 on a dark
    dialog)."""
    return legible(WARNING_COLOR, widget.palette().color(role))


def plain_label(
    text: str = "",
    *,
    muted: bool = False,
    warning: bool = False,
    selectable: bool = False,
    wrap: bool = True,
) -> QLabel:
    """A label whose text is shown as the characters it is: a map's words never become HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    if warning:
        palette = label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, warning_colour(label, QPalette.ColorRole.Window)
        )
        label.setPalette(palette)
    return label


def char_format(
    widget: QWidget,
    bold: bool = False,
    muted: bool = False,
    italic: bool = False,
    scale: float = 1.0,
    href: str = "",
) -> QTextCharFormat:
    """A character format in the widget's palette; ``href`` makes it an internal link."""
    fmt = QTextCharFormat()
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if muted:
        fmt.setForeground(muted_colour(widget))
    if scale != 1.0:
        fmt.setFontPointSize(widget.font().pointSizeF() * scale)
    if href:
        fmt.setAnchor(True)
        fmt.setAnchorHref(href)
        fmt.setForeground(widget.palette().color(QPalette.ColorRole.Link))
        fmt.setFontUnderline(False)
    return fmt


def cut_short(text: str, limit: int = 300) -> str:
    """``text``, or its first ``limit`` characters and "…": a concept named in a link's
    sentence by a label of 2 million characters froze the Details page while Qt laid it out."""
    return text if len(text) <= limit else text[:limit] + "…"


def insert_proposition(
    cursor: QTextCursor,
    widget: QWidget,
    document: Document,
    edge: Edge,
    href: Callable[[str, str], str],
    scale: float = 1.0,
    bold_phrase: bool = False,
    first: str = "",
) -> None:
    """'Pembrolizumab — blocks → PD-1': both concepts and the phrase are links, each on one
    line: a CmapTools map breaks its labels where its boxes do, and Details read
    "Ziehl-Neelsen — negative" and "looks → blue/green" on two lines of a wide pane.

    A link with no direction (a Gephi or GraphML undirected graph, drawn with no arrowhead)
    reads with no arrow, the concept ``first`` (the one being read) first: Valjean's 36
    links read "Marguerite — linked to → Valjean", as if each pointed at him."""
    one, other = edge.source, edge.target
    if not edge.directed and other == first:
        one, other = other, one
    phrase = " ".join(edge.label.split())
    middle = link_middle(phrase) if edge.directed else f" — {phrase or 'linked with'} — "
    for part, kind, ident in (
        (cut_short(" ".join(document.nodes[one].label.split())), "node", one),
        (middle, "edge", edge.id),
        (cut_short(" ".join(document.nodes[other].label.split())), "node", other),
    ):
        bold = kind == "node" or bold_phrase
        cursor.insertText(part, char_format(widget, bold=bold, scale=scale, href=href(kind, ident)))


def begin_quote_card(
    cursor: QTextCursor,
    widget: QWidget,
    text: str,
    indent: float = 4.0,
    top: float = 8.0,
    padding: float = 10.0,
    before: str = "",
) -> None:
    """A tinted block holding “the quote” in italics; the cursor stays inside for the citation
    lines, and the caller moves it to the end of the document to leave the card. ``before`` is
    the source's words leading up to a quote that begins mid-thought: faint, upright and outside
    the quotation marks, so it reads as context and never as part of the quote."""
    frame = QTextFrameFormat()
    frame.setLeftMargin(indent)
    frame.setTopMargin(top)
    frame.setPadding(padding)
    frame.setBorder(0)
    frame.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    tint = QColor(widget.palette().color(QPalette.ColorRole.Highlight))
    tint.setAlphaF(0.09)
    frame.setBackground(tint)
    cursor.insertFrame(frame)
    if before:
        cursor.insertText(f"{before} ", char_format(widget, muted=True, scale=0.92))
    cursor.insertText(f"“{text}”", char_format(widget, italic=True))


def route_anchor(
    href: str,
    navigate: Callable[[str, str], object],
    open_quote: Callable[[str, str, int], object],
) -> None:
    """A click on an internal link: a concept or link navigates, a citation opens the quote."""
    parsed = parse_href(href)
    if parsed is None:
        return
    kind, ident, extra = parsed
    if kind in ("node", "edge"):
        navigate(kind, ident)
    elif kind == "quote":
        owner, _, index = extra.partition(":")
        if index.isdigit():
            open_quote(owner, ident, int(index))


class ReadingPage(QTextBrowser):
    """A page built fresh for each thing shown, whose links are reported, never followed: a map
    must not make the app open or fetch anything by itself."""

    navigate = Signal(str, str)  # ("node" | "edge", id)
    open_quote = Signal(str, str, int)  # owner kind, owner id, quote index
    margin = 14.0  # around the page
    block_bottom = 4.0  # below each paragraph unless told otherwise

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        # The quote card whose citation was clicked, kept in sight while the pane is resized:
        # the Source dock it opens takes most of the column (Details 200 px high at 1024x768)
        # and the quote went out of sight below, away from the passage it is read beside.
        self._kept_card: int | None = None  # a position inside the card
        self.verticalScrollBar().actionTriggered.connect(self._let_go)

    # QTextBrowser fetches images and stylesheets through this; a map may not make it fetch any.
    def loadResource(self, type: int, name: QUrl | str) -> object:
        return None

    def _new_page(self) -> QTextCursor:
        """A new document rather than clear(): the old page's formats and frames go with it."""
        self._kept_card = None
        page = QTextDocument(self)
        page.setDocumentMargin(self.margin)
        page.setDefaultFont(self.font())
        self.setDocument(page)
        return QTextCursor(page)

    def _finish(self, cursor: QTextCursor) -> None:
        """Show the page from its top, whatever was scrolled to on the page before."""
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)

    def _block(self, cursor: QTextCursor, top: float = 6, bottom: float | None = None) -> None:
        """Start a paragraph; the page's first one reuses the empty block a document starts with,
        so no blank line opens the page."""
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setBottomMargin(self.block_bottom if bottom is None else bottom)
        if cursor.block().length() > 1 or cursor.position() > 0:
            cursor.insertBlock(fmt)
        else:
            cursor.setBlockFormat(fmt)

    def _text(
        self,
        cursor: QTextCursor,
        text: str,
        bold: bool = False,
        muted: bool = False,
        scale: float = 1.0,
        href: str = "",
    ) -> None:
        cursor.insertText(text, char_format(self, bold=bold, muted=muted, scale=scale, href=href))

    def _on_anchor(self, url: QUrl) -> None:
        from mapviewer.io.keptdata import is_web_address  # noqa: PLC0415 - not for the first frame

        href = url.toString()
        if is_web_address(href):  # a web page the map names (a file's kept data): the reader
            QDesktopServices.openUrl(url)  # clicked it, so the browser opens it; nothing else
            return
        parsed = parse_href(href)
        if parsed is not None and parsed[0] == "quote":
            self._kept_card = self.textCursor().position()  # the click put the cursor there
        route_anchor(href, self.navigate.emit, self.open_quote.emit)

    def _let_go(self, *_: object) -> None:
        """The reader scrolls on: the card no longer holds the page."""
        self._kept_card = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._let_go()
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._let_go()
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._kept_card is not None:
            self._show_card(self._kept_card)

    def _show_card(self, position: int) -> None:
        """Scroll the least that shows the whole card, its top first if it is taller."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        frame = cursor.currentFrame()
        if frame is None or frame is self.document().rootFrame():
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
            return
        card = self.document().documentLayout().frameBoundingRect(frame)
        bar = self.verticalScrollBar()
        seen = self.viewport().height()
        value = bar.value()
        if card.bottom() > value + seen:
            value = round(card.bottom()) - seen
        value = min(value, round(card.top()))
        bar.setValue(max(value, 0))
