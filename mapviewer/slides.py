"""A tour step as the hall sees it, with no window: what is shown, where the camera goes, where the
caption sits, and the painting of one whole frame.

``Stage`` is a projector-themed scene of its own plus the arithmetic of one frame. The
presentation window, the presenter view's previews and the slide export (``tourexport``, which
the command line runs without any window) all draw through it, so a slide is exactly what the
hall saw. It sits above the scene and below the user interface: QtGui and the scene, no widgets.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, QSettings, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
)

from mapviewer.boxes import LABEL_PT
from mapviewer.document import Document
from mapviewer.focuslayout import ASPECT, focus_layout
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.nodeitem import DIM_OPACITY, NodeItem
from mapviewer.scene.style import (
    LINK_PT,
    PROJECTOR_DARK,
    PROJECTOR_LIGHT,
    Theme,
    mix,
    on_page,
)
from mapviewer.scene.text import LabelText
from mapviewer.tours import Boxes, Framing, Items, Rect, StepView, frame

FAINT_OPACITY = 0.1  # not yet revealed, in "faint" mode: fainter than the spotlight's dimming
# Type as fractions of the screen height: readable from the back row of a lecture hall. The
# rules are for what the eye sees, the letters' ink from capitals to descenders, which is about
# INK of the font's pixel size: so each font is set that much larger than its rule.
INK = 0.9
LABEL_EM_MIN = 1 / 40 / INK  # concept labels: a step whose subjects fit no larger is flagged
LABEL_EM_MAX = 1 / 20  # a step about one small concept is not blown up beyond this
# Link phrases are drawn at this size, but never larger than the concept labels (then as large
# as they are: at least LABEL_EM_MIN, which every step that fits keeps) and, where labels are
# larger still, no smaller than the window draws them beside a label (LINK_PT to LABEL_PT).
LINK_EM_MIN = 1 / 30 / INK
CAPTION_EMS = (0.042, 0.039, 1 / 30 / INK)  # the first size that fits wins
TITLE_EM = 1 / 30 / INK
CITATION_EM = 1 / 30 / INK
BAND_MAX = 0.40  # the caption band never takes more of the screen than this
# Kept clear round the framed subjects, as fractions of the screen height, the first that reads
# wins. Projectors overscan and cut the picture's edges; 5 % is the broadcast action-safe border,
# which the caption's text (4.5 % of the width) about keeps too. At 1.5 % concepts stood 16-20 px
# from the edges of a 1024x768 screen. The tour editor's check lets the margin give way before
# the labels do, down to 1.5 %, and cuts the citation to a line.
STAGE_MARGINS = (0.05, 0.03, 0.015)
# In the hall (the presentation and the slide deck, which may close a step up) a step keeps its
# citation whole and at least 3 %, closed up if need be; only one that would not read from the
# back row even so falls back on the rest. Why-it-fails, step 1, at 1024x768 stood 17 px from
# the edge, its source cut "…/…"; as a close-up it keeps 47 px and the source whole.
HALL_MARGINS = STAGE_MARGINS[:2]
READS_WHOLE = (True, True, HALL_MARGINS[0])  # StepFrame.rank's start for a step that needs no more
# A close-up's subjects spread over at least this share of the screen above the caption both
# ways, or it tries rings the shape of that screen too (Stage._uses_screen).
SCREEN_USED = 0.7
PROGRESS_EM = 0.005
REVEAL_FILTER = "tour"  # the stage scene's shown filter: what the tour has reached
HALL_SCREEN = QSizeF(1920, 1080)  # the screen a step is judged on until told the real one
SPOTLIGHT_FILTER = "spotlight"  # its dim filter: everything but the focus
EDGE_FILTER = "edge"  # its shown filter: context the screen's edge or the caption band cuts


@dataclass
class StageOptions:
    """How a presentation looks; kept in the settings between sessions."""

    dark: bool = False
    faint: bool = False  # not-yet-revealed concepts faint instead of hidden (links stay hidden)
    spotlight: bool = True  # dim everything but the step's focus

    @classmethod
    def load(cls, store: QSettings) -> StageOptions:
        return cls(
            dark=_flag(store.value("presentation/dark"), False),
            faint=_flag(store.value("presentation/faint"), False),
            spotlight=_flag(store.value("presentation/spotlight"), True),
        )

    def save(self, store: QSettings) -> None:
        store.setValue("presentation/dark", self.dark)
        store.setValue("presentation/faint", self.faint)
        store.setValue("presentation/spotlight", self.spotlight)

    @property
    def theme(self) -> Theme:
        return hall_theme(PROJECTOR_DARK if self.dark else PROJECTOR_LIGHT)


_HALL: dict[Theme, Theme] = {}


def hall_theme(theme: Theme) -> Theme:
    """``theme`` with link phrases at the largest a step is framed with: LINK_EM_MIN of the
    screen wherever concept labels are LABEL_EM_MIN (a step draws them smaller, see
    Stage._fit_phrases). Concept boxes keep their size (the label font is untouched). One copy
    per theme, so caches keyed on it hold."""
    if theme in _HALL.values():
        return theme
    found = _HALL.get(theme)
    if found is None:
        ratio = LINK_EM_MIN / LABEL_EM_MIN * 1.01  # a hair over, so rounding never drops below
        found = _HALL[theme] = replace(
            theme, link_font_pt=max(theme.link_font_pt, theme.font_pt * ratio)
        )
    return found


# A step's phrases go in twentieths of the label's size: a handful of themes, not one a step.
PHRASE_STEPS = 20
_PHRASES: dict[tuple[Theme, int], Theme] = {}


def phrase_theme(hall: Theme, twentieths: int) -> Theme:
    """``hall`` (a hall_theme) with phrases ``twentieths``/20 of the label's size, never larger
    than its own. One copy each, so caches keyed on a theme hold."""
    if hall.font_pt * twentieths / PHRASE_STEPS >= hall.link_font_pt:
        return hall
    found = _PHRASES.get((hall, twentieths))
    if found is None:
        found = _PHRASES[(hall, twentieths)] = replace(
            hall, link_font_pt=hall.font_pt * twentieths / PHRASE_STEPS
        )
    return found


def phrase_font_px(theme: Theme) -> float:
    """Link phrase height in pixels at zoom 1, as label_font_px for labels."""
    return theme.link_font.pointSizeF() * 96 / 72


def _flag(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def node_boxes(scene: MapScene) -> dict[str, Rect]:
    """Every concept's box (left, top, width, height) in scene units, as the tour maths wants:
    a frame's with its title when that is written above it (Obsidian's groups), which a slide
    framed on the frame alone cut off at its top edge."""
    boxes = {}
    for node_id, item in scene.node_items.items():
        box = item.held_box()
        boxes[node_id] = (box.x(), box.y(), box.width(), box.height())
    return boxes


def own_sizes(document: Document) -> dict[str, float]:
    """The label height in pixels at zoom 1 of each concept with a text size of its own
    (Node.text_size: a yEd note's 10 px, 7.5 pt), by id; the rest are drawn in the theme's.
    A step is framed so its smallest label reads (frame_step)."""
    return {
        node.id: node.text_size * 96 / 72
        for node in document.cmap.nodes
        if node.text_size is not None
    }


def phrase_boxes(scene: MapScene) -> dict[str, Rect]:
    """Every link phrase's box in scene units, by link id (links without words have none)."""
    phrases = {}
    for edge_id, item in scene.edge_items.items():
        if item.text is not None and not item.label_rect.isEmpty():
            box = item.mapRectToScene(item.label_rect)
            phrases[edge_id] = (box.x(), box.y(), box.width(), box.height())
    return phrases


# --- the caption band -----------------------------------------------------------------------------


@dataclass
class Text:
    font: QFont
    rect: QRectF
    text: str
    color: QColor


@dataclass
class Overlay:
    """The caption band of one step laid out for one screen size."""

    size: QSizeF
    band: QRectF  # empty when the step says nothing
    texts: list[Text]
    progress: float  # 0..1 of the tour done, drawn as a thin bar at the bottom

    @property
    def band_height(self) -> float:
        return self.band.height()


WRAP = int(Qt.TextFlag.TextWordWrap.value) | int(Qt.AlignmentFlag.AlignLeft.value)


def font_px(pixels: float, bold: bool = False) -> QFont:
    """A font this many pixels high: type on a projector is sized from the screen, not points."""
    font = QFont()
    font.setPixelSize(max(6, math.ceil(pixels - 1e-6)))  # never below the size asked for
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


# A word joiner after a hyphen: Qt breaks a line after any hyphen ("T-" / "cells" in a
# caption); the joiner forbids that break and draws nothing.
_JOINER = "\u2060"
_HYPHENATED = re.compile(r"\S*\w-\w\S*")


def unbroken(font: QFont, width: float, text: str) -> str:
    """``text`` with every hyphenated word ("T-cells", "PD-1") that fits on a line of ``width``
    kept whole; one wider than a line may still break at its hyphens, or it would overflow."""
    if "-" not in text:
        return text
    metrics = QFontMetricsF(font)

    def join(found: re.Match[str]) -> str:
        word = found.group()
        if metrics.horizontalAdvance(word) > width:
            return word
        return word.replace("-", "-" + _JOINER)

    return _HYPHENATED.sub(join, text)


# Heights measured so far, by font, width and text (see wrapped_height); shared by threads.
_heights: dict[tuple[str, float, str], float] = {}
HEIGHTS_KEPT = 4096


def wrapped_height(font: QFont, width: float, text: str) -> float:
    """Measured once for each font, width and text: the Tours dock measures every step's
    caption band again at each edit, the same words (1,344 measures, a third of a check of
    the default map's tours)."""
    key = (font.toString(), width, text)
    found = _heights.get(key)
    if found is None:
        shown = unbroken(font, width, text)
        bounds = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), WRAP, shown)
        found = bounds.height()
        if len(_heights) >= HEIGHTS_KEPT:
            _heights.clear()
        _heights[key] = found
    return found


def draw_wrapped(painter: QPainter, rect: QRectF, text: str) -> None:
    """``text`` wrapped into ``rect`` in the painter's font as ``wrapped_height`` measured it."""
    painter.drawText(rect, WRAP, unbroken(painter.font(), rect.width(), text))


def _elide(font: QFont, width: float, text: str, limit: float) -> str:
    """``text`` whole if it fits ``limit`` pixels of height wrapped to ``width``; else as many
    of its first words as fit, ending with an ellipsis (the longest such start, not a tenth of
    the words less at a time)."""
    if wrapped_height(font, width, text) <= limit:
        return text
    words = text.split()
    fits, too_many = 1, len(words)  # one word is all a too-narrow band can do
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if wrapped_height(font, width, " ".join(words[:middle]) + "…") <= limit:
            fits = middle
        else:
            too_many = middle
    return " ".join(words[:fits]) + "…"


@dataclass
class _Caption:
    """The caption's words and type, fitted to the room the citation leaves."""

    font: QFont
    words: str
    height: float
    elided: bool


def _fit_caption(
    words: str, text_width: float, height: float, room: float, ems: tuple[float, ...] = CAPTION_EMS
) -> _Caption:
    font = font_px(height * ems[-1])
    for em in ems:
        font = font_px(height * em)
        if not words or wrapped_height(font, text_width, words) <= room:
            break
    fitted = _elide(font, text_width, words, room) if words else words
    caption_h = wrapped_height(font, text_width, fitted) if fitted else 0.0
    return _Caption(font, fitted, caption_h, fitted != words)


def layout_overlay(
    view: StepView, size: QSizeF, theme: Theme, cite_lines: int = 2, smallest: bool = False
) -> Overlay:
    """Where the title, caption and citation go: a band along the bottom, as small as the words
    allow, in type sized from the screen height; the citation on at most ``cite_lines``, the
    caption in its ``smallest`` size if asked (to leave the map room)."""
    width, height = size.width(), size.height()
    progress = (view.index + 1) / max(view.count, 1)
    caption = view.caption
    words = f"“{caption.text}”" if caption.quoted else caption.text
    note = gone_note(view)
    if not (view.title or words or note):
        return Overlay(size, QRectF(), [], progress)
    margin = width * 0.045
    pad = height * 0.024
    gap = height * 0.012
    text_width = width - 2 * margin
    muted = mix(theme.text, theme.canvas, 0.72)
    title_font = font_px(height * TITLE_EM, bold=True)
    title_h = wrapped_height(title_font, text_width, view.title) if view.title else 0.0
    cite_font = font_px(height * CITATION_EM)
    line = QFontMetricsF(cite_font).lineSpacing()
    note = _elide(cite_font, text_width, note, line * 1.2) if note else ""
    note_h = wrapped_height(cite_font, text_width, note) if note else 0.0

    def fit(lines: int) -> tuple[str, float, _Caption]:
        whole = f"— {caption.citation}" if caption.citation else ""
        cite = _elide(cite_font, text_width, whole, line * (lines + 0.2)) if whole else ""
        cite_h = wrapped_height(cite_font, text_width, cite) if cite else 0.0
        fixed = (
            2 * pad
            + note_h
            + title_h
            + cite_h
            + gap * (bool(note_h) + bool(title_h) + bool(cite_h))
        )
        ems = CAPTION_EMS[-1:] if smallest else CAPTION_EMS
        return cite, fixed, _fit_caption(words, text_width, height, height * BAND_MAX - fixed, ems)

    # A source's title is shown whole on up to two lines while the caption keeps every word
    # (in a size a step smaller if need be); only to keep the caption's words does the title
    # go on one line, cut at a word. Cut to keep the caption's largest size, the same title
    # was whole on some steps of a tour and cut on others, with room to spare on the slide.
    cite, fixed, fitted = fit(cite_lines)
    if cite_lines > 1 and fitted.elided:
        short = fit(1)
        if not short[2].elided:
            cite, fixed, fitted = short
    band_h = fixed + fitted.height + height * PROGRESS_EM
    band = QRectF(0, height - band_h, width, band_h)
    texts = []
    y = band.top() + pad
    cite_h = wrapped_height(cite_font, text_width, cite) if cite else 0.0
    for font, h, text, color in (
        (cite_font, note_h, note, theme.text),
        (title_font, title_h, view.title, theme.accent),
        (fitted.font, fitted.height, fitted.words, theme.text),
        (cite_font, cite_h, cite, muted),
    ):
        if h:
            texts.append(Text(font, QRectF(margin, y, text_width, h), text, color))
            y += h + gap
    return Overlay(size, band, texts, progress)


def gone_note(view: StepView) -> str:
    """What a step whose every concept was deleted says above its words: shown as they are,
    over the map as the tour has revealed it so far, it passed for an overview of the map."""
    if not view.gone:
        return ""
    return f"⚠ No longer in the map: {'; '.join(view.gone)}"


def paint_overlay(painter: QPainter, overlay: Overlay, theme: Theme) -> None:
    """The band, its words (always plain text, never markup) and the progress bar."""
    width, height = overlay.size.width(), overlay.size.height()
    if not overlay.band.isEmpty():
        # Opaque: links and faint phrases behind the band would read as part of the caption.
        painter.fillRect(overlay.band, QColor(theme.canvas))
        rule = QRectF(0, overlay.band.top(), width, max(2.0, height * 0.004))
        painter.fillRect(rule, theme.accent)
    for text in overlay.texts:
        painter.setFont(text.font)
        painter.setPen(text.color)
        draw_wrapped(painter, text.rect, text.text)
    bar = max(3.0, height * PROGRESS_EM)
    track = mix(theme.text, theme.canvas, 0.12)
    painter.fillRect(QRectF(0, height - bar, width, bar), track)
    painter.fillRect(QRectF(0, height - bar, width * overlay.progress, bar), theme.accent)


# --- the stage: a scene and the arithmetic of a frame --------------------------------------------


class Stage:
    """A projector-themed scene of the document and how one step looks at one screen size."""

    def __init__(
        self,
        document: Document,
        options: StageOptions,
        cached: bool = True,
        close_ups: bool = False,
        indexed: bool = True,
    ) -> None:
        """``close_ups``: a step whose subjects do not read on ``screen`` where the map has them
        is drawn alone, its concepts laid out afresh round its first (see close_up): a walk
        made up on the spot from the selection, and a tour its author checked on a 16:9 screen
        shown on a 4:3 projector (five steps of each shipped tour had labels under the back
        row's size there). The presentation and the slide export set ``screen`` to the size
        they show on. Without ``indexed`` the scene can live on a worker thread (MapScene)."""
        self.document = document
        self.options = options
        # Phrases at their largest (hall_theme) frame and stage a step; the theme a step is
        # drawn in may have them smaller (see _fit_phrases).
        self.hall = on_page(hall_theme(options.theme), document.cmap.background)
        self.theme = self.hall
        # Frames drawn once each (slides, previews) gain nothing from pixel caches, and a PDF
        # must get real shapes and text rather than the caches' pictures of them.
        self.scene = MapScene(document, self.theme, editable=False, cached=cached, indexed=indexed)
        self.scene.keep_phrases_off_links()
        self.close_ups = close_ups
        self.screen = QSizeF(HALL_SCREEN)
        self._close: tuple[StepView, StepView] | None = None  # a step and its close-up

    @property
    def closed_up(self) -> bool:
        """Whether the step applied last is shown as a close-up: its concepts staged where the
        map does not have them."""
        return self._close is not None

    def boxes(self) -> dict[str, Rect]:
        self.scene.flush_geometry()
        return node_boxes(self.scene)

    def phrases(self) -> dict[str, Rect]:
        self.scene.flush_geometry()
        return phrase_boxes(self.scene)

    def sizes(self) -> dict[str, float]:
        return own_sizes(self.document)

    def frame(self, view: StepView, size: QSizeF) -> StepFrame:
        """How ``view`` is framed on a screen of ``size``: the one framing every screen, preview
        and slide uses (a close-up's own, when the step is shown as one)."""
        if self._close is not None and self._close[0] is view:
            view = self._close[1]
        found = (self.boxes(), size, self.theme, self.phrases(), self.sizes())
        framed = frame_step(view, *found, hall=self.close_ups)
        if framed.fits or not self.close_ups:
            return framed
        narrower = frame_step(view, *found)  # what does not read even as a close-up
        return narrower if narrower.rank > framed.rank else framed

    def show(self, view: StepView, size: QSizeF, clean_edges: bool = True) -> StepFrame:
        """``view`` as the hall sees it on a screen of ``size``: applied (a close-up where that
        is how it reads) and framed. The presentation shows a step through this, and the tour
        editor judges one with it: the editor flagged "labels 21 px" on a step the hall saw as
        a close-up with labels of 40."""
        self.screen = QSizeF(size)
        self.apply(view)
        framed = self.frame(view, size)
        if clean_edges:  # only what is drawn needs it; a verdict on the step does not
            self._leave_out_cut(view, framed)
        return framed

    def apply(self, view: StepView) -> None:
        """Show what the tour has reached (the rest hidden, or faint) and spotlight the focus."""
        scene = self.scene
        revealed, focus = view.revealed, view.focus
        faint = self.options.faint
        # The step's own links choose their phrases' places first; the faint ones make way.
        first = focus.edges if focus else frozenset()
        with scene.phrases_placed_once(first):
            scene.clear_shown_filter(EDGE_FILTER)
            self._phrase_font(self.hall)
            self._show_revealed(view)
            if self.options.spotlight and focus:
                scene.set_dim_filter(SPOTLIGHT_FILTER, set(focus.nodes), set(focus.edges))
            else:
                scene.clear_dim_filter(SPOTLIGHT_FILTER)
        for node_id, item in scene.node_items.items():
            if faint and node_id not in revealed.nodes:
                item.setOpacity(FAINT_OPACITY)
            else:
                item.setOpacity(DIM_OPACITY if item.dimmed else 1.0)
        if self.close_ups:
            with scene.phrases_placed_once(first):
                self._close_up(view)
        self._fit_phrases(view, first)
        scene.update()

    def _leave_out_cut(self, view: StepView, framed: StepFrame) -> None:
        """Hide what the tour has shown before but this step is not about, where the screen's
        edge or the caption band cuts it: a concept partly in sight, and a line in sight to a
        concept that is not wholly so, or with its phrase cut. Dimmed by the spotlight, such
        leftovers read as faint stubs at the borders: why-it-fails step 2 at 1280x720 showed
        half of Immune evasion under the band, releasing-the-brakes step 10 at 1024x768 two
        "blocks" lines crossing the screen from drugs out of sight. The subjects are framed
        whole, so they stay; so do faint mode's ghosts, which show the map's shape, and what
        lies wholly out of sight."""
        scene = self.scene
        seen = framed.visible()
        subjects = set(view.subjects) | set(view.focus.nodes)
        about = set(view.subject_links) | set(view.focus.edges)
        shown = {n for n, item in scene.node_items.items() if item.shown}
        cut = set()
        for node_id in (shown & set(view.revealed.nodes)) - subjects:
            box = scene.node_items[node_id].held_box()
            if box.intersects(seen) and not seen.contains(box):
                cut.add(node_id)
        shown_links = [link for link in scene.edge_items.values() if link.shown]
        dropped = set()
        for link in shown_links:
            if link.edge_id in about or not link.mapRectToScene(link.boundingRect()).intersects(
                seen
            ):
                continue
            ends = (link.source.held_box(), link.target.held_box())
            phrase = link.mapRectToScene(link.label_rect)
            cut_phrase = link.text is not None and phrase.intersects(seen)
            if not all(seen.contains(end) for end in ends) or (
                cut_phrase and not seen.contains(phrase)
            ):
                dropped.add(link.edge_id)
        if not cut and not dropped:
            return
        links = {link.edge_id for link in shown_links} - dropped
        with scene.phrases_placed_once(view.focus.edges):
            scene.set_shown_filter(EDGE_FILTER, shown - cut, links)

    def _show_revealed(self, view: StepView) -> None:
        """What the tour has reached, where the map has it. Links come only when revealed, even
        in faint mode: a ghost of the concepts shows the map's shape; faint lines and phrases
        would only be noise on a projector."""
        nodes = None if self.options.faint else view.revealed.nodes
        self.scene.set_shown_filter(REVEAL_FILTER, nodes, view.revealed.edges)

    def _phrase_font(self, theme: Theme) -> None:
        self.scene.set_phrase_font(theme)
        self.theme = theme

    def _fit_phrases(self, view: StepView, first: frozenset[str]) -> None:
        """Phrases as large as the back row needs (LINK_EM_MIN of ``screen``) but never larger
        than the concept labels, and where labels are larger still, in the window's proportion
        to them: on a concept map the concept reads first and the phrase on its link second.
        Drawn at least 1/30 of the screen whatever the labels, phrases out-shouted them on 28
        of the 48 steps of the default map's tours at 1024x768 and 1920x1080 (labels 22 px,
        phrases 30 at 1024x768), where the subjects fit only with labels between 1/40 and
        1/30. The step was framed with the largest phrases, so smaller ones keep it whole;
        should a smaller phrase still frame it smaller (placed elsewhere), the last size that
        read stays."""
        need = self.screen.height() * LINK_EM_MIN
        theme_label = label_font_px(self.hall)
        least = LINK_PT / LABEL_PT

        def reads(framed: StepFrame) -> bool:
            label = framed.base_px * framed.scale
            return phrase_font_px(self.theme) * framed.scale >= min(need, label) - 1e-6

        good = self.theme
        for _ in range(3):
            framed = self.frame(view, self.screen)
            if self.theme is not good and not reads(framed):
                break
            good = self.theme
            # The step's smallest label (a yEd note's 7.5 pt under the theme's 10): phrases
            # sized by the theme's label outgrew the notes they join (61 px over 54).
            label, scale = framed.base_px, framed.scale
            wanted = need * 1.01 / (label * scale)  # a hair over, so rounding never drops below
            share = min(1.0, max(least, wanted))
            if label != theme_label:  # phrase_theme counts in the theme's label size
                share *= label / theme_label
            theme = phrase_theme(self.hall, math.ceil(share * PHRASE_STEPS - 1e-9))
            if theme is self.theme:
                return
            with self.scene.phrases_placed_once(first):
                self._phrase_font(theme)
        if self.theme is not good and not reads(self.frame(view, self.screen)):
            with self.scene.phrases_placed_once(first):
                self._phrase_font(good)

    def _close_up(self, view: StepView) -> None:
        """When ``view`` does not read on ``screen`` where the map has its concepts (a walk's
        link to a concept across the map, a hub with neighbours all over it: labels 11 px tall
        where 27 read from the back row), show only its subjects and the links among them, laid
        out afresh round its first concept as View > Focus lays out a neighbourhood."""
        scene = self.scene
        scene.unstage()
        self._close = None
        # What the step is about: its focus and what it shows for the first time, with both
        # ends of those links, and the links it has revealed among them.
        members = set(view.subjects) | set(view.focus.nodes)
        edges = self.document.edges
        for edge_id in view.subject_links:
            edge = edges.get(edge_id)
            if edge is not None:
                members |= {edge.source, edge.target}
        centre = view.primary if view.primary in members else min(members, default=None)
        if centre is None or len(members) < 2:
            return
        # A step that reads only with its margin narrowed is closed up too, when that keeps the
        # margin whole (HALL_MARGINS); it stays as the map has it when a close-up does no better.
        mapped = self.frame(view, self.screen)
        if mapped.rank[:3] == READS_WHOLE:
            return
        links = {
            e
            for e in view.revealed.edges | view.subject_links
            if e in edges and edges[e].source in members and edges[e].target in members
        }
        items = scene.node_items
        sizes = {n: (2 * items[n].half_w, 2 * items[n].half_h) for n in members if n in items}
        if centre not in sizes:  # a big map's concept whose item is not made: as the map has it
            return
        scene.set_shown_filter(REVEAL_FILTER, members, links)
        nodes = self.document.nodes
        places = {n: (nodes[n].x or 0.0, nodes[n].y or 0.0) for n in sizes}
        ties = []
        for edge_id in sorted(links):
            edge, link = edges[edge_id], scene.edge_items.get(edge_id)
            phrase = (link.label_rect.width(), link.label_rect.height()) if link else (0.0, 0.0)
            ties.append((edge.source, edge.target, phrase))
        alone = Items(frozenset(sizes), frozenset(links))
        close = replace(view, revealed=alone, new=alone, subjects=frozenset(sizes), camera=None)
        self._close = (view, close)
        # Round the first concept in the directions the map has them, or, when that stacks
        # them up a screen that is wide (Monoclonal antibodies under Immune checkpoint
        # inhibitors under Cancer immunotherapy: labels 24 px where the back row needs 30),
        # in the same order a quarter turn round; each also with every concept as near as it
        # fits (why-it-fails step 6 at 1024x768 kept its source whole); whichever reads larger.
        # When none reads with the margin whole, all again in rings the shape of the screen
        # above the caption: on a hall's screen under a one-line caption, Immune checkpoint
        # inhibitors' two wide side-effect diamonds spread 844 wide in View > Focus's rings,
        # labels 29 px.
        size, band = mapped.size, mapped.overlay.band_height
        margin = 2 * size.height() * HALL_MARGINS[0]
        above = max(size.height() - band, size.height() * 0.3)  # as _frame_under has it
        screen = max(size.width() - margin, 1.0) / max(above - margin, 1.0)
        best: tuple[tuple[bool, bool, float, float], dict[str, tuple[float, float]]] | None = None
        tries = itertools.product((ASPECT, screen), (False, True), (0.0, math.pi / 2))
        for number, (aspect, near, turn) in enumerate(tries):
            if number == 4 and best is not None and self._uses_screen(view, best):
                break
            arranged = focus_layout(centre, ties, sizes, places, turn, aspect, near)
            scene.stage(arranged)
            rank = self.frame(view, self.screen).rank
            if best is None or rank > (*best[0][:3], best[0][3] * 1.01):
                best = (rank, arranged)
        assert best is not None
        if best[0] <= mapped.rank:
            scene.unstage()
            self._show_revealed(view)
            self._close = None
            return
        scene.stage(best[1])

    def _uses_screen(
        self,
        view: StepView,
        best: tuple[tuple[bool, bool, float, float], dict[str, tuple[float, float]]],
    ) -> bool:
        """Whether the close-up ``best`` needs no rings the shape of the screen: it reads with
        its margin whole and either has labels at their largest or spreads over most of the
        screen both ways. Kept because it read, "Drugs that block PD-1" (releasing-the-brakes
        step 7) stood in View > Focus's rings in 56 % of a 1920x1080 screen's width, the right
        quarter empty, labels 40.9 px where the screen-shaped rings read 46.4."""
        if best[0][:3] != READS_WHOLE:
            return False
        self.scene.stage(best[1])
        framed = self.frame(view, self.screen)
        need = framed.framing.need
        if need is None or framed.label_px >= self.screen.height() * LABEL_EM_MAX * 0.999:
            return True
        seen = framed.visible()
        return min(need[2] / seen.width(), need[3] / seen.height()) >= SCREEN_USED

    def layout(self, view: StepView, size: QSizeF) -> tuple[QPointF, float, Overlay]:
        """The scene point for the middle of the screen, the zoom, and the caption band."""
        framed = self.frame(view, size)
        return framed.centre, framed.scale, framed.overlay

    def render(self, painter: QPainter, view: StepView, size: QSizeF) -> StepFrame:
        """One whole frame, as the presentation window shows it, onto any paint device; returns
        how it was framed (a deck numbers the page in its band), worked out once: a PDF page
        had it worked out three times, for the camera, the words it may keep and the number."""
        self.apply(view)
        framed = self.frame(view, size)
        self._leave_out_cut(view, framed)
        centre, scale, overlay = framed.centre, framed.scale, framed.overlay
        width, height = size.width(), size.height()
        source = QRectF(
            centre.x() - width / 2 / scale,
            centre.y() - height / 2 / scale,
            width / scale,
            height / scale,
        )
        target = QRectF(0, 0, width, height)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        painter.fillRect(target, self.theme.canvas)
        self.scene.flush_geometry()
        self.scene.set_view_scale(scale)
        engine = painter.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Pdf:
            self._render_pdf(painter, target, source, framed.visible())
        else:
            self.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        paint_overlay(painter, overlay, self.theme)
        return framed

    def _render_pdf(self, painter: QPainter, target: QRectF, source: QRectF, seen: QRectF) -> None:
        """The map onto a PDF page, whose text layer must hold only words the slide shows:
        a PDF keeps every word drawn, and the slides of the default map's two tours carried
        534 words of phrases and labels beyond the page or under the caption ("patrol the body
        for abnormal cells such as" on ten slides that show no such link). Concepts and phrases
        wholly inside ``seen`` (the scene above the band) are drawn as text; those the page's
        edge or the band cuts are drawn in outlines, which look the same but hold no words;
        the rest not at all."""
        scene = self.scene
        faded: dict[NodeItem, float] = {}
        swapped: dict[NodeItem | EdgeItem, LabelText] = {}
        for node in scene.node_items.values():
            box = node.scene_box()
            if node.isVisible() and not seen.intersects(box):
                faded[node] = node.opacity()
                node.setOpacity(0.0)
            elif node.isVisible() and not seen.contains(box) and node.text is not None:
                swapped[node] = node.text
        for link in scene.edge_items.values():
            box = link.label_rect
            if link.shown and link.text is not None and _cut(seen, box):
                swapped[link] = link.text
        try:
            for item, text in swapped.items():
                item.text = _Outlined(text.lines, text.widths, text.line_height, text.size)
            scene.link_layer.phrase_window = seen
            scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            scene.link_layer.phrase_window = None
            for item, text in swapped.items():
                item.text = text
            for node, opacity in faded.items():
                node.setOpacity(opacity)


def _cut(seen: QRectF, box: QRectF) -> bool:
    return seen.intersects(box) and not seen.contains(box)


class _Outlined(LabelText):
    """A label drawn as filled outlines of its letters: a PDF keeps no words of it."""

    def draw(self, painter: QPainter, top_left: QPointF) -> None:
        font = painter.font()
        ascent = QFontMetricsF(font, painter.device()).ascent()
        centre = top_left.x() + self.size.width() / 2
        y = top_left.y()
        path = QPainterPath()
        for line, width in zip(self.lines, self.widths, strict=True):
            path.addText(centre - width / 2, y + ascent, font, line)
            y += self.line_height
        painter.fillPath(path, painter.pen().brush())


def label_font_px(theme: Theme) -> float:
    """Concept label height in pixels at zoom 1 (the scene sizes its fonts for 96 dpi)."""
    return theme.node_font.pointSizeF() * 96 / 72


@dataclass
class StepFrame:
    """One step framed on one screen: where the camera goes, the caption band, and the checks."""

    centre: QPointF  # the scene point at the middle of the screen
    scale: float  # screen pixels per scene unit
    overlay: Overlay
    framing: Framing
    size: QSizeF
    theme: Theme
    base_px: float  # the step's smallest label at zoom 1 (step_label_px), which must read
    margin: float  # kept clear round the subjects, as a share of the screen height
    cited_whole: bool = True  # False: the source's title was cut to a line for the map's room

    @property
    def rank(self) -> tuple[bool, bool, float, float]:
        """Better framings rank higher: readable first, then with the source whole, then the
        margin kept, then the type."""
        return self.fits, self.cited_whole, self.margin, self.label_px

    @property
    def fits(self) -> bool:
        """Every subject whole on the screen with labels readable from the back row."""
        return self.framing.readable

    @property
    def label_px(self) -> float:
        """How high the step's smallest concept label is on this screen, in pixels."""
        return self.base_px * self.scale

    def visible(self) -> QRectF:
        """The scene rectangle shown above the caption band."""
        width, height = self.size.width(), self.size.height()
        left = self.centre.x() - width / 2 / self.scale
        top = self.centre.y() - height / 2 / self.scale
        return QRectF(
            left, top, width / self.scale, (height - self.overlay.band_height) / self.scale
        )


def frame_step(
    view: StepView,
    boxes: Boxes,
    size: QSizeF,
    theme: Theme,
    phrases: dict[str, Rect] | None = None,
    sizes: Mapping[str, float] | None = None,
    hall: bool = False,
) -> StepFrame:
    """The step fitted into the screen above its caption band, less a margin: everything it is
    about whole (``tours.frame``), labels no larger than LABEL_EM_MAX; ``fits`` says whether
    they are at least LABEL_EM_MIN. A source's title takes a second line of the band only
    while the labels stay readable: the map comes first. ``sizes``: the concepts' own label
    heights (own_sizes); the step's smallest label is the one held to those rules.
    ``hall``: the citation always whole and the margin no narrower than HALL_MARGINS allow,
    ``fits`` False where the labels then do not read (see Stage.frame)."""
    base = step_label_px(view, theme, sizes)
    margins = HALL_MARGINS if hall else STAGE_MARGINS
    overlay = layout_overlay(view, size, theme)
    framed = _frame_under(overlay, view, boxes, theme, phrases, base, margins)
    if not framed.fits:
        # The caption a size smaller before the source's title is cut: on a 1024x768
        # projector "A hostile neighbourhood" (why-it-fails, step 6) cut its source to
        # "Unraveling immune therapy resistance mechanisms:…" for want of a few pixels.
        smaller = layout_overlay(view, size, theme, smallest=True)
        if smaller.band_height < framed.overlay.band_height:
            retry = _frame_under(smaller, view, boxes, theme, phrases, base, margins)
            if retry.rank > framed.rank:
                framed = retry
    if not framed.fits and not hall:
        shorter = layout_overlay(view, size, theme, cite_lines=1)
        if shorter.band_height < framed.overlay.band_height:
            retry = _frame_under(shorter, view, boxes, theme, phrases, base, margins)
            if retry.scale > framed.scale:
                framed = replace(retry, cited_whole=False)
    return framed


def step_label_px(
    view: StepView, theme: Theme, sizes: Mapping[str, float] | None
) -> tuple[float, float]:
    """The heights at zoom 1 of the smallest and the largest label among the step's subjects:
    the smallest must still read from the back row, the largest is not blown up beyond
    LABEL_EM_MAX. A yEd map's 10 px notes (7.5 pt) framed by the theme's 13.3 px came out a
    quarter smaller than the back row needs. A step about no concept (an overview) and a map
    without own sizes go by the theme's."""
    theme_px = label_font_px(theme)
    if not sizes:
        return theme_px, theme_px
    heights = [sizes.get(n, theme_px) for n in view.subjects] or [theme_px]
    return min(heights), max(heights)


def _frame_under(
    overlay: Overlay,
    view: StepView,
    boxes: Boxes,
    theme: Theme,
    phrases: dict[str, Rect] | None,
    label_px: tuple[float, float],
    margins: Sequence[float],
) -> StepFrame:
    size = overlay.size
    width, height = size.width(), size.height()
    above = max(height - overlay.band_height, height * 0.3)
    smallest, largest = label_px
    min_scale = height * LABEL_EM_MIN / smallest
    max_scale = max(height * LABEL_EM_MAX / largest, min_scale)
    for share in margins:
        margin = height * share
        stage = (max(width - 2 * margin, 1.0), max(above - 2 * margin, 1.0))
        framing = frame(view, boxes, stage, min_scale, max_scale, phrases)
        if framing.readable:
            break
    scale = framing.scale
    # The stage is the screen above the band: its middle sits band/2 above the screen's.
    centre = QPointF(framing.cx, framing.cy + (height - above) / 2 / scale)
    return StepFrame(centre, scale, overlay, framing, QSizeF(size), theme, smallest, share)


def render_step(stage: Stage, view: StepView, size: QSize) -> QImage:
    """One step as an image of ``size`` pixels (previews and PNG slides)."""
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(stage.theme.canvas)
    painter = QPainter(image)
    stage.render(painter, view, QSizeF(size))
    painter.end()
    return image
