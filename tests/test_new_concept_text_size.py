"""A concept added to a map whose concepts carry their own text size (a CmapTools or yEd file)
looks like its neighbours, as CmapTools gives a new concept the map's default style: typed,
drawn and saved in the size most concepts have, not the theme's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from mapviewer.io.mapfile import dumps, load, save
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .test_editing import drag, press_in_window, screen_pos, type_and_enter

CXL_PT = 9.0  # CmapTools' 12 px labels
TITLE_PT = 13.5  # one concept set bigger, as a CmapTools map's title


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    """The sample map with every concept at 9 pt but one title at 13.5 pt, as an imported
    CmapTools map is."""
    cmap = load(DATA / "sample.json")
    for node in cmap.nodes:
        node.text_size = TITLE_PT if node.id == "t-cells" else CXL_PT
    path = tmp_path / "sized.json"
    save(cmap, path)
    return open_window(qtbot, path, (1300, 850))


def drawn_pt(win: MainWindow, node_id: str) -> float:
    return win.scene.node_items[node_id].text_font.pointSizeF()


def test_a_double_clicked_concept_takes_the_maps_common_size(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(window, 100, 250))
    typed_pt = window.edits.canvas.editor.font().pointSizeF()
    assert typed_pt == pytest.approx(CXL_PT * window.view.transform().m11())  # typed in that size
    type_and_enter(qtbot, window, "Nivolumab")
    [new] = [n for n in doc.cmap.nodes if n.label == "Nivolumab"]
    assert new.text_size == CXL_PT
    assert drawn_pt(window, new.id) == drawn_pt(window, "pd-1") == CXL_PT
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_insert_adds_a_concept_in_the_common_size_not_its_neighbours(qtbot, window) -> None:
    window.go_to("node", "t-cells")  # the big one: the new concept is still the common size
    press_in_window(qtbot, window, Qt.Key.Key_Insert)
    type_and_enter(qtbot, window, "NK cells")
    [new] = [n for n in window.document.cmap.nodes if n.label == "NK cells"]
    assert drawn_pt(window, new.id) == CXL_PT
    assert window.document.undo_stack.count() == 1


def test_a_concept_dragged_out_of_a_handle_takes_the_common_size(qtbot, window) -> None:
    window.go_to("node", "tregs")
    window.view.fit_all()
    handle = window.scene.node_items["tregs"].handle_centre()
    drag(qtbot, window, window.view.mapFromScene(handle), screen_pos(window, 700, 300))
    type_and_enter(qtbot, window, "IL-10")
    type_and_enter(qtbot, window, "release")
    doc = window.document
    [new] = [n for n in doc.cmap.nodes if n.label == "IL-10"]
    assert drawn_pt(window, new.id) == CXL_PT
    assert doc.undo_stack.count() == 1  # concept, link and phrase: one step, as before


def test_pasted_concepts_keep_their_own_size_and_pasted_text_takes_the_common(
    qtbot, window
) -> None:
    doc = window.document
    window.scene.node_items["t-cells"].setSelected(True)
    window.edits.copy.trigger()
    window.edits.paste_clipboard()
    [copy] = [
        n for n in doc.cmap.nodes if n.label == doc.nodes["t-cells"].label and n.id != "t-cells"
    ]
    assert drawn_pt(window, copy.id) == TITLE_PT  # a copy of the title is a title
    window.edits.paste_text("Macrophages", QPointF(0, 400))
    [text] = [n for n in doc.cmap.nodes if n.label == "Macrophages"]
    assert drawn_pt(window, text.id) == CXL_PT
    assert doc.undo_stack.count() == 2


def test_a_new_concept_in_a_map_without_sizes_keeps_the_themes(qtbot, tmp_path) -> None:
    window = open_window(qtbot, DATA / "sample.json", (1300, 850))
    theme_pt = window.scene.theme.node_font.pointSizeF()
    qtbot.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=screen_pos(window, 100, 250)
    )
    type_and_enter(qtbot, window, "Nivolumab")
    [new] = [n for n in window.document.cmap.nodes if n.label == "Nivolumab"]
    assert new.text_size is None  # follows the theme when the theme changes
    assert drawn_pt(window, new.id) == theme_pt
