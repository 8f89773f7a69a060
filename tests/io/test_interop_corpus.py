"""Every file of the shared interop corpus (../shared/interop, see its SOURCES.md) opens, with
the concept and link counts that SOURCES.md implies.

How the expected numbers were derived from SOURCES.md (and checked by reading the files):
- CXL: SOURCES counts "nodes" as concepts + linking phrases and "edges" as connections. Here
  concepts stay concepts and each proposition (concept -> phrase -> concept) is one link, so
  links = sum over phrases of (incoming concepts x outgoing concepts). Every phrase in these
  files has at least one connection on each side, so no phrase is kept as a concept.
  bacterial-characteristics: 75 concepts, 59 phrases, 141 connections -> 82 propositions.
  vs-sysbp-metamodel3: 23 concepts, 22 phrases, 44 connections -> 22 propositions.
  plants-ihmc-annotated: 3 concepts (one is the nested node "Nested Node"), 1 phrase "have"
  with no id. SOURCES says "~0 propositions" because it matched connections by id; the IHMC
  sample uses the label as a placeholder id (from-id="have"), which mapviewer follows, so
  Plants -have-> Leaves is 1 link.
- Canvas: every node (text, file, link and group) is a concept; every edge a link. The
  labelled-edge counts (0, 2, 6) are checked too.
- Cytoscape, GraphML, GEXF, JGF: nodes and edges one to one, as SOURCES lists them.
  compound-elements-array: 28 nodes of which 19 have a parent (their Node.parent).
  car-graphs-multi: "7 in 2 graphs", 4 edges: graph 1 has 4 nodes and 2 edges, graph 2 has
  3 nodes and 2 edges (the same edge twice, kept twice).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io.registry import graph_choices, open_map

from ..conftest import INTEROP, needs_shared

# saved path: (concepts, links, labelled links or None when not checked)
EXPECTED: dict[str, tuple[int, int, int | None]] = {
    "cxl/bacterial-characteristics.cxl": (75, 82, 82),
    "cxl/vs-sysbp-metamodel3.cxl": (23, 22, 22),
    "cxl/plants-ihmc-annotated.cxl": (3, 1, 1),
    "canvas/jsoncanvas-sample.canvas": (5, 1, 0),
    "canvas/stardust-solid-aurora-overview.canvas": (63, 2, 2),
    "canvas/stardust-install-process.canvas": (12, 13, 6),
    "cytoscape/genemania-export.cyjs": (31, 255, None),
    "cytoscape/tca-cycle-kegg.cyjs": (66, 139, None),
    "cytoscape/compound-elements-array.json": (28, 35, None),
    "graphml/scibot-workflow-paper-id.graphml": (51, 70, None),
    "graphml/scibot-architecture.graphml": (10, 19, None),
    "graphml/biocypher-biolink-ontology.graphml": (296, 295, None),
    "gexf/les-miserables-gephi081.gexf": (77, 254, None),
    "gexf/us-airports-gephi093.gexf": (235, 1297, None),
    "gexf/les-miserables-gephilite.gexf": (77, 254, None),
    "jgf/bel-test-network.json": (9, 8, 8),
    "jgf/les-miserables.json": (77, 254, None),
    "jgf/car-graphs-multi.json": (4, 2, 2),  # the first graph; the second is tested below
}

pytestmark = needs_shared(INTEROP)


def corpus_files() -> list[str]:
    if not INTEROP.exists():
        return []
    return sorted(
        str(p.relative_to(INTEROP)) for p in INTEROP.rglob("*") if p.is_file() and p.suffix != ".md"
    )


def test_every_corpus_file_has_an_expectation() -> None:
    assert corpus_files() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_opens_with_the_expected_counts(name: str) -> None:
    concepts, links, labelled = EXPECTED[name]
    cmap = open_map(INTEROP / name)  # how fast: bench/io_speed.py, beside the stdlib parsers
    assert (len(cmap.nodes), len(cmap.edges)) == (concepts, links)
    if labelled is not None:
        assert sum(1 for e in cmap.edges if e.label) == labelled
    assert cmap.title and Path(name).name in cmap.description
    assert all(n.label for n in cmap.nodes)


def test_positions_and_kinds_where_the_files_have_them() -> None:
    placed = {
        name: sum(n.placed for n in open_map(INTEROP / name).nodes)
        for name in (
            "cxl/bacterial-characteristics.cxl",
            "gexf/us-airports-gephi093.gexf",
            "cytoscape/tca-cycle-kegg.cyjs",
            "graphml/scibot-workflow-paper-id.graphml",
            "canvas/stardust-install-process.canvas",
            "jgf/bel-test-network.json",
        )
    }
    assert placed == {
        "cxl/bacterial-characteristics.cxl": 75,
        "gexf/us-airports-gephi093.gexf": 235,
        "cytoscape/tca-cycle-kegg.cyjs": 66,
        "graphml/scibot-workflow-paper-id.graphml": 51,
        "canvas/stardust-install-process.canvas": 12,
        "jgf/bel-test-network.json": 9,
    }
    assert not any(
        n.placed for n in open_map(INTEROP / "graphml/biocypher-biolink-ontology.graphml").nodes
    )
    tca = open_map(INTEROP / "cytoscape/tca-cycle-kegg.cyjs")
    assert sorted(k.label for k in tca.kinds) == ["compound", "gene", "map", "ortholog"]
    genemania = open_map(INTEROP / "cytoscape/genemania-export.cyjs")
    assert {k.label for k in genemania.kinds} == {"query", "result"}
    assert "MED6" in {n.label for n in genemania.nodes}  # gene_name, not the internal name


def test_compound_nodes_and_the_second_car_graph() -> None:
    compound = open_map(INTEROP / "cytoscape/compound-elements-array.json")
    assert sum(1 for n in compound.nodes if n.parent) == 19
    path = INTEROP / "jgf/car-graphs-multi.json"
    choices = graph_choices(path)
    assert choices is not None and len(choices) == 2
    second = open_map(path, graph=choices[1][0])
    assert (len(second.nodes), len(second.edges)) == (3, 2)
    first = open_map(path)
    assert len(first.nodes) + len(second.nodes) == 7 and len(first.edges) + len(second.edges) == 4
