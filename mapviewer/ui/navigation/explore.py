"""Exploring a map: neighbours light up, focus on k links, filter by source, go back and forward.

- Hovering or selecting a concept lights up its links and neighbours and fades the rest.
- Focus mode shows only the concepts within 1, 2 or 3 links of the current one and frames
  them; leaving it restores the whole map and the view as they were.
- "Show only what a source supports" hides concepts no passage of that document backs.
- Back and forward walk through what was selected (Alt+Left/Right, mouse back/forward).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QWidget

from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.actions import make_action
from mapviewer.ui.workspace import Workspace

HISTORY_LIMIT = 200


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
        self._before_focus: tuple[QPointF, float] | None = None
        self._hovered = ""
        self.highlight = make_action(
            host,
            "Highlight &Neighbours",
            self._refresh_highlight,
            None,
            "Light up a concept's links and neighbours and fade the rest",
        )
        self.highlight.setCheckable(True)
        self.highlight.setChecked(True)
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
        self.focus_depth = 0
        self._before_focus = None
        for action in self.focus_actions.actions():
            action.setChecked(action.data() == 0)
        self.source_filter = ""
        self.history = History()
        self._update_history_actions()

    # --- highlighting ---------------------------------------------------------------------------

    def _on_hover(self, node_id: str) -> None:
        self._hovered = node_id
        self._refresh_highlight()

    def _refresh_highlight(self) -> None:
        scene = self.workspace.scene
        kind, ident = scene.current
        target = self._hovered or (ident if kind == "node" else "")
        # A highlighted path (Find Path) is what the person is reading: leave it whole.
        reading_path = scene.dim_filter("path") is not None
        if reading_path or not self.highlight.isChecked() or target not in scene.node_items:
            scene.clear_dim_filter("neighbours")
            return
        nodes, edges = self.workspace.document.neighbourhood(target, 1)
        scene.set_dim_filter("neighbours", nodes, edges)

    # --- focus ----------------------------------------------------------------------------------

    def set_focus(self, depth: int) -> None:
        scene = self.workspace.scene
        view = self.workspace.view
        kind, ident = scene.current
        if depth and kind != "node":
            self.workspace.show_message("Select a concept to focus on.", 3000)
            for action in self.focus_actions.actions():
                action.setChecked(action.data() == self.focus_depth)
            return
        if depth and not self.focus_depth:
            self._before_focus = (view.center(), view.zoom)
        self.focus_depth = depth
        for action in self.focus_actions.actions():
            action.setChecked(action.data() == depth)
        if not depth:
            scene.set_keep_filter("focus", None)
            if self._before_focus is not None:
                view.fly_to(*self._before_focus)
                self._before_focus = None
            self.workspace.refresh_legend()
            return
        nodes, _ = self.workspace.document.neighbourhood(ident, depth)
        scene.set_keep_filter("focus", nodes)
        view.fly_to_rect(scene.map_bounds(sorted(nodes)))
        self.workspace.refresh_legend()
        label = self.workspace.document.nodes[ident].label
        self.workspace.show_message(
            f"Focus: {len(nodes)} concepts within {depth} link{'s' * (depth > 1)} of {label}", 4000
        )

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

    def supported_by(self, source_id: str) -> set[str]:
        """Concepts a source backs: quoted from it, or joined by a link quoted from it."""
        doc = self.workspace.document
        nodes = {n.id for n in doc.cmap.nodes if any(q.source == source_id for q in n.quotes)}
        for edge in doc.cmap.edges:
            if any(q.source == source_id for q in edge.quotes):
                nodes |= {edge.source, edge.target}
        return nodes

    def filter_by_source(self, source_id: str) -> None:
        scene = self.workspace.scene
        self.source_filter = source_id
        scene.set_keep_filter("source", self.supported_by(source_id) if source_id else None)
        self.workspace.refresh_legend()
        if source_id:
            title = self.workspace.document.sources[source_id].title
            shown = len(scene.visible_node_ids())
            self.workspace.show_message(f"{shown} concepts backed by “{title}”", 5000)

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
