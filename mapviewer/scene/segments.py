"""Every link of a big map as a straight segment in flat arrays: which links pass near a part
of the map, asked at C speed without an item or a grid entry per link.

A map with tens of thousands of links makes link items only where a closer zoom looks
(MapScene.show_region); finding those among 140,000 links of the 100k clustered map takes a
few array operations (milliseconds), where filing every link in a grid took seconds and
hundreds of MB.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF


class Segments:
    """Keys and the two ends of each one's segment."""

    def __init__(self, ends: Sequence[tuple[str, float, float, float, float]]) -> None:
        # Imported here: maps too small to make links by region never load numpy for this.
        import numpy as np  # noqa: PLC0415

        self._np = np
        self.keys = [end[0] for end in ends]
        xy = np.array([end[1:] for end in ends], dtype=np.float64).reshape(-1, 4)
        self.x1, self.y1, self.x2, self.y2 = xy.T
        self.left = np.minimum(self.x1, self.x2)
        self.right = np.maximum(self.x1, self.x2)
        self.top = np.minimum(self.y1, self.y2)
        self.bottom = np.maximum(self.y1, self.y2)

    def __len__(self) -> int:
        return len(self.keys)

    def near(self, rect: QRectF, margin: float) -> list[str]:
        """Keys whose segment passes within ``margin`` of ``rect`` (the rectangle grown by the
        margin meets the segment's box, and its corners are not all on one side of the line)."""
        np = self._np
        left, top = rect.left() - margin, rect.top() - margin
        right, bottom = rect.right() + margin, rect.bottom() + margin
        hit = (self.left <= right) & (left <= self.right)
        hit &= (self.top <= bottom) & (top <= self.bottom)
        index = np.flatnonzero(hit)
        if not len(index):
            return []
        x1, y1 = self.x1[index], self.y1[index]
        dx, dy = self.x2[index] - x1, self.y2[index] - y1
        sides = [dx * (cy - y1) - dy * (cx - x1) for cx in (left, right) for cy in (top, bottom)]
        low = np.minimum(np.minimum(sides[0], sides[1]), np.minimum(sides[2], sides[3]))
        high = np.maximum(np.maximum(sides[0], sides[1]), np.maximum(sides[2], sides[3]))
        keep = index[(low <= 0) & (high >= 0)]
        keys = self.keys
        return [keys[i] for i in keep]
