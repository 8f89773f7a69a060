"""Do the map's quotes still match their sources? The check behind `mapviewer check`; no Qt.

A quote may differ from its source only in runs of whitespace. When it does not match (someone
edited the quote, or the source text changed), the finding carries the closest passage so the
person fixing it sees what the source says now.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from mapviewer.model import ConceptMap, Quote, edge_sentence
from mapviewer.quotes import closest_passage, locate
from mapviewer.sources import SourceTexts

EXCERPT = 160


@dataclass(frozen=True)
class QuoteFinding:
    """One quote that cannot be found in the text it cites."""

    where: str  # e.g. nodes[id=pd-1].quotes[0]
    owner: str  # the concept's label or the link's proposition
    source_id: str
    quote: str
    reason: str
    passage: str = ""  # the closest passage of the source, if the source could be read
    similarity: float = 0.0

    def describe(self) -> str:
        text = f"{self.where}: {self.reason} ({self.owner})"
        if self.passage:
            text += f"; closest passage ({self.similarity:.0%} alike): “{self.passage}”"
        return text


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def check_quote(quote: Quote, texts: SourceTexts) -> tuple[str, str, float] | None:
    """None when the quote is found; else (reason, closest passage, similarity). A blocked
    source's text is never read, so nothing of it (no closest passage) can be printed."""
    text = texts.text(quote.source)
    if text is None:
        status = texts.status(quote.source)
        if status.state == "blocked":
            reason = f"source '{quote.source}' is blocked (its file is outside the map's folder)"
            return reason, "", 0.0
        if status.state == "unreadable":
            return f"source file {status.path} cannot be read: {status.reason}", "", 0.0
        return f"source '{quote.source}' has no readable text file", "", 0.0
    if locate(quote.text, text) is not None:
        return None
    start, end, similarity = closest_passage(quote.text, text)
    return (
        f"quote no longer matches source '{quote.source}'",
        _excerpt(text[start:end]),
        similarity,
    )


def _quoted(cmap: ConceptMap) -> list[tuple[str, str, list[Quote]]]:
    """(where, owner, quotes) for every concept, link and tour step: what check_map checks and
    what the summary counts, from one list so the two cannot disagree."""
    labels = cmap.labels()
    owners: list[tuple[str, str, list[Quote]]] = []
    for node in cmap.nodes:
        owners.append((f"nodes[id={node.id}]", node.label, node.quotes))
    for edge in cmap.edges:
        owners.append((f"edges[id={edge.id}]", edge_sentence(labels, edge), edge.quotes))
    for tour in cmap.tours:
        for index, step in enumerate(tour.steps):
            if step.quote is not None:
                # Numbered from 1, as the Tours dock shows them.
                where = f"tours[id={tour.id}] step {index + 1}"
                owners.append((where, step.title or tour.title, [step.quote]))
    return owners


def count_quotes(cmap: ConceptMap) -> int:
    """How many quotes check_map checks: those of concepts, links and tour steps."""
    return sum(len(quotes) for _, _, quotes in _quoted(cmap))


def check_map(
    cmap: ConceptMap, map_path: Path | None, allow_outside: bool = False
) -> list[QuoteFinding]:
    """Every quote of concepts, links and tour steps that is not in its source; texts outside
    the map's folder are read only with ``allow_outside``."""
    return _check(cmap, SourceTexts(cmap, map_path, allow_outside))


def _check(cmap: ConceptMap, texts: SourceTexts) -> list[QuoteFinding]:
    findings = []
    for where, owner, quotes in _quoted(cmap):
        for index, quote in enumerate(quotes):
            problem = check_quote(quote, texts)
            if problem is not None:
                reason, passage, similarity = problem
                place = f"{where} quote" if "] step " in where else f"{where}.quotes[{index}]"
                finding = QuoteFinding(
                    place, owner, quote.source, quote.text, reason, passage, similarity
                )
                findings.append(finding)
    return findings


def check_files(paths: list[Path], allow_outside: bool = False) -> int:
    """`mapviewer check`: one line per stale quote and per blocked source; exit 1 if any file
    has one or cannot load. A source file outside the map's folder is not read (a map could
    otherwise print a passage of /etc/passwd or the environment) unless ``allow_outside``."""
    from mapviewer.io.registry import open_map  # noqa: PLC0415
    from mapviewer.problems import MapFileError  # noqa: PLC0415

    failed = 0
    for path in paths:
        try:
            cmap = open_map(path)
        except MapFileError as error:
            failed += 1
            print(error)
            continue
        texts = SourceTexts(cmap, path.resolve(), allow_outside)
        blocked = texts.blocked()
        for source, _ in blocked:
            print(
                f"{path}: sources[id={source.id}]: file '{source.file}' is outside the map's "
                "folder; blocked (pass --allow-outside to read it)"
            )
        findings = _check(cmap, texts)
        for finding in findings:
            print(f"{path}: {finding.describe()}")
        if findings or blocked:
            failed += 1
        total = count_quotes(cmap)
        matching = total - len(findings)
        print(f"{path}: {matching} of {total} quotes match their sources", file=sys.stderr)
    return 1 if failed else 0
