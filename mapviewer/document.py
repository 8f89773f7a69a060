"""The open map: model, file path, undo stack and the signals the scene and docks follow.

Views never change the model themselves; they read from here and listen. Edits arrive as undo
commands that call this class's mutators, each of which emits the signal describing the change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from mapviewer.model import ConceptMap, Edge, Kind, Node, Source
from mapviewer.sources import SourceTexts


class Document(QObject):
    """One open map. Indexes are rebuilt by the mutators, so lookups are dictionary reads."""

    reset = Signal()  # the whole map was replaced: rebuild everything
    node_added = Signal(str)
    node_removed = Signal(str)
    node_changed = Signal(str)  # label, kind, aliases, description or quotes
    node_moved = Signal(str)
    edge_added = Signal(str)
    edge_removed = Signal(str)
    edge_changed = Signal(str)
    kinds_changed = Signal()
    meta_changed = Signal()  # title, description
    path_changed = Signal()

    def __init__(
        self, cmap: ConceptMap, path: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.cmap = cmap
        self.path = path
        self.undo_stack = QUndoStack(self)
        self._texts = SourceTexts(cmap, path)
        self._reindex()

    # --- lookups --------------------------------------------------------------------------------

    def _reindex(self) -> None:
        self.nodes: dict[str, Node] = {n.id: n for n in self.cmap.nodes}
        self.edges: dict[str, Edge] = {e.id: e for e in self.cmap.edges}
        self.kinds: dict[str, Kind] = {k.id: k for k in self.cmap.kinds}
        self.sources: dict[str, Source] = {s.id: s for s in self.cmap.sources}
        self._adjacent: dict[str, list[Edge]] = {n.id: [] for n in self.cmap.nodes}
        for edge in self.cmap.edges:
            self._adjacent.setdefault(edge.source, []).append(edge)
            if edge.target != edge.source:
                self._adjacent.setdefault(edge.target, []).append(edge)

    def edges_of(self, node_id: str) -> list[Edge]:
        """Links touching a concept, in file order."""
        return self._adjacent.get(node_id, [])

    def kind_label(self, kind_id: str | None) -> str:
        kind = self.kinds.get(kind_id or "")
        return kind.label if kind else "Concept"

    @property
    def title(self) -> str:
        return self.cmap.title

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    # --- sources --------------------------------------------------------------------------------

    def source_path(self, source_id: str) -> Path | None:
        return self._texts.path(source_id)

    def source_text(self, source_id: str) -> str | None:
        return self._texts.text(source_id)

    # --- placement written by the initial automatic layout (not an undoable edit) ---------------

    def place_unplaced(self, positions: dict[str, tuple[float, float]]) -> None:
        """Store positions computed for concepts the file did not place; not a user edit."""
        for node_id, (x, y) in positions.items():
            node = self.nodes[node_id]
            node.x = round(x, 1)
            node.y = round(y, 1)
