"""A picture's name where yEd wrote it: yEd draws an image or SVG node as its icon alone and its
name outside it (below it, above it, beside it), where mapviewer wrote the name inside a box
grown round it. phenodcc's "image host servers" then covered the two servers beside it, and
scibot's architecture (ten icons) had boxes wide as their names. The box is now the icon's
(what a click hits and links end on), the name written where the file put it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtTest import QTest

from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, INTEROP, imported_window, needs_shared

DESIGN = DATA / "interop" / "yed-phenodcc-design.graphml"
ARCHITECTURE = INTEROP / "graphml" / "scibot-architecture.graphml"


def _item(window: MainWindow, label: str) -> NodeItem:
    return next(i for i in window.scene.node_items.values() if i.label.startswith(label))


def _covered(window: MainWindow, item: NodeItem) -> list[str]:
    """The other concepts whose boxes the item's name or box lies over."""
    mine = [item.scene_box(), item.label_box()]
    return [
        other.label
        for other in window.scene.node_items.values()
        if other is not item and any(r.intersects(other.scene_box()) for r in mine)
    ]


def test_a_pictures_name_stands_outside_its_icon_where_yed_put_it(qtbot) -> None:
    window = imported_window(qtbot, DESIGN)
    servers = _item(window, "image host servers")
    box, name = servers.scene_box(), servers.label_box()
    assert (round(box.width(), 1), round(box.height(), 1)) == (35.1, 56.2)  # the icon's size
    assert name.bottom() <= box.top()  # above the icon, as yEd has it
    assert abs(name.center().x() - box.center().x()) < 1
    processed = _item(window, "processed images")
    assert processed.label_box().top() >= processed.scene_box().bottom()  # below its icon
    archive = _item(window, "archive images")
    assert archive.label_box().left() >= archive.scene_box().right()  # right of its icon
    for item in window.scene.node_items.values():
        assert _covered(window, item) == [], item.label


def test_a_click_on_the_icon_selects_the_picture_and_its_links_end_on_the_icon(qtbot) -> None:
    window = imported_window(qtbot, DESIGN)
    processed = _item(window, "processed images")
    view = window.view
    at = view.mapFromScene(processed.scene_box().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.waitUntil(lambda: processed.isSelected(), timeout=5_000)
    box = processed.scene_box().adjusted(-2, -2, 2, 2)
    for link in processed.edges:
        tip = link.arrow_tip if link.target is processed and link.arrow_tip else None
        end = QPointF(*tip) if tip else link.curve.pointAtPercent(0.0)
        assert box.contains(end), link.label
    assert not processed.scene_box().contains(processed.label_box())


@needs_shared(ARCHITECTURE)
def test_every_name_of_scibots_icons_is_in_sight_at_fit(qtbot) -> None:
    """Fit framed the icons alone: "Hypothes.is RabbitMQ" and "Hypothes.is client" written
    beside theirs were cut by the window's edges."""
    window = imported_window(qtbot, ARCHITECTURE)
    captioned = [i for i in window.scene.node_items.values() if i.caption is not None]
    assert len(captioned) == 10
    view = window.view
    seen = QRectF(
        view.mapToScene(QPoint(0, 0)), view.mapToScene(view.viewport().rect().bottomRight())
    )
    for item in captioned:
        assert seen.contains(item.label_box()), item.label
        assert not item.scene_box().intersects(item.label_box()), item.label
