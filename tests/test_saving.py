"""Saving never loses work: atomic writes, failures that change nothing, byte-stable files,
unsaved-change prompts, and recovery after a crash (tested by killing a real process)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from mapviewer.commands import EditNodeCommand
from mapviewer.document import Document
from mapviewer.io import atomic
from mapviewer.io.mapfile import dumps, load
from mapviewer.io.registry import open_map
from mapviewer.paths import MAPS_DIR
from mapviewer.recovery import orphans
from mapviewer.ui.files import fileactions, recoveryui
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, INTEROP, REPO, kill_once_it_says, open_window


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the sample map with its source beside it."""
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    target = tmp_path / "map.json"
    target.write_text((DATA / "sample.json").read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.fixture
def window(qtbot, copy: Path) -> MainWindow:
    return open_window(qtbot, copy)


def rename(win: MainWindow, node_id: str, label: str) -> None:
    doc = win.document
    doc.undo_stack.push(EditNodeCommand(doc, node_id, "label", label))


@pytest.mark.parametrize("path", sorted(MAPS_DIR.glob("*.json")), ids=lambda p: p.name)
def test_resaving_a_shipped_map_changes_no_byte(tmp_path: Path, path: Path) -> None:
    doc = Document(load(path), path)
    target = tmp_path / path.name
    doc.save(target)
    resaved = target.read_text(encoding="utf-8")
    # Only the sources' relative paths may differ (the copy lives elsewhere).
    original = json.loads(path.read_text(encoding="utf-8"))
    saved = json.loads(resaved)
    for source in saved["sources"]:
        assert (target.parent / source["file"]).resolve().is_file()
        source["file"] = next(s["file"] for s in original["sources"] if s["id"] == source["id"])
    assert saved == original
    doc.save(target)  # unchanged again
    assert target.read_text(encoding="utf-8") == resaved
    in_place = tmp_path / "inplace"
    shutil.copytree(path.parent.parent / "maps", in_place / "maps")
    shutil.copytree(path.parent.parent / "resources", in_place / "resources")
    copy = in_place / "maps" / path.name
    Document(load(copy), copy).save()
    assert copy.read_bytes() == path.read_bytes()


def test_save_writes_the_edits_and_clears_the_modified_mark(window, copy: Path) -> None:
    rename(window, "pd-1", "PD-1 receptor")
    assert window.isWindowModified()
    assert window.files.save_current()
    assert not window.isWindowModified()
    assert load(copy).node_by_id()["pd-1"].label == "PD-1 receptor"
    text = copy.read_text(encoding="utf-8")
    assert text.endswith("}\n") and '\n  "nodes": [' in text  # 2-space indent, one newline
    assert json.loads(text)["nodes"][0]["note"] == "kept: a field mapviewer does not know"


def test_save_as_elsewhere_keeps_the_sources_found(window, tmp_path: Path) -> None:
    elsewhere = tmp_path / "deeper" / "folder"
    elsewhere.mkdir(parents=True)
    target = elsewhere / "moved.json"
    assert window.files.save_to(target)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["sources"][0]["file"] == "../../sources/checkpoint-primer.txt"
    # The text now lies outside the map's folder: a stranger opening the file is asked first,
    # while this window, whose map was moved by its owner, goes on reading it.
    moved = Document(load(target), target)
    assert moved.source_status("primer").blocked
    moved.set_outside_allowed(True)
    assert moved.source_text("primer") is not None
    assert window.document.source_text("primer") is not None
    assert window.windowTitle().startswith("Checkpoint sample — moved.json")


FAULTS = [errno.ENOSPC, errno.EACCES, errno.EIO]


@pytest.mark.parametrize("code", FAULTS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failed_save_leaves_the_file_and_the_edits(window, copy, monkeypatch, code, step) -> None:
    before = copy.read_bytes()
    rename(window, "pd-1", "Changed")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    error = OSError(code, os.strerror(code))

    def fail(*args, **kwargs):
        raise error

    if step == "write":
        monkeypatch.setattr(atomic.os, "fdopen", fail)
    elif step == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", fail)
    else:
        monkeypatch.setattr(Path, "replace", fail)
    assert window.files.save_current() is False
    assert copy.read_bytes() == before  # the old file, untouched
    assert [p.name for p in copy.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert window.document.modified and window.isWindowModified()
    assert window.document.nodes["pd-1"].label == "Changed"  # the edit is still here
    [message] = messages
    assert str(copy) in message and "could not be saved" in message
    monkeypatch.undo()
    assert window.files.save_current()  # and the app is still usable
    assert load(copy).node_by_id()["pd-1"].label == "Changed"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_saving_into_a_read_only_folder_says_so(window, copy, monkeypatch) -> None:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda p, t, text: messages.append(text))
    rename(window, "pd-1", "Changed")
    copy.parent.chmod(0o555)
    try:
        assert window.files.save_current() is False
    finally:
        copy.parent.chmod(0o755)
    assert "permission" in messages[0]


def test_closing_with_unsaved_changes_asks(window, copy, monkeypatch) -> None:
    rename(window, "pd-1", "Changed")
    answers = iter([fileactions.CANCEL, fileactions.SAVE])
    monkeypatch.setattr(fileactions.FileActions, "ask_to_save", lambda self: next(answers))
    assert window.close() is False  # Cancel: still open, still modified
    assert window.document.modified
    assert window.close() is True  # Save
    assert load(copy).node_by_id()["pd-1"].label == "Changed"


def test_opening_another_map_with_unsaved_changes_can_be_cancelled(window, monkeypatch) -> None:
    rename(window, "pd-1", "Changed")
    monkeypatch.setattr(fileactions.FileActions, "ask_to_save", lambda self: fileactions.CANCEL)
    assert window.open_path(MAPS_DIR / "checkpoints.json") is False
    assert window.document.nodes["pd-1"].label == "Changed"


def test_the_journal_follows_edits_and_goes_away_on_save(qtbot, window, copy) -> None:
    rename(window, "pd-1", "Journalled")
    journal = window.recovery.journal.path
    qtbot.waitUntil(journal.exists, timeout=20000)  # written a second after the edit
    record = json.loads(journal.read_text(encoding="utf-8"))
    assert record["original"] == str(copy)
    assert record["map"]["nodes"][1]["label"] == "Journalled"
    window.files.save_current()
    assert not journal.exists()


KILLED_EDITOR = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from mapviewer.app import make_application
    app = make_application([])
    from PySide6.QtCore import QEventLoop, QTimer
    from mapviewer.commands import AddItemsCommand, EditNodeCommand
    from mapviewer.document import Document
    from mapviewer.io.mapfile import load
    from mapviewer.model import Node
    from mapviewer.ui.mainwindow import MainWindow
    path = Path(sys.argv[1])
    window = MainWindow(Document(load(path), path))
    window.show()
    doc = window.document
    keeper = window.recovery

    def journalled(index):
        try:
            record = json.loads(keeper.journal.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        nodes = {node["id"]: node for node in record["map"]["nodes"]}
        return nodes["pd-1"]["label"] == f"PD-1 edit {index}" and f"new-{index}" in nodes

    def wait_until_journalled(index):
        # The keeper writes on its timer's timeout; look after each write, give up after 60 s.
        if journalled(index):
            return
        loop = QEventLoop()
        keeper.timer.timeout.connect(lambda: journalled(index) and loop.exit(0))
        QTimer.singleShot(60000, lambda: loop.exit(1))
        if loop.exec() != 0:
            sys.exit(f"edit {index} never reached the journal")

    def edit(index):
        doc.undo_stack.push(EditNodeCommand(doc, "pd-1", "label", f"PD-1 edit {index}"))
        node = Node(id=f"new-{index}", label=f"New {index}", x=600.0, y=100.0 * index)
        doc.undo_stack.push(AddItemsCommand(doc, [node], [], "New concept"))

    for index in range(3):
        edit(index)
    wait_until_journalled(2)  # written once; the edits after this must replace it
    for index in range(3, 5):
        edit(index)
    wait_until_journalled(4)
    print("EDITED", flush=True)
    app.exec()
    """
)


@pytest.mark.slow
def test_killed_mid_edit_the_next_start_restores_every_edit(qtbot, copy, tmp_path, monkeypatch):
    data_home = tmp_path / "data"
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), QT_QPA_PLATFORM="offscreen")
    kill_once_it_says(KILLED_EDITOR, str(copy), word="EDITED", env=env)
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    [left] = orphans()
    assert left.original == copy
    # The next start offers it; restoring brings back every edit.
    window = MainWindow(Document(load(copy), copy))
    qtbot.addWidget(window)
    monkeypatch.setattr(recoveryui, "ask_to_restore", lambda parent, item: "restore")
    assert window.recovery is not None
    assert recoveryui.offer_recovery(window.workspace, window.recovery)
    doc = window.document
    assert doc.nodes["pd-1"].label == "PD-1 edit 4"
    assert {f"new-{i}" for i in range(5)} <= set(doc.nodes)
    assert doc.modified and window.isWindowModified()
    assert doc.path == copy
    assert orphans() == [] or all(o.path != left.path for o in orphans())
    assert load(copy).node_by_id()["pd-1"].label == "PD-1"  # the file itself was never touched


KILLED_SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mapviewer.io.atomic import write_atomic
    path = Path(sys.argv[1])
    old, new = Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()
    flip = False
    while True:
        write_atomic(path, new if flip else old)
        flip = not flip
        print("SAVED", flush=True)
    """
)


@pytest.mark.slow
def test_a_kill_during_saves_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    big = load(MAPS_DIR / "immunotherapy.json")
    old = dumps(big).encode("utf-8") * 12  # about 3 MB, like a big map
    new = old.replace(b"Pembrolizumab", b"PEMBROLIZUMAB")
    (tmp_path / "old").write_bytes(old)
    (tmp_path / "new").write_bytes(new)
    target = tmp_path / "map.json"
    target.write_bytes(old)
    corrupt = 0
    trials = 20
    for trial in range(trials):
        args = [str(target), str(tmp_path / "old"), str(tmp_path / "new")]
        with subprocess.Popen(
            [sys.executable, "-c", KILLED_SAVER, *args], stdout=subprocess.PIPE, text=True, cwd=REPO
        ) as process:
            # Kill it after a different number of whole saves each time: the kill lands
            # somewhere in the next one, wherever the machine's load puts it.
            for _ in range(1 + trial % 4):
                assert process.stdout.readline().strip() == "SAVED"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        content = target.read_bytes()
        corrupt += content not in (old, new)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert corrupt == 0, f"{corrupt} of {trials} kills left a half-written file"
    # A kill can leave the temporary file of the interrupted write beside it (never the target).
    assert len(leftovers) <= trials


INTEROP_FILES = sorted(p for p in (DATA / "interop").iterdir() if p.is_file() and p.suffix != ".md")


def _shared_interop() -> list:
    suffixes = {".cxl", ".graphml", ".gexf", ".cyjs", ".json", ".canvas"}
    if not INTEROP.exists():
        reason = f"{INTEROP} is absent (outside this repo)"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="shared-absent")]
    return sorted(p for p in INTEROP.rglob("*") if p.suffix in suffixes)


@pytest.mark.parametrize(
    "path",
    INTEROP_FILES + _shared_interop(),
    ids=lambda p: f"{p.parent.name}/{p.name}" if isinstance(p, Path) else str(p),
)
def test_converted_files_save_and_load_back_equal(tmp_path: Path, path: Path) -> None:
    cmap = open_map(path)
    doc = Document(cmap, None)
    target = tmp_path / "converted.json"
    doc.save(target)
    again = load(target)
    assert again == cmap
    assert dumps(again) == target.read_text(encoding="utf-8")  # and re-saving changes no byte
