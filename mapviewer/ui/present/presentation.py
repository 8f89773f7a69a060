"""Presenting a map in a hall: full screen, step by step, big type and a caption the back row reads.

The window steps, eases the camera, blanks the screen and follows edits; what a step shows and
where the caption sits come from ``mapviewer.slides.Stage``, which the slide export draws with
too, so a slide is exactly what the hall saw.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QContextMenuEvent,
    QCursor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from mapviewer.document import Document
from mapviewer.model import Tour
from mapviewer.scene.mapscene import MARGIN, MapScene
from mapviewer.scene.mapview import MapView
from mapviewer.scene.style import Theme
from mapviewer.slides import (
    Overlay,
    Stage,
    StageOptions,
    draw_wrapped,
    font_px,
    paint_overlay,
    wrapped_height,
)
from mapviewer.tours import StepView, resolve

STEP_MS = 500  # camera move between steps, eased (InOutCubic)
CURSOR_IDLE_MS = 2000

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
END = "end"  # the blank screen after the last step, which says so
WHITE_KEYS = {Qt.Key.Key_W, Qt.Key.Key_Comma}
HELP_KEYS = {Qt.Key.Key_F1, Qt.Key.Key_Question}
# Every key that moves the show: a clicker's and a lecturer's. A text box that has the focus
# (the presenter view's notes) would take them for itself; they step the show instead.
STEP_KEYS = FORWARD_KEYS | BACK_KEYS | {Qt.Key.Key_Home, Qt.Key.Key_End}

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
    (
        "Without a tour: start",
        "The selected concepts (no selection: the map's most central concept)",
    ),
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
    "Each step frames everything it is about, whole and above the caption: the concepts and "
    "links it names, the concepts at the ends of those links, the links between concepts it "
    "names together, and whatever it reveals for the first time. Reveal is cumulative: a step "
    "shows everything earlier steps showed, and a link shows once both its concepts have been "
    "revealed (unless the step holds it back); what no step has reached yet is hidden (or "
    "faint, with Present > Show Unrevealed Concepts Faintly). The spotlight dims what is shown "
    "but not in focus. The caption is the step's text; a quote is shown in quotation marks with "
    "its source's title."
)


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

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
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
            painter.fillRect(self.rect(), QColor("#FFFFFF" if self.blank == "white" else "#000000"))
            if self.blank == END:
                self._paint_end(painter)
            return
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        theme = self.window_.stage.theme
        if self.overlay is not None:
            paint_overlay(painter, self.overlay, theme)
        if self.help:
            self._paint_help(painter, theme)

    def _paint_end(self, painter: QPainter) -> None:
        """The end of the tour, as a slide show ends: said, on black, in type the back row
        reads, with the way back to the map."""
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = painter.font()
        font.setPixelSize(max(12, round(self.height() / 24)))
        painter.setFont(font)
        painter.setPen(QColor("#DDDDDD"))
        painter.drawText(
            self.rect(),
            int(Qt.AlignmentFlag.AlignCenter),
            "End of the tour\n\nEscape returns to the map · ← goes back",
        )

    def _paint_help(self, painter: QPainter, theme: Theme) -> None:
        card, font, text = help_card(QSizeF(self.size()))
        # Opaque, like the caption band: the big caption under it must not show through.
        painter.fillRect(card, theme.canvas)
        painter.setPen(theme.accent)
        painter.drawRect(card)
        painter.setFont(font)
        painter.setPen(theme.text)
        draw_wrapped(painter, card.adjusted(30, 30, -30, -30), text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.window_.wake_cursor()
        event.accept()


def help_card(size: QSizeF) -> tuple[QRectF, QFont, str]:
    """The F1 card on a screen of ``size``: where it goes, its type and its words."""
    width, height = size.width(), size.height()
    font = font_px(max(14.0, height * 0.022))
    lines = [f"{keys}:  {what}" for keys, what in PRESENTATION_KEYS]
    text = "\n".join([*lines, "", PRESENTATION_RULES])
    text_w = width * 0.7
    text_h = wrapped_height(font, text_w, text)
    card = QRectF((width - text_w) / 2 - 30, (height - text_h) / 2 - 30, text_w + 60, text_h + 60)
    return card, font, text


class PresentationWindow(QWidget):
    """A tour on one screen: the camera eases from step to step, the caption along the bottom."""

    step_changed = Signal(int)
    closed = Signal()
    restaged = Signal()  # a map-wide look changed: the hall's scene was drawn anew

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
        # A step that does not read on this screen (a walk's, made up from the selection; a
        # tour's on a 4:3 projector) is shown as a close-up.
        self.stage = Stage(document, options, close_ups=True)
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
        self._restage_pending = False
        self.view.clicked.connect(self._on_click)
        self.view.mouse_moved.connect(self.wake_cursor)
        self.overlay_widget.clicked.connect(lambda: self.set_blank(""))
        # The links' routing moves their phrases, which the step is framed round: chosen while
        # the show ran, the hall kept the old framing (why-it-fails step 3 made orthogonal at
        # 1200x800: zoom 2.32 where 2.59 frames it).
        signals = (document.tours_changed, document.routing_changed)
        for signal in (*signals, *document.content_signals(moves=True)):
            signal.connect(self._schedule_refresh)
        # The page colour and the lettering are the hall's theme and every box's size: chosen
        # while the show ran (from the presenter's screen), they reached the hall at the next F5.
        for signal in (document.page_changed, document.lettering_changed):
            signal.connect(self._schedule_restage)
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
        was_close = self.stage.closed_up
        framed = self.stage.show(view, QSizeF(self.size()))
        centre, scale, overlay = framed.centre, framed.scale, framed.overlay
        self.overlay_widget.overlay = overlay
        self.overlay_widget.update()
        self._make_room(centre, scale)
        # Into, out of or between close-ups the concepts move at once: a camera easing from
        # the last framing crossed empty canvas, the screen blank for 250-380 ms of the 500.
        moved = was_close or self.stage.closed_up
        self.view.fly_to(centre, scale, animate=animate and not moved, duration=STEP_MS)
        self.step_changed.emit(self.index)

    def _make_room(self, centre: QPointF, scale: float) -> None:
        """A view scrolls only within its scene rectangle, which the scene fits to what is shown;
        a step whose camera looks wider than what is revealed would be pulled off its framing.
        The stage's view gets a rectangle of its own holding the whole map and every frame so
        far, so the camera goes exactly where the slide's does."""
        scene = self.stage.scene
        width, height = self.width() / scale, self.height() / scale
        # A whole screen of room around the frame: a view exactly its size cannot scroll at all.
        frame = QRectF(centre.x() - width * 1.5, centre.y() - height * 1.5, width * 3, height * 3)
        whole = scene.map_bounds(list(scene.node_items)).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        self.view.setSceneRect(self.view.sceneRect().united(whole).united(frame))

    def next(self) -> None:
        """The next step; after the last, the end card (the clicker at the last step did
        nothing, and nothing said the tour was over)."""
        if self.index + 1 < len(self.views):
            self.go(self.index + 1)
        elif self.views:
            self.set_blank(END)

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
        """ "black", "white", END (the end card) or "" (the map again)."""
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
            # Tied to the window: Esc then Ctrl+Z at once refreshed it after it was deleted.
            QTimer.singleShot(0, self, self._refresh)

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

    def _schedule_restage(self) -> None:
        if not self._restage_pending:
            self._restage_pending = True
            QTimer.singleShot(0, self, self._restage)

    def _restage(self) -> None:
        """A map-wide look changed while presenting: the hall's scene is made again in it (as
        the editing window's is, Workspace._redraw), at the same step."""
        self._restage_pending = False
        old = self.stage.scene
        self.stage = Stage(self.document, self.options, close_ups=True)
        self.stage.scene.setParent(self)
        self.view.setScene(self.stage.scene)
        old.deleteLater()
        self.restaged.emit()
        if self.views:
            self.go(self.index, animate=False)

    # --- Qt events ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.help_shown and not self.blanked:
            self.set_help(False)  # the card goes; the presentation stays
        elif key == Qt.Key.Key_Escape:
            self.close()
        elif self.blanked:
            self._unblank(key)
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

    def _unblank(self, key: int) -> None:
        """Any key brings the map back, and does nothing else; at the end card a forward key
        does nothing (only Escape leaves, going back returns to the last step)."""
        if not (self.blanked == END and key in FORWARD_KEYS):
            self.set_blank("")

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

    def closeEvent(self, event: QCloseEvent) -> None:
        self._cursor_timer.stop()
        self.closed.emit()
        super().closeEvent(event)


def elapsed_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
