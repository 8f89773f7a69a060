"""Notes pages: a tour as an A4 handout, each slide above its speaker notes.

The lecturer prints these to speak from, or hands them out; the slide on each page is the same
drawing as the slide PDF's (shapes and text, not a picture), shrunk to the page's width.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QPageSize, QPainter, QPen

from mapviewer.slidedeck import (
    SLIDE,
    Deck,
    DeckPainter,
    Progress,
    TourExportError,
    pdf_writer,
    step_label,
    title_notes,
)
from mapviewer.slides import draw_wrapped, font_px, wrapped_height

# Sizes in pixels at 96 dpi (A4 is 794 x 1123): print-sized type, not projector-sized.
MARGIN = 56.0
HEADER_PX = 12.0
HEADING_PX = 18.0
NOTES_PXS = (15.0, 14.0, 13.0, 12.0, 11.0)  # the first size at which the notes fit
INK = QColor("#000000")
MUTED = QColor("#5A6270")


def write_notes_pdf(pages: DeckPainter, deck: Deck, progress: Progress | None = None) -> bytes:
    """The PDF's bytes: one A4 page per slide, the title slide first."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, f"{deck.heading} (notes pages)", QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter()
    if not painter.begin(writer):
        raise TourExportError("could not start the PDF")
    size = QSizeF(writer.width(), writer.height())
    count = len(deck.views) + 1
    for number in range(count):
        if number:
            writer.newPage()
        _page(painter, pages, deck, number, size)
        if progress is not None:
            progress(number + 1, count)
    painter.end()
    del writer
    return bytes(buffer.data().data())


def _page(painter: QPainter, pages: DeckPainter, deck: Deck, number: int, size: QSizeF) -> None:
    width, height = size.width(), size.height()
    text_width = width - 2 * MARGIN
    painter.fillRect(QRectF(0, 0, width, height), QColor("#FFFFFF"))
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # The running head: which lecture, which page.
    header = font_px(HEADER_PX)
    painter.setFont(header)
    painter.setPen(MUTED)
    head = QRectF(MARGIN, MARGIN * 0.6, text_width, HEADER_PX * 1.6)
    painter.drawText(
        head, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), deck.heading
    )
    painter.drawText(
        head,
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        f"page {number + 1} of {len(deck.views) + 1}",
    )
    # The slide, drawn as the slide PDF draws it, scaled to the text width.
    slide = QRectF(MARGIN, head.bottom() + 12, text_width, text_width * 9 / 16)
    painter.save()
    painter.setClipRect(slide)
    painter.translate(slide.topLeft())
    painter.scale(slide.width() / SLIDE.width(), slide.height() / SLIDE.height())
    pages.page(painter, deck, number, QSizeF(SLIDE))
    painter.restore()
    painter.setPen(QPen(MUTED, 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(slide)
    # The heading and the notes below it.
    if number == 0:
        heading, notes = "Title slide", title_notes(deck)
    else:
        view = deck.views[number - 1]
        label = step_label(view)
        heading = f"Step {number}" + (f": {label}" if label else "")
        notes = view.notes.strip() or "(no notes for this step)"
    y = slide.bottom() + 28
    heading_font = font_px(HEADING_PX, bold=True)
    heading_h = wrapped_height(heading_font, text_width, heading)
    painter.setFont(heading_font)
    painter.setPen(INK)
    draw_wrapped(painter, QRectF(MARGIN, y, text_width, heading_h), heading)
    y += heading_h + 12
    room = height - MARGIN - y
    font = font_px(NOTES_PXS[-1])
    for px in NOTES_PXS:
        font = font_px(px)
        if wrapped_height(font, text_width, notes) <= room:
            break
    painter.setFont(font)
    draw_wrapped(painter, QRectF(MARGIN, y, text_width, room), notes)
