"""What only the lecturer sees: this step and the next as small slides, the notes, the time.

It opens on the second screen while the hall sees the presentation on the first, or in a window
of its own for rehearsing on one screen. Keys pressed here drive the presentation, so the
lecturer can keep the keyboard focus on the laptop.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.slides import Stage, render_step
from mapviewer.ui.present.presentation import PresentationWindow, elapsed_text

CURRENT_PREVIEW = QSize(640, 360)
NEXT_PREVIEW = QSize(400, 225)


def _big(label: QLabel, points: float, bold: bool = False) -> QLabel:
    font = QFont(label.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    label.setFont(font)
    return label


class PresenterView(QWidget):
    """Follows one presentation window; closes with it."""

    def __init__(self, presentation: PresentationWindow) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("PresenterView")
        self.setWindowTitle(f"Presenter view — {presentation.tour.title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.presentation = presentation
        # Previews draw the next step's reveal state: they need a scene of their own.
        self.stage = Stage(presentation.document, presentation.options, cached=False)
        self.stage.scene.setParent(self)
        self.title = _big(QLabel(presentation.tour.title), 15, bold=True)
        self.count = _big(QLabel(), 15)
        self.elapsed = _big(QLabel(), 26, bold=True)
        self.elapsed.setAccessibleName("Time since the presentation started")
        self.clock = _big(QLabel(), 15)
        self.current = QLabel()
        self.current.setAccessibleName("Current step")
        self.current.setMinimumSize(CURRENT_PREVIEW)
        self.next_title = _big(QLabel(), 12)
        for label in (self.title, self.next_title):  # a tour's titles are the map's text
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.next = QLabel()
        self.next.setAccessibleName("Next step")
        self.next.setMinimumSize(NEXT_PREVIEW)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName("Speaker notes")
        notes_font = QFont(self.notes.font())
        notes_font.setPointSizeF(15)
        self.notes.setFont(notes_font)
        self._build(presentation)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        presentation.step_changed.connect(self.refresh)
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
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        top.addSpacing(24)
        top.addWidget(self.elapsed)
        top.addSpacing(24)
        top.addWidget(self.clock)
        now = QVBoxLayout()
        now.addWidget(_big(QLabel("Now"), 12, bold=True))
        now.addWidget(self.current)
        now.addStretch(1)
        then = QVBoxLayout()
        then.addWidget(self.next_title)
        then.addWidget(self.next)
        then.addWidget(_big(QLabel("Notes"), 12, bold=True))
        then.addWidget(self.notes, 1)
        columns = QHBoxLayout()
        columns.addLayout(now, 3)
        columns.addSpacing(16)
        columns.addLayout(then, 2)
        buttons = QHBoxLayout()
        for button in (previous, forward, black, restart):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(end)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.notes.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def refresh(self, *_: object) -> None:
        """Show the presentation's current step, the one after it, and its notes."""
        views = self.presentation.views
        index = self.presentation.index
        if not views:
            return
        view = views[index]
        self.count.setText(f"Step {index + 1} of {len(views)}")
        self.current.setPixmap(QPixmap.fromImage(render_step(self.stage, view, CURRENT_PREVIEW)))
        if index + 1 < len(views):
            following = views[index + 1]
            self.next_title.setText(f"Next: {following.title or f'step {index + 2}'}")
            self.next.setPixmap(QPixmap.fromImage(render_step(self.stage, following, NEXT_PREVIEW)))
        else:
            self.next_title.setText("Next: end of the tour")
            self.next.clear()
        self.notes.setPlainText(view.notes or "(no notes for this step)")
        self._tick()

    def restart_timer(self) -> None:
        self.presentation.started = time.monotonic()
        self._tick()

    def _tick(self) -> None:
        self.elapsed.setText(elapsed_text(time.monotonic() - self.presentation.started))
        self.clock.setText(time.strftime("%H:%M"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.presentation.keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)
