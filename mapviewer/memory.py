"""Will a map fit in memory once drawn? Asked before a window, a render or an export builds the
scene, so a map too big for this machine is refused with a sentence instead of the process being
killed (a 100k-concept map of random long links once grew to 3.7 GB and crashed).

The figures are what drawing costs here: the 20k synthetic map (20,000 concepts, 28,000 links)
peaks at 663 MB in the window (bench/run.py), 90 MB of which is Python and Qt before any map;
rendering a 100k-concept clustered map with 5 % long links to PNG peaked at 4.2 GB. The window
makes fewer items for a big map than a render does: its link items only where the view looks
once a map has LINK_ITEMS_UP_TO links (mapviewer.scene.mapscene), and the 100k map then peaked
at 1.43 GB in the window (bench/run.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError, Problem

BASE = 100 * 2**20  # Python, Qt and the window, before any map
PER_CONCEPT = 36 * 2**10  # the concept's item, its label layout, caches and index entries
PER_LINK = 6 * 2**10  # the link's item, its path and its index entries
# A window makes every link's item up to this many links, and beyond it only those near what
# the view shows (about a screenful: counted as none here, as the link in the model is).
LINK_ITEMS_UP_TO = 50_000
WINDOW_PER_CONCEPT = 20 * 2**10  # the concept in the model and its item, as the window has them
WINDOW_PER_LINK = 2**10  # a link in the model, with or without its item
HEADROOM = 1.25  # what the estimate leaves for the rest of the system and for error
MEMINFO = Path("/proc/meminfo")


def needed_bytes(cmap: ConceptMap, window: bool = False) -> int:
    """About how much memory showing ``cmap`` takes, from its counts (a generous estimate): in
    a window (``window``), or drawn whole (a render, an export)."""
    nodes, edges = len(cmap.nodes), len(cmap.edges)
    if not window:
        return BASE + nodes * PER_CONCEPT + edges * PER_LINK
    items = edges if edges < LINK_ITEMS_UP_TO else 0
    return BASE + nodes * WINDOW_PER_CONCEPT + edges * WINDOW_PER_LINK + items * PER_LINK


def available_bytes() -> int | None:
    """Memory the kernel says a new allocation can have (MemAvailable), or None where it does
    not say; then nothing is refused."""
    try:
        with MEMINFO.open(encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def ensure_fits(cmap: ConceptMap, path: str | os.PathLike[str], window: bool = False) -> None:
    """Raise the app's own error, naming the file, when ``cmap`` would not fit in memory
    (``window``: shown in the window, see needed_bytes)."""
    free = available_bytes()
    needed = needed_bytes(cmap, window)
    if free is None or needed * HEADROOM <= free:
        return
    message = (
        f"{len(cmap.nodes):,} concepts and {len(cmap.edges):,} links need about "
        f"{_gb(needed)} of memory to show, and this computer has {_gb(free)} free: "
        "close other programs, or open a part of the map"
    )
    raise MapFileError(str(path), [Problem(str(path), message)])


def _gb(size: int) -> str:
    return f"{size / 2**30:.1f} GB"
