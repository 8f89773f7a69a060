"""Figures about the concepts a person is looking at: the rows of the selection table and the
statistics over what the filters show; no Qt.

Everything here takes the set of concept ids to describe (``keep``; None for the whole map), so
the table and the plots follow the Legend's kind filters, the focus and the source filter the
way Cytoscape's node table follows its filters.

Betweenness is computed here rather than with networkx so that it can be cancelled between two
source concepts and report its progress: on the 20k synthetic map networkx's
``betweenness_centrality(k=200)`` took 43 s of CPU on this machine (the "statistics burned 45 s"
of issue 18) and could not be stopped when the map changed. The same Brandes algorithm over
integer adjacency lists runs several times faster, and above ``EXACT_LIMIT`` concepts it is
estimated from a number of sampled source concepts sized to a fixed amount of work
(``WORK_BUDGET``), so a bigger map gets fewer samples instead of a longer wait.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from mapviewer.model import ConceptMap

# Measured on this (loaded, 2-core) machine: exact betweenness of the 1,000-concept synthetic
# map takes 0.56 s of CPU with this code (networkx: 11.5 s for 2,000); the cost grows as
# concepts x links, so beyond EXACT_LIMIT it is estimated.
EXACT_LIMIT = 1000
# Source concepts x (concepts + links) walked for an estimate: about 1.2 s of CPU here at 20k
# concepts (28k links, 41 sampled sources) and 1.0 s at 5k (250 sources). The hubs it ranks:
# at 2k (625 sources) 14 of the exact top 15, the top 5 in order; at 5k 13 of the top 15 of a
# 400-source estimate, top 5 in order; at 20k the top 3 of a 200-source estimate, 11 of 15.
WORK_BUDGET = 2_000_000
MIN_SAMPLES = 32
SEED = 20240607


class ConceptRow(NamedTuple):
    """One concept as the selection table lists it (a tuple: 20,000 are made per fill)."""

    ident: str
    label: str
    kind: str
    degree: int  # links touching it in the whole map (a self-loop counts twice)
    quotes: int
    sources: int  # distinct sources its quotes come from


def concept_rows(cmap: ConceptMap) -> list[ConceptRow]:
    """Every concept in file order; one pass over the links for the degrees."""
    degree = dict.fromkeys((n.id for n in cmap.nodes), 0)
    for edge in cmap.edges:
        if edge.source in degree and edge.target in degree:
            degree[edge.source] += 1
            degree[edge.target] += 1
    return [
        ConceptRow(
            node.id,
            node.label,
            node.kind or "",
            degree[node.id],
            len(node.quotes),
            len({q.source for q in node.quotes}),
        )
        for node in cmap.nodes
    ]


class LinkRow(NamedTuple):
    """One link as the selection table lists it."""

    ident: str
    label: str
    source: str  # the label of the concept it starts from
    target: str
    quotes: int
    sources: int


def link_rows(cmap: ConceptMap) -> list[LinkRow]:
    """Every link in file order, its ends named by label (by id when a concept is missing)."""
    labels = cmap.labels()
    return [
        LinkRow(
            edge.id,
            edge.label,
            labels.get(edge.source, edge.source),
            labels.get(edge.target, edge.target),
            len(edge.quotes),
            len({q.source for q in edge.quotes}),
        )
        for edge in cmap.edges
    ]


@dataclass(slots=True)
class Network:
    """The undirected links among a set of concepts, as integer adjacency lists."""

    ids: list[str]
    neighbours: list[list[int]]
    degrees: list[int]  # links among the kept concepts, as the map counts them (loops twice)

    @property
    def links(self) -> int:
        return sum(len(n) for n in self.neighbours) // 2


def network(cmap: ConceptMap, keep: Iterable[str] | None = None) -> Network:
    """The concepts of ``keep`` (all when None) in file order, and the links between two of them
    (repeated pairs and self-loops are one walkable step or none, as networkx's ``simple``)."""
    wanted = None if keep is None else set(keep)
    ids = [n.id for n in cmap.nodes if wanted is None or n.id in wanted]
    index = {ident: i for i, ident in enumerate(ids)}
    sets: list[set[int]] = [set() for _ in ids]
    degrees = [0] * len(ids)
    for edge in cmap.edges:
        a, b = index.get(edge.source), index.get(edge.target)
        if a is None or b is None:
            continue
        degrees[a] += 1
        degrees[b] += 1
        if a != b:
            sets[a].add(b)
            sets[b].add(a)
    return Network(ids, [sorted(s) for s in sets], degrees)


def sample_count(concepts: int, links: int) -> int | None:
    """How many source concepts to walk for betweenness; None means all of them (exact)."""
    if concepts <= EXACT_LIMIT:
        return None
    per_source = concepts + links
    return min(concepts, max(MIN_SAMPLES, WORK_BUDGET // max(per_source, 1)))


class CancelledError(Exception):
    """The computation was asked to stop (another map, another filter, the Cancel button)."""


def betweenness(
    net: Network,
    samples: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
    seed: int = SEED,
) -> dict[str, float]:
    """Normalised betweenness centrality, as networkx's ``betweenness_centrality`` on the
    undirected graph (same values when exact; the same estimator when ``samples`` is given).

    ``cancelled`` is asked before each source concept; when it says yes, ``CancelledError``
    is raised.
    """
    n = len(net.ids)
    neighbours = net.neighbours
    sources = list(range(n))
    if samples is not None and samples < n:
        sources = random.Random(seed).sample(sources, samples)
    total = [0.0] * n
    for done, s in enumerate(sources):
        if cancelled():
            raise CancelledError
        progress(done, len(sources))
        _add_dependencies(neighbours, s, total)
    progress(len(sources), len(sources))
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    if samples is not None and samples < n:
        scale *= n / samples
    return {ident: total[i] * scale for i, ident in enumerate(net.ids)}


def _add_dependencies(neighbours: list[list[int]], s: int, total: list[float]) -> None:
    """Add to ``total`` the share of the shortest chains from ``s`` that pass through each
    concept (one source of Brandes's algorithm)."""
    n = len(neighbours)
    # Brandes: breadth-first from s counting shortest chains, then dependencies backwards.
    order: list[int] = []
    sigma = [0] * n
    dist = [-1] * n
    sigma[s] = 1
    dist[s] = 0
    queue = deque([s])
    while queue:
        v = queue.popleft()
        order.append(v)
        dv = dist[v] + 1
        sv = sigma[v]
        for w in neighbours[v]:
            if dist[w] < 0:
                dist[w] = dv
                queue.append(w)
            if dist[w] == dv:
                sigma[w] += sv
    # The predecessors of w are its neighbours one step nearer s: found again here rather
    # than stored, which spares a list per concept per source (twice as fast at 20k).
    delta = [0.0] * n
    for w in reversed(order):
        coefficient = (1.0 + delta[w]) / sigma[w]
        before = dist[w] - 1
        for v in neighbours[w]:
            if dist[v] == before:
                delta[v] += sigma[v] * coefficient
        if w != s:
            total[w] += delta[w]


def ranked(scores: dict[str, float], count: int) -> list[tuple[str, float]]:
    """The ``count`` highest scores, highest first (ties by id, so the order is stable)."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:count]
