"""The Kinds dialog and Map Properties: each OK is one undo step, and the map follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from mapviewer.io.mapfile import dumps
from mapviewer.model import ConceptMap, Kind, Node
from mapviewer.ui.dialogs.kindsdialog import KindsDialog
from mapviewer.ui.dialogs.mapproperties import MapPropertiesDialog
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window

SAMPLE = DATA / "sample.json"


def kinds_dialog(qtbot, window: MainWindow) -> KindsDialog:
    dialog = KindsDialog(window.document, window)
    qtbot.addWidget(dialog)
    return dialog


def legend_texts(window: MainWindow) -> list[str]:
    return [window.legend.item(i).text() for i in range(window.legend.count())]


def test_the_map_menu_opens_the_kinds_dialog_without_blocking(qtbot, window) -> None:
    assert window.act_kinds in window.map_menu.actions()
    window.act_kinds.trigger()
    dialog = window.findChild(KindsDialog, "KindsDialog")
    assert dialog is not None and dialog.isVisible()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Drug  (1)",
        "Checkpoint / target  (2)",
        "Immune cell  (2)",
    ]
    dialog.reject()
    assert window.document.undo_stack.count() == 0


def test_recolouring_a_kind_recolours_its_concepts_and_undo_restores(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    dialog = kinds_dialog(qtbot, window)
    dialog.select(0)
    dialog.set_colour(QColor("#123456"))
    assert dialog.colour_button.text() == "#123456"
    dialog.accept()
    assert doc.kinds["drug"].color == "#123456"
    assert window.scene.node_items["pembrolizumab"].style.color == QColor("#123456")
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Edit kinds"
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert window.scene.node_items["pembrolizumab"].style.color == QColor("#E69F00")
    window.edits.redo.trigger()
    assert window.scene.node_items["pembrolizumab"].style.color == QColor("#123456")


def test_rename_reshape_and_reorder_in_one_step(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    dialog = kinds_dialog(qtbot, window)
    dialog.select(2)
    dialog.label_edit.setText("")
    qtbot.keyClicks(dialog.label_edit, "Immune cells")
    dialog.set_shape("octagon")
    dialog.move_row(-1)
    dialog.move_row(-1)
    assert dialog.list.currentRow() == 0
    assert not dialog.up_button.isEnabled()
    dialog.accept()
    assert [k.id for k in doc.cmap.kinds] == ["immune-cell", "drug", "checkpoint"]
    assert doc.kinds["immune-cell"].label == "Immune cells"
    assert window.scene.node_items["tregs"].style.shape == "octagon"
    assert legend_texts(window)[0] == "Immune cells  (2)"
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert legend_texts(window)[0] == "Drug  (1)"
    assert window.scene.node_items["tregs"].style.shape == "ellipse"


def test_adding_a_kind_gives_it_a_look_of_its_own(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    dialog = kinds_dialog(qtbot, window)
    row = dialog.add_kind("Cytokine")
    assert row.kind.id == "cytokine"
    taken = {k.color for k in doc.cmap.kinds}
    assert row.kind.color not in taken and row.kind.shape not in {"pill", "hexagon", "ellipse"}
    dialog.accept()
    assert doc.cmap.kinds[-1].label == "Cytokine"
    assert window.legend.row_for("cytokine").text() == "Cytokine  (0)"
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_removing_a_kind_in_use_moves_its_concepts_and_undo_brings_all_back(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    dialog = kinds_dialog(qtbot, window)
    dialog.select(1)  # Checkpoint / target: PD-1 and CTLA-4
    dialog.remove_selected()
    question = dialog.reassign_dialog
    assert question is not None and question.isVisible()
    assert [question.target.itemText(i) for i in range(question.target.count())] == [
        "Drug",
        "Immune cell",
        "No kind",
    ]
    question.target.setCurrentIndex(question.target.findData("immune-cell"))
    question.accept()
    assert [r.kind.id for r in dialog.rows] == ["drug", "immune-cell"]
    assert dialog.list.item(1).text() == "Immune cell  (4)"
    dialog.accept()
    assert "checkpoint" not in doc.kinds
    assert doc.nodes["pd-1"].kind == doc.nodes["ctla-4"].kind == "immune-cell"
    assert window.scene.node_items["pd-1"].style.shape == "ellipse"
    assert window.legend.row_for("checkpoint") is None
    assert window.legend.row_for("immune-cell").text() == "Immune cell  (4)"
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert doc.nodes["pd-1"].kind == "checkpoint"
    assert window.scene.node_items["pd-1"].style.shape == "hexagon"
    assert window.legend.row_for("checkpoint").text() == "Checkpoint / target  (2)"


def test_removed_kinds_can_leave_concepts_without_a_kind(qtbot, window) -> None:
    doc = window.document
    dialog = kinds_dialog(qtbot, window)
    dialog.remove_kind(0, "checkpoint")  # Drug's concepts go to Checkpoint...
    dialog.remove_kind(0, None)  # ...which then goes too, taking them to no kind
    dialog.accept()
    assert [k.id for k in doc.cmap.kinds] == ["immune-cell"]
    assert doc.nodes["pembrolizumab"].kind is None
    assert doc.nodes["pd-1"].kind is None
    assert window.legend.row_for("").text() == "Concept (no kind)  (3)"


def test_an_unused_kind_goes_without_a_question(qtbot, window) -> None:
    dialog = kinds_dialog(qtbot, window)
    dialog.add_kind("Spare")
    dialog.remove_selected()
    assert dialog.reassign_dialog is None
    assert [r.kind.id for r in dialog.rows] == ["drug", "checkpoint", "immune-cell"]
    assert dialog.command() is None  # nothing changed in the end


def test_changing_a_kind_id_takes_its_concepts_along(qtbot, window) -> None:
    doc = window.document
    dialog = kinds_dialog(qtbot, window)
    dialog.select(0)
    dialog.id_edit.setText("")
    qtbot.keyClicks(dialog.id_edit, "medicine")
    dialog.accept()
    assert "drug" not in doc.kinds and doc.kinds["medicine"].label == "Drug"
    assert doc.nodes["pembrolizumab"].kind == "medicine"
    window.edits.undo.trigger()
    assert doc.nodes["pembrolizumab"].kind == "drug"


def test_ids_must_be_unique_and_labels_present(qtbot, window) -> None:
    doc = window.document
    dialog = kinds_dialog(qtbot, window)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.select(1)
    dialog.set_id("drug")
    assert not ok.isEnabled()
    assert "Two kinds have the id “drug”." in dialog.problem.text()
    dialog.accept()
    assert dialog.isVisible() or dialog.result() == 0
    assert doc.undo_stack.count() == 0
    dialog.set_id("checkpoint")
    dialog.set_label("  ")
    assert dialog.problems() == ["Every kind needs a label."]
    dialog.set_label("Target")
    assert ok.isEnabled()


def test_cancel_changes_nothing(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    dialog = kinds_dialog(qtbot, window)
    dialog.set_colour(QColor("#000000"))
    dialog.remove_kind(2, None)
    dialog.reject()
    assert dumps(doc.cmap) == before
    assert doc.undo_stack.count() == 0


# --- map properties ----------------------------------------------------------------------------


def properties_dialog(qtbot, window: MainWindow) -> MapPropertiesDialog:
    dialog = MapPropertiesDialog(window.document, window)
    qtbot.addWidget(dialog)
    return dialog


def test_the_map_menu_opens_map_properties(qtbot, window) -> None:
    assert window.act_map_properties in window.map_menu.actions()
    window.act_map_properties.trigger()
    dialog = window.findChild(MapPropertiesDialog, "MapPropertiesDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.title_edit.text() == "Checkpoint sample"
    assert dialog.description_edit.toPlainText() == "A small map used by the tests."
    dialog.reject()
    assert window.document.undo_stack.count() == 0


def test_editing_the_title_retitles_the_window_and_undo_restores_it(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    assert window.windowTitle().startswith("Checkpoint sample — sample.json")
    dialog = properties_dialog(qtbot, window)
    dialog.title_edit.setText("")
    qtbot.keyClicks(dialog.title_edit, "Immune checkpoints <i>101</i>")
    dialog.description_edit.setPlainText("For the first lecture.")
    dialog.accept()
    assert doc.cmap.title == "Immune checkpoints <i>101</i>"
    assert doc.cmap.description == "For the first lecture."
    assert window.windowTitle().startswith("Immune checkpoints <i>101</i> — sample.json")
    assert window.isWindowModified()
    page = window.details.toPlainText()
    assert page.startswith("Immune checkpoints <i>101</i>") and "For the first lecture." in page
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Edit map properties"
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert window.windowTitle().startswith("Checkpoint sample — sample.json")
    assert window.details.toPlainText().startswith("Checkpoint sample")
    window.edits.redo.trigger()
    assert window.windowTitle().startswith("Immune checkpoints <i>101</i>")


def test_each_ok_is_its_own_step_and_an_empty_title_is_refused(qtbot, window) -> None:
    doc = window.document
    for title in ("First", "Second"):
        dialog = properties_dialog(qtbot, window)
        dialog.title_edit.setText(title)
        dialog.accept()
    assert doc.undo_stack.count() == 2
    window.edits.undo.trigger()
    assert doc.cmap.title == "First"
    dialog = properties_dialog(qtbot, window)
    dialog.title_edit.setText("   ")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.accept()
    assert doc.cmap.title == "First"
    unchanged = properties_dialog(qtbot, window)
    unchanged.accept()  # nothing changed: no step
    assert doc.undo_stack.index() == 1


def test_a_frame_without_a_kind_counts_as_a_group_not_a_concept_of_no_kind(qtbot, tmp_path) -> None:
    """An imported map's frames have no kind: the Legend read "Concept (no kind)  (3)" for
    its one kindless concept and two frames, while the status bar said "3 concepts · 2 groups"
    for the same map. It counts them as the status bar does; hiding a kind keeps that."""
    cmap = ConceptMap(
        kinds=[Kind(id="drug", label="Drug")],
        nodes=[
            Node(id="therapies", label="Therapies"),
            Node(id="targets", label="Targets"),
            Node(id="pembrolizumab", label="Pembrolizumab", kind="drug", parent="therapies"),
            Node(id="nivolumab", label="Nivolumab", kind="drug", parent="therapies"),
            Node(id="pd-1", label="PD-1", parent="targets"),
        ],
    )
    path = tmp_path / "imported.json"
    path.write_text(dumps(cmap), encoding="utf-8")
    window = open_window(qtbot, path, (1200, 800))
    assert legend_texts(window) == ["Drug  (2)", "Concept (no kind)  (1)"]
    assert window._status_counts.text().startswith("3 concepts · 2 groups")
    window.legend.row_for("drug").setCheckState(Qt.CheckState.Unchecked)  # as a click does
    qtbot.waitUntil(lambda: not window.scene.node_items["nivolumab"].isVisible())
    assert legend_texts(window) == ["Drug  (2)", "Concept (no kind)  (1)"]
