"""Every map shipped in maps/ loads cleanly and quotes its sources word for word.

Students read the quotes as the sources' own words, so each one must be found in the text of the
document it cites (only whitespace may differ) and must read as a statement on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io.mapfile import dumps, load
from mapviewer.model import ConceptMap, Quote
from mapviewer.quotes import locate, standalone_problem
from mapviewer.sources import SourceTexts

MAPS_DIR = Path(__file__).resolve().parent.parent / "maps"
MAP_FILES = sorted(MAPS_DIR.glob("*.json"))
MIN_QUOTED_LINKS = 0.90

per_map = pytest.mark.parametrize("path", MAP_FILES, ids=[p.name for p in MAP_FILES])


def _quotes(cmap: ConceptMap) -> list[tuple[str, Quote]]:
    """Each quote with the place that holds it, e.g. ``concept pd-1`` or ``link pd-1-binds-...``."""
    found = [(f"concept {n.id}", q) for n in cmap.nodes for q in n.quotes]
    found += [(f"link {e.id}", q) for e in cmap.edges for q in e.quotes]
    return found


def _name(path: Path, where: str, quote: Quote) -> str:
    words = quote.text.split()
    start = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    return f"{path.name}: {where} [{quote.source}] “{start}”"


def _source_texts(path: Path, cmap: ConceptMap) -> dict[str, str]:
    """The reading texts (Markdown rendered), as the app and ``mapviewer check`` match quotes."""
    texts = SourceTexts(cmap, path)
    found = {s.id: texts.text(s.id) for s in cmap.sources if s.file}
    return {k: v for k, v in found.items() if v is not None}


def test_there_are_maps_to_check():
    assert any(p.name == "immunotherapy.json" for p in MAP_FILES)


@per_map
def test_map_loads_without_problems(path: Path):
    cmap = load(path)  # raises MapFileError listing every problem
    assert cmap.nodes, f"{path.name} has no concepts"


@per_map
def test_resaving_reproduces_the_file_byte_for_byte(path: Path):
    assert dumps(load(path)) == path.read_text(encoding="utf-8")


@per_map
def test_every_source_has_title_citation_and_file(path: Path):
    cmap = load(path)
    bad = []
    for source in cmap.sources:
        if not source.title.strip():
            bad.append(f"{path.name}: source {source.id} has no title")
        if not source.citation.strip():
            bad.append(f"{path.name}: source {source.id} has no citation")
        if not source.file:
            bad.append(f"{path.name}: source {source.id} names no file")
        elif not (path.parent / source.file).is_file():
            bad.append(f"{path.name}: source {source.id} file {source.file} does not exist")
    assert not bad, "\n".join(bad)


@per_map
def test_every_concept_has_a_quote(path: Path):
    """Every concept, except the frames that group a theme's concepts: a frame's title names
    the theme and claims nothing, and it has no links."""
    cmap = load(path)
    frames = {n.parent for n in cmap.nodes if n.parent}
    assert not [e.id for e in cmap.edges if e.source in frames or e.target in frames]
    bare = [n.id for n in cmap.nodes if not n.quotes and n.id not in frames]
    assert not bare, f"{path.name}: concepts without a quote: {', '.join(bare)}"


@per_map
def test_most_links_have_a_quote(path: Path):
    cmap = load(path)
    if not cmap.edges:
        return
    bare = [e.id for e in cmap.edges if not e.quotes]
    share = 1 - len(bare) / len(cmap.edges)
    assert share >= MIN_QUOTED_LINKS, (
        f"{path.name}: only {share:.0%} of links are quoted; unquoted: {', '.join(bare)}"
    )


@per_map
def test_every_quote_is_found_in_its_source(path: Path):
    cmap = load(path)
    texts = _source_texts(path, cmap)
    missing = [
        _name(path, where, quote)
        for where, quote in _quotes(cmap)
        if quote.source not in texts or locate(quote.text, texts[quote.source]) is None
    ]
    assert not missing, "quotes not found word for word in the source they cite:\n" + "\n".join(
        missing
    )


@per_map
def test_every_quote_stands_alone(path: Path):
    cmap = load(path)
    fragments = []
    for where, quote in _quotes(cmap):
        problem = standalone_problem(quote.text)
        if problem:
            fragments.append(f"{_name(path, where, quote)}: {problem}")
    assert not fragments, "quotes too short to stand alone:\n" + "\n".join(fragments)
