"""Concept labels lettered bold, as mapviewer letters its own maps, or plain, as yEd, CmapTools,
Gephi, Cytoscape and Obsidian letter theirs and size their boxes for: Map > Concept Labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont

from mapviewer.document import Document
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map, save_map
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .io.util import round_trip

INTEROP = DATA / "interop"
YED = INTEROP / "yed-frame-nodes.graphml"  # antmicro's architecture: 18 labels fontStyle="plain"


def weight(scene: MapScene) -> QFont.Weight:
    return scene.theme.node_font.weight()


@pytest.mark.parametrize(
    "name",
    ["yed-frame-nodes.graphml", "small.cxl", "presets.canvas", "small-13.gexf", "small.cyjs"],
)
def test_other_tools_files_open_with_plain_labels(qapp, name: str) -> None:
    """Their boxes were made for plain type: in our demibold, antmicro's yEd blocks and small
    CmapTools boxes overflowed and overlapped their neighbours."""
    cmap = open_map(INTEROP / name)
    assert cmap.lettering == "plain"
    assert weight(MapScene(Document(cmap))) == QFont.Weight.Normal


def test_our_own_maps_and_a_yed_file_lettered_bold_stay_bold(qapp, tmp_path: Path) -> None:
    cmap = open_map(DEFAULT_MAP)
    assert cmap.lettering == "bold"
    assert weight(MapScene(Document(cmap))) == QFont.Weight.DemiBold
    bold = tmp_path / "bold.graphml"
    bold.write_text(
        YED.read_text(encoding="utf-8").replace('fontStyle="plain"', 'fontStyle="bold"'),
        encoding="utf-8",
    )
    assert open_map(bold).lettering == "bold"
    for suffix in (".cxl", ".graphml", ".gexf", ".cyjs", ".canvas"):  # and back, each way
        assert round_trip(cmap, tmp_path, suffix).lettering == "bold", suffix
        plain = cmap.model_copy(update={"lettering": "plain"})
        assert round_trip(plain, tmp_path, suffix).lettering == "plain", suffix


def labels_action(window: MainWindow, text: str) -> QAction:
    menu = next(
        a.menu() for a in window.map_menu.actions() if a.menu() and a.text() == "Concept La&bels"
    )
    return next(a for a in menu.actions() if a.text() == text)


def test_map_concept_labels_letters_them_bold_or_plain_in_one_undo_step(
    qtbot, tmp_path: Path
) -> None:
    """Chosen from the Map menu, every box is measured again in the new type; one Ctrl+Z
    takes it back, and the choice is saved with the map."""
    imported = tmp_path / "imported.json"
    save_map(open_map(INTEROP / "small.cxl"), imported)  # a CmapTools map, imported and saved
    window = open_window(qtbot, imported)
    document = window.document
    assert labels_action(window, "Plain").isChecked()
    groups = {n.parent for n in document.cmap.nodes}
    node = next(
        n for n in document.cmap.nodes if n.width is None and n.id not in groups and n.label
    )  # a box CmapTools fits to its label
    plain_width = window.scene.node_items[node.id].half_w
    labels_action(window, "Bold").trigger()
    assert document.cmap.lettering == "bold" and document.undo_stack.count() == 1
    assert weight(window.scene) == QFont.Weight.DemiBold
    assert window.scene.node_items[node.id].half_w > plain_width  # wider in bolder type
    assert labels_action(window, "Bold").isChecked()
    assert '"lettering"' not in dumps(document.cmap)  # bold is what a map is unless it says
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: document.cmap.lettering == "plain", timeout=10_000)
    assert weight(window.scene) == QFont.Weight.Normal
    assert window.scene.node_items[node.id].half_w == plain_width
    assert labels_action(window, "Plain").isChecked()
    assert '"lettering": "plain"' in dumps(document.cmap)
