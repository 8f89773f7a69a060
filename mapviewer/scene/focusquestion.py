"""The map's focus question, drawn as a heading line above the map as CmapTools draws it.

A concept map answers one question (Novak); putting it above the concepts tells a reader what
to read the map for, in the window, in ``mapviewer render`` and in every exported picture, which
all draw this scene.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mapviewer.scene.style import Theme, mix
from mapviewer.scene.text import LabelText, layout_label

SIZE = 1.7  # times the concept font at least: the heading reads first, as a title does
# ...and a map this many times wider than the heading's letters are tall gets bigger letters, so
# the question still reads as the map's title when a big map is fitted to a window or a page.
WIDTH_PER_LETTER = 55.0
GAP = 1.6  # letter heights between the question's rule and the highest concept
RULE_GAP = 0.35  # letter heights from the text's last line down to the rule under it
MIN_WIDTH = 520.0  # a narrow map still gets a line this long before the question wraps


class FocusQuestionItem(QGraphicsItem):
    """One or a few centred lines of bold text over a thin rule; hidden when the map has no
    focus question. The scene places it over the shown concepts' bounding box."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._least_pt = theme.node_font.pointSizeF() * SIZE
        self._font = QFont(theme.node_font)
        self._font.setBold(True)
        self.text = ""
        self._label: LabelText | None = None
        self._rect = QRectF()
        self._rule = 2.0  # the rule's thickness, in scene units
        self.setZValue(5)  # over links and frames, never under a concept's box
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the canvas
        self.setVisible(False)

    def set_text(self, text: str, over: QRectF) -> None:
        """Show ``text`` centred above ``over`` (the map's bounds), wrapped to its width."""
        text = self.text = text.strip()
        width = max(over.width(), MIN_WIDTH)
        letter = max(self._least_pt * 96 / 72, width / WIDTH_PER_LETTER)  # scene units
        self._font.setPointSizeF(letter * 72 / 96)
        label = layout_label(text, self._font, width) if text else None
        self.prepareGeometryChange()
        self._label = label
        if label is None:
            self._rect = QRectF()
            self.setVisible(False)
            return
        size = label.size
        height = size.height() + RULE_GAP * letter
        left = over.center().x() - size.width() / 2
        self._rule = max(2.0, letter / 12)
        self._rect = QRectF(left, over.top() - GAP * letter - height, size.width(), height)
        self.setVisible(True)

    def scene_rect(self) -> QRectF:
        """Where the heading is drawn (empty when hidden)."""
        return QRectF(self._rect) if self.isVisible() else QRectF()

    def boundingRect(self) -> QRectF:
        grow = self._rule
        return self._rect.adjusted(-grow, -grow, grow, grow)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        label = self._label
        if label is None:
            return
        theme = self._theme
        painter.setFont(self._font)
        painter.setPen(theme.text)
        label.draw(painter, self._rect.topLeft())
        y = self._rect.bottom()
        painter.setPen(QPen(mix(theme.accent, theme.canvas, 0.7), self._rule))
        painter.drawLine(QPointF(self._rect.left(), y), QPointF(self._rect.right(), y))
