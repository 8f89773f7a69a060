"""Readable names for the main concepts when the map is zoomed out too far to read its labels.

At fit, a map of a hundred concepts or more draws its labels a few pixels tall: a shape of
coloured boxes, none of them named. Map makers solve this by labelling the important places
first and leaving out what would collide. Here the concepts with the most links (the current
and selected ones before all) get their name drawn at a fixed, readable screen size over their
box, in their kind's colours, as long as it overlaps no name already placed. The names follow
the view, not the scene: they are drawn on the viewport after the scene, and clicking one picks
its concept.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QTransform

from mapviewer.boxes import line_width, metrics

if TYPE_CHECKING:
    from mapviewer.model import ConceptMap
    from mapviewer.scene.mapscene import MapScene
    from mapviewer.scene.nodeitem import NodeItem
    from mapviewer.scene.style import Theme

LEGIBLE_PX = 8.0  # node labels smaller than this on screen get a readable name over them
MAX_NAME_WIDTH = 190.0  # longer names are elided
PAD_X, PAD_Y = 6.0, 3.0
GAP = 3.0  # pixels kept free between two names
EDGE = 4.0  # pixels kept free between a name and the viewport's edge
_BRACKETS = re.compile(r"\s*\([^()]*\)")
MAX_EXAMINED = 3000  # concepts looked at per frame on the biggest maps, most linked first
MAX_MISSES = 80  # ...and after this many in a row found no room, the view is full
CELL_WIDTH = 64.0  # pixels: the collision grid's cells


def wanted(theme: Theme, scale: float) -> bool:
    """Whether labels draw too small to read at this scale, so names are drawn over them."""
    return scale * theme.node_font.pointSizeF() * 96 / 72 < LEGIBLE_PX


def ranking(cmap: ConceptMap) -> list[str]:
    """Concept ids, most linked first; ties go to the shorter label (it costs less room)."""
    degree = Counter(edge.source for edge in cmap.edges)
    degree.update(edge.target for edge in cmap.edges)
    return [n.id for n in sorted(cmap.nodes, key=lambda n: (-degree[n.id], len(n.label)))]


class HubNames:
    """Chooses and draws the names; one per view, since what fits depends on the view."""

    def __init__(self) -> None:
        self.placed: list[tuple[QRectF, NodeItem, str]] = []  # viewport rect, item, text
        self._key: tuple = ()  # what the last choice was made for (see place)
        self._theme: Theme | None = None
        self._font = QFont()
        self._metrics = QFontMetricsF(self._font)
        self._accent = QPen()
        self._texts: dict[str, tuple[str, float]] = {}  # label -> (elided text, its width)

    def _use_theme(self, theme: Theme) -> None:
        self._theme = theme
        # The labels' own font at its own size (about 13 px): its word widths are measured
        # already, which keeps choosing the names out of the first frame's way.
        self._font = theme.node_font
        self._metrics = metrics(self._font)
        self._accent = QPen(theme.accent, 2.0)
        self._texts.clear()

    def _text(self, label: str) -> tuple[str, float]:
        """One line; a name too long loses its brackets first ("Immune selection
        (immunoediting)" reads as "Immune selection"), and is elided only if still too long.
        Widths come from cached word widths: measuring each label with Qt cost 9 ms a frame
        on a 1k map."""
        found = self._texts.get(label)
        if found is None:
            line = " ".join(label.split())
            width = line_width(line, self._font)
            if width > MAX_NAME_WIDTH:
                line = " ".join(_BRACKETS.sub(" ", line).split()) or line
                width = line_width(line, self._font)
            if width > MAX_NAME_WIDTH:
                line = self._metrics.elidedText(line, Qt.TextElideMode.ElideRight, MAX_NAME_WIDTH)
                width = self._metrics.horizontalAdvance(line)
            found = self._texts[label] = (line, width)
        return found

    def place(self, scene: MapScene, transform: QTransform, size: QSize) -> bool:
        """Choose the names for a viewport of ``size`` showing the scene through ``transform``
        (scale and translation, as MapView keeps it); True when they differ from the last.

        Runs on every repaint, so it works in plain floats, tests collisions in a grid of
        cells a name's height tall, and stops once names keep failing to find room."""
        scale, dx, dy = transform.m11(), transform.dx(), transform.dy()
        key = (scene, scene.revision, scale, dx, dy, size.width(), size.height())
        if key == self._key:
            return False
        self._key = key
        before, self.placed = self.placed, []
        theme = scene.theme
        if not wanted(theme, scale):
            return bool(before)
        if theme is not self._theme:
            self._use_theme(theme)
        width, height = size.width(), size.height()
        tall = self._metrics.height() + 2 * PAD_Y
        cell_w, cell_h = CELL_WIDTH, tall + GAP
        grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        items = scene.node_items
        first = scene.selection_order()
        chosen = set(first)
        misses = 0
        for examined, node_id in enumerate([*first, *scene.hub_order()]):
            if examined >= MAX_EXAMINED or misses > MAX_MISSES:
                break
            item = items.get(node_id)
            if item is None or not item.shown or (item.dimmed and node_id not in chosen):
                continue
            x, y = item.cx * scale + dx, item.cy * scale + dy
            if not (0 <= x <= width and 0 <= y <= height):
                continue
            cell = (int(x // cell_w), int(y // cell_h))
            if any(ol < x < orr and ot < y < ob for ol, ot, orr, ob in grid.get(cell, ())):
                misses += 1  # its centre is under a name already: no need to measure it
                continue
            text, text_width = self._text(item.label)
            if not text:
                continue
            w = text_width + 2 * PAD_X
            # Centred on the concept, and moved in whole from the viewport's edges.
            left = min(max(x - w / 2, EDGE), width - EDGE - w)
            top = min(max(y - tall / 2, EDGE), height - EDGE - tall)
            right, bottom = left + w, top + tall
            cells = [  # those the name and the gap around it cover
                (cx, cy)
                for cx in range(int((left - GAP) // cell_w), int((right + GAP) // cell_w) + 1)
                for cy in range(int((top - GAP) // cell_h), int((bottom + GAP) // cell_h) + 1)
            ]
            if any(
                ol < right and left < orr and ot < bottom and top < ob
                for cell in cells
                for ol, ot, orr, ob in grid.get(cell, ())
            ):
                misses += 1
                continue
            misses = 0
            box = (left - GAP, top - GAP, right + GAP, bottom + GAP)
            for cell in cells:
                grid.setdefault(cell, []).append(box)
            self.placed.append((QRectF(left, top, w, tall), item, text))
        return before != self.placed

    def draw(self, painter: QPainter) -> None:
        if not self.placed:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self._font)
        for rect, item, text in self.placed:
            style = item.style
            # Selected or lit (a found path, a focus) shows as the concept's halo does.
            painter.setPen(self._accent if item.emphasis or item.isSelected() else style.pen)
            painter.setBrush(style.brush)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(style.text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def node_at(self, pos: QPointF) -> NodeItem | None:
        """The concept whose name is under a viewport point."""
        for rect, item, _ in self.placed:
            if rect.contains(pos):
                return item
        return None
