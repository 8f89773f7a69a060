"""Readable names for the main concepts when the map is zoomed out too far to read its labels.

At fit, a map of a hundred concepts or more draws its labels a few pixels tall: a shape of
coloured boxes, none of them named. Map makers solve this by labelling the important places
first and leaving out what would collide. Here the concepts with the most links (the selected
ones before all, then the FIRST_HUBS most linked, then the theme frames' titles, then each
theme's most linked concept, then the rest) get their name drawn at a fixed, readable screen
size over their box, in their kind's colours and shape. A name never covers another name nor
another concept's box: a long name wraps to two lines before it is shortened, one that still
finds no room is left out, and a selected concept is always named, beside its box with a thin
leader when its own place is taken (a selected theme frame by its title), and never over
another name: on two lines, across a corner, farther out, shortened, and last in the nearest
gap anywhere in the view. A leader crosses no name and not the focus question (the heading over
the map), and no name placed after it hides it. The names follow the view, not the scene: they
are drawn on the viewport after the scene, and clicking one picks its concept.

Cost: ``place`` runs on every repaint whose camera or scene changed, so it is budgeted. The
shown boxes are filed once per scene revision in a grid of scene cells; each name then looks
only at the cells it would cover, and the search stops after MAX_EXAMINED concepts or
MAX_MISSES failures in a row. bench/run.py times the repaints; place itself costs about 1 ms on
the default map and under 10 ms on the 1k and 5k maps at fit.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem

from mapviewer.boxes import break_lines, line_width, metrics, shape_padding
from mapviewer.routing import segment_meets
from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.nodeitem import MIN_READABLE_PX
from mapviewer.scene.style import shape_path

if TYPE_CHECKING:
    from mapviewer.model import ConceptMap
    from mapviewer.scene.mapscene import MapScene
    from mapviewer.scene.nodeitem import NodeItem
    from mapviewer.scene.style import KindStyle, Theme

LEGIBLE_PX = 8.0  # node labels smaller than this on screen get a readable name over them
MAX_NAME_WIDTH = 170.0  # a longer name wraps to two lines, and only then is elided...
# ...unless two lines this wide hold it: "Tumour microenvironment manipulation" needs three of
# 170 px and read "Tumour / microenvironment m…"; two of 194 px hold it whole.
WIDE_NAME_WIDTH = 1.25 * MAX_NAME_WIDTH
PAD_X, PAD_Y = 6.0, 3.0
GAP = 3.0  # pixels kept free between a name and another name or another concept's box
EDGE = 4.0  # pixels kept free between a name and the viewport's edge
# A rounded name's corners (pixels): a name is about 19 px tall, so the boxes' 9 would draw it as
# a pill, and Therapy's names (rounded) looked like Drug's (pill).
NAME_RADIUS = 4.0
LEADER_GAP = 6.0  # pixels between a selected concept's box and its name placed beside it
_BRACKETS = re.compile(r"\s*\([^()]*\)")
# A name's short form in its brackets, an acronym: "Cytokine release syndrome (CRS)"
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9-]{1,7})\)\s*$")
BESIDE_UP_TO = 40  # the first this many names may sit beside their box, with a leader...
FAR_UP_TO = 10  # ...and the this many most linked concepts' names a little farther
# A selected name with no free place near its box is tried this many steps out, and across
# its corners; only then shortened, to these widths (pixels), before it may hide another.
SELECTED_STEPS = 8
SHORTER_PX, SHORTEST_PX = 110.0, 70.0
# Up to this many selected names are kept apart (two lines, corners, farther out, shortened,
# the nearest gap); more than that, each takes the nearest of its usual places that hides the
# fewest, as before: Select All at fit (174 names, more than the view holds) took 15 s a frame.
SELECTED_APART = 60
GAP_TRIES = 1500  # places one search for the nearest gap tries
MAX_EXAMINED = 3000  # concepts looked at per frame on the biggest maps, most linked first
MAX_MISSES = 80  # ...and after this many in a row found no room, the view is full...
MAX_TESTS = 400  # ...or after this many places were tried for them
FIRST_HUBS = 6  # the most linked concepts, named before the frames' titles
# A main concept or a frame's title that finds no room at the usual size is tried again at these
# shares of it, the last LEGIBLE_PX tall (10 pt -> 8 pt -> 6 pt, 8 px at 96 dpi): in a 1024x768
# window (a 4:3 projector) 4 of the default map's 11 main concepts and 4 of its 13 frames went
# unnamed at fit, amid boxes too close together for a name of the usual size.
SMALL_SHARES = (0.8, 0.6)
# A concept of this many links or more is a main one: named at fit like the FIRST_HUBS, in the
# nearest free place when its own is taken. Ipilimumab, Immune cells and Immune system (11
# links each) went unnamed at every size while concepts of 4 links were named.
MAIN_LINKS = 10
# ...among this many most linked: each main concept left out costs a search for the nearest
# gap, and the synthetic 5k map has 104 concepts of 10 links or more (place took 196 ms at fit
# for them, 8 before).
MAIN_UP_TO = 15
# A concept of this many links or more among them is named at fit too, after every other name
# (so it costs none), in the nearest free place or smaller: "PD-1", the checkpoint the first
# tour is about, and "Adoptive cell therapy" (9 links each) went unnamed at every size, their
# few places beside their boxes taken by the titles and the themes' centres.
KEY_LINKS = 8
GAP_REACH = 1 / 3  # ...and, with no room by their box, up to this much of the view's side off
# Pixels at most between a concept's box and its name set beside it (a selected concept's aside,
# it must be named). Farther, the name reads as a concept of that place, its leader as a link:
# at fit in a 1366x768 window, "Resistance to immunotherapy" went 438 pixels right of its box,
# the seventh step out to that side, and T cells 309 to the left.
NEAR_PX = 120.0
# ...and, still finding none, in the nearest free place up to this many pixels from its box or
# frame, with a leader: amid that map's small boxes there was none within NEAR_PX.
AFAR_PX = 2.5 * NEAR_PX
CLEAR_WORK = 10_000  # things in the way looked at by one search for a free place near a box
CROWD = 400  # ...and amid more things than this, a grid of places is tried instead...
CLEAR_TRIES = 600  # ...at most this many, nearest first
# What hiding the focus question costs a selected concept's name (or its leader) against hiding
# boxes: more than any place near its box could hide, so only when every place hides it.
HEADING_COST = 1000
SLACK = 0.01  # pixels a place is kept further off what it must not meet, against rounding
CELL_WIDTH = 64.0  # pixels: the names' collision grid's cells
BOX_CELL = 256.0  # scene units: the boxes' grid's cells

Rect = tuple[float, float, float, float]  # left, top, right, bottom


def wanted(label_px: float, scale: float) -> bool:
    """Whether labels draw too small to read at this scale, so names are drawn over them:
    ``label_px`` is how high most of the map's labels are at zoom 1 (MapScene.label_px)."""
    return scale * label_px < LEGIBLE_PX


def ranking(cmap: ConceptMap) -> list[str]:
    """Concept ids, most linked first; ties go to the shorter label (it costs less room)."""
    degree = _degrees(cmap)
    return [n.id for n in sorted(cmap.nodes, key=lambda n: (-degree[n.id], len(n.label)))]


def main_hubs(cmap: ConceptMap, links: int = MAIN_LINKS) -> list[str]:
    """The concepts of ``links`` links or more among the MAIN_UP_TO most linked, most linked
    first: each is named at fit, as the few most linked are, in the nearest free place if need
    be (those of KEY_LINKS after every other name)."""
    degree = _degrees(cmap)
    return [n for n in ranking(cmap)[:MAIN_UP_TO] if degree[n] >= links]


def _degrees(cmap: ConceptMap) -> Counter[str]:
    degree = Counter(edge.source for edge in cmap.edges)
    degree.update(edge.target for edge in cmap.edges)
    return degree


class _Boxes:
    """Every shown concept's box in scene units, filed in a grid: a name asks only the cells
    it covers whether it would hide a concept. Built when concepts move, resize, show or
    hide, not per frame nor when they fade (hovering fades half the map): panning and
    zooming move the names, not the boxes."""

    def __init__(self, scene: MapScene) -> None:
        cells: dict[tuple[int, int], list[tuple[float, float, float, float, QGraphicsItem]]] = {}
        cell = BOX_CELL
        for item in scene.node_items.values():
            if not item.shown:
                continue
            if isinstance(item, GroupItem) and item.frame is not None:
                # A frame's inside is canvas (its members are boxes of their own): only its
                # title band must stay readable.
                left, top = item.cx - item.half_w, item.cy - item.half_h
                right, bottom = item.cx + item.half_w, top + item.title_size()[1]
            else:
                # A picture's name, written outside its icon, is the concept's as much as the
                # icon is, as links keep off it (keep_clear): the default map with half its
                # concepts given pictures had 7 of those names under a hub's name at fit.
                left, top, right, bottom = item.keep_clear()
            entry = (left, top, right, bottom, item)
            x0, x1 = int(left // cell), int(right // cell)
            y0, y1 = int(top // cell), int(bottom // cell)
            for cx in range(x0, x1 + 1):
                for cy in range(y0, y1 + 1):
                    found = cells.get((cx, cy))
                    if found is None:
                        cells[(cx, cy)] = [entry]
                    else:
                        found.append(entry)
        self.cells = cells
        # The map's focus question: no name hides its words, no leader strikes through them.
        self.heading = heading = scene.focus_heading
        rect = heading.scene_rect()
        if not rect.isEmpty():
            mark = (rect.left(), rect.top(), rect.right(), rect.bottom(), heading)
            for cx in range(int(rect.left() // cell), int(rect.right() // cell) + 1):
                for cy in range(int(rect.top() // cell), int(rect.bottom() // cell) + 1):
                    cells.setdefault((cx, cy), []).append(mark)

    def meets_any(self, rect: Rect, own: NodeItem) -> bool:
        """Whether ``rect`` (scene units) meets a box other than ``own``'s."""
        left, top, right, bottom = rect
        cells = self.cells
        for cx in range(int(left // BOX_CELL), int(right // BOX_CELL) + 1):
            for cy in range(int(top // BOX_CELL), int(bottom // BOX_CELL) + 1):
                for bl, bt, br, bb, item in cells.get((cx, cy), ()):
                    if bl < right and left < br and bt < bottom and top < bb and item is not own:
                        return True
        return False

    def crossed(self, line: Rect, own: NodeItem) -> set[QGraphicsItem]:
        """The boxes other than ``own``'s (and the heading) that the segment ``line`` (x0, y0,
        x1, y1 in scene units) passes through."""
        x0, y0, x1, y1 = line
        cells = self.cells
        found: set[QGraphicsItem] = set()
        for cx in range(int(min(x0, x1) // BOX_CELL), int(max(x0, x1) // BOX_CELL) + 1):
            for cy in range(int(min(y0, y1) // BOX_CELL), int(max(y0, y1) // BOX_CELL) + 1):
                for bl, bt, br, bb, item in cells.get((cx, cy), ()):
                    if item is not own and _crosses(line, (bl, bt, br, bb)):
                        found.add(item)
        return found

    def covered(self, rect: Rect, own: NodeItem) -> int:
        """How many boxes other than ``own`` meet ``rect`` (scene units); 0 is what names want.
        The heading counts HEADING_COST: a selected name goes over boxes before its words."""
        left, top, right, bottom = rect
        cells = self.cells
        seen: set[int] = set()
        for cx in range(int(left // BOX_CELL), int(right // BOX_CELL) + 1):
            for cy in range(int(top // BOX_CELL), int(bottom // BOX_CELL) + 1):
                for bl, bt, br, bb, item in cells.get((cx, cy), ()):
                    if bl < right and left < br and bt < bottom and top < bb and item is not own:
                        seen.add(id(item))
        return len(seen) + (HEADING_COST - 1 if id(self.heading) in seen else 0)


class HubNames:
    """Chooses and draws the names; one per view, since what fits depends on the view."""

    def __init__(self) -> None:
        self.placed: list[tuple[QRectF, NodeItem, str]] = []  # viewport rect, item, text
        # From a concept's box to its name placed beside it, drawn in the concept's colour.
        self.leaders: list[tuple[QLineF, NodeItem]] = []
        self._key: tuple = ()  # what the last choice was made for (see place)
        # Where each named concept stood (scene) when its name was chosen, and the scale then:
        # a name drawn later moves as far as its concept has since (see shown).
        self._origins: dict[int, tuple[float, float]] = {}
        self._scale = 1.0
        # The view (scale, dx, dy) the names were chosen in, and the one they are drawn in: while
        # the view moves (see follow) they ride with their concepts instead of being chosen again.
        self._chosen_view = (1.0, 0.0, 0.0)
        self._drawn_view = (1.0, 0.0, 0.0)
        # What _riding gave last, and for what: a frame asks three times (the names, their
        # leaders, the counts keeping clear of them), each time comparing every name with those
        # before it; during a wheel's zoom that was 2.5 of a frame's 38-59 ms in full HD.
        self._ride_key: tuple = ()
        self._ride: tuple[list[tuple[QRectF, NodeItem, str]], list[tuple[QLineF, NodeItem]]]
        self._ride = ([], [])
        self._moving = False  # what _riding gave last was moved from the names' chosen places
        # Each name's outline as last drawn, by shape and size (drawn where the name is): a
        # still view's repaint built the same 50-60 outlines again (2 of 22-26 ms at mid-zoom
        # in full HD), and a zoom's frames, whose names ride, all of them at every frame.
        self._outlines: dict[tuple[str, float, float], QPainterPath] = {}
        self._pictures: dict[tuple, QPixmap] = {}  # each name as last drawn riding, by its look
        self._boxes_key: tuple = ()
        self._boxes: _Boxes | None = None
        self._theme: Theme | None = None
        self._font = QFont()
        self._metrics = QFontMetricsF(self._font)
        self._line_height = 0.0
        self._accent = QPen()
        self._leader = QPen()
        self._texts: dict[str, tuple[str, float, int]] = {}  # label -> (text, width, lines)
        # The same at each of SMALL_SHARES of the size, and the names drawn smaller (their
        # items' ids, with the font)
        self._smaller_fonts: list[tuple[QFont, dict[str, tuple[str, float, int]]]] = []
        self._small: dict[int, QFont] = {}
        self._share = 1.0  # of the usual size, the names are measured at now (see _smaller)
        # A main hub's name put in the nearest gap: where it went from its box (scene units),
        # for the scene it was found in (see _in_gap).
        self._gaps: dict[
            tuple[str, bool, float], tuple[tuple, tuple[float, float] | None, float]
        ] = {}
        # What _afar found for a concept (see there): the scene, window and scale it was found
        # for, and its form and offset from the box, or None where it found no place
        self._afars: dict[tuple, tuple[tuple, tuple[int, float, float] | None]] = {}
        self._first = False  # whether this choice names the main concepts before the titles
        self._futile: tuple = ()  # where naming the main concepts first named no more of them
        # The main concepts named first in the last choice, and for which map and window
        self._lead: tuple[tuple, list[str]] = ((), [])

    def _use_theme(self, theme: Theme) -> None:
        self._theme = theme
        # The labels' own font at its own size (about 13 px): its word widths are measured
        # already, which keeps choosing the names out of the first frame's way.
        self._font = theme.node_font
        self._metrics = metrics(self._font)
        self._line_height = self._metrics.lineSpacing()
        self._accent = QPen(theme.accent, 2.0)
        self._leader = QPen(theme.accent, 1.2)
        self._texts.clear()
        self._smaller_fonts = []
        for share in SMALL_SHARES:
            font = QFont(self._font)
            font.setPointSizeF(self._font.pointSizeF() * share)
            self._smaller_fonts.append((font, {}))

    @contextmanager
    def _smaller(self, step: int) -> Iterator[None]:
        """Names measured and placed at SMALL_SHARES[step] of the usual size meanwhile."""
        kept = (self._font, self._metrics, self._line_height, self._texts, self._share)
        self._font, self._texts = self._smaller_fonts[step]
        self._metrics = metrics(self._font)
        self._line_height = self._metrics.lineSpacing()
        self._share = SMALL_SHARES[step]
        try:
            yield
        finally:
            self._font, self._metrics, self._line_height, self._texts, self._share = kept

    def _text(self, label: str) -> tuple[str, float, int]:
        """The name as drawn, its width and its number of lines. One line if it fits, else two
        balanced lines; only then a name loses its brackets ("Immune selection
        (immunoediting)" reads as "Immune selection"), then its two lines may be up to
        WIDE_NAME_WIDTH wide, and it is elided only if two lines are still not enough. Widths
        come from cached word widths: measuring each label with Qt cost 9 ms a frame on a 1k
        map."""
        found = self._texts.get(label)
        if found is None:
            found = self._texts[label] = self._fit(" ".join(label.split()))
        return found

    def _fit(self, line: str) -> tuple[str, float, int]:
        # A smaller name wraps where the usual one does, at as much less width: on one line at
        # 6 pt "Cytokine release syndrome (CRS)" in its diamond was 196 px wide, wider than at
        # 10 pt on two lines (168), and found no room in its narrow frame at 1366x768.
        most = MAX_NAME_WIDTH * self._share
        width = line_width(line, self._font)
        if width <= most:
            return line, width, 1
        bare = " ".join(_BRACKETS.sub(" ", line).split()) or line
        for room in (most, WIDE_NAME_WIDTH * self._share):
            for text in (line, bare):
                lines = break_lines(text, self._font, room)
                if len(lines.lines) <= 2 and max(lines.widths) <= room:
                    return "\n".join(lines.lines), max(lines.widths), len(lines.lines)
        # Two lines are not enough: fill the first, elide the rest into the second.
        lines = break_lines(line, self._font, most)
        first = self._metrics.elidedText(lines.lines[0], Qt.TextElideMode.ElideRight, most)
        if first != lines.lines[0]:  # one word too long for a line: it alone, elided
            return first, self._metrics.horizontalAdvance(first), 1
        rest = " ".join(lines.lines[1:])
        second = self._metrics.elidedText(rest, Qt.TextElideMode.ElideRight, most)
        width = max(lines.widths[0], self._metrics.horizontalAdvance(second))
        return f"{first}\n{second}", width, 2

    def _size(self, item: NodeItem) -> tuple[str, float, float]:
        """The name's text and the width and height of the shape drawn around it (pixels)."""
        text, text_width, count = self._text(item.label)
        extra_x, extra_y = self._padding(item)
        tall = self._metrics.height() + (count - 1) * self._line_height
        return text, text_width + extra_x, tall + extra_y

    def _padding(self, item: NodeItem) -> tuple[float, float]:
        """The room round the name's text, its margins and its shape's, as much smaller as
        the name is: a diamond's 34 px round a 6 pt name made it wider than a 10 pt one."""
        extra_x, extra_y = shape_padding(item.style.shape)
        share = self._share
        return (2 * PAD_X + extra_x) * share, (2 * PAD_Y + extra_y) * share

    def _shaped(self, item: NodeItem, text: str) -> tuple[str, float, float]:
        """``text`` (lines as drawn) with the width and height of its shape (pixels)."""
        lines = text.split("\n")
        extra_x, extra_y = self._padding(item)
        wide = max(line_width(line, self._font) for line in lines)
        tall = self._metrics.height() + (len(lines) - 1) * self._line_height
        return text, wide + extra_x, tall + extra_y

    def _shapes(self, item: NodeItem) -> list[tuple[int, str, float, float]]:
        """A selected concept's name in the forms it may take, each with its rank (0: whole,
        higher: shorter): as usual, then on two narrower lines, then without its brackets,
        then elided to SHORTER_PX and to SHORTEST_PX. A selected name must be drawn, and at
        1280x800 with 28 concepts selected six pairs of them were drawn over each other, each
        where it hid the fewest; a narrower form often fits where the usual one does not."""
        text, w, h = self._size(item)
        shapes = [(0, text, w, h)]
        line = " ".join(item.label.split())
        if "\n" not in text and " " in text:
            half = break_lines(text, self._font, line_width(text, self._font) * 0.6)
            if len(half.lines) == 2:
                shapes.append((0, *self._shaped(item, "\n".join(half.lines))))
        bare = " ".join(_BRACKETS.sub(" ", line).split())
        if bare and bare != line and _said(bare) != _said(text):
            shapes.append((1, *self._shaped(item, self._fit(bare)[0])))
        for rank, room in ((2, SHORTER_PX), (3, SHORTEST_PX)):
            short = self._metrics.elidedText(bare or line, Qt.TextElideMode.ElideRight, room)
            if short not in {shape[1] for shape in shapes} and short.strip("… "):
                shapes.append((rank, *self._shaped(item, short)))
        return shapes

    def _box_grid(self, scene: MapScene) -> _Boxes:
        key = (scene, scene.geometry_revision)
        if self._boxes is None or key != self._boxes_key:
            self._boxes = _Boxes(scene)
            self._boxes_key = key
        return self._boxes

    def place(self, scene: MapScene, transform: QTransform, size: QSize) -> bool:
        """Choose the names for a viewport of ``size`` showing the scene through ``transform``
        (scale and translation, as MapView keeps it); True when they differ from the last.

        Runs on every repaint, so it works in plain floats, tests collisions in grids (names
        in viewport cells a name's height tall, boxes in scene cells), and stops once names
        keep failing to find room."""
        scale, dx, dy = transform.m11(), transform.dx(), transform.dy()
        key = _view_key(scene, transform, size)
        if key == self._key:  # (back where they were chosen after following the view)
            moved, self._drawn_view = self._drawn_view != self._chosen_view, self._chosen_view
            return moved
        self._key = key
        self._scale = scale
        self._chosen_view = self._drawn_view = (scale, dx, dy)
        before, self.placed, self.leaders = self.placed, [], []
        theme = scene.theme
        label_px = scene.label_px()
        if not wanted(label_px, scale):
            return bool(before)
        if theme is not self._theme:
            self._use_theme(theme)
        own_words = scale * label_px >= MIN_READABLE_PX
        placer, chosen = self._mains_and_titles(scene, transform, size, own_words)
        # Then each theme's centre, before lesser concepts take the room round it, smaller
        # where need be: the centres of the small themes at the map's edges (Chemotherapy,
        # Biomarkers, Cytokine release syndrome) found no room at the usual size
        centres = self._name_hubs(scene, placer, _theme_mains(scene), chosen, own_words, gap=True)
        chosen |= centres
        missed = [c for c in _theme_mains(scene) if c not in chosen and _in_view(scene, c, placer)]
        chosen |= self._shrunk(scene, placer, chosen, own_words, missed, set(), afar=False)
        # The rest, once, after the choice: they come after every title
        chosen |= self._name_hubs(scene, placer, scene.hub_order(), chosen, own_words)
        # ...and last a theme's centre left out, its frame's title moved for it
        for centre in [c for c in missed if c not in chosen]:
            chosen |= self._for_title(scene, placer, centre, chosen, own_words)
        # ...and the key concepts still unnamed, where room is left, smaller and farther
        keys = [k for k in scene.key_hubs() if k not in chosen and _in_view(scene, k, placer)]
        if keys and not own_words:
            # (their leaders strike through no box: PD-1's went through Cemiplimab's)
            placer.boxes_off = True
            chosen |= self._name_hubs(scene, placer, keys, chosen, own_words, gap=True)
            keys = [k for k in keys if k not in chosen]
            chosen |= self._shrunk(scene, placer, chosen, own_words, keys, set(), afar=True)
            placer.boxes_off = False
        self._origins = {id(item): (item.cx, item.cy) for _, item, _ in self.placed}
        return before != self.placed

    def _mains_and_titles(
        self, scene: MapScene, transform: QTransform, size: QSize, own_words: bool
    ) -> tuple[_Placer, set[str]]:
        """The selected concepts, the main concepts and the frames' titles named (see _choose),
        in the order that names the most of them: the placer and the ids named. The main
        concepts that had to be named first, before the titles, are named first again in the
        next choice for the same map and window at the same scale (after a pan, or back at
        fit), while that still names every main concept and title on screen: choosing in the
        usual order first, then again, cost 0.2 of the 0.45 s a choice took at rest in a
        1024x768 window, where "Resistance to immunotherapy" is named first at fit. (At any
        scale, what was named depended on where a slow machine's zoom had rested on its way:
        at fit after "+" and Ctrl+0, "Immune system" went unnamed in 2 runs of 7.)"""
        where = (scene, scene.revision, size.width(), size.height(), transform.m11())
        if self._lead[0] == where and self._lead[1]:
            placer, named = self._led(scene, transform, size, own_words, set(), self._lead[1])
            mains = {m for m in scene.main_hubs() if _in_view(scene, m, placer)}
            if mains | self._frames_shown(scene, placer) <= named:
                return placer, named
        lead: list[str] = []
        hubs, untitled, placer, chosen = self._choose(scene, transform, size, own_words, set())
        early = self._held_by_hubs(scene, transform, size, hubs, untitled) if untitled else set()
        if early:
            # A frame left untitled because a main hub's name took the only place for its
            # title: that frame first, and the hubs then farther out and across their corners.
            # In the window `make run` opens, T cells' name took the one place for "The
            # immune system and cancer"; titled first, it had left T cells unnamed.
            first = (self.placed, self.leaders)
            again = self._choose(scene, transform, size, own_words, early)
            if len(again[1]) >= len(untitled) or not hubs <= again[0]:
                self.placed, self.leaders = first
                # (and the main concepts named first below keep no place for those titles:
                # at 1024x768 it had "Cancer immunotherapy" named smaller)
                early = set()
            else:
                hubs, untitled, placer, chosen = again
        chosen |= self._rescue(scene, placer, chosen, own_words)
        shown = [m for m in scene.main_hubs() if _in_view(scene, m, placer)]
        missed = [m for m in shown if m not in chosen]
        scale = transform.m11()
        tried = (scene, scene.revision, scale, size.width(), size.height(), tuple(missed))
        if missed and 2 * len(missed) <= len(shown) and tried != self._futile:
            # (most are named, so the others may fit; and a pan at the scale where choosing
            # again did not help does not try again: it doubled the cost of a frame)
            # A main concept left unnamed because titles and other hubs' names took every
            # place near it: the main concepts named first, most linked first, before the
            # titles, which then find other places; kept if more main concepts and titles
            # are named in all. At 1280x720 T cells' one place was
            # "The immune system and cancer"'s, whose title then went along its frame's
            # bottom edge.
            # Those left out named first, then all of them: at 1024x768 "Resistance to
            # immunotherapy" alone first took a place left of its frame, smaller, and every
            # title found one still; with all of them first, "Immune checkpoint inhibitors"
            # took the place of "Checkpoint inhibitors"' title, lost.
            kept = (self.placed, self.leaders, self._small)
            keys = set(scene.main_hubs()) | set(scene.group_ids())
            orders = [missed, shown] if len(missed) < len(shown) else [shown]
            for order in orders:
                led, named = self._led(scene, transform, size, own_words, early, order)
                if len(keys & named) > len(keys & chosen):
                    placer, chosen, lead = led, named, order
                    break
                self.placed, self.leaders, self._small = kept
            else:
                self._futile = tried
        self._lead = (where, lead)
        return placer, chosen

    def _led(
        self,
        scene: MapScene,
        transform: QTransform,
        size: QSize,
        own_words: bool,
        early: set[str],
        lead: list[str],
    ) -> tuple[_Placer, set[str]]:
        """The choice with the ``lead`` main concepts named first, then rescued (_rescue)."""
        again = self._choose(scene, transform, size, own_words, early, lead)
        return again[2], again[3] | self._rescue(scene, again[2], again[3], own_words)

    def _rescue(
        self, scene: MapScene, placer: _Placer, chosen: set[str], own_words: bool
    ) -> set[str]:
        """The frames left untitled and the main concepts left unnamed, tried again smaller
        and smaller (SMALL_SHARES), before lesser concepts take the room, and last farther
        from their box (AFAR_PX): the ids named."""
        untitled = self._frames_shown(scene, placer) - chosen
        missed = [m for m in scene.main_hubs() if m not in chosen and _in_view(scene, m, placer)]
        return self._shrunk(scene, placer, chosen, own_words, missed, untitled, afar=True)

    def _shrunk(
        self,
        scene: MapScene,
        placer: _Placer,
        chosen: set[str],
        own_words: bool,
        missed: list[str],
        untitled: set[str],
        afar: bool,
    ) -> set[str]:
        """The ``missed`` concepts and the ``untitled`` frames named smaller and smaller
        (SMALL_SHARES), then (``afar``) farther off: the ids named."""
        named: set[str] = set()
        last = len(SMALL_SHARES) - 1
        for step in range(len(SMALL_SHARES)):
            if set(missed) | untitled <= named:
                break
            start = len(self.placed)
            with self._smaller(step):
                todo = [m for m in missed if m not in named]
                # (the search for the nearest gap, a place's costliest, at the smallest size
                # only: at every size it doubled the choice's cost in a 1024x768 window)
                gap = step == last
                named |= self._name_hubs(scene, placer, todo, chosen | named, own_words, gap=gap)
                named |= self._name_frames(scene, placer, chosen | named, untitled - named)
                if afar and step == last:  # the concepts first, then the frames, in order
                    left = [m for m in [*missed, *scene.group_ids()] if m in {*missed, *untitled}]
                    for near in (NEAR_PX, AFAR_PX):
                        named |= self._afar(
                            scene, placer, [m for m in left if m not in named], near
                        )
                self._small.update((id(item), self._font) for _, item, _ in self.placed[start:])
        return named

    def _for_title(
        self, scene: MapScene, placer: _Placer, centre: str, chosen: set[str], own_words: bool
    ) -> set[str]:
        """A theme's centre still unnamed once every other name is placed: its frame's title
        taken off, the centre named smallest within NEAR_PX of its box, and the title placed
        again; kept only if both are named, so no other name is lost for it: the ids named.
        At 1024x768 "Cytokine release syndrome (CRS)", in a frame narrower than its name at
        the map's edge, found room only above the frame, its leader striking through "CAR-T
        side effects", which now goes beside its frame's corner."""
        frame = scene.group_of(centre)
        found = [entry for entry in self.placed if entry[1].node_id == frame]
        if frame is None or len(found) != 1 or found[0][1].node_id in scene.selection_order():
            return set()
        title = found[0]
        kept = (list(self.placed), list(self.leaders), dict(self._small), placer.snapshot())
        self.placed.remove(title)
        rect = title[0]
        placer.untake((rect.left(), rect.top(), rect.right(), rect.bottom()))
        self._small.pop(id(title[1]), None)
        with self._smaller(len(SMALL_SHARES) - 1):
            named = self._afar(scene, placer, [centre], NEAR_PX, every_form=True)
            if named:
                self._small[id(self.placed[-1][1])] = self._font
        if centre in named:
            named |= self._name_frames(scene, placer, chosen | named, {frame})
            if frame not in named:
                named |= self._shrunk(scene, placer, chosen | named, own_words, [], {frame}, True)
        if {centre, frame} <= named:
            return named
        self.placed, self.leaders, self._small = kept[:3]
        placer.restore(kept[3])
        return set()

    def _afar(
        self,
        scene: MapScene,
        placer: _Placer,
        order: list[str],
        near: float,
        every_form: bool = False,
    ) -> set[str]:
        """Each of ``order`` (main concepts, then frames) in the nearest place that hides
        nothing within ``near`` pixels of its box, with a leader to it, as usual or on three
        narrower lines (``every_form``: as usual too, though looked for that near before):
        the ids named."""
        reach = max(GAP_REACH * max(placer.width, placer.height), near)
        named: set[str] = set()
        scale = placer.scale
        key = (scene, scene.revision, placer.width, placer.height, scale)
        for node_id in order:
            item = scene.node_items[node_id]
            forms = self._narrower(item)
            if near <= NEAR_PX and not isinstance(item, GroupItem) and not every_form:
                del forms[0]  # the concept's usual form was looked for that near (_in_gap)
            # What the last search for it found, at this scale: after a pan its place is
            # tried first, one test, and where none was found none is looked for again (as
            # _in_gap does): these searches took most of a pan's choice at 1024x768.
            slot = (node_id, near, every_form, self._first, self._share, placer.boxes_off)
            kept = self._afars.get(slot)
            if kept is not None and kept[0] == key:
                found = (
                    None
                    if kept[1] is None
                    else self._kept_place(placer, item, forms, kept[1], near)
                )
                if found is not None:
                    self._put(placer, item, *found)
                    named.add(node_id)
                    continue
                if kept[1] is None:
                    continue
            x, y = item.cx * scale + placer.dx, item.cy * scale + placer.dy
            for index, (text, w, h) in enumerate(forms):
                if placer.tests > MAX_EXAMINED:
                    return named
                near_by = placer.nearest_clear(item, w, h, reach, near)
                if near_by is not None:
                    self._put(placer, item, near_by, text)
                    named.add(node_id)
                    left, top = near_by[0][:2]
                    self._afars[slot] = (key, (index, (left - x) / scale, (top - y) / scale))
                    break
            else:
                self._afars[slot] = (key, None)
        return named

    def _kept_place(
        self,
        placer: _Placer,
        item: NodeItem,
        forms: list[tuple[str, float, float]],
        kept: tuple[int, float, float],
        near: float,
    ) -> tuple[tuple[Rect, Rect | None], str] | None:
        """The place ``_afar`` found for the concept before (form, offset in scene units from
        its box), if it is still clear and near enough."""
        index, ox, oy = kept
        if index >= len(forms):
            return None
        text, w, h = forms[index]
        s = placer.scale
        rect = placer.fit(item.cx * s + placer.dx + ox * s, item.cy * s + placer.dy + oy * s, w, h)
        if placer.away(item, rect) > near or placer.clashes(rect, item):
            return None
        leader = placer.leader(item, 1, rect)
        if leader is not None and placer.leader_meets(leader, item):
            return None
        return (rect, leader), text

    def _put(
        self, placer: _Placer, item: NodeItem, found: tuple[Rect, Rect | None], text: str
    ) -> None:
        rect, line = placer._take(*found)
        self.placed.append((rect, item, text))
        if line is not None:
            self.leaders.append((line, item))

    def _narrower(self, item: NodeItem) -> list[tuple[str, float, float]]:
        """The name as usual, then on one line if smaller it wraps (a flat name fits along a
        frame's edge: at 1024x768 "The immune system and cancer" at 6 pt), then on three lines
        where its words allow: a narrower name fits between the small boxes of a crowded
        theme."""
        forms = [self._size(item)]
        text = forms[0][0]
        if "\n" in text and "…" not in text and self._share < 1:
            flat = self._shaped(item, " ".join(text.split("\n")))
            forms.insert(0 if isinstance(item, GroupItem) else 1, flat)
        line = " ".join(_BRACKETS.sub(" ", item.label).split()) or item.label
        if len(line.split()) >= 3:
            lines = break_lines(line, self._font, line_width(line, self._font) / 2.6)
            if len(lines.lines) == 3:
                forms.append(self._shaped(item, "\n".join(lines.lines)))
        short = _ACRONYM.search(item.label)
        if short is not None and self._share < 1:
            forms.append(self._shaped(item, short.group(1)))
        return forms

    def chosen_for(self, scene: MapScene, transform: QTransform, size: QSize) -> bool:
        return self._key == _view_key(scene, transform, size)

    def view_moved(self, scene: MapScene, transform: QTransform, size: QSize) -> bool:
        """True when only the view has moved (a pan, a zoom, a flight) since the names were
        chosen: the same map at the same revision, in a viewport of the same size."""
        if not self.placed or len(self._key) < 7:
            return False
        now = _view_key(scene, transform, size)
        return self._key[:2] + self._key[5:] == now[:2] + now[5:] and now != self._key

    def follow(self, transform: QTransform) -> None:
        """Draw the names chosen before as the view now shows their concepts, without choosing
        them again: choosing costs 40-70 ms a frame in a full-HD window and 120-360 ms at
        1024x768 near fit, so a zoom or a pan that chose them every frame ran at 3-8 frames a
        second on a 4:3 projector. The view chooses them again once it rests."""
        self._drawn_view = (transform.m11(), transform.dx(), transform.dy())

    def _shift(self, item: NodeItem) -> tuple[float, float]:
        """How far (viewport pixels) the concept moved since its name was chosen: an animation
        (a layout's glide) moves concepts without a new revision, and choosing the names again
        every frame costs about 30 ms on the default map; its end chooses them again. So does
        the view (see follow)."""
        x0, y0 = self._origins.get(id(item), (item.cx, item.cy))
        (s0, dx0, dy0), (s1, dx1, dy1) = self._chosen_view, self._drawn_view
        return item.cx * s1 + dx1 - (x0 * s0 + dx0), item.cy * s1 + dy1 - (y0 * s0 + dy0)

    def shown(self) -> list[tuple[QRectF, NodeItem, str]]:
        """The names where they are drawn now: each moved as far as its concept has since
        they were chosen, so a layout's names glide with their boxes rather than float over
        the canvas the boxes left."""
        return self._riding()[0]

    def riding(self) -> bool:
        """Whether the names are drawn away from where they were chosen, riding a move of the
        view (a zoom, a pan) or of their concepts (a layout's glide) until it rests."""
        self._riding()
        return self._moving

    def shown_leaders(self) -> list[tuple[QLineF, NodeItem]]:
        return self._riding()[1]

    def _riding(self) -> tuple[list[tuple[QRectF, NodeItem, str]], list[tuple[QLineF, NodeItem]]]:
        """The names and leaders moved with their concepts; while concepts glide, a name that
        would meet one chosen before it (or come within GAP of it) is left out with its leader
        until the glide's last frame chooses them again: riding with concepts that crossed,
        names were drawn one over the other (137 meetings in Map > Layered's glide at fit)."""
        key = (
            tuple(self.placed),
            tuple(self.leaders),
            self._chosen_view,
            self._drawn_view,
            tuple(self._origins.get(id(item)) for _, item, _ in self.placed),
            tuple((item.cx, item.cy) for _, item, _ in self.placed),
            tuple((item.cx, item.cy) for _, item in self.leaders),
        )
        if key != self._ride_key:
            self._ride_key, self._ride = key, self._ride_now()
        return self._ride

    def _ride_now(
        self,
    ) -> tuple[list[tuple[QRectF, NodeItem, str]], list[tuple[QLineF, NodeItem]]]:
        shifts = {id(item): self._shift(item) for _, item, _ in self.placed}
        names: list[tuple[QRectF, NodeItem, str]] = []
        hidden: set[int] = set()
        moving = self._moving = any(shift != (0.0, 0.0) for shift in shifts.values())
        for rect, item, text in self.placed:
            moved = rect.translated(*shifts[id(item)])
            if moving:
                wider = moved.adjusted(-GAP, -GAP, GAP, GAP)
                if any(wider.intersects(other) for other, _, _ in names):
                    hidden.add(id(item))
                    continue
            names.append((moved, item, text))
        leaders = [
            (line.translated(*shifts.get(id(item), self._shift(item))), item)
            for line, item in self.leaders
            if id(item) not in hidden
        ]
        return names, leaders

    def _held_by_hubs(
        self,
        scene: MapScene,
        transform: QTransform,
        size: QSize,
        hubs: set[str],
        untitled: set[str],
    ) -> set[str]:
        """Of the ``untitled`` frames, those whose title finds a place among the names chosen
        before the frames' titles and the other titles, the main ``hubs``' names left out:
        only for those can choosing again, their titles before the hubs, help. Choosing again
        for every untitled frame doubled the work on a crowded map (a 1024x768 window, 6 of
        the default map's frames untitled, none of them for a hub's name)."""
        placer = _Placer(
            self._box_grid(scene),
            transform.m11(),
            transform.dx(),
            transform.dy(),
            size,
            self._metrics.height(),
        )
        before = set(scene.selection_order()) | set(scene.group_ids())
        leaders = {id(item): line for line, item in self.leaders}
        for rect, item, _ in self.placed:
            if item.node_id in before and item.node_id not in hubs:
                line = leaders.get(id(item))
                leader = None if line is None else (line.x1(), line.y1(), line.x2(), line.y2())
                placer._take((rect.left(), rect.top(), rect.right(), rect.bottom()), leader)
        kept = (self.placed, self.leaders)
        self.placed, self.leaders = [], []
        for node_id in (g for g in scene.group_ids() if g in untitled):
            frame = scene.node_items.get(node_id)
            if _titleable(frame, placer):
                self._title(frame, placer, must=False)
        held = {item.node_id for _, item, _ in self.placed}
        self.placed, self.leaders = kept
        return held

    def _choose(
        self,
        scene: MapScene,
        transform: QTransform,
        size: QSize,
        own_words: bool,
        early: set[str],
        before: list[str] | None = None,
    ) -> tuple[set[str], set[str], _Placer, set[str]]:
        """Fill ``placed`` and ``leaders``: the selected concepts, the ``early`` frames' titles,
        the FIRST_HUBS most linked (farther out if there are early frames), then the other
        frames' titles. Which of the FIRST_HUBS were named, which frames on screen went
        untitled, and the placer and the ids named, for the rest to be named after them."""
        self.placed, self.leaders = [], []
        self._small = {}
        scale, dx, dy = transform.m11(), transform.dx(), transform.dy()
        placer = _Placer(self._box_grid(scene), scale, dx, dy, size, self._metrics.height())
        chosen = self._name_selected(scene, placer)
        self._first = bool(before)
        if before:  # main concepts named before any title, each in the nearest free place
            chosen |= self._name_hubs(scene, placer, before, chosen, own_words, gap=True)
        order = scene.hub_order()
        # The early frames' titles where they would go now, kept from the hubs' names...
        titled = len(self.placed)
        self._name_frames(scene, placer, chosen, early)
        kept = [
            (rect.left(), rect.top(), rect.right(), rect.bottom())
            for rect, _, _ in self.placed[titled:]
        ]
        del self.placed[titled:]
        wide = bool(early)
        if wide:  # those that fit over their own box first: a name beside its box claims
            # its leader's path too, and T cells' ran over Cancer cells' own place
            hubs = self._name_hubs(scene, placer, order[:FIRST_HUBS], chosen, True)
            hubs |= self._name_hubs(
                scene, placer, order[:FIRST_HUBS], chosen | hubs, own_words, wide=True
            )
        else:
            hubs = self._name_hubs(scene, placer, order[:FIRST_HUBS], chosen, own_words)
        if before:  # ...and those of them still unnamed smaller, before the titles take the
            # room, once the most linked have theirs: at 1024x768 "Resistance to
            # immunotherapy", amid its theme's chips, fitted nowhere at the usual size, and
            # smaller only where "Why treatment fails" was titled.
            missed = [m for m in before if m not in chosen | hubs]
            hubs |= self._shrunk(scene, placer, chosen | hubs, own_words, missed, set(), afar=True)
        for rect in kept:  # ...and given back for the titles to take
            placer.untake(rect)
        frames = self._name_frames(scene, placer, chosen | hubs, early)
        frames |= self._name_frames(scene, placer, chosen | hubs | frames)
        # A main hub with no room near its box goes in the nearest gap, after the titles: the
        # gap 1280x720 found for T cells was "The immune system and cancer"'s only place.
        mains = [*order[:FIRST_HUBS], *scene.main_hubs()[FIRST_HUBS:]]
        hubs |= self._name_hubs(scene, placer, mains, chosen | hubs | frames, own_words, gap=True)
        untitled = self._frames_shown(scene, placer) - frames - chosen
        return hubs, untitled, placer, chosen | frames | hubs

    def _name_hubs(
        self,
        scene: MapScene,
        placer: _Placer,
        order: list[str],
        chosen: set[str],
        own_words: bool,
        wide: bool = False,
        gap: bool = False,
    ) -> set[str]:
        """Name the concepts of ``order`` not yet ``chosen`` where there is room, most linked
        first (``wide``: also across their corners and farther out; ``gap``: else in the
        nearest place that hides nothing, with a leader); the ids named."""
        items = scene.node_items
        scale, dx, dy = placer.scale, placer.dx, placer.dy
        named: set[str] = set()
        misses = 0
        # The concepts' own budget: the frames' titles tried 277 places at 1280x720, which
        # left the concepts 123 and cut the names off after the first few hubs.
        tests = placer.tests + MAX_TESTS
        said = {_said(text) for _, _, text in self.placed}
        for examined, node_id in enumerate(order):
            if examined >= MAX_EXAMINED or misses > MAX_MISSES or placer.tests > tests:
                break
            item = items.get(node_id)
            if item is None or not item.shown or item.dimmed or node_id in chosen:
                continue
            if not item.label.strip():
                continue  # drawn without a label (a yEd corner): nothing to name it by
            x, y = item.cx * scale + dx, item.cy * scale + dy
            if not (0 <= x <= placer.width and 0 <= y <= placer.height):
                continue
            if placer.under_a_name(x, y):
                misses += 1  # its centre is under a name already: no need to measure it
                continue
            text, w, h = self._size(item)
            if _said(text) in said:
                continue  # a frame's title says it already ("Blood cancers" over its member
                # "Blood (haematological) cancers", named without its brackets to fit)
            steps = _beside(examined, len(self.placed), own_words)
            found = placer.free(item, w, h, steps, wide and steps > 0)
            if found is None and gap and steps > 0:
                # The hub of a star: its leaves crowd every place a few steps out. Gephi's
                # biolink ontology named 13 concepts at fit but not "association", linked
                # to 56, the most of any.
                found = self._in_gap(scene, placer, item, w, h, far=node_id == scene.hub_order()[0])
            if found is None:
                misses += 1
                continue
            misses = 0
            self.placed.append((found[0], item, text))
            said.add(_said(text))
            named.add(node_id)
            if found[1] is not None:
                self.leaders.append((found[1], item))
        return named

    def _in_gap(
        self, scene: MapScene, placer: _Placer, item: NodeItem, w: float, h: float, far: bool
    ) -> tuple[QRectF, QLineF | None] | None:
        """A main hub's name in the nearest place that hides nothing (``nearest_clear``) within
        GAP_REACH of the view's longer side, and NEAR_PX of its box unless it is ``far``: the
        map's most linked concept, the hub of a star whose leaves crowd its box (the biolink
        ontology's "association", 56 links). Farther, another's name read as a concept of that
        place: at 1280x720 "Resistance to immunotherapy" went 402 pixels off, across the map.
        The place found is tried first in the next frames (kept in scene units, so it follows
        a zoom too): one test, not hundreds, while the view pans or zooms."""
        key = (scene, scene.revision, placer.width, placer.height)
        scale = placer.scale
        x, y = item.cx * scale + placer.dx, item.cy * scale + placer.dy
        # the main concepts named first or not, at which size: a gap found among the others'
        # names is not one found before them
        slot = (item.node_id, self._first, self._font.pointSizeF())
        kept = self._gaps.get(slot)
        if kept is not None and kept[0] == key and kept[1] is not None:
            rect = placer.fit(x + kept[1][0] * scale, y + kept[1][1] * scale, w, h)
            leader = placer.leader(item, 1, rect)
            if not placer.clashes(rect, item) and (
                leader is None or not placer.leader_meets(leader, item)
            ):
                return placer._take(rect, leader)
        if kept is not None and kept == (key, None, scale):
            return None  # none near enough at this scale: a pan finds none either
        reach = GAP_REACH * max(placer.width, placer.height)
        near = placer.nearest_clear(item, w, h, reach, math.inf if far else NEAR_PX)
        if near is None:
            self._gaps[slot] = (key, None, scale)
            return None
        offset = ((near[0][0] - x) / scale, (near[0][1] - y) / scale)
        self._gaps[slot] = (key, offset, scale)
        return placer._take(*near)

    def _name_frames(
        self,
        scene: MapScene,
        placer: _Placer,
        chosen: set[str],
        only: set[str] | None = None,
    ) -> set[str]:
        """Groups' titles first among the rest: at fit they say what each region of the map is
        about. A selected group is in ``chosen``: ``_name_selected`` titled it already, and a
        second name for it (the user saw "Vaccines" twice, both outlined) would say it twice."""
        named: set[str] = set()
        # In the scene's order, not a set's: which of two titles that meet is written had
        # changed from one opening to the next (CoreMedia's "Basic Level" or "CoreMedia
        # Frontend", 240 units apart over the same corner).
        for node_id in (g for g in scene.group_ids() if only is None or g in only):
            if node_id in chosen:
                continue
            item = scene.node_items.get(node_id)
            if _titleable(item, placer) and self._title(item, placer, must=False):
                named.add(node_id)
        return named

    def _frames_shown(self, scene: MapScene, placer: _Placer) -> set[str]:
        """The frames ``_name_frames`` would title if there were room."""
        return {i for i in scene.group_ids() if _titleable(scene.node_items.get(i), placer)}

    def _title(self, item: GroupItem, placer: _Placer, must: bool) -> bool:
        """Name a frame on its title: along its top edge (over it, just above or just below
        it, anywhere along it, then just clear of what is in the way within a line of it), on
        two lines when the frame is narrower than it, on one when the name is too long for one
        (see _frame_sizes), and last beside the frame's top corner; every try is checked like
        any name's, so it hides no box. A selected frame (``must``) with no such place still
        gets its title, where it hides the fewest, as any selected concept does: never in the
        middle of its frame, whose inside is its members' canvas. False when it found no
        place."""
        assert item.frame is not None
        frame = item.frame
        s, dx, dy = placer.scale, placer.dx, placer.dy
        left, right = frame.left() * s + dx, frame.right() * s + dx
        top = frame.top() * s + dy
        fallback: tuple[int, Rect, str] | None = None
        # A title the file places (yEd's header, Obsidian's label) is tried there first: at
        # the left or right end of the top edge, or just above it at its left for Obsidian's.
        first = {"left": 1, "above": 1, "right": 2}.get(item.title_at or "", 0)
        sizes = self._frame_sizes(item, right - left)
        for text, w, h in sizes:
            ys = (top - h, top) if item.title_at == "above" else (top, top - h)
            xs = _along(left, right, w)
            xs.insert(0, xs.pop(first))
            rows = (*ys, top - h / 2, top + h / 2, top + h)
            spots = [placer.fit(x, y, w, h) for y in rows for x in xs]
            rect = next((r for r in spots if not placer.clashes(r, item)), None)
            if rect is None:  # a few pixels off those rows
                rect = next(
                    (r for r in placer.between(item, xs, top, w, h) if not placer.clashes(r, item)),
                    None,
                )
            # then beside the frame's top corners, as a tab, and last along its bottom edge, a
            # caption (the web page's "bottom"): at 1280x720 T cells' name, named first, took
            # the top edge of "The immune system and cancer", whose bottom edge was free. A
            # caption keeps a line's height clear of every other name: the next frame's title
            # just under it read as one line with it.
            tabs = [placer.fit(x, top - h / 2, w, h) for x in (right + GAP, left - w - GAP)]
            bottom = frame.bottom() * s + dy
            captions = [placer.fit(x, y, w, h) for y in (bottom + GAP, bottom - h / 2) for x in xs]
            spots += tabs + captions
            if rect is None:
                rect = next((r for r in tabs if not placer.clashes(r, item)), None)
                rect = rect or self._caption(placer, item, captions)
            if rect is None and must:
                for spot in spots:
                    cost = placer.names_met(spot) * 2 + placer.boxes_met(spot, item)
                    if fallback is None or cost < fallback[0]:
                        fallback = (cost, spot, text)
            if rect is not None:
                fallback = (0, rect, text)
                break
        if fallback is None:
            return False
        cost, rect, text = fallback
        leader = None
        if (
            cost
            and placer.selected <= SELECTED_APART
            and not placer.full
            and placer.names_met(rect)
        ):  # a selected frame's title over another name: the
            # nearest gap instead, with a leader to its frame (two of 46 selected at 1280x800)
            last, w, h = sizes[-1]
            gap = placer.nearest_gap(item, w, h, ((left + right) / 2, top))
            if gap is not None:
                rect, leader, text = gap[0], placer.leader(item, 1, gap[0]), last
        named, line = placer._take(rect, leader)
        self.placed.append((named, item, text))
        if line is not None:
            self.leaders.append((line, item))
        return True

    def _caption(self, placer: _Placer, item: GroupItem, places: list[Rect]) -> Rect | None:
        """The first of ``places`` along a frame's bottom edge that hides nothing and has no
        other name within a line's height of it; that line round it is claimed, so no name
        placed later comes that near either."""
        margin = self._line_height - GAP  # the names' grid keeps GAP round each already
        for rect in places:
            if not placer.clashes(rect, item) and not placer.names_met(_widened(rect, margin)):
                placer.take(_widened(rect, margin), name=False)
                return rect
        return None

    def _frame_sizes(self, item: NodeItem, width: float) -> list[tuple[str, float, float]]:
        """A frame's name as usual, then, for a frame narrower than it, on two lines no wider
        than the frame where the words allow: "Immune-related side effects" over a narrow
        frame reads as "Immune-related / side effects" and clears its neighbours. A name
        too long for one line is tried on one line as well, up to two names' width: at
        1280x800 "The immune system and cancer" on two lines was taller than the room between
        the names above its frame and the members under its top edge, on one it hid nothing."""
        text, w, h = self._size(item)
        sizes = [(text, w, h)]
        if "\n" in text and "…" not in text:
            line = self._shaped(item, " ".join(text.split("\n")))
            if line[1] <= 2 * MAX_NAME_WIDTH + 2 * PAD_X:
                sizes.append(line)
        extra_x = self._padding(item)[0]
        room = width - extra_x
        if w <= width or "\n" in text or room <= 0:
            return sizes
        lines = break_lines(" ".join(item.label.split()), self._font, room)
        if len(lines.lines) == 2:
            sizes.append(self._shaped(item, "\n".join(lines.lines)))
        return sizes

    def _name_selected(self, scene: MapScene, placer: _Placer) -> set[str]:
        """Selected concepts are always named, beside their box if need be; a selected frame
        on its title, where it is named when not selected."""
        first = scene.selection_order()
        placer.selected = len(first)
        for node_id in first:
            item = scene.node_items.get(node_id)
            if item is None or not item.shown or not placer.on_screen(item):
                continue
            if isinstance(item, GroupItem) and item.frame is not None:
                self._title(item, placer, must=True)  # a frame is named by its title
            else:
                rect, leader, text = placer.best(item, self._shapes(item))
                self.placed.append((rect, item, text))
                if leader is not None:
                    self.leaders.append((leader, item))
        return set(first)

    def draw(self, painter: QPainter) -> None:
        if not self.placed:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self._font)
        for leader, item in self.shown_leaders():
            self._leader.setColor(item.style.border)
            painter.setPen(self._leader)
            painter.drawLine(leader)
        outlines, self._outlines = self._outlines, {}
        base = painter.transform()
        # Riding a move (a zoom, a pan, a glide), each name is a picture of itself, made once,
        # put down on whole pixels: drawing each name's outline and words took 4-6 ms of such
        # a frame in full HD. At rest they are drawn as ever, where they are.
        plain = (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate)
        riding = self.riding() and base.type() in plain
        ratio = painter.device().devicePixelRatioF() if riding else 1.0
        pictures = self._pictures
        if riding:  # those of names no longer drawn go; at rest they wait for the next move
            self._pictures = {}
        for rect, item, text in self.shown():
            style = item.style
            font = self.font_of(item)
            # Selected or lit (a found path, a focus) shows as the concept's halo does.
            pen = self._accent if item.emphasis or item.isSelected() else style.pen
            # A disc's name is a line tall and a word wide: a pill, a badge on or beside the
            # disc (a circle round it would be a disc again, an ellipse a ring round a small one).
            shape = "pill" if style.shape == "circle" else style.shape
            key = (shape, rect.width(), rect.height())
            outline = outlines.get(key, self._outlines.get(key))
            if outline is None:
                outline = shape_path(
                    shape, QRectF(0.0, 0.0, rect.width(), rect.height()), NAME_RADIUS
                )
            self._outlines[key] = outline
            if riding:
                look = (
                    key,
                    text,
                    font.key(),
                    pen.color().rgba(),
                    pen.widthF(),
                    style.brush.color().rgba(),
                    style.text.rgba(),
                    ratio,
                )
                picture = pictures.get(look, self._pictures.get(look))
                if picture is None:
                    picture = _name_picture(
                        outline, rect, text, font, pen, style, ratio, painter.renderHints()
                    )
                self._pictures[look] = picture
                pad = _picture_pad(pen)
                painter.drawPixmap(
                    QPointF(
                        round(rect.x() + base.dx()) - pad - base.dx(),
                        round(rect.y() + base.dy()) - pad - base.dy(),
                    ),
                    picture,
                )
                continue
            painter.setFont(font)
            painter.setPen(pen)
            painter.setBrush(style.brush)
            painter.setTransform(base)
            painter.translate(rect.topLeft())
            painter.drawPath(outline)
            painter.setTransform(base)  # the words where they were: type snaps to pixels
            painter.setPen(style.text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def font_of(self, item: NodeItem) -> QFont:
        """The type the concept's name is drawn in: the usual, or smaller where only a smaller
        name found room (SMALL_SHARES)."""
        return self._small.get(id(item), self._font)

    @contextmanager
    def kept_clear(
        self, scene: MapScene, transform: QTransform, riding: bool = False
    ) -> Iterator[None]:
        """While the map is painted under these names (a view's, a picture's, showing the scene
        through ``transform``), its bundles' counts keep clear of them: under a name a count
        could be neither read nor clicked (8 of the default map's 28 at fit in full HD).
        ``riding``: the names ride a move of the view, and the counts ride with them."""
        inverse, _ = transform.inverted()
        places = [inverse.mapRect(r.adjusted(-GAP, -GAP, GAP, GAP)) for r, _, _ in self.shown()]
        layer = scene.link_layer
        layer.keep_clear, layer.counts_ride = places, riding
        try:
            yield
        finally:
            layer.keep_clear, layer.counts_ride = [], False  # a picture has names of its own

    def node_at(self, pos: QPointF) -> NodeItem | None:
        """The concept whose name is under a viewport point."""
        for rect, item, _ in self.shown():
            if rect.contains(pos):
                return item
        return None


def _view_key(scene: MapScene, transform: QTransform, size: QSize) -> tuple:
    """What a choice of names is made for: the map as it is, seen through this view."""
    view = (transform.m11(), transform.dx(), transform.dy())
    return (scene, scene.revision, *view, size.width(), size.height())


def _along(left: float, right: float, w: float) -> list[float]:
    """Where a frame's title of width ``w`` may start along its top edge (viewport pixels): the
    middle, the two ends, then every quarter of the title's width in between, nearest the middle
    first. At fit a 19 px name is taller than the frame's title band, so it reaches down beside
    the members; the middle and ends were often taken by a member right under the band (two of
    the default map's frames went untitled in a 1920x1080 window), while a gap between two
    members further along was free."""
    middle = (left + right - w) / 2
    spots = [middle, left, right - w]
    step = max(w / 4, 4.0)
    count = int(max(right - w - left, 0.0) // step)
    spots += sorted((left + k * step for k in range(1, count + 1)), key=lambda x: abs(x - middle))
    return spots


def _widened(rect: Rect, margin: float) -> Rect:
    left, top, right, bottom = rect
    return left - margin, top - margin, right + margin, bottom + margin


def _free_tops(
    blocked: list[tuple[float, float]], low: float, high: float, ideal: float
) -> list[float]:
    """Where a name's top may go between ``low`` and ``high`` (viewport pixels) off the
    ``blocked`` stretches (sorted (from, to): a top strictly inside one hides something):
    in each free stretch the top nearest ``ideal`` and the stretch's two ends."""
    tops: list[float] = []
    start = low
    for a, b in [*blocked, (high, high)]:
        if start > high:
            break  # (and stays so: no stretch is left)
        if a >= start:
            end = a if a < high else high
            tops += {start, end, min(max(ideal, start), end)}
        if b > start:
            start = b
    return tops


class _Placer:
    """One frame's choice: where names may go in a viewport, in plain floats."""

    def __init__(
        self, boxes: _Boxes, scale: float, dx: float, dy: float, size: QSize, line: float
    ) -> None:
        self.boxes = boxes
        self.scale, self.dx, self.dy = scale, dx, dy
        self.width, self.height = float(size.width()), float(size.height())
        self.cell_w, self.cell_h = CELL_WIDTH, line + 2 * PAD_Y + GAP
        self.grid: dict[tuple[int, int], list[Rect]] = {}  # names and leaders, GAP wider
        self.names: dict[tuple[int, int], list[Rect]] = {}  # the names alone
        self.tests = 0  # places tried this frame, against MAX_TESTS
        self.full = False  # a selected name found no gap in the whole view
        self.selected = 0  # how many concepts are selected (see SELECTED_APART)
        self.boxes_off = False  # whether a leader must cross no box either (see leader_meets)

    def on_screen(self, item: NodeItem) -> bool:
        s, dx, dy = self.scale, self.dx, self.dy
        return (
            (item.cx + item.half_w) * s + dx >= 0
            and (item.cx - item.half_w) * s + dx <= self.width
            and (item.cy + item.half_h) * s + dy >= 0
            and (item.cy - item.half_h) * s + dy <= self.height
        )

    def under_a_name(self, x: float, y: float) -> bool:
        cell = (int(x // self.cell_w), int(y // self.cell_h))
        return any(ol < x < orr and ot < y < ob for ol, ot, orr, ob in self.grid.get(cell, ()))

    def fit(self, left: float, top: float, w: float, h: float) -> Rect:
        """Moved in whole from the viewport's edges."""
        left = min(max(left, EDGE), self.width - EDGE - w)
        top = min(max(top, EDGE), self.height - EDGE - h)
        return left, top, left + w, top + h

    def away(self, item: NodeItem, rect: Rect) -> float:
        """Pixels between the box and a name at ``rect`` (0 where they meet)."""
        s = self.scale
        x, y = item.cx * s + self.dx, item.cy * s + self.dy
        half_w, half_h = item.half_w * s, item.half_h * s
        left, top, right, bottom = rect
        across = max(left - (x + half_w), (x - half_w) - right, 0.0)
        down = max(top - (y + half_h), (y - half_h) - bottom, 0.0)
        return float(math.hypot(across, down))

    def centred(self, item: NodeItem, w: float, h: float) -> Rect:
        x, y = item.cx * self.scale + self.dx, item.cy * self.scale + self.dy
        return self.fit(x - w / 2, y - h / 2, w, h)

    def snapshot(self) -> tuple:
        """What ``restore`` needs to give back every place claimed after it."""
        grid = {cell: list(rects) for cell, rects in self.grid.items()}
        names = {cell: list(rects) for cell, rects in self.names.items()}
        return grid, names, self.full

    def restore(self, state: tuple) -> None:
        self.grid, self.names, self.full = state

    def untake(self, rect: Rect) -> None:
        """Give back a place ``take`` claimed."""
        left, top, right, bottom = rect
        box = (left - GAP, top - GAP, right + GAP, bottom + GAP)
        for cell in self._cells(rect):
            for grid in (self.grid, self.names):
                found = grid.get(cell, [])
                found[:] = [
                    o for o in found if max(abs(a - b) for a, b in zip(o, box, strict=True)) > 1e-6
                ]

    def _cells(self, rect: Rect) -> list[tuple[int, int]]:
        left, top, right, bottom = rect
        cw, ch = self.cell_w, self.cell_h
        return [
            (cx, cy)
            for cx in range(int((left - GAP) // cw), int((right + GAP) // cw) + 1)
            for cy in range(int((top - GAP) // ch), int((bottom + GAP) // ch) + 1)
        ]

    def names_met(self, rect: Rect) -> int:
        left, top, right, bottom = rect
        met = {
            other
            for cell in self._cells(rect)
            for other in self.grid.get(cell, ())
            if other[0] < right and left < other[2] and other[1] < bottom and top < other[3]
        }
        return len(met)

    def _in_scene(self, rect: Rect) -> Rect:
        s, dx, dy = self.scale, self.dx, self.dy
        left, top, right, bottom = rect
        return (
            (left - GAP - dx) / s,
            (top - GAP - dy) / s,
            (right + GAP - dx) / s,
            (bottom + GAP - dy) / s,
        )

    def boxes_met(self, rect: Rect, own: NodeItem) -> int:
        return self.boxes.covered(self._in_scene(rect), own)

    def clashes(self, rect: Rect, own: NodeItem) -> bool:
        self.tests += 1
        return bool(self.names_met(rect)) or self.boxes.meets_any(self._in_scene(rect), own)

    def take(self, rect: Rect, name: bool = True) -> None:
        """Claim ``rect``: a name's (no leader crosses it) or a piece of a leader's path."""
        left, top, right, bottom = rect
        box = (left - GAP, top - GAP, right + GAP, bottom + GAP)
        for cell in self._cells(rect):
            self.grid.setdefault(cell, []).append(box)
            if name:
                self.names.setdefault(cell, []).append(box)

    def between(
        self, item: NodeItem, xs: list[float], top: float, w: float, h: float
    ) -> list[Rect]:
        """Places for a frame's title ``w`` by ``h`` starting at ``xs``, from a line above its top
        edge to a line below it, that meet no name and no other box, the title's middle
        nearest the edge first: each just under or just over something in its way. The usual
        rows are half a line apart, and at 1280x800 four of the default map's 13 frames went
        untitled while a title a few pixels off them hid nothing (a line above the edge it met
        the members of the frame above, half a line above it those under its own top band)."""
        found: list[tuple[float, int, Rect]] = []
        low, high = top - h, top + h
        lefts = [self.fit(x, low, w, h)[0] for x in xs]
        near = self._spans(item, min(lefts), max(lefts) + w, low - GAP, high + h + GAP)
        lowest = self.height - EDGE - h  # as fit moves a place in from the viewport's edges
        for order, left in enumerate(lefts):
            right = left + w
            spans = [(a, b) for sl, sr, a, b in near if sl < right and left < sr]
            for y in {low, high, *(b for _, b in spans), *(a - h for a, _ in spans)}:
                if not low <= y <= high:
                    continue
                y = min(max(y, EDGE), lowest)
                if not any(a < y + h and y < b for a, b in spans):
                    found.append((abs(y + h / 2 - top), order, (left, y, right, y + h)))
        found.sort(key=lambda f: f[:2])
        return [rect for _, _, rect in found]

    def _spans(
        self, own: NodeItem, left: float, right: float, top: float, bottom: float
    ) -> set[tuple[float, float, float, float]]:
        """What a name between ``left`` and ``right`` and from ``top`` to ``bottom`` (viewport
        pixels) could meet, other names and boxes other than ``own``'s, each as where the
        name's left and right edges and its top meet it (the spans ``clashes`` refuses: a name
        from x0 to x1 with its top at y meets (l, r, a, b) when l < x1, x0 < r and a < y + h,
        y < b), SLACK wider."""
        spans = {
            (other[0], other[2], other[1] - SLACK, other[3] + SLACK)
            for cell in self._cells((left, top, right, bottom))
            for other in self.grid.get(cell, ())
            if other[0] < right and left < other[2] and other[1] < bottom and top < other[3]
        }
        s, dx, dy = self.scale, self.dx, self.dy
        sl, st, sr, sb = self._in_scene((left, top, right, bottom))
        for cx in range(int(sl // BOX_CELL), int(sr // BOX_CELL) + 1):
            for cy in range(int(st // BOX_CELL), int(sb // BOX_CELL) + 1):
                for bl, bt, br, bb, item in self.boxes.cells.get((cx, cy), ()):
                    if bl < sr and sl < br and bt < sb and st < bb and item is not own:
                        spans.add(
                            (
                                bl * s + dx - GAP,
                                br * s + dx + GAP,
                                bt * s + dy - GAP - SLACK,
                                bb * s + dy + GAP + SLACK,
                            )
                        )
        return spans

    def _candidates(self, item: NodeItem, w: float, h: float, steps: int) -> list[Rect]:
        """Over the box, then beside it: above, below, right, left, then ``steps`` - 1 times
        farther out."""
        s, dx, dy = self.scale, self.dx, self.dy
        x, y = item.cx * s + dx, item.cy * s + dy
        half_w, half_h = item.half_w * s, item.half_h * s
        candidates = [self.centred(item, w, h)]
        for step in range(steps):
            far = LEADER_GAP + step * (h + GAP)
            side = LEADER_GAP + step * (w / 2 + GAP)
            candidates += [
                self.fit(x - w / 2, y - half_h - far - h, w, h),  # above
                self.fit(x - w / 2, y + half_h + far, w, h),  # below
                self.fit(x + half_w + side, y - h / 2, w, h),  # right
                self.fit(x - half_w - side - w, y - h / 2, w, h),  # left
            ]
        return candidates

    def free(
        self, item: NodeItem, w: float, h: float, steps: int, wide: bool = False
    ) -> tuple[QRectF, QLineF | None] | None:
        """The first place that hides no name and no other concept, and whose leader crosses
        none either (nor the heading): over the box, or (with ``steps``) next to it; None when
        there is none. A name two steps out is tried because the nearer place was taken: its
        leader ran through what took it, and at 1280x720 "Cancer immunotherapy" went above
        the focus question with its leader striking through the question's words."""
        candidates = self._around(item, w, h) if wide else self._candidates(item, w, h, steps)
        for index, rect in enumerate(candidates):
            if self.away(item, rect) > NEAR_PX or self.clashes(rect, item):
                continue
            leader = self.leader(item, index, rect)
            if leader is None or not self.leader_meets(leader, item):
                return self._take(rect, leader)
        return None

    def _around(self, item: NodeItem, w: float, h: float) -> list[Rect]:
        """A selected name's places: those of ``_candidates``, then across the box's four
        corners, then farther out above, below and to either side, up to SELECTED_STEPS."""
        s, dx, dy = self.scale, self.dx, self.dy
        x, y = item.cx * s + dx, item.cy * s + dy
        half_w, half_h = item.half_w * s, item.half_h * s
        places = self._candidates(item, w, h, SELECTED_STEPS)
        for step in range(SELECTED_STEPS // 2):
            far = LEADER_GAP + step * (h + GAP)
            places += [
                self.fit(x + half_w + LEADER_GAP, y - half_h - far - h, w, h),  # above right
                self.fit(x - half_w - LEADER_GAP - w, y - half_h - far - h, w, h),  # above left
                self.fit(x + half_w + LEADER_GAP, y + half_h + far, w, h),  # below right
                self.fit(x - half_w - LEADER_GAP - w, y + half_h + far, w, h),  # below left
            ]
        return places

    def best(
        self, item: NodeItem, shapes: list[tuple[int, str, float, float]]
    ) -> tuple[QRectF, QLineF | None, str]:
        """A selected concept's name: of its ``shapes`` (rank, text, width, height; see
        HubNames._shapes) and their places (``_around``), one that covers no other name, the
        least shortened, then hiding the fewest boxes, then whose leader crosses the fewest;
        the heading's words, hidden or struck through by the leader, weigh more than any
        shortening. Only when no form fits anywhere does it go where it hides the fewest
        names. Selected names come first, so only boxes and other selected names can be in
        the way."""
        best: tuple[tuple[int, ...], Rect, Rect | None, str] | None = None
        rich = self.selected <= SELECTED_APART
        for rank, text, w, h in shapes if rich else shapes[:1]:
            if best is not None and best[0][:3] <= (0, 0, rank):
                break  # a less shortened form is placed without hiding a name or the heading
            places = self._around(item, w, h) if rich else self._candidates(item, w, h, 4)
            for index, rect in enumerate(places):
                self.tests += 1
                names = self.names_met(rect)
                cost: tuple[int, ...] = (min(names, 1), 0, rank, names)
                if best is not None and cost > best[0][:4]:
                    continue
                hides = self.boxes_met(rect, item)
                if best is not None and (*cost, hides) > best[0][:5]:
                    continue  # hides more than the best already: its leader cannot help it
                crosses = 0
                leader = self.leader(item, index, rect)
                if leader is not None:
                    crossed = self.boxes.crossed(self._line_in_scene(leader), item)
                    crosses = len(crossed) + self._names_crossed(leader) * 2
                    if self.boxes.heading in crossed:
                        hides += HEADING_COST
                cost = (min(names, 1), int(hides >= HEADING_COST), rank, names, hides, crosses)
                if best is None or cost < best[0]:
                    best = (cost, rect, leader, text)
                if cost == (0, 0, rank, 0, 0, 0):
                    break
        assert best is not None  # there is always the centred candidate
        if best[0][0] and rich and not self.full:  # every place near it hides a name: the
            # nearest free gap farther
            _, text, w, h = shapes[-1]
            gap = self.nearest_gap(item, w, h)
            if gap is not None:
                best = (best[0], gap[0], gap[1], text)
            else:
                self.full = True  # names fill the view: no later name finds a gap either
        named, line = self._take(best[1], best[2])
        return named, line, best[3]

    def nearest_gap(
        self, item: NodeItem, w: float, h: float, origin: tuple[float, float] | None = None
    ) -> tuple[Rect, Rect | None] | None:
        """The place nearest the box, anywhere in the viewport, that hides no name and whose
        leader crosses none (else the nearest that hides none), walked out ring by ring over a
        grid half a name wide and half a name tall, from its box's centre or ``origin`` (a
        frame's title from the middle of its top edge); None when the names fill the viewport."""
        s, dx, dy = self.scale, self.dx, self.dy
        cx, cy = origin or (item.cx * s + dx, item.cy * s + dy)
        x, y = cx - w / 2, cy - h / 2
        step_x, step_y = max(w / 2, CELL_WIDTH / 2), (h + GAP) / 2
        rings = int(max(self.width / step_x, self.height / step_y)) + 1
        seen: set[Rect] = set()
        crossing: tuple[Rect, Rect | None] | None = None  # the nearest whose leader crosses one
        for ring in range(1, rings + 1):
            for i in range(-ring, ring + 1):
                for j in range(-ring, ring + 1):
                    if max(abs(i), abs(j)) != ring:
                        continue
                    if len(seen) > GAP_TRIES:
                        return crossing
                    rect = self.fit(x + i * step_x, y + j * step_y, w, h)
                    if rect in seen:
                        continue
                    seen.add(rect)
                    self.tests += 1
                    if self.names_met(rect):
                        continue
                    leader = self.leader(item, 1, rect)
                    if leader is None or not self._names_crossed(leader):
                        return rect, leader
                    crossing = crossing or (rect, leader)
        return crossing

    def nearest_clear(
        self, item: NodeItem, w: float, h: float, reach: float, near: float
    ) -> tuple[Rect, Rect | None] | None:
        """The place nearest the box's centre, no farther than ``reach`` pixels (and ``near``
        from the box), that hides no name and no other box and whose leader crosses no name
        nor the heading (as ``free`` asks). Nearest as the crow flies: rings of a grid put
        "association" 340 pixels aside, by another hub's box, rather than 180 above its own.
        Each place tried is just clear of something in the way, its side against that
        thing's side, its top or bottom in the nearest free stretch: a grid half a name wide
        and a name tall missed the one hole by "Resistance to immunotherapy" (50 pixels off,
        amid its theme's chips), which went unnamed at fit in full HD (see _free_tops). Amid
        more than CROWD things, where a hole is rare and looking just clear of each costs
        too much, the grid is walked instead (``_on_grid``)."""
        s, dx, dy = self.scale, self.dx, self.dy
        cx, cy = item.cx * s + dx, item.cy * s + dy
        half_w, half_h = item.half_w * s, item.half_h * s
        out_x, out_y = min(reach, half_w + near), min(reach, half_h + near)
        left0, right0 = max(cx - out_x - w, EDGE), min(cx + out_x + w, self.width - EDGE)
        top0, bottom0 = max(cy - out_y - h, EDGE), min(cy + out_y + h, self.height - EDGE)
        if right0 - left0 < w or bottom0 - top0 < h:
            return None
        spans = self._spans(item, left0, right0, top0, bottom0)
        if len(spans) > CROWD:
            return self._on_grid(item, w, h, reach, near)
        lefts = {cx - w / 2, cx + half_w + LEADER_GAP, cx - half_w - LEADER_GAP - w}
        lefts |= {sr + SLACK for _, sr, _, _ in spans} | {sl - w - SLACK for sl, _, _, _ in spans}
        # The lefts nearest first; a place is tried once no left still to come can be nearer
        # (a left's places are no nearer than it is aside): the biolink ontology's main hub
        # looks a third of the view out, past hundreds of boxes.
        order = sorted(
            (abs(left + w / 2 - cx), left) for left in lefts if left0 <= left <= right0 - w
        )
        # What is in the way filed in columns CELL_WIDTH wide, and at most CLEAR_WORK of it
        # looked at: at fit on the 5k map a hub's search went through every left and every
        # thing in the way of each, 1 to 5 s, and found nothing.
        # (each with its top range taken already: where the name's top may not go)
        columns: dict[int, list[tuple[float, float, float, float]]] = {}
        for sl, sr, a, b in spans:
            span = (sl, sr, a - h, b)
            for col in range(int(sl // CELL_WIDTH), int(sr // CELL_WIDTH) + 1):
                columns.setdefault(col, []).append(span)
        # (a name spans two to four columns: each thing in the way looked at once a left, not
        # once a column, and only the columns' spans that reach across it)
        work = CLEAR_WORK
        places: list[tuple[float, Rect]] = []
        for aside, left in [*order, (math.inf, math.nan)]:
            while places and (places[0][0] <= aside or work < 0):
                _, rect = heapq.heappop(places)
                if self.clashes(rect, item):
                    continue  # a hair off after rounding to scene units
                leader = self.leader(item, 1, rect)
                if leader is None or not self.leader_meets(leader, item):
                    return rect, leader
            if aside > reach or work < 0:
                break
            right = left + w
            cols = [
                columns.get(col, ())
                for col in range(int(left // CELL_WIDTH), int(right // CELL_WIDTH) + 1)
            ]
            near_by = {
                span for spans_in in cols for span in spans_in if span[0] < right and left < span[1]
            }
            work -= sum(map(len, cols))
            blocked = sorted([(a, b) for _, _, a, b in near_by])
            for top in _free_tops(blocked, top0, bottom0 - h, cy - h / 2):
                rect = (left, top, right, top + h)
                far = math.hypot(left + w / 2 - cx, top + h / 2 - cy)
                if far <= reach and self.away(item, rect) <= near:
                    heapq.heappush(places, (far, rect))
        return None

    def _on_grid(
        self, item: NodeItem, w: float, h: float, reach: float, near: float
    ) -> tuple[Rect, Rect | None] | None:
        """``nearest_clear`` on a grid half a name wide and a name tall, nearest first, at most
        CLEAR_TRIES places: what the 1k and 5k maps' crowds cost before (a few ms a search,
        where looking just clear of each of their 1,000 to 4,400 things took 30 to 95 ms)."""
        s, dx, dy = self.scale, self.dx, self.dy
        cx, cy = item.cx * s + dx, item.cy * s + dy
        step_x, step_y = max(w / 2, CELL_WIDTH / 2), h + GAP
        across, down = int(reach // step_x), int(reach // step_y)
        offsets = sorted(
            ((i * step_x) ** 2 + (j * step_y) ** 2, i * step_x, j * step_y)
            for i in range(-across, across + 1)
            for j in range(-down, down + 1)
            if (i or j) and (i * step_x) ** 2 + (j * step_y) ** 2 <= reach**2
        )
        seen: set[Rect] = set()
        for _, ox, oy in offsets[:CLEAR_TRIES]:
            rect = self.fit(cx + ox - w / 2, cy + oy - h / 2, w, h)
            if rect in seen:
                continue
            seen.add(rect)
            if self.away(item, rect) > near or self.clashes(rect, item):
                continue
            leader = self.leader(item, 1, rect)
            if leader is None or not self.leader_meets(leader, item):
                return rect, leader
        return None

    def leader(self, item: NodeItem, index: int, rect: Rect) -> Rect | None:
        """The thin line (x0, y0, x1, y1) from the box's edge to the name at ``rect``,
        candidate ``index`` (0 is over the box: no line)."""
        if not index:
            return None
        s, dx, dy = self.scale, self.dx, self.dy
        x, y = item.cx * s + dx, item.cy * s + dy
        half_w, half_h = item.half_w * s, item.half_h * s
        left, top, right, bottom = rect
        nx = min(max(x, left), right)
        ny = min(max(y, top), bottom)
        bx = min(max(nx, x - half_w), x + half_w)
        by = min(max(ny, y - half_h), y + half_h)
        if abs(nx - bx) + abs(ny - by) <= 1:
            return None
        return bx, by, nx, ny

    def _line_in_scene(self, line: Rect) -> Rect:
        s, dx, dy = self.scale, self.dx, self.dy
        x0, y0, x1, y1 = line
        return (x0 - dx) / s, (y0 - dy) / s, (x1 - dx) / s, (y1 - dy) / s

    def _names_crossed(self, line: Rect) -> int:
        """How many names the leader ``line`` runs through; other leaders it may cross, as
        links cross: kept off them too, T cells found no place at fit at 1280x720 whose
        leader crossed neither Cancer cells' name nor the leaders round it."""
        x0, y0, x1, y1 = line
        bounds = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        met = {
            other
            for cell in self._cells(bounds)
            for other in self.names.get(cell, ())
            if _crosses(line, other)
        }
        return len(met)

    def leader_meets(self, line: Rect, item: NodeItem) -> bool:
        """Whether a leader would cross a name or the heading's words. It may cross other
        boxes, as links do: kept off every box too, the map's second and third most linked
        concepts (Immune checkpoint inhibitors, T cells) went unnamed at 1280x720 and
        1100x700 and Immune checkpoint inhibitors, Cancer cells and Resistance to
        immunotherapy in a full-HD window's canvas (1280x985), while lesser ones were named."""
        if self._names_crossed(line):
            return True
        if self.boxes_off:  # half a pixel off every box too, as it is drawn
            x0, y0, x1, y1 = line
            return any(
                self.boxes.crossed(self._line_in_scene((x0 + a, y0 + b, x1 + a, y1 + b)), item)
                for a, b in ((0, 0), (0.5, 0), (-0.5, 0), (0, 0.5), (0, -0.5))
            )
        return self.boxes.heading in self.boxes.crossed(self._line_in_scene(line), item)

    def _take(self, rect: Rect, leader: Rect | None) -> tuple[QRectF, QLineF | None]:
        """Claim ``rect`` and its leader's path: a name placed later hides neither."""
        self.take(rect)
        line = None
        if leader is not None:
            x0, y0, x1, y1 = leader
            line = QLineF(x0, y0, x1, y1)
            # in pieces a cell tall, so a slanting leader claims a strip, not its bounding box
            pieces = max(1, int(line.length() // self.cell_h) + 1)
            for k in range(pieces):
                a, b = line.pointAt(k / pieces), line.pointAt((k + 1) / pieces)
                self.take(
                    (min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y())),
                    name=False,
                )
        left, top, right, bottom = rect
        return QRectF(left, top, right - left, bottom - top), line


def _beside(examined: int, placed: int, own_words: bool) -> int:
    """How many steps out from its box a concept's name may go (0: only over the box). The
    main hubs may sit farther out than the rest. Once the concepts' own labels are drawn as
    words, a name beside its box read as a second concept of that name (three wheel steps in
    from fit, "Resistance to immunotherapy" big under its own small box): then a name goes
    over its box or not at all."""
    if own_words:
        return 0
    return 4 if examined < FAR_UP_TO else 2 if placed < BESIDE_UP_TO else 0


def _said(text: str) -> str:
    """A name as read: lines and case aside, so two names that read the same are found."""
    return " ".join(text.split()).casefold()


def _crosses(line: Rect, rect: Rect) -> bool:
    """Whether the segment ``line`` (x0, y0, x1, y1) runs through the inside of ``rect`` (left,
    top, right, bottom); touching an edge or a corner is not crossing."""
    x0, y0, x1, y1 = line
    return segment_meets((x0, y0), (x1, y1), rect)


def _theme_mains(scene: MapScene) -> list[str]:
    """Each frame's most linked concept of its own (not an inner frame), most linked first: the
    centre of its theme. Named after the main hubs and the titles, before the rest: at fit in
    full HD "Why treatment fails" was a frame of orange chips and no name for its centre,
    "Resistance to immunotherapy" (13 links), while lesser concepts round it were named."""
    rank = {node_id: index for index, node_id in enumerate(scene.hub_order())}
    frames = set(scene.group_ids())
    mains = [
        min(members, key=lambda m: rank.get(m, len(rank)))
        for members in (
            [m for m in scene.direct_members(g) if m not in frames] for g in scene.group_ids()
        )
        if members
    ]
    return sorted(set(mains), key=lambda m: rank.get(m, len(rank)))


def _in_view(scene: MapScene, node_id: str, placer: _Placer) -> bool:
    """Whether the concept could be named: shown, lit, its centre in the viewport."""
    item = scene.node_items.get(node_id)
    if item is None or not item.shown or item.dimmed:
        return False
    x, y = item.cx * placer.scale + placer.dx, item.cy * placer.scale + placer.dy
    return 0 <= x <= placer.width and 0 <= y <= placer.height


def _titleable(item: NodeItem | None, placer: _Placer) -> TypeGuard[GroupItem]:
    """A frame whose title could be placed: drawn as a frame, shown, lit and on screen."""
    return (
        isinstance(item, GroupItem)
        and item.frame is not None
        and item.shown
        and not item.dimmed
        and placer.on_screen(item)
    )


def _picture_pad(pen: QPen) -> int:
    """Pixels round a name's picture for its outline's pen and the antialiasing beyond it."""
    return math.ceil(pen.widthF() / 2) + 1


def _name_picture(
    outline: QPainterPath,
    rect: QRectF,
    text: str,
    font: QFont,
    pen: QPen,
    style: KindStyle,
    ratio: float,
    hints: QPainter.RenderHint,
) -> QPixmap:
    """A name as HubNames.draw draws it at rest, on a clear picture ``_picture_pad`` wider
    each side, for device pixels ``ratio`` to a pixel."""
    pad = _picture_pad(pen)
    width, height = math.ceil(rect.width()) + 2 * pad, math.ceil(rect.height()) + 2 * pad
    picture = QPixmap(round(width * ratio), round(height * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHints(hints)
    painter.translate(pad, pad)
    painter.setPen(pen)
    painter.setBrush(style.brush)
    painter.drawPath(outline)
    painter.setFont(font)
    painter.setPen(style.text)
    painter.drawText(
        QRectF(0.0, 0.0, rect.width(), rect.height()), Qt.AlignmentFlag.AlignCenter, text
    )
    painter.end()
    return picture
