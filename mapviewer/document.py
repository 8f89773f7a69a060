"""The open map: model, file path, undo stack and the signals the scene and docks follow.

Views never change the model themselves; they read from here and listen. Edits arrive as undo
commands (mapviewer.commands) that call this class's mutators, each of which emits the signal
describing the change. Mutators do no undo bookkeeping of their own: they return what a command
needs to reverse them.

Every concept of an open document has a position: concepts a file (or an insertion) leaves
unplaced are laid out here, with the boxes the canvas will draw (mapviewer.boxes), before anyone
is told they exist. So no view has to write a position into the model.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QUndoStack

from mapviewer.boxes import map_measure
from mapviewer.ids import slug, unique
from mapviewer.model import ConceptMap, Edge, Kind, MapLook, Node, Source, Tour
from mapviewer.reading import Reading
from mapviewer.sources import (
    MAX_SOURCE_BYTES,
    SourceStatus,
    SourceTexts,
    clean_path,
    rebase_sources,
)


class Document(QObject):
    """One open map. Lookups are dictionary reads; mutators keep the indexes current."""

    reset = Signal()  # the whole map was replaced: rebuild everything
    node_added = Signal(str)
    node_removed = Signal(str)
    node_changed = Signal(str)  # label, kind, aliases, description, quotes, colour or width
    nodes_moved = Signal(list)  # ids whose x/y changed
    edge_added = Signal(str)
    edge_removed = Signal(str)
    edge_changed = Signal(str)  # label, description, quotes, or its ends
    kinds_changed = Signal()
    sources_changed = Signal()
    meta_changed = Signal()  # title, description
    routing_changed = Signal()  # how links are drawn: straight, curved or orthogonal
    lettering_changed = Signal()  # concepts' labels bold or plain: every box measured again
    page_changed = Signal()  # the page colour the map is drawn on: every ink read again
    tours_changed = Signal()
    path_changed = Signal()
    modified_changed = Signal(bool)

    def __init__(
        self,
        cmap: ConceptMap,
        path: Path | None = None,
        parent: QObject | None = None,
        *,
        sources_from: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.cmap = cmap
        self.path = path
        # The map file the sources' relative paths were written for, while the map has no file
        # of its own: a crash journal's edits restored as a copy (their file changed or went
        # since) found none of their texts, "sources/paper.txt" being relative to nothing.
        self.sources_from = sources_from if path is None else None
        # The other tool's file an import was read from (``path`` stays None: saving asks
        # where, and never writes over that file): named in the title, where dialogs start.
        self.origin: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        # A restored recovery journal is unsaved work even with an empty stack. An import is
        # not: the other tool's file holds it all until it is edited, as a word processor
        # opens another program's document (asking to save one not touched was noise).
        self._unsaved_without_edits = False
        # Source texts outside the map's folder are read only once the person allows it.
        self.outside_allowed = False
        self._texts = SourceTexts(cmap, self.sources_base)
        self._reindex()
        # Seconds spent laying out concepts the file left unplaced (0 for a placed map).
        self.layout_seconds = self._place_unplaced()

    # --- lookups --------------------------------------------------------------------------------

    def _reindex(self) -> None:
        self.nodes: dict[str, Node] = {n.id: n for n in self.cmap.nodes}
        self.edges: dict[str, Edge] = {e.id: e for e in self.cmap.edges}
        self.kinds: dict[str, Kind] = {k.id: k for k in self.cmap.kinds}
        self.sources: dict[str, Source] = {s.id: s for s in self.cmap.sources}
        self._adjacent: dict[str, list[Edge]] = {n.id: [] for n in self.nodes.values()}
        # _link's work, inlined: a method call and two setdefaults per link were a third of
        # indexing a 100k map's 140,000 links.
        adjacent = self._adjacent
        for edge in self.cmap.edges:
            source, target = edge.source, edge.target
            links = adjacent.get(source)
            if links is None:
                links = adjacent[source] = []
            links.append(edge)
            if target != source:
                links = adjacent.get(target)
                if links is None:
                    links = adjacent[target] = []
                links.append(edge)

    def _link(self, edge: Edge) -> None:
        self._adjacent.setdefault(edge.source, []).append(edge)
        if edge.target != edge.source:
            self._adjacent.setdefault(edge.target, []).append(edge)

    def _unlink(self, edge: Edge) -> None:
        for end in {edge.source, edge.target}:
            links = self._adjacent.get(end)
            if links is not None and edge in links:
                links.remove(edge)

    def neighbourhood(self, node_id: str, depth: int = 1) -> tuple[set[str], set[str]]:
        """Concepts within ``depth`` links of ``node_id`` (either direction), and the links among
        them. Breadth-first over the adjacency the document keeps anyway: instant, and no networkx
        at start-up."""
        nodes = {node_id}
        frontier = {node_id}
        for _ in range(depth):
            reached = set()
            for current in frontier:
                for edge in self.edges_of(current):
                    reached.add(edge.target if edge.source == current else edge.source)
            frontier = reached - nodes
            nodes |= reached
        edges = {
            e.id for n in nodes for e in self.edges_of(n) if e.source in nodes and e.target in nodes
        }
        return nodes, edges

    def content_signals(self, *, moves: bool) -> tuple[SignalInstance, ...]:
        """Every signal that says what the map holds has changed, for a view that simply redoes
        itself: one list, so no listener misses one. ``moves`` adds position changes, which a
        drag sends many times a second: only views of the geometry want them."""
        signals = (
            self.reset,
            self.node_added,
            self.node_removed,
            self.node_changed,
            self.edge_added,
            self.edge_removed,
            self.edge_changed,
            self.kinds_changed,
        )
        return (*signals, self.nodes_moved) if moves else signals

    def edges_of(self, node_id: str) -> list[Edge]:
        """Links touching a concept, in file order."""
        return self._adjacent.get(node_id, [])

    def kind_label(self, kind_id: str | None) -> str:
        kind = self.kinds.get(kind_id or "")
        return kind.label if kind else "Concept"

    def new_id(self, stem: str, avoid: set[str] | frozenset[str] = frozenset()) -> str:
        """An id no concept or link has (nor any in ``avoid``): ``stem``, ``stem-2``..."""
        return unique(slug(stem, "item"), self.nodes, self.edges, avoid)

    @property
    def title(self) -> str:
        return self.cmap.title

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return f"{self.origin.name} (imported)" if self.origin is not None else "Untitled"

    @property
    def modified(self) -> bool:
        return self._unsaved_without_edits or not self.undo_stack.isClean()

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(self._unsaved_without_edits or not clean)

    def mark_unsaved(self) -> None:
        """Flag work that exists only in memory though no edit made it (a recovery)."""
        self._unsaved_without_edits = True
        self.modified_changed.emit(True)

    # --- sources --------------------------------------------------------------------------------

    @property
    def sources_base(self) -> Path | None:
        """The map file the sources' relative paths are relative to, and whose folder they may
        be read from (mapviewer.sources): the map's own, or the one a copy was made from."""
        return self.path if self.path is not None else self.sources_from

    def source_path(self, source_id: str) -> Path | None:
        return self._texts.path(source_id)

    def source_text(self, source_id: str) -> str | None:
        """The reading text (Markdown rendered, a PDF's text layer) quotes are matched against."""
        return self._texts.text(source_id)

    def source_reading(self, source_id: str) -> Reading | None:
        """The reading text with its format and, for a PDF, where each page starts."""
        return self._texts.reading(source_id)

    def source_status(self, source_id: str) -> SourceStatus:
        """Readable, missing, blocked (outside the map's folder) or unreadable, and why."""
        return self._texts.status(source_id)

    def blocked_sources(self) -> list[tuple[Source, Path]]:
        """Sources whose files lie outside the map's folder and have not been allowed."""
        return self._texts.blocked()

    @property
    def source_texts(self) -> SourceTexts:
        """The sources' texts as read now, for checking quotes (mapviewer.evidence)."""
        return self._texts

    def reread_sources(self) -> None:
        """A source file changed on disk: read the texts again when next asked. Not an edit
        of the map, so no undo step; views re-read the texts on sources_changed."""
        self._texts = SourceTexts(self.cmap, self.sources_base, self.outside_allowed)
        self.sources_changed.emit()

    def set_outside_allowed(self, allowed: bool) -> None:
        """Read (or stop reading) source files outside the map's folder; the person's choice,
        not an edit of the map, so no undo step. Views re-read the texts on sources_changed."""
        if allowed == self.outside_allowed:
            return
        self.outside_allowed = allowed
        self._texts = SourceTexts(self.cmap, self.sources_base, allowed)
        self.sources_changed.emit()

    # --- concepts -------------------------------------------------------------------------------

    def insert_nodes(self, entries: Iterable[tuple[Node, int]]) -> None:
        """Insert concepts at list positions, lowest position first, so undo restores order.
        One that comes without a position gets one beside its neighbours before it is announced.
        """
        ordered = sorted(entries, key=lambda e: e[1])
        for node, index in ordered:
            self.cmap.nodes.insert(min(index, len(self.cmap.nodes)), node)
            self.nodes[node.id] = node
            self._adjacent.setdefault(node.id, [])
        self._place_unplaced(node for node, _ in ordered)
        for node, _ in ordered:
            self.node_added.emit(node.id)

    def remove_nodes(self, node_ids: Iterable[str]) -> list[tuple[Node, int]]:
        """Remove concepts (their links must be gone already); returns them with their positions."""
        wanted = set(node_ids)
        removed = [(n, i) for i, n in enumerate(self.cmap.nodes) if n.id in wanted]
        for node, index in reversed(removed):
            if self._adjacent.get(node.id):
                raise ValueError(f"concept {node.id} still has links; remove them first")
            del self.cmap.nodes[index]
            del self.nodes[node.id]
            self._adjacent.pop(node.id, None)
            self.node_removed.emit(node.id)
        return removed

    def update_node(self, node_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of a concept; returns their previous values."""
        node = self.nodes[node_id]
        old = {name: getattr(node, name) for name in changes}
        for name, value in changes.items():
            setattr(node, name, value)
        self.node_changed.emit(node_id)
        return old

    def move_nodes(
        self, positions: dict[str, tuple[float, float]], exact: bool = False
    ) -> dict[str, tuple]:
        """Set concept centres, to a tenth of a unit unless ``exact`` (an undo puts back the
        places a file gave, 3 decimals from Gephi, as they were); returns the previous ones
        (None, None for unplaced concepts)."""
        old = {}
        for node_id, (x, y) in positions.items():
            node = self.nodes[node_id]
            old[node_id] = (node.x, node.y)
            node.x = x if x is None or exact else round(x, 1)
            node.y = y if y is None or exact else round(y, 1)
        self.nodes_moved.emit(list(positions))
        return old

    # --- links ----------------------------------------------------------------------------------

    def insert_edges(self, entries: Iterable[tuple[Edge, int]]) -> None:
        for edge, index in sorted(entries, key=lambda e: e[1]):
            if edge.source not in self.nodes or edge.target not in self.nodes:
                raise ValueError(f"link {edge.id} joins a concept that is not in the map")
            self.cmap.edges.insert(min(index, len(self.cmap.edges)), edge)
            self.edges[edge.id] = edge
            self._link(edge)
            self.edge_added.emit(edge.id)

    def remove_edges(self, edge_ids: Iterable[str]) -> list[tuple[Edge, int]]:
        wanted = set(edge_ids)
        removed = [(e, i) for i, e in enumerate(self.cmap.edges) if e.id in wanted]
        for edge, index in reversed(removed):
            del self.cmap.edges[index]
            del self.edges[edge.id]
            self._unlink(edge)
            self.edge_removed.emit(edge.id)
        return removed

    def update_edge(self, edge_id: str, **changes: Any) -> dict[str, Any]:
        edge = self.edges[edge_id]
        old = {name: getattr(edge, name) for name in changes}
        ends_change = "source" in changes or "target" in changes
        if ends_change:
            self._unlink(edge)
        for name, value in changes.items():
            setattr(edge, name, value)
        if ends_change:
            self._link(edge)
        self.edge_changed.emit(edge_id)
        return old

    # --- map-wide -------------------------------------------------------------------------------

    def set_kinds(self, kinds: list[Kind]) -> list[Kind]:
        old = self.cmap.kinds
        self.cmap.kinds = kinds
        self.kinds = {k.id: k for k in kinds}
        self.kinds_changed.emit()
        return old

    def set_sources(self, sources: list[Source]) -> list[Source]:
        old = self.cmap.sources
        self.cmap.sources = sources
        self.sources = {s.id: s for s in sources}
        self._texts = SourceTexts(self.cmap, self.sources_base, self.outside_allowed)
        self.sources_changed.emit()
        return old

    def update_meta(self, **changes: Any) -> dict[str, Any]:
        """Title and description of the map."""
        old = {name: getattr(self.cmap, name) for name in changes}
        for name, value in changes.items():
            setattr(self.cmap, name, value)
        self.meta_changed.emit()
        return old

    def set_look(self, name: MapLook, value: str | None) -> str | None:
        """One map-wide choice saved in the file (``routing``: how links run; ``fills``: how
        concepts' colours are drawn; ``lettering``: their labels bold or plain; ``background``:
        the page colour, None for the theme's canvas); returns the previous value. Each is said
        by the signal of what it changes: the links' course, every concept's look, as when kinds
        change, or every ink (text, phrases and links take theirs from the page, style.on_page)."""
        old: str | None = getattr(self.cmap, name)
        setattr(self.cmap, name, value)
        self.look_signal(name).emit()
        return old

    def look_signal(self, name: MapLook) -> SignalInstance:
        if name == "lettering":
            return self.lettering_changed
        if name == "background":
            return self.page_changed
        return self.routing_changed if name == "routing" else self.kinds_changed

    def set_tours(self, tours: list[Tour]) -> list[Tour]:
        old = self.cmap.tours
        self.cmap.tours = tours
        self.tours_changed.emit()
        return old

    def replace_map(self, cmap: ConceptMap) -> ConceptMap:
        """Swap in a whole other state of the map (a restored crash journal holds only the map
        as it was, not the edits that made it); returns the one it replaces. Every view is told
        through each of its signals, as the docks that follow kinds, sources or tours do not
        rebuild on ``reset``. A look is announced only when it differs: new lettering makes the
        workspace draw a whole new scene."""
        old = self.cmap
        self.cmap = cmap
        self._reindex()
        self._place_unplaced()
        self._texts = SourceTexts(cmap, self.sources_base, self.outside_allowed)
        self.reset.emit()
        for signal in (self.kinds_changed, self.sources_changed, self.meta_changed):
            signal.emit()
        looks: tuple[MapLook, ...] = ("routing", "fills", "lettering", "background")
        for name in looks:
            if getattr(old, name) != getattr(cmap, name):
                self.look_signal(name).emit()
        self.tours_changed.emit()
        return old

    # --- saving ---------------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> None:
        """Write the map atomically to ``path`` (default: where it came from).

        Saving somewhere new rewrites each source's relative ``file`` so it still points at the
        same text. That rewrite is no edit: the model's paths are always relative to
        ``sources_base`` (the map's file, or the one a recovered copy came from), and an undo
        command holding sources rebases them from the path they were relative to when it was
        made (see SetSourcesCommand). On any failure the file on disk is unchanged, this
        document keeps its edits and its modified state, and the OSError
        propagates for the window to report.
        """
        from mapviewer.io.mapfile import save as save_map  # noqa: PLC0415 - not needed to open

        target = Path(path or self.path or "")
        if not target.name:
            raise ValueError("no file name to save to")
        target = target.absolute()
        rebased = rebase_sources(self.cmap.sources, self.sources_base, target)
        save_map(self.cmap.model_copy(update={"sources": rebased}), target)
        if rebased != self.cmap.sources:
            self.cmap.sources = rebased
            self.sources = {s.id: s for s in rebased}
        moved = target != self.path
        self.path = target
        self.sources_from = None  # relative to the map's own file from now on
        self._texts = SourceTexts(self.cmap, target, self.outside_allowed)
        self._unsaved_without_edits = False
        self.undo_stack.setClean()
        self.modified_changed.emit(False)
        if moved:
            self.path_changed.emit()

    # --- placement of concepts without a position (not an undoable edit) -------------------------

    def _place_unplaced(self, among: Iterable[Node] | None = None) -> float:
        """Lay out the concepts that have no position (the map's, or any of ``among``), beside
        those that have, and return the seconds it took. Not a user edit: a map opens with its
        concepts placed, and a concept inserted without one keeps it through undo and redo."""
        if all(node.placed for node in (self.cmap.nodes if among is None else among)):
            return 0.0
        started = time.perf_counter()
        # The big-map rows for a map of 10,000 or more concepts none placed (the packer took
        # 183 s on the 100k map in --bench and the CLI), else the packer.
        from mapviewer.layout.bigplace import unplaced_positions  # noqa: PLC0415 - unplaced only

        for node_id, (x, y) in unplaced_positions(self.cmap, map_measure(self.cmap)).items():
            node = self.nodes[node_id]
            node.x = round(x, 1)
            node.y = round(y, 1)
        return time.perf_counter() - started


SOURCES_FOLDER = "sources"  # beside the map: where "Keep a copy with the map" puts texts


def copy_beside_map(path: Path, map_path: Path) -> Path:
    """A copy of the text ``path`` in the ``sources`` folder beside ``map_path``, and where it
    is. A file of that name already there is reused when it holds the same bytes, and never
    overwritten when it does not: the copy takes the next free name (``paper-2.pdf``). A text
    that already lies in that folder is not copied at all. Raises OSError (the folder cannot be
    made, the disk is full, ``path`` is not a regular file)."""
    import filecmp  # noqa: PLC0415 - only when a text is added
    import shutil  # noqa: PLC0415

    folder = Path(map_path).absolute().parent / SOURCES_FOLDER
    source = clean_path(path)
    if not source.is_file():
        raise OSError(f"{source.name} is not a regular file")
    if source.parent == folder:
        return source
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = source.stem, source.suffix
    number = 1
    while True:
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        target = folder / name
        if not os.path.lexists(target):
            break
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            return target
        number += 1
    if source.stat().st_size > MAX_SOURCE_BYTES:
        raise OSError(f"{source.name} is larger than {MAX_SOURCE_BYTES // 2**20} MB")
    # "x": create only, so a file that appears meanwhile is never overwritten either.
    with source.open("rb") as reading, target.open("xb") as writing:
        try:
            shutil.copyfileobj(reading, writing)
        except OSError:
            target.unlink(missing_ok=True)  # no half copy left behind
            raise
    shutil.copystat(source, target)
    return target
