"""A map reads source texts only inside its own folder until the person allows more (issue 15).

Before: the Source dock showed /etc/passwd, ../../../etc/hostname, a private file by absolute
path or through a symbolic link, and /proc/self/environ, with no path and no warning. Now those
sources are blocked, shown as blocked (never "missing", never a passage), and a bar above the map
names them with "Allow for this map" and "Keep blocked"; the answer is remembered per map file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from mapviewer.io.mapfile import load, save
from mapviewer.model import ConceptMap, Node, Quote, Source
from mapviewer.sources import source_reference
from mapviewer.ui import settings as prefs
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window

DIARY = "Dear diary: the spare key is under the blue flowerpot by the door."
INSIDE = "Checkpoint inhibitors release the brakes on T cells."


@pytest.fixture
def shared_map(tmp_path: Path) -> Path:
    """A map from someone else: one text beside it, four that reach outside its folder."""
    private = tmp_path / "private" / "diary.txt"
    private.parent.mkdir()
    private.write_text(DIARY, "utf-8")
    folder = tmp_path / "shared"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "inside.txt").write_text(INSIDE, "utf-8")
    (folder / "link.txt").symlink_to(private)
    files = {
        "inside": "texts/inside.txt",
        "absolute": str(private),
        "climbing": "../private/diary.txt",
        "link": "link.txt",
        "environ": "/proc/self/environ",
    }
    sources = [Source(id=key, title=f"Text {key}", file=file) for key, file in files.items()]
    quotes = [
        Quote(source=key, text=INSIDE[:20] if key == "inside" else "the spare key") for key in files
    ]
    node = Node(id="n", label="Keys", x=0, y=0, quotes=quotes)
    path = folder / "map.json"
    save(ConceptMap(title="Shared", sources=sources, nodes=[node]), path)
    return path


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def show_quote(win: MainWindow, index: int) -> None:
    win.go_to("node", "n")
    win.open_quote("node", "n", index)


BLOCKED = ["absolute", "climbing", "link", "environ"]


def test_outside_files_are_blocked_named_and_never_shown(qtbot, shared_map: Path) -> None:
    win = open_window(qtbot, shared_map)
    bar = win.trust_bar
    qtbot.waitUntil(bar.isVisible)
    text = bar.message.text()
    private = str(shared_map.parent.parent / "private" / "diary.txt")
    assert "4 source files outside its folder" in text
    assert private in text and "/proc/self/environ" in text
    assert f"../private/diary.txt → {private}" in text and f"link.txt → {private}" in text
    assert "texts/inside.txt" not in text
    assert bar.message.textFormat() == Qt.TextFormat.PlainText
    # Blocked in the Source dock: no passage, no text, the reason and a way to allow.
    for index, key in enumerate(["inside", *BLOCKED]):
        show_quote(win, index)
        reader = win.reader
        if key == "inside":
            assert reader.text.toPlainText() == INSIDE
            continue
        assert "Dear diary" not in reader.text.toPlainText()
        assert reader.text.toPlainText() == ""
        assert reader.passages == []
        assert "is blocked: it is outside this map's folder" in reader.status.text()
        assert "missing" not in reader.status.text()
        assert reader.allow_button.isVisible()
    # ... and on the quotes in the details.
    details = win.details.toPlainText()
    assert details.count("is blocked: it is outside this map's folder") == 4
    assert "missing" not in details
    assert "Dear diary" not in details


def test_keep_blocked_is_remembered_for_the_map(qtbot, shared_map: Path) -> None:
    win = open_window(qtbot, shared_map)
    qtbot.waitUntil(win.trust_bar.isVisible)
    click(qtbot, win.trust_bar.keep_button)
    assert not win.trust_bar.isVisible()
    assert prefs.outside_sources_choice(shared_map) is False
    again = open_window(qtbot, shared_map)
    assert not again.trust_bar.isVisible()  # asked once
    show_quote(again, 1)
    assert "is blocked" in again.reader.status.text()
    assert again.reader.text.toPlainText() == ""
    # Changing one's mind from the Source dock.
    click(qtbot, again.reader.allow_button)
    qtbot.waitUntil(lambda: again.reader.text.toPlainText() == DIARY)
    assert prefs.outside_sources_choice(shared_map) is True


def test_allow_for_this_map_reads_them_except_what_is_no_file(qtbot, shared_map: Path) -> None:
    win = open_window(qtbot, shared_map)
    qtbot.waitUntil(win.trust_bar.isVisible)
    click(qtbot, win.trust_bar.allow_button)
    assert not win.trust_bar.isVisible()
    for index in (1, 2, 3):  # absolute, climbing, through the link
        show_quote(win, index)
        assert win.reader.text.toPlainText() == DIARY
        assert win.reader.status.text() == "1 passage quoted in this map."
        assert not win.reader.allow_button.isVisible()
    show_quote(win, 4)  # /proc/self/environ: allowed, and still never read
    assert win.reader.text.toPlainText() == ""
    assert "cannot be read: is a system file under /proc or /sys" in win.reader.status.text()
    # Remembered: the map opens with its texts and without the question.
    again = open_window(qtbot, shared_map)
    assert not again.trust_bar.isVisible()
    show_quote(again, 1)
    assert again.reader.text.toPlainText() == DIARY


def test_the_answer_belongs_to_one_map(qtbot, shared_map: Path, tmp_path: Path) -> None:
    win = open_window(qtbot, shared_map)
    qtbot.waitUntil(win.trust_bar.isVisible)
    click(qtbot, win.trust_bar.allow_button)
    other = tmp_path / "shared" / "copy.json"
    other.write_bytes(shared_map.read_bytes())
    assert win.open_path(other)
    qtbot.waitUntil(win.trust_bar.isVisible)  # another map file: asked again
    assert win.document.source_text("absolute") is None


def test_the_keys_go_to_the_map_not_to_allow_when_the_window_opens(qtbot, shared_map: Path) -> None:
    """Opened with the bar showing, the window gave the keyboard to "Allow for this map" (the
    first button in its focus chain): the Space bar, meant for the map, read the files outside
    its folder, and the arrows, Tab and Enter did nothing on the map."""
    win = open_window(qtbot, shared_map)
    qtbot.waitUntil(win.trust_bar.isVisible, timeout=10_000)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=10_000)
    assert QApplication.focusWidget() is win.view
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert not win.document.outside_allowed
    assert win.trust_bar.isVisible()


def test_a_source_pasted_into_a_new_map_keeps_a_clean_path_and_says_why_it_asks(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copied from a map opened through a folder link, its "../notes.txt" came into a new map
    as "…/ex/out/../notes.txt" (and a spelling-only clean-up would name the decoy beside the
    link); the bar asked again in words about a folder the map did not have."""
    real = tmp_path / "real"
    (real / "out").mkdir(parents=True)
    (real / "notes.txt").write_text(INSIDE, "utf-8")
    (tmp_path / "ex").mkdir()
    (tmp_path / "ex" / "out").symlink_to(real / "out", target_is_directory=True)
    (tmp_path / "ex" / "notes.txt").write_text(DIARY, "utf-8")  # where normpath would lead
    source = Source(id="notes", title="Notes", file="../notes.txt")
    node = Node(id="n", label="Brakes", x=0, y=0, quotes=[Quote(source="notes", text=INSIDE)])
    save(ConceptMap(title="Mine", sources=[source], nodes=[node]), real / "out" / "map.json")
    win = open_window(qtbot, tmp_path / "ex" / "out" / "map.json")
    qtbot.waitUntil(win.trust_bar.isVisible)
    click(qtbot, win.trust_bar.allow_button)
    ctrl = Qt.KeyboardModifier.ControlModifier
    viewport = win.view.viewport()
    item = win.scene.node_items["n"]
    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, pos=win.view.mapFromScene(item.cx, item.cy)
    )
    for key in (Qt.Key.Key_C, Qt.Key.Key_N, Qt.Key.Key_V):
        win.view.setFocus()
        qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
        qtbot.keyClick(QApplication.focusObject(), key, ctrl)
    doc = win.document
    assert doc.path is None and [n.label for n in doc.cmap.nodes] == ["Brakes"]
    [pasted] = doc.cmap.sources
    assert pasted.file == str(real / "notes.txt")
    qtbot.waitUntil(win.trust_bar.isVisible)
    said = win.trust_bar.message.text()
    assert "no folder yet" in said and "does not carry over" in said
    assert str(real / "notes.txt") in said and ".." not in said
    # The pasted concept's quote card says the same, not "outside this map's folder".
    card = win.details.toPlainText()
    assert f"({real / 'notes.txt'}) is blocked: this map is not saved yet" in card
    click(qtbot, win.trust_bar.allow_button)
    assert doc.source_text("notes") == INSIDE
    # Saved, it names the text from the map's folder.
    target = tmp_path / "saved" / "mine.json"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_S, ctrl)
    qtbot.waitUntil(lambda: doc.path == target, timeout=10_000)
    assert load(target).sources[0].file == "../real/notes.txt"


def test_a_map_in_a_linked_folder_names_a_text_that_a_climb_would_miss_in_full(
    tmp_path: Path,
) -> None:
    """From a folder that is a link, "../real/notes.txt" would climb out of the link's target."""
    text = tmp_path / "real" / "notes.txt"
    text.parent.mkdir()
    text.write_text(INSIDE, "utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "linked").symlink_to(tmp_path / "deep" / "er", target_is_directory=True)
    assert source_reference(text, tmp_path / "linked" / "map.json") == str(text)
    assert source_reference(text, tmp_path / "plain" / "map.json") == "../real/notes.txt"
