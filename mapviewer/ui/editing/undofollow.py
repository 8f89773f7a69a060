"""Undo and Redo select what they brought back or changed, and bring it into view.

Commands change the model only (mapviewer/commands.py), so after Ctrl+Z nothing said what had
changed: a deleted concept came back unselected, the Details pane fell back to the map's page,
and an edit undone off screen changed nothing the person could see. This follows the
document's signals while the undo stack steps and selects those concepts and links then.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRectF, QTimer, SignalInstance
from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace

MARGIN = 60.0  # scene units kept round what is brought into view


class UndoFollow:
    """Selects the concepts and links an Undo or Redo touched; a new edit is left alone."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._document: Document | None = None
        self._known: list[QUndoCommand] = []  # the stack's commands when it last moved
        self._index = 0
        self._nodes: dict[str, None] = {}  # ordered sets: the first touched is shown first
        self._edges: dict[str, None] = {}
        self._forget_soon = False

    def attach(self, document: Document) -> None:
        """Follow ``document`` (a newly opened map) instead of the one before."""
        if document is self._document:
            return
        old = self._document
        if old is not None:  # it may be gone already, closed with its window's last map
            with contextlib.suppress(RuntimeError, TypeError):
                for signal, slot in self._links(old):
                    signal.disconnect(slot)
        self._document = document
        for signal, slot in self._links(document):
            signal.connect(slot)
        self._remember()
        self._forget()

    def _links(self, document: Document) -> list[tuple[SignalInstance, Callable[..., None]]]:
        """The document's signals this follows, each with the slot it calls."""
        return [
            (document.node_added, self._node),
            (document.node_changed, self._node),
            (document.nodes_moved, self._moved),
            (document.edge_added, self._edge),
            (document.edge_changed, self._edge),
            (document.undo_stack.indexChanged, self._stepped),
        ]

    # --- what changed ---------------------------------------------------------------------------

    def _node(self, node_id: str) -> None:
        self._nodes[node_id] = None
        self._forget_later()

    def _moved(self, node_ids: list[str]) -> None:
        self._nodes.update(dict.fromkeys(node_ids))
        self._forget_later()

    def _edge(self, edge_id: str) -> None:
        self._edges[edge_id] = None
        self._forget_later()

    def _forget_later(self) -> None:
        """A change made outside the undo stack (a file reloaded, a view's own animation) must
        not be selected by the next Undo: what the stack did arrives within one call."""
        if not self._forget_soon:
            self._forget_soon = True
            QTimer.singleShot(0, self._forget)

    def _forget(self) -> None:
        self._forget_soon = False
        self._nodes.clear()
        self._edges.clear()

    # --- the stack moved ------------------------------------------------------------------------

    def _remember(self) -> None:
        assert self._document is not None
        stack = self._document.undo_stack
        self._known = [stack.command(i) for i in range(stack.count())]
        self._index = stack.index()

    def _was_undo_or_redo(self, index: int) -> bool:
        """A push (or a merge into the last command) also moves the index: a merge leaves it
        where it was, and a push puts a command never seen before just below it."""
        assert self._document is not None
        stack = self._document.undo_stack
        if index == self._index:
            return False
        if index < stack.count() or index == 0:
            return stack.count() > 0
        return index - 1 < len(self._known) and stack.command(index - 1) is self._known[index - 1]

    def _stepped(self, index: int) -> None:
        document = self._document
        if document is None or not shiboken6.isValid(document.undo_stack):
            return  # the map is closing: its stack clears as it goes
        stepped = self._was_undo_or_redo(index)
        self._remember()
        if stepped:
            self._show_touched()
        self._forget()

    def _show_touched(self) -> None:
        document = self._document
        assert document is not None
        nodes = [n for n in self._nodes if n in document.nodes]
        # A concept comes back with its links: the concept is what the Details pane shows.
        edges = [] if nodes else [e for e in self._edges if e in document.edges]
        if not nodes and not edges:
            return  # what it touched is gone (a new concept undone): nothing to point at
        if len(nodes) == len(document.nodes) > 1:
            return  # a whole layout undone or redone: the map itself is what changed
        scene = self.workspace.scene
        if len(nodes) + len(edges) == 1:
            kind, ident = ("node", nodes[0]) if nodes else ("edge", edges[0])
            if not scene.select(kind, ident):
                return
        else:
            scene.select_many(nodes, edges)
        self._bring_into_view(nodes, edges)

    def _bring_into_view(self, nodes: list[str], edges: list[str]) -> None:
        """Move the camera only when something touched is off screen, never for a step whose
        concepts are all in sight."""
        scene = self.workspace.scene
        view = self.workspace.view
        area = QRectF()
        for node_id in nodes:
            item = scene.node_item(node_id)
            if item is not None and item.shown:
                area = area.united(item.sceneBoundingRect())
        for edge_id in edges:
            edge = scene.edge_item(edge_id)
            if edge is not None and edge.shown:
                area = area.united(edge.sceneBoundingRect())
        if area.isEmpty():
            return
        on_screen = view.mapToScene(view.viewport().rect()).boundingRect()
        if not on_screen.contains(area):
            view.reveal_rect(area.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
