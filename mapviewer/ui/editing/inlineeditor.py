"""Typing a label in place, over the concept or link it names, at the map's zoom."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QGraphicsView, QLineEdit, QStyle, QStyleOptionFrame

MIN_WIDTH = 140
MAX_CHAINED_EDITS = 4  # a label can lead to another (a concept, then its link's phrase)


class InlineEditor(QLineEdit):
    """One line of text over the canvas. Enter or clicking away commits; Escape cancels."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName("InlineEditor")
        self.setAccessibleName("Edit label")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrame(True)
        self.hide()
        self._on_commit: Callable[[str], None] | None = None
        self._on_cancel: Callable[[], None] | None = None

    @property
    def active(self) -> bool:
        return self._on_commit is not None

    def edit(
        self,
        scene_rect: QRectF,
        text: str,
        font: QFont,
        on_commit: Callable[[str], None],
        on_cancel: Callable[[], None] | None = None,
        placeholder: str = "",
    ) -> None:
        """Show the editor over ``scene_rect`` holding ``text``, all selected."""
        if self.active:
            self.commit()
        self._on_commit = on_commit
        self._on_cancel = on_cancel
        scaled = QFont(font)
        scaled.setPointSizeF(max(9.0, min(28.0, font.pointSizeF() * self.view.transform().m11())))
        self.setFont(scaled)
        self.setPlaceholderText(placeholder)
        self.setText(text)
        area = self.view.mapFromScene(scene_rect).boundingRect()
        width = max(area.width() + 24, MIN_WIDTH, self.fontMetrics().horizontalAdvance(text) + 30)
        height = max(area.height(), self.fontMetrics().height() + 10)
        centre = area.center()
        self.setGeometry(
            int(centre.x() - width / 2), int(centre.y() - height / 2), int(width), int(height)
        )
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.selectAll()

    def commit(self) -> None:
        callback = self._on_commit
        self._finish()
        if callback is not None:
            callback(self.text().strip())

    def cancel(self) -> None:
        callback = self._on_cancel
        self._finish()
        if callback is not None:
            callback()

    def _finish(self) -> None:
        self._on_commit = None
        self._on_cancel = None
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # QLineEdit passes Return on to its parent (for dialogs' default buttons); here the
            # canvas would take it as "open the details" and pull the focus from a next editor.
            self.commit()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """QLineEdit hides a centred field's placeholder while it has the focus, which this
        editor always has: a new concept's box and a new link's phrase box opened empty, with
        nothing saying what to type. The placeholder is drawn here, behind the cursor."""
        super().paintEvent(event)
        hint = self.placeholderText()
        if self.text() or not hint or not self.hasFocus():
            return
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        area = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        shown = self.fontMetrics().elidedText(hint, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), shown)
        painter.end()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.active and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()


def finish_typing(view: QGraphicsView) -> None:
    """Commit a label being typed over ``view``, as clicking away would.

    Saving or closing while a label is open would otherwise leave its gesture's undo macro open
    (a new link waits for its phrase): Qt refuses to mark the stack saved in the middle of a
    macro, and the typed text would be missing from the file."""
    for editor in view.viewport().findChildren(InlineEditor):
        # Committing a new linked concept's label opens the editor again for the link's phrase.
        for _ in range(MAX_CHAINED_EDITS):
            if not editor.active:
                break
            editor.commit()
