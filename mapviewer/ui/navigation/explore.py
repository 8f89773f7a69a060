"""Exploring a map: neighbours light up, focus on k links, filter by source, go back and forward.

- Hovering or selecting a concept lights up its links and neighbours and fades the rest.
- Focus mode shows only the concepts within 1, 2 or 3 links of the current one, arranged
  afresh around it (mapviewer.focuslayout) and framed at a size their labels read at; it is a
  view, not an edit: the scene draws them away from their places until focus ends, and leaving
  it (Ctrl+Shift+0 or Escape) brings back the whole map, its places and the view as they were.
- "Show only what a source supports" shows what quotes that document, its neighbours faintly.
- Back and forward walk through what was selected (Alt+Left/Right, mouse back/forward).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QActionGroup, QKeySequence, QTransform
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QWidget

from mapviewer.focusfit import SPREAD, crossings, squeeze, untangled
from mapviewer.focuslayout import ASPECT, GAP, focus_layout
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.hubnames import LEGIBLE_PX
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import MapView
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.actions import make_action
from mapviewer.ui.workspace import Workspace

HISTORY_LIMIT = 200
FOCUS_MS = 450  # the neighbourhood gathering round its centre, and dispersing again
# A focus frames its concepts whole if their labels then read at this many pixels or more,
# else it shows them at this size around the centre (the rest a pan away): above the size
# below which the map draws names over its labels (scene/hubnames.py).
FOCUS_LABEL_PX = LEGIBLE_PX + 1.5
FOCUS_MAX_SCALE = 1.0
FOCUS_MARGIN_PX = 24  # screen pixels kept between the focused concept and the view's edge
# A focus tries other rings (ExploreActions._arrangement) while the concepts laid out over
# all its tries stay under this many: each concept placed costs about a millisecond, and the
# 24 tries of Focus 3 on Relapse (111 concepts) took 5.7 s where one takes 0.3.
FOCUS_TRY_CONCEPTS = 300
# A neighbourhood too big to read whole is drawn as close as fits this many times the view
# at a readable size, the first that does: the view then shows the most of it.
FOCUS_WIDER_FRAMES = (1.25, 1.6, 2.0, 3.0)
FOCUS_CLOSER_TRIES = 2  # the arrangements that read largest drawn closer, before wider frames
# How far toward evenly apart focusfit.squeeze draws an arrangement by link distance: its
# concepts are spread already. 3/4 of the way (SPREAD) drew the centre off the view's middle
# (Focus 2 on 24 concepts in a 1366x768 window: by a fifth of the view on average, against
# 0.15 with none) and crossed more (1,116 against 682); none left more phrases on boxes (PD-1
# there: 19; 17 with a fifth, 13 with 2/5 but T cells a third of the view off the middle).
UNTANGLED_SPREAD = 0.2
# ...and kept where the rings drawn closer cross more often than they have links, if it
# crosses at most this share as often: else the rings, which keep more phrases off the boxes
# (Focus 2 on Biologic therapies in a 1366x768 window, 33 links crossing 13 times: none on a
# box, against one)
UNTANGLED_GAIN = 0.75


@dataclass(frozen=True)
class Camera:
    """The view exactly as it was: leaving a focus puts it back to the pixel."""

    centre: QPointF
    zoom: float
    transform: QTransform
    scroll: tuple[int, int]
    auto_fit: bool

    @staticmethod
    def of(view: MapView) -> Camera:
        scroll = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        return Camera(view.center(), view.zoom, view.transform(), scroll, view.auto_fit)

    def restore(self, view: MapView) -> None:
        view.set_camera(self.centre, self.zoom)
        view.setTransform(self.transform)
        view.horizontalScrollBar().setValue(self.scroll[0])
        view.verticalScrollBar().setValue(self.scroll[1])
        view.auto_fit = self.auto_fit


class History:
    """Back/forward over visited (kind, id) pairs, as a browser keeps pages."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self.position = -1

    def visit(self, item: tuple[str, str]) -> None:
        if 0 <= self.position < len(self.items) and self.items[self.position] == item:
            return
        del self.items[self.position + 1 :]
        self.items.append(item)
        if len(self.items) > HISTORY_LIMIT:
            del self.items[0]
        self.position = len(self.items) - 1

    def can_go(self, step: int) -> bool:
        return 0 <= self.position + step < len(self.items)

    def go(self, step: int) -> tuple[str, str] | None:
        if not self.can_go(step):
            return None
        self.position += step
        return self.items[self.position]


class ExploreActions:
    """Focus, neighbour highlighting, source filter and history for one window.

    ``host`` is the window the actions' shortcuts work in; ``panes`` names, when F6 is pressed,
    the big areas the keyboard focus steps through, in order (some are built later)."""

    def __init__(
        self, workspace: Workspace, host: QWidget, panes: Callable[[], Sequence[QWidget]]
    ) -> None:
        self.workspace = workspace
        self.host = host
        self.panes = panes
        self.history = History()
        self._walking = False  # moving through history: do not record the moves
        self.focus_depth = 0
        self._before_focus: Camera | None = None
        self._hovered = ""
        # The arrangement moving: concepts from -> to, the camera from -> to (centre, zoom).
        self._moves: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
        self._camera_moves: tuple[tuple[QPointF, float], tuple[QPointF, float]] | None = None
        self._arrival: Callable[[], None] | None = None
        self.arranging = QVariantAnimation(host)
        self.arranging.setDuration(FOCUS_MS)
        self.arranging.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.arranging.valueChanged.connect(self._arrange_step)
        self.arranging.finished.connect(self._arrived)
        # An edit while focused (a longer label, a new link) arranges the focus again, once.
        self._refocus_timer = QTimer(host)
        self._refocus_timer.setSingleShot(True)
        self._refocus_timer.timeout.connect(self._refocus)
        self.highlight = make_action(
            host,
            "Highlight &Neighbours",
            self._refresh_highlight,
            None,
            "Light up a concept's links and neighbours and fade the rest",
        )
        self.highlight.setCheckable(True)
        self.highlight.setChecked(True)
        self.fit_neighbours = make_action(
            host,
            "Fit &Selection and Neighbours",
            self.fit_selection_and_neighbours,
            ["Ctrl+2"],
            "Frame the selected concepts and the concepts linked to them",
        )
        self.back = make_action(
            host,
            "&Back",
            lambda: self.walk(-1),
            [QKeySequence.StandardKey.Back, "Alt+Left"],
            "Back to the previously selected concept",
        )
        self.forward = make_action(
            host,
            "&Forward",
            lambda: self.walk(1),
            [QKeySequence.StandardKey.Forward, "Alt+Right"],
            "Forward again",
        )
        self.focus_actions = QActionGroup(host)
        self.focus_menu = QMenu("&Focus", host)
        for depth, text, key in [
            (0, "Whole Map", "Ctrl+Shift+0"),
            (1, "Within 1 Link", "Ctrl+Shift+1"),
            (2, "Within 2 Links", "Ctrl+Shift+2"),
            (3, "Within 3 Links", "Ctrl+Shift+3"),
        ]:
            action = make_action(host, text, self._focus_slot(depth), [key])
            action.setCheckable(True)
            action.setChecked(depth == 0)
            action.setData(depth)
            self.focus_actions.addAction(action)
            self.focus_menu.addAction(action)
        self.leave_focus = make_action(
            host, "Leave Focus", lambda: self.set_focus(0), ["Escape"], "Show the whole map again"
        )
        # Escape on the map only, and only while focused: elsewhere it keeps its own meanings.
        self.leave_focus.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.leave_focus.setEnabled(False)
        workspace.view.addAction(self.leave_focus)
        self.next_pane = make_action(
            host,
            "Next &Pane",
            lambda: self.cycle_panes(1),
            ["F6"],
            "Move the keyboard focus to the next pane: map, search, legend, details, source",
        )
        self.previous_pane = make_action(
            host, "Previous Pane", lambda: self.cycle_panes(-1), ["Shift+F6"]
        )
        self.source_menu = QMenu("Show Only What a &Source Supports", host)
        self.source_menu.aboutToShow.connect(self._fill_source_menu)
        self.source_filter = ""
        self._update_history_actions()
        workspace.scene_replaced.connect(self.attach)
        self.attach(workspace.scene)

    def _focus_slot(self, depth: int) -> Callable[[], None]:
        return lambda: self.set_focus(depth)

    def cycle_panes(self, step: int) -> None:
        """F6: the keyboard moves between the big areas of the window, as in most desktop apps."""
        panes = [p for p in self.panes() if p.isVisible()]
        if not panes:
            return
        current = next((i for i, p in enumerate(panes) if p.hasFocus()), -1)
        target = panes[(current + step) % len(panes)]
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.next_pane)
        menu.addAction(self.back)
        menu.addAction(self.forward)
        menu.addSeparator()
        menu.addAction(self.fit_neighbours)
        menu.addAction(self.highlight)
        menu.addMenu(self.focus_menu)
        menu.addMenu(self.source_menu)

    def toolbar(self) -> QToolBar:
        bar = QToolBar("Explore", self.host)
        bar.setObjectName("ExploreToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back.setIconText("←")
        self.forward.setIconText("→")
        bar.addAction(self.back)
        bar.addAction(self.forward)
        bar.addSeparator()
        bar.addWidget(QLabel(" Focus: "))
        for action in self.focus_actions.actions():
            depth = action.data()
            action.setIconText("All" if depth == 0 else f"{depth}")
            action.setToolTip(action.text() + f" ({action.shortcut().toString()})")
            bar.addAction(action)
        return bar

    def attach(self, scene: MapScene) -> None:
        """Follow a new scene (another map or theme): its filters and history start empty."""
        scene.current_changed.connect(self._on_current)
        scene.hover_changed.connect(self._on_hover)
        scene.dimming_changed.connect(self._on_dimming)
        for signal in scene.document.content_signals(moves=False):
            signal.connect(self._content_changed)
        self.arranging.stop()
        self._arrival = None
        self.focus_depth = 0
        self.leave_focus.setEnabled(False)
        self._before_focus = None
        for action in self.focus_actions.actions():
            action.setChecked(action.data() == 0)
        self.source_filter = ""
        self.history = History()
        self._update_history_actions()

    # --- highlighting ---------------------------------------------------------------------------

    def fit_selection_and_neighbours(self) -> None:
        """Frame the selected concepts with everything linked to them, eased as the other fits
        are: the quickest way to see a concept in its context, or how a few selected relate."""
        scene = self.workspace.scene
        selected: set[str] = set()
        for item in scene.selectedItems():
            if isinstance(item, NodeItem):
                selected.add(item.node_id)
            elif isinstance(item, EdgeItem):  # a link stands for the two concepts it joins
                selected |= {item.source.node_id, item.target.node_id}
        if not selected:
            self.workspace.show_message("Select a concept to frame it with its neighbours.", 3000)
            return
        framed = set()
        for node_id in selected:
            nodes, _ = self.workspace.document.neighbourhood(node_id, 1)
            framed |= {scene.shown_as(n) for n in nodes}  # a collapsed group's box for its members
        shown = sorted(n for n in framed if n in scene.node_items and scene.node_items[n].shown)
        self.workspace.view.fly_to_rect(scene.map_bounds(shown))

    def show_found(self, node_id: str) -> None:
        """A concept found by name, centred with what it links to round it: all of it when
        that leaves the map's labels drawn as words (LEGIBLE_PX, as Focus frames a
        neighbourhood), else as much of it as fits at that size. Found at a zoom of 85 %,
        which kept its own label large, Cancer immunotherapy had 2 of its 28 neighbours in
        sight in a 1920x1080 window, T cells 7 of 21."""
        scene = self.workspace.scene
        view = self.workspace.view
        item = scene.node_items.get(node_id)
        if item is None:
            return
        nodes, _ = self.workspace.document.neighbourhood(node_id, 1)
        around = [scene.node_items.get(scene.shown_as(n)) for n in nodes]
        shown = [i for i in around if i is not None and i.shown and i.isVisible()] + [item]
        # Half the view each way from the concept's centre: what the farthest neighbour needs.
        reach_x = max(abs(x - item.cx) for i in shown for x in (i.cx - i.half_w, i.cx + i.half_w))
        reach_y = max(abs(y - item.cy) for i in shown for y in (i.cy - i.half_h, i.cy + i.half_h))
        rect = QRectF(item.cx - reach_x, item.cy - reach_y, 2 * reach_x, 2 * reach_y)
        # A hair over the size at which the map draws names over its labels instead.
        legible = LEGIBLE_PX * 1.001 / scene.label_px()
        centre, scale = view.fit_rect_camera(rect, max(FOCUS_MAX_SCALE, legible))
        view.fly_to(centre, max(scale, legible))

    def _on_dimming(self, name: str) -> None:
        if name == "path":  # a path lit or put out: the neighbours' lighting gives way or returns
            self._refresh_highlight()

    def _on_hover(self, node_id: str) -> None:
        self._hovered = node_id
        self._refresh_highlight()

    def _refresh_highlight(self) -> None:
        scene = self.workspace.scene
        kind, ident = scene.current
        target = self._hovered or (ident if kind == "node" else "")
        # A highlighted path (Find Path) is what the person is reading: leave it whole.
        reading_path = scene.dim_filter("path") is not None
        # A focus shows what it is meant to show whole: fading most of it helped no one.
        if (
            reading_path
            or self.focus_depth
            or not self.highlight.isChecked()
            or target not in scene.node_items
        ):
            scene.clear_dim_filter("neighbours")
            return
        nodes, edges = self.workspace.document.neighbourhood(target, 1)
        if scene.is_group(target):  # a frame lights what it holds, not only its own links
            members = scene.members_of(target)
            for member in members:
                more_nodes, more_edges = self.workspace.document.neighbourhood(member, 1)
                nodes |= more_nodes
                edges |= more_edges
        if not edges:
            # Nothing to light: a concept just typed onto a new map faded every other one to
            # near-unreadable while its author went on building round it.
            scene.clear_dim_filter("neighbours")
            return
        scene.set_dim_filter("neighbours", nodes, edges)

    # --- focus ----------------------------------------------------------------------------------

    def set_focus(self, depth: int) -> None:
        scene = self.workspace.scene
        view = self.workspace.view
        kind, ident = scene.current
        if self.is_arranging():  # the last change of focus lands first
            self.arranging.stop()
            self._arrived()
        if depth and kind != "node":
            self.workspace.show_message("Select a concept to focus on.", 3000)
            for action in self.focus_actions.actions():
                action.setChecked(action.data() == self.focus_depth)
            return
        if depth and not self.focus_depth:
            self._before_focus = Camera.of(view)
        was = self.focus_depth
        self.focus_depth = depth
        self.leave_focus.setEnabled(bool(depth))
        for action in self.focus_actions.actions():
            action.setChecked(action.data() == depth)
        if not depth:
            if was:
                self._leave()
            return
        nodes, _ = self.workspace.document.neighbourhood(ident, depth)
        with scene.unrouted(bool(scene.staged())):  # from one focus to another: see _leave
            scene.set_keep_filter("focus", nodes)
        self._refresh_highlight()
        target = self._arrangement(ident, nodes)
        # Concepts of a previous focus that this one hides go home unseen.
        home = {
            n: (
                self.workspace.document.nodes[n].x or 0.0,
                self.workspace.document.nodes[n].y or 0.0,
            )
            for n in scene.staged() - set(target)
            if n in self.workspace.document.nodes
        }
        # Landed, each phrase placed again where the boxes and the phrases placed before it
        # leave room: placed frame by frame as the concepts flew in, 8 of Focus 2 on
        # Relapse's sat on a box in a 1366x768 window. Then each on another phrase moved
        # where its link has room: placed in turn, one without a free spot took the least
        # covered, often on an earlier phrase that had one elsewhere.
        camera = self._framing(ident, target)

        def arrived() -> None:
            scene.place_phrases_again()
            scene.phrases_off_phrases()

        self._move(target | home, camera, arrived)
        self.workspace.refresh_legend()
        label = self.workspace.document.nodes[ident].label
        # Too many to read whole, the view shows the centre's part of them: said, or a
        # student takes what shows for all of it (Focus 2 on Cancer vaccines on a 1024x768
        # projector showed 44 of 70, nothing telling of the 26 beyond).
        beyond = len(target) - self._whole_in(target, *camera, margin=0.0)
        escape = "Escape shows the whole map"
        # Said short, or the status bar's counts cut it (1024x768).
        rest = f", {beyond} out of view (zoom out to see them; {escape})" if beyond else ""
        self.workspace.show_message(
            f"Focus: {len(nodes)} concepts within {depth} link{'s' * (depth > 1)} of {label}"
            f"{rest or f' ({escape})'}",
            8000 if beyond else 4000,
        )

    def _content_changed(self, *_: object) -> None:
        if self.focus_depth:
            self._refocus_timer.start()

    def _refocus(self) -> None:
        """The focus again after an edit; the whole map if its centre is gone."""
        if not self.focus_depth:
            return
        kind, ident = self.workspace.scene.current
        live = kind == "node" and ident in self.workspace.document.nodes
        self.set_focus(self.focus_depth if live else 0)

    def _leave(self) -> None:
        """The whole map again: every concept back in its place, the view as it was."""
        scene = self.workspace.scene
        doc = self.workspace.document
        with scene.unrouted():  # still staged: routed once home (2 s of Escape from Focus 3)
            scene.set_keep_filter("focus", None)
        self._refresh_highlight()
        home = {
            n: (doc.nodes[n].x or 0.0, doc.nodes[n].y or 0.0)
            for n in scene.staged()
            if n in doc.nodes
        }
        before = self._before_focus
        self._before_focus = None
        camera = (before.centre, before.zoom) if before is not None else None

        def arrived() -> None:
            scene.unstage()
            scene.flush_geometry()
            if before is not None:
                before.restore(self.workspace.view)

        self._move(home, camera, arrived)
        self.workspace.refresh_legend()

    def _arrangement(self, centre: str, nodes: set[str]) -> dict[str, tuple[float, float]]:
        """Where the focus draws its concepts (mapviewer.focuslayout), from the boxes and
        phrases as drawn and the concepts' places on the map."""
        scene = self.workspace.scene
        doc = self.workspace.document
        items = {n: scene.node_items[n] for n in sorted(nodes) if n in scene.node_items}
        sizes = {n: (2 * item.half_w, 2 * item.half_h) for n, item in items.items()}
        positions = {n: (doc.nodes[n].x or 0.0, doc.nodes[n].y or 0.0) for n in items}
        # Each phrase as it wraps by itself, not as the last focus placed it (on more lines
        # where only they fitted): the same concept's focus draws the same picture whatever
        # was shown before it.
        links = [
            (edge.source, edge.target, scene.phrase_size(edge.id, alone=True))
            for edge in doc.cmap.edges
            if edge.source in items and edge.target in items
        ]
        # The rings as the map's angles have them, if their labels then read whole; else
        # also in the shape of the view, a quarter turn round and each concept as near as it
        # fits (as a tour's close-up tries them, slides.Stage), and last with only the
        # phrases of the links to their parents kept clear (focus_layout's ``loose``), then
        # so with the boxes half as far apart: the first that reads whole, else whichever
        # reads largest drawn closer into the view at that size (mapviewer.focusfit). Focus
        # 2 on PD-1 (44 concepts) cut 8 in a 1366x768 window; drawn closer, none.
        port = self.workspace.view.viewport().rect()
        screen = port.width() / max(port.height(), 1)
        tries = list(
            itertools.product(
                ((False, GAP), (True, GAP), (True, GAP / 2)),
                (ASPECT, screen),
                (False, True),
                (0.0, math.pi / 2),
            )
        )
        smallest = min((item.label_px for item in items.values()), default=1.0)
        readable = LEGIBLE_PX * 1.001 / smallest
        room_w, room_h = self.workspace.view.fit_room()
        frame = (room_w / readable, room_h / readable)
        covered = sum((w + GAP / 2) * (h + GAP / 2) for w, h in sizes.values())
        # Only as many tries as FOCUS_TRY_CONCEPTS allows, and one where even drawn closer the
        # boxes would not fit: Focus 2 on Relapse took 0.7 s of CPU trying all 24.
        count = 1 if covered > frame[0] * frame[1] else max(1, FOCUS_TRY_CONCEPTS // len(sizes))
        made: list[tuple[float, dict[str, tuple[float, float]]]] = []
        for (loose, gap), aspect, near, turn in tries[:count]:
            arranged = focus_layout(centre, links, sizes, positions, turn, aspect, near, loose, gap)
            label_px = self._fitted_label_px(arranged)
            if label_px >= LEGIBLE_PX:
                # Loose, the phrases of links between other concepts fall where they fall
                # (3 on boxes round Relapse in a 1366x768 window): an arrangement that kept
                # them all clear, drawn closer with room for each, reads better if it fits.
                clear = squeeze(made[0][1], sizes, links, centre, frame) if loose and made else None
                return arranged if clear is None else clear
            if not made or label_px > made[0][0] * 1.01:
                made.insert(0, (label_px, arranged))
        # None reads whole: the largest drawn closer into the view, else the next, unless
        # its links tangle and drawn by link distance they cross far less (focusfit.untangled:
        # a third as often round T cells, PD-1, Immune system); too many to read whole, as
        # close as they go, so the view shows the most of them (_as_close_as_fits).
        closer = None
        for _, arranged in made[:FOCUS_CLOSER_TRIES]:
            closer = self._closer(arranged, sizes, links, centre, frame, SPREAD)
            if closer is not None:
                break
        tangled = math.inf if closer is None else crossings(closer, sizes, links)
        if closer is not None and tangled <= len(links):
            return closer
        untangle = untangled(centre, links, sizes, positions, frame)
        drawn = self._closer(untangle, sizes, links, centre, frame, UNTANGLED_SPREAD)
        if drawn is not None and crossings(drawn, sizes, links) <= tangled * UNTANGLED_GAIN:
            return drawn
        if closer is not None:
            return closer
        return self._as_close_as_fits(centre, links, sizes, positions, frame, made[0][1])

    def _as_close_as_fits(
        self,
        centre: str,
        links: Sequence[tuple[str, str, tuple[float, float]]],
        sizes: Mapping[str, tuple[float, float]],
        positions: Mapping[str, tuple[float, float]],
        frame: tuple[float, float],
        rings: dict[str, tuple[float, float]],
    ) -> dict[str, tuple[float, float]]:
        """Too many to read whole: drawn by link distance and the ``rings`` each drawn into
        the least of FOCUS_WIDER_FRAMES times ``frame`` it fits, boxes only; whichever shows
        more concepts round the centre. Drawn by link distance, Focus 2 on T cells in a
        1366x768 window crossed 368 times against 1,268, but 41 of its 96 concepts were out of
        view against 18: the rings keep the centre's neighbours near it."""
        drawn = []
        for untangle in (True, False):
            for wider in FOCUS_WIDER_FRAMES:
                wide = (frame[0] * wider, frame[1] * wider)
                arranged = untangled(centre, links, sizes, positions, wide) if untangle else rings
                closer = squeeze(arranged, sizes, (), centre, wide)  # boxes only: 0.1 s each
                if closer is not None:
                    drawn.append(closer)
                    break
        if not drawn:
            return rings
        return max(drawn, key=lambda out: self._whole_in(out, *self._framing(centre, out)))

    @staticmethod
    def _closer(
        arranged: dict[str, tuple[float, float]],
        sizes: Mapping[str, tuple[float, float]],
        links: Sequence[tuple[str, str, tuple[float, float]]],
        centre: str,
        frame: tuple[float, float],
        spread: float = SPREAD,
    ) -> dict[str, tuple[float, float]] | None:
        """The arrangement drawn into ``frame`` with room for its phrases, else its boxes
        only: every concept whole and readable comes first, a phrase on a box second."""
        for ties, clear in ((links, True), (links, False), ((), False)):
            closer = squeeze(arranged, sizes, ties, centre, frame, clear=clear, spread=spread)
            if closer is not None:
                return closer
        return None

    def _fitted_label_px(self, target: Mapping[str, tuple[float, float]]) -> float:
        """How high the smallest label of an arrangement is drawn when all of it is framed."""
        scene = self.workspace.scene
        rect = self._bounds(target)
        _, scale = self.workspace.view.fit_rect_camera(rect, FOCUS_MAX_SCALE)
        smallest = min((scene.node_items[n].label_px for n in target), default=scene.label_px())
        return scale * smallest

    def _bounds(self, target: Mapping[str, tuple[float, float]]) -> QRectF:
        """The boxes of an arrangement, all of them."""
        items = self.workspace.scene.node_items
        left = top = float("inf")
        right = bottom = float("-inf")
        for node_id, (x, y) in target.items():
            item = items[node_id]
            left, right = min(left, x - item.half_w), max(right, x + item.half_w)
            top, bottom = min(top, y - item.half_h), max(bottom, y + item.half_h)
        return QRectF(left, top, right - left, bottom - top)

    def _framing(
        self, centre: str, target: dict[str, tuple[float, float]]
    ) -> tuple[QPointF, float]:
        """The camera on an arrangement: all of it if its labels then read, else the centre
        with as much around it as fits at a readable size."""
        scene = self.workspace.scene
        view = self.workspace.view
        middle, scale = view.fit_rect_camera(self._bounds(target), FOCUS_MAX_SCALE)
        # In the concepts' own text sizes (a yEd title's 12 pt, a note's 7.5): the smallest
        # label of the arrangement must read for all of it to be shown, the centre's for it.
        sizes = {n: scene.node_items[n].label_px for n in target}
        font_px = min(sizes.values(), default=scene.theme.node_font.pointSizeF() * 96 / 72)
        # All of it while its labels are still drawn as words (LEGIBLE_PX): Focus 1 on Cancer
        # immunotherapy in a full-HD window fitted at 9.1 px labels, just under the 9.5 the
        # centre is framed at, and left Resistance to immunotherapy above the view.
        if scale * font_px >= LEGIBLE_PX:
            return middle, scale
        # Else at a readable size, where it shows the most concepts whole: on the centre, on
        # the arrangement's middle or on the concept it hangs from, each moved just enough to
        # hold the centre. Framed on itself a leaf stood at its arrangement's edge, most of it
        # beyond (Focus 2 on Head and neck cancer in a 1366x768 window: 7 of 26 cut).
        readable = FOCUS_LABEL_PX / sizes.get(centre, font_px)
        port = view.viewport().rect()
        half_w = max((port.width() / 2 - FOCUS_MARGIN_PX) / readable, 0.0)
        half_h = max((port.height() / 2 - FOCUS_MARGIN_PX) / readable, 0.0)
        item = scene.node_items[centre]
        x, y = target[centre]
        tied = [n for n in self.workspace.document.neighbourhood(centre, 1)[0] if n in target]
        looks = [(x, y), (middle.x(), middle.y())] + [target[n] for n in tied if n != centre]

        def held(at: tuple[float, float]) -> QPointF:
            return QPointF(
                min(max(at[0], x + item.half_w - half_w), x - item.half_w + half_w),
                min(max(at[1], y + item.half_h - half_h), y - item.half_h + half_h),
            )

        return max(
            (held(at) for at in looks), key=lambda at: self._whole_in(target, at, readable)
        ), readable

    def _whole_in(
        self,
        target: Mapping[str, tuple[float, float]],
        at: QPointF,
        scale: float,
        margin: float = FOCUS_MARGIN_PX,
    ) -> int:
        """How many boxes of an arrangement a camera on ``at`` at ``scale`` shows whole,
        ``margin`` screen pixels in from the view's edges."""
        port = self.workspace.view.viewport().rect()
        half_w = max((port.width() / 2 - margin) / scale, 0.0)
        half_h = max((port.height() / 2 - margin) / scale, 0.0)
        seen = QRectF(at.x() - half_w, at.y() - half_h, 2 * half_w, 2 * half_h)
        items = self.workspace.scene.node_items
        return sum(
            seen.contains(QRectF(px - it.half_w, py - it.half_h, 2 * it.half_w, 2 * it.half_h))
            for n, (px, py) in target.items()
            for it in [items[n]]
        )

    def _move(
        self,
        target: dict[str, tuple[float, float]],
        camera: tuple[QPointF, float] | None,
        arrived: Callable[[], None] | None,
    ) -> None:
        """Animate concepts from where they are drawn to ``target`` and the camera to
        ``camera``; then call ``arrived``."""
        self.arranging.stop()
        view = self.workspace.view
        items = self.workspace.scene.node_items
        self._moves = {
            n: ((items[n].cx, items[n].cy), to) for n, to in target.items() if n in items
        }
        self._camera_moves = ((view.center(), view.zoom), camera) if camera is not None else None
        self._arrival = arrived
        if not view.isVisible():
            self._arrange_step(1.0)
            self._arrived()
            return
        self.arranging.setStartValue(0.0)
        self.arranging.setEndValue(1.0)
        self.arranging.start()

    def _arrange_step(self, t: float) -> None:
        positions = {
            n: (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            for n, ((x0, y0), (x1, y1)) in self._moves.items()
        }
        # Links drawn straight or bent, not routed round the boxes, as concepts move and
        # while the focus lasts: see MapScene.stage.
        self.workspace.scene.stage(positions, routed=False)
        # The scene's bounds at once, not when the event loop comes round: the camera is held
        # inside them. A focus landed at once (another asked for before it arrived, or the
        # view hidden) kept the bounds it left: Focus 2 on Brain swelling in a 1366x768
        # window, framed whole, stood 390 units left of its middle and 2 concepts were cut.
        self.workspace.scene.flush_geometry()
        if self._camera_moves is not None:
            (c0, s0), (c1, s1) = self._camera_moves
            # Zoom geometrically, as the view's own flights do.
            self.workspace.view.fly_to(c0 + (c1 - c0) * t, s0 * (s1 / s0) ** t, animate=False)

    def _arrived(self) -> None:
        self._arrange_step(1.0)
        arrival, self._arrival = self._arrival, None
        if arrival is not None:
            arrival()

    def is_arranging(self) -> bool:
        return self.arranging.state() == QVariantAnimation.State.Running

    def reveal(self, node_id: str) -> None:
        """Make a concept the filters hide visible: focus moves to it, a source filter lifts."""
        scene = self.workspace.scene
        if self.focus_depth and node_id in self.workspace.document.nodes:
            nodes, _ = self.workspace.document.neighbourhood(node_id, self.focus_depth)
            scene.set_keep_filter("focus", nodes)
        keep = scene.keep_filter("source")
        if keep is not None and node_id not in keep:
            self.filter_by_source("")
            self.workspace.show_message("Showing all sources again", 3000)

    # --- source filter --------------------------------------------------------------------------

    def _fill_source_menu(self) -> None:
        menu = self.source_menu
        menu.clear()
        group = QActionGroup(menu)
        choices = [("", "All Sources")] + [
            (s.id, s.title) for s in self.workspace.document.cmap.sources
        ]
        for source_id, title in choices:
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(source_id == self.source_filter)
            group.addAction(action)
            action.triggered.connect(lambda _=False, s=source_id: self.filter_by_source(s))

    def filter_by_source(self, source_id: str) -> None:
        """Show only what the source supports (mapviewer.evidence's rule, which the Source
        dock's checkbox follows too); "" shows everything again."""
        from mapviewer.ui.docks.evidence import show_source_support  # noqa: PLC0415

        scene = self.workspace.scene
        self.source_filter = source_id
        show_source_support(scene, self.workspace.document, source_id)
        self.workspace.refresh_legend()
        if source_id:
            title = self.workspace.document.sources[source_id].title
            quoted, _ = scene.dim_filter("source") or (set(), set())
            shown = len(scene.visible_node_ids())
            self.workspace.show_message(
                f"{len(quoted)} concepts quote “{title}” ({shown} shown with their neighbours)",
                5000,
            )

    # --- history --------------------------------------------------------------------------------

    def _on_current(self, kind: str, ident: str) -> None:
        self._refresh_highlight()
        if kind and not self._walking:
            self.history.visit((kind, ident))
            self._update_history_actions()
        if kind == "node" and self.focus_depth and not self._walking:
            self.set_focus(self.focus_depth)  # focus follows the selection

    def walk(self, step: int) -> None:
        target = self.history.go(step)
        while target is not None and not self._exists(target):
            target = self.history.go(step)
        if target is None:
            return
        self._walking = True
        try:
            self.workspace.go_to(*target)
        finally:
            self._walking = False
        self._update_history_actions()

    def _exists(self, item: tuple[str, str]) -> bool:
        doc = self.workspace.document
        return item[1] in (doc.nodes if item[0] == "node" else doc.edges)

    def _update_history_actions(self) -> None:
        self.back.setEnabled(self.history.can_go(-1))
        self.forward.setEnabled(self.history.can_go(1))
