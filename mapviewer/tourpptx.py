"""A tour as a PowerPoint file (.pptx), for lecturers whose slides live in PowerPoint or Impress.

One slide per step after a title slide. Each step's map is a picture of the projected frame
above its caption band, and what the band says is editable text where the band was: the step's
title (in the slide's title placeholder, so outlines and screen readers find it), the caption,
the citation and the number. The speaker notes are PowerPoint's own notes. Sizes follow the
projection: a 1920x1080 frame is the 13.33 x 7.5 inch widescreen slide, a pixel half a point.
"""

from __future__ import annotations

import re
from io import BytesIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.presentation import Presentation as PptxFile
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt
from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QImage, QImageWriter

from mapviewer.scene.style import mix
from mapviewer.slidedeck import (
    NUMBER_EM,
    SLIDE,
    Deck,
    DeckPainter,
    Progress,
    TourExportError,
    number_rect,
    title_layout,
    title_notes,
)
from mapviewer.slides import font_px
from mapviewer.tours import StepView

EMU_PER_PX = 12192000 // SLIDE.width()  # 6350: the widescreen slide is 1920 frame pixels across
TITLE_ONLY = 5  # the default template's "Title Only" layout: a title placeholder and nothing else


# What XML 1.0 cannot hold at all: control characters but tab and line breaks, lone surrogates,
# U+FFFE and U+FFFF. A map's text may carry them (pasted from anywhere); a slide shows a space.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _plain(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _emu(pixels: float) -> Emu:
    return Emu(round(pixels * EMU_PER_PX))


def _rgb(color: QColor) -> RGBColor:
    return RGBColor(color.red(), color.green(), color.blue())


def _png(image: QImage) -> BytesIO:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, b"png").write(image):
        raise TourExportError("could not make the slide's picture")
    return BytesIO(bytes(buffer.data().data()))


def _fill(frame: TextFrame, text: str, font: QFont, color: QColor, right: bool = False) -> None:
    """Words in a frame as the projection sets them: no insets, wrapped, the frame's size kept."""
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.text = _plain(text)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(font.pixelSize() * 0.5)  # 1080 px is the slide's 540 points
            run.font.bold = font.bold()
            run.font.color.rgb = _rgb(color)


def _text(slide: Slide, rect: QRectF, text: str, font: QFont, color: QColor) -> None:
    box = slide.shapes.add_textbox(
        _emu(rect.x()), _emu(rect.y()), _emu(rect.width()), _emu(rect.height())
    )
    _fill(box.text_frame, text, font, color)


def _title(slide: Slide, rect: QRectF, text: str, font: QFont, color: QColor) -> None:
    """The slide's title placeholder, moved to where the projection puts the title."""
    title = slide.shapes.title
    if title is None:
        _text(slide, rect, text, font, color)
        return
    title.left, title.top = _emu(rect.x()), _emu(rect.y())
    title.width, title.height = _emu(rect.width()), _emu(rect.height())
    _fill(title.text_frame, text, font, color)


def _drop_title(slide: Slide) -> None:
    """A step without a title: an empty placeholder would say "Click to add title"."""
    title = slide.shapes.title
    if title is not None:
        element = title.element
        element.getparent().remove(element)


def _rect(slide: Slide, rect: QRectF, color: QColor) -> Shape:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, _emu(rect.x()), _emu(rect.y()), _emu(rect.width()), _emu(rect.height())
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(color)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _new_slide(deck_file: PptxFile, canvas: QColor) -> Slide:
    slide = deck_file.slides.add_slide(deck_file.slide_layouts[TITLE_ONLY])
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(canvas)
    return slide


def _notes(slide: Slide, text: str) -> None:
    """The speaker notes, as PowerPoint's presenter view and Impress's notes view show them."""
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:
        frame.text = _plain(text)


def _alt_text(pages: DeckPainter, view: StepView) -> str:
    """What the picture shows, for a screen reader: the concepts the step is about."""
    nodes = pages.stage.document.cmap.node_by_id()
    names = [nodes[i].label for i in sorted(view.focus.nodes) if i in nodes]
    what = ", ".join(names) if names else "the map"
    return f"Concept map, step {view.index + 1}: {what}"


def write_pptx(pages: DeckPainter, deck: Deck, progress: Progress | None = None) -> bytes:
    """The .pptx file's bytes: a title slide, then one slide per step."""
    theme = pages.theme
    deck_file = Presentation()
    deck_file.slide_width = _emu(SLIDE.width())
    deck_file.slide_height = _emu(SLIDE.height())
    deck_file.core_properties.title = _plain(deck.heading)
    deck_file.core_properties.subject = _plain(deck.map_title)
    count = len(deck.views) + 1
    size = QSizeF(SLIDE)
    # The title slide: the map, the tour, what it is about, its sources; all of it editable.
    slide = _new_slide(deck_file, theme.canvas)
    _rect(slide, QRectF(0, 0, max(6.0, size.width() * 0.012), size.height()), theme.accent)
    for line in title_layout(deck, size, theme):
        if line.role == "tour":
            _title(slide, line.rect, line.text, line.font, line.color)
        else:
            _text(slide, line.rect, line.text, line.font, line.color)
    _notes(slide, title_notes(deck))
    if progress is not None:
        progress(1, count)
    for view in deck.views:
        slide = _new_slide(deck_file, theme.canvas)
        picture, overlay = pages.map_picture(view, SLIDE)
        shown = slide.shapes.add_picture(
            _png(picture), Emu(0), Emu(0), _emu(picture.width()), _emu(picture.height())
        )
        for properties in shown.element.xpath("./p:nvPicPr/p:cNvPr"):
            properties.set("descr", _plain(_alt_text(pages, view)))
        if not overlay.band.isEmpty():
            rule = QRectF(0, overlay.band.top(), size.width(), max(2.0, size.height() * 0.004))
            _rect(slide, rule, theme.accent)
        titled = False
        for text in overlay.texts:
            if not titled and view.title and text.text == view.title:
                _title(slide, text.rect, text.text, text.font, text.color)
                titled = True
            else:
                _text(slide, text.rect, text.text, text.font, text.color)
        if not titled:
            _drop_title(slide)
        number = font_px(size.height() * NUMBER_EM)
        box = number_rect(overlay)
        numbered = slide.shapes.add_textbox(
            _emu(box.x()), _emu(box.y()), _emu(box.width()), _emu(box.height())
        )
        muted = mix(theme.text, theme.canvas, 0.72)
        _fill(numbered.text_frame, str(view.index + 1), number, muted, right=True)
        numbered.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        _notes(slide, view.notes)
        if progress is not None:
            progress(view.index + 2, count)
    out = BytesIO()
    deck_file.save(out)
    return out.getvalue()
