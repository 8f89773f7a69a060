"""The canvas follows the document: links between the same concepts, kinds, bounds, overview."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from mapviewer.commands import AddItemsCommand, RemoveItemsCommand, SetKindsCommand
from mapviewer.document import Document
from mapviewer.fans import BEND_STEP
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.scene.mapscene import OVERVIEW_MIN_NODES, MapScene


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


def test_many_links_between_two_concepts_share_a_fan_that_stays_between_them(qtbot) -> None:
    """GeneMANIA's network joins RFC3 and RFC4, 90 units apart, by dozens of links: 34 units
    apart each, the outermost looped far outside the fitted view. The fan now reaches at most
    half the distance between the two (and at most four steps), its links evenly apart."""
    cmap = ConceptMap(
        nodes=[Node(id="a", label="RFC3", x=0, y=0), Node(id="b", label="RFC4", x=200, y=0)],
        edges=[Edge(id=f"e{k}", source="a", target="b", label="") for k in range(21)],
    )
    scene = MapScene(Document(cmap))
    offsets = sorted(bends(scene).values())
    assert offsets[0] == -100.0 and offsets[-1] == 100.0  # half of 200 each way
    steps = {round(b - a, 6) for a, b in pairwise(offsets)}
    assert steps == {10.0}
    for item in scene.edge_items.values():  # every course within the fan
        assert item.sceneBoundingRect().height() <= 2 * 100.0 + 20.0


def test_a_link_between_two_concepts_moved_together_follows_both(qtbot) -> None:
    doc = Document(small_map())
    scene = MapScene(doc)
    doc.move_nodes({"a": (1000.0, 500.0), "c": (1000.0, 800.0)})
    link = scene.edge_items["ac"]
    a, c = scene.node_items["a"], scene.node_items["c"]
    start = link.curve.elementAt(0)
    assert (start.x, start.y) == (1000.0, 500.0 + a.box.bottom())  # leaves PD-1's bottom
    tip = link.arrow.at(0)
    assert (tip.x(), tip.y()) == (1000.0, 800.0 + c.box.top())  # points at the tumour's top


def grid_map(count: int, kind: Kind) -> ConceptMap:
    side = int(count**0.5) + 1
    nodes = [
        Node(
            id=f"n{i}", label=f"Concept {i}", kind=kind.id, x=(i % side) * 230, y=(i // side) * 120
        )
        for i in range(count)
    ]
    edges = [Edge(id=f"e{i}", source=f"n{i}", target=f"n{i + 1}") for i in range(count - 1)]
    return ConceptMap(kinds=[kind], nodes=nodes, edges=edges)


def render_image(scene: MapScene, scale: float) -> QImage:
    bounds = scene.map_bounds()
    image = QImage(
        int(bounds.width() * scale), int(bounds.height() * scale), QImage.Format.Format_RGB32
    )
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), bounds)
    painter.end()
    return image


def colours_drawn(scene: MapScene, scale: float) -> set[int]:
    image = render_image(scene, scale)
    return {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }


def test_the_overview_of_a_big_map_redraws_in_a_kinds_new_colour(qtbot) -> None:
    doc = Document(grid_map(OVERVIEW_MIN_NODES, Kind(id="drug", label="Drug", color="#0072B2")))
    scene = MapScene(doc)
    scale = scene.overview_threshold() / 3  # labels far too small to read
    scene.set_view_scale(scale)
    assert scene.overview_mode
    old_fill = scene.style_for("drug").fill.rgb()
    assert old_fill in colours_drawn(scene, scale)
    recoloured = Kind(id="drug", label="Drug", color="#D55E00")
    doc.undo_stack.push(SetKindsCommand(doc, [recoloured], "Recolour"))
    scene.flush_geometry()  # what the event loop does before the next frame
    drawn = colours_drawn(scene, scale)
    assert scene.style_for("drug").fill.rgb() in drawn
    assert old_fill not in drawn


def test_a_kind_reshaped_keeps_its_links_inside_the_painted_layer(qtbot) -> None:
    cmap = small_map()
    cmap.kinds = [Kind(id="cell", label="Cell", shape="rectangle")]
    cmap.nodes[2].kind = "cell"  # the tumour, with a loop on its top
    doc = Document(cmap)
    scene = MapScene(doc)
    scene.flush_geometry()
    tall = Kind(id="cell", label="Cell", shape="diamond")  # a taller box lifts the loop
    doc.undo_stack.push(SetKindsCommand(doc, [tall], "Reshape"))
    scene.flush_geometry()
    loop = scene.edge_items["cc"].sceneBoundingRect()
    assert scene.link_layer.boundingRect().contains(loop)
    assert scene.sceneRect().contains(scene.node_items["c"].sceneBoundingRect())


def test_a_big_map_opens_in_the_overview_before_its_links_are_built_and_looks_the_same(
    qtbot,
) -> None:
    doc = Document(grid_map(OVERVIEW_MIN_NODES, Kind(id="drug", label="Drug", color="#0072B2")))
    scene = MapScene(doc, links_later=True)
    assert scene.links_pending and not scene.edge_items
    scale = scene.overview_threshold() / 3
    scene.set_view_scale(scale)
    before = render_image(scene, scale)
    link_grey = scene.overview._link_color.rgb()
    assert link_grey in {before.pixel(x, y) for x in range(before.width()) for y in range(0, 40)}
    scene.build_links()
    assert not scene.links_pending and len(scene.edge_items) == len(doc.cmap.edges)
    assert render_image(scene, scale) == before


def test_zooming_in_builds_the_links_a_big_map_put_off(qtbot) -> None:
    doc = Document(grid_map(OVERVIEW_MIN_NODES, Kind(id="drug", label="Drug")))
    scene = MapScene(doc, links_later=True)
    scene.set_view_scale(scene.overview_threshold() / 3)
    assert scene.links_pending
    scene.set_view_scale(1.0)  # labels readable: the links themselves are drawn
    assert not scene.links_pending and len(scene.edge_items) == len(doc.cmap.edges)
    assert scene.edge_items["e0"].line is not None


def test_a_small_map_builds_its_links_at_once_even_when_asked_to_wait(qtbot) -> None:
    scene = MapScene(Document(small_map()), links_later=True)
    assert not scene.links_pending and scene.edge_items


def test_parallel_links_open_on_the_curves_an_edit_gives_them(qtbot) -> None:
    """Links without a phrase are made already bent when a map opens (not straight, then bent):
    each must open on the very curve and arrowhead it gets once an edit spreads the links of
    its pair again, whichever way it points."""
    cmap = ConceptMap(
        nodes=[Node(id="a", label="PD-1", x=0, y=0), Node(id="b", label="T cells", x=380, y=90)],
        edges=[
            Edge(id="e0", source="a", target="b"),
            Edge(id="e1", source="b", target="a"),
            Edge(id="e2", source="a", target="b", label="dampens"),
            Edge(id="e3", source="b", target="a"),
            Edge(id="e4", source="a", target="b"),
        ],
    )
    doc = Document(cmap)
    scene = MapScene(doc)

    def drawn() -> dict[str, tuple]:
        return {
            edge_id: (
                item.bend,
                [
                    (item.curve.elementAt(i).x, item.curve.elementAt(i).y)
                    for i in range(item.curve.elementCount())
                ],
                [(p.x(), p.y()) for p in item.arrow],
                item.sceneBoundingRect().getRect(),
            )
            for edge_id, item in scene.edge_items.items()
        }

    opened = drawn()
    assert len({bend for bend, *_ in opened.values()}) == 5  # five curves apart
    doc.undo_stack.push(RemoveItemsCommand(doc, set(), {"e4"}))
    assert drawn()["e0"] != opened["e0"]  # four links: spread again, closer together
    doc.undo_stack.undo()
    assert drawn() == opened
