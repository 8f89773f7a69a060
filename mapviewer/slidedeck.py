"""A tour as a deck, the way every export lays it out: a title slide (the map, the tour, its
sources) and then each step as the hall saw it, numbered.

PDF slides, notes pages, PNG folders and PowerPoint all draw their pages here, so a handout,
a slide file and the projector agree. The steps themselves are drawn by the presentation's own
Stage (mapviewer.slides), untouched; a number goes in the caption band's right margin, where
no caption text or framed concept is. Steps are numbered from 1 as the presenter view counts
them ("Step 5 of 10"); the title slide carries no number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from mapviewer.document import Document
from mapviewer.model import ConceptMap, Source, Tour
from mapviewer.scene.style import Theme, mix
from mapviewer.slides import Overlay, Stage, StageOptions, draw_wrapped, font_px, wrapped_height
from mapviewer.tours import StepView, resolve

SLIDE = QSize(1920, 1080)
PDF_DPI = 96  # the scene's fonts are sized in points for 96 dpi; slides are 1920x1080 at it
# Type on the title slide, as fractions of the screen height (as the caption band sizes its own).
KICKER_EM = 0.040  # the map's title, above the tour's
TITLE_EM = 0.072
ABOUT_EM = 0.032
SOURCES_HEAD_EM = 0.030
SOURCE_EMS = (0.026, 0.024, 0.022, 0.020, 0.018)  # the first size at which all sources fit
NUMBER_EM = 0.026
Progress = Callable[[int, int], None]  # (pages done, pages in all)


class TourExportError(Exception):
    """The slides could not be made; the message says why in plain words."""


def pdf_writer(buffer: QBuffer, title: str, page: QPageSize) -> QPdfWriter:
    """A PDF at 96 dpi (the scene's unit) with pages of ``page`` and no margins."""
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("mapviewer")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF()))
    return writer


@dataclass
class Deck:
    """What the pages of one tour's export say, before any of it is drawn."""

    map_title: str
    tour: Tour
    views: list[StepView]
    sources: list[Source]

    @property
    def heading(self) -> str:
        """The document title a PDF or PowerPoint file carries."""
        return f"{self.tour.title} — {self.map_title}"


def make_deck(cmap: ConceptMap, tour: Tour) -> Deck:
    views = resolve(cmap, tour)
    return Deck(cmap.title, tour, views, tour_sources(cmap, tour, views))


def tour_sources(cmap: ConceptMap, tour: Tour, views: list[StepView]) -> list[Source]:
    """The sources the tour quotes, in its captions or in what it shows, in the map's order;
    a tour that quotes none credits all the map's sources."""
    used = {step.quote.source for step in tour.steps if step.quote is not None}
    shown = views[-1].revealed if views else None
    if shown is not None:
        for node in cmap.nodes:
            if node.id in shown.nodes:
                used.update(quote.source for quote in node.quotes)
        for edge in cmap.edges:
            if edge.id in shown.edges:
                used.update(quote.source for quote in edge.quotes)
    cited = [source for source in cmap.sources if source.id in used]
    return cited or list(cmap.sources)


def source_line(source: Source) -> str:
    """A source as a reference list gives it: the citation, else the title, and its address."""
    text = source.citation.strip() or source.title.strip() or source.id
    if source.url and source.url not in text:
        text = f"{text} {source.url}"
    return text


def step_label(view: StepView) -> str:
    """What a step is called on its page: its title, else the start of its caption."""
    if view.title.strip():
        return view.title.strip()
    words = view.caption.text.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "") if words else ""


def title_notes(deck: Deck) -> str:
    """The notes under the title slide: what the tour is about and its steps, as an outline."""
    lines = [deck.tour.description.strip()] if deck.tour.description.strip() else []
    if lines:
        lines.append("")
    lines.append("Steps:")
    for view in deck.views:
        label = step_label(view)
        lines.append(f"{view.index + 1}. {label}" if label else f"{view.index + 1}.")
    return "\n".join(lines)


class DeckPainter:
    """Draws a deck's pages onto any paint device: the title slide and the numbered steps."""

    def __init__(self, document: Document, options: StageOptions) -> None:
        # A step that does not read on the slide's size where the map has it: a close-up, as
        # the presentation shows it on a screen of that size.
        self.stage = Stage(document, options, cached=False, close_ups=True)
        self.theme: Theme = self.stage.theme

    def close(self) -> None:
        self.stage.scene.deleteLater()

    def page(self, painter: QPainter, deck: Deck, number: int, size: QSizeF) -> None:
        """Page ``number`` of the deck: 0 is the title slide, 1.. the steps."""
        if number == 0:
            self.title(painter, deck, size)
        else:
            self.step(painter, deck.views[number - 1], size)

    def image(self, deck: Deck, number: int, size: QSize = SLIDE) -> QImage:
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self.theme.canvas)
        painter = QPainter(image)
        self.page(painter, deck, number, QSizeF(size))
        painter.end()
        return image

    # --- the steps ------------------------------------------------------------------------------

    def step(self, painter: QPainter, view: StepView, size: QSizeF) -> None:
        """The step exactly as projected, with its number in the band's right margin."""
        self.stage.screen = QSizeF(size)
        overlay = self.stage.render(painter, view, size).overlay
        paint_number(painter, overlay, view.index + 1, self.theme)

    def map_picture(self, view: StepView, size: QSize = SLIDE) -> tuple[QImage, Overlay]:
        """The map part of a step, as projected, above its caption band (cut off), and the band:
        for formats that keep the caption as text of their own."""
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self.theme.canvas)
        painter = QPainter(image)
        self.stage.screen = QSizeF(size)
        overlay = self.stage.render(painter, view, QSizeF(size)).overlay
        painter.end()
        top = size.height() if overlay.band.isEmpty() else int(overlay.band.top())
        return image.copy(0, 0, size.width(), max(top, 1)), overlay

    # --- the title slide ------------------------------------------------------------------------

    def title(self, painter: QPainter, deck: Deck, size: QSizeF) -> None:
        theme = self.theme
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), theme.canvas)
        for text in title_layout(deck, size, theme):
            painter.setFont(text.font)
            painter.setPen(text.color)
            draw_wrapped(painter, text.rect, text.text)
        height = size.height()
        rule = QRectF(0, 0, max(6.0, size.width() * 0.012), height)
        painter.fillRect(rule, theme.accent)


@dataclass
class Line:
    """A block of the title slide: its words, type, place and colour (also what PowerPoint
    writes as editable text)."""

    role: str  # "map", "tour", "about", "sources-head" or "source"
    text: str
    font: QFont
    rect: QRectF
    color: QColor


def title_layout(deck: Deck, size: QSizeF, theme: Theme) -> list[Line]:
    """Where the title slide's words go: the map's title over the tour's, what the tour is about,
    then the sources, in the largest type at which they all fit."""
    width, height = size.width(), size.height()
    left = width * 0.08
    text_width = width - left - width * 0.06
    muted = mix(theme.text, theme.canvas, 0.72)
    gap = height * 0.02
    blocks: list[tuple[str, str, QFont, QColor]] = [
        ("map", deck.map_title, font_px(height * KICKER_EM, bold=True), theme.accent),
        ("tour", deck.tour.title, font_px(height * TITLE_EM, bold=True), theme.text),
    ]
    if deck.tour.description.strip():
        blocks.append(("about", deck.tour.description.strip(), font_px(height * ABOUT_EM), muted))
    head = font_px(height * SOURCES_HEAD_EM, bold=True)
    top = height * 0.12
    bottom = height * 0.93
    lines: list[Line] = []
    y = top
    for role, text, font, color in blocks:
        h = wrapped_height(font, text_width, text)
        lines.append(Line(role, text, font, QRectF(left, y, text_width, h), color))
        y += h + gap
    if not deck.sources:
        return lines
    y += gap
    head_h = wrapped_height(head, text_width, "Sources")
    lines.append(Line("sources-head", "Sources", head, QRectF(left, y, text_width, head_h), muted))
    y += head_h + gap / 2
    texts = [source_line(source) for source in deck.sources]
    font = font_px(height * SOURCE_EMS[-1])
    for em in SOURCE_EMS:
        font = font_px(height * em)
        total = sum(wrapped_height(font, text_width, t) + gap / 3 for t in texts)
        if y + total <= bottom:
            break
    for text in texts:
        h = wrapped_height(font, text_width, text)
        if y + h > bottom:  # more sources than a slide holds: the rest are in the map file
            break
        lines.append(Line("source", text, font, QRectF(left, y, text_width, h), theme.text))
        y += h + gap / 3
    return lines


def number_rect(overlay: Overlay) -> QRectF:
    """Where a step's number goes: the bottom right corner, in the caption band's margin."""
    width, height = overlay.size.width(), overlay.size.height()
    margin = width * 0.045  # the caption text stops this far from the edge (slides.layout_overlay)
    box_h = height * NUMBER_EM * 1.5
    bar = max(3.0, height * 0.005)
    return QRectF(width - margin, height - bar - box_h - height * 0.012, margin * 0.8, box_h)


def paint_number(painter: QPainter, overlay: Overlay, number: int, theme: Theme) -> None:
    rect = number_rect(overlay)
    if overlay.band.isEmpty():  # no band to sit in: a patch of the canvas keeps it legible
        painter.fillRect(rect, QColor(theme.canvas))  # opaque, as the band is
    painter.setFont(font_px(overlay.size.height() * NUMBER_EM))
    painter.setPen(mix(theme.text, theme.canvas, 0.72))
    align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(rect, int(align.value), str(number))
