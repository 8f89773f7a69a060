"""A uniform grid of rectangles, to find the links crossing the part of the map being painted.

QGraphicsScene.items() cannot be asked from inside paint() (it returns only some items while the
scene is drawing), so the link layer keeps this index itself; updating an entry when a link
moves costs a few dictionary operations.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator

from PySide6.QtCore import QRectF

CELL = 400.0


class GridIndex:
    """Maps keys to rectangles; ``query`` returns keys whose rectangle meets a given one."""

    def __init__(self, cell: float = CELL) -> None:
        self._cell = cell
        self._cells: dict[tuple[int, int], set[Hashable]] = {}
        self._rects: dict[Hashable, tuple[float, float, float, float]] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def _span(self, left: float, top: float, right: float, bottom: float) -> Iterator:
        c = self._cell
        for x in range(math.floor(left / c), math.floor(right / c) + 1):
            for y in range(math.floor(top / c), math.floor(bottom / c) + 1):
                yield x, y

    def set(self, key: Hashable, rect: QRectF) -> None:
        """Insert or move ``key``."""
        self.discard(key)
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        self._rects[key] = box
        for cell in self._span(*box):
            self._cells.setdefault(cell, set()).add(key)

    def discard(self, key: Hashable) -> None:
        box = self._rects.pop(key, None)
        if box is None:
            return
        for cell in self._span(*box):
            members = self._cells.get(cell)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._cells[cell]

    def clear(self) -> None:
        self._cells.clear()
        self._rects.clear()

    def query(self, rect: QRectF) -> set[Hashable]:
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        c = self._cell
        x0, x1 = math.floor(left / c), math.floor(right / c)
        y0, y1 = math.floor(top / c), math.floor(bottom / c)
        found: set[Hashable] = set()
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self._cells):
            candidates = self._rects  # the rectangle covers more cells than are occupied
        else:
            candidates = set()
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    members = self._cells.get((x, y))
                    if members:
                        candidates |= members
        for key in candidates:
            kl, kt, kr, kb = self._rects[key]
            if kl <= right and left <= kr and kt <= bottom and top <= kb:
                found.add(key)
        return found
