"""Groups of concepts as plain data: who contains whom, in what order to measure them, the box a
group's frame takes, and a pass that keeps a layout's groups together.

A concept's ``parent`` names the group (itself a concept) that contains it. The canvas draws a
group as a titled frame around its members, so everything here works from the members out:
innermost groups first, each frame enclosing its members' boxes and its inner groups' frames.
No Qt: layouts, importers and exporters use the same rules as the canvas.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import Final

from mapviewer.model import Node

Box = tuple[float, float, float, float]  # left, top, right, bottom in scene units

PAD: Final = 14.0  # room between a frame and the members it encloses
TITLE_HEIGHT: Final = 22.0  # the band at a frame's top that carries the group's name
# How strongly a frame with a header of the group's own colour (yEd's) tints its inside with
# that colour: as pale as yEd's group insides are under their headers.
HEADER_TINT: Final = 0.12
GAP: Final = 30.0  # room left between a group's cluster and what lies around it
# Links between two groups, too far away to be read, are drawn as one line with their count
# (the canvas's mapviewer.scene.bundles, the web page's script): a pair joined by one link
# keeps that link, it says which concepts it joins...
MIN_BUNDLE: Final = 2
# ...and fewer links than this between groups are no hairball: a canvas's 4 edges from one
# card into a group drew as a stub marked 4. The default map has 135.
BUNDLE_FROM: Final = 40
# Along a bundle, where its count may go, nearest the middle first: the middle, quarters and
# thirds (at fit, the default map's 2, 7, 14 and 17 had piled up where frames meet), then every
# twentieth of the way (names at fit took every one of those on short bundles).
COUNT_AT: Final = (
    *(0.5, 0.35, 0.65, 0.25, 0.75),
    *(0.45, 0.55, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9),
)


def parent_map(nodes: Iterable[Node]) -> dict[str, str]:
    """Each grouped concept's group, keeping only parents that are other concepts and never a
    cycle: a map that failed validation (or an import gone wrong) still draws, flat where its
    groups make no sense."""
    return valid_parents((n.id, n.parent) for n in nodes)


def valid_parents(
    pairs: Iterable[tuple[str, str | None]], ids: Container[str] | None = None
) -> dict[str, str]:
    """``parent_map`` over (id, parent) pairs, for importers that hold plain records. With
    ``ids`` (every concept's id), ``pairs`` need only list the concepts that have a parent."""
    listed = list(pairs)
    known = ids if ids is not None else {ident for ident, _ in listed}
    parents = {i: p for i, p in listed if p and p != i and p in known}
    for start in list(parents):
        seen = {start}
        current = parents.get(start)
        while current is not None:
            if current in seen:
                parents.pop(start, None)  # breaks the cycle at the concept that closes it
                break
            seen.add(current)
            current = parents.get(current)
    return parents


def concept_counts(nodes: Sequence[Node], groups: int | None = None) -> dict[str, int]:
    """How many concepts and groups a map holds, as its summaries count them: a theme frame is
    no concept to a reader (the default map said "174 concepts" for its 161 and 13 frames).
    ``groups``: their number where it is known already (a scene keeps it). A group a file
    draws at a rectangle of its own is one with no members too (own_frame): the scene frames
    it, and a canvas's bands had counted as concepts ("25 concepts · 6 groups" for 23 and 8)."""
    if groups is None:
        groups = len(set(parent_map(nodes).values()) | {n.id for n in nodes if own_frame(n)})
    return (
        {"concepts": len(nodes) - groups, "groups": groups} if groups else {"concepts": len(nodes)}
    )


def children_map(parents: Mapping[str, str]) -> dict[str, list[str]]:
    """Each group's direct members, in the order the parent map lists them (file order)."""
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    return children


def ancestors(node_id: str, parents: Mapping[str, str]) -> list[str]:
    """The groups around a concept, innermost first."""
    found: list[str] = []
    current = parents.get(node_id)
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def descendants(group: str, children: Mapping[str, Sequence[str]]) -> list[str]:
    """Every concept inside ``group`` at any depth (not the group itself)."""
    found: list[str] = []
    stack = list(reversed(children.get(group, ())))
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(children.get(current, ())))
    return found


def depth(node_id: str, parents: Mapping[str, str]) -> int:
    """How many groups contain a concept: 0 at the top."""
    return len(ancestors(node_id, parents))


def innermost_first(parents: Mapping[str, str]) -> list[str]:
    """The groups, deepest first: the order frames must be measured in, as a frame encloses the
    frames of the groups inside it."""
    groups = set(parents.values())
    return sorted(groups, key=lambda g: -depth(g, parents))


def union(boxes: Iterable[Box]) -> Box | None:
    left = top = math.inf
    right = bottom = -math.inf
    for b in boxes:
        left, top = min(left, b[0]), min(top, b[1])
        right, bottom = max(right, b[2]), max(bottom, b[3])
    if left == math.inf:
        return None
    return left, top, right, bottom


def group_box(
    member_boxes: Iterable[Box],
    pad: float = PAD,
    title_height: float = TITLE_HEIGHT,
    title_width: float = 0.0,
) -> Box | None:
    """The frame around members' boxes: ``pad`` on every side, the title band on top, and wide
    enough for the title. None for a group with nothing to enclose."""
    around = union(member_boxes)
    if around is None:
        return None
    left, top, right, bottom = around
    left, right = left - pad, right + pad
    short = title_width + 2 * pad - (right - left)
    if short > 0:
        left, right = left - short / 2, right + short / 2
    return left, top - pad - title_height, right, bottom + pad


def group_frames(
    positions: Mapping[str, tuple[float, float]],
    sizes: Mapping[str, tuple[float, float]],
    parents: Mapping[str, str],
    title_height: float = TITLE_HEIGHT,
    given: Mapping[str, Box] | None = None,
    titles: Mapping[str, float] | None = None,
) -> dict[str, Box]:
    """Every group's frame from its members' centres and sizes, innermost first so a frame
    encloses the frames inside it: what exporters write as a group's rectangle. A ``given``
    rectangle (the one a file drew the group with) is kept as kept_frame keeps it, so an
    unedited import goes back out as it came. ``titles``: a group's own title band height
    where it is not ``title_height`` (0 for a name written above the frame, Obsidian's)."""
    children = children_map(parents)
    frames: dict[str, Box] = {}
    for group in innermost_first(parents):
        boxes = [
            frames.get(m) or box_at(positions[m], sizes[m])
            for m in children[group]
            if m in positions and m in sizes
        ]
        band = (titles or {}).get(group, title_height)
        frame = kept_frame((given or {}).get(group), boxes, title_height=band)
        if frame is not None:
            frames[group] = frame
    return frames


def kept_frame(
    own: Box | None,
    member_boxes: Sequence[Box],
    title_height: float = TITLE_HEIGHT,
    title_width: float = 0.0,
) -> Box | None:
    """A group's frame where the file gave it a rectangle (``own``): that rectangle exactly
    while it holds the members below its title band and is wide enough for its title, as
    Obsidian and yEd draw a group whatever lies inside it; else stretched as far as the frame
    measured round the members reaches (a yEd header, taller here than in yEd, had covered
    the card under it). Without ``own``, the frame measured round the members (group_box).
    Measured alone, the Advanced Canvas plugin's 1200 x 675 slides shrank to their cards."""
    measured = group_box(member_boxes, title_height=title_height, title_width=title_width)
    if own is None or measured is None:
        return own or measured
    below_title = (own[0], own[1] + title_height, own[2], own[3])
    wide_enough = own[2] - own[0] >= title_width + 2 * PAD if title_width else True
    if wide_enough and all(_holds(below_title, b) for b in member_boxes):
        return own
    return union((own, measured))


def _holds(outer: Box, inner: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def innermost_holders(
    boxes: Sequence[Box | None],
    candidates: Iterable[int],
    scale: float = 1.0,
    levels: Sequence[object] | None = None,
) -> list[int | None]:
    """For each box, the smallest of ``candidates`` (indices into ``boxes``) that wholly holds
    it and is at least ``scale`` times as wide and as tall (and, with ``levels``, on the same
    level), else None. An importer's rule for groups drawn as rectangles behind their members
    (a canvas's groups, yEd's big plain nodes). Each candidate is tested against all boxes at
    once: one at a time, 50 candidates took 5 s on 100k nodes."""
    import numpy as np  # noqa: PLC0415 - only importers ask, never the first frame

    placed = [i for i, b in enumerate(boxes) if b is not None]
    found: list[int | None] = [None] * len(boxes)
    if len(placed) < 2:
        return found
    at = {index: row for row, index in enumerate(placed)}
    b = np.array([boxes[i] for i in placed], dtype=float)
    left, top, right, bottom = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    w, h = right - left, bottom - top
    codes: dict[object, int] = {}
    level = np.array([codes.setdefault(levels[i], len(codes)) if levels else 0 for i in placed])
    free = np.ones(len(placed), dtype=bool)
    rows = sorted((at[c] for c in candidates if c in at), key=lambda r: (w[r] * h[r], r))
    for f in rows:  # smallest first: the innermost holder wins
        inside = (
            free
            & (level == level[f])
            & (left[f] <= left)
            & (top[f] <= top)
            & (right <= right[f])
            & (bottom <= bottom[f])
            & (w[f] >= scale * w)
            & (h[f] >= scale * h)
        )
        inside[f] = False
        for row in np.flatnonzero(inside):
            found[placed[int(row)]] = placed[f]
        free &= ~inside
    return found


def box_at(centre: tuple[float, float], size: tuple[float, float]) -> Box:
    (x, y), (w, h) = centre, size
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def own_frame(node: Node) -> bool:
    """Whether a file draws ``node`` as a group at a rectangle of its own (``data["group"]``
    and a size), members or none: Obsidian lays groups across each other (a course's level
    bands over its subject columns), and as a card has one group only, the bands hold none,
    yet they are drawn as labelled frames behind the cards all the same."""
    return node.data.get("group") is True and bool(node.width) and bool(node.height)


def frame_ids(nodes: Sequence[Node]) -> set[str]:
    """The concepts drawn as frames: groups with members, and those a file drew at a rectangle
    of their own with none (own_frame), which the window and the page frame all the same."""
    return set(parent_map(nodes).values()) | {n.id for n in nodes if own_frame(n)}


def given_frames(
    nodes: Iterable[Node],
    positions: Mapping[str, tuple[float, float]],
    parents: Mapping[str, str],
    size: Callable[[Node], tuple[float | None, float | None]] = lambda n: (n.width, n.height),
) -> dict[str, Box]:
    """The rectangles files drew their groups as (a group's own ``size``, round where it is
    now), for group_frames' ``given``: yEd and Obsidian draw a group there whatever lies inside."""
    groups = set(parents.values())
    frames: dict[str, Box] = {}
    for node in nodes:
        if node.id in groups and node.id in positions:
            width, height = size(node)
            if width and height:
                frames[node.id] = box_at(positions[node.id], (width, height))
    return frames


def _overlap(a: Box, b: Box, gap: float) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


class _Occupied:
    """Boxes placed so far, bucketed on a grid so a free spot is found without scanning all."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box, gap: float) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor((box[0] - gap) / c), math.floor((box[2] + gap) / c) + 1):
            for j in range(math.floor((box[1] - gap) / c), math.floor((box[3] + gap) / c) + 1):
                yield i, j

    def free(self, box: Box, gap: float) -> bool:
        near = (other for key in self._keys(box, gap) for other in self.cells.get(key, ()))
        return not any(_overlap(box, other, gap) for other in near)

    def add(self, box: Box) -> None:
        for key in self._keys(box, 0.0):
            self.cells.setdefault(key, []).append(box)


def _shift(box: Box, dx: float, dy: float) -> Box:
    return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy


def _nearest_free(box: Box, occupied: _Occupied, gap: float) -> tuple[float, float]:
    """The smallest move that puts ``box`` clear of everything placed: rings of candidate
    offsets, nearest first."""
    if occupied.free(box, gap):
        return 0.0, 0.0
    step = max(min(box[2] - box[0], box[3] - box[1]) / 2, gap)
    for ring in range(1, 400):
        radius = ring * step
        count = 8 * ring
        candidates = [
            (radius * math.cos(2 * math.pi * k / count), radius * math.sin(2 * math.pi * k / count))
            for k in range(count)
        ]
        candidates.sort(key=lambda d: abs(d[1]) * 1.5 + abs(d[0]))  # sideways moves read best
        for dx, dy in candidates:
            if occupied.free(_shift(box, dx, dy), gap):
                return dx, dy
    return 0.0, 0.0  # nowhere within reach: leave it (cannot happen on a finite map)


def keep_groups_together(
    positions: Mapping[str, tuple[float, float]],
    boxes: Mapping[str, tuple[float, float]],
    parents: Mapping[str, str],
    gap: float = GAP,
    least: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions after a layout, changed so each group's members sit together in a compact
    cluster around where the layout put them, and nothing overlaps a cluster.

    ``positions`` are centres, ``boxes`` each concept's (width, height), ``parents`` as from
    parent_map. Innermost groups are packed first: rows in the layout's reading order (top to
    bottom, left to right), centred on the members' mean, so a nested group packs as one block.
    Then the top level is settled, clusters first: anything that overlaps what was placed
    before moves (with everything inside it) to the nearest free spot. A map without groups
    comes back unchanged. ``least``: the size a group's file gives its frame (Node.width and
    height), kept round its packed members so the clusters around keep clear of all of it.
    """
    result = dict(positions)
    parents = {c: p for c, p in parents.items() if c in result and p in result}
    if not parents:
        return result
    children = children_map(parents)
    extent: dict[str, Box] = {}  # a group's frame, once packed

    def outline(node_id: str) -> Box:
        return extent.get(node_id) or box_at(result[node_id], boxes.get(node_id, (60.0, 30.0)))

    def move(node_id: str, dx: float, dy: float) -> None:
        for moved in [node_id, *descendants(node_id, children)]:
            x, y = result[moved]
            result[moved] = (x + dx, y + dy)
            if moved in extent:
                extent[moved] = _shift(extent[moved], dx, dy)

    for group in innermost_first(parents):
        members = children[group]
        shapes = {m: outline(m) for m in members}
        cx = sum((b[0] + b[2]) / 2 for b in shapes.values()) / len(members)
        cy = sum((b[1] + b[3]) / 2 for b in shapes.values()) / len(members)
        packed, width, height = _pack_rows(shapes, gap)
        for member, (left, top) in packed.items():
            old = shapes[member]
            move(member, cx - width / 2 + left - old[0], cy - height / 2 + top - old[1])
        outlines = [outline(m) for m in members]
        frame = group_box(outlines)
        size = (least or {}).get(group)
        if frame is not None and size is not None:
            middle = ((frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2)
            frame = kept_frame(box_at(middle, size), outlines)
        if frame is not None:
            extent[group] = frame
            result[group] = ((frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2)

    loose = [n for n in result if n not in parents]
    loose.sort(key=lambda n: (n not in extent, -_area(outline(n))))  # clusters claim space first
    occupied = _Occupied(cell=240.0)
    for node_id in loose:
        shape = outline(node_id)
        dx, dy = _nearest_free(shape, occupied, gap if node_id in extent else gap / 2)
        if dx or dy:
            move(node_id, dx, dy)
        occupied.add(outline(node_id))
    return result


def _pack_rows(
    shapes: dict[str, Box], gap: float
) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Members in rows of a roughly square block, in reading order (top to bottom, then left to
    right, as the layout had them): each one's new top-left corner, and the block's size."""
    area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for b in shapes.values())
    row_width = math.sqrt(area) * 1.4
    order = sorted(shapes, key=lambda m: ((shapes[m][1] + shapes[m][3]) / 2, shapes[m][0]))
    packed: dict[str, tuple[float, float]] = {}
    x = y = row_height = width = 0.0
    for member in order:
        w, h = shapes[member][2] - shapes[member][0], shapes[member][3] - shapes[member][1]
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        packed[member] = (x, y)
        x += w + gap
        row_height = max(row_height, h)
        width = max(width, x - gap)
    return packed, width, y + row_height


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])
