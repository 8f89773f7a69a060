"""Graph queries on the shipped map: neighbours, connecting chains, hubs, and the cache."""

from __future__ import annotations

import pytest

from mapviewer.commands import AddItemsCommand, EditEdgeCommand
from mapviewer.document import Document
from mapviewer.graph import (
    EXACT_BETWEENNESS_LIMIT,
    GraphCache,
    MapGraph,
    Step,
    cache_for,
    chain_sentences,
    kind_counts,
)
from mapviewer.io.mapfile import load
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.paths import DEFAULT_MAP

from .conftest import DATA
from .test_architecture import run_python


@pytest.fixture(scope="module")
def immunotherapy() -> ConceptMap:
    return load(DEFAULT_MAP)


@pytest.fixture(scope="module")
def graph(immunotherapy: ConceptMap) -> MapGraph:
    return MapGraph(immunotherapy)


def test_neighbourhood_of_one_link_is_exactly_the_neighbours(qapp, graph: MapGraph) -> None:
    nodes, links = Document(load(DEFAULT_MAP)).neighbourhood("pd-l1", 1)
    assert nodes == {
        "pd-l1",
        "pd-1",
        "cancer-cells",
        "macrophages",
        "atezolizumab",
        "durvalumab",
        "avelumab",
    }
    # the links among them: PD-L1's own and any joining two of its neighbours
    assert {"pd-l1-binds-pd-1", "atezolizumab-blocks-pd-l1"} <= links
    ends = {graph.ends[e] for e in links}
    assert all(s in nodes and t in nodes for s, t in ends)


def test_neighbourhood_grows_with_k(qapp) -> None:
    document = Document(load(DEFAULT_MAP))
    one, _ = document.neighbourhood("pd-l1", 1)
    two, _ = document.neighbourhood("pd-l1", 2)
    assert one < two
    assert "pembrolizumab" in two - one  # PD-L1 - binds -> PD-1 <- blocks - Pembrolizumab


def test_shortest_chains_from_pd1_to_t_cell_exhaustion(
    graph: MapGraph, immunotherapy: ConceptMap
) -> None:
    chains = graph.shortest_chains("pd-1", "t-cell-dysfunction")
    assert chains == [
        [
            Step("pd-1-sits-on-t-cells", True),
            Step("tils-include-t-cells", False),
            Step("t-cell-dysfunction-exhausts-tils", False),
        ],
        [
            Step("checkpoint-upregulation-exploits-pd-1", False),
            Step("checkpoint-upregulation-causes-immunotherapy-resistance", True),
            Step("t-cell-dysfunction-causes-immunotherapy-resistance", False),
        ],
    ]
    assert graph.chain_nodes("pd-1", chains[0]) == [
        "pd-1",
        "t-cells",
        "tils",
        "t-cell-dysfunction",
    ]
    assert chain_sentences(immunotherapy, chains[0]) == [
        "PD-1 — sits on → T cells",
        "Tumour-infiltrating lymphocytes (TILs) — include → T cells",
        "T-cell dysfunction (exhaustion) — disables → Tumour-infiltrating lymphocytes (TILs)",
    ]
    assert graph.count_shortest_chains("pd-1", "t-cell-dysfunction") == 2


def test_chains_are_limited_and_counted(graph: MapGraph) -> None:
    total = graph.count_shortest_chains("pembrolizumab", "car-t")
    chains = graph.shortest_chains("pembrolizumab", "car-t", limit=1)
    assert total >= 1 and len(chains) == 1
    assert graph.chain_nodes("pembrolizumab", chains[0])[-1] == "car-t"


def test_no_chain_and_same_concept() -> None:
    cmap = ConceptMap(
        nodes=[Node(id="a", label="A"), Node(id="b", label="B"), Node(id="c", label="C")],
        edges=[Edge(id="ab", source="a", target="b")],
    )
    graph = MapGraph(cmap)
    assert graph.shortest_chains("a", "c") == []
    assert graph.count_shortest_chains("a", "c") == 0
    assert graph.shortest_chains("a", "a") == [[]]
    assert graph.shortest_chains("b", "a") == [[Step("ab", False)]]


def test_two_links_between_the_same_concepts_make_two_chains() -> None:
    cmap = ConceptMap(
        nodes=[Node(id="a", label="A"), Node(id="b", label="B")],
        edges=[
            Edge(id="x", source="a", target="b", label="blocks"),
            Edge(id="y", source="b", target="a", label="feeds"),
        ],
    )
    graph = MapGraph(cmap)
    assert graph.shortest_chains("a", "b") == [[Step("x", True)], [Step("y", False)]]
    assert graph.degrees() == {"a": 2, "b": 2}


def test_betweenness_ranks_the_hubs_first(graph: MapGraph) -> None:
    top = [node_id for node_id, _ in graph.ranked_by_betweenness(4)]
    assert top == ["cancer-immunotherapy", "checkpoint-inhibitors", "t-cells", "car-t"]
    assert not graph.betweenness_sampled
    assert len(graph) < EXACT_BETWEENNESS_LIMIT


def test_degrees_and_kinds(graph: MapGraph, immunotherapy: ConceptMap) -> None:
    distribution = graph.degree_distribution()
    assert sum(distribution.values()) == len(immunotherapy.nodes)
    assert sum(d * n for d, n in distribution.items()) == 2 * len(immunotherapy.edges)
    assert graph.degrees()["pd-l1"] == 6
    counts = kind_counts(immunotherapy)
    assert list(counts) == [k.id for k in immunotherapy.kinds]
    assert sum(counts.values()) == len(immunotherapy.nodes)


def test_cache_builds_once_and_drops_the_graph_when_a_concept_is_added(qtbot) -> None:
    document = Document(load(DATA / "sample.json"))
    cache = cache_for(document)
    assert cache_for(document) is cache
    first = cache.graph
    assert cache.graph is first  # computed once
    assert len(first) == 5
    node = Node(id="nk-cells", label="NK cells", kind="immune-cell", x=0, y=0)
    document.undo_stack.push(AddItemsCommand(document, [node], [], "New concept"))
    assert not cache.built
    assert len(cache.graph) == 6
    assert cache.graph.version > first.version
    document.undo_stack.undo()
    assert len(cache.graph) == 5


def test_cache_ignores_a_renamed_link_but_not_a_rewired_one(qtbot) -> None:
    document = Document(load(DATA / "sample.json"))
    cache = cache_for(document)
    graph = cache.graph
    document.undo_stack.push(EditEdgeCommand(document, "e2", "label", "switches off"))
    assert cache.graph is graph
    document.update_edge("e2", target="tregs")
    assert cache.graph is not graph
    assert cache.graph.ends["e2"] == ("pd-1", "tregs")


def test_plain_cache_without_a_document() -> None:
    cmap = ConceptMap(nodes=[Node(id="a", label="A")])
    cache = GraphCache(lambda: cmap)
    assert len(cache.graph) == 1
    cmap.nodes.append(Node(id="b", label="B"))
    cache.invalidate()
    assert len(cache.graph) == 2 and cache.version == 1


def test_importing_graph_loads_neither_qt_nor_networkx() -> None:
    code = (
        "import sys, mapviewer.graph\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'networkx')))"
    )
    assert run_python(code) == "[]"
