"""A whole map laid out with the sizes the canvas draws: for the Map menu, `mapviewer layout`
and bench/layout_quality.py alike.

A layout that leaves room for linking phrases must know how big each phrase is, and only the
scene knows (the link font is the theme's). So the input is read off a built scene: each
concept's box and each link's phrase box, exactly as drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mapviewer.groups import keep_groups_together, parent_map
from mapviewer.layout import METHODS, Box, Link, Positions, Progress

if TYPE_CHECKING:
    from mapviewer.model import Node
    from mapviewer.scene.mapscene import MapScene


def layout_input(scene: MapScene) -> tuple[list[Box], list[Link]]:
    """The concepts' boxes and the links with their phrase sizes, as the scene draws them."""
    scene.finish_items()
    nodes = scene.document.nodes
    boxes = [
        Box(i.node_id, 2 * i.half_w, 2 * i.half_h, *_place(nodes[i.node_id]))
        for i in scene.node_items.values()
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
    boxes, links = layout_input(scene)
    return groups_kept(scene, boxes, METHODS[method][1](boxes, links, progress))


def groups_kept(scene: MapScene, boxes: list[Box], positions: Positions) -> Positions:
    """``positions`` with each group's members packed together where the layout put them: the
    layouts see a group as one more box, and would otherwise leave strangers inside its frame."""
    parents = parent_map(scene.document.cmap.nodes)
    if not parents:
        return positions
    sizes = {box.id: (box.width, box.height) for box in boxes}
    return keep_groups_together(positions, sizes, parents)
