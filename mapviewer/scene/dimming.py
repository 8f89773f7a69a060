"""What the scene's dim filters fade, held once for all its items.

Each concept and link asks this as it is drawn or read (``item.dimmed``) rather than carrying a
flag of its own: setting a flag on each Qt item costs about 1 us, so fading all but a
neighbourhood on a 20k map (20k concepts, 28k links) took 40-100 ms of a click. Held as the
ids to keep bright, "everything except these few" costs the size of the few.
"""

from __future__ import annotations

from collections.abc import Collection


class DimState:
    """The bright ids (None: nothing is faded) and the selection, which is never faded. Only
    ids there were when the filters were last applied fade: a concept or link made since stays
    bright until they are applied again, one made again (undo, a group's new box) keeps its
    state."""

    __slots__ = ("edges_then", "keep_edges", "keep_nodes", "nodes_then", "selected")

    def __init__(self) -> None:
        self.keep_nodes: Collection[str] | None = None
        self.keep_edges: Collection[str] | None = None
        self.nodes_then: Collection[str] = frozenset()
        self.edges_then: Collection[str] = frozenset()
        self.selected: Collection[str] = frozenset()

    def node(self, node_id: str) -> bool:
        keep = self.keep_nodes
        return (
            keep is not None
            and node_id not in keep
            and node_id not in self.selected
            and node_id in self.nodes_then
        )

    def edge(self, edge_id: str) -> bool:
        keep = self.keep_edges
        return keep is not None and edge_id not in keep and edge_id in self.edges_then


NOTHING_DIMMED = DimState()  # what an item reads before a scene hands it the scene's own
