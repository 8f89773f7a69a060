"""A concept's name sits inside its shape: a triangle holds its name low, where it is wide, and
every shape grows round a long or many-lined name rather than let it spill out of its sides
(a triangle's one word ran out of both slanted sides; a diamond's two lines out of its points;
an ellipse's, a cloud's, a cylinder's six lines out of its curves and under its lid)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker

from mapviewer.boxes import font_info
from mapviewer.io.mapfile import dumps
from mapviewer.model import SHAPES, ConceptMap, Node
from mapviewer.scene.nodeitem import NodeItem

from .conftest import open_window

NAMES = {
    "one word": "Immunotherapy",
    "short": "CAR T cell therapy",
    "two lines": "PD-1\nblockade",
    "long": "Tumour-infiltrating lymphocytes expanded ex vivo and given back to the patient",
    "many lines": " ".join(["antigen"] * 40),
}
# No size of their own, and the sizes yEd's and Cytoscape's files give theirs.
SIZES: tuple[tuple[float | None, float | None], ...] = ((None, None), (30.0, 30.0), (80.0, 40.0))


def _map(path: Path, nodes: list[Node]) -> Path:
    path.write_text(dumps(ConceptMap(title="Shapes", nodes=nodes)), encoding="utf-8")
    return path


def _lines_outside(item: NodeItem) -> list[str]:
    """The lines of the item's name, as drawn, that are not wholly inside its outline."""
    outline = item.outline()
    height = font_info(item.text_font)[2].height()
    top_left = item._text_pos
    middle = top_left.x() + item.text.size.width() / 2
    outside = []
    for index, (line, width) in enumerate(zip(item.text.lines, item.text.widths, strict=True)):
        top = top_left.y() + index * item.text.line_height
        if width and not outline.contains(QRectF(middle - width / 2, top, width, height)):
            outside.append(line)
    return outside


def test_every_shape_holds_its_name_whatever_its_length(qtbot, tmp_path: Path) -> None:
    """Every shape, with a one-word, short, two-line, long and twelve-line name, unsized or at
    the sizes other tools give: no line of a name leaves its outline (146 of 450 did)."""
    nodes = [
        Node(
            id=f"{shape}-{name}-{index}".replace(" ", "-"),
            label=label,
            shape=shape,  # type: ignore[arg-type]  # one of SHAPES
            x=float(400 * column),
            y=float(300 * row),
            width=width,
            height=height,
        )
        for row, shape in enumerate(SHAPES)
        for column, ((name, label), (index, (width, height))) in enumerate(
            (pair, size) for pair in NAMES.items() for size in enumerate(SIZES)
        )
    ]
    window = open_window(qtbot, _map(tmp_path / "shapes.json", nodes))
    items = window.scene.node_items
    assert len(items) == len(SHAPES) * len(NAMES) * len(SIZES)
    spilled = {node_id: lines for node_id, item in items.items() if (lines := _lines_outside(item))}
    assert spilled == {}
    # The triangle's one word is low in it, below its middle, where it is wide.
    triangle = items["triangle-one-word-0"]
    assert triangle._text_pos.y() + triangle.text.size.height() / 2 > 0


def test_a_triangles_name_leaves_no_ink_outside_it(qtbot, tmp_path: Path) -> None:
    """Looked at in the window: round a white triangle named "Immunotherapy" (as yEd and
    Cytoscape draw their flowchart triangles), nothing but the canvas shows; the name's first
    and last letters were drawn on the canvas either side of the slanted sides."""
    node = Node(id="t", label="Immunotherapy", shape="triangle", color="#FFFFFF", x=0, y=0)
    window = open_window(qtbot, _map(tmp_path / "triangle.json", [node]), (900, 700))
    view, item = window.view, window.scene.node_items["t"]
    view.centerOn(item.scene_box().center())
    qtbot.waitUntil(lambda: view.viewport().rect().contains(view.mapFromScene(QPointF(0, 0))))
    picture = view.viewport().grab().toImage()
    # The outline in the view's pixels, with its pen and a pixel of smoothing round it.
    drawn = view.viewportTransform().map(item.mapToScene(item.outline()))
    stroker = QPainterPathStroker()
    stroker.setWidth(item.style.pen.widthF() * view.transform().m11() + 4)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    shape = QPainterPath(drawn).united(stroker.createStroke(drawn))
    near = shape.boundingRect().adjusted(-30, -30, 30, 30).toRect()
    canvas = QColor(window.scene.theme.canvas)
    ink = [
        (x, y)
        for y in range(max(near.top(), 0), min(near.bottom(), picture.height()))
        for x in range(max(near.left(), 0), min(near.right(), picture.width()))
        if not shape.contains(QPointF(x + 0.5, y + 0.5))
        and _differs(QColor(picture.pixel(x, y)), canvas)
    ]
    assert ink == []


def _differs(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) > 40
