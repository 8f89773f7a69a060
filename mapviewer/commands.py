"""Every edit as an undoable command. Commands change the model only, through the document.

The scene and docks follow the document's signals, so a command never touches a widget, and
undo is the same code path as the edit itself. Commands that belong together (typing into one
field, a drag) merge into one undo step through ``mergeWith``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand

from mapviewer.document import Document
from mapviewer.model import ConceptMap, Edge, Kind, MapLook, Node, Quote, Source, Tour
from mapviewer.plural import counted
from mapviewer.sources import rebase_sources
from mapviewer.tours import proposition

# Command ids for mergeWith: commands of the same id may fold into the previous one.
MERGE_NODE_FIELD = 1
MERGE_EDGE_FIELD = 2
MERGE_META_FIELD = 3
MERGE_TOURS = 4
MERGE_NUDGE = 5


def _copy(value: Any) -> Any:
    """Commands keep their own copies: the model's lists must not change under them."""
    if hasattr(value, "model_copy"):
        return value.model_copy(deep=True)
    return copy.deepcopy(value)


NAME_CHARACTERS = 32  # a longer label is cut short in the undo history


def _quoted(label: str) -> str:
    words = " ".join(label.split()) or "untitled"
    if len(words) > NAME_CHARACTERS:
        words = words[: NAME_CHARACTERS - 1].rstrip() + "…"
    return f"“{words}”"


def items_named(document: Document, node_ids: Iterable[str], edge_ids: Iterable[str]) -> str:
    """What an edit acts on, as the undo history says it: one concept by its label (“PD-1”,
    “PD-1” and 1 link), one link by its label or its ends, several counted by what they are
    (3 concepts and 2 links). "2 items" left a person guessing what Undo would bring back."""
    nodes = [n for n in node_ids if n in document.nodes]
    edges = [e for e in edge_ids if e in document.edges]
    if len(nodes) == 1:
        name = _quoted(document.nodes[nodes[0]].label)
        return f"{name} and {counted(len(edges), 'link')}" if edges else name
    if not nodes and len(edges) == 1:
        edge = document.edges[edges[0]]
        if edge.label.strip():
            return f"link {_quoted(edge.label)}"
        ends = (document.nodes.get(end) for end in (edge.source, edge.target))
        source, target = (_quoted(n.label) if n else "?" for n in ends)
        return f"link {source} → {target}"
    parts = [counted(len(nodes), "concept")] if nodes else []
    if edges or not nodes:
        parts.append(counted(len(edges), "link"))
    return " and ".join(parts)


def step_named(document: Document, what: str, node_ids: list[str], edge_ids: list[str]) -> str:
    """An edit's name in the undo history, "Width of “PD-1”", "Width of 3 concepts", the same
    whichever place made it: Details named one concept's "Border width" where the Style menu
    said "Border of “PD-1”", and the history read as two kinds of edit."""
    return f"{what} of {items_named(document, node_ids, edge_ids)}"


class AddItemsCommand(QUndoCommand):
    """Add concepts and links (a new concept, a connection, a paste)."""

    def __init__(self, document: Document, nodes: list[Node], edges: list[Edge], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.nodes = nodes
        self.edges = edges
        node_base = len(document.cmap.nodes)
        edge_base = len(document.cmap.edges)
        self._node_entries = [(n, node_base + i) for i, n in enumerate(nodes)]
        self._edge_entries = [(e, edge_base + i) for i, e in enumerate(edges)]

    def redo(self) -> None:
        self.document.insert_nodes(self._node_entries)
        self.document.insert_edges(self._edge_entries)

    def undo(self) -> None:
        self.document.remove_edges(e.id for e in self.edges)
        self.document.remove_nodes(n.id for n in self.nodes)


class RemoveItemsCommand(QUndoCommand):
    """Delete concepts and links; a concept takes its links with it. Undo restores each at its
    old place in the file, so the map comes back exactly as it was."""

    def __init__(
        self, document: Document, node_ids: set[str], edge_ids: set[str], verb: str = "Delete"
    ) -> None:
        node_ids = {n for n in node_ids if n in document.nodes}
        edge_ids = {e for e in edge_ids if e in document.edges}
        for node_id in node_ids:
            edge_ids.update(e.id for e in document.edges_of(node_id))
        super().__init__(f"{verb} {items_named(document, node_ids, edge_ids)}")
        self.document = document
        self.node_ids = node_ids
        self.edge_ids = edge_ids
        self._nodes: list[tuple[Node, int]] = []
        self._edges: list[tuple[Edge, int]] = []
        # Tour steps naming what goes lose those names, or the saved file would not load.
        gone = node_ids | edge_ids
        self._old_tours = [_copy(t) for t in document.cmap.tours]
        self._new_tours = _tours_without(
            self._old_tours, gone, lambda item_id: _name(document, item_id)
        )
        # Members of a deleted group move to the nearest group that stays (or the top level).
        self._regroup = _members_released(document, node_ids)

    def redo(self) -> None:
        for node_id, (_, parent) in self._regroup.items():
            self.document.update_node(node_id, parent=parent)
        self._edges = self.document.remove_edges(self.edge_ids)
        self._nodes = self.document.remove_nodes(self.node_ids)
        if self._new_tours is not None:
            self.document.set_tours([_copy(t) for t in self._new_tours])

    def undo(self) -> None:
        self.document.insert_nodes(self._nodes)
        self.document.insert_edges(self._edges)
        for node_id, (parent, _) in self._regroup.items():
            self.document.update_node(node_id, parent=parent)
        if self._new_tours is not None:
            self.document.set_tours([_copy(t) for t in self._old_tours])


def _members_released(
    document: Document, gone: set[str]
) -> dict[str, tuple[str | None, str | None]]:
    """Concepts that stay but whose group goes: (their group now, the one they move to)."""
    moves: dict[str, tuple[str | None, str | None]] = {}
    for node in document.cmap.nodes:
        if node.id in gone or node.parent not in gone:
            continue
        parent: str | None = node.parent
        while parent is not None and parent in gone:
            parent = document.nodes[parent].parent
        moves[node.id] = (node.parent, parent)
    return moves


# The map's lists whose records have ids: a difference keeps only the records that differ.
KEYED_LISTS = ("sources", "kinds", "nodes", "edges", "tours")


def _ids(records: list[Any]) -> list[str] | None:
    """The records' ids in order, or None when two share one (then the list is kept whole)."""
    ids = [record.id for record in records]
    return ids if len(set(ids)) == len(ids) else None


@dataclass
class MapDifference:
    """What one state of a map holds that another lacks: its fields that differ, and of each
    list of records with ids, the order of the ids (when it differs) and the records that
    differ. A restored crash journal was one undo step holding two whole copies of the map,
    42 MB for a 5,000-concept map whose journal changed a few concepts."""

    fields: dict[str, Any]
    orders: dict[str, list[str]]
    records: dict[str, dict[str, Any]]
    extra: dict[str, Any] | None

    @classmethod
    def between(cls, have: ConceptMap, want: ConceptMap) -> MapDifference:
        """What makes ``want`` out of ``have``; it keeps ``want``'s own records, not copies
        (``want`` is being given up by whoever asks)."""
        fields: dict[str, Any] = {}
        orders: dict[str, list[str]] = {}
        records: dict[str, dict[str, Any]] = {}
        for name in type(want).model_fields:
            wanted, had = getattr(want, name), getattr(have, name)
            wanted_ids = _ids(wanted) if name in KEYED_LISTS else None
            had_ids = _ids(had) if name in KEYED_LISTS else None
            if wanted_ids is None or had_ids is None:
                if wanted != had:
                    fields[name] = wanted
                continue
            if wanted_ids != had_ids:
                orders[name] = wanted_ids
            by_id = dict(zip(had_ids, had, strict=True))
            changed = {r.id: r for r in wanted if by_id.get(r.id) != r}
            if changed:
                records[name] = changed
        extra = want.model_extra if want.model_extra != have.model_extra else None
        return cls(fields, orders, records, extra)

    def apply(self, have: ConceptMap) -> ConceptMap:
        """The other state, made of ``have``'s records where they are the same: shared, not
        copied, as ``have`` is given up for it."""
        update = dict(self.fields)
        for name in KEYED_LISTS:
            order = self.orders.get(name)
            changed = self.records.get(name, {})
            if order is None and not changed:
                continue
            by_id = {r.id: r for r in getattr(have, name)}
            ids = order if order is not None else list(by_id)
            update[name] = [changed[i] if i in changed else by_id[i] for i in ids]
        result = have.model_copy(update=update)
        if self.extra is not None:
            result.__pydantic_extra__ = dict(self.extra)
        return result


class ReplaceMapCommand(QUndoCommand):
    """The whole map at once: restoring a crash journal, which keeps the map as it was and not
    the edits that made it, so undo can only step back to the map before, in one step.

    It takes ``cmap`` (no copy) and, once done, keeps only what the map not shown differs by
    (MapDifference): a few records where two copies of a 5,000-concept map were 42 MB."""

    def __init__(self, document: Document, cmap: ConceptMap, text: str) -> None:
        super().__init__(text)
        self.document = document
        # The state not shown: the whole restored map until it is shown, then a difference.
        self._other: ConceptMap | MapDifference = cmap
        # Both maps' relative source files are relative to this; a Save As elsewhere (a
        # recovered copy saved at last) before an undo must not bring back paths from there.
        self.map_path = document.sources_base

    def _swap(self) -> None:
        other = self._other
        shown = other if isinstance(other, ConceptMap) else other.apply(self.document.cmap)
        base = self.document.sources_base
        if base != self.map_path:
            rebased = rebase_sources(shown.sources, self.map_path, base)
            shown = shown.model_copy(update={"sources": rebased})
            self.map_path = base
        replaced = self.document.replace_map(shown)
        self._other = MapDifference.between(shown, replaced)

    def redo(self) -> None:
        self._swap()

    def undo(self) -> None:
        self._swap()


class SetGroupsCommand(QUndoCommand):
    """Put concepts into groups or take them out (``None``: the top level), as one step."""

    def __init__(self, document: Document, groups: dict[str, str | None], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.new = dict(groups)
        self.old = {n: document.nodes[n].parent for n in groups}

    def redo(self) -> None:
        for node_id, parent in self.new.items():
            self.document.update_node(node_id, parent=parent)

    def undo(self) -> None:
        for node_id, parent in self.old.items():
            self.document.update_node(node_id, parent=parent)


def _name(document: Document, item_id: str) -> str:
    """A concept's label, or a link read as a sentence, as the Tours dock names them."""
    node = document.nodes.get(item_id)
    if node is not None:
        return node.label
    edge = document.edges.get(item_id)
    return proposition(document.cmap, edge) if edge is not None else item_id


def _tours_without(
    tours: list[Tour], gone: set[str], name: Callable[[str], str]
) -> list[Tour] | None:
    """The tours with ``gone`` ids dropped from every step, or None when none names them. A step
    left naming nothing keeps the ``name`` of each id it named in its ``gone``: it shows nothing
    of its own, and says so (the Tours dock, the caption band) on every opening of the file."""
    changed = False
    result = []
    for tour in tours:
        steps = []
        for step in tour.steps:
            # Held-back links too: a deleted one left in "hold" was reported as no longer in
            # the map, on the step and on every opening of the file.
            kept: dict[str, list[str]] = {
                field: [i for i in getattr(step, field) if i not in gone]
                for field in ("focus", "reveal", "hold")
            }
            if any(len(ids) != len(getattr(step, field)) for field, ids in kept.items()):
                changed = True
                if not kept["focus"] and not kept["reveal"] and (step.focus or step.reveal):
                    names = (name(i) for i in [*step.focus, *step.reveal])
                    kept["gone"] = list(dict.fromkeys(n for n in names if n.strip()))
                step = step.model_copy(update=kept)
            steps.append(step)
        result.append(tour.model_copy(update={"steps": steps}))
    return result if changed else None


Bends = list[tuple[float, float]]
MOVED_TOGETHER = 0.1  # ends whose steps differ by no more than this (rounding) moved together


def as_stored(positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions as a move stores them, to a tenth of a unit: what the bends it carries or
    clears are worked out from, whoever asks before the move (a layout's first frame)."""
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in positions.items()}


def route_changes(bends: Bends) -> dict[str, Any]:
    """What giving a link ``bends`` as its route changes: with none left its smoothing goes
    too, so a straight link saves no stale ``smooth`` (to come back as a curve once bent)."""
    return {"bends": list(bends)} if bends else {"bends": [], "smooth": False}


def moved_bends(
    document: Document,
    new: dict[str, tuple[float, float]],
    old: dict[str, tuple[float | None, float | None]],
    clear: bool = False,
) -> dict[str, tuple[Bends, Bends]]:
    """The bends (before, after) of the links a move changes: a link whose two ends move by
    the same step keeps its route, moved with them; one end alone leaves them where they are,
    as yEd does. ``clear``: every link with a moved end loses its bends (a layout places the
    concepts afresh, and the author's route between the old places would zigzag)."""

    def step(node_id: str) -> tuple[float, float] | None:
        before = old.get(node_id)
        if node_id not in new or before is None or before[0] is None or before[1] is None:
            return None
        return new[node_id][0] - before[0], new[node_id][1] - before[1]

    changes: dict[str, tuple[Bends, Bends]] = {}
    for node_id in new:
        for edge in document.edges_of(node_id):
            if edge.id in changes or not edge.bends:
                continue
            out, back = step(edge.source), step(edge.target)
            if clear:
                if any(moved not in (None, (0.0, 0.0)) for moved in (out, back)):
                    changes[edge.id] = (list(edge.bends), [])
                continue
            if out is None or back is None or out == (0.0, 0.0):
                continue
            if max(abs(out[0] - back[0]), abs(out[1] - back[1])) > MOVED_TOGETHER:
                continue
            dx, dy = out
            moved = [(round(x + dx, 1), round(y + dy, 1)) for x, y in edge.bends]
            changes[edge.id] = (list(edge.bends), moved)
    return changes


class MoveNodesCommand(QUndoCommand):
    """Concepts moved: a drag, an automatic layout or arrow-key nudges (which merge); the bends
    of their links follow in the same step (see moved_bends; ``clear_bends`` for a layout)."""

    def __init__(
        self,
        document: Document,
        new: dict[str, tuple[float, float]],
        old: dict[str, tuple[float | None, float | None]] | None = None,
        text: str = "Move",
        nudge: bool = False,
        clear_bends: bool = False,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.new = as_stored(new)
        self.old = (
            old if old is not None else {k: (document.nodes[k].x, document.nodes[k].y) for k in new}
        )
        self.nudge = nudge
        self.bends = moved_bends(document, self.new, self.old, clear_bends)
        # A link whose bends a layout clears has nothing left to smooth: no stale flag saved.
        self.smooth = {e: document.edges[e].smooth for e in self.bends}

    def id(self) -> int:
        return MERGE_NUDGE if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveNodesCommand) or not other.nudge:
            return False
        if set(other.new) != set(self.new):
            return False
        self.new = other.new
        for edge_id, (before, after) in other.bends.items():
            self.bends[edge_id] = (self.bends.get(edge_id, (before, after))[0], after)
            self.smooth.setdefault(edge_id, other.smooth[edge_id])
        return True

    def redo(self) -> None:
        self.document.move_nodes(self.new)
        for edge_id, (_, after) in self.bends.items():
            smooth = self.smooth[edge_id] and bool(after)
            self.document.update_edge(edge_id, bends=list(after), smooth=smooth)

    def undo(self) -> None:
        self.document.move_nodes(self.old, exact=True)  # type: ignore[arg-type]
        for edge_id, (before, _) in self.bends.items():
            self.document.update_edge(edge_id, bends=list(before), smooth=self.smooth[edge_id])


class EditNodeCommand(QUndoCommand):
    """Set one field of a concept. With ``merge`` on, successive edits of the same field of the
    same concept (typing) fold into one undo step."""

    def __init__(
        self,
        document: Document,
        node_id: str,
        field: str,
        value: Any,
        merge: bool = False,
        text: str | None = None,
    ) -> None:
        super().__init__(text or f"Edit {field}")
        self.document = document
        self.node_id = node_id
        self.field = field
        self.value = _copy(value)
        self.old = _copy(getattr(document.nodes[node_id], field))
        self.merge = merge

    def id(self) -> int:
        return MERGE_NODE_FIELD if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, EditNodeCommand) and other.merge):
            return False
        if (other.node_id, other.field) != (self.node_id, self.field):
            return False
        self.value = other.value
        return True

    def redo(self) -> None:
        self.document.update_node(self.node_id, **{self.field: _copy(self.value)})

    def undo(self) -> None:
        self.document.update_node(self.node_id, **{self.field: _copy(self.old)})


class EditEdgeCommand(QUndoCommand):
    """Set one field of a link (label, description, quotes, or an end when reconnecting)."""

    def __init__(
        self,
        document: Document,
        edge_id: str,
        field: str,
        value: Any,
        merge: bool = False,
        text: str | None = None,
    ) -> None:
        super().__init__(text or f"Edit link {field}")
        self.document = document
        self.edge_id = edge_id
        self.field = field
        self.value = _copy(value)
        self.old = _copy(getattr(document.edges[edge_id], field))
        self.merge = merge

    def id(self) -> int:
        return MERGE_EDGE_FIELD if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, EditEdgeCommand) and other.merge):
            return False
        if (other.edge_id, other.field) != (self.edge_id, self.field):
            return False
        self.value = other.value
        return True

    def redo(self) -> None:
        self.document.update_edge(self.edge_id, **{self.field: _copy(self.value)})

    def undo(self) -> None:
        self.document.update_edge(self.edge_id, **{self.field: _copy(self.old)})


class ChangeKindCommand(QUndoCommand):
    """Give several concepts one kind, as one step."""

    def __init__(self, document: Document, node_ids: list[str], kind: str | None) -> None:
        label = document.kind_label(kind)
        super().__init__(
            f"Make {len(node_ids)} concepts {label}" if len(node_ids) > 1 else f"Make {label}"
        )
        self.document = document
        self.kind = kind
        self.old = {n: document.nodes[n].kind for n in node_ids}

    def redo(self) -> None:
        for node_id in self.old:
            self.document.update_node(node_id, kind=self.kind)

    def undo(self) -> None:
        for node_id, kind in self.old.items():
            self.document.update_node(node_id, kind=kind)


class SetKindsCommand(QUndoCommand):
    """Replace the list of kinds (add, rename, recolour, remove); concepts of a removed kind are
    reassigned as given in ``reassign`` (old kind id -> new kind id or None)."""

    def __init__(
        self,
        document: Document,
        kinds: list[Kind],
        text: str,
        reassign: dict[str, str | None] | None = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.kinds = [_copy(k) for k in kinds]
        self.old_kinds = [_copy(k) for k in document.cmap.kinds]
        reassign = reassign or {}
        self.moved = {
            n.id: (n.kind, reassign[n.kind]) for n in document.cmap.nodes if n.kind in reassign
        }

    def redo(self) -> None:
        for node_id, (_, new) in self.moved.items():
            self.document.update_node(node_id, kind=new)
        self.document.set_kinds([_copy(k) for k in self.kinds])

    def undo(self) -> None:
        self.document.set_kinds([_copy(k) for k in self.old_kinds])
        for node_id, (old, _) in self.moved.items():
            self.document.update_node(node_id, kind=old)


class SetSourcesCommand(QUndoCommand):
    """Replace the list of sources (pasting concepts that quote a document this map lacks)."""

    def __init__(
        self, document: Document, sources: list[Source], text: str = "Add sources"
    ) -> None:
        super().__init__(text)
        self.document = document
        self.sources = [_copy(s) for s in sources]
        self.old = [_copy(s) for s in document.cmap.sources]
        # Both lists' relative files are relative to the map file as it is now; a Save As
        # elsewhere before an undo or redo must not bring back paths from the old folder.
        self.map_path = document.sources_base

    def _set(self, sources: list[Source]) -> None:
        copies = [_copy(s) for s in sources]
        self.document.set_sources(rebase_sources(copies, self.map_path, self.document.sources_base))

    def redo(self) -> None:
        self._set(self.sources)

    def undo(self) -> None:
        self._set(self.old)


def quotes_citing(document: Document, source_id: str) -> tuple[int, int, int]:
    """How many quotes of concepts, of links and of tour steps cite ``source_id``."""
    nodes = sum(q.source == source_id for n in document.cmap.nodes for q in n.quotes)
    edges = sum(q.source == source_id for e in document.cmap.edges for q in e.quotes)
    steps = sum(
        s.quote is not None and s.quote.source == source_id
        for t in document.cmap.tours
        for s in t.steps
    )
    return nodes, edges, steps


def _quotes_without(
    items: Iterable[Node] | Iterable[Edge], source_id: str
) -> dict[str, tuple[list[Quote], list[Quote]]]:
    """For each item quoting ``source_id``: copies of its quotes before, and without those."""
    return {
        item.id: (
            [_copy(q) for q in item.quotes],
            [_copy(q) for q in item.quotes if q.source != source_id],
        )
        for item in items
        if any(q.source == source_id for q in item.quotes)
    }


class RemoveSourceCommand(QUndoCommand):
    """Remove a source and every quote citing it, as one step: a quote of a source the map no
    longer lists would make the saved file fail to open. Undo puts each quote back in its place."""

    def __init__(self, document: Document, source_id: str) -> None:
        title = document.sources[source_id].title if source_id in document.sources else source_id
        super().__init__(f"Remove source “{title}”")
        self.document = document
        kept = [s for s in document.cmap.sources if s.id != source_id]
        self._sources = SetSourcesCommand(document, kept)
        self._nodes = _quotes_without(document.cmap.nodes, source_id)
        self._edges = _quotes_without(document.cmap.edges, source_id)
        self._old_tours = [_copy(t) for t in document.cmap.tours]
        self._new_tours: list[Tour] | None = None
        if any(s.quote and s.quote.source == source_id for t in self._old_tours for s in t.steps):
            self._new_tours = [
                t.model_copy(
                    update={
                        "steps": [
                            s.model_copy(update={"quote": None})
                            if s.quote and s.quote.source == source_id
                            else s
                            for s in t.steps
                        ]
                    }
                )
                for t in self._old_tours
            ]

    def redo(self) -> None:
        for node_id, (_, new) in self._nodes.items():
            self.document.update_node(node_id, quotes=[_copy(q) for q in new])
        for edge_id, (_, new) in self._edges.items():
            self.document.update_edge(edge_id, quotes=[_copy(q) for q in new])
        if self._new_tours is not None:
            self.document.set_tours([_copy(t) for t in self._new_tours])
        self._sources.redo()

    def undo(self) -> None:
        self._sources.undo()
        for node_id, (old, _) in self._nodes.items():
            self.document.update_node(node_id, quotes=[_copy(q) for q in old])
        for edge_id, (old, _) in self._edges.items():
            self.document.update_edge(edge_id, quotes=[_copy(q) for q in old])
        if self._new_tours is not None:
            self.document.set_tours([_copy(t) for t in self._old_tours])


class EditMetaCommand(QUndoCommand):
    """The map's title or description; with ``merge`` on, typing merges into one step."""

    def __init__(self, document: Document, field: str, value: str, merge: bool = False) -> None:
        super().__init__(f"Edit map {field}")
        self.document = document
        self.field = field
        self.value = value
        self.old = getattr(document.cmap, field)
        self.merge = merge

    def id(self) -> int:
        return MERGE_META_FIELD if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, EditMetaCommand) and other.merge and other.field == self.field:
            self.value = other.value
            return True
        return False

    def redo(self) -> None:
        self.document.update_meta(**{self.field: self.value})

    def undo(self) -> None:
        self.document.update_meta(**{self.field: self.old})


# as the undo history says them
LOOK_TITLES = {
    "routing": "Links",
    "fills": "Concept colours",
    "lettering": "Concept labels",
    "background": "Page colour",
}


class SetLookCommand(QUndoCommand):
    """A map-wide choice of how it is drawn: its links straight, curved or orthogonal round the
    boxes (``routing``), its concepts' colours filled or tinted (``fills``), the page colour
    (``background``, None for the theme's canvas)."""

    def __init__(self, document: Document, name: MapLook, value: str | None) -> None:
        super().__init__(f"{LOOK_TITLES[name]}: {value or 'default'}")
        self.document = document
        self.name: MapLook = name
        self.value = value
        self.old: str | None = getattr(document.cmap, name)

    def redo(self) -> None:
        self.document.set_look(self.name, self.value)

    def undo(self) -> None:
        self.document.set_look(self.name, self.old)


class ReplaceToursCommand(QUndoCommand):
    """Any edit of the tours, as a new list; with a ``merge_key`` (typing a caption into one
    step), successive edits with the same key fold into one undo step."""

    def __init__(
        self, document: Document, tours: list[Tour], text: str, merge_key: str | None = None
    ) -> None:
        super().__init__(text)
        self.document = document
        self.tours = [_copy(t) for t in tours]
        self.old = [_copy(t) for t in document.cmap.tours]
        self.merge_key = merge_key

    def id(self) -> int:
        return MERGE_TOURS if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, ReplaceToursCommand) and other.merge_key == self.merge_key:
            self.tours = other.tours
            return True
        return False

    def redo(self) -> None:
        self.document.set_tours([_copy(t) for t in self.tours])

    def undo(self) -> None:
        self.document.set_tours([_copy(t) for t in self.old])


class SetStyleCommand(QUndoCommand):
    """Give concepts and links one look (a colour, a shape, a dash...) as one step; a value of
    None takes the field back to the kind's (or the theme's) look."""

    def __init__(
        self,
        document: Document,
        node_ids: list[str],
        edge_ids: list[str],
        node_changes: dict[str, Any],
        edge_changes: dict[str, Any],
        text: str,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.node_changes = dict(node_changes) if node_ids else {}
        self.edge_changes = dict(edge_changes) if edge_ids else {}
        nodes, edges = document.nodes, document.edges
        self.old_nodes = {n: {f: getattr(nodes[n], f) for f in self.node_changes} for n in node_ids}
        self.old_edges = {e: {f: getattr(edges[e], f) for f in self.edge_changes} for e in edge_ids}

    @property
    def changes_anything(self) -> bool:
        """False when every item already looks so: such a step would undo nothing."""
        return any(
            old != self.node_changes for old in self.old_nodes.values() if self.node_changes
        ) or any(old != self.edge_changes for old in self.old_edges.values() if self.edge_changes)

    def redo(self) -> None:
        for node_id in self.old_nodes:
            if self.node_changes:
                self.document.update_node(node_id, **self.node_changes)
        for edge_id in self.old_edges:
            if self.edge_changes:
                self.document.update_edge(edge_id, **self.edge_changes)

    def undo(self) -> None:
        for node_id, old in self.old_nodes.items():
            if old:
                self.document.update_node(node_id, **old)
        for edge_id, old in self.old_edges.items():
            if old:
                self.document.update_edge(edge_id, **old)


def style_step(
    document: Document,
    node_ids: list[str],
    edge_ids: list[str],
    node_changes: dict[str, Any],
    edge_changes: dict[str, Any],
    what: str,
) -> SetStyleCommand | None:
    """One step giving the items a look, from the Style menu or the Details form alike, named
    for the items it changes (step_named); None when it would change nothing, as a step
    that undoes nothing is only noise in the history."""
    nodes = node_ids if node_changes else []
    edges = edge_ids if edge_changes else []
    if not nodes and not edges:
        return None
    text = step_named(document, what, nodes, edges)
    command = SetStyleCommand(document, nodes, edges, node_changes, edge_changes, text)
    return command if command.changes_anything else None
