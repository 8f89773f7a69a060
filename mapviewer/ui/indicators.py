"""The widgets' style: Fusion with tick boxes and radio buttons outlined so they can be seen."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from mapviewer.colours import AA_GRAPHIC
from mapviewer.ui.themes import legible

_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


class OutlinedIndicators(QProxyStyle):
    """Fusion with tick boxes and radio buttons whose outline reads against the window (WCAG's
    3:1 for a control's boundary): Fusion outlines them in the window colour a shade darker,
    measured 1.65:1 in the light theme and 1.14:1 in the dark, where the box all but vanished."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _INDICATORS:
            return
        palette = option.palette
        window = palette.color(QPalette.ColorRole.Window)
        pen = QPen(legible(palette.color(QPalette.ColorRole.PlaceholderText), window, AA_GRAPHIC))
        pen.setWidthF(1.0)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(QColor(0, 0, 0, 0))
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2.0, 2.0)
        painter.restore()
