"""Pieces of the reading panes (Details, Find Path): formats, propositions and quote cards.

Everything is inserted with QTextCursor.insertText, never parsed from HTML, so the words of a
map always show as the characters they are.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextFrameFormat,
    QTextLength,
)
from PySide6.QtWidgets import QWidget

from mapviewer.document import Document
from mapviewer.model import Edge


def muted_colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)


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


def insert_proposition(
    cursor: QTextCursor,
    widget: QWidget,
    document: Document,
    edge: Edge,
    href: Callable[[str, str], str],
    scale: float = 1.0,
    bold_phrase: bool = False,
) -> None:
    """'Pembrolizumab — blocks → PD-1': both concepts and the phrase are links."""
    for part, kind, ident in (
        (document.nodes[edge.source].label, "node", edge.source),
        (f" — {edge.label or 'linked to'} → ", "edge", edge.id),
        (document.nodes[edge.target].label, "node", edge.target),
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
) -> None:
    """A tinted block holding “the quote” in italics; the cursor stays inside for the citation
    lines, and the caller moves it to the end of the document to leave the card."""
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
    cursor.insertText(f"“{text}”", char_format(widget, italic=True))


def route_anchor(
    href: str,
    navigate: Callable[[str, str], object],
    open_quote: Callable[[str, str, int], object],
) -> None:
    """A click on an internal link: a concept or link navigates, a citation opens the quote."""
    from mapviewer.ui.detailpane import parse_href  # noqa: PLC0415 - detailpane imports us

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
