"""JSON Graph Format (JGF) v1 and v2, one ``graph`` or a ``graphs`` array: import only.

v1 lists nodes as ``[{"id": ...}]``, v2 as ``{"id": {...}}``; both give edges as a list with
``source``, ``target`` and ``relation`` or ``label`` (the link's label). A node's ``label`` is its
label, a ``type`` (on the node or in its ``metadata``) its kind, and everything else, metadata
included, goes into ``data``. Positions come from ``metadata`` as ``x``/``y``, ``position``
``{x, y}`` or ``xloc``/``yloc`` (the BEL examples). With several graphs, ``graph`` picks one by
id, label or index; :func:`graph_choices` lists them so the GUI can ask. Without a choice the
first graph opens and the description says which one it was. A v2 hyperedge (one link among
many nodes) becomes a hub concept linked to each member, and the import says how many.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mapviewer.io.records import (
    At,
    EdgeRecord,
    GraphRecord,
    NodeRecord,
    Progress,
    ProgressCallback,
    as_progress,
    build_map,
    fail,
    json_object,
    load_json,
    number,
    read_json,
    take_fields,
)
from mapviewer.model import ConceptMap

POSITION_PAIRS = (("x", "y"), ("xloc", "yloc"), ("posx", "posy"))
KEPT_LOOK = ("jgf",)  # a hyperedge's hub concept, kept in data to write the hyperedge back


def sniff(data: Any) -> bool:
    return isinstance(data, dict) and (
        isinstance(data.get("graph"), dict) or isinstance(data.get("graphs"), list)
    )


def _graphs(data: Any, name: str) -> list[dict[str, Any]]:
    if not sniff(data):
        raise fail(name, 'not JGF: expected an object with "graph" or "graphs"')
    graphs = [data["graph"]] if isinstance(data.get("graph"), dict) else data["graphs"]
    found = [g for g in graphs if isinstance(g, dict)]
    if not found:
        raise fail(name, 'JGF "graphs" holds no graph', At(where="graphs"))
    return found


def _title(graph: dict[str, Any], index: int) -> str:
    for key in ("label", "id"):
        if isinstance(graph.get(key), str | int) and str(graph[key]).strip():
            return str(graph[key])
    return f"graph {index + 1}"


def _key(graph: dict[str, Any], index: int) -> str:
    ident = graph.get("id")
    return str(ident) if isinstance(ident, str | int) and str(ident) else str(index)


def graph_choices(path: Path) -> list[tuple[str, str]] | None:
    """(key, title) for each graph of a multi-graph file; None when it holds just one."""
    graphs = _graphs(read_json(Path(path), Progress(None)), str(path))
    if len(graphs) < 2:
        return None
    return [(_key(g, i), _title(g, i)) for i, g in enumerate(graphs)]


def _pick(graphs: list[dict[str, Any]], wanted: str | None, name: str) -> tuple[int, dict]:
    if wanted is None:
        return 0, graphs[0]
    for index, graph in enumerate(graphs):
        if wanted in (_key(graph, index), _title(graph, index), str(index)):
            return index, graph
    choices = ", ".join(f"{_key(g, i)!r} ({_title(g, i)})" for i, g in enumerate(graphs))
    raise fail(name, f"no graph {wanted!r} in this file; it holds {choices}")


def _position(node: NodeRecord, holders: list[dict[str, Any]]) -> None:
    for holder in holders:
        position = json_object(holder.get("position"))
        candidates = [(position, "x", "y")] + [(holder, a, b) for a, b in POSITION_PAIRS]
        for source, key_x, key_y in candidates:
            x, y = number(source.get(key_x)), number(source.get(key_y))
            if x is not None and y is not None:
                node.x, node.y = x, y
                source.pop(key_x)
                source.pop(key_y)
                if source is position and not position:
                    holder.pop("position")
                return


def _node(ident: str, body: Any, where: str) -> NodeRecord:
    body = dict(json_object(body))
    body.pop("id", None)
    node = NodeRecord(ident, at=At(where=where))
    metadata = dict(json_object(body.pop("metadata", None)))
    _position(node, [metadata, body])
    take_fields(node, body)
    if node.kind is None:  # a type in the metadata counts too
        take_fields(node, metadata)
    else:
        node.data.update(metadata)
    return node


def _nodes(graph: dict[str, Any], name: str) -> list[NodeRecord]:
    nodes = graph.get("nodes", [])
    if isinstance(nodes, dict):  # v2: keyed by id
        return [_node(str(k), v, f"graph.nodes.{k}") for k, v in nodes.items()]
    if not isinstance(nodes, list):
        raise fail(name, '"nodes" must be an object (JGF v2) or an array (v1)', At(where="nodes"))
    out = []
    for index, body in enumerate(nodes):
        ident = json_object(body).get("id")
        if not isinstance(ident, str | int) or isinstance(ident, bool) or ident == "":
            raise fail(name, 'a node needs an "id"', At(where=f"graph.nodes[{index}]"))
        out.append(_node(str(ident), body, f"graph.nodes[id={ident}]"))
    return out


def _edges(graph: dict[str, Any], name: str) -> list[EdgeRecord]:
    """The graph's edges; ``directed`` (the graph's, JGF's default true, or an edge's own) says
    whether a link has a direction."""
    edges = graph.get("edges", [])
    graph_directed = graph.get("directed") is not False
    if not isinstance(edges, list):
        raise fail(name, '"edges" must be an array', At(where="edges"))
    out = []
    for index, body in enumerate(edges):
        body = dict(json_object(body))
        source, target = body.pop("source", None), body.pop("target", None)
        if not isinstance(source, str | int) or not isinstance(target, str | int):
            where = At(where=f"graph.edges[{index}]")
            raise fail(name, "an edge needs a source and a target", where)
        ident = body.pop("id", None)
        edge = EdgeRecord(str(source), str(target), id=str(ident) if ident is not None else None)
        edge.at = At(where=f"graph.edges[{index}]")
        directed = body.pop("directed", None)
        edge.directed = directed if isinstance(directed, bool) else graph_directed
        body.update(json_object(body.pop("metadata", None)))
        take_fields(edge, body, edge=True)
        out.append(edge)
    return out


def _members(value: Any) -> list[str]:
    return [str(m) for m in value if isinstance(m, str | int)] if isinstance(value, list) else []


def _hyperedges(graph: dict[str, Any], record: GraphRecord) -> int:
    """JGF v2 hyperedges, one link between many nodes (``nodes``, or ``source`` and ``target``
    lists when directed): each becomes a hub concept linked to its members, so none is lost.
    Returns how many there were."""
    hyperedges = graph.get("hyperedges", [])
    if not isinstance(hyperedges, list):
        return 0
    taken = {n.id for n in record.nodes}
    count = 0
    for index, body in enumerate(hyperedges):
        body = dict(json_object(body))
        undirected = _members(body.pop("nodes", None))
        sources, targets = _members(body.pop("source", None)), _members(body.pop("target", None))
        if not (undirected or sources or targets):
            continue
        ident = str(body.pop("id", "") or f"hyperedge-{index + 1}")
        while ident in taken:
            ident = f"{ident}-hub"
        taken.add(ident)
        where = At(where=f"graph.hyperedges[{index}]")
        hub = NodeRecord(ident, at=where)
        body.update(json_object(body.pop("metadata", None)))
        relation = body.pop("relation", None)
        take_fields(hub, body)
        if not hub.label:
            hub.label = (
                str(relation) if isinstance(relation, str | int) else f"hyperedge {index + 1}"
            )
        elif relation is not None:
            hub.data["relation"] = relation
        hub.data["jgf"] = "hyperedge"
        record.nodes.append(hub)
        directed = bool(sources or targets) and not undirected
        for member in undirected:
            record.edges.append(EdgeRecord(ident, member, directed=False, at=where))
        record.edges += [EdgeRecord(m, ident, directed=directed, at=where) for m in sources]
        record.edges += [EdgeRecord(ident, m, directed=directed, at=where) for m in targets]
        count += 1
    return count


def from_data(
    data: Any,
    name: str,
    progress: ProgressCallback | Progress | None = None,
    graph: str | None = None,
) -> ConceptMap:
    """Build a map from parsed JGF; ``graph`` picks one of several (id, label or index)."""
    reporter = as_progress(progress)
    graphs = _graphs(data, name)
    index, chosen = _pick(graphs, graph, name)
    record = GraphRecord(name, "JSON Graph Format")
    record.title = _title(chosen, index) if ("label" in chosen or "id" in chosen) else None
    metadata = json_object(chosen.get("metadata"))
    description = metadata.get("description")
    record.description = description if isinstance(description, str) else ""
    if len(graphs) > 1:
        note = f"Graph {index + 1} of {len(graphs)} in the file ({_title(chosen, index)})."
        record.description = f"{note}\n\n{record.description}".strip()
    record.nodes = _nodes(chosen, name)
    record.edges = _edges(chosen, name)
    hubs = _hyperedges(chosen, record)
    if hubs:
        record.notes.append(
            f"{hubs} JGF hyperedge{'s' if hubs > 1 else ''} became hub concepts linked to "
            "their members (mapviewer links join two concepts)"
        )
    reporter(0.5)
    return build_map(record, reporter.part(0.5, 1.0))


def load(
    path: Path, progress: ProgressCallback | None = None, graph: str | None = None
) -> ConceptMap:
    """Open a JGF file; ``graph`` as in :func:`from_data`."""
    return load_json(path, progress, lambda data, name, part: from_data(data, name, part, graph))
