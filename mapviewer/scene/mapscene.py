"""The canvas: mirrors the document as graphics items and reports what the user picked.

The scene owns no data. It builds items from the document, follows the document's signals, and
keeps id -> item lookups. Concept and link items sit directly in the scene (a parent layer made
Qt walk one more level per item on every frame); when labels become too small to read, a big map
veils them and the batched overview draws the whole map in one call.
"""

from __future__ import annotations

import gc
import math
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QLineF, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPixmapCache
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QToolTip,
)
from shiboken6 import isValid

from mapviewer import fans
from mapviewer.boxes import fitted_font
from mapviewer.document import Document
from mapviewer.groups import (
    ancestors,
    children_map,
    descendants,
    innermost_first,
    kept_frame,
    own_frame,
    valid_parents,
)
from mapviewer.memory import LINK_ITEMS_UP_TO
from mapviewer.model import (
    SHARED_PHRASE,
    Edge,
    Node,
    caption_offset,
    common_text_size,
    phrase_meetings,
    proposition,
)
from mapviewer.routing import STRAIGHT
from mapviewer.scene.bundles import outermost_frame
from mapviewer.scene.dimming import DimState
from mapviewer.scene.edgeitem import (
    BEND_HANDLE_PX,
    BEND_HANDLES_FROM,
    LABEL_PAD_X,
    LABEL_PAD_Y,
    EdgeItem,
    LinkContext,
    yed_heads,
)
from mapviewer.scene.focusquestion import FocusQuestionItem
from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.hubnames import KEY_LINKS, main_hubs, ranking
from mapviewer.scene.linklayer import LinkLayer
from mapviewer.scene.nodeitem import MIN_READABLE_PX, NodeItem, label_box, update_links
from mapviewer.scene.overview import LineStyle, OverviewFrame, OverviewItem
from mapviewer.scene.segments import Segments
from mapviewer.scene.style import (
    LIGHT,
    KindStyle,
    Theme,
    concept_style,
    kind_styles,
    lettered,
    on_page,
)
from mapviewer.scene.text import plain_tooltip, shared_label

# Maps this small always draw every item: a few hundred Python paint calls are cheap.
OVERVIEW_MIN_NODES = 300
OVERVIEW_CACHE_FROM = 8000  # concepts; smaller overviews redraw faster than a 6 MB cache is worth
# Seconds a whole map's links may spend going round boxes (on opening, or changing the routing);
# the default map takes about 1 s orthogonal, a 5k map would take minutes.
ROUTING_SECONDS = 3.0
# Maps up to this many links are always routed whole, however slow the machine: the same map
# must draw the same way every time (a slide, a screenshot); only bigger maps fall back to
# straight links when the budget runs out.
ROUTE_WHOLE_UP_TO = 1000
MARGIN = 400.0
# From this many concepts a map opened with ``links_later`` makes its concept items after its
# first frame (the overview draws that from plain numbers): on the 100k clustered map making
# 100,000 items took 3.2 s of the 7.4 s to the first frame.
LAZY_FROM = 5000
# Seconds of concept items made per turn of the event loop after a big map's first frame
# (when_built): a click or a key waits at most about this long, where making the 100k map's
# 100,000 items in one block froze the window for 3.5 s.
START_SLICE = 0.04
# From this many links, link items are made only for the part of the map a closer zoom shows
# (show_region), and kept: the 100k map's 140,000 link items took 0.9 GB, past its 1.5 GB
# budget, for a picture the overview draws from the concepts' centres.
LINKS_BY_REGION_FROM = LINK_ITEMS_UP_TO
# Shown area a region's links are made for, as a share of the viewport's size on each side:
# a pan of less than that needs no new query.
REGION_REACH = 0.5
# Concepts moved at once up to which their links by region get their items at once (a drag);
# beyond it (a layout) the links' courses are read again at the next closer look.
MOVES_FOLLOWED = 1000
# The dim filter the window sets to light the clicked or pointed-at concept's neighbours
# (mapviewer.ui.navigation.explore): a mark, as the selection is, left out of pictures.
NEIGHBOURS_FILTER = "neighbours"
# Qt's item index splits the scene log2(items) times and files each item in every leaf its
# bounding box meets: on the 100k clustered map (240,000 items, 2^18 leaves) the 7,000 links
# across the map went into tens of thousands of leaves each, GBs of index. A fixed depth keeps
# a long link in at most 2^BSP_DEPTH leaves; a leaf then holds a few hundred items, which
# Qt tests in C++ for a click or a frame.
BSP_DEPTH = 10


# Links whose phrases are placed again when filters show or hide things (see
# place_phrases_again): 11 ms for the default map's 299 here.
PHRASES_AGAIN_UP_TO = 3000


class MapScene(QGraphicsScene):
    """Graphics for one document."""

    current_changed = Signal(str, str)  # ("node" | "edge" | "", id)
    hover_changed = Signal(str)  # the concept under the mouse, "" when none
    dimming_changed = Signal(str)  # the name of a dim filter set or cleared
    visibility_changed = Signal()
    # Link ids whose items a closer look (or a search) just made, links by region only: what
    # restyles links (evidence colouring) styles these as they come.
    links_made = Signal(list)
    _editable = True
    _staged: frozenset[str] = frozenset()  # concepts drawn away from their place (see stage)
    # Bumped when concepts move, resize, show or hide (not when they fade or are selected):
    # what the names drawn when zoomed out keep clear of (scene/hubnames.py).
    geometry_revision = 0

    def __init__(
        self,
        document: Document,
        theme: Theme = LIGHT,
        editable: bool = True,
        cached: bool = True,
        links_later: bool = False,
        build_later: bool = False,
        searches_later: bool = False,
        indexed: bool = True,
    ) -> None:
        """Concepts keep their pixels (label text and antialiased outlines are the dear part of
        a frame). The link layer does not: its cache was a viewport-sized picture, 9 MB of a
        1k map's peak memory, for repaints that batched lines redraw in a few milliseconds
        (1k zoomed 2.7 -> 7.2 ms, pan 12.3 -> 8.8 ms). With ``cached`` off concepts draw
        straight to the screen until
        ``set_caching(True)``: filling 160 pixel caches made the window's first frame 5 ms
        slower, and frames drawn once (slides, PDF) gain nothing from them.

        With ``links_later``, a map big enough to open in the overview gets its link items
        only when ``build_links`` is called or a closer zoom needs them: the overview draws
        links from the concepts' centres, and building 1,400 link items took half of a 1k
        map's scene build (65 ms) before its first frame.

        With ``build_later`` (a map opened in the background) no concept item is made yet: the
        loader calls ``build_some`` in slices from a timer, the window and the map open now
        staying usable, and shows the scene once ``items_pending`` is False.

        With ``searches_later`` (the window's first map), a routed link that only a search
        round the boxes can clear is drawn straight until ``finish_searches``: those searches took
        110 of the 210 ms the default map's scene took to build before its first frame.

        Without ``indexed`` (a scene only measured, on a worker thread: see Stage) Qt keeps no
        index of where the items are: its index runs a timer, which a thread without an event
        loop cannot (Qt warns at every item added)."""
        super().__init__()
        self.document = document
        self._cache_mode = _cache_mode(cached)
        self.theme = on_page(lettered(theme, document.cmap.lettering), document.cmap.background)
        self.editable = editable
        self.hidden_kinds: set[str] = set()
        self._keep_filters: dict[str, set[str]] = {}  # name -> the only concepts to show
        self._link_filters: dict[str, set[str]] = {}  # name -> the only links to show
        # name -> (concept ids, link ids) to keep bright; everything else is dimmed
        self._dim_filters: dict[str, tuple[set[str], set[str]]] = {}
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[str, EdgeItem] = {}
        self.styles: dict[str, KindStyle] = {}
        self.own_styles: dict[str, KindStyle] = {}  # concepts' own looks, see concept_style
        self.overview_mode = False
        self._overview_dirty = True
        self._joined: set[str] = set()  # links drawn through their phrase's meeting point
        self._current: tuple[str, str] = ("", "")
        self._links_later = links_later or build_later
        self._build_later = build_later
        self._searches_later = searches_later
        self.links_pending = False  # link items not built yet (see build_links)
        # Concepts whose items are not made yet (see LAZY_FROM): the ids, the order they are
        # made in, and how far that got. Their boxes meanwhile come from _plain_boxes.
        self._pending: set[str] = set()
        self._pending_order: list[str] = []
        self._pending_at = 0
        self._plain: _PlainBoxes | None = None
        self._label_px: tuple[tuple[int, Theme], float] | None = None  # see label_px
        self._when_built: list[Callable[[], None]] | None = None  # see when_built
        # Link items made by region (see LINKS_BY_REGION_FROM): every link's ends, and the
        # area the links were last made for.
        self.links_by_region = False
        self._segments: Segments | None = None
        self._region_done: QRectF | None = None
        # Links selected whose items are not made yet (Select All on a map with links by
        # region): selected as their items come (_make_by_region), counted by selected_ids.
        self._unmade_selected: set[str] = set()
        self._line_styles: dict[str, LineStyle] = {}  # see set_line_styles
        self._phrases_first: Collection[str] | None = None  # see phrases_placed_once
        self._off_links = False  # see keep_phrases_off_links
        if indexed:
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
            self.setBspTreeDepth(BSP_DEPTH)
        else:
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(self.theme.canvas)
        self._overlays: list[QGraphicsItem] = []  # see overlay_items
        self._bounds_pending = False
        self._selection_order: list[str] = []  # selected concepts, the last clicked last
        self._selected_nodes: set[str] = set()
        # node_at's boxes of the shown concepts and the geometry_revision they were read at
        self._hit_boxes: tuple[int, list[tuple[float, float, float, float, str]]] | None = None
        self._hub_order: list[str] | None = None
        self._main_hubs: list[str] | None = None
        self._key_hubs: list[str] | None = None
        # Bumped by every change that can move, hide, fade or rename what the view names when
        # zoomed out (scene/hubnames.py), so unchanged frames reuse the last choice.
        self.revision = 0
        # Groups (mapviewer.groups): concept -> its group, group -> members, the collapsed ones.
        self._parents: dict[str, str] = {}
        self._children: dict[str, list[str]] = {}
        self._collapsed: set[str] = set()
        # Groups without members drawn as frames all the same, at the file's rectangle (see
        # groups.own_frame): Obsidian's bands laid across its columns. In file order, as the
        # names at fit try their titles in this order.
        self._alone: dict[str, None] = {}
        self.selectionChanged.connect(self._on_selection_changed)
        self._connect_document(document)
        self.rebuild()

    # --- building -------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Recreate every item from the document (on load and when the whole map changes)."""
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.node_items.clear()
        self.edge_items.clear()
        self._dim_state = DimState()  # what _apply_dimming faded: nothing yet
        cmap = self.document.cmap
        self._read_groups()
        self.styles = kind_styles(cmap, self.theme)
        self.own_styles = {}
        self.link_layer = LinkLayer(self.theme, self.bundle_end)
        self.link_context = LinkContext(cmap.routing)
        self.link_context.off_links = self._off_links
        # A big map's routing has a time budget instead (see _routing_budget).
        self.link_context.search_later = (
            self._searches_later and len(cmap.edges) <= ROUTE_WHOLE_UP_TO
        )
        self._searches_later = False  # a rebuild later is not racing a first frame
        self.overview = OverviewItem(self.theme)
        if len(cmap.nodes) >= OVERVIEW_CACHE_FROM:  # drawing it takes over 50 ms from here on
            self.overview.setCacheMode(self._cache_mode)
        self.overview.setVisible(False)
        self._plain = None
        self._segments = None
        self._links_at = 0  # link items made so far by build_links_some, in file order
        self._link_seconds = 0.0  # and the time they took (the routing budget is shared)
        self._region_done = None
        self._unmade_selected = set()
        lazy = self._build_later or (
            self._links_later and len(cmap.nodes) >= LAZY_FROM and not self._children
        )
        self.links_by_region = self._links_later and len(cmap.edges) >= LINKS_BY_REGION_FROM
        self.links_pending = self._links_later and (
            len(cmap.nodes) >= OVERVIEW_MIN_NODES or self.links_by_region
        )
        loader = self._build_later
        self._links_later = self._build_later = False  # later builds are not racing a frame
        if lazy:
            self._pending_order = [node.id for node in cmap.nodes]
            self._pending = set(self._pending_order)
            self._pending_at = 0
        else:
            self._pending_order, self._pending = [], set()
            # Concepts and links are top-level items, so Qt's BSP index culls them one by one:
            # as children of a layer item, every repaint walked all of them (20,000 on a 20k
            # map).
            for node in cmap.nodes:  # placed before they join the index and before links exist
                self._make_pending_item(node.id)
        if not self.links_pending and not self._pending:
            self._layout_groups()  # links are routed knowing where the frames' titles are
            self._make_links()
        self.addItem(self.link_layer)
        self.addItem(self.overview)
        self.focus_heading = FocusQuestionItem(self.theme)
        self.addItem(self.focus_heading)
        self._selected_edges: list[EdgeItem] = []
        self._selected_nodes = set()
        # A big map opens at fit, in the overview: its items are made veiled, rather than
        # veiled one by one once the view has fitted it (100,000 opacity changes).
        self.overview_mode = lazy and len(cmap.nodes) >= OVERVIEW_MIN_NODES
        self.link_layer.setVisible(not self.overview_mode)
        self.overview.setVisible(self.overview_mode)
        self._overview_dirty = True
        self._current = ("", "")
        if not loader:  # the loader's scene is shown once built: build_some measures it then
            self._apply_visibility()
            self._layout_groups()

    def addItem(self, item: QGraphicsItem) -> None:
        """Items that are neither concepts nor links (the focus question, a found path's
        drawing, the line of a link being drawn) are listed as they come, for the view to draw
        over the overview (see overlay_items)."""
        super().addItem(item)
        if not isinstance(item, NodeItem | EdgeItem | LinkLayer | OverviewItem):
            self._overlays.append(item)

    def overlay_items(self) -> list[QGraphicsItem]:
        """What the view draws over the overview, in stacking order: the items ``addItem``
        listed that are still in this scene and visible. In overview mode the view draws the
        overview and these itself, without asking Qt's index for the 48,000 items of a 20k
        map under the viewport (mapview.MapView.paintEvent)."""
        self._overlays = [i for i in self._overlays if isValid(i) and i.scene() is self]
        shown = [i for i in self._overlays if i.isVisible() and i.opacity() > 0]
        return sorted(shown, key=lambda i: i.zValue())

    def _routing_budget(self, seconds: float) -> float | None:
        """``seconds`` for a big map's whole-map routing; no limit for a map of ordinary size."""
        return seconds if len(self.document.cmap.edges) > ROUTE_WHOLE_UP_TO else None

    def _make_links(self) -> None:
        self.link_context.budget(self._routing_budget(ROUTING_SECONDS - self._link_seconds))
        made = self.edge_items
        bends = self._planned_bends()
        for edge in self.document.cmap.edges:
            if edge.id not in made:  # build_links_some may have made some already
                self._make_edge_item(edge.id, bends.get(edge.id, 0.0))
        self._assign_bends()
        self._assign_junctions()
        self.link_context.budget(None)
        self.link_context.search_later = False  # what waits is routed by finish_searches

    def build_links(self) -> None:
        """Build the concept items and the link items a ``links_later`` scene put off (a map
        with LINKS_BY_REGION_FROM links makes its link items as a closer zoom shows them, see
        show_region); does nothing once built."""
        self.finish_items()
        if not self.links_pending:
            return
        self.links_pending = False
        if not self.links_by_region:
            self._make_links()
        self._apply_visibility()

    def finish_searches(self) -> None:
        """Route the links a ``searches_later`` scene drew straight, then place every phrase
        again in the order the links were made: where they would sit had the links been routed
        at once."""
        context = self.link_context
        waiting = [item for item in context.waiting if item.scene() is self]
        context.waiting.clear()
        if not waiting:
            return
        for item in waiting:
            item.update_geometry()
        self.place_phrases_again()

    # --- items made after the first frame, or as the view needs them ----------------------------

    def build_links_some(self, seconds: float) -> float:
        """Make for about ``seconds`` the link items a big map put off; the share made so far
        (1.0 once none are left, or when the map makes them by region, or concepts are still
        pending). build_more calls it after build_some, so a 20k map's 28,000 link items are
        made in slices while the open map stays usable: left for the first
        zoom past the overview, they were made in one block there, the window frozen 2.5-12 s
        (by hand under Xvfb, the 20k map opened from the shell)."""
        if not self.links_pending or self.links_by_region or self._pending:
            return 1.0
        edges = self.document.cmap.edges
        start = time.perf_counter()
        budget = self._routing_budget(ROUTING_SECONDS)
        if budget is not None:  # one budget for the whole map, however many slices it takes
            budget = max(0.0, budget - self._link_seconds)
        self.link_context.budget(budget)
        deadline = start + seconds
        made = self.edge_items
        at = self._links_at
        while at < len(edges):
            edge_id = edges[at].id
            at += 1
            if edge_id not in made:
                self._make_edge_item(edge_id)
            if at % 64 == 0 and time.perf_counter() > deadline:
                break
        self._links_at = at
        self._link_seconds += time.perf_counter() - start
        self.link_context.budget(None)
        if at < len(edges):
            return at / len(edges)
        self.links_pending = False
        self._assign_bends()
        self._assign_junctions()
        self._apply_visibility()
        return 1.0

    def build_more(self, seconds: float) -> float:
        """One slice of a scene built in the background: its concept items, then the link
        items it would otherwise make at the first closer zoom (build_links_some); the share
        of the whole done so far."""
        done = self.build_some(seconds)
        if done < 1.0:
            return done / 2
        return 0.5 + self.build_links_some(seconds) / 2

    @property
    def items_pending(self) -> bool:
        """Concepts whose items are not made yet (a big map before its first frame is over, or
        one the loader is still building)."""
        return bool(self._pending)

    def build_some(self, seconds: float) -> float:
        """Make pending concept items for about ``seconds``; the share made so far (1.0 when
        every concept has its item, and the links the map wants at once are made too)."""
        if not self._pending:
            return 1.0
        deadline = time.perf_counter() + seconds
        order, pending = self._pending_order, self._pending
        at = self._pending_at
        while at < len(order):
            node_id = order[at]
            at += 1
            if node_id in pending:
                self._make_pending_item(node_id)
                if at % 64 == 0 and time.perf_counter() > deadline:
                    break
        self._pending_at = at
        if at < len(order):
            return at / len(order)
        self._pending.clear()
        self._pending_order = []
        if not self.links_pending:
            self._make_links()
        if self._plain is None:  # never drawn (the loader's): measured and shown now
            self._apply_visibility()
        else:
            # Drawn from the plain boxes, which are the items' own: the overview keeps them.
            # Drawing it again freed and remade 40,000 small Qt objects among the new items,
            # and every click later read the items (20k map) at a third of the speed.
            self._plain = None
            self.revision += 1
            self.geometry_revision += 1  # clicks and names now read the items
        self.update()
        # The items live as long as the map: out of the collector's way, as the first map's
        # are after its first frame (app.run). Made after that freeze, a 20k map's items
        # were walked by every full collection, 0.1 s landing inside a click.
        gc.freeze()
        return 1.0

    def when_built(self, then: Callable[[], None]) -> None:
        """Call ``then`` once every concept has its item, making the pending ones in slices
        of START_SLICE from a timer, so that the window answers meanwhile (a click makes the
        item it needs at once, see node_item). Without pending items ``then`` runs from a zero
        timer, after the frame being drawn, as before."""
        if not self._pending:
            QTimer.singleShot(0, then)
            return
        if self._when_built is not None:
            self._when_built.append(then)
            return
        waiting = self._when_built = [then]
        slicer = QTimer(self)
        slicer.setInterval(0)

        def run_waiting() -> None:
            calls = list(waiting)
            waiting.clear()
            for call in calls:
                call()

        def build_slice() -> None:
            # What is made lives as long as the map: out of the collector's way as it comes
            # (a full collection walking the growing map took 1-2 s on the 100k map).
            gc.freeze()
            if self.build_some(START_SLICE) < 1.0:
                return
            slicer.stop()
            slicer.deleteLater()
            self._when_built = None
            run_waiting()

        # Replaced before it was built (a map dropped meanwhile): the window is still finished.
        self.destroyed.connect(lambda: [QTimer.singleShot(0, call) for call in list(waiting)])
        slicer.timeout.connect(build_slice)
        slicer.start()

    def finish_items(self) -> None:
        """Make every pending concept item now: what needs them all (an edit, a filter, the
        docks built after the first frame) asks for this first."""
        if self._pending:
            self.build_some(math.inf)

    def node_item(self, node_id: str) -> NodeItem | None:
        """The concept's item, made now if it was still pending (a click, a search)."""
        item = self.node_items.get(node_id)
        if item is None and node_id in self._pending:
            item = self._make_pending_item(node_id)
        return item

    def _make_pending_item(self, node_id: str) -> NodeItem:
        node = self.document.nodes[node_id]
        item = self._make_node_item(node_id, add=False)
        item.place(node.x or 0.0, node.y or 0.0)  # placed before it joins the index
        self.link_context.track(item)
        self.addItem(item)
        self._pending.discard(node_id)
        return item

    def _finish_before_edit(self, *_: object) -> None:
        """The document changed: the scene's handlers read every concept's item. (Links by
        region need nothing: a link added gets its item at once, one removed is skipped.)"""
        self.finish_items()

    def _finish_before_moves(self, node_ids: list[str]) -> None:
        """Concepts moved: besides the items, the links by region follow. A few moved (a drag)
        get their links' items now, so that the links' old courses, on which show_region
        still finds them, no longer matter; many moved (a layout) make those courses be
        read again at the next closer look."""
        self.finish_items()
        if self._segments is None:
            return
        if len(node_ids) > MOVES_FOLLOWED:
            self._segments = None
            self._region_done = None
            return
        made = self.edge_items
        missing = {e.id for n in node_ids for e in self.document.edges_of(n) if e.id not in made}
        self._make_by_region(sorted(missing))

    def _plain_boxes(self) -> _PlainBoxes:
        """Every concept's box and look, in file order, measured as its item will be (the
        same label layout, shared with the item made later): what the first frame, a click
        at fit and the bounds read while items are pending. No filter is set meanwhile (a
        filter makes every item first), so every concept is shown. Kept in flat arrays: a
        tuple of floats per concept, made and freed before the items, left those scattered."""
        if self._plain is None:
            font, label_width = self.theme.node_font, self.theme.label_width
            plain = _PlainBoxes()
            items = self.node_items
            for node in self.document.cmap.nodes:
                item = items.get(node.id)
                if item is not None:
                    x, y, half_w, half_h = item.cx, item.cy, item.half_w, item.half_h
                    style = item.style
                else:
                    style = self.node_style(node)
                    captioned = caption_offset(node) is not None
                    own = fitted_font(  # as NodeItem.set_label sets it
                        node.label,
                        style.font or font,
                        style.shape,
                        node.width,
                        node.height,
                        label_width,
                        captioned,
                    )
                    _, width, height = label_box(
                        node.label,
                        style.shape,
                        node.width,
                        own,
                        label_width,
                        node.height,
                        captioned,
                    )
                    x, y, half_w, half_h = node.x or 0.0, node.y or 0.0, width / 2, height / 2
                plain.add(node.id, x - half_w, y - half_h, x + half_w, y + half_h, style)
            self._plain = plain
        return self._plain

    def show_region(self, rect: QRectF) -> None:
        """Make the link items a closer look at ``rect`` draws (links by region only): those
        whose straight course passes near it (as the map had it when first asked, see
        _finish_before_moves), with some reach around so that a short pan
        needs nothing new. Made once and kept."""
        if not self.links_by_region or self.links_pending or self.overview_mode:
            return
        done = self._region_done
        if done is not None and done.contains(rect):
            return
        reach_x, reach_y = rect.width() * REGION_REACH, rect.height() * REGION_REACH
        area = rect.adjusted(-reach_x, -reach_y, reach_x, reach_y)
        if self._segments is None:
            nodes = self.document.nodes
            ends = []
            for edge in self.document.cmap.edges:
                a, b = nodes[edge.source], nodes[edge.target]
                ends.append((edge.id, a.x or 0.0, a.y or 0.0, b.x or 0.0, b.y or 0.0))
            self._segments = Segments(ends)
        self._region_done = area
        self._make_by_region(
            [e for e in self._segments.near(area, MARGIN) if e not in self.edge_items]
        )

    def edge_item(self, edge_id: str) -> EdgeItem | None:
        """The link's item, made now when links are made by region (a search, a path, a
        link named in Details)."""
        item = self.edge_items.get(edge_id)
        if item is None and edge_id in self.document.edges:
            self.build_links()
            if self.links_by_region:
                self._make_by_region([edge_id])
            item = self.edge_items.get(edge_id)
        return item

    def set_phrase_font(self, theme: Theme) -> None:
        """Lay out and draw link phrases in ``theme``'s link font; ``theme`` is the scene's own
        but for that. A presentation sizes its phrases step by step: as large as the back row
        needs, and no larger than the concepts' labels where those read larger
        (mapviewer.slides.Stage). Shown phrases are placed again by the caller."""
        theme = on_page(
            lettered(theme, self.document.cmap.lettering), self.document.cmap.background
        )
        if theme is self.theme:
            return
        self.theme = theme
        self.link_layer.set_phrase_font(theme)
        for item in self.edge_items.values():
            item.set_theme(theme)

    def phrase_size(self, edge_id: str, alone: bool = False) -> tuple[float, float]:
        """The width and height of the link's phrase box as its item draws it, or with
        ``alone`` as it wraps by itself, (0, 0) for a link without words; read off the item
        when made, else measured the same way (links by region: a layout must leave room for
        every phrase, not only the made ones'). A focus asks ``alone``: placed where only more
        lines fit, a phrase read narrower, and Focus 2 on PD-1 after Focus 2 on T cells drew
        another picture than straight after opening. Map > Layered keeps the phrases as the
        whole map draws them: as they wrap alone, its rows broke into 50 heights from 27."""
        item = self.edge_items.get(edge_id)
        if item is not None:
            text = item.wide_text if alone else item.text
        else:
            label = self.document.edges[edge_id].label
            text = (
                shared_label(label, self.theme.link_font, self.theme.phrase_wrap) if label else None
            )
        if text is None:
            return 0.0, 0.0
        return text.size.width() + 2 * LABEL_PAD_X, text.size.height() + 2 * LABEL_PAD_Y

    def _make_by_region(self, edge_ids: list[str]) -> None:
        """Make these links' items as the map has them now: shown as the filters say, faded
        as the dim filters say (they were in the map when those were set), curved apart from
        the links of the same two concepts."""
        edges = self.document.edges
        made = [self._make_edge_item(e) for e in edge_ids if e in edges]
        if not made:
            return
        state = self._dim_state
        if state.keep_edges is not None and isinstance(state.edges_then, set):
            state.edges_then.update(item.edge_id for item in made)
        bounds = self.link_layer.boundingRect()
        chosen = self._unmade_selected
        for item in made:
            item.shown = self.is_edge_visible(item.edge_id)
            item.setVisible(item.shown)
            self._rebend(item)
            bounds = bounds.united(item.sceneBoundingRect())
            if item.edge_id in chosen:
                chosen.discard(item.edge_id)
                if item.shown:  # selected already: the selection does not change
                    self.blockSignals(True)
                    item.setSelected(True)
                    self.blockSignals(False)
                    self._selected_edges.append(item)
        if bounds != self.link_layer.boundingRect():
            self.link_layer.set_bounds(bounds)
        self.link_layer.update()
        self.links_made.emit([item.edge_id for item in made])

    def hub_order(self) -> list[str]:
        """Concept ids, most linked first: who gets a readable name when zoomed far out."""
        if self._hub_order is None:
            self._hub_order = ranking(self.document.cmap)
        return self._hub_order

    def main_hubs(self) -> list[str]:
        """The concepts of hubnames.MAIN_LINKS links or more, most linked first: each is named
        at fit."""
        if self._main_hubs is None:
            self._main_hubs = main_hubs(self.document.cmap)
        return self._main_hubs

    def key_hubs(self) -> list[str]:
        """The concepts of hubnames.KEY_LINKS links or more that are not main hubs: each is
        named at fit where room is left."""
        if self._key_hubs is None:
            mains = set(self.main_hubs())
            keys = main_hubs(self.document.cmap, KEY_LINKS)
            self._key_hubs = [k for k in keys if k not in mains]
        return self._key_hubs

    def _forget_hub_order(self, *_: object) -> None:
        self._hub_order = None
        self._main_hubs = None
        self._key_hubs = None
        self.revision += 1

    def style_for(self, kind: str | None) -> KindStyle:
        """A kind's look, or a concept's own by its style id (what the minimap groups by)."""
        key = kind or ""
        return self.styles.get(key) or self.own_styles.get(key) or self.styles[""]

    def node_style(self, node: Node) -> KindStyle:
        tinted = self.document.cmap.fills == "tinted"
        return concept_style(self.styles, node, self.theme, self.own_styles, tinted)

    def _make_node_item(self, node_id: str, add: bool = True) -> NodeItem:
        node = self.document.nodes[node_id]
        kind = GroupItem if self._is_group(node_id) else NodeItem
        style = self.node_style(node)
        item: NodeItem
        if kind is GroupItem:
            item = GroupItem(node.id, node.label, style, self.theme, node.width, node.height)
        else:  # a picture's name written outside its box, where the file has it
            at = caption_offset(node)
            item = NodeItem(
                node.id, node.label, style, self.theme, node.width, node.height, at, node.picture
            )
        if isinstance(item, GroupItem):
            item.set_title_at(node.title_at)
        item.editable = self.editable
        item.setCacheMode(self._cache_mode)
        item.set_veiled(self.overview_mode)
        item.dim_state = self._dim_state  # a concept made again keeps its state
        item.show_dimmed()
        if add:
            self.addItem(item)
        self.node_items[node.id] = item
        return item

    def _make_edge_item(self, edge_id: str, bend: float = 0.0) -> EdgeItem:
        edge = self.document.edges[edge_id]
        item = EdgeItem(
            edge.id,
            self._drawn_item(edge.source),
            self._drawn_item(edge.target),
            edge.label,
            self.theme,
            context=self.link_context,
            style=self._link_style(edge),
            width=edge.width or 1.0,
            both_ends=edge.arrows == "both",
            sides=(edge.from_side, edge.to_side),
            ends=(edge.tail, edge.head),
            bend=bend,
            yed_heads=yed_heads(edge.data),
            bends=edge.bends,
            smooth=edge.smooth,
        )
        self.addItem(item)
        item.dim_state = self._dim_state  # a link made again keeps its state
        item.index = self.link_layer.index
        item.layer = self.link_layer
        self.link_layer.index.set(item, item.sceneBoundingRect(), item.line)
        self.edge_items[edge.id] = item
        return item

    def _link_style(self, edge: Edge) -> tuple[QColor | None, str, bool]:
        """A link's own colour, dash and direction as the link items take them."""
        return (QColor(edge.color) if edge.color else None, edge.dash or "solid", edge.directed)

    # --- following the document -----------------------------------------------------------------

    def _connect_document(self, document: Document) -> None:
        # First of the handlers: they all read the items of every concept involved.
        document.nodes_moved.connect(self._finish_before_moves)
        for signal in (
            document.node_added,
            document.node_removed,
            document.node_changed,
            document.edge_added,
            document.edge_removed,
            document.edge_changed,
            document.kinds_changed,
            document.routing_changed,
        ):
            signal.connect(self._finish_before_edit)
        document.reset.connect(self.rebuild)
        for signal in document.content_signals(moves=False):
            signal.connect(self._forget_hub_order)
        document.node_added.connect(self._on_node_added)
        document.node_removed.connect(self._on_node_removed)
        document.node_changed.connect(self._on_node_changed)
        document.nodes_moved.connect(self._on_nodes_moved)
        document.edge_added.connect(self._on_edge_added)
        document.edge_removed.connect(self._on_edge_removed)
        document.edge_changed.connect(self._on_edge_changed)
        document.kinds_changed.connect(self._on_kinds_changed)
        document.node_added.connect(self._groups_on_node_added)
        document.node_removed.connect(self._groups_on_node_removed)
        document.node_changed.connect(self._groups_on_node_changed)
        document.nodes_moved.connect(self._groups_on_nodes_moved)
        document.routing_changed.connect(self._on_routing_changed)
        document.meta_changed.connect(self._geometry_changed)  # the focus question above it

    def _on_node_added(self, node_id: str) -> None:
        node = self.document.nodes[node_id]
        item = self._make_node_item(node_id)
        item.place(node.x or 0.0, node.y or 0.0)
        item.shown = self.is_node_visible(node_id)
        item.setVisible(item.shown)
        self.link_context.track(item)
        self._reroute_near([item.scene_box()])
        self._geometry_changed()

    def _on_node_removed(self, node_id: str) -> None:
        item = self.node_items.pop(node_id, None)
        if item is not None:
            item.setSelected(False)
            self.link_context.boxes.discard(item)
            self._reroute_near([item.scene_box()])
            self.removeItem(item)
        self._geometry_changed()

    def _on_node_changed(self, node_id: str) -> None:
        node = self.document.nodes[node_id]
        item = self.node_items[node_id]
        style = self.node_style(node)
        group = isinstance(item, GroupItem)
        if isinstance(item, GroupItem) and item.set_least(node.width, node.height):
            self._layout_groups()  # a group's size is its frame's, not its label's box
        if (
            node.label != item.label
            or style is not item.style
            or (not group and (node.width, node.height) != (item.fixed_width, item.fixed_height))
            or (not group and caption_offset(node) != item.caption_at)
            or (isinstance(item, GroupItem) and node.title_at != item.title_at)
        ):
            if not group:
                item.fixed_width, item.fixed_height = node.width, node.height
                item.caption_at = caption_offset(node)
            if isinstance(item, GroupItem):
                item.title_at = node.title_at  # measured with the label, just below
            before = item.scene_box()
            if item.set_label(node.label, style, follow=False):
                self._boxes_changed([item], [before])
            visible = self.is_node_visible(node_id)
            if visible != item.shown:
                self._apply_visibility()
            self._geometry_changed()
        if not group and node.picture != item.picture:
            item.picture = node.picture
            item.update()

    def _on_nodes_moved(self, node_ids: list[str]) -> None:
        moved = []
        before = []
        for node_id in node_ids:
            node = self.document.nodes[node_id]
            item = self.node_items[node_id]
            if node_id in self._staged:
                continue  # it goes to its new place when the temporary arrangement ends
            if (item.cx, item.cy) != (node.x, node.y):
                before.append(self._filed_box(item))
                item.place(node.x or 0.0, node.y or 0.0)
                moved.append(item)
            for link in item.edges:  # bends a move carries come in the same step, just after
                link.rebase_bends()
        self._boxes_changed(moved, before)
        self._geometry_changed()

    def _filed_box(self, item: NodeItem) -> QRectF:
        """Where the link context last saw the concept: a drag moves items before the document
        hears of it, and the links that went round the box's old place must hear of it too."""
        rect = self.link_context.boxes.rect(item)
        if rect is None:
            return item.scene_box()
        return QRectF(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1])

    def _boxes_changed(self, items: list[NodeItem], before: list[QRectF]) -> None:
        """Concepts moved or changed size: their links follow, and so do the links whose course
        or phrase the old or new boxes touch (found in the link index, not among all links)."""
        for item in items:
            self.link_context.track(item)
        update_links(items)
        done = {link for item in items for link in item.edges}
        self._reroute_near(before + [item.scene_box() for item in items], done)

    def _reroute_near(self, areas: list[QRectF], done: set[EdgeItem] | None = None) -> None:
        """Recompute the links that a box in ``areas`` may now block or free: in a routed mode
        every link passing near, in straight mode those whose phrase it covers. A hidden link
        waits until it is shown (EdgeItem.reroute)."""
        routed = self.link_context.routing != STRAIGHT
        todo: set[EdgeItem] = set()
        for area in areas:
            grown = area.adjusted(-20, -20, 20, 20)
            for link in self.link_layer.index.query(grown):
                if routed or link.label_rect.intersects(grown):
                    todo.add(link)
        self.link_context.budget(self._routing_budget(ROUTING_SECONDS / 3))
        for link in todo - (done or set()):
            link.reroute()
        self.link_context.budget(None)

    def _on_routing_changed(self) -> None:
        """Every link takes the map's new routing; phrases are placed again from scratch."""
        self.link_context.routing = self.document.cmap.routing
        self.link_context.phrases.clear()
        self.link_context.budget(self._routing_budget(ROUTING_SECONDS))
        for item in self.edge_items.values():
            item.update_geometry()
        self.link_context.budget(None)
        self._geometry_changed()

    def _on_edge_added(self, edge_id: str) -> None:
        item = self._make_edge_item(edge_id)
        item.shown = self.is_edge_visible(edge_id)
        item.setVisible(item.shown)
        self._rebend(item)
        if SHARED_PHRASE in self.document.edges[edge_id].data:
            self._assign_junctions()
        self._geometry_changed()

    def _on_edge_removed(self, edge_id: str) -> None:
        self._unmade_selected.discard(edge_id)
        item = self.edge_items.pop(edge_id, None)
        if item is None:
            return
        item.setSelected(False)
        self.link_layer.index.discard(item)
        self.link_context.phrases.discard(item)
        for end in {item.source, item.target}:
            if item in end.edges:
                end.edges.remove(item)
        self.link_layer.update(item.sceneBoundingRect())
        self.removeItem(item)
        self._rebend(item)
        if edge_id in self._joined:
            self._assign_junctions()
        self._geometry_changed()

    def _on_edge_changed(self, edge_id: str) -> None:
        edge = self.document.edges[edge_id]
        item = self.edge_items.get(edge_id)
        # An item not made yet (links by region) is made from the map when shown.
        if item is not None:
            if (item.source.node_id, item.target.node_id) != (edge.source, edge.target):
                self._on_edge_removed(edge_id)
                self._on_edge_added(edge_id)
                return
            if item.label != edge.label:
                item.set_label(edge.label)
            item.set_style(*self._link_style(edge))
            item.set_width(edge.width or 1.0)
            item.set_both_ends(edge.arrows == "both")
            item.set_sides((edge.from_side, edge.to_side))
            item.set_ends((edge.tail, edge.head), yed_heads(edge.data))
            item.set_bends(edge.bends)
            item.set_smooth(edge.smooth)
            if edge_id in self._joined or SHARED_PHRASE in edge.data:
                self._assign_junctions()  # a new wording leaves its phrase, or joins it
        self._overview_dirty = True
        if self.overview_mode:
            self._refresh_overview()

    def _on_kinds_changed(self) -> None:
        """New colours and shapes: the overview redraws in them, and where a new shape resized
        boxes, their links, the layer's bounds and the scene rectangle follow."""
        self.styles = kind_styles(self.document.cmap, self.theme)
        self.own_styles = {}
        nodes = self.document.nodes
        resized, before = [], []
        for node_id, item in self.node_items.items():
            old = item.scene_box()
            if item.set_label(item.label, self.node_style(nodes[node_id]), follow=False):
                resized.append(item)
                before.append(old)
        self._boxes_changed(resized, before)
        self._geometry_changed()
        self.update()

    def _rebend(self, item: EdgeItem) -> None:
        """Spread the links joining ``item``'s two concepts again after it came or went.

        The group comes from the concepts' own link lists (in creation order, as the scene's),
        not from every link of the map: deleting 500 links of a 5k map scanned 3.5 million.
        """
        source, target = item.source, item.target
        if source is target:
            return  # a loop curves on its own
        fewer = source if len(source.edges) <= len(target.edges) else target
        group = [
            e
            for e in fewer.edges
            if (e.source is source and e.target is target)
            or (e.source is target and e.target is source)
        ]
        if group:
            _spread(group)

    def _geometry_changed(self) -> None:
        """Bounds, the overview and the scene rectangle catch up once the current edit is done."""
        self._overview_dirty = True
        self.revision += 1
        self.geometry_revision += 1
        if not self._bounds_pending:
            self._bounds_pending = True
            # Tied to the scene: a presentation's, deleted before the call came, raised.
            QTimer.singleShot(0, self, self._update_bounds)

    def set_caching(self, enabled: bool) -> None:
        """Pixel caches speed up the screen; a vector export (SVG, PDF) must draw real shapes
        and text, so rendering turns them off for its duration."""
        self.finish_items()
        mode = self._cache_mode = _cache_mode(enabled)
        for item in self.node_items.values():
            item.setCacheMode(mode)
        if len(self.node_items) >= OVERVIEW_CACHE_FROM:
            self.overview.setCacheMode(mode)

    def flush_geometry(self) -> None:
        """Bring bounds up to date now, for callers that draw before the event loop runs."""
        if self._bounds_pending:
            self._update_bounds()

    def _update_bounds(self) -> None:
        """The one place the scene rectangle, the link layer's bounds and the overview follow
        what is shown and where: after edits (deferred) and after filtering (at once)."""
        self._bounds_pending = False
        bounds = self.map_bounds()
        # The question heads the whole map: a focus, a source's filter or a tour step's reveal
        # shows a part of it, which the heading would stand over as if it answered it.
        question = "" if self._keep_filters else self.document.cmap.focus_question
        self.focus_heading.set_text(question, bounds)
        self.link_layer.set_bounds(self.links_bounds().united(bounds))
        self.setSceneRect(self.picture_bounds(bounds).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        if self.overview_mode:
            self._refresh_overview(bounds)

    def _assign_junctions(self) -> None:
        """Links one CmapTools linking phrase joins meet where the phrase stood and it is
        written there once, by the first of them in the map's order; a link reworded since
        leaves the phrase, and one left alone is a link of its own."""
        joined = phrase_meetings(self.document.cmap.edges)
        # The links that write no phrase first: their phrases, placed when each was a link of
        # its own, must be gone before the one written at the meeting point looks for room.
        changed = sorted(self._joined | joined.keys(), key=lambda e: joined.get(e, (0, True))[1])
        for edge_id in changed:
            item = self.edge_items.get(edge_id)
            if item is not None:
                offset, first = joined.get(edge_id, (None, True))
                item.set_junction(offset, first)
        self._joined = set(joined)

    def _assign_bends(self) -> None:
        """Links sharing the same two concepts curve apart instead of drawing over each other."""
        for items in fans.parallel(
            self.edge_items.values(), lambda i: _pair_ends((i.source, i.target))
        ):
            _spread(items)

    def _planned_bends(self) -> dict[str, float]:
        """The bends _assign_bends will give the links without a phrase, for _make_links to
        make them bent at once: made straight and then bent, the 4,614 bent links of the
        political-blogs GEXF (19,025 links) had their course, arrowhead and filing worked out
        twice. Only those: a phrase is placed clear of the phrases placed before it, so
        placing one earlier could move it, and with phrases kept off links, any course
        could. _assign_bends still has the last word (a wrong plan costs a second course)."""
        if self.link_context.off_links:
            return {}
        drawn = [
            (edge.id, self._drawn_item(edge.source), self._drawn_item(edge.target))
            for edge in self.document.cmap.edges
        ]
        planned: dict[str, float] = {}
        edges = self.document.edges
        for group in fans.parallel(drawn, lambda link: _pair_ends((link[1], link[2]))):
            ends = [(source, target) for _, source, target in group]
            for (edge_id, _, _), bend in zip(group, _bends(ends), strict=True):
                if not edges[edge_id].label:  # -0.0 left 0.0 too: _spread sees no change
                    planned[edge_id] = bend or 0.0
        return planned

    # --- a temporary arrangement (a focus) -------------------------------------------------------

    @property
    def editable(self) -> bool:
        """Concepts can be dragged and linked by hand; not while staged (see ``stage``), where
        a drag would write the temporary arrangement into the map."""
        return self._editable and not self._staged

    @editable.setter
    def editable(self, editable: bool) -> None:
        self._editable = editable

    def stage(self, positions: dict[str, tuple[float, float]], routed: bool = True) -> None:
        """Draw these concepts at ``positions`` rather than where the document has them, links
        and phrases following, until ``unstage``. A view arranged for reading (a focus), not
        an edit: the document, its undo stack and its file are untouched. ``routed`` False:
        the links these moves touch are drawn without going round boxes (a focus's rings:
        routing them round every box froze the window 5-7 s entering Focus 3 on PD-L1, at
        every frame of its animation); unstage routes them again, as they were."""
        with self.unrouted(not routed):
            self._stage(positions)

    @contextmanager
    def unrouted(self, unrouted: bool = True, gliding: bool = False) -> Iterator[None]:
        """Links recomputed in the block go straight or bent, not round boxes (see ``stage``):
        only while concepts are staged, as unstage routes every link recomputed meanwhile.
        ``unrouted`` False changes nothing (an enclosing block still holds). ``gliding``, a
        frame of a layout's glide: their phrases ride at their middles too, until a frame
        outside such a block places them."""
        context = self.link_context
        was = context.paused, context.gliding
        context.paused = was[0] or unrouted
        context.gliding = was[1] or gliding
        try:
            yield
        finally:
            context.paused, context.gliding = was

    def _stage(self, positions: dict[str, tuple[float, float]]) -> None:
        moved = []
        for node_id, (x, y) in positions.items():
            item = self.node_items.get(node_id)
            if item is not None:
                item.place(x, y)
                item.editable = False
                moved.append(item)
        self._staged = self._staged | {item.node_id for item in moved}
        self.link_context.unbent = self._staged
        if self.link_context.recording is None:
            self.link_context.recording = {}
        update_links(moved)
        self._layout_groups()  # frames follow their members, staged or not
        self._geometry_changed()

    def unstage(self) -> None:
        """Every staged concept back where the document has it, exactly, and so the links and
        phrases near where it was staged: a link rerouted round a staged box (or a frame's
        title) while its ends were hidden kept that detour once shown again, and leaving Focus 2
        on PD-1 left 15 of the default map's phrases where the focus had pushed them. Every link
        recomputed while staged is recomputed once all is home: one in about eight exits kept
        a detour round a box that had since moved back."""
        moved = []
        before = []
        for node_id in self._staged:
            node = self.document.nodes.get(node_id)
            item = self.node_items.get(node_id)
            if node is not None and item is not None:
                before.append(self._filed_box(item))
                item.place(node.x or 0.0, node.y or 0.0)
                item.editable = self._editable
                moved.append(item)
        self._staged = frozenset()
        self.link_context.unbent = self._staged
        with self.unrouted():  # recorded, and routed once below: they were routed twice or more
            self._boxes_changed(moved, before)
            self._layout_groups()
        recorded, self.link_context.recording = self.link_context.recording, None
        self.link_context.budget(self._routing_budget(ROUTING_SECONDS / 3))  # as _reroute_near
        for link in recorded or ():
            if link.scene() is self:  # every box and title home: the course as first drawn
                link.update_geometry()
        self.link_context.budget(None)
        if moved:  # phrases placed while the concepts were staged sit where they sat at first
            self.place_phrases_again()
        self._geometry_changed()

    def staged(self) -> frozenset[str]:
        return self._staged

    # --- visibility -----------------------------------------------------------------------------

    def set_kind_hidden(self, kind_id: str, hidden: bool) -> None:
        if hidden:
            self.hidden_kinds.add(kind_id)
        else:
            self.hidden_kinds.discard(kind_id)
        self._apply_visibility()

    def set_keep_filter(self, name: str, node_ids: set[str] | None) -> None:
        """Show only ``node_ids`` (None: no such filter). Filters of different names combine:
        a concept shows when every filter keeps it and its kind is not hidden. Links show when
        both their concepts do."""
        if node_ids is None:
            if self._keep_filters.pop(name, None) is None:
                return
        else:
            self._keep_filters[name] = set(node_ids)
        self._apply_visibility()

    def keep_filter(self, name: str) -> set[str] | None:
        return self._keep_filters.get(name)

    def is_node_visible(self, node_id: str) -> bool:
        node = self.document.nodes.get(node_id)
        if node is None or (node.kind or "") in self.hidden_kinds:
            return False
        if self._collapsed and any(a in self._collapsed for a in ancestors(node_id, self._parents)):
            return False  # inside a collapsed group: its box stands for it
        return all(node_id in keep for keep in self._keep_filters.values())

    def kind_counts(self) -> dict[str, tuple[int, int]]:
        """Per kind id: (concepts shown, concepts in the map)."""
        counts: dict[str, list[int]] = {}
        pending = self._pending  # shown: a filter makes every item first
        for node in self.document.cmap.nodes:
            if not node.kind and node.id in self._children:
                continue  # a frame with no kind is a group, not a concept of no kind
            entry = counts.setdefault(node.kind or "", [0, 0])
            entry[1] += 1
            item = self.node_items.get(node.id)
            if (item is not None and item.shown) or node.id in pending:
                entry[0] += 1
        return {k: (v[0], v[1]) for k, v in counts.items()}

    def _apply_visibility(self) -> None:
        # ``shown`` is the filter's verdict; isVisible() also turns false while the overview
        # hides the whole layer, so logic reads ``shown`` and only painting reads isVisible().
        if self._pending and (self.hidden_kinds or self._keep_filters or self._collapsed):
            self.finish_items()  # the filters' verdicts are kept on the items
        changed = False
        for node_id, item in self.node_items.items():
            visible = self.is_node_visible(node_id)
            if item.shown != visible:
                changed = True
                item.shown = visible
                item.setVisible(visible)
                if not visible:
                    item.setSelected(False)
        for edge_id, link in self.edge_items.items():
            visible = self.is_edge_visible(edge_id)
            if link.shown != visible:
                changed = True
                link.shown = visible
                link.setVisible(visible)
                if not visible:
                    link.setSelected(False)
                elif link.unrouted:
                    link.update_geometry()
        if changed and self._phrases_first is None:
            self.place_phrases_again()
        if self._unmade_selected:  # hidden links are not selected
            self._unmade_selected = {e for e in self._unmade_selected if self.is_edge_visible(e)}
        self._overview_dirty = True
        self.revision += 1
        self._layout_groups()
        self.geometry_revision += 1
        self._update_bounds()
        self.visibility_changed.emit()

    @contextmanager
    def without_marks(self) -> Iterator[None]:
        """The map as a picture: nothing selected or hovered (no outline, accent or + handle)
        while the block runs, every mark back afterwards. Signals stay quiet, so the Details
        pane and the selection's followers never see the picture being taken. An exported
        image carried the selection's outline, its accent-coloured link and the handle, and
        the fading of all but the clicked concept's neighbours (NEIGHBOURS_FILTER, a mark of the
        selection or the pointer too): a picture of a map being built, one concept clicked,
        showed 3 of its 9 concepts at full strength. Filters a person chose (a source's, a
        path's) stay in the picture."""
        picked = self.selectedItems()
        hovered: list[NodeItem | EdgeItem] = [
            *(item for item in self.node_items.values() if item.hovered),
            *(item for item in self.edge_items.values() if item.hovered),
        ]
        lit = self._dim_filters.pop(NEIGHBOURS_FILTER, None)
        blocked = self.blockSignals(True)
        try:
            for item in picked:
                item.setSelected(False)
            for item in hovered:
                item.hovered = False
            if lit is not None:
                self._apply_dimming()
            yield
        finally:
            for item in picked:
                item.setSelected(True)
            for item in hovered:
                item.hovered = True
            if lit is not None:
                self._dim_filters[NEIGHBOURS_FILTER] = lit
                self._apply_dimming()
            self.blockSignals(blocked)
            self.update()

    def keep_phrases_off_links(self) -> None:
        """Place each phrase where no other link passes under it, when its own link has such
        a place: a phrase on a crossing reads as either link's (two "blocks" side by side
        where two links to PD-1 cross, on a tour's slide). For the few links a presentation
        shows at a time; over a whole map in the editor it took placing the default map's
        phrases from 0.03 to 0.5 s. From the next placing on (a step places them)."""
        self._off_links = True
        self.link_context.off_links = True

    @contextmanager
    def phrases_placed_once(self, first: Collection[str] = ()) -> Iterator[None]:
        """Show and hide things in the block, then place the shown phrases once, ``first``
        first: a tour step sets two filters and would place all its phrases after each."""
        self._phrases_first = first
        try:
            yield
        finally:
            self._phrases_first = None
            self.place_phrases_again(first)

    def place_phrases_again(self, first: Collection[str] = ()) -> None:
        """The shown links' phrases placed again where the shown concepts and phrases leave
        room, what is hidden taking none (a tour's slide, a focus, a filter): the links
        ``first`` choose first (a slide's subject), then the others in the order the links were
        made. All shown again, they sit where they sat at first. A big map keeps its phrases
        where they are: its links are made where the view looks."""
        if self.links_by_region or len(self.edge_items) > PHRASES_AGAIN_UP_TO:
            return
        links = self.edge_items.values()
        chosen = set(first)
        shown = [link for link in links if link.shown and link.edge_id in chosen]
        shown += [link for link in links if link.shown and link.edge_id not in chosen]
        phrases = self.link_context.phrases
        for link in shown:
            phrases.discard(link)
        for link in shown:
            link.place_phrase_again()

    def phrases_off_phrases(self) -> int:
        """Each shown phrase on another moved where nothing covers it, if its link has such
        a spot, after place_phrases_again (a focus landed); how many moved. A big map keeps
        its phrases where they are, as there."""
        if self.links_by_region or len(self.edge_items) > PHRASES_AGAIN_UP_TO:
            return 0
        return sum(link.phrase_off_phrases() for link in self.edge_items.values() if link.shown)

    def set_shown_filter(
        self, name: str, nodes: Iterable[str] | None, edges: Iterable[str] | None
    ) -> None:
        """Show only ``nodes`` and, of the links between shown concepts, only ``edges`` (None: no
        limit on that side). A presentation reveals the map step by step with it, on the same
        terms as every other filter: the scene decides what is shown, combining them all, and
        ``clear_shown_filter`` shows again exactly what the others show."""
        if nodes is None:
            self._keep_filters.pop(name, None)
        else:
            self._keep_filters[name] = set(nodes)
        if edges is None:
            self._link_filters.pop(name, None)
        else:
            self._link_filters[name] = set(edges)
        self._apply_visibility()

    def clear_shown_filter(self, name: str) -> None:
        had_nodes = self._keep_filters.pop(name, None) is not None
        if self._link_filters.pop(name, None) is not None or had_nodes:
            self._apply_visibility()

    def shown_filter(self, name: str) -> tuple[set[str] | None, set[str] | None]:
        return self._keep_filters.get(name), self._link_filters.get(name)

    def is_edge_visible(self, edge_id: str) -> bool:
        """Shown by every filter: both its concepts are, and no link filter leaves it out."""
        edge = self.edge_items.get(edge_id)
        if edge is not None:
            source, target = edge.source, edge.target
        else:  # not made yet (links by region): its ends say
            link = self.document.edges.get(edge_id)
            if link is None or self._pending:
                return link is not None and not self._link_filters
            if link.source not in self.node_items or link.target not in self.node_items:
                return False
            source, target = self._drawn_item(link.source), self._drawn_item(link.target)
        if not (source.shown and target.shown):
            return False
        if source is target and self._collapsed:
            link = self.document.edges.get(edge_id)
            if link is not None and link.source != link.target:
                return False  # both ends inside one collapsed group
        return all(edge_id in keep for keep in self._link_filters.values())

    def links_bounds(self) -> QRectF:
        """Around every link, shown or not (the index holds each link's scene rectangle)."""
        return self.link_layer.index.bounds()

    # --- dimming --------------------------------------------------------------------------------

    def set_dim_filter(self, name: str, nodes: set[str], edges: set[str]) -> None:
        """Keep ``nodes`` and ``edges`` bright and fade the rest; filters of different names
        (a source, a focus, a tour step) combine: dimmed by any means dimmed."""
        # Concepts still pending need nothing now: their items read the same DimState (by the
        # map's ids) as they are made. Finishing them here made the first click during a big
        # map's start-up build (the neighbours' highlight) make every remaining item at once.
        self._dim_filters[name] = (set(nodes), set(edges))
        self._apply_dimming()
        self.dimming_changed.emit(name)

    def clear_dim_filter(self, name: str) -> None:
        if self._dim_filters.pop(name, None) is not None:
            self._apply_dimming()
            self.dimming_changed.emit(name)

    def dim_filter(self, name: str) -> tuple[set[str], set[str]] | None:
        return self._dim_filters.get(name)

    def _apply_dimming(self) -> None:
        """Fade what the filters leave out. The verdict is one DimState every item reads (see
        mapviewer.scene.dimming), kept as the ids to keep bright: "all but a neighbourhood"
        costs the neighbourhood. Concepts not drawn yet fade as they paint; only those drawn
        already are told, and a group's frame, faded by its opacity. Links, drawn by the link
        layer, are repainted by one update of it. Setting the opacity of every concept whose
        verdict changed took 50-100 ms of the first click close up on a 20k map, 0.25-0.5 s
        on the 100k one."""
        self.revision += 1
        state = self._dim_state
        was_edges = state.keep_edges
        filters = list(self._dim_filters.values())
        if filters:
            state.keep_nodes = set.intersection(*(nodes for nodes, _ in filters))
            state.keep_edges = set.intersection(*(edges for _, edges in filters))
            # The map's ids now (a link item a big map builds later fades as its id says),
            # taken again only when some may have come or gone: 16 ms of each click on a 100k
            # map (240,000 ids) when taken every time.
            doc = self.document
            then = (self.geometry_revision, len(doc.nodes), len(doc.edges))
            if then != state.then:
                state.nodes_then = set(doc.nodes)
                state.edges_then = set(doc.edges)
                state.then = then
        else:
            state.keep_nodes = state.keep_edges = None
        items = self.node_items
        opacity, repaint = state.restyle()
        for node_id in opacity:
            item = items.get(node_id)
            if item is not None:
                item.apply_opacity()
        if repaint is None:  # too many drawn to ask each: every picture is painted again
            QPixmapCache.clear()
            self.update()
        else:
            for node_id in repaint:
                item = items.get(node_id)
                if item is not None:
                    item.update()
        for group_id in self._children:
            group = items.get(group_id)
            if group is not None:
                group.show_dimmed()
        if was_edges is not None or state.keep_edges is not None:
            self.link_layer.update()

    def visible_node_ids(self) -> list[str]:
        if self._pending:
            return list(self._plain_boxes().ids)
        return [nid for nid, item in self.node_items.items() if item.shown]

    def map_bounds(self, node_ids: list[str] | None = None) -> QRectF:
        """Bounding rectangle of the given (default: all visible) concepts, in scene units."""
        if self._pending:
            return self._plain_bounds(node_ids)
        items = (
            [self.node_items[n] for n in node_ids if n in self.node_items]
            if node_ids is not None
            else [i for i in self.node_items.values() if i.shown]
        )
        if not items:
            return QRectF(-200, -150, 400, 300)
        left = top = math.inf
        right = bottom = -math.inf
        for item in items:  # one pass over plain floats: start-up asks this several times
            x, y, half_w, half_h = item.cx, item.cy, item.half_w, item.half_h
            if x - half_w < left:
                left = x - half_w
            if x + half_w > right:
                right = x + half_w
            if y - half_h < top:
                top = y - half_h
            if y + half_h > bottom:
                bottom = y + half_h
        return QRectF(left, top, right - left, bottom - top)

    def _plain_bounds(self, node_ids: list[str] | None) -> QRectF:
        """map_bounds while items are pending, from _plain_boxes."""
        plain = self._plain_boxes()
        lefts, tops, rights, bottoms = plain.lefts, plain.tops, plain.rights, plain.bottoms
        if node_ids is not None:
            wanted = set(node_ids)
            at = [i for i, node_id in enumerate(plain.ids) if node_id in wanted]
            lefts, tops = array("d", (lefts[i] for i in at)), array("d", (tops[i] for i in at))
            rights = array("d", (rights[i] for i in at))
            bottoms = array("d", (bottoms[i] for i in at))
        if not lefts:
            return QRectF(-200, -150, 400, 300)
        left, top = min(lefts), min(tops)
        return QRectF(left, top, max(rights) - left, max(bottoms) - top)

    def picture_bounds(self, bounds: QRectF | None = None) -> QRectF:
        """The whole picture: the shown concepts (``bounds`` when just measured) and the focus
        question over them. What a fit and an export frame, where ``map_bounds`` is what the
        concepts alone take (tours, groups and layouts want that)."""
        bounds = self.map_bounds() if bounds is None else bounds
        for link in self.edge_items.values():  # a link's own route may run beyond the boxes
            if link.bends and link.shown and link.routed:
                bounds = bounds.united(link.sceneBoundingRect())
        for item in self.node_items.values():  # a picture's name, written outside its box
            if item.caption is not None and item.shown:
                bounds = bounds.united(item.label_box())
        heading = self.focus_heading.scene_rect()
        return bounds.united(heading) if not heading.isEmpty() else bounds

    # --- level of detail ------------------------------------------------------------------------

    def label_px(self) -> float:
        """How high most concepts' labels are drawn at zoom 1, in pixels: the theme's, or the
        size most concepts have of their own (a CmapTools map's 12 px, Node.text_size). Whether
        the map's labels read at a zoom, and so whether names are drawn over them, goes by it:
        by the theme's 13.3 px a CmapTools map's 12 px labels went unnamed at 7.4 px."""
        key = (self.revision, self.theme)
        if self._label_px is None or self._label_px[0] != key:
            common = common_text_size(self.document.cmap.nodes)
            points = self.theme.node_font.pointSizeF() if common is None else common
            self._label_px = (key, points * 96 / 72)
        return self._label_px[1]

    def overview_threshold(self) -> float:
        """The view scale below which concept labels are unreadable."""
        return MIN_READABLE_PX / self.label_px()

    def set_view_scale(self, scale: float) -> None:
        """Big maps below the readable scale switch to the batched overview, and back."""
        count = len(self.node_items) + len(self._pending)
        want = count >= OVERVIEW_MIN_NODES and scale < self.overview_threshold()
        self.set_overview_mode(want)

    def set_overview_mode(self, want: bool) -> None:
        self.flush_geometry()
        if not want:
            self.build_links()  # a closer look draws the link items themselves
        if want == self.overview_mode:
            return
        self.overview_mode = want
        if want and self._overview_dirty:
            self._refresh_overview()
        # Faded to nothing rather than hidden: Qt skips drawing fully transparent items, but a
        # hidden item loses its selection and cannot be selected, and the selection must
        # survive zooming out (the overview draws it) and clicks must still find concepts.
        for item in self.node_items.values():
            item.set_veiled(want)
        self.link_layer.setVisible(not want)
        self.overview.setVisible(want)

    def _refresh_overview(self, bounds: QRectF | None = None) -> None:
        """Hand the overview what is shown now; ``bounds`` when the caller just measured them."""
        nodes: list[tuple[QRectF, KindStyle]] = []
        pictures: list[tuple[QRectF, KindStyle, str]] = []  # drawn as their picture, small
        if self._pending:  # no groups (they make their items at once), every concept shown
            plain = self._plain_boxes()
            held = self.document.nodes
            for ident, left, top, right, bottom, style in zip(
                plain.ids,
                plain.lefts,
                plain.tops,
                plain.rights,
                plain.bottoms,
                plain.styles,
                strict=True,
            ):
                box = QRectF(left, top, right - left, bottom - top)
                if (picture := held[ident].picture) is not None:
                    pictures.append((box, style, picture))
                else:
                    nodes.append((box, style))
        # Frames apart, outermost first, so the overview draws them as the canvas does: behind
        # the links and concepts, translucent; drawn as concepts they hid the links inside.
        frames: list[OverviewFrame] = []
        drawn: Iterable[NodeItem] = () if self._pending else self.node_items.values()
        if self._children:
            drawn = sorted(drawn, key=lambda i: i.zValue())
        for item in drawn:
            if not item.shown:
                continue
            if isinstance(item, GroupItem) and item.frame is not None:
                frames.append(item.overview_frame())
            elif item.picture is not None:
                pictures.append((item.scene_box(), item.style, item.picture))
            else:
                nodes.append((item.scene_box(), item.style))
        shown = bounds if bounds is not None else self.map_bounds()
        self.overview.set_content(nodes, self.link_lines(), shown, frames, pictures)
        self._update_overview_selection()
        self._overview_dirty = False

    def link_lines(self) -> dict[LineStyle, list[QLineF]]:
        """The shown links as straight pieces by colour and dash: centre to centre, or along
        the course of a routed link. The overview and the Overview dock draw these, so a small
        picture of the map runs its links where the canvas does."""
        lines: dict[LineStyle, list[QLineF]] = defaultdict(list)
        drawn_over = self._line_styles

        def style(edge: Edge) -> LineStyle:
            return drawn_over.get(edge.id) or (edge.color, edge.dash or "solid")

        if self._pending:  # every concept shown (see _plain_boxes), at the map's own places
            nodes = self.document.nodes
            for e in self.document.cmap.edges:
                start, end = nodes[e.source], nodes[e.target]
                line = QLineF(start.x or 0.0, start.y or 0.0, end.x or 0.0, end.y or 0.0)
                lines[style(e)].append(line)
            return lines
        if self.links_pending or self.links_by_region:  # the same lines, from the map itself
            items = self.node_items
            for e in self.document.cmap.edges:
                a, b = items[e.source], items[e.target]
                if a.shown and b.shown:
                    lines[style(e)].append(QLineF(a.cx, a.cy, b.cx, b.cy))
            return lines
        edges = self.document.edges
        for item in self.edge_items.values():
            if not item.shown:
                continue
            pieces = lines[style(edges[item.edge_id])]
            if not item.routed:
                pieces.append(
                    QLineF(item.source.cx, item.source.cy, item.target.cx, item.target.cy)
                )
                continue
            for polygon in item.curve.toSubpathPolygons():
                pieces += [
                    QLineF(polygon.at(i), polygon.at(i + 1)) for i in range(polygon.size() - 1)
                ]
        return lines

    def set_line_styles(self, styles: dict[str, LineStyle]) -> None:
        """Colours and dashes drawn over some links' own (View > Evidence Colouring), for the
        lines of the overview: a big map at fit draws its links without items, so restyling
        the items alone left the picture unchanged."""
        if styles == self._line_styles:
            return
        self._line_styles = styles
        self._overview_dirty = True
        if self.overview_mode:
            self._refresh_overview()

    def _update_overview_selection(self) -> None:
        if self.overview_mode:
            chosen = [i for i in self.selectedItems() if isinstance(i, NodeItem)]
            framed = [i for i in chosen if isinstance(i, GroupItem) and i.frame is not None]
            self.overview.set_selected(
                [i.scene_box() for i in chosen if i not in framed],
                [i.scene_box() for i in framed],
            )

    def node_at(self, pos: QPointF) -> str | None:
        """The concept under a scene point, also in overview mode where items are hidden."""
        if not self.overview_mode:
            for item in self.items(pos):
                if isinstance(item, NodeItem):
                    return item.node_id
            return None
        x, y = pos.x(), pos.y()
        for left, top, right, bottom, node_id in self._shown_boxes():
            if left <= x <= right and top <= y <= bottom:
                return node_id
        return None

    def _shown_boxes(self) -> list[tuple[float, float, float, float, str]]:
        """The shown concepts' boxes as plain numbers, in file order, read again when the
        geometry changes: reading each of 20k Qt items per click took 10-20 ms, going over
        plain numbers takes 1-2."""
        if self._hit_boxes is not None and self._hit_boxes[0] == self.geometry_revision:
            return self._hit_boxes[1]
        if self._pending:
            p = self._plain_boxes()
            hits = list(zip(p.lefts, p.tops, p.rights, p.bottoms, p.ids, strict=True))
            self._hit_boxes = (self.geometry_revision, hits)
            return hits
        boxes = []
        for node_id, item in self.node_items.items():
            if item.shown:
                box = item.scene_box()
                boxes.append((box.left(), box.top(), box.right(), box.bottom(), node_id))
        self._hit_boxes = (self.geometry_revision, boxes)
        return boxes

    # --- selection ------------------------------------------------------------------------------

    @property
    def current(self) -> tuple[str, str]:
        return self._current

    def select(self, kind: str, item_id: str) -> bool:
        """Select one concept or link and nothing else; False if it is missing or hidden."""
        item = self.node_item(item_id) if kind == "node" else self.edge_item(item_id)
        if item is None or not item.shown:
            return False
        self.blockSignals(True)
        self.clearSelection()
        self.blockSignals(False)
        item.setSelected(True)
        return True

    def select_many(self, node_ids: Iterable[str] = (), edge_ids: Iterable[str] = ()) -> None:
        """Select exactly these concepts and links (the shown ones) as one change.

        Qt emits selectionChanged for every item; the scene's handler is O(selection), so
        selecting items one by one with signals on costs O(n^2) and flickers "current". The
        old selection is cleared with signals on, so nothing stays "current" from before.
        With links by region, links without items stay ids, selected as their items are made:
        all 139,789 link items of the 100k map would take 0.9 GB.
        """
        self.clearSelection()
        self._unmade_selected = set()
        self.blockSignals(True)
        try:
            for node_id in node_ids:
                item = self.node_item(node_id)
                if item is not None and item.shown:
                    item.setSelected(True)
            for edge_id in self._hold_unmade(edge_ids):
                edge = self.edge_item(edge_id)
                if edge is not None and edge.shown:
                    edge.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def select_unmade_too(self, edge_ids: Iterable[str]) -> None:
        """Add to the selection the shown links of these that have no items yet (links by
        region), for a selection put back item by item (the one current first)."""
        before = len(self._unmade_selected)
        self._hold_unmade(edge_ids)
        if len(self._unmade_selected) != before:
            self.selectionChanged.emit()

    def _hold_unmade(self, edge_ids: Iterable[str]) -> list[str]:
        """Hold the shown links without items as selected ids; the others are returned."""
        if not self.links_by_region:
            return list(edge_ids)
        made, rest = self.edge_items, []
        edges = self.document.edges
        for edge_id in edge_ids:
            if edge_id in made or edge_id not in edges:
                rest.append(edge_id)
            elif self.is_edge_visible(edge_id):
                self._unmade_selected.add(edge_id)
        return rest

    def select_all(self) -> None:
        """Select every shown concept and link as one change."""
        self.finish_items()
        self.select_many(self.node_items, (e.id for e in self.document.cmap.edges))

    def selected_ids(self) -> tuple[set[str], set[str]]:
        """The selected concepts and links, with the links selected before their items were
        made (see select_all)."""
        nodes, edges = set(), set(self._unmade_selected)
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                nodes.add(item.node_id)
            elif isinstance(item, EdgeItem):
                edges.add(item.edge_id)
        return nodes, edges

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips are made when asked for, not stored on thousands of items."""
        text = ""
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem):
                text = item.tooltip_text()
                break
            if isinstance(item, EdgeItem):
                text = proposition(item.source.label, item.label, item.target.label)
                break
        if text:
            QToolTip.showText(event.screenPos(), plain_tooltip(text), event.widget())
            event.accept()
        else:
            QToolTip.hideText()
            event.ignore()

    def selection_order(self) -> list[str]:
        """Selected concepts, in the order they were selected or last clicked (linking reads
        first -> last)."""
        return list(self._selection_order)

    def clicked(self, node_id: str) -> None:
        """A click on a selected concept makes it the last of the selection order: Ctrl+L links
        the two concepts last clicked, also when both were already in a bigger selection."""
        if node_id in self._selected_nodes:
            self._selection_order.remove(node_id)
            self._selection_order.append(node_id)

    def _on_selection_changed(self) -> None:
        self.revision += 1
        selected = self.selectedItems()
        now = {i.node_id for i in selected if isinstance(i, NodeItem)}
        if self._unmade_selected:
            # Links selected without items stay so while the selection grows (Ctrl+click adds
            # one) or loses one thing (Ctrl+click takes one out); anything else (a click,
            # Escape) drops them.
            links_now = {i for i in selected if isinstance(i, EdgeItem)}
            links_then = set(self._selected_edges)
            gone = len(self._selected_nodes - now) + len(links_then - links_now)
            came = bool(now - self._selected_nodes or links_now - links_then)
            if gone > 1 or (gone == 1 and came):
                self._unmade_selected = set()
        self._selection_order = [n for n in self._selection_order if n in now]
        known = set(self._selection_order)
        # Concepts selected together come in id order, never in Qt's (which follows memory
        # addresses): the same selection must name and link the same way in every run.
        self._selection_order += sorted(now - known)
        changed, self._selected_nodes = now ^ self._selected_nodes, now
        # A selected concept is never faded, so a selection is always seen.
        self._dim_state.selected = now
        if self._dim_state.keep_nodes is not None:  # veiled too: its opacity waits for it
            for node_id in changed:
                item = self.node_items.get(node_id)
                if item is not None:
                    item.show_dimmed()
        edges = [i for i in selected if isinstance(i, EdgeItem)]
        for link in self._selected_edges + edges:  # link items have no contents: repaint them
            # With room for its bend handles, square on screen (BEND_HANDLE_PX at the least
            # scale that shows them).
            reach = BEND_HANDLE_PX / BEND_HANDLES_FROM / 2 + 1 if link.bends else 0.0
            self.link_layer.update(link.sceneBoundingRect().adjusted(-reach, -reach, reach, reach))
        self._selected_edges = edges
        current = self._current
        if len(selected) == 1:
            only = selected[0]
            if isinstance(only, NodeItem):
                current = ("node", only.node_id)
            elif isinstance(only, EdgeItem):
                current = ("edge", only.edge_id)
        elif not selected:
            current = ("", "")
        self._update_overview_selection()
        if current != self._current:
            self._current = current
            self.current_changed.emit(*current)

    # --- groups: frames around members, collapsed boxes ----------------------------------------

    def _read_groups(self) -> bool:
        """Take the map's groups; True when they differ from what the scene drew."""
        nodes = self.document.nodes
        parents = valid_parents(((n.id, n.parent) for n in nodes.values() if n.parent), nodes)
        children = children_map(parents)
        collapsed = {g for g in children if self.document.nodes[g].collapsed}
        alone = dict.fromkeys(n.id for n in nodes.values() if n.id not in children and own_frame(n))
        if (parents, collapsed, alone) == (self._parents, self._collapsed, self._alone):
            return False
        self._parents, self._children, self._collapsed = parents, children, collapsed
        self._alone = alone
        return True

    def bundle_end(self, item: NodeItem) -> NodeItem:
        """The item a link's end is bundled at when the map is far away: the outermost frame
        drawn round ``item``, or ``item`` itself."""
        if not self._parents:
            return item
        return outermost_frame(item, self.groups_around, self.node_items)

    def group_of(self, node_id: str) -> str | None:
        return self._parents.get(node_id)

    def group_ids(self) -> list[str]:
        """Every concept drawn as a frame: those with members, and groups a file draws at a
        rectangle of their own with none (a canvas's bands: "25 concepts, 6 groups" had
        counted two of CoreMedia's 8 groups as concepts, and their titles went unwritten)."""
        return [*self._children, *self._alone]

    def _is_group(self, node_id: str) -> bool:
        """Whether ``node_id`` is drawn as a frame (one of group_ids)."""
        return node_id in self._children or node_id in self._alone

    def direct_members(self, group_id: str) -> list[str]:
        """The concepts a group holds itself (not those of its inner groups), in file order."""
        return list(self._children.get(group_id, ()))

    def groups_around(self, node_id: str) -> list[str]:
        """The groups that contain a concept, innermost first."""
        return ancestors(node_id, self._parents)

    def members_of(self, group_id: str) -> list[str]:
        """Every concept inside a group, at any depth."""
        return descendants(group_id, self._children)

    def is_group(self, node_id: str) -> bool:
        return node_id in self._children

    def _drawn_item(self, node_id: str) -> NodeItem:
        """The item a link to ``node_id`` is drawn to: the outermost collapsed group around it,
        else the concept itself."""
        end = node_id
        if self._collapsed:
            for group in ancestors(node_id, self._parents):
                if group in self._collapsed:
                    end = group
        return self.node_items[end]

    def shown_as(self, node_id: str) -> str:
        """The concept that stands for ``node_id`` on the canvas: the outermost collapsed group
        around it, or itself."""
        return self._drawn_item(node_id).node_id if node_id in self.node_items else node_id

    def with_members(self, items: Iterable[NodeItem]) -> list[NodeItem]:
        """``items`` and every member of the groups among them, once each: what a drag of a
        frame (or of a collapsed box) moves."""
        out: dict[str, NodeItem] = {}
        for item in items:
            out[item.node_id] = item
            for member in descendants(item.node_id, self._children):
                out.setdefault(member, self.node_items[member])
        return list(out.values())

    def follow_drag(self) -> None:
        """Frames follow members while they are being dragged, before the move is an edit."""
        if self.group_ids():
            self._layout_groups()

    def _regroup(self) -> None:
        """The groups changed (a concept joined or left one, one collapsed or expanded): give
        each concept the right item, draw links to collapsed boxes, then show and measure."""
        was_collapsed, were_groups = self._collapsed, self.group_ids()
        if not self._read_groups():
            return
        # A concept became a group or stopped being one: only the groups' concepts can have.
        had = {n for n in were_groups if isinstance(self.node_items.get(n), GroupItem)}
        now = self.group_ids()
        swapped = [n for n in had.symmetric_difference(now) if n in self.node_items]
        for node_id in swapped:
            self._replace_node_item(node_id)
        # Links change ends only where a collapsed group is involved.
        folding = bool(was_collapsed or self._collapsed)
        if folding and not self.links_pending:
            for edge in self.document.cmap.edges:
                link = self.edge_items.get(edge.id)
                if link is None:
                    continue
                source, target = self._drawn_item(edge.source), self._drawn_item(edge.target)
                if link.source is not source or link.target is not target:
                    self._retarget(link, source, target)
        if folding:
            self._apply_visibility()  # members of collapsed groups hide, and show again
        else:
            self._layout_groups()
        self.update()

    def _replace_node_item(self, node_id: str) -> None:
        old = self.node_items[node_id]
        selected = old.isSelected()
        old.setSelected(False)
        node = self.document.nodes[node_id]
        item = self._make_node_item(node_id)
        item.place(node.x or 0.0, node.y or 0.0)
        item.shown = old.shown
        item.setVisible(item.shown)
        item.show_dimmed()  # the same id: faded as the old item was
        for link in list(old.edges):  # the links keep their items and move to the new one
            self._retarget(
                link,
                item if link.source is old else link.source,
                item if link.target is old else link.target,
            )
        self.removeItem(old)
        item.setSelected(selected and item.shown)

    def _retarget(self, link: EdgeItem, source: NodeItem, target: NodeItem) -> None:
        """Draw an existing link between other items (a collapsed group's box, or the new item
        of a concept that became a group): cheaper than a new link item, which must join the
        scene's index."""
        old_source, old_target = link.source, link.target
        for end in (old_source, old_target):
            if link in end.edges:
                end.edges.remove(link)
        link.source, link.target = source, target
        source.edges.append(link)
        if target is not source:
            target.edges.append(link)
        link.bend = 0.0
        link.update_geometry()
        self._rebend(link)
        if old_source is not old_target:
            rest = [
                e
                for e in old_source.edges
                if (e.source is old_source and e.target is old_target)
                or (e.source is old_target and e.target is old_source)
            ]
            if rest:
                _spread(rest)

    def _layout_groups(self) -> None:
        """Measure every group, innermost first: a frame around its shown members, or, when it
        is collapsed (or a filter hides all its members), one box at their middle."""
        if not self.group_ids():
            return
        changed = self._frame_alone()  # first: a group round one of them holds its frame
        for group in innermost_first(self._parents):
            item = self.node_items.get(group)
            if not isinstance(item, GroupItem):
                continue
            members = [self.node_items[m] for m in self._children[group] if m in self.node_items]
            shown = [m.held_box() for m in members if m.shown]
            frame = None
            if group not in self._collapsed and shown:
                title_w, title_h = item.title_size()
                rect = kept_frame(
                    item.given_box(),
                    [(b.left(), b.top(), b.right(), b.bottom()) for b in shown],
                    title_height=title_h,
                    title_width=title_w,
                )
                if rect is not None:
                    frame = QRectF(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1])
            reshaped = item.set_frame(frame, len(ancestors(group, self._parents)))
            if frame is None and members:
                everything = [self.node_items[m].scene_box() for m in self.members_of(group)]
                middle = everything[0]
                for box in everything[1:]:
                    middle = middle.united(box)
                if (item.cx, item.cy) != (middle.center().x(), middle.center().y()):
                    item.stand_at(middle.center().x(), middle.center().y())
                    reshaped = True
            if reshaped:
                changed.append(item)
        if changed:
            update_links(changed)
            self._refile_titles(changed)
            self._geometry_changed()

    def _frame_alone(self) -> list[NodeItem]:
        """Draw each group without members as a frame at the rectangle its file gave it, as
        Obsidian draws a band laid across columns; the items whose frame changed."""
        changed: list[NodeItem] = []
        for alone in self._alone:
            item = self.node_items.get(alone)
            box = item.given_box() if isinstance(item, GroupItem) else None
            if not isinstance(item, GroupItem) or box is None:
                continue
            rect = QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])
            if item.set_frame(rect, len(ancestors(alone, self._parents))):
                changed.append(item)
        return changed

    def _refile_titles(self, groups: list[NodeItem]) -> None:
        """Links and phrases keep off a frame's title (see GroupItem.keep_clear): when a frame
        changes, the links near where its title was and now is are placed again."""
        context = self.link_context
        areas = []
        for item in groups:
            before = context.boxes.rect(item)
            context.track(item)
            after = context.boxes.rect(item)
            if before != after:
                areas += [
                    QRectF(QPointF(r[0], r[1]), QPointF(r[2], r[3])) for r in (before, after) if r
                ]
        if areas and self.edge_items:
            self._reroute_near(areas)

    def _groups_on_node_added(self, node_id: str) -> None:
        node = self.document.nodes[node_id]
        if node.parent or own_frame(node):
            self._regroup()

    def _groups_on_node_removed(self, node_id: str) -> None:
        if node_id in self._parents or self._is_group(node_id):
            self._regroup()

    def _groups_on_node_changed(self, node_id: str) -> None:
        node = self.document.nodes[node_id]
        was = (self._parents.get(node_id), node_id in self._collapsed, node_id in self._alone)
        alone = node_id not in self._children and own_frame(node)
        if was != (node.parent, node.collapsed and node_id in self._children, alone):
            self._regroup()
        elif node_id in self._parents or node_id in self._children or alone:
            self._layout_groups()  # a member's box or the title changed size

    def _groups_on_nodes_moved(self, node_ids: list[str]) -> None:
        if self.group_ids() and any(n in self._parents or self._is_group(n) for n in node_ids):
            self._layout_groups()


class _PlainBoxes:
    """Concepts' boxes as plain numbers, in file order (see MapScene._plain_boxes)."""

    __slots__ = ("bottoms", "ids", "lefts", "rights", "styles", "tops")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.lefts, self.tops = array("d"), array("d")
        self.rights, self.bottoms = array("d"), array("d")
        self.styles: list[KindStyle] = []

    def add(
        self, node_id: str, left: float, top: float, right: float, bottom: float, style: KindStyle
    ) -> None:
        self.ids.append(node_id)
        self.lefts.append(left)
        self.tops.append(top)
        self.rights.append(right)
        self.bottoms.append(bottom)
        self.styles.append(style)


def _spread(group: list[EdgeItem]) -> None:
    """Bend the links of one pair of concepts apart as mapviewer.fans.bends says."""
    for item, bend in zip(group, _bends([(i.source, i.target) for i in group]), strict=True):
        if bend != item.bend:
            item.bend = bend
            item.update_geometry()


def _pair_ends(items: tuple[NodeItem, NodeItem]) -> tuple[str, str]:
    return items[0].node_id, items[1].node_id


def _bends(group: list[tuple[NodeItem, NodeItem]]) -> list[float]:
    """The bends _spread gives links between these (source, target) items, in this order."""
    a, b = group[0]
    first = min(a.node_id, b.node_id)
    return fans.bends([s.node_id for s, _ in group], first, (a.cx, a.cy), (b.cx, b.cy))


def _cache_mode(enabled: bool) -> QGraphicsItem.CacheMode:
    if enabled:
        return QGraphicsItem.CacheMode.DeviceCoordinateCache
    return QGraphicsItem.CacheMode.NoCache
