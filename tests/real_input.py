"""Input as the window system delivers it, for the tests in test_real_events_*.py.

Qt calls a widget's event handlers only for events that reach it through the event loop; a test
that calls ``view.zoom_by`` or ``window.dropEvent`` directly proves nothing about the wheel or
the drop. These helpers build the events a person's hand makes and send them to the widget under
the pointer, so Qt's own routing (propagation to parents, drag targets, popups) takes part.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
NO_BUTTON = Qt.MouseButton.NoButton
LEFT = Qt.MouseButton.LeftButton


def wheel(
    widget: QWidget,
    pos: QPoint,
    notches: float = 1.0,
    modifiers: Qt.KeyboardModifier = NO_MODIFIER,
    pixels: QPoint | None = None,
) -> QWheelEvent:
    """Turn the mouse wheel (``notches`` of 15 degrees; negative is towards the user), or with
    ``pixels`` swipe two fingers on a trackpad, with the pointer at ``pos`` in ``widget``."""
    angle = QPoint(0, round(120 * notches)) if pixels is None else QPoint()
    event = QWheelEvent(
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        pixels or QPoint(),
        angle,
        NO_BUTTON,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def context_click(widget: QWidget, pos: QPoint) -> None:
    """The menu key or a right click at ``pos``: Qt's context-menu event, as the window sends it
    after the mouse press. Blocks while a menu it opens is up (use KeysWhenShown)."""
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drag_and_drop(widget: QWidget, pos: QPoint, mime: QMimeData) -> bool:
    """Drag ``mime`` over ``widget`` and let go at ``pos``, as the window system does it: the
    enter, a move, and the drop only if the move was accepted (otherwise the pointer shows "no"
    and letting go drops nothing). True when the drop was delivered and accepted."""
    action = Qt.DropAction.CopyAction
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    enter = QDragEnterEvent(pos, actions, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(pos, actions, mime, LEFT, NO_MODIFIER)
    if enter.isAccepted() and enter.dropAction() != Qt.DropAction.IgnoreAction:
        # The platform's drag carries the enter's answer into each move (QGuiApplication).
        move.setDropAction(enter.dropAction())
        move.accept()
    QApplication.sendEvent(widget, move)
    if not (move.isAccepted() and move.dropAction() & actions):
        leave = QEvent(QEvent.Type.DragLeave)
        QApplication.sendEvent(widget, leave)
        return False
    drop = QDropEvent(QPointF(pos), actions, mime, LEFT, NO_MODIFIER)
    drop.setDropAction(move.dropAction() or action)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


class KeysWhenShown(QObject):
    """Presses keys in the first widget of ``kind`` (a menu, a message box) once it is shown.

    ``menu.exec()`` and ``box.exec()`` run their own event loop until closed, so the test cannot
    wait for them and then act: the answer is set up before they open. The key presses are
    posted, so they arrive once the popup or dialog is up and active, as a person's would;
    ``active`` records whether it really was the active popup or modal dialog at that moment.
    ``target`` picks the widget inside the shown one that gets the keys (default: itself)."""

    def __init__(
        self,
        kind: type[QWidget],
        keys: Sequence[Qt.Key],
        target: object = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.keys = list(keys)
        self.target = target
        self.shown: QWidget | None = None
        self.texts: list[str] = []
        self.active = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.shown is None and kind == QEvent.Type.Show and isinstance(watched, self.kind):
            self.shown = watched
            self.texts = [a.text() for a in watched.actions() if not a.isSeparator()]
            if callable(getattr(watched, "text", None)):  # a message box: its question first
                self.texts.insert(0, watched.text())
            receiver = self.target(watched) if callable(self.target) else watched
            for key in self.keys:
                for press in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.postEvent(receiver, QKeyEvent(press, key, NO_MODIFIER))
        elif kind == QEvent.Type.KeyPress and self.shown is not None and not self.active:
            up = (QApplication.activePopupWidget(), QApplication.activeModalWidget())
            self.active = self.shown in up
        return False


@contextmanager
def keys_when_shown(
    kind: type[QWidget], keys: Sequence[Qt.Key], target: object = None
) -> Iterator[KeysWhenShown]:
    """KeysWhenShown, listening to the whole application for as long as the block runs."""
    answer = KeysWhenShown(kind, keys, target)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(answer)
    try:
        yield answer
    finally:
        app.removeEventFilter(answer)


def click_anchor(qtbot, view: QTextBrowser, href: str) -> None:
    """Click the middle of the first piece of text linking to ``href``."""
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                view.setTextCursor(cursor)
                view.ensureCursorVisible()
                rect = view.cursorRect(cursor)
                point = QPoint(rect.center().x(), rect.center().y())
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href} in the panel")
