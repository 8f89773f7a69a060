"""Graph queries over a concept map: neighbourhoods, connecting chains, degrees, centrality; no Qt.

networkx is imported only when a ``MapGraph`` is first built, never when the app starts: the
explore tools (path finder, statistics) build one when a person first uses them.

Caching: ``cache_for(document)`` gives the one ``GraphCache`` of an open document. It builds a
``MapGraph`` on first use and keeps it (with whatever the graph memoised: betweenness, degrees)
until the document reports a change of structure — a concept or link added or removed, a link's
ends changed, or the whole map reset — through its Qt signals, which the cache connects to by
name, so this module never imports Qt. Each invalidation bumps ``GraphCache.version``; a result
computed in the background for an older version is recognised as stale and thrown away. Moving
concepts, renaming them or changing their kind leaves the graph as it was.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from mapviewer.model import ConceptMap, edge_sentence

if TYPE_CHECKING:
    import networkx as nx

# Above this many concepts betweenness is estimated from a sample of source concepts: the exact
# algorithm is O(concepts x links), about 40 s for 5,000 concepts in pure Python.
EXACT_BETWEENNESS_LIMIT = 2000
BETWEENNESS_SAMPLES = 200
BETWEENNESS_SEED = 20240607

# The Document signals after which the graph may differ (edge_changed is checked for new ends).
STRUCTURE_SIGNALS = ("reset", "node_added", "node_removed", "edge_added", "edge_removed")


class Step(NamedTuple):
    """One link walked along a chain; ``forward`` is False when it was walked target -> source."""

    edge_id: str
    forward: bool


Chain = list[Step]


class MapGraph:
    """A snapshot of one map's structure as networkx graphs, with memoised queries.

    ``graph`` is a MultiDiGraph: concepts are nodes, each link is an edge keyed by its id, in
    file order. ``simple`` is its undirected shadow without self-loops or repeated pairs, which
    distances and centrality use: a chain may follow a link either way.
    """

    def __init__(self, cmap: ConceptMap) -> None:
        import networkx as nx  # noqa: PLC0415 - kept off the start-up path

        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.simple: nx.Graph = nx.Graph()
        self.kinds = {n.id: n.kind or "" for n in cmap.nodes}
        self.ends: dict[str, tuple[str, str]] = {}
        # concept -> (link id, other end, walked forward) in file order: chains read stably
        self._steps: dict[str, list[tuple[str, str, bool]]] = {n.id: [] for n in cmap.nodes}
        self.graph.add_nodes_from(self.kinds)
        self.simple.add_nodes_from(self.kinds)
        for edge in cmap.edges:
            source, target = edge.source, edge.target
            if source not in self.kinds or target not in self.kinds:
                continue  # a dangling link (the model allows it transiently): not a path
            self.graph.add_edge(source, target, key=edge.id)
            self.ends[edge.id] = (source, target)
            self._steps[source].append((edge.id, target, True))
            if target != source:
                self._steps[target].append((edge.id, source, False))
                self.simple.add_edge(source, target)
        self._degrees: dict[str, int] | None = None
        self._betweenness: dict[str, float] | None = None
        self.version = 0  # set by GraphCache: which state of the document this describes

    def __len__(self) -> int:
        return len(self.kinds)

    # --- neighbourhoods and chains --------------------------------------------------------------

    def distances(self, node_id: str, cutoff: int | None = None) -> dict[str, int]:
        """Concepts reachable from ``node_id`` following links either way, with their distance."""
        import networkx as nx  # noqa: PLC0415

        if node_id not in self.kinds:
            return {}
        return dict(nx.single_source_shortest_path_length(self.simple, node_id, cutoff=cutoff))

    def shortest_chains(self, a: str, b: str, limit: int = 5) -> list[Chain]:
        """Up to ``limit`` shortest chains of links from concept ``a`` to concept ``b``, each link
        walked in either direction. Chains come in file order of their links, first step first;
        two links joining the same two concepts make two chains. ``[]`` when none joins them,
        ``[[]]`` when ``a`` is ``b``."""
        distance = self.distances(b)
        if a not in distance:
            return []
        chains: list[Chain] = []
        for chain in self._walk(a, distance, []):
            chains.append(chain)
            if len(chains) >= limit:
                break
        return chains

    def _walk(self, here: str, distance: dict[str, int], prefix: Chain) -> Iterator[Chain]:
        left = distance[here]
        if left == 0:
            yield list(prefix)
            return
        for edge_id, other, forward in self._steps[here]:
            if distance.get(other) == left - 1:
                prefix.append(Step(edge_id, forward))
                yield from self._walk(other, distance, prefix)
                prefix.pop()

    def count_shortest_chains(self, a: str, b: str) -> int:
        """How many shortest chains join ``a`` and ``b`` in all (counted, not listed)."""
        distance = self.distances(b)
        if a not in distance:
            return 0
        counts: dict[str, int] = {b: 1}
        for node in sorted(distance, key=distance.__getitem__):
            if node == b:
                continue
            here = distance[node]
            counts[node] = sum(
                counts.get(other, 0)
                for _, other, _ in self._steps[node]
                if distance.get(other) == here - 1
            )
            if node == a:
                break
        return counts.get(a, 0)

    def chain_nodes(self, a: str, chain: Chain) -> list[str]:
        """The concepts a chain visits, ``a`` first."""
        nodes = [a]
        for step in chain:
            source, target = self.ends[step.edge_id]
            nodes.append(target if step.forward else source)
        return nodes

    # --- statistics -----------------------------------------------------------------------------

    def degrees(self) -> dict[str, int]:
        """Links touching each concept, whatever their direction (a self-loop counts twice)."""
        if self._degrees is None:
            self._degrees = dict(self.graph.degree())
        return self._degrees

    def degree_distribution(self) -> dict[int, int]:
        """Degree -> how many concepts have it, ascending."""
        return dict(sorted(Counter(self.degrees().values()).items()))

    @property
    def betweenness_ready(self) -> bool:
        """True once betweenness has been computed for this graph (it is kept)."""
        return self._betweenness is not None

    @property
    def betweenness_sampled(self) -> bool:
        return len(self) > EXACT_BETWEENNESS_LIMIT

    def betweenness(self) -> dict[str, float]:
        """Normalised betweenness centrality over the undirected links (networkx
        ``betweenness_centrality``): the share of shortest chains between other concepts that
        pass through each one — the hubs a lecturer should explain first.

        Exact up to ``EXACT_BETWEENNESS_LIMIT`` (2,000) concepts. Above it the value is
        estimated from ``BETWEENNESS_SAMPLES`` source concepts drawn with the fixed seed
        ``BETWEENNESS_SEED`` (networkx's ``k=`` and ``seed=``), so the ranking is the same on
        every run; ``betweenness_sampled`` says which was done.
        """
        if self._betweenness is None:
            import networkx as nx  # noqa: PLC0415

            sample = BETWEENNESS_SAMPLES if self.betweenness_sampled else None
            self._betweenness = nx.betweenness_centrality(
                self.simple, k=sample, normalized=True, seed=BETWEENNESS_SEED
            )
        return self._betweenness

    def ranked_by_betweenness(self, count: int = 20) -> list[tuple[str, float]]:
        """The ``count`` most central concepts, most central first (ties by id, for stability)."""
        scores = self.betweenness()
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:count]


def chain_sentences(cmap: ConceptMap, chain: Chain) -> list[str]:
    """Each link of a chain as its proposition, in the link's own direction (so it stays true)."""
    labels = cmap.labels()
    edges = cmap.edge_by_id()
    return [edge_sentence(labels, edges[step.edge_id]) for step in chain]


def kind_counts(cmap: ConceptMap) -> dict[str, int]:
    """Concepts per kind in the file's order of kinds; ``""`` (no kind) last if any. No networkx."""
    counts = Counter(n.kind or "" for n in cmap.nodes)
    ordered = {k.id: counts.pop(k.id, 0) for k in cmap.kinds}
    ordered.update(counts)  # kinds the list does not declare, and "" for kind-less concepts
    if "" in ordered:
        ordered[""] = ordered.pop("")
    return ordered


class GraphCache:
    """One ``MapGraph`` per map, built on first use and dropped when the map's structure changes."""

    def __init__(self, get_map: Callable[[], ConceptMap]) -> None:
        self._get_map = get_map
        self._graph: MapGraph | None = None
        self.version = 0

    @property
    def built(self) -> bool:
        return self._graph is not None

    @property
    def graph(self) -> MapGraph:
        if self._graph is None:
            self._graph = MapGraph(self._get_map())
            self._graph.version = self.version
        return self._graph

    def invalidate(self, *_: object) -> None:
        """Forget the graph (and everything it memoised); accepts any signal's arguments."""
        self._graph = None
        self.version += 1

    def edge_changed(self, edge_id: str, ends: tuple[str, str] | None) -> None:
        """A link changed: only new ends change the graph; a new label or quote does not."""
        if self._graph is not None and self._graph.ends.get(edge_id) != ends:
            self.invalidate()


_CACHES: weakref.WeakKeyDictionary[Any, GraphCache] = weakref.WeakKeyDictionary()


def cache_for(document: Any) -> GraphCache:
    """The shared cache of an open document, invalidated by its change signals.

    ``document`` is a ``mapviewer.document.Document``: anything with ``cmap``, ``edges`` and the
    signals named in ``STRUCTURE_SIGNALS`` plus ``edge_changed``. The cache holds the document
    weakly, so dropping a document drops its cache.
    """
    cache = _CACHES.get(document)
    if cache is not None:
        return cache
    ref = weakref.ref(document)

    def current_map() -> ConceptMap:
        owner = ref()
        if owner is None:  # only a live document's signals reach its cache
            raise ReferenceError("the document of this graph cache is gone")
        cmap: ConceptMap = owner.cmap
        return cmap

    cache = GraphCache(current_map)

    def on_edge_changed(edge_id: str) -> None:
        owner = ref()
        edge = owner.edges.get(edge_id) if owner is not None else None
        cache.edge_changed(edge_id, (edge.source, edge.target) if edge is not None else None)

    for name in STRUCTURE_SIGNALS:
        getattr(document, name).connect(cache.invalidate)
    document.edge_changed.connect(on_edge_changed)
    _CACHES[document] = cache
    return cache
