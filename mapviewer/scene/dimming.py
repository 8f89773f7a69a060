"""What the scene's dim filters fade, held once for all its items.

Each concept and link asks this as it is drawn or read (``item.dimmed``) rather than carrying a
flag of its own: setting a flag on each Qt item costs about 1 us, so fading all but a
neighbourhood on a 20k map (20k concepts, 28k links) took 40-100 ms of a click. Held as the
ids to keep bright, "everything except these few" costs the size of the few.

A concept no one has drawn yet fades itself as it paints (mapviewer.scene.nodeitem), so a new
verdict costs nothing for the thousands off screen. One already drawn keeps its picture in a
pixel cache: ``drawn`` notes how each was last drawn, and on a change only those are told
(``restyle_node``): faded or brought back by their Qt opacity, which keeps the picture (painting
sixty pictures again cost 15 ms), or painted again when the old fade is painted into it.
"""

from __future__ import annotations

from collections.abc import Collection

# How a concept was last drawn (``DimState.drawn``): at full strength, faded by its Qt opacity
# (its picture is at full strength), or with the fade painted into its picture.
BRIGHT, FADED, PAINTED_FADED = 0, 1, 2
# What ``restyle_node`` asks of a concept: nothing, its opacity set again, a new picture.
KEEP, SET_OPACITY, REPAINT = 0, 1, 2
# Concepts noted beyond which a change drops every picture instead of asking each (0.3 us a
# concept): a long tour of a big map close up draws thousands.
REDRAW_ALL_FROM = 5000


class DimState:
    """The bright ids (None: nothing is faded) and the selection, which is never faded. Only
    ids there were when the filters were last applied fade: a concept or link made since stays
    bright until they are applied again, one made again (undo, a group's new box) keeps its
    state."""

    __slots__ = (
        "drawn",
        "edges_then",
        "keep_edges",
        "keep_nodes",
        "nodes_then",
        "selected",
        "then",
    )

    def __init__(self) -> None:
        self.keep_nodes: Collection[str] | None = None
        self.keep_edges: Collection[str] | None = None
        self.nodes_then: Collection[str] = frozenset()
        self.edges_then: Collection[str] = frozenset()
        self.then: object = None  # what the scene's items were when the two above were taken
        self.selected: Collection[str] = frozenset()
        self.drawn: dict[str, int] = {}  # concept id -> how it was last drawn (BRIGHT...)

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

    def paint_node(self, node_id: str, opacity: float) -> bool:
        """Whether a concept being painted at its Qt ``opacity`` fades itself: when its verdict
        says so and no opacity fades it already (ours, or a slide's). Noted in ``drawn``."""
        fades = opacity == 1.0 and self.node(node_id)
        self.drawn[node_id] = PAINTED_FADED if fades else FADED if opacity < 1.0 else BRIGHT
        return fades

    def faded_by_opacity(self, node_id: str) -> bool:
        """The concept's Qt opacity is what fades it (see ``restyle_node``)."""
        return self.drawn.get(node_id) == FADED

    def restyle_node(self, node_id: str) -> int:
        """What a concept must do now that its verdict may have changed (KEEP, SET_OPACITY to
        what ``faded_by_opacity`` says, or REPAINT), noted as done. One not drawn yet has
        nothing to do: it fades as it paints."""
        drawn = self.drawn
        was = drawn.get(node_id)
        if was is None:
            return KEEP
        if self.node(node_id):
            if was == BRIGHT:
                drawn[node_id] = FADED
                return SET_OPACITY
        elif was == FADED:
            drawn[node_id] = BRIGHT
            return SET_OPACITY
        elif was == PAINTED_FADED:
            del drawn[node_id]  # noted again as it paints
            return REPAINT
        return KEEP

    def restyle(self) -> tuple[list[str], list[str] | None]:
        """After a change of verdicts: the drawn concepts whose opacity must be set again, and
        those to paint again (None: every one, their pictures all dropped, when so many were
        drawn that asking each would cost more)."""
        drawn = self.drawn
        if len(drawn) > REDRAW_ALL_FROM:
            faded = [node_id for node_id, was in drawn.items() if was == FADED]
            drawn.clear()  # so each goes back to full opacity and fades as it paints
            return faded, None
        opacity: list[str] = []
        repaint: list[str] = []
        restyle = self.restyle_node
        for node_id in list(drawn):
            action = restyle(node_id)
            if action == SET_OPACITY:
                opacity.append(node_id)
            elif action == REPAINT:
                repaint.append(node_id)
        return opacity, repaint


class _NothingDimmed(DimState):
    """The state of an item no scene has taken yet: never faded, and nothing to note."""

    __slots__ = ()

    def paint_node(self, node_id: str, opacity: float) -> bool:
        return False


NOTHING_DIMMED = _NothingDimmed()  # what an item reads before a scene hands it the scene's own
