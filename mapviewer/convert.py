"""``mapviewer convert IN OUT [--graph G]``: any readable format to any writable one, by suffix.

Problems print one per line like ``mapviewer validate`` (``FILE:LINE:COL: message`` or
``FILE: where: message``) on stdout; the exit code is 0 or 1. After a conversion, stderr says
how many concepts and links were written and what the import dropped or flattened. Whatever
goes wrong, the person at the terminal gets a sentence, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from mapviewer.groups import concept_counts
from mapviewer.io import registry
from mapviewer.model import Node
from mapviewer.plural import counted
from mapviewer.problems import MapFileError, Problem
from mapviewer.sources import relocated


def note_choices(source: Path, graph: str | None, done: str = "converted") -> None:
    """Say so when a file held several graphs and the first was taken by default (``done``:
    what the command did with it)."""
    if graph is not None:
        return
    choices = registry.graph_choices(source)
    if choices:
        listed = ", ".join(f"{key!r} ({title})" for key, title in choices)
        print(
            f"{source}: holds {len(choices)} graphs; {done} the first. "
            f"Choose with --graph: {listed}",
            file=sys.stderr,
        )


def counts_line(nodes: Sequence[Node], links: int | None = None) -> str:
    """What a command wrote, counted as the window's status line counts it: a theme frame is
    no concept to a reader (convert said "174 concepts" of the default map, the window 161 and
    13 groups)."""
    counts = concept_counts(nodes) | ({} if links is None else {"links": links})
    return ", ".join(counted(number, name.removesuffix("s")) for name, number in counts.items())


def convert(source: Path, target: Path, graph: str | None) -> int:
    """Open ``source`` and save it as ``target``; 0 on success, 1 with the problems printed."""
    source, target = Path(source), Path(target)
    try:
        cmap, notes = registry.open_map_noting(source, graph=graph)
        registry.save_map(relocated(cmap, source.absolute(), target), target)
    except MapFileError as error:
        for problem in error.problems or [Problem(error.file, "cannot be converted")]:
            print(problem)
        return 1
    except OSError as exc:  # the target folder is missing, read-only, full...
        print(Problem(str(target), f"cannot write: {exc.strerror or exc}"))
        return 1
    except Exception as exc:  # a bug still deserves a sentence, not a traceback
        print(Problem(str(source), f"cannot be converted ({type(exc).__name__}: {exc})"))
        return 1
    note_choices(source, graph)
    print(f"{target}: {counts_line(cmap.nodes, len(cmap.edges))}", file=sys.stderr)
    for note in notes:  # what the import dropped or flattened, and how much
        print(f"{source}: {note}", file=sys.stderr)
    return 0
