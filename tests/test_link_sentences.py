"""A link reads the same as a sentence wherever it is shown: Details, Source, tooltips, Find Path,
check's report, captions and the screen reader."""

from __future__ import annotations

from mapviewer.model import ConceptMap, Edge, Node, edge_sentence, proposition, spoken_sentence

CMAP = ConceptMap(
    nodes=[Node(id="pd-1", label="PD-1"), Node(id="t", label="T cells")],
    edges=[Edge(id="e", source="pd-1", target="t", label="sits on")],
)


def test_written_and_spoken_forms() -> None:
    edge = CMAP.edges[0]
    assert edge_sentence(CMAP.labels(), edge) == "PD-1 — sits on → T cells"
    assert spoken_sentence(CMAP.labels(), edge) == "PD-1 sits on T cells"


def test_a_link_without_a_phrase_still_reads() -> None:
    edge = CMAP.edges[0].model_copy(update={"label": ""})
    assert edge_sentence(CMAP.labels(), edge) == "PD-1 — linked to → T cells"
    assert spoken_sentence(CMAP.labels(), edge) == "PD-1 is linked to T cells"
    assert proposition("A", "", "B") == "A — linked to → B"


def test_a_missing_concept_is_named_by_its_id() -> None:
    edge = Edge(id="x", source="gone", target="t", label="binds")
    assert edge_sentence(CMAP.labels(), edge) == "gone — binds → T cells"
