"""Where a link runs when it must not pass under concept boxes it does not join. Pure geometry.

A link first tries the cheap shapes (a straight line, a single bow, an L or a Z of axis-aligned
segments) and checks them against the boxes found along them in a grid; only a link that all of
them leave under a box searches a grid of free corridors (the lines just outside the boxes
nearby, Hanan's grid) with A*. On the maps we ship most links pass the first check, so routing a
map costs little more than drawing it straight.

Coordinates are scene units; a rectangle is (left, top, right, bottom).
"""

from __future__ import annotations

import builtins
import heapq
import itertools
import math
from array import array
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

Point = tuple[float, float]
Rect = tuple[float, float, float, float]
K = TypeVar("K", bound=Hashable)

STRAIGHT, CURVED, ORTHOGONAL = "straight", "curved", "orthogonal"
CLEARANCE = 14.0  # routes keep this far from the boxes they go round
TOUCH = 3.0  # a path nearer than this to a box counts as passing under it
CORNER = 10.0  # radius of an orthogonal route's rounded corners
BEND_COST = 60.0  # an extra corner is worth this much length
MAX_OBSTACLES = 120  # boxes near a link beyond which the grid search is not tried
MAX_STEPS = 12_000  # grid states one search may visit before the link settles for less
# A link whose straight line crosses more boxes than this runs through a crowd no detour can
# clear cheaply (a 5k map's long links): it is drawn as in straight mode (an L if orthogonal).
MAX_CROSSED = 12
CELL = 256.0


class BoxGrid(Generic[K]):
    """Rectangles filed by the grid cells they cover, to find the few near a point or a line."""

    def __init__(self, cell: float = CELL) -> None:
        self._cell = cell
        self._cells: dict[tuple[int, int], set[K]] = {}
        self._rects: dict[K, Rect] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def rect(self, key: K) -> Rect | None:
        return self._rects.get(key)

    def _span(self, rect: Rect) -> Iterable[tuple[int, int]]:
        c = self._cell
        xs = range(math.floor(rect[0] / c), math.floor(rect[2] / c) + 1)
        for y in range(math.floor(rect[1] / c), math.floor(rect[3] / c) + 1):
            for x in xs:
                yield x, y

    def set(self, key: K, rect: Rect) -> None:
        if self._rects.get(key) == rect:
            return
        self.discard(key)
        self._rects[key] = rect
        for cell in self._span(rect):
            self._cells.setdefault(cell, set()).add(key)

    def discard(self, key: K) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        for cell in self._span(rect):
            members = self._cells.get(cell)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._cells[cell]

    def clear(self) -> None:
        self._cells.clear()
        self._rects.clear()

    # ``builtins.set``: in the class body ``set`` names the method above.
    def near(self, rect: Rect) -> builtins.set[K]:
        """Keys whose rectangle meets ``rect``."""
        left, top, right, bottom = rect
        found: builtins.set[K] = builtins.set()
        rects = self._rects
        for cell in self._span(rect):
            for key in self._cells.get(cell, ()):
                r = rects[key]
                if r[0] <= right and left <= r[2] and r[1] <= bottom and top <= r[3]:
                    found.add(key)
        return found

    def along(self, points: list[Point], pad: float) -> builtins.set[K]:
        """Keys filed in the cells within ``pad`` of the polyline (a superset of the boxes it
        meets: the caller tests the pieces). Each piece is walked a column of cells at a time,
        taking the rows its course spans across that column (plus ``pad``): a few cells per
        piece, where sampling points along it visited a block of cells per sample."""
        c = self._cell
        floor = math.floor
        cells: builtins.set[tuple[int, int]] = builtins.set()
        for p, q in itertools.pairwise(points):
            if p[0] > q[0]:
                p, q = q, p
            (x0, y0), (x1, y1) = p, q
            slope = (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0
            for column in range(floor((x0 - pad) / c), floor((x1 + pad) / c) + 1):
                # The piece's x-range within this column, widened by pad.
                left = min(max(column * c - pad, x0), x1)
                right = min(max((column + 1) * c + pad, x0), x1)
                ya, yb = y0 + slope * (left - x0), y0 + slope * (right - x0)
                if x1 == x0:
                    ya, yb = y0, y1
                low, high = min(ya, yb) - pad, max(ya, yb) + pad
                for row in range(floor(low / c), floor(high / c) + 1):
                    cells.add((column, row))
        found: builtins.set[K] = builtins.set()
        for cell in cells:
            found.update(self._cells.get(cell, ()))
        return found


def grow(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


def contains(rect: Rect, p: Point) -> bool:
    return rect[0] < p[0] < rect[2] and rect[1] < p[1] < rect[3]


def halfway(points: Sequence[Point]) -> tuple[int, Point]:
    """The piece of a line through ``points`` that holds its middle by length, and that middle:
    where the window draws a routed link's phrase and CXL puts a route's linking phrase."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    total = math.fsum(lengths)
    walked, piece = 0.0, 0
    while piece < len(lengths) - 1 and walked + lengths[piece] < total / 2:
        walked += lengths[piece]
        piece += 1
    a, b = points[piece], points[piece + 1]
    t = (total / 2 - walked) / lengths[piece] if lengths[piece] else 0.0
    return piece, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


Cubic = tuple[Point, Point, Point, Point]


def smooth_through(points: Sequence[Point]) -> list[Cubic]:
    """Cubic pieces of one smooth curve through ``points``, one piece between each two: at each
    inner point the curve runs along the line between its neighbours, each handle a third of
    its own piece long (a uniform Catmull-Rom spline overshot where the points' gaps differ,
    looping round a bend close to its box); at an end it leaves as a parabola would, so one
    point between two ends draws an arc through it, as CmapTools' 3-point curve."""
    n = len(points)
    if n < 3:
        return [(points[0], points[0], points[-1], points[-1])] if n == 2 else []

    def unit(dx: float, dy: float) -> Point:
        length = math.hypot(dx, dy)
        return (dx / length, dy / length) if length else (0.0, 0.0)

    tangents = [(0.0, 0.0)] * n
    for i in range(1, n - 1):
        (ax, ay), (bx, by) = points[i - 1], points[i + 1]
        tangents[i] = unit(bx - ax, by - ay)
    for end, inner, near in ((0, 1, 1), (n - 1, n - 2, n - 2)):
        (ex, ey), (ix, iy) = points[end], points[inner]
        chord = unit(ix - ex, iy - ey) if end == 0 else unit(ex - ix, ey - iy)
        tx, ty = tangents[near]
        tangents[end] = unit(2 * chord[0] - tx, 2 * chord[1] - ty)
    pieces: list[Cubic] = []
    for i in range(n - 1):
        a, b = points[i], points[i + 1]
        reach = math.dist(a, b) / 3
        (ux, uy), (vx, vy) = tangents[i], tangents[i + 1]
        pieces.append(
            (a, (a[0] + ux * reach, a[1] + uy * reach), (b[0] - vx * reach, b[1] - vy * reach), b)
        )
    return pieces


def segment_meets(p: Point, q: Point, rect: Rect) -> bool:
    """Does the segment p-q pass through the open rectangle (Liang-Barsky clipping)?"""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in (
        (-dx, p[0] - rect[0]),
        (dx, rect[2] - p[0]),
        (-dy, p[1] - rect[1]),
        (dy, rect[3] - p[1]),
    ):
        if edge_p == 0:
            if edge_q <= 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t1 - t0 > 1e-9


def _polyline_meets(points: list[Point], rect: Rect) -> bool:
    """Does a piece of the polyline pass through the open rectangle?"""
    for p, q in itertools.pairwise(points):
        if (
            min(p[0], q[0]) < rect[2]
            and rect[0] < max(p[0], q[0])
            and min(p[1], q[1]) < rect[3]
            and rect[1] < max(p[1], q[1])
            and segment_meets(p, q, rect)
        ):
            return True
    return False


def exit_param(p: Point, q: Point, rect: Rect) -> float:
    """The t in [0, 1] where the segment from p (inside ``rect``) toward q leaves it."""
    t = 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    if dx > 0:
        t = min(t, (rect[2] - p[0]) / dx)
    elif dx < 0:
        t = min(t, (rect[0] - p[0]) / dx)
    if dy > 0:
        t = min(t, (rect[3] - p[1]) / dy)
    elif dy < 0:
        t = min(t, (rect[1] - p[1]) / dy)
    return max(0.0, t)


def quad_points(p0: Point, c: Point, p1: Point, count: int = 16) -> list[Point]:
    out = []
    for index in range(count + 1):
        t = index / count
        a, b, w = (1 - t) * (1 - t), 2 * (1 - t) * t, t * t
        out.append((a * p0[0] + b * c[0] + w * p1[0], a * p0[1] + b * c[1] + w * p1[1]))
    return out


@dataclass
class Route:
    """A link's drawn course: ``points`` from the source box's edge to the target box's edge,
    each inner point a corner rounded with its radius (a quadratic curve through the corner),
    or, with ``control``, one bow from the first point to the last."""

    points: list[Point]
    radii: list[float] = field(default_factory=list)
    control: Point | None = None

    def polyline(self) -> list[Point]:
        """The course as short straight pieces: what is checked against boxes."""
        if self.control is not None:
            return quad_points(self.points[0], self.control, self.points[-1])
        pts = self.points
        out = [pts[0]]
        for index in range(1, len(pts) - 1):
            radius = self.radii[index - 1] if index - 1 < len(self.radii) else 0.0
            corner = pts[index]
            if radius <= 0:
                out.append(corner)
                continue
            before, after = (
                toward(corner, pts[index - 1], radius),
                toward(corner, pts[index + 1], radius),
            )
            out.extend(quad_points(before, corner, after, 6))
        out.append(pts[-1])
        return out


# What route() gives, without its search, for a link no cheap shape clears: one object, told
# apart by identity.
SEARCH_LATER: Final = Route([])


def toward(p: Point, q: Point, distance: float) -> Point:
    """The point ``distance`` from p on the way to q."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy) or 1.0
    return p[0] + dx / length * distance, p[1] + dy / length * distance


class Surroundings(Generic[K]):
    """The boxes a link must keep clear of: every box in ``grid`` but its own two, and any that
    holds one of its ends (a group's frame around a concept)."""

    def __init__(self, grid: BoxGrid[K], own: Iterable[K], ends: tuple[Point, Point]) -> None:
        self.grid = grid
        self.own = set(own)
        self.ends = ends
        # One link asks about the same boxes hundreds of times (each bow, detour and shortcut
        # it tries): whether a box counts is worked out once per box.
        self._kept_rects: dict[K, Rect | None] = {}
        # The boxes that blocked the last courses tried, most recent first: the next course
        # tried mostly runs into one of them too, found without looking along its whole length.
        self._blockers: list[Rect] = []

    def _kept(self, key: K) -> Rect | None:
        known = self._kept_rects
        if key in known:
            return known[key]
        rect = None if key in self.own else self.grid.rect(key)
        if rect is not None and (contains(rect, self.ends[0]) or contains(rect, self.ends[1])):
            rect = None
        known[key] = rect
        return rect

    def hit(self, points: list[Point], margin: float = TOUCH) -> bool:
        """Does the polyline pass within ``margin`` of a box it must keep clear of?"""
        blockers = self._blockers
        for index, rect in enumerate(blockers):
            if _polyline_meets(points, grow(rect, margin)):
                if index:
                    blockers.insert(0, blockers.pop(index))
                return True
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        bounds = (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)
        if (bounds[2] - bounds[0]) * (bounds[3] - bounds[1]) > 4 * CELL * CELL:
            # A long course: only the cells along it, not every box in its bounding box.
            kept = (self._kept(key) for key in self.grid.along(points, margin))
            rects = [r for r in kept if r is not None]
        else:
            rects = self.within(bounds)
        if not rects:
            return False
        grown = [grow(r, margin) for r in rects]
        for p, q in itertools.pairwise(points):
            left, right = min(p[0], q[0]), max(p[0], q[0])
            top, bottom = min(p[1], q[1]), max(p[1], q[1])
            for index, r in enumerate(grown):
                near = r[0] < right and left < r[2] and r[1] < bottom and top < r[3]
                if near and segment_meets(p, q, r):
                    blockers.insert(0, rects[index])
                    del blockers[4:]
                    return True
        return False

    def crossed(self, p: Point, q: Point) -> int:
        """How many boxes the segment p-q passes under."""
        count = 0
        for key in self.grid.along([p, q], TOUCH):
            rect = self._kept(key)
            if rect is not None and segment_meets(p, q, grow(rect, TOUCH)):
                count += 1
        return count

    def within(self, rect: Rect) -> list[Rect]:
        found = []
        for key in self.grid.near(rect):
            kept = self._kept(key)
            if kept is not None:
                found.append(kept)
        return found


def clip_ends(points: list[Point], start_box: Rect, end_box: Rect) -> list[Point]:
    """The polyline from where it leaves ``start_box`` to where it enters ``end_box``."""
    pts = list(points)
    while len(pts) > 2 and contains(start_box, pts[1]):
        pts.pop(0)
    t = exit_param(pts[0], pts[1], start_box) if contains(start_box, pts[0]) else 0.0
    pts[0] = (pts[0][0] + (pts[1][0] - pts[0][0]) * t, pts[0][1] + (pts[1][1] - pts[0][1]) * t)
    while len(pts) > 2 and contains(end_box, pts[-2]):
        pts.pop()
    if contains(end_box, pts[-1]):
        t = exit_param(pts[-1], pts[-2], end_box)
        a, b = pts[-1], pts[-2]
        pts[-1] = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
    return pts


def _simplify(points: list[Point]) -> list[Point]:
    """Without repeated points and without corners that are no turn."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 1e-6 and abs(out[-1][1] - p[1]) < 1e-6:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            cross = (b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0])
            if abs(cross) < 1e-6:
                out[-1] = p
                continue
        out.append(p)
    return out


def _length(points: list[Point]) -> float:
    return sum(math.dist(p, q) for p, q in itertools.pairwise(points))


def rounded(points: list[Point], radius: float) -> Route:
    """Corners rounded with ``radius``, less where a side is too short for it."""
    radii = []
    for index in range(1, len(points) - 1):
        before = math.dist(points[index - 1], points[index])
        after = math.dist(points[index], points[index + 1])
        # The end pieces keep room for the arrowhead; inner sides are shared by two corners.
        room_before = before - 14 if index == 1 else before / 2
        room_after = after - 14 if index == len(points) - 2 else after / 2
        radii.append(max(0.0, min(radius, room_before, room_after)))
    return Route(points, radii)


def offset(points: list[Point], by: float) -> list[Point]:
    """The polyline moved ``by`` to its left (a lane beside it), corners mitred."""
    if not by or len(points) < 2:
        return list(points)
    normals = []
    for p, q in itertools.pairwise(points):
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy) or 1.0
        normals.append((dy / length, -dx / length))
    out = [(points[0][0] + normals[0][0] * by, points[0][1] + normals[0][1] * by)]
    for index in range(1, len(points) - 1):
        a, b = normals[index - 1], normals[index]
        mx, my = a[0] + b[0], a[1] + b[1]
        scale = by / max(0.2, 1 + a[0] * b[0] + a[1] * b[1])
        out.append((points[index][0] + mx * scale, points[index][1] + my * scale))
    last = normals[-1]
    out.append((points[-1][0] + last[0] * by, points[-1][1] + last[1] * by))
    return out


# --- the two routed modes -----------------------------------------------------------------------


def route(
    mode: str,
    start_box: Rect,
    end_box: Rect,
    around: Surroundings[K],
    lane: float = 0.0,
    search: bool = True,
) -> Route | None:
    """The course of a link from ``start_box`` to ``end_box`` in ``mode``, or None when a
    straight line from centre to centre passes under no other box (the caller draws it as
    today). ``lane`` moves the course sideways, to its left: links between the same two
    concepts take a lane each so they are drawn apart. Two boxes on top of each other (a
    layout's frame half-way, a paste) have no course: None, drawn straight, where a course of
    one point broke the drawing of the link.

    Without ``search``, a link that no cheap shape clears gets SEARCH_LATER instead of a
    course: the detours and the grid search are most of the time routing takes (the default
    map's 37 such links, 110 of its 135 ms), which a window's first frame need not wait for."""
    course = _route(mode, start_box, end_box, around, lane, search)
    if course is SEARCH_LATER:
        return course
    if course is not None and course.control is None and len(course.points) < 2:
        return None
    return course


def _route(
    mode: str,
    start_box: Rect,
    end_box: Rect,
    around: Surroundings[K],
    lane: float,
    search: bool,
) -> Route | None:
    a = _centre(start_box)
    b = _centre(end_box)
    crowd = around.crossed(a, b) > MAX_CROSSED
    if mode == ORTHOGONAL:
        if crowd:
            return rounded(
                _simplify(clip_ends(offset([a, (b[0], a[1]), b], lane), start_box, end_box)), CORNER
            )
        return _orthogonal(a, b, start_box, end_box, around, lane, search)
    if crowd:
        return _bow(a, b, start_box, end_box, 2 * lane) if lane else None
    straight = clip_ends([a, b], start_box, end_box)
    if not lane and not around.hit(straight):
        return None
    return _curved(a, b, start_box, end_box, around, lane, search)


def _centre(rect: Rect) -> Point:
    return (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2


def _bow(a: Point, b: Point, start_box: Rect, end_box: Rect, sideways: float) -> Route:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = dy / length, -dx / length  # the left-hand normal with y pointing down
    control = ((a[0] + b[0]) / 2 + nx * sideways, (a[1] + b[1]) / 2 + ny * sideways)
    start = clip_ends([a, control], start_box, (0, 0, 0, 0))[0]
    end = clip_ends([control, b], (0, 0, 0, 0), end_box)[-1]
    return Route([start, end], [], control)


def _curved(
    a: Point,
    b: Point,
    start_box: Rect,
    end_box: Rect,
    around: Surroundings[K],
    lane: float,
    search: bool = True,
) -> Route:
    """One bow if a bow of moderate depth clears the boxes, else the grid's course with its
    corners cut by line of sight and rounded wide."""
    length = math.dist(a, b)
    first = 2 * lane
    step = 2 * max(abs(lane), 17.0) * 2
    sides = (1.0, -1.0) if lane >= 0 else (-1.0, 1.0)
    candidates = [first]
    k = 1
    while k * step <= max(0.9 * length, 120.0) and k <= 4:
        candidates += [first + side * k * step for side in sides]
        k += 1
    for sideways in candidates:
        bow = _bow(a, b, start_box, end_box, sideways)
        if not around.hit(bow.polyline()):
            return bow
    if not search:
        return SEARCH_LATER
    # Round the boxes as an orthogonal course would, then cut its corners and round them wide.
    course = _cheapest(_detours(a, b, start_box, end_box, around), start_box, end_box, around, 0)
    if course is None:
        course = _grid_course(a, b, start_box, end_box, around, CLEARANCE + abs(lane))
    if course is None:
        return _bow(a, b, start_box, end_box, first)
    course = offset(_pull(course, around, abs(lane)), lane)
    points = _simplify(clip_ends(course, start_box, end_box))
    for radius in (90.0, 45.0, 20.0, 0.0):
        shaped = rounded(points, radius)
        if not around.hit(shaped.polyline()):
            return shaped
    return rounded(points, 0.0)


def _pull(points: list[Point], around: Surroundings[K], lane: float) -> list[Point]:
    """Cut corners where a straight piece clears the boxes: an any-angle course."""
    out = [points[0]]
    index = 0
    while index < len(points) - 1:
        far = len(points) - 1
        while far > index + 1 and around.hit([points[index], points[far]], CLEARANCE / 2 + lane):
            far -= 1
        out.append(points[far])
        index = far
    return out


def _orthogonal(
    a: Point,
    b: Point,
    start_box: Rect,
    end_box: Rect,
    around: Surroundings[K],
    lane: float,
    search: bool = True,
) -> Route:
    """The first clear of: a straight run where the boxes face each other, an L, a Z; else the
    grid's course; corners rounded."""
    candidates: list[list[Point]] = []
    lo, hi = max(start_box[0], end_box[0]), min(start_box[2], end_box[2])
    if hi - lo > 8:
        x = (lo + hi) / 2
        candidates.append([(x, a[1]), (x, b[1])])
    lo, hi = max(start_box[1], end_box[1]), min(start_box[3], end_box[3])
    if hi - lo > 8:
        y = (lo + hi) / 2
        candidates.append([(a[0], y), (b[0], y)])
    mid_x, mid_y = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    candidates += [
        [a, (b[0], a[1]), b],
        [a, (a[0], b[1]), b],
        [a, (a[0], mid_y), (b[0], mid_y), b],
        [a, (mid_x, a[1]), (mid_x, b[1]), b],
    ]
    best = _cheapest(candidates, start_box, end_box, around, lane)
    if best is None and not search:
        return SEARCH_LATER
    if best is None:
        best = _cheapest(
            _detours(a, b, start_box, end_box, around), start_box, end_box, around, lane
        )
    if best is not None:
        return rounded(best, CORNER)
    course = _grid_course(a, b, start_box, end_box, around, CLEARANCE + abs(lane))
    if course is None:
        course = candidates[-2] if len(candidates) >= 2 else [a, b]
    points = _simplify(clip_ends(offset(course, lane), start_box, end_box))
    return rounded(points, CORNER)


def _cheapest(
    candidates: list[list[Point]],
    start_box: Rect,
    end_box: Rect,
    around: Surroundings[K],
    lane: float,
) -> list[Point] | None:
    """The shortest (corners counted) of the courses that pass under no box. Costs are cheap
    and the box test is not, so the courses are tested cheapest first (a stable sort: of equal
    costs the first given wins) and the first clear one is the answer."""
    priced: list[tuple[float, list[Point]]] = []
    for course in candidates:
        points = _simplify(clip_ends(offset(course, lane), start_box, end_box))
        if len(points) < 2 or _backtracks(points):
            continue
        priced.append((_length(points) + BEND_COST * (len(points) - 2), points))
    priced.sort(key=lambda pair: pair[0])
    for _, points in priced:
        if not around.hit(rounded(points, CORNER).polyline()):
            return points
    return None


def _detours(
    a: Point, b: Point, start_box: Rect, end_box: Rect, around: Surroundings[K]
) -> list[list[Point]]:
    """Zs and Us whose middle runs just outside a box near the link."""
    region = (
        min(start_box[0], end_box[0]) - 80,
        min(start_box[1], end_box[1]) - 80,
        max(start_box[2], end_box[2]) + 80,
        max(start_box[3], end_box[3]) + 80,
    )
    walls = [grow(r, CLEARANCE) for r in around.within(region)]
    xs = {w[0] for w in walls} | {w[2] for w in walls}
    ys = {w[1] for w in walls} | {w[3] for w in walls}
    xs |= {start_box[0] - CLEARANCE, start_box[2] + CLEARANCE}
    ys |= {start_box[1] - CLEARANCE, start_box[3] + CLEARANCE}
    # Of two detours of one cost the first listed wins (a Z's length is the same wherever its
    # middle runs between the ends), so they are listed in a fixed order, the middle nearest the
    # ends' midway first: in a set's order, which follows the boxes' hashes, the same map drew
    # some links differently from run to run.
    mid_x, mid_y = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    courses = [[a, (x, a[1]), (x, b[1]), b] for x in sorted(xs, key=lambda x: (abs(x - mid_x), x))]
    courses += [[a, (a[0], y), (b[0], y), b] for y in sorted(ys, key=lambda y: (abs(y - mid_y), y))]
    return courses


def _backtracks(points: list[Point]) -> bool:
    """A course whose first or last piece doubles back over the next: it left the box the
    wrong way round (a Z whose middle lies inside an end box)."""
    if len(points) < 3:
        return False

    def reverse(p: Point, q: Point, r: Point) -> bool:
        return (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]) < -1e-6

    return reverse(*points[:3]) or reverse(*points[-3:])


def _grid_course(
    a: Point,
    b: Point,
    start_box: Rect,
    end_box: Rect,
    around: Surroundings[K],
    clearance: float,
) -> list[Point] | None:
    """The shortest course with few corners along the lines just outside nearby boxes (A* over
    their Hanan grid), from centre to centre; None when the boxes wall an end in or are too
    many to search."""
    # Closely packed boxes leave gaps narrower than twice the clearance: then closer to them.
    for pad, keep in ((160.0, clearance), (160.0, TOUCH + 2), (480.0, TOUCH + 2)):
        region = (
            min(start_box[0], end_box[0]) - pad,
            min(start_box[1], end_box[1]) - pad,
            max(start_box[2], end_box[2]) + pad,
            max(start_box[3], end_box[3]) + pad,
        )
        rects = around.within(region)
        if len(rects) > MAX_OBSTACLES:
            return None
        walls = [grow(r, keep) for r in rects]
        walls = [w for w in walls if not contains(w, a) and not contains(w, b)]
        course = _astar(a, b, walls, region)
        if course is not None:
            return course
    return None


def _astar(a: Point, b: Point, walls: list[Rect], region: Rect) -> list[Point] | None:  # noqa: C901
    xs = sorted({a[0], b[0], region[0], region[2]} | {w[0] for w in walls} | {w[2] for w in walls})
    ys = sorted({a[1], b[1], region[1], region[3]} | {w[1] for w in walls} | {w[3] for w in walls})
    xi = {x: i for i, x in enumerate(xs)}
    yi = {y: i for i, y in enumerate(ys)}
    nx, ny = len(xs), len(ys)
    to_right, to_left, to_down, to_up = _closed(walls, xi, yi, nx, ny)
    start, goal = xi[a[0]] * ny + yi[a[1]], xi[b[0]] * ny + yi[b[1]]
    # A state is grid point * 5 + direction of arrival (0 right, 1 left, 2 down, 3 up; 4: none
    # yet, the start); turning costs BEND_COST. Flat arrays, not dicts of tuples, and the four
    # steps written out (not looped over: hence the noqa) with what they need looked up, not
    # worked out: the search's inner loop is most of the time routing a map takes.
    best = array("d", [math.inf]) * (nx * ny * 5)
    came = array("q", [-1]) * (nx * ny * 5)
    first = start * 5 + 4
    best[first] = 0.0
    # The cheapest arrival at each point, whatever the heading: an arrival dearer than that by
    # more than a turn can only lead where that one leads more cheaply, so it is not searched.
    low = array("d", [math.inf]) * (nx * ny)
    low[start] = 0.0
    wide, tall, to_x, to_y, side_x, side_y = _distances(xs, ys, b)
    turns = [
        [[_turns_left(h, sx - 1.0, sy - 1.0) for sy in range(3)] for sx in range(3)]
        for h in range(4)
    ]
    # What turning costs, by the heading arrived with and the heading left with.
    bends = [[0.0 if d in (4, nd) else BEND_COST for nd in range(4)] for d in range(5)]
    push, pop = heapq.heappush, heapq.heappop
    # Ties go to the state furthest along (-cost first): a grid has many courses of one length.
    heap: list[tuple[float, float, int]] = [(0.0, 0.0, first)]
    budget = MAX_STEPS
    while heap and budget:
        budget -= 1
        _, cost, state = pop(heap)
        cost = -cost
        if cost > best[state]:
            continue
        point, d = divmod(state, 5)
        if point == goal:
            return _unwind(state, came, xs, ys, ny)
        i, j = divmod(point, ny)
        bend = bends[d]
        # Each sum in the order it always had: a rounding apart changes which tie wins.
        if to_right[point]:
            new_cost = cost + wide[i] + bend[0]
            key = (point + ny) * 5
            if new_cost < best[key] and new_cost <= low[point + ny] + BEND_COST:
                best[key], came[key] = new_cost, state
                if new_cost < low[point + ny]:
                    low[point + ny] = new_cost
                guess = new_cost + to_x[i + 1] + to_y[j] + turns[0][side_x[i + 1]][side_y[j]]
                push(heap, (guess, -new_cost, key))
        if to_left[point]:
            new_cost = cost + wide[i - 1] + bend[1]
            key = (point - ny) * 5 + 1
            if new_cost < best[key] and new_cost <= low[point - ny] + BEND_COST:
                best[key], came[key] = new_cost, state
                if new_cost < low[point - ny]:
                    low[point - ny] = new_cost
                guess = new_cost + to_x[i - 1] + to_y[j] + turns[1][side_x[i - 1]][side_y[j]]
                push(heap, (guess, -new_cost, key))
        if to_down[point]:
            new_cost = cost + tall[j] + bend[2]
            key = (point + 1) * 5 + 2
            if new_cost < best[key] and new_cost <= low[point + 1] + BEND_COST:
                best[key], came[key] = new_cost, state
                if new_cost < low[point + 1]:
                    low[point + 1] = new_cost
                guess = new_cost + to_x[i] + to_y[j + 1] + turns[2][side_x[i]][side_y[j + 1]]
                push(heap, (guess, -new_cost, key))
        if to_up[point]:
            new_cost = cost + tall[j - 1] + bend[3]
            key = (point - 1) * 5 + 3
            if new_cost < best[key] and new_cost <= low[point - 1] + BEND_COST:
                best[key], came[key] = new_cost, state
                if new_cost < low[point - 1]:
                    low[point - 1] = new_cost
                guess = new_cost + to_x[i] + to_y[j - 1] + turns[3][side_x[i]][side_y[j - 1]]
                push(heap, (guess, -new_cost, key))
    return None


def _distances(
    xs: list[float], ys: list[float], goal: Point
) -> tuple[list[float], list[float], list[float], list[float], list[int], list[int]]:
    """The grid's column widths and row heights, each line's distance from the goal, and on
    which side of the goal it lies (0 before, 1 on, 2 after: all _turns_left looks at)."""
    gx, gy = goal
    return (
        [xs[i + 1] - xs[i] for i in range(len(xs) - 1)],
        [ys[j + 1] - ys[j] for j in range(len(ys) - 1)],
        [abs(gx - x) for x in xs],
        [abs(gy - y) for y in ys],
        [(gx > x) - (gx < x) + 1 for x in xs],
        [(gy > y) - (gy < y) + 1 for y in ys],
    )


def _turns_left(heading: int, dx: float, dy: float) -> float:
    """The fewest corners (as cost) still needed to reach a goal ``dx``, ``dy`` away while
    heading right (0), left (1), down (2) or up (3): a lower bound, so A* stays exact, and with
    corners priced at BEND_COST it stops the search fanning out over the many courses of one
    length (the default map's hardest links needed 4,000-100,000 states without it)."""
    along, across = (dx, dy) if heading < 2 else (dy, dx)
    toward = along > 0 if heading in (0, 2) else along < 0
    if across == 0:
        return 0.0 if toward or along == 0 else 2 * BEND_COST
    return BEND_COST if toward or along == 0 else 2 * BEND_COST


def _closed(
    walls: list[Rect], xi: dict[float, int], yi: dict[float, int], nx: int, ny: int
) -> tuple[bytearray, bytearray, bytearray, bytearray]:
    """Where each grid point (by index) may step: right, left, down, up. A step is shut when it
    leaves the grid or its piece's middle is inside a wall (which shuts every step onto a point
    inside a wall too)."""
    right = bytearray(b"\x01") * (nx * ny)
    down = bytearray(b"\x01") * (nx * ny)
    for w in walls:
        i0, i1, j0, j1 = xi[w[0]], xi[w[2]], yi[w[1]], yi[w[3]]
        for i in range(i0, i1 + 1):
            row = i * ny
            if i < i1 and j0 + 1 < j1:  # the pieces from (i, j) rightward, j0 < j < j1
                right[row + j0 + 1 : row + j1] = bytes(j1 - j0 - 1)
            if i0 < i < i1:  # the pieces from (i, j) downward, j0 <= j < j1
                down[row + j0 : row + j1] = bytes(j1 - j0)
    right[(nx - 1) * ny :] = bytes(ny)  # the last column steps right off the grid
    for i in range(nx):
        down[i * ny + ny - 1] = 0  # the last row steps down off the grid
    # A step left from (i, j) is the step right from (i - 1, j), taken back; up, likewise.
    left = bytearray(ny) + right[: (nx - 1) * ny]
    up = bytearray(1) + down[:-1]
    for i in range(nx):
        up[i * ny] = 0
    return right, left, down, up


def _unwind(state: int, came: array[int], xs: list[float], ys: list[float], ny: int) -> list[Point]:
    points = []
    while state >= 0:
        i, j = divmod(state // 5, ny)
        points.append((xs[i], ys[j]))
        state = came[state]
    points.reverse()
    return _simplify(points)
