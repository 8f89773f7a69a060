"""A whole map laid out with the sizes the canvas draws: for the Map menu, `mapviewer layout`
and bench/layout_quality.py alike.

A layout that leaves room for linking phrases must know how big each phrase is, and only the
scene knows (the link font is the theme's). So the input is read off a built scene: each
concept's box and each link's phrase box, exactly as drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mapviewer.groups import GAP, children_map, keep_groups_together, parent_map
from mapviewer.layout import METHODS, Box, Link, Positions, Progress

if TYPE_CHECKING:
    from mapviewer.model import Node
    from mapviewer.scene.mapscene import MapScene


# Layouts that keep the arrangement (only what touches moves): a group's frame, drawn round its
# members, is no box among them, and its members are not packed again afterwards. Tidy given the
# frames pushed every member away from the box its group made over them, then packed each group
# in rows: on the default map (no overlaps to remove) concepts moved 450 units at the median,
# Cancer immunotherapy 1,530.
KEEPS_ARRANGEMENT = frozenset({"tidy"})
# Free units round the widest phrase when group members are packed: on the default map 12 left
# 6 (Layered) and 10 (Organic) links running under other boxes as drawn, 40 and 68 none, 68 with
# 72 % of Layered's links pointing down (69-74 % as the gap varies).
PHRASE_ROOM = 68.0


def frames(nodes: Iterable[Node]) -> set[str]:
    """The groups drawn as frames round their members (those with members, not collapsed)."""
    nodes = list(nodes)
    collapsed = {n.id for n in nodes if n.collapsed}
    return set(children_map(parent_map(nodes))) - collapsed


def layout_input(scene: MapScene, method: str | None = None) -> tuple[list[Box], list[Link]]:
    """The concepts' boxes and the links with their phrase sizes, as the scene draws them; for
    a ``method`` that keeps the arrangement, without the frames."""
    scene.finish_items()
    nodes = scene.document.nodes
    left_out = frames(nodes.values()) if method in KEEPS_ARRANGEMENT else set()
    boxes = [
        Box(i.node_id, 2 * i.half_w, 2 * i.half_h, *_place(nodes[i.node_id]))
        for i in scene.node_items.values()
        if i.node_id not in left_out
    ]
    links = []
    made = scene.edge_items
    for edge in scene.document.cmap.edges:  # a big map makes link items only where looked at
        item = made.get(edge.id)
        if item is not None:
            ends = item.source.node_id, item.target.node_id
        elif edge.source in scene.node_items and edge.target in scene.node_items:
            ends = scene.shown_as(edge.source), scene.shown_as(edge.target)
        else:
            continue
        links.append(Link(*ends, *scene.phrase_size(edge.id)))
    return boxes, links


def _place(node: Node) -> tuple[float | None, float | None]:
    """Where the concept is in the map, or no place (None, None) when it has none."""
    return (node.x, node.y) if node.x is not None and node.y is not None else (None, None)


def arrange(scene: MapScene, method: str, progress: Progress | None = None) -> Positions:
    """New positions for every concept of the scene's map by ``method`` (a key of METHODS)."""
    boxes, links = layout_input(scene, method)
    positions = METHODS[method][1](boxes, links, progress)
    return groups_kept(scene, boxes, links, positions, method)


def groups_kept(
    scene: MapScene,
    boxes: list[Box],
    links: list[Link],
    positions: Positions,
    method: str | None = None,
) -> Positions:
    """``positions`` with each group's members packed together where the layout put them: the
    layouts see a group as one more box, and would otherwise leave strangers inside its frame.
    A method that keeps the arrangement keeps its groups as they are.

    Members are packed with the widest linking phrase between them (and the clusters as far
    apart): packed 30 units apart, the default map's Layered layout left 106 phrases with
    nowhere free to sit and its Organic layout 165 (0 and 0 now, Layered's map 20 % wider)."""
    parents = parent_map(scene.document.cmap.nodes)
    if not parents or method in KEEPS_ARRANGEMENT:
        return positions
    sizes = {box.id: (box.width, box.height) for box in boxes}
    widest = max((link.phrase_width for link in links), default=0.0)
    least = {  # a frame the file sized keeps that size round its packed members
        n.id: (n.width, n.height) for n in scene.document.cmap.nodes if n.width and n.height
    }
    return keep_groups_together(positions, sizes, parents, max(GAP, widest + PHRASE_ROOM), least)
