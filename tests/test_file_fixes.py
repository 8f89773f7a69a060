"""Saving as a person does it, with the keyboard: Save As and then Undo keeps every source
found, Ctrl+S while a link's phrase is being typed saves it all, a big paste is selected at
once, and writing a file never touches the process's umask."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from mapviewer.clipboard import MIME, copy_fragment
from mapviewer.document import Document
from mapviewer.io import atomic
from mapviewer.io.mapfile import load
from mapviewer.model import ConceptMap, Node, Quote, Source
from mapviewer.paths import MAPS_DIR
from mapviewer.scene.mapview import MapView
from mapviewer.scene.style import LIGHT
from mapviewer.ui.editing.editactions import EditActions
from mapviewer.ui.files.fileactions import FileActions
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.workspace import Workspace

from .conftest import copy_sample, open_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the sample map with its source beside it."""
    return copy_sample(tmp_path)


@pytest.fixture
def window(qtbot, copy: Path) -> MainWindow:
    win = open_window(qtbot, copy, (1300, 850))
    win.activateWindow()
    win.view.setFocus()
    return win


def press(qtbot, win: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    """A key press on whatever has the focus, so the window's shortcuts resolve as for a person."""
    target = QGuiApplication.focusObject() or win.view
    qtbot.keyClick(target, key, modifiers)


def put_on_clipboard(cmap: ConceptMap, map_path: Path | None) -> None:
    mime = QMimeData()
    ids = {n.id for n in cmap.nodes}
    mime.setData(MIME, copy_fragment(cmap, map_path, ids).encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)


def sources_written(path: Path) -> dict[str, Path]:
    """Each source of the saved file and where its relative path points from that file."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    return {s["id"]: (path.parent / s["file"]).resolve() for s in saved["sources"]}


def found(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


# --- Save As, then Undo -------------------------------------------------------------------------


def test_undo_after_save_as_elsewhere_never_brings_back_a_stale_source_path(
    qtbot, window, copy: Path, tmp_path: Path, monkeypatch
) -> None:
    primer = (copy.parent / "sources" / "checkpoint-primer.txt").resolve()
    notes = tmp_path / "other" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("Tumours hide from T cells.", encoding="utf-8")
    other = ConceptMap(
        title="Other",
        sources=[Source(id="notes", title="Notes", file=str(notes))],
        nodes=[
            Node(
                id="hiding",
                label="Immune escape",
                x=0.0,
                y=0.0,
                quotes=[Quote(source="notes", text="Tumours hide")],
            )
        ],
    )
    put_on_clipboard(other, None)
    press(qtbot, window, Qt.Key.Key_V)  # adds the source "notes" and the concept, one step
    doc = window.document
    assert [s.id for s in doc.cmap.sources] == ["primer", "notes"]

    target = tmp_path / "deeper" / "folder" / "moved.json"
    target.parent.mkdir(parents=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    press(qtbot, window, Qt.Key.Key_S, CTRL | SHIFT)  # Save As
    assert doc.path == target
    assert sources_written(target) == {"primer": primer, "notes": notes}

    press(qtbot, window, Qt.Key.Key_Z)  # Undo the paste: the map's own source stays found
    assert [s.id for s in doc.cmap.sources] == ["primer"]
    assert found(doc.source_path("primer")) == primer
    press(qtbot, window, Qt.Key.Key_S)
    assert sources_written(target) == {"primer": primer}

    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)  # Redo: both found again
    assert found(doc.source_path("primer")) == primer
    assert found(doc.source_path("notes")) == notes
    press(qtbot, window, Qt.Key.Key_S)
    assert sources_written(target) == {"primer": primer, "notes": notes}
    assert not window.isWindowModified()


# --- Ctrl+S while a new link's phrase is typed ----------------------------------------------------


def test_ctrl_s_while_typing_a_link_phrase_saves_it_and_clears_the_mark(
    qtbot, window, copy: Path
) -> None:
    window.scene.select_many(["pembrolizumab", "t-cells"])
    press(qtbot, window, Qt.Key.Key_L)  # link the selected concepts: the phrase editor opens
    editor = window.edits.canvas.editor
    qtbot.waitUntil(lambda: editor.isVisible() and editor.hasFocus(), timeout=10_000)
    qtbot.keyClicks(editor, "reactivates")
    warnings: list[str] = []
    previous = qInstallMessageHandler(lambda _mode, _context, text: warnings.append(text))
    try:
        press(qtbot, window, Qt.Key.Key_S)
    finally:
        qInstallMessageHandler(previous)
    assert not [w for w in warnings if "setClean" in w]
    assert not window.isWindowModified()
    assert not window.document.modified
    assert not editor.isVisible()
    ends = {"pembrolizumab", "t-cells"}
    saved = load(copy)
    assert any({e.source, e.target} == ends and e.label == "reactivates" for e in saved.edges)
    press(qtbot, window, Qt.Key.Key_Z)  # the link and its phrase are still one step
    assert not any({e.source, e.target} == ends for e in window.document.cmap.edges)
    assert window.isWindowModified()


def test_ctrl_s_while_naming_a_new_linked_concept_saves_the_concept_and_its_link(
    qtbot, window, copy: Path
) -> None:
    """Its label, once committed, opens the editor again for the link's phrase."""
    window.go_to("node", "t-cells")
    window.view.fit_all()
    viewport = window.view.viewport()
    start = window.view.mapFromScene(window.scene.node_items["t-cells"].handle_centre())
    end = window.view.mapFromScene(QPointF(700, 300))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 7):
        qtbot.mouseMove(viewport, start + (end - start) * (step / 6))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    editor = window.edits.canvas.editor
    qtbot.waitUntil(lambda: editor.isVisible() and editor.hasFocus(), timeout=10_000)
    qtbot.keyClicks(editor, "Killer T cells")
    press(qtbot, window, Qt.Key.Key_S)
    assert not editor.isVisible()
    assert not window.isWindowModified()
    saved = load(copy)
    [node] = [n for n in saved.nodes if n.label == "Killer T cells"]
    assert any(e.source == "t-cells" and e.target == node.id for e in saved.edges)


# --- a big paste --------------------------------------------------------------------------------


def test_pasting_two_thousand_concepts_selects_them_in_one_change(qtbot, window) -> None:
    many = ConceptMap(
        title="Many",
        nodes=[
            Node(id=f"c{i}", label=f"Concept {i}", x=float(i % 50) * 160, y=float(i // 50) * 60)
            for i in range(2000)
        ],
    )
    put_on_clipboard(many, None)
    changes: list[None] = []
    window.scene.selectionChanged.connect(lambda: changes.append(None))
    before = set(window.document.nodes)
    press(qtbot, window, Qt.Key.Key_V)
    pasted = set(window.document.nodes) - before
    assert len(pasted) == 2000
    selected = {i.node_id for i in window.scene.selectedItems() if hasattr(i, "node_id")}
    assert selected == pasted
    assert len(changes) <= 3  # not one per concept


# --- the umask ----------------------------------------------------------------------------------


def test_a_new_file_gets_the_usual_permissions_without_the_umask_being_set(
    tmp_path: Path, monkeypatch
) -> None:
    """os.umask sets the mask for every thread of the process, even to read it."""

    def umask(_mask: int) -> int:
        raise AssertionError("os.umask was called")

    probe = tmp_path / "probe"
    probe.touch()  # created as open() creates files: 0o666 less the umask
    usual = stat.S_IMODE(probe.stat().st_mode)
    monkeypatch.setattr(os, "umask", umask)
    target = tmp_path / "new.json"
    atomic.write_atomic(target, b"{}\n")
    assert target.read_bytes() == b"{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == usual
    existing = tmp_path / "shared.json"
    existing.write_bytes(b"old")
    existing.chmod(0o664)  # a group-writable file stays so, whatever the umask would take
    atomic.write_atomic(existing, b"new")
    assert existing.read_bytes() == b"new"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o664
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "probe", "shared.json"]


# --- no main window needed ----------------------------------------------------------------------


def test_the_file_and_edit_actions_need_only_a_workspace(qtbot, copy: Path) -> None:
    """They hold the workspace, so another map opened follows through to editing."""
    host = QWidget()
    qtbot.addWidget(host)
    workspace = Workspace(Document(load(copy), copy), LIGHT, parent=host)
    workspace.attach_view(MapView(workspace.scene, host))
    files = FileActions(workspace, host)
    edits = EditActions(workspace, host)
    assert files.open_path(MAPS_DIR / "checkpoints.json")
    assert workspace.document.path == (MAPS_DIR / "checkpoints.json").resolve()
    assert edits.undo_group.activeStack() is workspace.document.undo_stack
    edits.select_everything()
    selected = {i.node_id for i in workspace.scene.selectedItems() if hasattr(i, "node_id")}
    assert selected == set(workspace.document.nodes)
    assert edits.delete.isEnabled()
