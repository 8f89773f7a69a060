"""Presenting a map in a hall: full screen, step by step, big type and a caption the back row reads.

``Stage`` is a projector-themed scene of its own plus the arithmetic of one frame (what is shown,
where the camera goes, where the caption sits); the window, the presenter view's previews and the
slide export all draw through it, so a slide is exactly what the hall saw.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from mapviewer.document import Document
from mapviewer.model import Tour
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import MapView
from mapviewer.scene.nodeitem import DIM_OPACITY
from mapviewer.scene.style import PROJECTOR_DARK, PROJECTOR_LIGHT, Theme, mix
from mapviewer.tours import Boxes, StepView, bounds, frame, resolve
from mapviewer.ui import settings as prefs

STEP_MS = 500  # camera move between steps, eased (InOutCubic)
CURSOR_IDLE_MS = 2000
FAINT_OPACITY = 0.1  # not yet revealed, in "faint" mode: fainter than the spotlight's dimming
# Type as fractions of the screen height: readable from the back row of a lecture hall.
LABEL_EM_MIN = 1 / 36  # concept labels are never smaller than this when a step has a focus
LABEL_EM_MAX = 1 / 20
CAPTION_EMS = (0.037, 0.033, 0.029)  # the first size that fits wins
TITLE_EM = 0.028
CITATION_EM = 0.023
BAND_MAX = 0.40  # the caption band never takes more of the screen than this
PROGRESS_EM = 0.005

FORWARD_KEYS = {
    Qt.Key.Key_Right,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Space,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace}
BLACK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}
WHITE_KEYS = {Qt.Key.Key_W, Qt.Key.Key_Comma}
HELP_KEYS = {Qt.Key.Key_F1, Qt.Key.Key_Question}

# Shown by F1 or ? during a presentation and by Present > Presentation Keys.
PRESENTATION_KEYS = [
    ("Right, Down, Page Down, Space, Enter, click", "Next step"),
    ("Left, Up, Page Up, Backspace, right-click", "Previous step"),
    ("Home / End", "First / last step"),
    ("B or .", "Black screen; any key or click brings the map back"),
    ("W or ,", "White screen; any key or click brings the map back"),
    ("Mouse wheel / drag", "Zoom / pan; the next step frames its focus again"),
    ("F1 or ?", "These keys"),
    ("Esc", "End the presentation: the editing window is back as it was"),
    ("Without a tour: start", "The selected concept (no selection: the whole map, then the hub)"),
    (
        "Without a tour: Right / Down",
        "The next link of that concept with the concept at its other end, captioned with the "
        "link's quote; after its last link, the concept with all its neighbours; then each "
        "neighbour's own links, up to two links away",
    ),
    ("Without a tour: Left / Up", "Back along the same walk"),
]


# How a step is shown, for the same Help (the rules are in mapviewer.tours).
PRESENTATION_RULES = (
    "Each step frames its focus: the concepts and links it names, the concepts at the ends of "
    "those links, and the links between concepts it names together. Reveal is cumulative: a "
    "step shows everything earlier steps showed; what no step has reached yet is hidden (or "
    "faint, with Present > Show Unrevealed Concepts Faintly). The spotlight dims what is shown "
    "but not in focus. The caption is the step's text; a quote is shown in quotation marks with "
    "its source's title."
)


@dataclass
class StageOptions:
    """How a presentation looks; kept in the settings between sessions."""

    dark: bool = False
    faint: bool = False  # not-yet-revealed concepts faint instead of hidden (links stay hidden)
    spotlight: bool = True  # dim everything but the step's focus

    @classmethod
    def load(cls) -> StageOptions:
        store = prefs.settings()
        return cls(
            dark=_flag(store.value("presentation/dark"), False),
            faint=_flag(store.value("presentation/faint"), False),
            spotlight=_flag(store.value("presentation/spotlight"), True),
        )

    def save(self) -> None:
        store = prefs.settings()
        store.setValue("presentation/dark", self.dark)
        store.setValue("presentation/faint", self.faint)
        store.setValue("presentation/spotlight", self.spotlight)

    @property
    def theme(self) -> Theme:
        return PROJECTOR_DARK if self.dark else PROJECTOR_LIGHT


def _flag(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


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


_WRAP = int(Qt.TextFlag.TextWordWrap.value) | int(Qt.AlignmentFlag.AlignLeft.value)


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(6, round(pixels)))
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


def _height(font: QFont, width: float, text: str) -> float:
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), _WRAP, text).height()


def _elide(font: QFont, width: float, text: str, limit: float) -> str:
    """Cut a caption too long for the band at a word, ending it with an ellipsis."""
    words = text.split()
    while len(words) > 1 and _height(font, width, " ".join(words) + "…") > limit:
        words = words[: max(1, len(words) * 9 // 10)]
    return " ".join(words) + "…"


def layout_overlay(view: StepView, size: QSizeF, theme: Theme) -> Overlay:
    """Where the title, caption and citation go: a band along the bottom, as small as the words
    allow, in type sized from the screen height."""
    width, height = size.width(), size.height()
    progress = (view.index + 1) / max(view.count, 1)
    caption = view.caption
    words = f"“{caption.text}”" if caption.quoted else caption.text
    if not (view.title or words):
        return Overlay(size, QRectF(), [], progress)
    margin = width * 0.045
    pad = height * 0.024
    gap = height * 0.012
    text_width = width - 2 * margin
    muted = mix(theme.text, theme.canvas, 0.72)
    title_font = _font(height * TITLE_EM, bold=True)
    title_h = _height(title_font, text_width, view.title) if view.title else 0.0
    cite = f"— {caption.citation}" if caption.citation else ""
    cite_font = _font(height * CITATION_EM)
    cite_h = _height(cite_font, text_width, cite) if cite else 0.0
    fixed = 2 * pad + title_h + cite_h + gap * (bool(title_h) + bool(cite_h))
    room = height * BAND_MAX - fixed
    caption_font = _font(height * CAPTION_EMS[-1])
    for em in CAPTION_EMS:
        caption_font = _font(height * em)
        if not words or _height(caption_font, text_width, words) <= room:
            break
    if words and _height(caption_font, text_width, words) > room:
        words = _elide(caption_font, text_width, words, room)
    caption_h = _height(caption_font, text_width, words) if words else 0.0
    band_h = fixed + caption_h + height * PROGRESS_EM
    band = QRectF(0, height - band_h, width, band_h)
    texts = []
    y = band.top() + pad
    for font, h, text, color in (
        (title_font, title_h, view.title, theme.accent),
        (caption_font, caption_h, words, theme.text),
        (cite_font, cite_h, cite, muted),
    ):
        if h:
            texts.append(Text(font, QRectF(margin, y, text_width, h), text, color))
            y += h + gap
    return Overlay(size, band, texts, progress)


def paint_overlay(painter: QPainter, overlay: Overlay, theme: Theme) -> None:
    """The band, its words (always plain text, never markup) and the progress bar."""
    width, height = overlay.size.width(), overlay.size.height()
    if not overlay.band.isEmpty():
        backdrop = QColor(theme.canvas)
        backdrop.setAlphaF(0.94)
        painter.fillRect(overlay.band, backdrop)
        rule = QRectF(0, overlay.band.top(), width, max(2.0, height * 0.004))
        painter.fillRect(rule, theme.accent)
    for text in overlay.texts:
        painter.setFont(text.font)
        painter.setPen(text.color)
        painter.drawText(text.rect, _WRAP, text.text)
    bar = max(3.0, height * PROGRESS_EM)
    track = mix(theme.text, theme.canvas, 0.12)
    painter.fillRect(QRectF(0, height - bar, width, bar), track)
    painter.fillRect(QRectF(0, height - bar, width * overlay.progress, bar), theme.accent)


# --- the stage: a scene and the arithmetic of a frame --------------------------------------------


class Stage:
    """A projector-themed scene of the document and how one step looks at one screen size."""

    def __init__(self, document: Document, options: StageOptions, cached: bool = True) -> None:
        self.document = document
        self.options = options
        self.theme = options.theme
        # Frames drawn once each (slides, previews) gain nothing from pixel caches, and a PDF
        # must get real shapes and text rather than the caches' pictures of them.
        self.scene = MapScene(document, self.theme, editable=False, cached=cached)

    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        found = {}
        for node_id, item in self.scene.node_items.items():
            rect = item.rect
            found[node_id] = (
                item.cx + rect.left(),
                item.cy + rect.top(),
                rect.width(),
                rect.height(),
            )
        return found

    def apply(self, view: StepView) -> None:
        """Show what the tour has reached (the rest hidden, or faint) and spotlight the focus."""
        scene = self.scene
        revealed, focus = view.revealed, view.focus
        faint = self.options.faint
        for node_id, item in scene.node_items.items():
            _show(item, faint or node_id in revealed.nodes)
        for edge_id, item in scene.edge_items.items():
            # Links come only when revealed, even in faint mode: a ghost of the concepts shows
            # the map's shape; faint lines and phrases would only be noise on a projector.
            ends = item.source.shown and item.target.shown
            _show(item, ends and edge_id in revealed.edges)
        if self.options.spotlight and focus:
            scene.set_dim_filter("spotlight", set(focus.nodes), set(focus.edges))
        else:
            scene.clear_dim_filter("spotlight")
        for node_id, item in scene.node_items.items():
            if faint and node_id not in revealed.nodes:
                item.setOpacity(FAINT_OPACITY)
            else:
                item.setOpacity(DIM_OPACITY if item.dimmed else 1.0)
        scene.update()

    def layout(self, view: StepView, size: QSizeF) -> tuple[QPointF, float, Overlay]:
        """The scene point for the middle of the screen, the zoom, and the caption band."""
        centre, scale, overlay, _ = frame_step(view, self.boxes(), size, self.theme)
        return centre, scale, overlay

    def render(self, painter: QPainter, view: StepView, size: QSizeF) -> None:
        """One whole frame, as the presentation window shows it, onto any paint device."""
        self.apply(view)
        centre, scale, overlay = self.layout(view, size)
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
        self.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        paint_overlay(painter, overlay, self.theme)


def label_font_px(theme: Theme) -> float:
    """Concept label height in pixels at zoom 1 (the scene sizes its fonts for 96 dpi)."""
    return theme.node_font.pointSizeF() * 96 / 72


def frame_step(
    view: StepView, boxes: Boxes, size: QSizeF, theme: Theme
) -> tuple[QPointF, float, Overlay, bool]:
    """Centre (for the middle of the screen), zoom, caption band, and whether the focus fits
    whole at a zoom where labels read from the back of the hall."""
    overlay = layout_overlay(view, size, theme)
    width, height = size.width(), size.height()
    stage = (width * 0.96, max(height - overlay.band_height, height * 0.3) * 0.94)
    font_px = label_font_px(theme)
    min_scale = height * LABEL_EM_MIN / font_px
    max_scale = height * LABEL_EM_MAX / font_px
    cx, cy, scale = frame(view, boxes, stage, min_scale, max_scale)
    focus = bounds(boxes, view.focus.nodes)
    fits = focus is None or (focus[2] * scale <= stage[0] + 1 and focus[3] * scale <= stage[1] + 1)
    # The stage is the screen above the band: its middle sits band/2 above the screen's.
    return QPointF(cx, cy + overlay.band_height / 2 / scale), scale, overlay, fits


def _show(item: object, visible: bool) -> None:
    if item.shown != visible:  # type: ignore[attr-defined]
        item.shown = visible  # type: ignore[attr-defined]
        item.setVisible(visible)  # type: ignore[attr-defined]


# --- the window -----------------------------------------------------------------------------------


class StageView(MapView):
    """The map on the big screen: no selecting or editing; a click steps, a drag pans."""

    clicked = Signal(int)  # +1 left click, -1 right click
    mouse_moved = Signal()

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setInteractive(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self._press: QPointF | None = None
        self._dragged = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self.clicked.emit(-1)
        elif event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragged = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.mouse_moved.emit()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = event.position() - self._press
            if self._dragged or delta.manhattanLength() >= QApplication.startDragDistance():
                self._dragged = True
                self._press = event.position()
                bars = (self.horizontalScrollBar(), self.verticalScrollBar())
                bars[0].setValue(bars[0].value() - round(delta.x()))
                bars[1].setValue(bars[1].value() - round(delta.y()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                self.clicked.emit(1)
            self._press = None
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.mousePressEvent(event)

    def contextMenuEvent(self, event: object) -> None:
        return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.ignore()  # the presentation window handles every key

    def resizeEvent(self, event: QResizeEvent) -> None:
        QGraphicsView.resizeEvent(self, event)  # never fit the whole map: the window frames


class _OverlayWidget(QWidget):
    """Paints the caption band, the help card and the blank screen over the map."""

    clicked = Signal()

    def __init__(self, window: PresentationWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.overlay: Overlay | None = None
        self.blank = ""  # "", "black" or "white"
        self.help = False
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_blank(self, colour: str) -> None:
        self.blank = colour
        # Blanked, the overlay takes the clicks (any click un-blanks); otherwise the map does.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not colour)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.blank:
            painter.fillRect(self.rect(), QColor("#000000" if self.blank == "black" else "#FFFFFF"))
            return
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        theme = self.window_.stage.theme
        if self.overlay is not None:
            paint_overlay(painter, self.overlay, theme)
        if self.help:
            self._paint_help(painter, theme)

    def _paint_help(self, painter: QPainter, theme: Theme) -> None:
        height = self.height()
        font = _font(max(14.0, height * 0.022))
        lines = [f"{keys}:  {what}" for keys, what in PRESENTATION_KEYS]
        text = "\n".join([*lines, "", PRESENTATION_RULES])
        width = self.width() * 0.7
        text_h = _height(font, width, text)
        card = QRectF(
            (self.width() - width) / 2 - 30, (height - text_h) / 2 - 30, width + 60, text_h + 60
        )
        backdrop = QColor(theme.canvas)
        backdrop.setAlphaF(0.97)
        painter.fillRect(card, backdrop)
        painter.setPen(theme.accent)
        painter.drawRect(card)
        painter.setFont(font)
        painter.setPen(theme.text)
        painter.drawText(card.adjusted(30, 30, -30, -30), _WRAP, text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.window_.wake_cursor()
        event.accept()


class PresentationWindow(QWidget):
    """A tour on one screen: the camera eases from step to step, the caption along the bottom."""

    step_changed = Signal(int)
    closed = Signal()

    def __init__(
        self, document: Document, tour: Tour, options: StageOptions, start: int = 0
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("PresentationWindow")
        self.setWindowTitle(f"{tour.title} — mapviewer presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.document = document
        self.tour = tour
        self.options = options
        self.stage = Stage(document, options)
        self.stage.scene.setParent(self)
        self.view = StageView(self.stage.scene, self)
        self.overlay_widget = _OverlayWidget(self)
        self.views: list[StepView] = resolve(document.cmap, tour)
        self.index = max(0, min(start, len(self.views) - 1))
        self.started = time.monotonic()
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.setInterval(CURSOR_IDLE_MS)
        self._cursor_timer.timeout.connect(self.hide_cursor)
        self._refresh_pending = False
        self.view.clicked.connect(self._on_click)
        self.view.mouse_moved.connect(self.wake_cursor)
        self.overlay_widget.clicked.connect(lambda: self.set_blank(""))
        for signal in (
            document.tours_changed,
            document.node_added,
            document.node_removed,
            document.node_changed,
            document.nodes_moved,
            document.edge_added,
            document.edge_removed,
            document.edge_changed,
        ):
            signal.connect(self._schedule_refresh)
        self.hide_cursor()
        self.go(self.index, animate=False)

    # --- stepping -------------------------------------------------------------------------------

    @property
    def current(self) -> StepView | None:
        return self.views[self.index] if self.views else None

    def go(self, index: int, animate: bool = True) -> None:
        if not self.views:
            return
        self.index = max(0, min(index, len(self.views) - 1))
        view = self.views[self.index]
        self.stage.apply(view)
        centre, scale, overlay = self.stage.layout(view, QSizeF(self.size()))
        self.overlay_widget.overlay = overlay
        self.overlay_widget.update()
        self.view.fly_to(centre, scale, animate=animate, duration=STEP_MS)
        self.step_changed.emit(self.index)

    def next(self) -> None:
        if self.index + 1 < len(self.views):
            self.go(self.index + 1)

    def previous(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def target_camera(self) -> tuple[QPointF, float]:
        """Where the camera is going for the current step (tests read it mid-animation)."""
        centre, scale, _ = self.stage.layout(self.views[self.index], QSizeF(self.size()))
        return centre, scale

    # --- blanking, help, cursor -----------------------------------------------------------------

    @property
    def blanked(self) -> str:
        return self.overlay_widget.blank

    def set_blank(self, colour: str) -> None:
        """ "black", "white" or "" (the map again)."""
        self.overlay_widget.set_blank(colour)

    def set_help(self, shown: bool) -> None:
        self.overlay_widget.help = shown
        self.overlay_widget.update()

    @property
    def help_shown(self) -> bool:
        return self.overlay_widget.help

    def hide_cursor(self) -> None:
        self._set_cursor(Qt.CursorShape.BlankCursor)

    def wake_cursor(self) -> None:
        self._set_cursor(Qt.CursorShape.ArrowCursor)
        self._cursor_timer.start()

    def _set_cursor(self, shape: Qt.CursorShape) -> None:
        cursor = QCursor(shape)
        for widget in (self, self.view.viewport(), self.overlay_widget):
            widget.setCursor(cursor)

    def cursor_hidden(self) -> bool:
        return self.cursor().shape() == Qt.CursorShape.BlankCursor

    # --- following edits ------------------------------------------------------------------------

    def _schedule_refresh(self, *_: object) -> None:
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        """The map or the tour was edited while presenting: show the same step, updated."""
        self._refresh_pending = False
        cmap = self.document.cmap
        stored = next((t for t in cmap.tours if t.id == self.tour.id), None)
        if stored is not None:
            self.tour = stored
        self.views = resolve(cmap, self.tour)
        if self.views:
            self.go(min(self.index, len(self.views) - 1), animate=False)

    # --- Qt events ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif self.blanked:
            self.set_blank("")  # any key brings the map back, and does nothing else
        elif self.help_shown and key not in HELP_KEYS:
            self.set_help(False)
        elif key in FORWARD_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.views) - 1)
        elif key in BLACK_KEYS:
            self.set_blank("black")
        elif key in WHITE_KEYS:
            self.set_blank("white")
        elif key in HELP_KEYS or event.text() == "?":
            self.set_help(not self.help_shown)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _on_click(self, direction: int) -> None:
        if self.blanked:
            self.set_blank("")
        elif self.help_shown:
            self.set_help(False)
        elif direction > 0:
            self.next()
        else:
            self.previous()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.wake_cursor()
        super().mouseMoveEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for child in (self.view, self.overlay_widget):
            child.setGeometry(self.rect())
        self.overlay_widget.raise_()
        if self.views:
            self.go(self.index, animate=False)

    def closeEvent(self, event: object) -> None:
        self._cursor_timer.stop()
        self.closed.emit()
        super().closeEvent(event)  # type: ignore[arg-type]


def elapsed_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def render_step(stage: Stage, view: StepView, size: QSize) -> QImage:
    """One step as an image of ``size`` pixels (previews and PNG slides)."""
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(stage.theme.canvas)
    painter = QPainter(image)
    stage.render(painter, view, QSizeF(size))
    painter.end()
    return image
