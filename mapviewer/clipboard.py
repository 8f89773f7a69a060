"""Copy and paste of concepts with the links among them, within a map and between maps; no Qt.

A copied fragment carries the kinds and sources its concepts use (sources with absolute file
paths), so pasting into another map brings what the concepts need along. Pasted items get fresh
ids; positions keep their arrangement around wherever they are pasted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mapviewer.io.mapfile import to_data
from mapviewer.model import ConceptMap, Edge, Kind, Node, Source
from mapviewer.sources import clean_path, resolve

MIME = "application/x-mapviewer-fragment+json"
FRAGMENT = "mapviewer-fragment"


def copy_fragment(cmap: ConceptMap, map_path: Path | None, node_ids: set[str]) -> str:
    """The JSON text of the selected concepts, the links among them, and what they refer to."""
    nodes = [n for n in cmap.nodes if n.id in node_ids]
    # A link comes along when both its concepts do; a link alone cannot exist in a new place.
    edges = [e for e in cmap.edges if e.source in node_ids and e.target in node_ids]
    kinds = {n.kind for n in nodes if n.kind}
    items: list[Node | Edge] = [*nodes, *edges]
    cited = {q.source for item in items for q in item.quotes}
    sources = []
    for source in cmap.sources:
        if source.id in cited:
            found = resolve(source, map_path)
            # Absolute, so the text is found from any map; clean, as the new map shows it.
            file = str(clean_path(found)) if found else None
            sources.append(source.model_copy(update={"file": file}) if file else source)
    data = {
        "format": FRAGMENT,
        "version": 1,
        "kinds": [to_data(k) for k in cmap.kinds if k.id in kinds],
        "sources": [to_data(s) for s in sources],
        "nodes": [to_data(n) for n in nodes],
        "edges": [to_data(e) for e in edges],
    }
    return json.dumps(data, ensure_ascii=False)


def plain_text(cmap: ConceptMap, node_ids: set[str]) -> str:
    """What other applications get: one label per line."""
    return "\n".join(n.label for n in cmap.nodes if n.id in node_ids)


@dataclass
class Paste:
    """What pasting adds: new kinds and sources first, then concepts and links."""

    kinds: list[Kind]
    sources: list[Source]
    nodes: list[Node]
    edges: list[Edge]


def parse_fragment(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FRAGMENT:
        return None
    return data


def prepare_paste(
    data: dict[str, Any],
    cmap: ConceptMap,
    new_id: Callable[[str, set[str]], str],
    at: tuple[float, float],
) -> Paste | None:
    """Fresh ids, positions centred on ``at``, and only the kinds/sources the map lacks."""
    try:
        nodes = [Node.model_validate(n) for n in data.get("nodes", [])]
        edges = [Edge.model_validate(e) for e in data.get("edges", [])]
        kinds = [Kind.model_validate(k) for k in data.get("kinds", [])]
        sources = [Source.model_validate(s) for s in data.get("sources", [])]
    except ValidationError:
        return None
    if not nodes:
        return None
    have_kinds = {k.id for k in cmap.kinds}
    have_sources = {s.id for s in cmap.sources}
    placed = [n for n in nodes if n.placed]
    cx = sum(n.x for n in placed) / len(placed) if placed else 0.0  # type: ignore[misc]
    cy = sum(n.y for n in placed) / len(placed) if placed else 0.0  # type: ignore[misc]
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, node in enumerate(nodes):
        fresh = new_id(node.id, taken)
        mapping[node.id] = fresh
        taken.add(fresh)
        node.id = fresh
        if node.placed:
            node.x = round(at[0] + node.x - cx, 1)  # type: ignore[operator]
            node.y = round(at[1] + node.y - cy, 1)  # type: ignore[operator]
        else:
            node.x, node.y = at[0] + 30.0 * index, at[1] + 30.0 * index
    for node in nodes:  # a group comes along when it was copied too; else the copy is loose
        node.parent = mapping.get(node.parent) if node.parent else None
    kept_edges = []
    shift = (at[0] - cx, at[1] - cy)  # what the placed concepts moved by: their links' bends too
    for edge in edges:
        if edge.source in mapping and edge.target in mapping:
            edge.source = mapping[edge.source]
            edge.target = mapping[edge.target]
            edge.bends = [(round(x + shift[0], 1), round(y + shift[1], 1)) for x, y in edge.bends]
            fresh = new_id(edge.id, taken)
            taken.add(fresh)
            edge.id = fresh
            kept_edges.append(edge)
    return Paste(
        kinds=[k for k in kinds if k.id not in have_kinds],
        sources=[s for s in sources if s.id not in have_sources],
        nodes=nodes,
        edges=kept_edges,
    )


def concepts_from_text(text: str, limit: int = 200) -> list[str]:
    """Labels for concepts pasted as plain text: one per non-empty line."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if line][:limit]
