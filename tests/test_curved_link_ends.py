"""A curved link stops inside its arrowhead, as a straight one does, and a loop's phrase sits
on top of the loop: in scibot's architecture diagram (yEd) the 7-wide red link from the RRID
resolver ran as a band past the point of its head, and orpheus's loop and its head were hidden
under its two-line phrase "load dashboard (bottleneck)"."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPolygonF

from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.linklayer import NORMAL
from mapviewer.ui.mainwindow import MainWindow

from .conftest import SHARED, imported_window, needs_shared

ARCHITECTURE = SHARED / "interop" / "graphml" / "scibot-architecture.graphml"


def _link(window: MainWindow, source: str, target: str) -> EdgeItem:
    return next(
        item
        for item in window.scene.edge_items.values()
        if (item.source.label.split("\n")[0], item.target.label.split("\n")[0]) == (source, target)
    )


def _outside_head(window: MainWindow, item: EdgeItem) -> float:
    """How much of the drawn line, near the tip, lies outside the arrowhead (square units)."""
    pen = window.scene.link_layer.pen_for(item, NORMAL)
    stroker = QPainterPathStroker()
    stroker.setWidth(pen.widthF())
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    line = stroker.createStroke(item.curve)
    tip = QPointF(*item.arrow_tip)
    near = QPainterPath()
    near.addEllipse(tip, 12, 12)
    head = QPainterPath()
    head.addPolygon(QPolygonF(item.arrow))
    outside = line.intersected(near).subtracted(head).boundingRect()
    return outside.width() * outside.height()


@needs_shared(ARCHITECTURE)
def test_a_thick_curved_link_ends_inside_its_head(qtbot) -> None:
    window = imported_window(qtbot, ARCHITECTURE)
    red = _link(window, "RRID resolver", "scibot.scicrunch.io")
    assert red.line is None and red.width == 7.0  # curved beside its twin, 7 lines wide
    assert _outside_head(window, red) < 1.0


@needs_shared(ARCHITECTURE)
def test_a_loops_phrase_leaves_the_loop_and_its_head_in_view(qtbot) -> None:
    window = imported_window(qtbot, ARCHITECTURE)
    loop = _link(window, "orpheus", "orpheus")
    top_of_loop = loop.curve.pointAtPercent(0.5)
    assert not loop.label_rect.contains(top_of_loop)
    assert not loop.label_rect.intersects(QPolygonF(loop.arrow).boundingRect())
    assert loop.label_rect.bottom() <= top_of_loop.y()
