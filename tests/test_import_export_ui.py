"""Other tools' files in the window: imports open as new unsaved maps; exports leave the map be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from mapviewer.document import Document
from mapviewer.io import registry
from mapviewer.paths import DEFAULT_MAP
from mapviewer.render import MARGIN, output_size
from mapviewer.sources import resolve
from mapviewer.ui.dialogs import exportdialog
from mapviewer.ui.files import fileactions

from .conftest import DATA, open_window
from .real_input import keys_when_shown

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1600, 1000)

INTEROP = DATA / "interop"


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in INTEROP.iterdir()
        if p.suffix in {".cxl", ".graphml", ".gexf", ".cyjs", ".canvas"}
    ),
)
def test_an_import_opens_as_a_new_unsaved_map(window, name) -> None:
    assert window.open_path(INTEROP / name)
    doc = window.document
    assert doc.path is None  # never saved over the other tool's file
    # Not changed until edited: the other tool's file holds it all (asking to save an import
    # nobody touched, when opening the next file, was noise).
    assert not doc.modified and not window.isWindowModified()
    assert len(window.scene.node_items) == len(doc.cmap.nodes) > 0
    assert window.windowTitle().startswith(f"{doc.title} — {name} (imported)")


def test_a_file_with_several_graphs_asks_which(window, monkeypatch) -> None:
    multi = next(
        p
        for p in INTEROP.iterdir()
        if registry.graph_choices(p) and len(registry.graph_choices(p)) > 1
    )
    choices = registry.graph_choices(multi)
    asked = []

    def pick(parent, title, label, items, current, editable):
        asked.append(items)
        return items[1], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    assert window.open_path(multi)
    assert asked == [[title for _, title in choices]]
    expected = registry.open_map(multi, graph=choices[1][0])
    assert [n.label for n in window.document.cmap.nodes] == [n.label for n in expected.nodes]


def test_cancelling_the_graph_choice_keeps_the_map(window, monkeypatch) -> None:
    multi = next(
        p
        for p in INTEROP.iterdir()
        if registry.graph_choices(p) and len(registry.graph_choices(p)) > 1
    )
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("", False))
    assert window.open_path(multi) is False
    assert window.document.path == DEFAULT_MAP


def test_a_big_import_shows_progress_and_can_be_cancelled(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(fileactions, "PROGRESS_FROM_BYTES", 0)
    big = INTEROP / next(p.name for p in INTEROP.iterdir() if p.suffix == ".gexf")
    assert window.open_path(big)  # on its way, in the background
    load = window.files.loading
    assert load is not None and load.dialog.isVisible()
    QTest.mouseClick(load.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not load.worker.isRunning(), timeout=20_000)
    QApplication.processEvents()
    assert window.document.path == DEFAULT_MAP
    assert "cancelled" in window.statusBar().currentMessage()


@pytest.mark.parametrize("suffix", [".cxl", ".graphml", ".gexf", ".cyjs", ".canvas", ".html"])
def test_export_writes_a_copy_and_leaves_the_map_as_it_was(window, tmp_path: Path, suffix) -> None:
    target = tmp_path / f"map{suffix}"
    assert window.files.export_to(target)
    assert target.stat().st_size > 1000
    assert window.document.path == DEFAULT_MAP and not window.document.modified
    if suffix != ".html":
        again = registry.open_map(target)
        assert {n.label for n in again.nodes} == {n.label for n in window.document.cmap.nodes}


def test_export_map_as_gephi_from_the_keyboard(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    """File > Export Map As (Ctrl+Alt+E) with Gephi's filter chosen and no suffix typed: it
    said "cannot save as .gexf"; now the copy is written and opens as the same map."""
    offered = []

    def choose(parent, title, start, filters, selected=""):
        offered.append(filters)
        return str(tmp_path / "for-gephi"), "GEXF (Gephi) (*.gexf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view, timeout=10_000)
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, mods)
    target = tmp_path / "for-gephi.gexf"
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert "GEXF (Gephi) (*.gexf)" in offered[0].split(";;")
    assert window.statusBar().currentMessage() == f"Exported {target}"
    assert window.document.path == DEFAULT_MAP and not window.document.modified

    def whole(cmap, folder: Path) -> dict:
        data = cmap.model_dump()
        data["nodes"].sort(key=lambda n: n["id"])  # GEXF nests members after their group
        for source in data["sources"]:  # the same texts, named from where the map is
            source["file"] = str((folder / source["file"]).resolve())
        return data

    exported = registry.open_map(target)
    assert whole(exported, tmp_path) == whole(window.document.cmap, DEFAULT_MAP.parent)


def test_export_to_an_unknown_type_says_so(window, tmp_path: Path, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(
        fileactions, "show_file_error", lambda parent, error, title: shown.append(str(error))
    )
    assert window.files.export_to(tmp_path / "map.docx") is False
    assert "cannot save as .docx" in shown[0]


def test_export_image_adds_the_chosen_filters_suffix(window, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        exportdialog.ExportOptions, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    answer = (str(tmp_path / "map"), "SVG vector image (*.svg)")
    monkeypatch.setattr(exportdialog.QFileDialog, "getSaveFileName", lambda *args: answer)
    exportdialog.export_image(window.workspace)
    assert (tmp_path / "map.svg").stat().st_size > 1000


def test_export_without_a_reported_filter_says_which_suffixes(
    window, tmp_path: Path, monkeypatch
) -> None:
    """Some platforms' save dialogs return no selected filter: a message, never a crash."""
    answer = (str(tmp_path / "map"), "")
    monkeypatch.setattr(
        exportdialog.ExportOptions, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    monkeypatch.setattr(exportdialog.QFileDialog, "getSaveFileName", lambda *args: answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: answer)
    warned, shown = [], []
    monkeypatch.setattr(
        exportdialog.QMessageBox, "warning", lambda parent, title, text: warned.append(text)
    )
    monkeypatch.setattr(
        fileactions, "show_file_error", lambda parent, error, title: shown.append(str(error))
    )
    exportdialog.export_image(window.workspace)
    assert "unknown image type '(none)'" in warned[0]
    assert window.files.choose_and_export() is False
    assert "cannot save as a file without suffix" in shown[0]
    assert list(tmp_path.iterdir()) == []


def test_an_exported_image_shows_no_selection_and_the_dialog_starts_outside_the_program(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    """A concept clicked, then File > Export Image of what is in view: the picture carried the
    selection's outline, its accent and the + handle, and the save dialog opened in the
    folder the program was started from. Now the picture is the map alone, the selection is
    still there afterwards, and the dialog starts in Documents (the map is a shipped one)."""

    def in_view(options: exportdialog.ExportOptions) -> QDialog.DialogCode:
        options.in_view.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(exportdialog.ExportOptions, "exec", in_view)
    starts: list[str] = []

    def save_as(parent: object, title: str, start: str, filters: str) -> tuple[str, str]:
        starts.append(start)
        return str(tmp_path / f"shot{len(starts)}.png"), "PNG image (*.png)"

    monkeypatch.setattr(exportdialog.QFileDialog, "getSaveFileName", save_as)
    item = window.scene.node_items["pd-1"]
    window.view.set_camera(item.scene_box().center(), 1.0)
    where = window.view.mapFromScene(item.scene_box().center())
    QTest.mouseMove(window.view.viewport(), where)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.scene.selection_order() == ["pd-1"]
    exportdialog.export_image(window.workspace)
    assert window.scene.selection_order() == ["pd-1"]  # the selection is the user's still
    window.scene.clearSelection()
    exportdialog.export_image(window.workspace)
    first, second = (tmp_path / "shot1.png").read_bytes(), (tmp_path / "shot2.png").read_bytes()
    assert first == second
    assert Path(starts[0]).parent not in {Path.cwd(), DEFAULT_MAP.parent}
    assert Path(starts[0]).name == "immunotherapy.png"


def test_the_export_dialog_says_how_big_the_picture_will_be(qtbot, window) -> None:
    """The size written was said nowhere: the width field kept saying 3840 px over a whole-map
    export at scale 2 that came out 11361 pixels wide."""
    scene = window.scene
    whole = scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    options = exportdialog.ExportOptions(window, whole, QRectF(0, 0, 800, 450))
    qtbot.addWidget(options)
    options.show()
    qtbot.waitExposed(options)
    expected = output_size(whole, None, 2.0)
    assert options.size_label.text() == f"{expected.width():,} × {expected.height():,} px"
    assert not options.pixels.isEnabled()
    qtbot.mouseClick(options.by_width, Qt.MouseButton.LeftButton)
    assert options.pixels.isEnabled() and not options.scale.isEnabled()
    assert options.size_label.text().startswith("3,840 × ")
    qtbot.mouseClick(options.in_view, Qt.MouseButton.LeftButton)
    assert options.size_label.text() == "3,840 × 2,160 px"


def test_an_import_not_edited_closes_without_asking_and_one_edited_asks(
    qtbot, window, real_unsaved_question
) -> None:
    """Opening the next file after an import nobody touched asked "Save the changes to ...
    (Untitled)?". Now it asks only once the import is edited, and the title names the file
    it came from."""
    source = INTEROP / "small.cxl"
    assert window.open_path(source)
    assert window.windowTitle().startswith(f"{window.document.title} — small.cxl (imported)")
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as asked:
        assert window.open_path(DEFAULT_MAP)
    assert asked.shown is None and window.document.path == DEFAULT_MAP
    assert window.open_path(source)
    first = window.document.cmap.nodes[0].id
    window.go_to("node", first)
    window.scene.clearSelection()
    window.scene.node_items[first].setSelected(True)
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)  # an edit, as a person makes one
    assert window.document.modified and window.isWindowModified()
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as asked:
        window.open_path(DEFAULT_MAP)
    assert asked.shown is not None  # asked; Escape (Cancel) kept the edited import open
    assert window.document.origin == source.resolve()
    window.document.undo_stack.setClean()  # the window closes at teardown without asking


@pytest.mark.parametrize("name", ["yed-small.graphml", "small.canvas", "small-13.gexf"])
def test_export_map_as_offers_an_imports_own_format_first(window, monkeypatch, name) -> None:
    """A GraphML (or canvas, or GEXF) import: Export Map As offered CmapTools first, named .cxl,
    in the folder the program was started from."""
    asked: list[tuple[str, str]] = []

    def save_as(parent, title, start, filters, selected="") -> tuple[str, str]:
        asked.append((start, selected))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    source = INTEROP / name
    assert window.open_path(source)
    window.files.export_map.trigger()
    [(start, selected)] = asked
    fmt = registry.format_for(source)
    assert fmt is not None
    assert Path(start) == source.resolve().parent / f"{source.stem}{fmt.suffixes[0]}"
    assert selected == fmt.dialog_filter()


def _export_by_keyboard(qtbot, window, target: Path, monkeypatch, chosen: str) -> None:
    """File > Export Map As (Ctrl+Alt+E), the save dialog answered with ``target``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), chosen))
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view, timeout=10_000)
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, mods)
    qtbot.waitUntil(target.exists, timeout=10_000)


@pytest.mark.parametrize("suffix", [".cxl", ".graphml", ".cyjs"])
def test_an_export_to_another_folder_keeps_every_quote_with_its_text(
    qtbot, tmp_path: Path, monkeypatch, suffix: str
) -> None:
    """A student's map beside its source text, exported into another folder: every quote of
    the copy said "the text of this source is missing", the source's file written as it was,
    relative to the map's folder. Save As rewrote it; an export now does too."""
    work = tmp_path / "work"
    shutil.copytree(DATA / "sources", work / "sources")
    mine = work / "map.json"
    shutil.copy(DATA / "sample.json", mine)
    window = open_window(qtbot, mine)
    quoted = window.document.cmap.sources[0]
    text = resolve(quoted, mine)
    assert text is not None and text.parent == work / "sources"
    target = tmp_path / "elsewhere" / f"copy{suffix}"
    target.parent.mkdir()
    _export_by_keyboard(qtbot, window, target, monkeypatch, "")
    exported = Document(registry.open_map(target), target)
    source = exported.sources[quoted.id]
    found = resolve(source, target)
    assert found is not None and found.resolve() == text.resolve()
    # Found, outside the copy's folder: it asks to be trusted (the trust bar), as after Save As,
    # rather than saying the text is missing; trusted, its quotes find their words again.
    assert exported.source_status(quoted.id).blocked
    exported.set_outside_allowed(True)
    assert exported.source_text(quoted.id)
    assert window.document.cmap.sources[0].file == quoted.file  # the open map is untouched
    assert window.document.path == mine and not window.document.modified
