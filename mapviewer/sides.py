"""Which sides of their concepts' boxes anchored links run between (Edge.from_side, to_side)
once an automatic layout has moved the concepts: the sides that face each other.

A canvas's edges name the sides they leave and reach their cards by, and Obsidian keeps them
while a card is dragged. A layout moves every concept at once: kept, a link that left the
bottom of a concept now below its other end looped round both boxes. As Obsidian picks sides
when an edge is drawn, the side of each box towards the other's centre is taken."""

from __future__ import annotations

from mapviewer.model import ConceptMap, Side

Point = tuple[float, float]
# Out of each side, the direction a link anchored there leaves it square to it...
NORMALS: dict[str, Point] = {
    "top": (0.0, -1.0),
    "right": (1.0, 0.0),
    "bottom": (0.0, 1.0),
    "left": (-1.0, 0.0),
}
# ...and how far out before it curves to the other end: this share of the ends' distance,
# within these units (the web page's script says the same numbers).
PULL = (0.35, 30.0, 220.0)


def facing(source: Point, target: Point) -> tuple[Side, Side]:
    """The side of the source's box towards the target's centre, and the target's towards the
    source's: left and right where they lie more side by side than one above the other."""
    dx, dy = target[0] - source[0], target[1] - source[1]
    if abs(dx) > abs(dy):
        return ("right", "left") if dx > 0 else ("left", "right")
    return ("bottom", "top") if dy > 0 else ("top", "bottom")


def refaced(
    cmap: ConceptMap, positions: dict[str, Point]
) -> dict[str, tuple[Side | None, Side | None]]:
    """Each anchored link whose sides change with the concepts at ``positions`` (the others
    where they are): the sides facing each other there; an end the link left free stays free."""
    where = {n.id: (n.x, n.y) for n in cmap.nodes if n.x is not None and n.y is not None}
    where.update(positions)
    changed: dict[str, tuple[Side | None, Side | None]] = {}
    for edge in cmap.edges:
        if not (edge.from_side or edge.to_side) or edge.source == edge.target:
            continue
        if edge.source not in where or edge.target not in where:
            continue
        if edge.source not in positions and edge.target not in positions:
            continue
        out, back = facing(where[edge.source], where[edge.target])
        sides = (out if edge.from_side else None, back if edge.to_side else None)
        if sides != (edge.from_side, edge.to_side):
            changed[edge.id] = sides
    return changed
