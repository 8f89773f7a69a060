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
_ROW = 1 << 32  # a cell (x, y) is the int x * _ROW + y: a tuple per filing cost 56 bytes
K = TypeVar("K", bound=Hashable)


def _cell_key(x: int, y: int) -> int:
    return x * _ROW + y


class GridIndex(Generic[K]):
    """Maps keys to rectangles; ``query`` returns keys whose rectangle meets a given one."""

    def __init__(self, cell: float = CELL) -> None:
        self._cell = cell
        self._cells: dict[int, set[K]] = {}
        self._rects: dict[K, tuple[float, float, float, float]] = {}
        # Cells a key was filed under when not its box's cells; most keys have no entry.
        self._filed: dict[K, list[int]] = {}
        self._oversize: builtins.set[K] = set()  # filed under no cell (see MAX_CELLS)

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
        link across a 5k map."""
        self.discard(key)
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        self._rects[key] = box
        along = None if segment is None else self._along(segment, box)
        if along is None and self._cell_count(box) > MAX_CELLS:
            self._oversize.add(key)
            return
        if along is not None:
            self._filed[key] = along
        cells = self._cells
        for cell in self._span(*box) if along is None else along:
            members = cells.get(cell)
            if members is None:
                cells[cell] = {key}
            else:
                members.add(key)

    def _cell_count(self, box: tuple[float, float, float, float]) -> int:
        c = self._cell
        columns = math.floor(box[2] / c) - math.floor(box[0] / c) + 1
        return columns * (math.floor(box[3] / c) - math.floor(box[1] / c) + 1)

    def _along(self, segment: QLineF, box: tuple[float, float, float, float]) -> list[int] | None:
        """Cells within one cell of the segment, sampled every half cell; None when the
        segment is short enough that its box's cells are as few."""
        c = self._cell
        (x1, y1), (x2, y2) = (segment.x1(), segment.y1()), (segment.x2(), segment.y2())
        width = (box[2] - box[0]) / c
        height = (box[3] - box[1]) / c
        if width * height <= 12:
            return None
        steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / (c / 2)))
        if steps > MAX_CELLS:
            return None  # too long to file cell by cell: set() keeps it aside
        found: set[int] = set()
        for index in range(steps + 1):
            t = index / steps
            cx = math.floor((x1 + (x2 - x1) * t) / c)
            cy = math.floor((y1 + (y2 - y1) * t) / c)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    found.add(_cell_key(cx + dx, cy + dy))
        return list(found)

    def discard(self, key: K) -> None:
        box = self._rects.pop(key, None)
        if box is None:
            return
        if key in self._oversize:
            self._oversize.discard(key)
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
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self._cells):
            candidates = self._rects  # the rectangle covers more cells than are occupied
        else:
            occupied: set[K] = set()
            for x in range(x0, x1 + 1):
                row = x * _ROW
                for y in range(y0, y1 + 1):
                    members = self._cells.get(row + y)
                    if members:
                        occupied |= members
            candidates = occupied | self._oversize if self._oversize else occupied
        for key in candidates:
            kl, kt, kr, kb = self._rects[key]
            if kl <= right and left <= kr and kt <= bottom and top <= kb:
                found.add(key)
        return found
