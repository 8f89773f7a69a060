"""What only the lecturer sees: this step and the next as small slides, the notes, the time.

It opens on the second screen while the hall sees the presentation on the first, or beside the
presentation on one screen for rehearsing. Keys pressed here drive the presentation, so the
lecturer can keep the keyboard focus on the laptop. The previews are drawn at the size they
are shown, so a maximised presenter view is filled by them rather than by empty space. Beside
the presentation on one screen, a preview of this step would only repeat the window next to it
in a smaller copy, on a laptop where every pixel is wanted for the notes: it is left out there.
"""

from __future__ import annotations

import time
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QImage,
    QKeyEvent,
    QMoveEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mapviewer.slides import Stage, render_step
from mapviewer.tours import StepView
from mapviewer.ui.elided import ElidedLabel
from mapviewer.ui.present.presentation import STEP_KEYS, PresentationWindow, elapsed_text

ASPECT = 16 / 9  # the previews are slides: the hall's screen shape, whatever room they get
PRESENTATION_SHARE = 0.6  # of a shared screen's width, when rehearsing on one screen
NEXT_SHARE = 0.4  # of the presenter view's room at most, for the next step beside the notes


Label = TypeVar("Label", bound=QLabel)


def _big(label: Label, points: float, bold: bool = False) -> Label:
    font = QFont(label.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    label.setFont(font)
    return label


def fit_16_9(room: QSize) -> QRect:
    """The largest 16:9 rectangle in ``room``, centred across and at the top."""
    width = min(room.width(), int(room.height() * ASPECT))
    height = min(room.height(), round(width / ASPECT))
    return QRect((room.width() - width) // 2, 0, max(width, 1), max(height, 1))


def side_by_side(available: QRect, least: int = 0) -> tuple[QRect, QRect]:
    """Where the presentation and the presenter view go when they share one screen: the
    presentation on the left at the hall's shape, the presenter view (at least ``least`` wide)
    in the rest, together filling the screen's free area (``available`` leaves out the task bar
    and docks)."""
    left = min(round(available.width() * PRESENTATION_SHARE), available.width() - least)
    left = max(left, available.width() // 4)
    height = min(available.height(), round(left / ASPECT))
    left = min(left, round(height * ASPECT))
    top = available.top() + (available.height() - height) // 2
    shown = QRect(available.left(), top, left, height)
    presenter = QRect(
        available.left() + left, available.top(), available.width() - left, available.height()
    )
    return shown, presenter


def place(window: QWidget, frame: QRect) -> None:
    """Put ``window`` so that its frame, title bar included, is ``frame`` (as far as the window
    system has told us how thick its frame is)."""
    extra = window.frameGeometry().size() - window.geometry().size()
    inside = window.geometry().topLeft() - window.frameGeometry().topLeft()
    window.setGeometry(
        frame.left() + inside.x(),
        frame.top() + inside.y(),
        max(frame.width() - extra.width(), 1),
        max(frame.height() - extra.height(), 1),
    )


class SlidePreview(QWidget):
    """A step drawn at the size it is shown: it follows its room, keeping the screen's shape."""

    def __init__(self, stage: Stage, name: str) -> None:
        super().__init__()
        self.stage = stage
        self.view: StepView | None = None
        self._image = QImage()
        self._rerender = QTimer(self)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(0)
        self._rerender.timeout.connect(self._render)
        self.setAccessibleName(name)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width / ASPECT)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def show_step(self, view: StepView | None) -> None:
        self.view = view
        self._render()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._rerender.start()  # it was not drawn while hidden

    def slide_rect(self) -> QRect:
        """Where the slide is drawn within the widget."""
        return fit_16_9(self.size())

    def image(self) -> QImage:
        """The slide as last drawn (null when there is no step to show)."""
        return self._image

    def _render(self) -> None:
        self._rerender.stop()
        if self.view is None or self.isHidden():  # hidden, drawing it would only cost time
            self._image = QImage()
        else:
            ratio = self.devicePixelRatioF()
            size = self.slide_rect().size() * ratio
            self._image = render_step(self.stage, self.view, size)
            self._image.setDevicePixelRatio(ratio)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # While a window is dragged larger, draw once it rests, not at every pixel on the way.
        self._rerender.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.slide_rect(), self._image)


class _Body(QWidget):
    """This step, the next and the notes, placed by the shape of the window: side by side in a
    wide window, the current slide across the top of a tall one. The slides take the room they
    can use at the screen's shape; the notes take the rest. Without this step (the presentation
    is beside it), the next step is kept small and the notes get the room: they are what the
    speaker reads."""

    GAP = 12

    def __init__(
        self,
        now_label: QLabel,
        current: SlidePreview,
        next_label: QLabel,
        following: SlidePreview,
        notes_label: QLabel,
        notes: QWidget,
    ) -> None:
        super().__init__()
        self.parts = (now_label, current, next_label, following, notes_label, notes)
        for part in self.parts:
            part.setParent(self)
        self.setMinimumSize(480, 300)

    @property
    def now_shown(self) -> bool:
        return not self.parts[1].isHidden()

    def set_now_shown(self, shown: bool) -> None:
        if shown == self.now_shown:
            return
        for part in self.parts[:2]:
            part.setVisible(shown)
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        labels = (self.parts[0], self.parts[2], self.parts[4])
        width, height, gap = self.width(), self.height(), self.GAP
        line = max(label.sizeHint().height() for label in labels)
        if not self.now_shown:
            boxes = self._without_now(width, height, line)
        elif width >= height * 1.25:  # wide: this step on the left, the next and notes on the right
            left = round((width - gap) * 0.6)
            shown = min(height - line, round(left / ASPECT))
            right_x, right = left + gap, width - left - gap
            coming = min(round(right / ASPECT), round((height - 2 * line - gap) * 0.5))
            boxes = [
                QRect(0, 0, left, line),
                QRect(0, line, left, shown),
                QRect(right_x, 0, right, line),
                QRect(right_x, line, right, coming),
                QRect(right_x, line + coming + gap, right, line),
            ]
            top = line + coming + gap + line
            boxes.append(QRect(right_x, top, right, height - top))
        else:  # tall: this step across the top, the next and the notes side by side below
            shown = min(round(width / ASPECT), round((height - 2 * line - gap) * 0.6))
            below = line + shown + gap
            left = round((width - gap) * 0.45)
            right_x, right = left + gap, width - left - gap
            coming = min(round(left / ASPECT), height - below - line)
            boxes = [
                QRect(0, 0, width, line),
                QRect(0, line, width, shown),
                QRect(0, below, left, line),
                QRect(0, below + line, left, coming),
                QRect(right_x, below, right, line),
                QRect(right_x, below + line, right, height - below - line),
            ]
        for part, box in zip(self.parts, boxes, strict=True):
            part.setGeometry(box)

    def _without_now(self, width: int, height: int, line: int) -> list[QRect]:
        """The next step and the notes alone: the notes beside a small next step in a wide
        window, below it in a tall one, at least half the room either way."""
        gap, nothing = self.GAP, QRect()
        if width >= height * 1.25:
            left = round((width - gap) * NEXT_SHARE)
            right_x, right = left + gap, width - left - gap
            coming = min(round(left / ASPECT), height - line)
            return [
                nothing,
                nothing,
                QRect(0, 0, left, line),
                QRect(0, line, left, coming),
                QRect(right_x, 0, right, line),
                QRect(right_x, line, right, height - line),
            ]
        coming = min(round(width / ASPECT), round((height - 2 * line - gap) * NEXT_SHARE))
        below = line + coming + gap
        return [
            nothing,
            nothing,
            QRect(0, 0, width, line),
            QRect(0, line, width, coming),
            QRect(0, below, width, line),
            QRect(0, below + line, width, height - below - line),
        ]


class PresenterView(QWidget):
    """Follows one presentation window; closes with it."""

    def __init__(self, presentation: PresentationWindow) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("PresenterView")
        self.setWindowTitle(f"Presenter view — {presentation.tour.title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.presentation = presentation
        # Previews draw the next step's reveal state: they need a scene of their own.
        self.stage = self._make_stage()
        # Whole, on lines of its own: cut to "Releasin…" it named no tour on a laptop screen.
        self.title = _big(QLabel(presentation.tour.title), 15, bold=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a tour's title is the map's text
        self.title.setWordWrap(True)
        self.count = _big(QLabel(), 15)
        self.elapsed = _big(QLabel(), 26, bold=True)
        self.elapsed.setAccessibleName("Time since the presentation started")
        self.clock = _big(QLabel(), 15)
        self.current = SlidePreview(self.stage, "Current step")
        self.next_title = _big(ElidedLabel(), 12)
        self.next = SlidePreview(self.stage, "Next step")
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName("Speaker notes")
        notes_font = QFont(self.notes.font())
        notes_font.setPointSizeF(15)
        self.notes.setFont(notes_font)
        self._build(presentation)
        self._follow_screen()  # before the first drawing: a preview left out is not drawn
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        presentation.step_changed.connect(self.refresh)
        presentation.restaged.connect(self._restage)
        presentation.closed.connect(self.close)
        self.refresh()

    def _build(self, presentation: PresentationWindow) -> None:
        previous = QPushButton("◀ Previous")
        previous.clicked.connect(presentation.previous)
        forward = QPushButton("Next ▶")
        forward.clicked.connect(presentation.next)
        black = QPushButton("Black Screen")
        black.clicked.connect(
            lambda: presentation.set_blank("" if presentation.blanked else "black")
        )
        restart = QPushButton("Restart Timer")
        restart.clicked.connect(self.restart_timer)
        end = QPushButton("End Presentation")
        end.clicked.connect(presentation.close)
        for button in (previous, forward, black, restart, end):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the window
        top = QHBoxLayout()
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.elapsed)
        top.addSpacing(24)
        top.addWidget(self.clock)
        self.body = _Body(
            _big(QLabel("Now"), 12, bold=True),
            self.current,
            self.next_title,
            self.next,
            _big(QLabel("Notes"), 12, bold=True),
            self.notes,
        )
        buttons = QHBoxLayout()
        for button in (previous, forward, black, restart):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(end)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.notes.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Clicked into (to scroll or copy), the notes would take the clicker's keys to move
        # their cursor: the show stops at its step. They step the show instead.
        self.notes.installEventFilter(self)

    def _make_stage(self) -> Stage:
        stage = Stage(
            self.presentation.document,
            self.presentation.options,
            cached=False,
            close_ups=self.presentation.stage.close_ups,
        )
        stage.scene.setParent(self)
        return stage

    def _restage(self) -> None:
        """The hall was drawn anew in a new page colour or lettering: the previews too (the
        presentation steps to its step next, which refreshes them)."""
        old = self.stage.scene
        self.stage = self._make_stage()
        self.current.stage = self.next.stage = self.stage
        old.deleteLater()

    def refresh(self, *_: object) -> None:
        """Show the presentation's current step, the one after it, and its notes."""
        views = self.presentation.views
        index = self.presentation.index
        if not views:
            return
        view = views[index]
        self.stage.screen = QSizeF(self.presentation.stage.screen)  # close-ups as in the hall
        self.count.setText(f"Step {index + 1} of {len(views)}")
        self.current.show_step(view)
        if index + 1 < len(views):
            following = views[index + 1]
            self.next_title.setText(f"Next: {following.title or f'step {index + 2}'}")
            self.next.show_step(following)
        else:
            self.next_title.setText("Next: end of the tour")
            self.next.show_step(None)
        self.notes.setPlainText(view.notes or "(no notes for this step)")
        self._tick()

    def beside_presentation(self) -> bool:
        """Whether the hall's view is on this screen too (rehearsing, or one screen only), so
        the lecturer sees this step there already."""
        return self.screen() == self.presentation.screen()

    def _follow_screen(self) -> None:
        self.body.set_now_shown(not self.beside_presentation())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._follow_screen()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._follow_screen()  # dragged onto the other screen, or back

    def restart_timer(self) -> None:
        self.presentation.started = time.monotonic()
        self._tick()

    def _tick(self) -> None:
        self.elapsed.setText(elapsed_text(time.monotonic() - self.presentation.started))
        self.clock.setText(time.strftime("%H:%M"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.presentation.keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.notes
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in STEP_KEYS
        ):
            self.presentation.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)


def share_screen(presentation: QWidget, presenter: QWidget, screen: QScreen) -> None:
    """Rehearsing on one screen: the presentation and the presenter view side by side, both
    whole on the screen's free area, instead of stacked at its corner."""
    least = presenter.minimumSizeHint().width()
    least += presenter.frameGeometry().width() - presenter.width()
    shown, notes = side_by_side(screen.availableGeometry(), least)
    if not (presentation.isFullScreen() or presentation.isMaximized()):
        place(presentation, shown)
    place(presenter, notes)
