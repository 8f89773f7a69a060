"""A map opens with every concept placed: the document lays out what a file left unplaced, with
the boxes the canvas draws, before any scene exists; the scene only mirrors the model."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from mapviewer.boxes import map_measure
from mapviewer.commands import AddItemsCommand
from mapviewer.document import Document
from mapviewer.io.mapfile import dumps, load
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.mapscene import MapScene

from .conftest import DATA

LONG = "Chimeric antigen receptor T-cell therapy against CD19 on B-cell lymphoma"


def half_placed_map() -> ConceptMap:
    """Two placed concepts and four unplaced ones of assorted shapes, one of a fixed width."""
    return ConceptMap(
        kinds=[
            Kind(id="drug", label="Drug"),  # a pill: the shipped kinds' shape
            Kind(id="odd", label="Odd", shape="diamond"),  # its own shape, the roomiest
        ],
        nodes=[
            Node(id="pd1", label="PD-1", x=0.0, y=0.0),
            Node(id="t", label="T cells", kind="odd", x=300.0, y=0.0),
            Node(id="nivo", label="Nivolumab", kind="drug"),
            Node(id="car", label=LONG, kind="odd"),
            Node(id="wide", label="A box the file made wide", width=320.0),
            Node(id="alone", label="Linked to nothing"),
        ],
        edges=[
            Edge(id="e1", source="nivo", target="pd1", label="blocks"),
            Edge(id="e2", source="car", target="t"),
            Edge(id="e3", source="wide", target="nivo"),
        ],
    )


def boxes(scene: MapScene) -> dict[str, QRectF]:
    return {nid: i.scene_box() for nid, i in scene.node_items.items()}


def test_a_document_places_what_the_file_left_unplaced_before_any_scene(qtbot) -> None:
    doc = Document(half_placed_map())
    assert all(node.placed for node in doc.cmap.nodes)
    assert (doc.nodes["t"].x, doc.nodes["t"].y) == (300.0, 0.0)  # placed ones stay put
    assert not doc.modified  # opening is not an edit
    opened = dumps(doc.cmap)
    scene = MapScene(doc)
    assert dumps(doc.cmap) == opened  # the scene writes nothing into the model
    rects = list(boxes(scene).values())
    for index, rect in enumerate(rects):  # laid out with the boxes drawn: none overlap
        assert not any(rect.intersects(other) for other in rects[index + 1 :])


def test_the_document_measures_boxes_as_the_canvas_draws_them(qtbot) -> None:
    cmap = load(DEFAULT_MAP)  # every shipped kind and shape, long and short labels
    cmap.nodes += half_placed_map().nodes[2:]
    cmap.kinds += half_placed_map().kinds[1:]
    doc = Document(cmap, DEFAULT_MAP)
    measure = map_measure(doc.cmap)
    scene = MapScene(doc)
    # An expanded group is drawn as a frame round its members, measured by the scene alone.
    frames = set(scene.group_ids())
    drawn = {nid: (r.width(), r.height()) for nid, r in boxes(scene).items() if nid not in frames}
    assert {n.id: measure(n) for n in doc.cmap.nodes if n.id not in frames} == drawn


def test_a_concept_inserted_without_a_position_is_placed_before_it_is_announced(qtbot) -> None:
    doc = Document(load(DATA / "sample.json"), DATA / "sample.json")
    seen: list[tuple[float | None, float | None]] = []
    doc.node_added.connect(
        lambda node_id: seen.append((doc.nodes[node_id].x, doc.nodes[node_id].y))
    )
    loose = Node(id="nivolumab", label="Nivolumab")
    link = Edge(id="blocks", source="nivolumab", target="pd-1")
    doc.undo_stack.push(AddItemsCommand(doc, [loose], [link], "Add"))
    assert len(seen) == 1 and None not in seen[0]
    scene = MapScene(doc)
    item = scene.node_items["nivolumab"]
    assert (item.cx, item.cy) == seen[0]  # drawn where the model has it
    doc.undo_stack.undo()
    doc.undo_stack.redo()  # comes back where it was, not laid out again
    assert seen[-1] == seen[0]
    assert (scene.node_items["nivolumab"].cx, scene.node_items["nivolumab"].cy) == seen[0]
