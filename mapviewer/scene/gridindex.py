"""A uniform grid of rectangles, to find the links crossing the part of the map being painted.

QGraphicsScene.items() cannot be asked from inside paint() (it returns only some items while the
scene is drawing), so the link layer keeps this index itself; updating an entry when a link
moves costs a few dictionary operations.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

from PySide6.QtCore import QLineF, QRectF

CELL = 400.0
# A key that would be filed under more cells than this is kept aside and tested on every query
# instead: a link across a map with concepts 1e7 units apart spanned millions of cells, and a
# 100k map of random long links ran out of memory here and crashed.
MAX_CELLS = 512
# A segment filed cell by cell goes under about 3 cells per half cell of its length; one that
# would take more than this many is kept aside too, in flat arrays tested at C speed. On the
# 100k clustered map, its 7,000 links across the map took 6 million cell entries (over 1 GB).
MAX_SEGMENT_CELLS = 96
# How far off its line a link kept aside may still draw (its phrase, its arrowhead): a query
# finds it when its line passes this close; the cells a filed link goes under reach as far.
SEGMENT_MARGIN = CELL
_ROW = 1 << 32  # a cell (x, y) is the int x * _ROW + y: a tuple per filing cost 56 bytes
K = TypeVar("K", bound=Hashable)


def _cell_key(x: int, y: int) -> int:
    return x * _ROW + y


# The keys of a cell's eight neighbours and its own, less its key: _cell_key(x + dx, y + dy)
# is _cell_key(x, y) + dx * _ROW + dy.
_NEIGHBOURS = tuple(dx * _ROW + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1))


class GridIndex(Generic[K]):
    """Maps keys to rectangles; ``query`` returns keys whose rectangle meets a given one."""

    def __init__(self, cell: float = CELL) -> None:
        self._cell = cell
        self._cells: dict[int, set[K]] = {}
        self._rects: dict[K, tuple[float, float, float, float]] = {}
        # Cells a key was filed under when not its box's cells; most keys have no entry.
        self._filed: dict[K, list[int]] = {}
        # Filed under no cell (see MAX_CELLS): key -> its segment, or None (its box is tested).
        self._oversize: dict[K, tuple[float, float, float, float] | None] = {}
        self._aside: _Aside[K] | None = None  # the same as arrays, made on the next query

    def __len__(self) -> int:
        return len(self._rects)

    def _span(self, left: float, top: float, right: float, bottom: float) -> Iterator[int]:
        c = self._cell
        ys = range(math.floor(top / c), math.floor(bottom / c) + 1)
        for x in range(math.floor(left / c), math.floor(right / c) + 1):
            row = x * _ROW
            for y in ys:
                yield row + y

    def set(self, key: K, rect: QRectF, segment: QLineF | None = None) -> None:
        """Insert or move ``key``. A long straight link is filed under the cells its line
        crosses rather than every cell of its bounding box: 75 cells instead of 3,000 for a
        link across a 5k map; one longer still is kept aside (MAX_SEGMENT_CELLS). A key that
        stays under the same cells keeps its filing, its rectangle alone updated: a frame of a
        layout's glide moves every link a few units, within its cells nearly always."""
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        before = self._rects.get(key)
        along = None
        if segment is not None and self._cell_count(box) > 12:
            steps = self._steps(segment)
            if 3 * (steps + 1) > MAX_SEGMENT_CELLS:
                self.discard(key)
                self._rects[key] = box
                self._set_aside(key, (segment.x1(), segment.y1(), segment.x2(), segment.y2()))
                return
            along = self._along(segment, steps)
            filed = self._filed.get(key)
            if filed is not None and before is not None and set(filed) == set(along):
                self._rects[key] = box
                return
        elif (
            before is not None
            and key not in self._filed
            and key not in self._oversize
            and self._same_cells(before, box)
        ):
            self._rects[key] = box
            return
        self.discard(key)
        self._rects[key] = box
        if along is not None:
            self._filed[key] = along
        elif self._cell_count(box) > MAX_CELLS:
            self._set_aside(key, None)
            return
        cells = self._cells
        for cell in self._span(*box) if along is None else along:
            members = cells.get(cell)
            if members is None:
                cells[cell] = {key}
            else:
                members.add(key)

    def _same_cells(
        self, one: tuple[float, float, float, float], other: tuple[float, float, float, float]
    ) -> bool:
        """Whether two boxes span the same cells (both filed by their box)."""
        c = self._cell
        return all(math.floor(a / c) == math.floor(b / c) for a, b in zip(one, other, strict=True))

    def _set_aside(self, key: K, ends: tuple[float, float, float, float] | None) -> None:
        self._oversize[key] = ends
        self._aside = None

    def _cell_count(self, box: tuple[float, float, float, float]) -> int:
        c = self._cell
        columns = math.floor(box[2] / c) - math.floor(box[0] / c) + 1
        return columns * (math.floor(box[3] / c) - math.floor(box[1] / c) + 1)

    def _steps(self, segment: QLineF) -> int:
        """Samples along a segment, one every half cell."""
        longest = max(abs(segment.x2() - segment.x1()), abs(segment.y2() - segment.y1()))
        return max(1, int(longest / (self._cell / 2)))

    def _along(self, segment: QLineF, steps: int) -> list[int]:
        """Cells within one cell of the segment, sampled every half cell."""
        c = self._cell
        (x1, y1), (x2, y2) = (segment.x1(), segment.y1()), (segment.x2(), segment.y2())
        # The cells the samples fall in first (two samples a cell), then their neighbourhoods:
        # nine set insertions per sample were most of building a 20k map's links.
        # A neighbour's key is the cell's plus a fixed offset (keys are x * _ROW + y): adding
        # those filed a 19k-link map's 14,408 straight links in 0.27 s of CPU, not 0.34 s.
        centres = {
            _cell_key(
                math.floor((x1 + (x2 - x1) * i / steps) / c),
                math.floor((y1 + (y2 - y1) * i / steps) / c),
            )
            for i in range(steps + 1)
        }
        return list({key + offset for key in centres for offset in _NEIGHBOURS})

    def members(self) -> list[K]:
        return list(self._rects)

    def discard(self, key: K) -> None:
        box = self._rects.pop(key, None)
        if box is None:
            return
        if key in self._oversize:
            del self._oversize[key]
            self._aside = None
            return
        filed = self._filed.pop(key, None)
        for cell in filed if filed is not None else self._span(*box):
            members = self._cells.get(cell)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._cells[cell]

    def clear(self) -> None:
        self._cells.clear()
        self._rects.clear()
        self._filed.clear()
        self._oversize.clear()
        self._aside = None

    def bounds(self) -> QRectF:
        """The rectangle around every key's rectangle (null when empty), from the numbers
        already held: asking 7,000 links for their sceneBoundingRect cost 15 ms."""
        if not self._rects:
            return QRectF()
        boxes = self._rects.values()
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[2] for b in boxes)
        bottom = max(b[3] for b in boxes)
        return QRectF(left, top, right - left, bottom - top)

    # ``builtins.set``: in the class body ``set`` names the method above.
    def query(self, rect: QRectF) -> builtins.set[K]:
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        c = self._cell
        x0, x1 = math.floor(left / c), math.floor(right / c)
        y0, y1 = math.floor(top / c), math.floor(bottom / c)
        found: set[K] = set()
        candidates: Iterable[K]
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self._cells) + len(self._oversize):
            candidates = self._rects  # the rectangle covers more cells than are occupied
        else:
            occupied: set[K] = set()
            for x in range(x0, x1 + 1):
                row = x * _ROW
                for y in range(y0, y1 + 1):
                    members = self._cells.get(row + y)
                    if members:
                        occupied |= members
            candidates = occupied
            if self._oversize:
                found |= self._query_aside(left, top, right, bottom)
        for key in candidates:
            kl, kt, kr, kb = self._rects[key]
            if kl <= right and left <= kr and kt <= bottom and top <= kb:
                found.add(key)
        return found

    def _query_aside(self, left: float, top: float, right: float, bottom: float) -> builtins.set[K]:
        """Keys kept aside whose box meets the rectangle and, for segments, whose line passes
        within SEGMENT_MARGIN of it: a few array operations over all of them."""
        aside = self._aside
        if aside is None:
            aside = self._aside = _Aside(self._oversize, self._rects)
        return aside.query(left, top, right, bottom)


class _Aside(Generic[K]):
    """Keys kept aside, as arrays: boxes, segments, and which keys have a segment."""

    def __init__(
        self,
        oversize: dict[K, tuple[float, float, float, float] | None],
        rects: dict[K, tuple[float, float, float, float]],
    ) -> None:
        # Imported here: the default map keeps no link aside and opens without numpy (50 ms).
        import numpy as np  # noqa: PLC0415

        self._np = np
        self.keys = list(oversize)
        self.boxes = np.array([rects[k] for k in self.keys], dtype=np.float64).reshape(-1, 4)
        ends = [oversize[k] or (0.0, 0.0, 0.0, 0.0) for k in self.keys]
        self.ends = np.array(ends, dtype=np.float64).reshape(-1, 4)
        self.plain = np.array([oversize[k] is None for k in self.keys], dtype=bool)

    def query(self, left: float, top: float, right: float, bottom: float) -> builtins.set[K]:
        np = self._np
        b = self.boxes
        hit = (b[:, 0] <= right) & (left <= b[:, 2]) & (b[:, 1] <= bottom) & (top <= b[:, 3])
        if not hit.any():
            return set()
        x1, y1, x2, y2 = self.ends.T
        dx, dy = x2 - x1, y2 - y1
        m = SEGMENT_MARGIN
        # The rectangle's corners (grown by the margin) on both sides of the line, or on it.
        sides = [
            dx * (cy - y1) - dy * (cx - x1)
            for cx in (left - m, right + m)
            for cy in (top - m, bottom + m)
        ]
        low = np.minimum(np.minimum(sides[0], sides[1]), np.minimum(sides[2], sides[3]))
        high = np.maximum(np.maximum(sides[0], sides[1]), np.maximum(sides[2], sides[3]))
        hit &= self.plain | ((low <= 0) & (high >= 0))
        return {self.keys[i] for i in np.flatnonzero(hit)}
