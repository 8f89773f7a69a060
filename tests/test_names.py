"""Names made from a map: a link read as a sentence the same wherever it is shown (Details,
Source, tooltips, Find Path, check's report, captions, the screen reader), and ids from labels."""

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


def test_ids_from_names_follow_one_rule_everywhere() -> None:
    from mapviewer.ids import slug, unique  # noqa: PLC0415

    assert slug("Immune cell (NK)", "kind") == "immune-cell-nk"
    assert slug("Café au lait", "kind") == "cafe-au-lait"
    assert slug("免疫细胞", "kind") == "免疫细胞"  # other scripts stay readable
    assert slug("—", "tour") == "tour"
    assert unique("pd-1", {"pd-1"}, {"pd-1-2"}) == "pd-1-3"
