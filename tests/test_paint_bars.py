"""Zoomed out until labels are bars: the bars drawn are the label's as it is now."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from mapviewer.commands import EditNodeCommand
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.nodeitem import MIN_READABLE_PX

from .conftest import open_window


def test_a_concept_renamed_while_zoomed_out_draws_the_new_labels_bars(qtbot) -> None:
    """A concept too small to read keeps its bars from frame to frame of a zoom (they were
    worked out again for each concept at each frame); renamed, it draws the new label's."""
    view = open_window(qtbot, DEFAULT_MAP, (1920, 1080)).view
    scene = view.map_scene()
    assert view.transform().m11() * scene.label_px() < MIN_READABLE_PX  # at fit: bars
    item = next(i for i in scene.node_items.values() if not isinstance(i, GroupItem) and i.shown)
    view.viewport().repaint()
    _, before = item.bars()
    assert len(before) == len(item.text.lines)
    doc = scene.document
    longer = " ".join([item.label] * 4)
    doc.undo_stack.push(EditNodeCommand(doc, item.node_id, "label", longer))
    view.viewport().repaint()
    item = scene.node_items[item.node_id]
    _, after = item.bars()
    assert len(after) == len(item.text.lines) > len(before)
    for rect in after:  # the new label's lines, inside its box
        assert item.box.contains(rect)
        assert any(abs(rect.width() - w) < 0.01 for w in item.text.widths)
    drawn = QRectF(after[0]).united(after[-1])
    assert drawn.height() > QRectF(before[0]).united(before[-1]).height()
