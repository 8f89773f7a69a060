"""Search finds what people mean: case, punctuation, aliases and typos forgiven; ranked sensibly."""

from __future__ import annotations

import pytest

from mapviewer.io.mapfile import load
from mapviewer.paths import DEFAULT_MAP
from mapviewer.search import SearchIndex, edit_distance

from .conftest import DATA


@pytest.fixture(scope="module")
def sample() -> SearchIndex:
    return SearchIndex(load(DATA / "sample.json"))


@pytest.fixture(scope="module")
def default() -> SearchIndex:
    return SearchIndex(load(DEFAULT_MAP))


def first(index: SearchIndex, query: str) -> str | None:
    hits = index.search(query)
    return hits[0].node_id if hits else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pembro", "pembrolizumab"),
        ("PEMBROLIZUMAB", "pembrolizumab"),
        ("keytruda", "pembrolizumab"),  # alias
        ("keytrda", "pembrolizumab"),  # a typo in an alias
        ("pd1", "pd-1"),  # punctuation ignored
        ("PD 1", "pd-1"),
        ("tregs", "tregs"),
        ("regulatory", "tregs"),
        ("reg t", "tregs"),  # word prefixes
        ("ctla4", "ctla-4"),
    ],
)
def test_queries_find_the_concept_meant(sample: SearchIndex, query: str, expected: str) -> None:
    assert first(sample, query) == expected


def test_exact_label_outranks_prefix_and_alias(sample: SearchIndex) -> None:
    hits = sample.search("t cells")
    assert hits[0].node_id == "t-cells"
    assert {h.node_id for h in hits} >= {"t-cells", "tregs"}


def test_nonsense_and_empty_queries_find_nothing(sample: SearchIndex) -> None:
    assert sample.search("") == []
    assert sample.search("  -- ") == []
    assert sample.search("zzzzqq") == []


def test_alias_hits_say_which_alias_matched(sample: SearchIndex) -> None:
    [hit] = [h for h in sample.search("keytruda") if h.node_id == "pembrolizumab"]
    assert hit.field == "alias" and hit.text == "Keytruda"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("keytruda", "pembrolizumab"), ("tregs", "tregs"), ("tme", "tumour-microenvironment")],
)
def test_default_map_aliases(default: SearchIndex, query: str, expected: str) -> None:
    ids = [h.node_id for h in default.search(query)[:3]]
    assert expected in ids


def test_edit_distance_counts_swaps_once() -> None:
    assert edit_distance("keytruda", "keytrdua", 2) == 1
    assert edit_distance("abc", "abc", 0) == 0
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # gave up above the limit


def test_descriptions_and_quotes_are_searched_with_context(default: SearchIndex) -> None:
    hits = {h.node_id: h for h in default.search("exhausted")}
    assert "tils" in hits
    tils = hits["tils"]
    assert tils.field == "description"
    assert tils.text[tils.start : tils.end].casefold() == "exhausted"


def test_a_quote_only_match_shows_the_quote_around_the_match(default: SearchIndex) -> None:
    [hit] = [h for h in default.search("apheresis") if h.field == "quote"][:1] or [None]
    if hit is None:  # the word is also a label in the map: then the label wins, as it should
        assert default.search("apheresis")[0].field in {"label", "alias"}
        return
    assert "apheresis" in hit.text.casefold()


def test_names_outrank_descriptions(default: SearchIndex) -> None:
    hits = default.search("melanoma")
    assert hits[0].node_id == "melanoma" and hits[0].field == "label"
    assert any(h.field in {"description", "quote"} for h in hits[1:])


def test_letters_typed_in_capitals_are_an_acronym_otherwise_the_start_of_a_name() -> None:
    """On a 20k map "Kin" listed "Kynurenine interferon naive" (its initials) above "Kinase"."""
    from mapviewer.model import ConceptMap, Node  # noqa: PLC0415

    index = SearchIndex(
        ConceptMap(
            title="Kinases",
            nodes=[
                Node(id="k", label="Kynurenine interferon naive", x=0, y=0),
                Node(id="a", label="Kinase", x=0, y=100),
                Node(id="w", label="Protein kinase inhibitor", x=0, y=200),
            ],
        )
    )
    assert [hit.node_id for hit in index.search("Kin")][:2] == ["a", "k"]
    assert index.search("KIN")[0].node_id == "k"
    # Typed in lower case, initials still rank above a word's start inside a name.
    assert [hit.node_id for hit in index.search("kin")] == ["a", "k", "w"]


def test_a_short_word_of_the_query_counts_as_a_whole_word(default: SearchIndex) -> None:
    """ "pd-1 antibody" listed Trastuzumab and Rituximab first (antibodies, against HER2 and
    CD20), "pd" and "1" being left out as too short to search texts by; and Enter opened
    Trastuzumab. Now they count as whole words."""
    cmap = load(DEFAULT_MAP)
    labels = cmap.labels()
    for query in ("pd-1 antibody", "antibody pd-1"):
        found = [labels[h.node_id] for h in default.search(query, 12)]  # as the field asks
        assert found[:2] == ["Pembrolizumab", "Nivolumab"], (query, found)
        assert "Trastuzumab" not in found and "Rituximab" not in found


def test_words_no_one_concept_holds_all_of_find_those_holding_most(default: SearchIndex) -> None:
    """ "checkpoint inhibitors melanoma" found nothing ("No concept matches"): no name, quote or
    description holds all three words. The concepts holding most of them come instead."""
    cmap = load(DEFAULT_MAP)
    labels = cmap.labels()
    found = [labels[h.node_id] for h in default.search("checkpoint inhibitors melanoma", 12)]
    assert "Melanoma" in found[:3] and "Immune checkpoint inhibitors" in found[:3]
    assert labels[default.search("anti pd1", 12)[0].node_id] == "PD-1"
    assert default.search("xqzv wqpz", 12) == []
