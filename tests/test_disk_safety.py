"""Issue 15: maps that pass validation but broke the window, journals trusted blindly, temporary
files left by a killed save, changes on disk nobody noticed, and render sizes nobody checked.

Everything is driven as a person does it: Ctrl+S pressed on the window, message boxes answered
with keys, the bar's buttons clicked, other programs simulated by writing the file on disk.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mapviewer.clipboard import MIME, copy_fragment
from mapviewer.commands import EditNodeCommand
from mapviewer.io import atomic, mapfile
from mapviewer.io.atomic import FileStamp, remove_stale_temps, stamp_file, write_atomic
from mapviewer.io.mapfile import MAX_DEPTH, dumps, load
from mapviewer.io.registry import open_map
from mapviewer.model import COORDINATE_LIMIT, ConceptMap, Kind, Node
from mapviewer.paths import MAPS_DIR
from mapviewer.problems import MapFileError
from mapviewer.recovery import CORRUPT, Journal, leftovers
from mapviewer.ui import settings as prefs
from mapviewer.ui.files import recoveryui
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, REPO, kill_once_it_says, open_window, run_mapviewer
from .real_input import drag_and_drop, file_mime, keys_when_shown

CTRL = Qt.KeyboardModifier.ControlModifier
SAMPLE = DATA / "sample.json"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the sample map with its source beside it."""
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    target = tmp_path / "map.json"
    shutil.copy(SAMPLE, target)
    return target


@pytest.fixture
def window(qtbot, copy: Path) -> MainWindow:
    win = open_window(qtbot, copy, (1200, 800))
    win.activateWindow()
    win.view.setFocus()
    return win


def press_ctrl(qtbot, win: MainWindow, key: Qt.Key) -> None:
    """A shortcut pressed on the canvas of the active window (as after clicking into it; a
    message box that just closed may have left no window active), so the window resolves it."""
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QGuiApplication.focusObject() or win.view, key, CTRL)


def rename(win: MainWindow, node_id: str, label: str) -> None:
    doc = win.document
    doc.undo_stack.push(EditNodeCommand(doc, node_id, "label", label))


def file_error_box(win: MainWindow) -> QMessageBox | None:
    shown = [b for b in win.findChildren(QMessageBox, "FileErrorDialog") if b.isVisible()]
    return shown[-1] if shown else None


def nested(depth: int) -> dict:
    """A ``data`` value of objects ``depth`` deep: {"a": {"a": ... {}}}."""
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


# --- 1. numbers and nesting a map may hold ------------------------------------------------------


def huge_coordinates(tmp_path: Path, value: float = 1e308) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["nodes"][0]["x"] = value
    data["nodes"][0]["y"] = -value
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_save_asks_where(qtbot, window: MainWindow) -> None:
    """Ctrl+S on a copy asks where to save it (the dialog is cancelled: nothing is written)."""
    with keys_when_shown(QFileDialog, [Qt.Key.Key_Escape]) as dialog:
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert dialog.shown is not None


def test_coordinates_beyond_the_limit_are_refused_naming_the_field(tmp_path: Path) -> None:
    path = huge_coordinates(tmp_path)
    with pytest.raises(MapFileError) as caught:
        open_map(path)
    text = str(caught.value)
    assert "nodes[id=pembrolizumab].x: 1e+308 is outside" in text
    assert "nodes[id=pembrolizumab].y" in text and "10,000,000" in text
    # The limit itself is a position a map may use.
    assert open_map(huge_coordinates(tmp_path, COORDINATE_LIMIT)).nodes[0].x == COORDINATE_LIMIT


def test_validate_and_render_refuse_a_map_with_huge_coordinates(tmp_path: Path) -> None:
    path = huge_coordinates(tmp_path)
    done = run_mapviewer("validate", str(path))
    assert done.returncode == 1 and "nodes[id=pembrolizumab].x" in done.stdout
    out = tmp_path / "huge.png"
    done = run_mapviewer("render", str(path), "-o", str(out))
    assert done.returncode == 1 and "is outside the range" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_the_app_starts_on_a_map_with_huge_coordinates_and_says_why_it_is_not_shown(
    tmp_path: Path,
) -> None:
    # --bench opens the window as a start-up does and reports what it shows; it used to die
    # with "cannot convert float NaN to integer" in the link index.
    done = run_mapviewer("--bench", str(huge_coordinates(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["concepts"] == 0


def test_a_dropped_map_with_huge_coordinates_shows_why_and_keeps_the_open_map(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    before = window.document.path
    assert drag_and_drop(
        window.view.viewport(), window.view.rect().center(), file_mime(huge_coordinates(tmp_path))
    )
    qtbot.waitUntil(lambda: file_error_box(window) is not None, timeout=10_000)
    box = file_error_box(window)
    assert box is not None and "nodes[id=pembrolizumab].x" in box.informativeText()
    assert window.document.path == before
    box.close()


def write_deep(tmp_path: Path, depth: int) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["nodes"][0]["data"] = nested(depth)
    path = tmp_path / f"deep-{depth}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_nesting_is_capped_at_load_with_a_message_naming_the_place(tmp_path: Path) -> None:
    # The file's own levels: the map, "nodes", the concept, then "data" and what it holds.
    fits = MAX_DEPTH - 3
    assert load(write_deep(tmp_path, fits)).nodes[0].data
    with pytest.raises(MapFileError) as caught:
        load(write_deep(tmp_path, fits + 1))
    assert "nodes[id=pembrolizumab].data.a.a.a…: nested more than 64 levels deep" in str(
        caught.value
    )
    done = run_mapviewer("validate", str(write_deep(tmp_path, 500)))
    assert done.returncode == 1 and "nested more than 64 levels deep" in done.stdout


def paste_deep_concept(qtbot, win: MainWindow, depth: int) -> None:
    """Ctrl+V of a concept whose data is nested ``depth`` deep (another program's clipboard)."""
    cmap = ConceptMap(nodes=[Node(id="deep", label="Deep", x=10.0, y=10.0, data=nested(depth))])
    mime = QMimeData()
    mime.setData(MIME, copy_fragment(cmap, None, {"deep"}).encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)
    press_ctrl(qtbot, win, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: any(n.label == "Deep" for n in win.document.nodes.values()))


def test_ctrl_s_of_a_map_nested_too_deep_says_where_and_keeps_it_unsaved(
    qtbot, window: MainWindow, copy: Path
) -> None:
    before = copy.read_bytes()
    paste_deep_concept(qtbot, window, 100)
    press_ctrl(qtbot, window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: file_error_box(window) is not None, timeout=10_000)
    box = file_error_box(window)
    assert box is not None and box.windowTitle() == "The map could not be saved"
    assert "nested more than 64 levels deep" in box.informativeText()
    assert copy.read_bytes() == before
    assert window.document.modified and window.isWindowModified()
    box.close()
    # The journal cannot hold it either: that is said once in the status line, not raised.
    qtbot.waitUntil(
        lambda: "could not write its journal" in window.statusBar().currentMessage(),
        timeout=20_000,
    )
    assert "nested more than 64" in window.statusBar().currentMessage()


def test_any_unexpected_failure_of_ctrl_s_is_shown_in_a_dialog(
    qtbot, window: MainWindow, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = copy.read_bytes()
    rename(window, "pd-1", "Changed")

    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(mapfile, "json_text", too_deep)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert box.active and "could not be saved: RecursionError" in box.texts[0]
    assert copy.read_bytes() == before
    assert window.document.modified and window.document.nodes["pd-1"].label == "Changed"


# --- 2. recovery journals are checked, not trusted ----------------------------------------------


def finished_pid() -> int:
    """The number of a process that has ended: its journal is a crash's leftover."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def leave_journal(cmap: ConceptMap, original: Path | None, based_on: FileStamp | None) -> Path:
    """A journal as a crashed window leaves it."""
    journal = Journal()
    journal.write(cmap, original, based_on)
    record = json.loads(journal.path.read_text(encoding="utf-8"))
    record["pid"] = finished_pid()
    journal.path.write_text(json.dumps(record), encoding="utf-8")
    return journal.path


def test_a_truncated_journal_is_reported_by_name_and_moved_aside(
    qtbot, window: MainWindow, copy: Path
) -> None:
    cmap = load(copy)
    cmap.nodes[0].label = "Edited before the crash"
    path = leave_journal(cmap, copy, stamp_file(copy))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # the disk filled up, or it was cut in a copy
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:
        assert recoveryui.offer_recovery(window.workspace, window.recovery) is False
    assert box.active and "could not read" in box.texts[0]
    moved = path.with_name(path.name + CORRUPT)
    assert str(moved) in box.shown.informativeText() and "not complete JSON" in (
        box.shown.informativeText()
    )
    assert not path.exists() and moved.read_bytes() == whole[: len(whole) // 2]
    assert leftovers().unreadable == []  # reported once: the next start is quiet
    assert window.document.path == copy and not window.document.modified


def test_a_journal_whose_map_changed_after_the_crash_restores_only_as_a_copy(
    qtbot, window: MainWindow, copy: Path
) -> None:
    based_on = stamp_file(copy)
    mine = load(copy)
    mine.nodes[0].label = "My edit from before the crash"
    leave_journal(mine, copy, based_on)
    # After the crash, someone else saved the map (another machine, a sync client).
    theirs = load(copy)
    theirs.title = "Their newer version"
    write_atomic(copy, dumps(theirs).encode("utf-8"))
    newer = copy.read_bytes()
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:  # the default: a copy
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert box.active and "has changed on disk since" in box.texts[0]
    assert "Restore as a new unsaved &copy" in [b.text() for b in box.shown.buttons()]
    doc = window.document
    assert doc.path is None and doc.modified
    assert doc.cmap.nodes[0].label == "My edit from before the crash"
    # Ctrl+S asks where to save the copy; cancelling writes nothing.
    assert_save_asks_where(qtbot, window)
    assert copy.read_bytes() == newer


def test_a_journal_that_names_no_stamp_never_overwrites_a_bigger_map(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The report's case: a journal of a 32-concept map naming a 157-concept file; restored and
    saved, it replaced the file. A journal that cannot show what it was based on (an older
    version wrote it) is restored as a copy."""
    big = tmp_path / "immunotherapy.json"
    shutil.copy(MAPS_DIR / "immunotherapy.json", big)
    small = load(MAPS_DIR / "checkpoints.json")
    assert len(load(big).nodes) > 100 and len(small.nodes) < 40
    leave_journal(small, big, None)
    before = big.read_bytes()
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert box.active and "does not say which version of “immunotherapy.json”" in box.texts[0]
    assert window.document.path is None and len(window.document.nodes) == len(small.nodes)
    with keys_when_shown(QFileDialog, [Qt.Key.Key_Escape]):
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert big.read_bytes() == before


def test_a_journal_of_an_unchanged_map_restores_onto_it(qtbot, window: MainWindow, copy: Path):
    mine = load(copy)
    mine.nodes[0].label = "Restored onto the file"
    leave_journal(mine, copy, stamp_file(copy))
    os.utime(copy, ns=(1, 1))  # touched (a backup tool), not one byte changed
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert box.active and box.texts[0].startswith("mapviewer did not close normally. Restore")
    assert window.document.path == copy and window.document.modified
    press_ctrl(qtbot, window, Qt.Key.Key_S)  # no question: the file is what the edits began from
    assert load(copy).nodes[0].label == "Restored onto the file"
    assert not window.document.modified


def test_restored_edits_are_one_undo_step_back_to_the_file_as_saved(
    qtbot, window: MainWindow, copy: Path
) -> None:
    """The journal keeps the whole map, not the edits: Undo offers the restore itself, and
    Ctrl+Z shows the file as saved, unmodified; Ctrl+Shift+Z brings the edits back."""
    saved = load(copy)
    mine = load(copy)
    mine.nodes[0].label = "Restored onto the file"
    mine.nodes.append(Node(id="recovered", label="Recovered concept", x=900.0, y=900.0))
    leave_journal(mine, copy, stamp_file(copy))
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert doc.modified and window.isWindowModified()
    assert window.edits.undo.isEnabled()
    assert window.edits.undo.text() == "&Undo Restore Recovered Edits"
    assert "recovered" in window.scene.node_items
    counted = f"{len(saved.nodes) + 1} concepts · {len(saved.edges)} links"
    assert window._status_counts.text() == counted
    press_ctrl(qtbot, window, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: "recovered" not in window.scene.node_items, timeout=10_000)
    assert doc.cmap.nodes[0].label == saved.nodes[0].label
    # The status line counts the map shown (it kept the restored one's count).
    assert window._status_counts.text() == f"{len(saved.nodes)} concepts · {len(saved.edges)} links"
    assert not doc.modified and not window.isWindowModified()
    assert window.edits.redo.text() == "&Redo Restore Recovered Edits"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "recovered" in window.scene.node_items, timeout=10_000)
    assert doc.cmap.nodes[0].label == "Restored onto the file" and doc.modified


def test_a_restored_never_saved_map_undoes_to_a_blank_map(qtbot, window: MainWindow) -> None:
    mine = ConceptMap(title="Notes from the ward")
    mine.nodes.append(Node(id="pd-1", label="PD-1", x=0.0, y=0.0))
    leave_journal(mine, None, None)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert doc.path is None and doc.modified and "pd-1" in window.scene.node_items
    assert window.edits.undo.text() == "&Undo Restore Recovered Edits"
    press_ctrl(qtbot, window, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: "pd-1" not in window.scene.node_items, timeout=10_000)
    assert doc.cmap.nodes == [] and not doc.modified


def test_restored_as_a_copy_is_one_undo_step_back_to_the_file_on_disk(
    qtbot, window: MainWindow, copy: Path
) -> None:
    """The file changed after the crash, so the edits come back as an unsaved copy; Ctrl+Z
    shows the file as it is on disk now (still a copy: Ctrl+S asks where, never writes over
    it), Ctrl+Shift+Z brings the edits back. It used to offer nothing to undo."""
    based_on = stamp_file(copy)
    mine = load(copy)
    mine.nodes[0].label = "My edit from before the crash"
    mine.nodes.append(Node(id="recovered", label="Recovered concept", x=900.0, y=900.0))
    leave_journal(mine, copy, based_on)
    theirs = load(copy)
    theirs.title = "Their newer version"
    write_atomic(copy, dumps(theirs).encode("utf-8"))
    newer = copy.read_bytes()
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:  # the default: a copy
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert box.active and "has changed on disk since" in box.texts[0]
    doc = window.document
    assert doc.path is None and doc.modified and "recovered" in window.scene.node_items
    assert window.edits.undo.text() == "&Undo Restore Recovered Edits"
    press_ctrl(qtbot, window, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: "recovered" not in window.scene.node_items, timeout=10_000)
    assert dumps(doc.cmap) == dumps(theirs)  # their newer version, as on disk
    assert doc.path is None and not doc.modified
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "recovered" in window.scene.node_items, timeout=10_000)
    assert doc.cmap.nodes[0].label == "My edit from before the crash" and doc.modified
    assert_save_asks_where(qtbot, window)
    assert copy.read_bytes() == newer


def test_restored_edits_of_a_removed_file_undo_to_a_blank_map(
    qtbot, window: MainWindow, copy: Path
) -> None:
    mine = load(copy)
    mine.nodes[0].label = "My edit from before the crash"
    leave_journal(mine, copy, stamp_file(copy))
    copy.unlink()  # after the crash the file went
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert box.active and "has been removed since" in box.texts[0]
    doc = window.document
    assert doc.cmap.nodes[0].label == "My edit from before the crash"
    press_ctrl(qtbot, window, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: not window.scene.node_items, timeout=10_000)
    assert doc.cmap.nodes == [] and not doc.modified and not copy.exists()


def test_a_restored_copy_reads_its_sources_and_saves_them_pointing_at_the_same_files(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy has no file, and its sources' paths ("sources/checkpoint-primer.txt") were
    relative to the one it came from: every quote said the text was missing. They are read
    from that file's folder, and a Save As elsewhere writes paths to the same texts."""
    work = tmp_path / "work"
    shutil.copytree(DATA / "sources", work / "sources")
    path = work / "map.json"
    shutil.copy(SAMPLE, path)
    primer = work / "sources" / "checkpoint-primer.txt"
    mine = load(path)
    mine.nodes[0].label = "My edit from before the crash"
    leave_journal(mine, path, stamp_file(path))
    theirs = load(path)
    theirs.title = "Their newer version"
    write_atomic(path, dumps(theirs).encode("utf-8"))
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):  # the default: a copy
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert doc.path is None and doc.cmap.nodes[0].label == "My edit from before the crash"
    window.go_to("node", "pd-1")
    shown = window.details.toPlainText()
    assert "brake" in shown and "⚠" not in shown  # its quote, found in the text
    assert doc.source_path("primer") == primer  # what the Details pane opens
    target = tmp_path / "elsewhere" / "copy.json"
    target.parent.mkdir()
    started: list[Path] = []

    def choose(parent: object, caption: str, start: str, *args: object) -> tuple[str, str]:
        started.append(Path(start).parent)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert started == [work]  # the dialog opens beside the file it was made from
    assert doc.path == target and not doc.modified
    [saved] = json.loads(target.read_text(encoding="utf-8"))["sources"]
    assert saved["file"] == "../work/sources/checkpoint-primer.txt"
    assert Path(os.path.realpath(doc.source_path("primer") or "")) == primer
    assert doc.source_text("primer")  # read still, though now outside the map's folder
    press_ctrl(qtbot, window, Qt.Key.Key_Z)  # their version, its sources seen from here too
    qtbot.waitUntil(lambda: doc.cmap.title == "Their newer version", timeout=10_000)
    assert doc.cmap.sources[0].file == "../work/sources/checkpoint-primer.txt"
    assert Path(os.path.realpath(doc.source_path("primer") or "")) == primer


def test_a_restored_copy_crashing_again_still_finds_its_sources(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The copy's own journal names the folder its sources are relative to: after a second
    crash the copy comes back reading them still, not as a map of missing texts."""
    work = tmp_path / "work"
    shutil.copytree(DATA / "sources", work / "sources")
    path = work / "map.json"
    shutil.copy(SAMPLE, path)
    mine = load(path)
    mine.nodes[0].label = "My edit from before the crash"
    leave_journal(mine, path, stamp_file(path))
    path.unlink()
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    window.recovery.write_now()  # the restored copy's journal, as a second crash leaves it
    journal = window.recovery.journal.path
    record = json.loads(journal.read_text(encoding="utf-8"))
    record["pid"] = finished_pid()
    journal.write_text(json.dumps(record), encoding="utf-8")
    window.recovery.journal = Journal()  # the crashed window's is no longer its to discard
    [again] = leftovers().journals
    assert again.original is None and again.sources_base == path
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert doc.cmap.nodes[0].label == "My edit from before the crash"
    assert doc.source_text("primer")


def test_a_restored_copy_reads_no_file_outside_the_folder_it_came_from(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The folder of the file the edits began from is the copy's, as it was the map's: a
    source beyond it stays blocked until allowed, and the bar says so."""
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "private.txt").write_text("not for this map", encoding="utf-8")
    path = work / "map.json"
    shutil.copy(SAMPLE, path)
    mine = load(path)
    mine.sources[0].file = "../private.txt"
    leave_journal(mine, path, stamp_file(path))
    path.unlink()  # removed since: the edits come back as a copy
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert doc.path is None and doc.source_status("primer").blocked
    assert doc.source_text("primer") is None
    qtbot.waitUntil(window.trust_bar.isVisible, timeout=10_000)
    assert "outside its folder: ../private.txt" in window.trust_bar.message.text()


def test_a_restored_copy_keeps_the_allow_given_for_the_file_it_came_from(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "private.txt").write_text("PD-1 is a checkpoint.", encoding="utf-8")
    path = work / "map.json"
    shutil.copy(SAMPLE, path)
    prefs.remember_outside_sources(path, True)  # "Allow for this map", answered for the file
    mine = load(path)
    mine.sources[0].file = "../private.txt"
    leave_journal(mine, path, stamp_file(path))
    path.unlink()
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert window.document.source_text("primer") == "PD-1 is a checkpoint."
    assert not window.trust_bar.isVisible()


def test_undo_and_redo_of_a_restore_bring_back_each_map_exactly(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Every kind of change a journal can hold (the title, a new kind, a concept gone, one
    added, the concepts reordered, a tour, a field of a newer mapviewer) goes back and forth
    byte for byte, however often Ctrl+Z and Ctrl+Shift+Z are pressed. The step keeps what the
    maps differ by, not two copies of the map."""
    path = tmp_path / "immunotherapy.json"
    shutil.copy(MAPS_DIR / "immunotherapy.json", path)
    on_disk = dumps(load(path))
    mine = load(path)
    mine.title = "Edited before the crash"
    mine.kinds.append(Kind(id="note", label="Note", color="#888888"))
    gone = mine.nodes.pop(3).id
    mine.edges = [e for e in mine.edges if gone not in (e.source, e.target)]
    for tour in mine.tours:
        for step in tour.steps:
            step.focus = [i for i in step.focus if i != gone]
            step.reveal = [i for i in step.reveal if i != gone]
    mine.nodes.reverse()
    mine.nodes.append(Node(id="recovered", label="Recovered", kind="note", x=0.0, y=-400.0))
    mine.tours = mine.tours[:1]
    mine.tours[0].title = "Shortened tour"
    mine.nodes[0].label = "Relabelled"  # the last on disk, first now
    setattr(mine, "written_by", "a newer mapviewer")  # noqa: B010 - an unknown field, kept
    restored = dumps(mine)
    leave_journal(mine, path, stamp_file(path))
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]):
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert dumps(doc.cmap) == restored
    for _ in range(2):
        press_ctrl(qtbot, window, Qt.Key.Key_Z)
        qtbot.waitUntil(lambda: "recovered" not in window.scene.node_items, timeout=10_000)
        assert dumps(doc.cmap) == on_disk and not doc.modified
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: "recovered" in window.scene.node_items, timeout=10_000)
        assert dumps(doc.cmap) == restored and doc.modified
    step = doc.undo_stack.command(0)
    differing = step._other.records  # the map on disk, against the one shown
    assert set(differing["nodes"]) == {gone, doc.cmap.nodes[0].id}  # of 150 and more
    assert sum(len(kept) for kept in differing.values()) < 10 < len(doc.cmap.nodes) // 10


KILLED_EDITOR = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from mapviewer.app import make_application
    app = make_application([])
    from PySide6.QtCore import QEventLoop, QTimer
    from mapviewer.commands import EditNodeCommand
    from mapviewer.document import Document
    from mapviewer.io.mapfile import load
    from mapviewer.ui.mainwindow import MainWindow
    path = Path(sys.argv[1])
    window = MainWindow(Document(load(path), path))
    window.show()
    doc, keeper = window.document, window.recovery
    doc.undo_stack.push(EditNodeCommand(doc, "pd-1", "label", "Edited, then killed"))
    loop = QEventLoop()
    keeper.timer.timeout.connect(lambda: keeper.journal.path.exists() and loop.exit(0))
    QTimer.singleShot(60000, lambda: loop.exit(1))
    if not keeper.journal.path.exists() and loop.exec() != 0:
        sys.exit("never journalled")
    print("JOURNALLED", flush=True)
    app.exec()
    """
)


@pytest.mark.slow
def test_killed_then_the_map_changed_on_disk_the_restart_offers_a_copy(
    qtbot, copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_home = tmp_path / "data"
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), QT_QPA_PLATFORM="offscreen")
    kill_once_it_says(KILLED_EDITOR, str(copy), word="JOURNALLED", env=env)
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    [journal] = leftovers().journals
    assert journal.based_on is not None and journal.based_on.sha256  # path, size, time, hash
    copy.write_text(copy.read_text(encoding="utf-8").replace("Checkpoint sample", "Theirs"))
    newer = copy.read_bytes()
    window = open_window(qtbot, copy)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:
        assert recoveryui.offer_recovery(window.workspace, window.recovery)
    assert box.active and "has changed on disk since" in box.texts[0]
    assert window.document.path is None
    assert window.document.nodes["pd-1"].label == "Edited, then killed"
    assert copy.read_bytes() == newer


# --- 3. temporary files of interrupted saves ----------------------------------------------------

STUCK_SAVER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from mapviewer.io import atomic
    def stuck(fd):
        print("WRITING", flush=True)
        sys.stdin.readline()  # killed here, with the temporary file written and locked
    atomic.os.fsync = stuck
    atomic.write_atomic(Path(sys.argv[1]), Path(sys.argv[2]).read_bytes())
    """
)


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if atomic.TEMP_PATTERN.match(p.name))


def test_a_killed_saves_temp_file_goes_at_the_next_save_never_one_being_written(
    qtbot, window: MainWindow, copy: Path
) -> None:
    other = copy.parent / "elsewhere.json"
    shutil.copy(copy, other)
    with subprocess.Popen(
        [sys.executable, "-c", STUCK_SAVER, str(copy), str(other)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    ) as process:
        try:
            assert process.stdout.readline().strip() == "WRITING"
            [temp] = temps(copy.parent)
            assert temp.startswith(".map.json.")
            # A save here while the other process is still writing leaves its file alone.
            rename(window, "pd-1", "Saved while another save runs")
            press_ctrl(qtbot, window, Qt.Key.Key_S)
            assert not window.document.modified
            assert temps(copy.parent) == [temp]
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    assert temps(copy.parent) == [temp]  # what kill -9 leaves: hidden, the size of the map
    rename(window, "pd-1", "Saved after the kill")
    press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert temps(copy.parent) == []
    assert load(copy).node_by_id()["pd-1"].label == "Saved after the kill"


def test_opening_a_map_removes_leftover_temp_files_and_nothing_else(
    qtbot, copy: Path, tmp_path: Path
) -> None:
    folder = copy.parent
    leftover = folder / ".map.json.0a1b2c3d.tmp"
    leftover.write_bytes(copy.read_bytes()[:100])
    keep = [folder / ".notes.tmp", folder / "map.json.tmp", folder / ".map.json.0A1B2C3D.tmp"]
    for path in keep:
        path.write_text("someone else's", encoding="utf-8")
    (folder / ".link.json.deadbeef.tmp").symlink_to(copy)
    open_window(qtbot, copy)
    qtbot.waitUntil(lambda: not leftover.exists(), timeout=10_000)  # once the map is on screen
    assert all(path.exists() for path in keep)
    assert (folder / ".link.json.deadbeef.tmp").is_symlink()
    assert remove_stale_temps(tmp_path / "no such folder") == []


# --- 4. changes on disk while the map is open ---------------------------------------------------


def save_elsewhere(path: Path, title: str) -> bytes:
    """Another program saves the map, atomically (a new file renamed over it)."""
    cmap = load(path)
    cmap.title = title
    data = dumps(cmap).encode("utf-8")
    temp = path.with_name("other-program.tmp")
    temp.write_bytes(data)
    temp.replace(path)
    return data


def test_a_change_on_disk_offers_reload_and_reload_reads_it(
    qtbot, window: MainWindow, copy: Path
) -> None:
    bar = window.files.disk.bar
    save_elsewhere(copy, "Changed by another program")
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert "“map.json” has changed on disk" in bar.label.text()
    qtbot.mouseClick(bar.reload, Qt.MouseButton.LeftButton)
    assert window.document.title == "Changed by another program"
    assert not window.document.modified and not bar.isVisible()
    # The watch outlives the atomic replace that made the watcher drop the path.
    save_elsewhere(copy, "And again")
    qtbot.waitUntil(bar.isVisible, timeout=10_000)


def test_the_apps_own_saves_are_no_change_on_disk(qtbot, window: MainWindow, copy: Path) -> None:
    bar = window.files.disk.bar
    rename(window, "pd-1", "Mine")
    with qtbot.waitSignal(window.files.disk.settle.timeout, timeout=10_000):
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert not bar.isVisible()
    save_elsewhere(copy, "Theirs, after my save")  # and the watch goes on after it
    qtbot.waitUntil(bar.isVisible, timeout=10_000)


def test_reload_with_unsaved_changes_asks_and_keep_mine_saves_over_the_change(
    qtbot, window: MainWindow, copy: Path
) -> None:
    bar = window.files.disk.bar
    rename(window, "pd-1", "My unsaved edit")
    save_elsewhere(copy, "Theirs")
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as box:  # Cancel
        qtbot.mouseClick(bar.reload, Qt.MouseButton.LeftButton)
    assert box.active and "lose your unsaved changes" in box.texts[0]
    assert window.document.nodes["pd-1"].label == "My unsaved edit"
    qtbot.mouseClick(bar.keep, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    press_ctrl(qtbot, window, Qt.Key.Key_S)  # Keep mine was the answer: no second question
    assert load(copy).node_by_id()["pd-1"].label == "My unsaved edit"
    assert not window.document.modified


def test_saving_over_a_file_changed_on_disk_asks_first(
    qtbot, window: MainWindow, copy: Path
) -> None:
    rename(window, "pd-1", "Mine")
    theirs = save_elsewhere(copy, "Theirs")
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as box:  # Cancel
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert box.active and "has changed on disk since you opened" in box.texts[0]
    assert {"&Overwrite", "&Save As…"} <= {b.text() for b in box.shown.buttons()}
    assert copy.read_bytes() == theirs and window.document.modified
    with (
        keys_when_shown(QMessageBox, [Qt.Key.Key_S]),
        keys_when_shown(QFileDialog, [Qt.Key.Key_Escape]) as dialog,
    ):  # Save As…, then the save dialog is cancelled
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert dialog.shown is not None and copy.read_bytes() == theirs
    with keys_when_shown(QMessageBox, [Qt.Key.Key_O]) as box:  # Overwrite
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert box.active
    assert load(copy).node_by_id()["pd-1"].label == "Mine" and not window.document.modified
    rename(window, "pd-1", "Mine again")
    press_ctrl(qtbot, window, Qt.Key.Key_S)  # the file is what was saved: no question now
    assert load(copy).node_by_id()["pd-1"].label == "Mine again"


# --- 5. render sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--width", "-5"],
        ["--scale", "-1"],
        ["--scale", "nan"],
        ["--scale", "inf"],
        ["--width", "0"],
        ["--height", "0"],
        ["--width", "30000"],
        ["--scale", "1000"],
    ],
    ids=" ".join,
)
def test_render_refuses_sizes_it_cannot_draw(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "map.png"
    done = run_mapviewer("render", str(SAMPLE), "-o", str(out), *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert args[0] in done.stderr and ("positive" in done.stderr or "20,000" in done.stderr)
    assert not out.exists()


def test_render_height_sets_the_image_height(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    done = run_mapviewer("render", str(SAMPLE), "-o", str(out), "--height", "300")
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).height() == 300


def test_a_removed_file_is_said_and_ctrl_s_writes_it_again(
    qtbot, window: MainWindow, copy: Path
) -> None:
    bar = window.files.disk.bar
    copy.unlink()
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert "was removed from disk" in bar.label.text() and bar.reload.isHidden()
    qtbot.mouseClick(bar.keep, Qt.MouseButton.LeftButton)
    (copy.parent / "unrelated.txt").write_text("a change in the folder", encoding="utf-8")
    with qtbot.waitSignal(window.files.disk.settle.timeout, timeout=10_000):
        (copy.parent / "unrelated.txt").unlink()
    assert not bar.isVisible()  # the answer holds
    rename(window, "pd-1", "Written again")
    press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert load(copy).node_by_id()["pd-1"].label == "Written again"
