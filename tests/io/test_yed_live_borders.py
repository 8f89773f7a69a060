"""yEd Live's node outlines open in the colour and dash its ShapeNodeStyle strokes give them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mapviewer.scene.style import DASH_PATTERNS

from ..conftest import DATA, imported_window
from .util import round_trip

SIMPLE = DATA / "interop" / "yed-live-simple.graphml"
SUBGRAPHS = DATA / "interop" / "yed-live-subgraphs.graphml"
BROWN = "#663800"


def pens(win) -> dict[str, tuple[str, list[float]]]:
    """Each concept's outline as its item paints it, by label: colour and dash pattern."""
    out = {}
    for node in win.document.cmap.nodes:
        pen = win.scene.node_items[node.id].style.pen
        dashes = list(pen.dashPattern()) if pen.style() != Qt.PenStyle.SolidLine else []
        out[node.label] = (pen.color().name().upper(), dashes)
    return out


def test_yed_live_boxes_are_outlined_in_their_strokes_brown(qtbot) -> None:
    """Both boxes' ShapeNodeStyle names a shared Stroke filled #663800: yEd Live draws them
    brown, as their links; they had opened in the theme's grey outline."""
    win = imported_window(qtbot, SIMPLE, (900, 700))
    assert pens(win) == {"Source with ports": (BROWN, []), "Target with ports": (BROWN, [])}


def test_yed_live_groups_are_framed_dashed_and_boxes_in_black(qtbot, tmp_path: Path) -> None:
    """The drone's two groups carry a dashed black stroke; its boxes none, which is yFiles'
    own black line, drawn so by yEd Live (they had opened in a pale grey from their fill)."""
    win = imported_window(qtbot, SUBGRAPHS)
    drawn = pens(win)
    for group in ("AIDA System", "Drone"):
        assert drawn[group][0] == "#000000"
        assert drawn[group][1] == list(DASH_PATTERNS["dash"])
    plain = [n for n in win.document.cmap.nodes if n.label not in ("AIDA System", "Drone")]
    assert len(plain) == 4
    assert all(drawn[n.label] == ("#000000", []) for n in plain)
    again = {n.label: n for n in round_trip(win.document.cmap, tmp_path, ".graphml").nodes}
    assert (again["Drone"].border_color, again["Drone"].border_dash) == ("#000000", "dash")
