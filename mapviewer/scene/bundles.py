"""Links between two groups, drawn as one line with their count when the map is too far away
for any link's words to be read.

At fit, the default map's 135 links that leave their theme frame crossed the canvas as a grey
hairball over the frames' own structure: a reader could count neither what joins two themes
nor what sits inside one. A link whose phrase cannot be read says only that two things are
joined; between two frames, how many such links there are is what can be read. So every link
that runs between two outermost frames (or a frame and a concept outside any) is drawn as part
of one bundle per pair, frame edge to frame edge, as wide as the log of its count and labelled
with it. Links inside one frame, pairs joined by a single link, a selected concept's links,
every link while a selection or filter lights some, and every link of a map with fewer than
BUNDLE_FROM between groups are drawn as they are. Zoomed in until the phrases show, every link
is its own line again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF

from mapviewer.groups import BUNDLE_FROM, MIN_BUNDLE
from mapviewer.scene.groupframe import GroupItem

if TYPE_CHECKING:
    from mapviewer.scene.edgeitem import EdgeItem
    from mapviewer.scene.nodeitem import NodeItem

GRAB_PX = 4.0  # screen pixels beside a bundle's line that still point at it


@dataclass(frozen=True)
class Bundle:
    """The links between two ends (outermost frames, or concepts outside every frame)."""

    ends: tuple[str, str]  # the two ends' concept ids, in sorted order
    line: QLineF  # from the edge of one end's box or frame to the other's
    links: tuple[str, ...]  # the link ids it stands for, sorted
    color: str | None  # the links' own colour when they all share one ("#RRGGBB"), else None

    @property
    def count(self) -> int:
        return len(self.links)

    def pixel_width(self) -> float:
        """On screen, whatever the zoom: 2 links 2.5 px, 8 links 5.5 px, 32 links 8.5 px."""
        return 1.0 + 1.5 * math.log2(self.count)

    def reaches(self, point: QPointF, scale: float) -> bool:
        """Whether ``point`` (scene units) is on the line as drawn at ``scale``, or within
        GRAB_PX of it: where a click or the pointer takes the bundle."""
        return self.distance(point) * scale <= self.pixel_width() / 2 + GRAB_PX

    def distance(self, point: QPointF) -> float:
        """From ``point`` to the nearest point of the line, in scene units."""
        line = self.line
        dx, dy = line.dx(), line.dy()
        length = dx * dx + dy * dy
        t = 0.0
        if length:
            t = ((point.x() - line.x1()) * dx + (point.y() - line.y1()) * dy) / length
            t = min(1.0, max(0.0, t))
        return math.hypot(point.x() - (line.x1() + t * dx), point.y() - (line.y1() + t * dy))


def bundle(
    links: Iterable[EdgeItem], end_of: Callable[[NodeItem], NodeItem]
) -> tuple[list[Bundle], list[EdgeItem]]:
    """The bundles the links make, and the links left to draw on their own (all of them when
    fewer than BUNDLE_FROM run between groups). ``end_of`` gives the item a link's end
    belongs to (its outermost frame, or itself)."""
    pairs: dict[tuple[str, str], list[EdgeItem]] = {}
    ends: dict[str, NodeItem] = {}
    alone: list[EdgeItem] = []
    for link in links:
        first, second = end_of(link.source), end_of(link.target)
        if first is second or not (_is_frame(first) or _is_frame(second)):
            alone.append(link)  # inside one group, or between two concepts in none
            continue
        ends[first.node_id], ends[second.node_id] = first, second
        key = (min(first.node_id, second.node_id), max(first.node_id, second.node_id))
        pairs.setdefault(key, []).append(link)
    if sum(map(len, pairs.values())) < BUNDLE_FROM:
        return [], alone + [link for members in pairs.values() for link in members]
    bundles: list[Bundle] = []
    for key, members in sorted(pairs.items()):
        if len(members) < MIN_BUNDLE:
            alone.extend(members)
            continue
        colours = {m.color.name().upper() if m.color is not None else None for m in members}
        bundles.append(
            Bundle(
                key,
                _between(ends[key[0]], ends[key[1]]),
                tuple(sorted(m.edge_id for m in members)),
                colours.pop() if len(colours) == 1 else None,
            )
        )
    return bundles, alone


def redrawn(bundles: list[Bundle], ends: dict[str, NodeItem]) -> list[Bundle]:
    """``bundles`` with their lines between their ends (``ends``, by concept id) where those
    are now: which links make a bundle changes only with the map, its selection or filters,
    but its frames move in a layout's glide, and grouping every link afresh cost 2.5 ms of a
    zoom's frame on the default map. The list itself when none moved."""
    moved = []
    for item in bundles:
        line = _between(ends[item.ends[0]], ends[item.ends[1]])
        moved.append(item if line == item.line else replace(item, line=line))
    return bundles if all(a is b for a, b in zip(moved, bundles, strict=True)) else moved


def outermost_frame(
    item: NodeItem, groups_around: Callable[[str], list[str]], items: dict[str, NodeItem]
) -> NodeItem:
    """The outermost frame drawn round ``item`` (or ``item`` itself, when it is the outermost
    frame or in none): the end its links are bundled at."""
    end = item
    for group in groups_around(item.node_id):
        outer = items.get(group)
        if outer is not None and _is_frame(outer) and outer.shown:
            end = outer
    return end


def _is_frame(item: NodeItem) -> bool:
    return isinstance(item, GroupItem) and item.frame is not None


def _between(first: NodeItem, second: NodeItem) -> QLineF:
    """The line between two ends' middles, from where it leaves one's outline (a frame's
    rectangle) to where it meets the other's, as a link's own line does."""
    start = first.boundary_xy(second.cx, second.cy)
    end = second.boundary_xy(first.cx, first.cy)
    return QLineF(QPointF(*start), QPointF(*end))
