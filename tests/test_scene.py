"""The canvas follows the document: links between the same concepts, kinds, bounds, overview."""

from __future__ import annotations

from mapviewer.commands import AddItemsCommand, RemoveItemsCommand
from mapviewer.document import Document
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.scene.mapscene import BEND_STEP, MapScene


def small_map() -> ConceptMap:
    return ConceptMap(
        nodes=[
            Node(id="a", label="PD-1", x=0, y=0),
            Node(id="b", label="T cells", x=400, y=0),
            Node(id="c", label="Tumour", x=0, y=300),
        ],
        edges=[
            Edge(id="ab1", source="a", target="b", label="sits on"),
            Edge(id="ba", source="b", target="a", label="express"),
            Edge(id="ab2", source="a", target="b", label="dampens"),
            Edge(id="ac", source="a", target="c", label="is targeted in"),
            Edge(id="cc", source="c", target="c", label="grows"),
        ],
    )


def bends(scene: MapScene) -> dict[str, float]:
    return {edge_id: item.bend for edge_id, item in scene.edge_items.items()}


def test_links_sharing_two_concepts_curve_apart_and_straighten_when_alone(qtbot) -> None:
    doc = Document(small_map())
    scene = MapScene(doc)
    # Three links between PD-1 and T cells fan out evenly, whichever way each points; the
    # link to the tumour and the loop stay as they are.
    assert bends(scene) == {"ab1": -BEND_STEP, "ba": 0.0, "ab2": BEND_STEP, "ac": 0.0, "cc": 0.0}
    middle = scene.edge_items["ba"].line
    assert middle is not None and scene.edge_items["ab1"].line is None  # straight vs curved
    doc.undo_stack.push(RemoveItemsCommand(doc, set(), {"ba"}))
    assert bends(scene) == {"ab1": -BEND_STEP / 2, "ab2": BEND_STEP / 2, "ac": 0.0, "cc": 0.0}
    doc.undo_stack.push(RemoveItemsCommand(doc, set(), {"ab1"}))
    assert bends(scene)["ab2"] == 0.0 and scene.edge_items["ab2"].line is not None
    back = Edge(id="ba2", source="b", target="a")
    doc.undo_stack.push(AddItemsCommand(doc, [], [back], "Link"))
    assert bends(scene)["ab2"] == -BEND_STEP / 2 and bends(scene)["ba2"] == -BEND_STEP / 2
    doc.undo_stack.push(AddItemsCommand(doc, [], [Edge(id="cc2", source="c", target="c")], "L"))
    assert bends(scene)["cc2"] == 0.0 and bends(scene)["cc"] == 0.0
    doc.undo_stack.push(RemoveItemsCommand(doc, set(), {"ac"}))  # the last link of a pair
    assert "ac" not in scene.edge_items
    for _ in range(5):
        doc.undo_stack.undo()
    # Undo brings the three back, again each on a curve of its own.
    sides = {
        item.bend if item.source.node_id == "a" else -item.bend
        for item in scene.edge_items.values()
        if item.source is not item.target and "c" not in (item.source.node_id, item.target.node_id)
    }
    assert sides == {-BEND_STEP, 0.0, BEND_STEP}


def test_a_link_between_two_concepts_moved_together_follows_both(qtbot) -> None:
    doc = Document(small_map())
    scene = MapScene(doc)
    doc.move_nodes({"a": (1000.0, 500.0), "c": (1000.0, 800.0)})
    link = scene.edge_items["ac"]
    a, c = scene.node_items["a"], scene.node_items["c"]
    start = link.curve.elementAt(0)
    assert (start.x, start.y) == (1000.0, 500.0 + a.rect.bottom())  # leaves PD-1's bottom
    tip = link.arrow.at(0)
    assert (tip.x(), tip.y()) == (1000.0, 800.0 + c.rect.top())  # points at the tumour's top
