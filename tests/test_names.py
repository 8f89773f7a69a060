"""Names made from a map: a link read as a sentence the same wherever it is shown (Details,
Source, tooltips, Find Path, check's report, captions, the screen reader), and ids from labels."""

from __future__ import annotations

from mapviewer.io.mapfile import load
from mapviewer.model import (
    ConceptMap,
    Edge,
    Node,
    edge_sentence,
    proposition,
    said_mid_sentence,
    spoken_sentence,
)
from mapviewer.paths import DEFAULT_MAP

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


# Every concept of the default map whose label keeps its capital mid-sentence: acronyms and
# names (a capital or digit after the first letter), and "Fab fragment", which the concept's own
# description writes "the Fab fragment". Every other label is lowered ("immune cells").
KEPT_MID_SENTENCE = {
    "FDA", "CAR-T side effects", "PD-1", "PD-L1", "CTLA-4", "B7-1", "T cells", "T-cell activation",
    "PD-L1 expression", "T-cell dysfunction (exhaustion)", "CAR T-cell therapy",
    "T-cell receptors (TCRs)", "TCR T-cell therapy", "CD19", "B cells", "NK-cell therapies",
    "HER-2", "CD-20", "EGFR", "VEGF", "Fab fragment", "ADCC", "CDC", "Sipuleucel-T",
    "B-cell acute lymphoblastic leukaemia (ALL)",
}  # fmt: skip


def test_a_concept_is_said_mid_sentence_in_small_letters_unless_a_name() -> None:
    cmap = load(DEFAULT_MAP)
    said = {n.label: said_mid_sentence(n) for n in cmap.nodes}
    assert {label for label, words in said.items() if words == label} == KEPT_MID_SENTENCE
    lowered = {label: words for label, words in said.items() if words != label}
    assert all(w == k[0].lower() + k[1:] for k, w in lowered.items())  # only the first letter
    assert lowered["Immune cells"] == "immune cells"
    assert lowered["Killer T cells (CD8)"] == "killer T cells (CD8)"
    assert lowered["Pembrolizumab"] == "pembrolizumab"  # a drug's generic name is a common noun
    assert said_mid_sentence(Node(id="k", label="Keytruda", aliases=["Keytruda®"])) == "Keytruda"
    assert said_mid_sentence(Node(id="j", label="James Allison")) == "James Allison"
    assert said_mid_sentence(Node(id="e", label="")) == ""
