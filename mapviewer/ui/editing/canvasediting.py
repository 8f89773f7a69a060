"""Editing on the canvas: gestures from the view become commands on the document.

Double-click empty canvas for a new concept, double-click (or F2) to rename in place, drag a
concept's handle onto another to link them (or onto empty canvas for a new linked concept),
drag concepts to move them. Each becomes one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QUndoCommand

from mapviewer.commands import (
    AddItemsCommand,
    EditEdgeCommand,
    EditNodeCommand,
    MoveNodesCommand,
    SetStyleCommand,
    route_changes,
)
from mapviewer.layout import Box, Packer
from mapviewer.model import Edge, Node, common_look
from mapviewer.scene.edgeitem import yed_heads
from mapviewer.ui.editing.inlineeditor import InlineEditor

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.scene.mapscene import MapScene
    from mapviewer.ui.workspace import Workspace

NEW_LABEL = "New concept"
NEW_BOX = QRectF(-70, -18, 140, 36)


class CanvasEditing:
    """Turns the view's gestures into commands for the workspace's current document."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        view = workspace.view  # one view for the workspace's life; only its scene is replaced
        self.editor = InlineEditor(view)
        self.last_kind: str | None = None
        view.canvas_double_clicked.connect(self.new_concept_at)
        view.item_activated.connect(self.rename)
        view.nodes_dragged.connect(self.moved)
        view.bend_dragged.connect(self.bend_moved)
        view.bend_removed.connect(self.remove_bend)
        view.nudge_requested.connect(self.nudge)
        view.connect_requested.connect(self.connect)
        workspace.scene_replaced.connect(self._follow_bounds)
        self._follow_bounds(workspace.scene)

    @property
    def document(self) -> Document:
        return self.workspace.document

    def _push(self, command: QUndoCommand) -> None:
        self.document.undo_stack.push(command)

    # --- the camera stays where the person is working ------------------------------------------

    def _follow_bounds(self, scene: MapScene) -> None:
        """The view scrolls within the map's bounds, and the scene's rectangle follows every
        edit; by itself the view then centres a map smaller than the window, so the first
        concept of a new map, typed where it was double-clicked, jumped to the middle with all
        the canvas (515 px on a 1600x1000 window). The view's rectangle is the map's bounds
        joined with what is on screen, so an edit never moves the camera."""
        scene.sceneRectChanged.connect(self._keep_camera)
        self.workspace.view.setSceneRect(scene.sceneRect())

    def _keep_camera(self, bounds: QRectF) -> None:
        view = self.workspace.view
        if bounds.isNull():
            return
        corner = QPoint(0, 0)
        fixed = view.mapToScene(corner)
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        view.setSceneRect(bounds.united(visible))
        miss = view.mapFromScene(fixed) - corner
        if miss.x():
            view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + miss.x())
        if miss.y():
            view.verticalScrollBar().setValue(view.verticalScrollBar().value() + miss.y())

    # --- new concepts ---------------------------------------------------------------------------

    def free_spot_near(
        self, x: float, y: float, width: float = 150.0, height: float = 40.0
    ) -> tuple[float, float]:
        """The free position nearest (x, y), so a new concept never lands on another."""
        packer = Packer()
        for item in self.workspace.scene.node_items.values():
            packer.occupy(item.cx, item.cy, 2 * item.half_w, 2 * item.half_h)
        return packer.place(Box("new", width, height), x, y)

    def new_look(self) -> dict[str, Any]:
        """The look of its own a new concept is given (Node fields), so it looks like the map's
        others, as CmapTools gives a new concept the map's default style: in a CmapTools map of
        9 pt pale blue rounded boxes a new concept in the theme's 10 pt dark box stood out from
        its 57 neighbours. Empty where the concepts carry no look in common (drawn by kind)."""
        return common_look(self.document.cmap.nodes)

    def new_link(self, edge_id: str, source: str, target: str) -> Edge:
        """A link drawn by hand, headed as the map's links are: on a yEd map whose links
        mostly end in yEd's filled head (Edge.data's yed-arrows), with that head, 10 wide as
        theirs are drawn, where it had the theme's 8-wide one beside them. It goes back to
        yEd with yEd's standard arrow too."""
        edges = self.document.cmap.edges
        yed = sum(yed_heads(edge.data)[1] for edge in edges)
        data = {"yed-arrows": "none standard"} if 2 * yed > len(edges) else {}
        return Edge(id=edge_id, source=source, target=target, data=data)

    def new_concept_at(self, pos: QPointF, link_from: str | None = None) -> None:
        """Type a label where the concept will be; it is created when the label is committed."""
        x, y = (pos.x(), pos.y()) if link_from else self.free_spot_near(pos.x(), pos.y())
        look = self.new_look()
        font = self.workspace.scene.theme.node_font_at(look.get("text_size"))  # as it is drawn

        def create(label: str) -> None:
            if not label:
                return
            node_id = self.document.new_id(label)
            node = Node(
                id=node_id,
                label=label,
                kind=self.last_kind,
                x=round(x, 1),
                y=round(y, 1),
                **look,
            )
            if link_from is None:
                self._push(AddItemsCommand(self.document, [node], [], "New concept"))
                self.workspace.scene.select("node", node_id)
                return
            edge_id = self.document.new_id(f"{link_from}-{node_id}")
            edge = self.new_link(edge_id, link_from, node_id)
            # The concept, its link and the link's phrase are one step to undo.
            self.document.undo_stack.beginMacro("Add linked concept")
            self._push(AddItemsCommand(self.document, [node], [edge], "Add linked concept"))
            self.workspace.scene.select("node", node_id)
            self.edit_link_phrase(edge_id, close_macro=True)

        self.editor.edit(NEW_BOX.translated(x, y), "", font, create, placeholder=NEW_LABEL)

    def new_concept_near_selection(self) -> None:
        """Insert: a new concept beside the current one, or in the middle of the view."""
        scene = self.workspace.scene
        kind, ident = scene.current
        if kind == "node" and ident in scene.node_items:
            item = scene.node_items[ident]
            self.last_kind = self.document.nodes[ident].kind
            spot = self.free_spot_near(item.cx + 2 * item.half_w + 60, item.cy)
        else:
            centre = self.workspace.view.center()
            spot = self.free_spot_near(centre.x(), centre.y())
        self.new_concept_at(QPointF(*spot), None)

    # --- renaming -------------------------------------------------------------------------------

    def rename(self, kind: str, ident: str) -> None:
        scene = self.workspace.scene
        if kind == "node" and ident in scene.node_items:
            item = scene.node_items[ident]
            self.last_kind = self.document.nodes[ident].kind

            def commit(label: str) -> None:
                node = self.document.nodes.get(ident)
                if node is not None and label and label != node.label:
                    self._push(EditNodeCommand(self.document, ident, "label", label, text="Rename"))

            self.editor.edit(item.label_box(), item.label, item.text_font, commit)
        elif kind == "edge" and ident in scene.edge_items:
            self.edit_link_phrase(ident)

    def rename_current(self) -> None:
        kind, ident = self.workspace.scene.current
        if kind:
            self.rename(kind, ident)

    def edit_link_phrase(
        self, edge_id: str, close_macro: bool = False, escape_removes: bool = False
    ) -> None:
        """Type a link's phrase in place; ``close_macro`` ends the undo macro a gesture opened,
        and with ``escape_removes`` Escape takes that gesture back, as it does a new concept's."""
        scene = self.workspace.scene
        item = scene.edge_items.get(edge_id)
        stack = self.document.undo_stack

        def finish() -> None:
            if close_macro:
                stack.endMacro()

        def cancel() -> None:
            finish()
            edge = self.document.edges.get(edge_id)
            if escape_removes and close_macro and edge is not None and stack.canUndo():
                # Undone, then dropped by the stack (it drops an obsolete command without
                # undoing it): Edit > Redo does not offer the link back.
                gesture = stack.command(stack.index() - 1)
                gesture.undo()
                gesture.setObsolete(True)
                stack.undo()
                self.workspace.scene.select_many([edge.source, edge.target])  # as they were

        if item is None:
            finish()
            return
        rect = item.label_rect
        if rect.isNull():
            mid = item.curve.pointAtPercent(0.5)
            rect = QRectF(mid.x() - 60, mid.y() - 12, 120, 24)

        def commit(label: str) -> None:
            if edge_id in self.document.edges and label != self.document.edges[edge_id].label:
                self._push(
                    EditEdgeCommand(self.document, edge_id, "label", label, text="Name link")
                )
            finish()

        self.editor.edit(
            rect, item.label, scene.theme.link_font, commit, cancel, placeholder="linking phrase"
        )

    # --- moving and linking ---------------------------------------------------------------------

    def moved(
        self,
        new: dict[str, tuple[float, float]],
        old: dict[str, tuple[float | None, float | None]],
    ) -> None:
        count = len(new)
        text = "Move concept" if count == 1 else f"Move {count} concepts"
        self._push(MoveNodesCommand(self.document, new, old, text))

    def bend_moved(self, edge_id: str, bends: list[tuple[float, float]]) -> None:
        """A link's bend dragged by its handle: one undo step."""
        if edge_id in self.document.edges and bends != self.document.edges[edge_id].bends:
            self._push(EditEdgeCommand(self.document, edge_id, "bends", bends, text="Move bend"))

    def remove_bend(self, edge_id: str, index: int) -> None:
        """A bend's handle double-clicked: that bend goes, one undo step; the last one takes
        the link's smoothing with it, as Style > Straighten Links does."""
        edge = self.document.edges.get(edge_id)
        if edge is None or not 0 <= index < len(edge.bends):
            return
        rest = [(x, y) for i, (x, y) in enumerate(edge.bends) if i != index]
        changes = route_changes(rest)
        self._push(SetStyleCommand(self.document, [], [edge_id], {}, changes, "Remove bend"))

    def nudge(self, dx: float, dy: float) -> None:
        """Ctrl+arrow: the selected concepts move together; a run of presses is one step."""
        nodes, _ = self.workspace.scene.selected_ids()
        placed = {n: self.document.nodes[n] for n in sorted(nodes) if n in self.document.nodes}
        new = {
            n: (node.x + dx, node.y + dy)
            for n, node in placed.items()
            if node.x is not None and node.y is not None
        }
        if new:
            text = "Move concept" if len(new) == 1 else f"Move {len(new)} concepts"
            self._push(MoveNodesCommand(self.document, new, text=text, nudge=True))

    def connect(self, source: str, target: str, pos: QPointF) -> None:
        """A drag from a handle ended: on a concept (link them) or on empty canvas (new one)."""
        if not target:
            self.new_concept_at(pos, link_from=source)
            return
        edge_id = self.document.new_id(f"{source}-{target}")
        edge = self.new_link(edge_id, source, target)
        self.document.undo_stack.beginMacro("Link concepts")
        self._push(AddItemsCommand(self.document, [], [edge], "Link concepts"))
        self.workspace.scene.select("edge", edge_id)
        self.edit_link_phrase(edge_id, close_macro=True, escape_removes=True)

    def connect_selected(self) -> None:
        """Link the concepts selected, in the order they were selected, and name the link."""
        order = self.workspace.scene.selection_order()
        if len(order) < 2:
            self.workspace.show_message(
                "Select two concepts (Ctrl+click the second) to link them.", 4000
            )
            return
        self.connect(order[-2], order[-1], QPointF())
