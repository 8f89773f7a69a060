"""Real files from yEd, Obsidian and CmapTools open looking as they did in their own tools:
group frames with the header, colours and title placement the file gives them, and CmapTools'
own line colours."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mapviewer.io import cxl

from ..conftest import INTEROP, needs_shared
from .test_interop_looks import drawn_colours

shared = needs_shared(INTEROP)
BACTERIA = INTEROP / "cxl/bacterial-characteristics.cxl"
METAMODEL = INTEROP / "cxl/vs-sysbp-metamodel3.cxl"


# --- CmapTools --------------------------------------------------------------------------------


@shared
def test_cmaptools_black_lines_open_black_and_go_back_black(qapp, tmp_path: Path) -> None:
    """CmapTools draws the lines its connection styles give: 78 of the bacterial
    characteristics' 82 links and all 22 of the metamodel's black, 4 red. The black ones opened
    in mapviewer's grey, like the file's dotted ones, and went back without a colour."""
    for path, black, red in ((BACTERIA, 78, 4), (METAMODEL, 22, 0)):
        colours = Counter(drawn_colours(cxl.load(path)).values())
        assert (colours["#000000"], colours["#FF0000"]) == (black, red)
        out = tmp_path / path.name
        cxl.save(cxl.load(path), out)
        assert Counter(e.color for e in cxl.load(out).edges)["#000000"] == black
