"""Where a focus draws a neighbourhood: the focused concept in the middle, the others around it
in rings by how many links away they are, no two boxes or linking phrases overlapping. No Qt.

A map's own positions scatter a concept's neighbours over the whole map, so framing them left
the labels too small to read. Focus arranges them afresh, as a radial tree: each neighbour gets
a wedge of the circle in proportion to what hangs off it, in the angular order it has on the map
(so the arrangement still resembles the map), and moves outward along its ray from the wished
ring until its box, and the phrase of the link to its parent, meet nothing already placed. The
rings are ellipses wider than tall, as boxes and screens are.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

GAP = 22.0  # scene units kept free around a box
PHRASE_GAP = 6.0  # ...and around a linking phrase
ASPECT = 1.6  # the rings' width over their height
STEP = 14.0  # how far outward a box moves to look again...
GROWTH = 0.03  # ...or this share of its distance, far out (big neighbourhoods in few steps)
REFINE = 4  # halvings of the last step that find a concept's place nearer
CELL = 160.0

Size = tuple[float, float]
Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


class _Space:
    """Rectangles already taken, in a grid of cells so each check looks only nearby."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Rect]] = defaultdict(list)

    def take(self, rect: Rect) -> None:
        left, top, right, bottom = rect
        for cx in range(math.floor(left / CELL), math.floor(right / CELL) + 1):
            for cy in range(math.floor(top / CELL), math.floor(bottom / CELL) + 1):
                self._cells[(cx, cy)].append(rect)

    def free(self, rect: Rect) -> bool:
        """Nothing taken meets ``rect``. Loops written out: this runs 100,000 times for a
        neighbourhood of 600."""
        left, top, right, bottom = rect
        cells = self._cells
        y0, y1 = math.floor(top / CELL), math.floor(bottom / CELL) + 1
        for cx in range(math.floor(left / CELL), math.floor(right / CELL) + 1):
            for cy in range(y0, y1):
                taken = cells.get((cx, cy))
                if taken:
                    for ol, ot, orr, ob in taken:
                        if ol < right and left < orr and ot < bottom and top < ob:
                            return False
        return True


def _box(x: float, y: float, size: Size, margin: float) -> Rect:
    w, h = size
    return x - w / 2 - margin, y - h / 2 - margin, x + w / 2 + margin, y + h / 2 + margin


def _edge_point(x: float, y: float, size: Size, tx: float, ty: float) -> Point:
    """Where the line from the box's centre toward (tx, ty) leaves the box."""
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    half_w, half_h = size[0] / 2, size[1] / 2
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf, 1.0)
    return x + dx * t, y + dy * t


def _tree(
    centre: str, links: Sequence[tuple[str, str, Size]], known: Mapping[str, Size]
) -> tuple[dict[str, str], dict[str, list[tuple[str, Size]]], list[list[str]]]:
    """Breadth-first from the centre: each concept's parent, its links (the other end and
    the phrase's size), and the concepts by distance."""
    adjacent: dict[str, list[tuple[str, Size]]] = defaultdict(list)
    for a, b, phrase in links:
        if a in known and b in known and a != b:
            adjacent[a].append((b, phrase))
            adjacent[b].append((a, phrase))
    parent: dict[str, str] = {}
    rings = [[centre]]
    seen = {centre}
    while rings[-1]:
        ring = []
        for node in rings[-1]:
            for other, _ in adjacent[node]:
                if other not in seen:
                    seen.add(other)
                    parent[other] = node
                    ring.append(other)
        rings.append(ring)
    rings.pop()
    return parent, adjacent, rings


def focus_layout(
    centre: str,
    links: Sequence[tuple[str, str, Size]],
    sizes: Mapping[str, Size],
    positions: Mapping[str, Point],
    turn: float = 0.0,
    aspect: float = ASPECT,
    near: bool = False,
    loose: bool = False,
    gap: float = GAP,
) -> dict[str, Point]:
    """New centres for the concepts of ``sizes`` (box width, height): ``centre`` stays where
    ``positions`` has it, the rest go round it by link distance over ``links`` (source,
    target, size of its phrase; (0, 0) for none). ``positions`` (the map's) give the
    angular order, the whole turned ``turn`` radians clockwise (a close-up tries it a
    quarter turn round, see slides.Stage). ``aspect``: the rings' width over their height (a
    close-up shapes them as the screen above its caption). Concepts not linked to the centre
    through ``sizes`` keep their place. ``near``: each concept as near as it fits, not a whole
    placing step (STEP) out (a close-up tries it too, see slides.Stage). ``loose``: only the
    phrase of a concept's link to its parent must find room; those of its links to other
    concepts already placed keep later boxes off where they are free, and else fall where
    they fall. Round a hub's leaf, its neighbours' links among themselves (drugs to the
    cancers they treat) crossing the middle pushed Focus 2 on Head and neck cancer out to
    1316x1436 units, labels 6.0 px in a 1024x768 window; loose, 999x970 and 8.9 px (View >
    Focus tries it when nothing else reads, mapviewer.ui.navigation.explore). ``gap``: scene
    units kept free between boxes (View > Focus tries half of GAP last: the 28 leaves of
    Cancer immunotherapy's ring, Focus 2 on Relapse in a 1366x768 window, read 7.7 px with
    GAP and 8.5 with half).

    A centre linked to one concept only (a drug with one link) is also arranged round that
    one, then the whole moved back so the centre keeps its place, and the smaller of the two
    arrangements is kept: rings round the leaf put its one neighbour on one side and that
    neighbour's own neighbours in a ring round the leaf beyond it; Focus 2 on Low blood
    pressure spread 1768x804 units, its labels 7.6 px at fit in a 1366x768 window, and
    1335x677 round its neighbour, 10.1 px."""
    hub = _hub(centre, links, sizes)
    if hub is not None:
        placed = _radial(hub, links, sizes, positions, turn, aspect, near, loose, gap)
        (x, y), (hx, hy) = positions.get(centre, (0.0, 0.0)), placed[centre]
        arranged = {node for ring in _tree(hub, links, sizes)[2] for node in ring}
        round_hub = {
            node: (px + x - hx, py + y - hy) if node in arranged else (px, py)
            for node, (px, py) in placed.items()
        }
        round_leaf = _radial(centre, links, sizes, positions, turn, aspect, near, loose, gap)
        return min(round_leaf, round_hub, key=lambda out: _extent(out, sizes, arranged, aspect))
    return _radial(centre, links, sizes, positions, turn, aspect, near, loose, gap)


def _extent(
    placed: Mapping[str, Point], sizes: Mapping[str, Size], nodes: set[str], aspect: float
) -> float:
    """How far the arrangement of ``nodes`` spreads, in the rings' proportions: the larger of
    its width over ``aspect`` and its height."""
    left = min(placed[n][0] - sizes[n][0] / 2 for n in nodes)
    right = max(placed[n][0] + sizes[n][0] / 2 for n in nodes)
    top = min(placed[n][1] - sizes[n][1] / 2 for n in nodes)
    bottom = max(placed[n][1] + sizes[n][1] / 2 for n in nodes)
    return max((right - left) / aspect, bottom - top)


def _radial(
    centre: str,
    links: Sequence[tuple[str, str, Size]],
    sizes: Mapping[str, Size],
    positions: Mapping[str, Point],
    turn: float,
    aspect: float,
    near: bool,
    loose: bool = False,
    gap: float = GAP,
) -> dict[str, Point]:
    """focus_layout's rings round ``centre`` itself."""
    parent, adjacent, rings = _tree(centre, links, sizes)
    cx, cy = positions.get(centre, (0.0, 0.0))

    def angle(node: str) -> float:
        x, y = positions.get(node, (cx, cy))
        return math.atan2(y - cy, (x - cx) / aspect)

    wedge = _wedges(centre, parent, rings, lambda node: angle(node) + turn)
    space = _Space()
    placed: dict[str, Point] = {centre: (cx, cy)}
    radius: dict[str, float] = {centre: 0.0}
    space.take(_box(cx, cy, sizes[centre], gap / 2))
    for ring in rings[1:]:
        for node in ring:
            up = parent[node]
            ray = _Ray((cx, cy), wedge[node], radius[up], aspect, gap)
            # The phrases of its links to concepts already placed must find room too.
            ties = [
                (placed[other], sizes[other], phrase)
                for other, phrase in adjacent[node]
                if other in placed and phrase[0] > 0 and (other == up or not loose)
            ]
            extra = [
                (placed[other], sizes[other], phrase)
                for other, phrase in adjacent[node]
                if loose and other in placed and phrase[0] > 0 and other != up
            ]
            placed[node], radius[node] = ray.outward(sizes[node], ties, space, near, extra)
    for node, where in positions.items():
        if node in sizes and node not in placed:
            placed[node] = where
    return placed


def _hub(
    centre: str, links: Sequence[tuple[str, str, Size]], known: Mapping[str, Size]
) -> str | None:
    """The one concept the centre is linked to, if it is linked to exactly one."""
    others = {
        b if a == centre else a
        for a, b, _ in links
        if centre in (a, b) and a != b and a in known and b in known
    }
    return others.pop() if len(others) == 1 else None


def _wedges(
    centre: str, parent: Mapping[str, str], rings: list[list[str]], angle: Callable[[str], float]
) -> dict[str, tuple[float, float]]:
    """Each concept's share of the circle: its parent's, divided among the children in
    proportion to how much hangs off each, in their angular order on the map."""
    children: dict[str, list[str]] = defaultdict(list)
    for ring in rings[1:]:
        for node in ring:
            children[parent[node]].append(node)
    weight: dict[str, float] = {}
    for ring in reversed(rings):
        for node in ring:
            weight[node] = max(1.0, sum(weight[c] for c in children[node]))
    # Wedges: the centre's children share the circle, starting where the first one lies.
    wedge: dict[str, tuple[float, float]] = {}
    first = sorted(children[centre], key=angle)
    start = angle(first[0]) - math.pi * weight[first[0]] / weight[centre] if first else 0.0
    wedge[centre] = (start, start + 2 * math.pi)
    for ring in rings:
        for node in ring:
            low, high = wedge[node]
            mid = (low + high) / 2
            kids = sorted(children[node], key=lambda c: (angle(c) - mid + math.pi) % (2 * math.pi))
            total = sum(weight[c] for c in kids) or 1.0
            at = low
            for kid in kids:
                share = (high - low) * weight[kid] / total
                wedge[kid] = (at, at + share)
                at += share
    return wedge


class _Ray:
    """Where a concept may go: in its wedge (low, high) round ``origin``, beyond ``start``;
    the middle of the wedge first, then nearer its sides (a box a little aside is better
    than one pushed far out)."""

    def __init__(
        self,
        origin: Point,
        wedge: tuple[float, float],
        start: float,
        aspect: float,
        gap: float = GAP,
    ) -> None:
        self.origin = origin
        self.aspect = aspect
        self.gap = gap
        low, high = wedge
        width = min(high - low, math.pi / 2)
        middle = (low + high) / 2
        self.directions = [
            (math.cos(middle + f * width), math.sin(middle + f * width))
            for f in (0.0, -0.15, 0.15, -0.3, 0.3, -0.45, 0.45)
        ]
        self.start = start

    def outward(
        self,
        size: Size,
        ties: list[tuple[Point, Size, Size]],
        space: _Space,
        near: bool = False,
        extra: Sequence[tuple[Point, Size, Size]] = (),
    ) -> tuple[Point, float]:
        """The first place, outward, where the box and the phrases of its links to the
        concepts of ``ties`` (centre, box size, phrase size) meet nothing taken; it takes
        them, and the phrases of its links to ``extra`` that meet nothing there."""
        ox, oy = self.origin
        r, step = self.start + STEP, STEP

        def fits(r: float, cos: float, sin: float) -> tuple[Rect, list[Rect]] | None:
            x, y = ox + r * self.aspect * cos, oy + r * sin
            box = _box(x, y, size, self.gap / 2)
            if not space.free(box):
                return None
            labels = [_phrase((x, y), size, *tie) for tie in ties]
            if all(space.free(label) and not _meets(label, box) for label in labels):
                return box, labels
            return None

        while True:
            for cos, sin in self.directions:
                found = fits(r, cos, sin)
                if found is None:
                    continue
                # ``near``: as near as it fits between the last step and this one: a whole
                # step's slack between each ring stacked a close-up of three concepts 45 px
                # taller than it needed (why-it-fails step 6 on a 1024x768 projector).
                low = max(r - step, self.start)
                for _ in range(REFINE if near else 0):
                    middle = (low + r) / 2
                    nearer = fits(middle, cos, sin)
                    if nearer is None:
                        low = middle
                    else:
                        r, found = middle, nearer
                box, labels = found
                space.take(box)
                for label in labels:
                    space.take(label)
                x, y = ox + r * self.aspect * cos, oy + r * sin
                for tie in extra:
                    label = _phrase((x, y), size, *tie)
                    if space.free(label) and not _meets(label, box):
                        space.take(label)
                return (x, y), r
            step = max(STEP, r * GROWTH)  # far out, a few units more or less hardly show
            r += step


def _phrase(at: Point, size: Size, other: Point, other_size: Size, phrase: Size) -> Rect:
    """Where a link's phrase is drawn: halfway between the two boxes' edges."""
    sx, sy = _edge_point(*other, other_size, *at)
    ex, ey = _edge_point(*at, size, *other)
    return _box((sx + ex) / 2, (sy + ey) / 2, phrase, PHRASE_GAP)


def _meets(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
