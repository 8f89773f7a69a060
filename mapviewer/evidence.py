"""What backs each concept and link: its quotes, their sources, and whether they still match;
no Qt.

A person reading a map needs to know which claims rest on a source and which do not, and a
quote that no longer matches its source is worse than none: it shows words the source no longer
says. The evidence dock, the stale-quotes bar, the Tours dock and F5 all ask the questions here,
and every quote is checked by ``mapviewer.quotecheck.check_quote`` through ``QuoteChecks``, so
the window and ``mapviewer check`` cannot disagree about a quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from mapviewer.model import ConceptMap, Quote, Source, Tour, edge_sentence
from mapviewer.quotecheck import check_quote
from mapviewer.sources import SourceTexts

State = Literal["quoted", "unquoted", "stale"]
STATES: tuple[State, ...] = ("quoted", "unquoted", "stale")


class QuoteChecks:
    """The one place the window checks quotes: each (source, words) once, until the sources'
    texts change (then make a new one with the new texts). A map quotes the same sentence from
    several items, and the synthetic 5k map's 11 000 quotes hold 400 sentences."""

    def __init__(self, texts: SourceTexts) -> None:
        self.texts = texts
        self._found: dict[tuple[str, str], bool] = {}

    def unchecked(self, quotes: Iterable[Quote]) -> list[Quote]:
        """Those of ``quotes`` not checked yet, each (source, words) once: what a worker thread
        checks before the window asks (a stale quote costs its closest passage, some 15 ms)."""
        found = self._found
        wanted = {(q.source, q.text): q for q in quotes if (q.source, q.text) not in found}
        return list(wanted.values())

    def is_stale(self, quote: Quote) -> bool:
        """The quote is not in its source's text, or that text is missing or unreadable. A
        source blocked because it lies outside the map's folder is not counted: the person has
        not yet said whether it may be read, and the trust bar asks."""
        key = (quote.source, quote.text)
        found = self._found.get(key)
        if found is None:
            found = (
                check_quote(quote, self.texts) is None or self.texts.status(quote.source).blocked
            )
            self._found[key] = found
        return not found


@dataclass(frozen=True)
class ItemEvidence:
    """One concept or link as the evidence dock lists it."""

    kind: str  # "node" or "edge"
    ident: str
    name: str  # the concept's label or the link's proposition
    quotes: int
    sources: tuple[str, ...]  # source ids, in the order the item first quotes them
    stale: int  # how many of its quotes no longer match

    @property
    def state(self) -> State:
        if self.stale:
            return "stale"
        return "quoted" if self.quotes else "unquoted"


def _evidence(
    kind: str, ident: str, name: str, quotes: list[Quote], checks: QuoteChecks
) -> ItemEvidence:
    sources = tuple(dict.fromkeys(q.source for q in quotes))
    stale = sum(checks.is_stale(q) for q in quotes)
    return ItemEvidence(kind, ident, name, len(quotes), sources, stale)


def map_evidence(cmap: ConceptMap, checks: QuoteChecks) -> list[ItemEvidence]:
    """Every concept, then every link, in map order. A group is a frame round its members and
    claims nothing of its own: it is not listed (the default map's 13 theme frames were
    counted "unquoted", though every concept and link in it quotes its sources)."""
    labels = cmap.labels()
    groups = {n.parent for n in cmap.nodes if n.parent is not None}
    rows = [
        _evidence("node", n.id, n.label, n.quotes, checks) for n in cmap.nodes if n.id not in groups
    ]
    rows += [
        _evidence("edge", e.id, edge_sentence(labels, e), e.quotes, checks) for e in cmap.edges
    ]
    return rows


def stale_steps(tour: Tour, checks: QuoteChecks) -> list[int]:
    """Indices (from 0) of the tour's steps whose caption quote no longer matches."""
    return [i for i, s in enumerate(tour.steps) if s.quote is not None and checks.is_stale(s.quote)]


def all_quotes(cmap: ConceptMap) -> list[Quote]:
    """The quotes of concepts, links and tour steps: what ``mapviewer check`` checks."""
    quotes: list[Quote] = [q for n in cmap.nodes for q in n.quotes]
    quotes += [q for e in cmap.edges for q in e.quotes]
    quotes += [s.quote for t in cmap.tours for s in t.steps if s.quote is not None]
    return quotes


def count_stale(cmap: ConceptMap, checks: QuoteChecks) -> int:
    """Stale quotes of concepts, links and tour steps, as ``mapviewer check`` reports them."""
    return sum(checks.is_stale(q) for q in all_quotes(cmap))


def lost_texts(cmap: ConceptMap, checks: QuoteChecks) -> tuple[int, list[str]]:
    """Of the stale quotes, how many are so because their source's text is missing or cannot
    be read, and those sources' files: no words of theirs changed, the file is not there."""
    files = {s.id: s.file or s.title for s in cmap.sources}
    lost: dict[str, str] = {}
    count = 0
    for quote in all_quotes(cmap):
        if checks.is_stale(quote) and checks.texts.text(quote.source) is None:
            count += 1
            lost[quote.source] = files.get(quote.source) or quote.source
    return count, list(lost.values())


def stale_owners(cmap: ConceptMap, checks: QuoteChecks) -> tuple[list[str], list[str]]:
    """The sources (“title” (file)) whose texts no longer hold a quote of the map, and the
    concepts, links and tour steps holding those quotes, each once, in map order: what the
    stale-quotes bar names (it said "2 quotes no longer match their source", and not which).
    Quotes whose text is missing are ``lost_texts``'s, not these."""
    sources = {s.id: s for s in cmap.sources}
    labels = cmap.labels()
    owners: list[tuple[str, list[Quote]]] = [(n.label, n.quotes) for n in cmap.nodes]
    owners += [(edge_sentence(labels, e), e.quotes) for e in cmap.edges]
    owners += [
        (f"step {i + 1} of “{t.title or t.id}”", [s.quote])
        for t in cmap.tours
        for i, s in enumerate(t.steps)
        if s.quote is not None
    ]
    named: dict[str, None] = {}
    held: dict[str, None] = {}
    for name, quotes in owners:
        for quote in quotes:
            if checks.is_stale(quote) and checks.texts.text(quote.source) is not None:
                named[name] = None
                held[quote.source] = None
    return [_source_name(sources.get(s), s) for s in held], list(named)


def _source_name(source: Source | None, source_id: str) -> str:
    if source is None:
        return f"“{source_id}”"
    title = source.title or source.id
    file = PurePath(source.file).name if source.file else ""
    return f"“{title}” ({file})" if file and file != title else f"“{title}”"


@dataclass(frozen=True)
class Support:
    """What "Show only what this source supports" shows: ``nodes`` and ``edges`` quote the
    source and are drawn fully; ``faint_nodes`` and ``faint_edges`` are their neighbours, drawn
    faintly so the quoted items keep their context; everything else is hidden."""

    nodes: frozenset[str]
    edges: frozenset[str]
    faint_nodes: frozenset[str]
    faint_edges: frozenset[str]

    @property
    def shown_nodes(self) -> set[str]:
        return set(self.nodes | self.faint_nodes)

    @property
    def shown_edges(self) -> set[str]:
        return set(self.edges | self.faint_edges)


def _quotes_from(quotes: Iterable[Quote], source_id: str) -> bool:
    return any(q.source == source_id for q in quotes)


def source_support(cmap: ConceptMap, source_id: str) -> Support:
    """The one rule both "Show only what this source supports" controls follow: concepts and
    links quoted from the source, and their neighbours (the other ends of a quoted concept's
    links and the ends of a quoted link, with the links joining them to a quoted concept) only
    faintly. A link quoted only from other sources is never drawn fully."""
    nodes = {n.id for n in cmap.nodes if _quotes_from(n.quotes, source_id)}
    edges = {e.id for e in cmap.edges if _quotes_from(e.quotes, source_id)}
    faint_nodes: set[str] = set()
    faint_edges: set[str] = set()
    for edge in cmap.edges:
        if edge.id in edges:
            faint_nodes |= {edge.source, edge.target}
        elif edge.source in nodes or edge.target in nodes:
            faint_nodes |= {edge.source, edge.target}
            faint_edges.add(edge.id)
    return Support(
        frozenset(nodes),
        frozenset(edges),
        frozenset(faint_nodes - nodes),
        frozenset(faint_edges),
    )
