"""A yEd group's own inside (its GroupNode's y:Fill under the label's band) drawn and exported
as yEd has it: react-app-archetype's groups are #F2F0D8 under #B7B69E headers in yEd's
picture, and had opened as a faint tint of the header's colour."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QColor

from mapviewer.io import html, xmlsafe
from mapviewer.io.registry import open_map, save_map

from .conftest import DATA, imported_window
from .test_editing import screen_pos

ARCHETYPE = DATA / "interop" / "yed-react-archetype.graphml"
Y = "{http://www.yworks.com/xml/graphml}"
INSIDE = "#F2F0D8"


def test_a_yed_groups_inside_is_drawn_in_its_own_fill(qtbot) -> None:
    win = imported_window(qtbot, ARCHETYPE, (1400, 1000))
    (proxy,) = (n for n in win.document.cmap.nodes if n.label == "rest-api-proxy (easer)")
    frame = win.scene.node_items[proxy.id].scene_box()
    corner = screen_pos(win, frame.left() + 5, frame.bottom() - 5)  # no member there
    seen = win.view.grab().toImage().pixelColor(corner)
    wanted = QColor(INSIDE)
    assert max(abs(seen.red() - wanted.red()), abs(seen.green() - wanted.green())) <= 3
    assert abs(seen.blue() - wanted.blue()) <= 3, seen.name()  # a tint had been #F2F2ED
    assert (proxy.color, proxy.inside_color) == ("#B7B69E", INSIDE)  # the band, the inside


def test_a_yed_groups_inside_goes_back_to_yed_and_the_page(tmp_path: Path) -> None:
    cmap = open_map(ARCHETYPE)
    yed = tmp_path / "back.graphml"
    save_map(cmap, yed)
    root = xmlsafe.parse(yed, None).root  # type: ignore[arg-type]
    opened = [
        next(group.iter(f"{Y}Fill")).get("color")
        for realizers in root.iter(f"{Y}Realizers")
        for group in list(realizers)[:1]  # the open group, as yEd draws it
    ]
    assert opened == [INSIDE] * 10
    again = tmp_path / "again.json"  # the map file and our own GraphML keep it too
    save_map(open_map(yed), again)
    assert {n.inside_color for n in open_map(again).nodes if n.inside_color} == {INSIDE}
    page = tmp_path / "page.html"
    html.save(cmap, page)
    frames = [n for n in html.page_data(cmap)["nodes"] if n.get("inside")]
    assert len(frames) == 10 and {n["inside"] for n in frames} == {INSIDE}
    assert json.dumps(INSIDE) in page.read_text(encoding="utf-8")
