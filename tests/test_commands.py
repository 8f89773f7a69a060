"""Every edit is an undoable command; undo restores the map exactly, the scene follows."""

from __future__ import annotations

import pytest

from mapviewer.commands import (
    AddItemsCommand,
    ChangeKindCommand,
    EditEdgeCommand,
    EditNodeCommand,
    MoveNodesCommand,
    RemoveItemsCommand,
    SetKindsCommand,
)
from mapviewer.document import Document
from mapviewer.io.mapfile import dumps, load
from mapviewer.model import Edge, Kind, Node, Tour, TourStep
from mapviewer.scene.mapscene import MapScene

from .conftest import DATA


@pytest.fixture
def doc(qtbot) -> Document:
    return Document(load(DATA / "sample.json"), DATA / "sample.json")


@pytest.fixture
def scene(doc: Document) -> MapScene:
    return MapScene(doc)


def test_adding_a_concept_and_a_link_shows_them_and_undo_removes_them(doc, scene) -> None:
    before = dumps(doc.cmap)
    node = Node(id="nivolumab", label="Nivolumab", kind="drug", x=0.0, y=200.0)
    edge = Edge(id="e9", source="nivolumab", target="pd-1", label="blocks")
    doc.undo_stack.push(AddItemsCommand(doc, [node], [edge], "Add"))
    assert scene.node_items["nivolumab"].label == "Nivolumab"
    assert scene.edge_items["e9"].target is scene.node_items["pd-1"]
    assert doc.modified
    doc.undo_stack.undo()
    assert "nivolumab" not in scene.node_items and "e9" not in scene.edge_items
    assert dumps(doc.cmap) == before
    assert not doc.modified


def test_deleting_concepts_takes_their_links_and_undo_restores_order(doc, scene) -> None:
    before = dumps(doc.cmap)
    doc.undo_stack.push(RemoveItemsCommand(doc, {"pd-1", "tregs"}, {"e3"}))
    assert set(doc.nodes) == {"pembrolizumab", "ctla-4", "t-cells"}
    assert set(doc.edges) == set()  # e1, e2 (pd-1), e4 (tregs) and e3 itself
    assert set(scene.edge_items) == set()
    assert doc.undo_stack.count() == 1  # one step
    doc.undo_stack.undo()
    assert dumps(doc.cmap) == before  # same order, same links, same everything
    assert set(scene.edge_items) == {"e1", "e2", "e3", "e4"}
    doc.undo_stack.redo()
    assert set(doc.nodes) == {"pembrolizumab", "ctla-4", "t-cells"}


def test_typing_a_label_merges_into_one_step_and_undo_restores_it(doc, scene) -> None:
    for text in ("P", "PD", "PD-1 receptor"):
        doc.undo_stack.push(EditNodeCommand(doc, "pd-1", "label", text, merge=True))
    assert doc.undo_stack.count() == 1
    assert scene.node_items["pd-1"].label == "PD-1 receptor"
    doc.undo_stack.undo()
    assert doc.nodes["pd-1"].label == "PD-1"
    assert scene.node_items["pd-1"].label == "PD-1"


def test_a_move_is_one_step_and_links_follow(doc, scene) -> None:
    edge = scene.edge_items["e1"]
    before = edge.line.p2()
    doc.undo_stack.push(MoveNodesCommand(doc, {"pd-1": (260.0, 300.0)}))
    assert scene.node_items["pd-1"].cy == 300.0
    assert edge.line.p2() != before
    doc.undo_stack.undo()
    assert (doc.nodes["pd-1"].x, doc.nodes["pd-1"].y) == (260.0, 0.0)
    assert edge.line.p2() == before


def test_link_label_and_kind_changes(doc, scene) -> None:
    doc.undo_stack.push(EditEdgeCommand(doc, "e1", "label", "inhibits"))
    assert scene.edge_items["e1"].label == "inhibits"
    doc.undo_stack.push(ChangeKindCommand(doc, ["pd-1", "ctla-4"], "drug"))
    assert scene.node_items["pd-1"].style.shape == "pill"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert scene.node_items["pd-1"].style.shape == "hexagon"
    assert doc.edges["e1"].label == "blocks"


def test_recolouring_a_kind_restyles_its_concepts(doc, scene) -> None:
    kinds = [k.model_copy() for k in doc.cmap.kinds]
    kinds[1] = kinds[1].model_copy(update={"color": "#009E73", "label": "Target"})
    kinds.append(Kind(id="cancer", label="Cancer", color="#CC79A7"))
    doc.undo_stack.push(SetKindsCommand(doc, kinds, "Edit kinds"))
    assert scene.node_items["pd-1"].style.color.name().upper() == "#009E73"
    doc.undo_stack.undo()
    assert scene.node_items["pd-1"].style.color.name().upper() == "#0072B2"


def test_a_width_from_the_file_sizes_the_box(doc, scene) -> None:
    doc.undo_stack.push(EditNodeCommand(doc, "tregs", "width", 320.0))
    assert scene.node_items["tregs"].box.width() == 320.0
    assert scene.node_items["tregs"].text.lines == ["Regulatory T cells"]
    doc.undo_stack.undo()
    assert scene.node_items["tregs"].box.width() < 320.0


def test_deleting_what_a_tour_names_keeps_the_map_loadable(doc, scene, tmp_path) -> None:
    doc.set_tours([Tour(id="t", title="T", steps=[TourStep(focus=["pd-1", "e1", "tregs"])])])
    doc.undo_stack.push(RemoveItemsCommand(doc, {"pd-1"}, set()))
    assert doc.cmap.tours[0].steps[0].focus == ["tregs"]
    path = tmp_path / "after-delete.json"
    doc.save(path)
    assert load(path).tours[0].steps[0].focus == ["tregs"]  # it opens again
    doc.undo_stack.undo()
    assert doc.cmap.tours[0].steps[0].focus == ["pd-1", "e1", "tregs"]


def test_a_long_label_is_cut_short_in_the_undo_history(doc: Document) -> None:
    doc.undo_stack.push(
        EditNodeCommand(doc, "pd-1", "label", "Programmed cell death protein 1\non T cells")
    )
    doc.undo_stack.push(RemoveItemsCommand(doc, {"pd-1"}, set()))
    assert doc.undo_stack.undoText() == "Delete “Programmed cell death protein 1…” and 2 links"
