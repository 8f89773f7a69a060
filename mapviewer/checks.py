"""Cross-reference checks a schema cannot express: unique ids, links to real concepts, known kinds.

They run on the raw JSON data, not on the model, so a file with schema errors still gets its
reference errors reported in the same pass: a person fixes everything in one go.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Finding = tuple[str, str]  # (where, message), e.g. ("nodes[id=pd1].kind", "unknown kind 'x'")

LISTS_WITH_IDS = ("sources", "kinds", "nodes", "edges", "tours")


def item_where(section: str, index: int, item: Any) -> str:
    """Name a list item by its id where it has one: ``nodes[id=pd1]``, else ``nodes[3]``."""
    if isinstance(item, dict):
        ident = item.get("id")
        if isinstance(ident, str) and ident:
            return f"{section}[id={ident}]"
    return f"{section}[{index}]"


def path_where(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into ``nodes[id=pd1].quotes[0].source``."""
    parts: list[str] = []
    current: Any = data
    for step in loc:
        if isinstance(step, int):
            item = current[step] if isinstance(current, list) and step < len(current) else None
            name = parts.pop() if parts else ""
            parts.append(item_where(name, step, item) if item is not None else f"{name}[{step}]")
            current = item
        else:
            parts.append(str(step))
            current = current.get(step) if isinstance(current, dict) else None
    return ".".join(parts)


def _items(data: dict[str, Any], section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(section)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield index, item


def _ids(data: dict[str, Any], section: str) -> set[str]:
    return {item["id"] for _, item in _items(data, section) if isinstance(item.get("id"), str)}


def duplicate_ids(data: dict[str, Any]) -> Iterator[Finding]:
    """Ids must be unique per list; nodes and edges share one namespace (tours name both)."""
    for section in ("sources", "kinds", "tours"):
        seen: set[str] = set()
        for index, item in _items(data, section):
            ident = item.get("id")
            if isinstance(ident, str):
                if ident in seen:
                    yield (
                        f"{section}[{index}]",
                        f"duplicate id '{ident}' (used earlier in {section})",
                    )
                seen.add(ident)
    seen_graph: dict[str, str] = {}
    for section in ("nodes", "edges"):
        for index, item in _items(data, section):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen_graph:
                other = seen_graph[ident]
                yield f"{section}[{index}]", f"duplicate id '{ident}': an earlier {other} has it"
            else:
                seen_graph[ident] = "concept" if section == "nodes" else "link"


def _quote_problems(where: str, item: dict[str, Any], sources: set[str]) -> Iterator[Finding]:
    quotes = item.get("quotes")
    if not isinstance(quotes, list):
        return
    for qi, quote in enumerate(quotes):
        if isinstance(quote, dict):
            src = quote.get("source")
            if isinstance(src, str) and src not in sources:
                yield f"{where}.quotes[{qi}].source", f"quote cites unknown source '{src}'"


def dangling_references(data: dict[str, Any]) -> Iterator[Finding]:
    """Edges to missing concepts, unknown kinds, quotes citing unknown sources, tours to nothing."""
    nodes = _ids(data, "nodes")
    edges = _ids(data, "edges")
    kinds = _ids(data, "kinds")
    sources = _ids(data, "sources")
    for index, node in _items(data, "nodes"):
        where = item_where("nodes", index, node)
        kind = node.get("kind")
        if isinstance(kind, str) and kind and kind not in kinds:
            known = ", ".join(sorted(kinds)) or "none defined"
            yield f"{where}.kind", f"unknown kind '{kind}' (kinds: {known})"
        yield from _quote_problems(where, node, sources)
    yield from _parent_problems(data, nodes)
    for index, edge in _items(data, "edges"):
        where = item_where("edges", index, edge)
        for end in ("source", "target"):
            ref = edge.get(end)
            if isinstance(ref, str) and ref not in nodes:
                yield f"{where}.{end}", f"link {end} '{ref}' is not a concept in this map"
        yield from _quote_problems(where, edge, sources)
    yield from _tour_references(data, nodes | edges, sources, edges)


def _parent_problems(data: dict[str, Any], nodes: set[str]) -> Iterator[Finding]:
    """A concept's group must be another concept of the map, and groups must not contain
    themselves through any chain: the canvas draws each group around its members, which a
    cycle would make endless."""
    parents: dict[str, str] = {}
    where_of: dict[str, str] = {}
    for index, node in _items(data, "nodes"):
        parent = node.get("parent")
        ident = node.get("id")
        if not isinstance(parent, str) or not isinstance(ident, str):
            continue
        where = f"{item_where('nodes', index, node)}.parent"
        if parent == ident:
            yield where, f"concept '{ident}' names itself as its group"
        elif parent not in nodes:
            yield where, f"group '{parent}' is not a concept in this map"
        else:
            parents[ident] = parent
            where_of[ident] = where
    reported: set[str] = set()
    for start in parents:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current not in chain and current not in reported:
            chain.append(current)
            current = parents.get(current)
        if current is None or current in reported or current != start:
            continue
        reported.update(chain)
        loop = " → ".join([*chain, start])
        yield where_of[start], f"groups contain each other in a cycle: {loop}"


def _tour_references(
    data: dict[str, Any], targets: set[str], sources: set[str], links: set[str]
) -> Iterator[Finding]:
    for index, tour in _items(data, "tours"):
        tour_where = item_where("tours", index, tour)
        steps = tour.get("steps")
        for si, step in enumerate(steps if isinstance(steps, list) else []):
            if not isinstance(step, dict):
                continue
            for field in ("focus", "reveal"):
                refs = step.get(field)
                for ref in refs if isinstance(refs, list) else []:
                    if isinstance(ref, str) and ref not in targets:
                        yield (
                            f"{tour_where}.steps[{si}].{field}",
                            f"'{ref}' is neither a concept nor a link in this map",
                        )
            held = step.get("hold")
            for ref in held if isinstance(held, list) else []:
                if isinstance(ref, str) and ref not in links:
                    what = "a concept" if ref in targets else "not in this map"
                    yield (
                        f"{tour_where}.steps[{si}].hold",
                        f"'{ref}' is {what}: a step holds back links only",
                    )
            quote = step.get("quote")
            if isinstance(quote, dict):
                src = quote.get("source")
                if isinstance(src, str) and src not in sources:
                    yield f"{tour_where}.steps[{si}].quote.source", f"unknown source '{src}'"


def reference_findings(data: dict[str, Any]) -> list[Finding]:
    """Every cross-reference problem in a raw map, in file order per check."""
    return [*duplicate_ids(data), *dangling_references(data)]
