"""A concept a file sized a hair taller than its name is drawn over the links, as every concept
is: yEd's 30-high nodes round a 29-high name lay under them, and in the closed-folders diagram
the datasetload -> modeltrain link struck through four names. A box far taller than its name
(a legend's frame holding example links, an Obsidian card) still lies under them."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from mapviewer.scene.linklayer import LinkLayer
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, imported_window

FOLDERS = DATA / "interop" / "yed-closed-folders.graphml"
CANVAS = DATA / "interop" / "small.canvas"


def _on_top(window: MainWindow, point: QPointF) -> object:
    """The concept or the links, whichever is drawn uppermost at ``point``."""
    return next(
        item
        for item in window.scene.items(point)
        if isinstance(item, NodeItem | LinkLayer) and not getattr(item, "frame", None)
    )


def test_a_link_passes_under_the_names_it_crosses(qtbot) -> None:
    window = imported_window(qtbot, FOLDERS)
    items = {item.label: item for item in window.scene.node_items.values()}
    link = next(
        edge
        for edge in window.scene.edge_items.values()
        if (edge.source.label, edge.target.label) == ("datasetload", "modeltrain")
    )
    crossed = ("datasetanalyze", "tensorrender", "modelbuild", "graphdraw")
    for name in crossed:
        item = items[name]
        middle = QPointF(item.cx, link.source.cy)  # where the link runs through its name
        assert item.scene_box().contains(middle)
        assert _on_top(window, middle) is item, name


def test_a_card_far_taller_than_its_text_stays_under_the_links(qtbot) -> None:
    """Obsidian's 100-high cards round a line or two keep their place under the links; its
    60-high card round one line (31 high) is drawn over them."""
    window = imported_window(qtbot, CANVAS)
    items = {item.label: item for item in window.scene.node_items.values()}
    under = {"PD-1", "pd1.md", "https://example.invalid/pd1"}
    assert {label for label, item in items.items() if item.zValue() < 0} - {"Checkpoints"} == under
    assert items["PD-L1 & friends"].zValue() > 0
