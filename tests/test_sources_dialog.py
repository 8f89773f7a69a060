"""Map > Sources as a person uses it: add a document (text, Markdown, HTML, PDF), name and cite
it, point it at another file, remove it (asking first when it is quoted); every change one undo
step; files referenced relative to the map, copied beside it on request without overwriting;
documents dropped onto the Source dock; a new map that quotes from its first minute; a missing
file flagged and a file from elsewhere under the trust rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mapviewer.commands import RemoveSourceCommand, quotes_citing
from mapviewer.document import Document, copy_beside_map
from mapviewer.io.mapfile import load
from mapviewer.model import ConceptMap, Source
from mapviewer.ui import settings as prefs
from mapviewer.ui.dialogs.sourcesdialog import SourcesDialog
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, copy_sample, open_window, run_mapviewer
from .real_input import drag_and_drop, file_mime, keys_when_shown

CTRL = Qt.KeyboardModifier.ControlModifier
PRIMER = "PD-1 is a checkpoint receptor on T cells that dampens their response when it binds"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the sample map with its source beside it, in a folder of its own."""
    return copy_sample(tmp_path / "map")


@pytest.fixture
def window(qtbot, copy: Path) -> MainWindow:
    win = open_window(qtbot, copy, (1300, 850))
    win.activateWindow()
    win.view.setFocus()
    return win


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    """Documents somewhere else on the disk, as a person's Downloads folder holds them."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "checkpoint_notes.md").write_text(
        "# Notes\n\nImmune checkpoint inhibitors release the brakes on T cells so they attack "
        "the tumour again.\n",
        encoding="utf-8",
    )
    (folder / "review.html").write_text(
        "<html><body><p>Tumours recruit regulatory T cells to hide.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return folder


def press(qtbot, win: MainWindow, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the focus, so the window's shortcuts resolve."""
    qtbot.keyClick(QGuiApplication.focusObject() or win.view, key, modifiers)


def open_sources(qtbot, win: MainWindow) -> SourcesDialog:
    """Map > Sources…, found through the menu bar as a person finds it."""
    [map_menu] = [a.menu() for a in win.menuBar().actions() if a.text() == "&Map"]
    [action] = [a for a in map_menu.actions() if a.text() == "&Sources…"]
    action.trigger()
    dialog = win.findChild(SourcesDialog, "SourcesDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    return dialog


def pick(monkeypatch, *paths: Path) -> None:
    """The file chooser answers with ``paths``, as a person choosing them would."""
    names = [str(p) for p in paths]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (names, ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (names[0], ""))


def rows(dialog: SourcesDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype(qtbot, field, text: str) -> None:
    """Select the field's text, type over it and press Return, as a person edits a field."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_new_map_can_quote_from_its_first_minute(qtbot, window, papers, monkeypatch) -> None:
    press(qtbot, window, Qt.Key.Key_N, CTRL)  # File > New Map
    assert window.document.path is None and not window.document.cmap.sources
    window.view.setFocus()
    press(qtbot, window, Qt.Key.Key_Insert)  # Map > New Concept
    editor = window.edits.canvas.editor
    qtbot.waitUntil(editor.hasFocus, timeout=10_000)
    qtbot.keyClicks(editor, "Checkpoint inhibitors")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    [node] = window.document.cmap.nodes
    editing = window.detail_editing.editor
    assert not editing.add_quote_button.isEnabled()  # nothing to quote yet

    dialog = open_sources(qtbot, window)
    assert not dialog.keep_copy.isEnabled()  # no folder to copy into before the map is saved
    pick(monkeypatch, papers / "checkpoint_notes.md")
    click(qtbot, dialog.add_button)
    assert rows(dialog) == ["Checkpoint notes"]
    [source] = window.document.cmap.sources
    assert source.file == str(papers / "checkpoint_notes.md")  # absolute while unsaved
    assert not window.trust_bar.isVisible()  # the person's own pick is read at once
    dialog.close()

    reader = window.reader
    qtbot.waitUntil(reader.isVisible, timeout=10_000)  # the new source is opened for quoting
    assert "release the brakes" in reader.text.toPlainText()
    assert editing.add_quote_button.isEnabled()
    window.go_to("node", node.id)
    start = reader.text.toPlainText().index("Immune checkpoint")
    cursor = reader.text.textCursor()
    cursor.setPosition(start)
    reader.text.setTextCursor(cursor)
    reader.text.setFocus()
    for _ in range(7):  # seven words, selected with the keyboard
        qtbot.keyClick(reader.text, Qt.Key.Key_Right, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert reader.add_quote_action.isEnabled()
    click(qtbot, reader.add_quote_button)
    [quote] = window.document.nodes[node.id].quotes
    assert quote.source == source.id
    assert quote.text.startswith("Immune checkpoint inhibitors release the brakes")

    # Saved beside the notes' folder: the file is then named relative to the map.
    target = papers.parent / "maps" / "mine.json"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["sources"][0]["file"] == "../downloads/checkpoint_notes.md"
    # The person's own pick stays allowed for the saved map: it opens without asking again.
    assert prefs.outside_sources_choice(target) is True
    assert not window.trust_bar.isVisible()
    done = run_mapviewer("check", "--allow-outside", str(target))
    assert done.returncode == 0, done.stdout + done.stderr


def test_keep_a_copy_puts_it_beside_the_map_and_never_overwrites(
    qtbot, window, copy, papers, monkeypatch
) -> None:
    other = papers / "elsewhere"
    other.mkdir()
    (other / "checkpoint_notes.md").write_text("A different note with the same name.\n")
    dialog = open_sources(qtbot, window)
    assert dialog.keep_copy.isEnabled() and dialog.keep_copy.isChecked()
    pick(monkeypatch, papers / "checkpoint_notes.md", other / "checkpoint_notes.md")
    click(qtbot, dialog.add_button)
    assert window.document.undo_stack.count() == 1  # both files are one step
    files = [s.file for s in window.document.cmap.sources[1:]]
    assert files == ["sources/checkpoint_notes.md", "sources/checkpoint_notes-2.md"]
    folder = copy.parent / "sources"
    assert (folder / "checkpoint_notes.md").read_bytes() == (
        papers / "checkpoint_notes.md"
    ).read_bytes()
    assert "different" in (folder / "checkpoint_notes-2.md").read_text()
    # The same file again is no second source; once removed, adding it reuses its copy.
    pick(monkeypatch, papers / "checkpoint_notes.md")
    click(qtbot, dialog.add_button)
    assert "already a source (“Checkpoint notes”)" in dialog.problem_label.text()
    assert len(window.document.cmap.sources) == 3
    dialog.select("checkpoint-notes")
    click(qtbot, dialog.remove_button)  # not quoted: no question
    click(qtbot, dialog.add_button)
    assert window.document.cmap.sources[-1].file == "sources/checkpoint_notes.md"
    assert sorted(p.name for p in folder.iterdir()) == [
        "checkpoint-primer.txt",
        "checkpoint_notes-2.md",
        "checkpoint_notes.md",
    ]
    assert not window.trust_bar.isVisible()
    assert window.document.source_status(window.document.cmap.sources[-1].id).state == "readable"


def test_html_and_pdf_are_accepted_each_add_is_one_undo_step(
    qtbot, window, papers, monkeypatch
) -> None:
    doc = window.document
    dialog = open_sources(qtbot, window)
    dialog.keep_copy.setChecked(False)
    for name in ("review.html", "paper.pdf"):
        pick(monkeypatch, papers / name)
        click(qtbot, dialog.add_button)
    assert rows(dialog)[1:] == ["Review", "Paper"]
    assert [s.file for s in doc.cmap.sources[1:]] == [
        "../downloads/review.html",
        "../downloads/paper.pdf",
    ]
    assert doc.undo_stack.count() == 2
    assert doc.undo_stack.undoText() == "Add source"
    doc.undo_stack.undo()
    assert rows(dialog)[1:] == ["Review"]


def test_title_citation_and_url_each_one_step_and_quotes_follow_a_rename(qtbot, window) -> None:
    doc = window.document
    dialog = open_sources(qtbot, window)
    assert rows(dialog) == ["Checkpoint primer"]
    retype(qtbot, dialog.title_edit, "PD-1 primer")
    retype(qtbot, dialog.citation_edit, "Doe J. A primer. 2026.")
    retype(qtbot, dialog.url_edit, "not a url")
    assert "https://" in dialog.problem_label.text()
    retype(qtbot, dialog.url_edit, "https://example.org/primer")
    assert doc.undo_stack.count() == 3
    [source] = doc.cmap.sources
    assert (source.id, source.title, source.citation, source.url) == (
        "primer",
        "PD-1 primer",
        "Doe J. A primer. 2026.",
        "https://example.org/primer",
    )
    assert rows(dialog) == ["PD-1 primer"]
    assert window.reader.chooser.itemText(0) == "PD-1 primer"
    assert all(q.source == "primer" for n in doc.cmap.nodes for q in n.quotes)
    dialog.close()
    window.edits.undo.trigger()
    window.edits.undo.trigger()
    assert doc.sources["primer"].url is None and doc.sources["primer"].citation.startswith("map")
    window.edits.undo.trigger()
    assert doc.sources["primer"].title == "Checkpoint primer"


def test_removing_a_quoted_source_asks_and_says_how_many_quotes_go(qtbot, window) -> None:
    doc = window.document
    before = load(window.document.path).model_dump()
    dialog = open_sources(qtbot, window)
    assert dialog.quoted_label.text() == "Quoted 5 times in this map."
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as answer:
        click(qtbot, dialog.remove_button)
    assert answer.active
    assert answer.texts[0] == "Remove “Checkpoint primer” and the 5 quotes that cite it?"
    assert len(doc.cmap.sources) == 1 and doc.undo_stack.count() == 0
    with keys_when_shown(QMessageBox, [Qt.Key.Key_R]):
        click(qtbot, dialog.remove_button)
    assert not doc.cmap.sources and rows(dialog) == []
    assert not any(n.quotes for n in doc.cmap.nodes) and not any(e.quotes for e in doc.cmap.edges)
    assert dialog.empty.isVisible()
    assert doc.undo_stack.count() == 1
    dialog.close()
    window.edits.undo.trigger()
    assert doc.cmap.model_dump() == before  # every quote back in its place
    window.edits.redo.trigger()
    target = doc.path
    doc.save()
    assert load(target).sources == []  # the saved map opens again: no quote cites nothing


def test_the_source_dock_lets_go_of_the_last_source_removed(qtbot, window) -> None:
    window.reader_dock.show()
    qtbot.waitUntil(lambda: "PD-1" in window.reader.text.toPlainText(), timeout=10_000)
    dialog = open_sources(qtbot, window)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_R]):
        click(qtbot, dialog.remove_button)
    assert window.reader.title.text() == "No sources"
    assert window.reader.text.toPlainText() == ""
    window.document.undo_stack.undo()
    assert window.reader.title.text() == "Checkpoint primer"
    assert "PD-1" in window.reader.text.toPlainText()


def test_removing_a_source_takes_its_tour_quotes_too_and_undo_brings_them_back() -> None:
    cmap = ConceptMap.model_validate(
        {
            "sources": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
            "nodes": [
                {
                    "id": "n",
                    "label": "N",
                    "x": 0,
                    "y": 0,
                    "quotes": [{"source": "a", "text": "one"}, {"source": "b", "text": "two"}],
                }
            ],
            "tours": [
                {
                    "id": "t",
                    "title": "T",
                    "steps": [
                        {"focus": ["n"], "quote": {"source": "a", "text": "one"}},
                        {"focus": ["n"], "quote": {"source": "b", "text": "two"}},
                    ],
                }
            ],
        }
    )
    doc = Document(cmap)
    before = doc.cmap.model_dump()
    assert quotes_citing(doc, "a") == (1, 0, 1)
    doc.undo_stack.push(RemoveSourceCommand(doc, "a"))
    assert [s.id for s in doc.cmap.sources] == ["b"]
    assert [q.source for q in doc.nodes["n"].quotes] == ["b"]
    steps = doc.cmap.tours[0].steps
    assert steps[0].quote is None and steps[1].quote is not None
    assert doc.undo_stack.undoText() == "Remove source “A”"
    doc.undo_stack.undo()
    assert doc.cmap.model_dump() == before


def test_an_unquoted_source_goes_without_a_question(qtbot, window, papers, monkeypatch) -> None:
    dialog = open_sources(qtbot, window)
    pick(monkeypatch, papers / "review.html")
    click(qtbot, dialog.add_button)
    assert dialog.current_id == "review" and dialog.quoted_label.text() == "Not quoted yet."
    click(qtbot, dialog.remove_button)  # would block on a question if it asked one
    assert [s.id for s in window.document.cmap.sources] == ["primer"]


def test_dropping_documents_on_the_source_dock_adds_them(qtbot, window, copy, papers) -> None:
    window.reader_dock.show()
    qtbot.waitUntil(window.reader.text.isVisible, timeout=10_000)
    viewport = window.reader.text.viewport()
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    mime = file_mime(papers / "paper.pdf", papers / "checkpoint_notes.md")
    assert drag_and_drop(viewport, centre, mime)
    doc = window.document
    assert [s.id for s in doc.cmap.sources] == ["primer", "paper", "checkpoint-notes"]
    # A saved map keeps a copy of what is dropped from elsewhere, so the two travel together.
    assert doc.sources["paper"].file == "sources/paper.pdf"
    assert (copy.parent / "sources" / "paper.pdf").is_file()
    assert doc.undo_stack.count() == 1
    assert window.reader.source_id == "checkpoint-notes"
    # The same document again is no second source, and the window says so without blocking.
    assert drag_and_drop(viewport, centre, file_mime(papers / "paper.pdf"))
    box = window.findChild(QMessageBox, "SourcesNotAdded")
    assert box is not None and "paper.pdf: already a source (“Paper”)" in box.text()
    box.close()
    assert len(doc.cmap.sources) == 3
    # A map dropped there is no source: it falls through to the window, which opens it.
    other = papers / "other.json"
    shutil.copy(DATA / "sample.json", other)
    assert drag_and_drop(viewport, centre, file_mime(other))
    qtbot.waitUntil(lambda: window.document.path == other, timeout=10_000)
    assert [s.id for s in window.document.cmap.sources] == ["primer"]


def test_a_missing_file_is_flagged_on_its_quotes_and_the_map_opens(
    qtbot, copy, tmp_path, monkeypatch
) -> None:
    (copy.parent / "sources" / "checkpoint-primer.txt").unlink()
    win = open_window(qtbot, copy, (1300, 850))
    win.go_to("node", "pd-1")
    assert "missing" in win.details.toPlainText()
    dialog = open_sources(qtbot, win)
    assert rows(dialog) == ["Checkpoint primer    ⚠ file missing"]
    assert "missing" in dialog.state_label.text()
    # Change File… points the same source (and its quotes) at the text found elsewhere.
    found = tmp_path / "found" / "primer.txt"
    found.parent.mkdir()
    shutil.copy(DATA / "sources" / "checkpoint-primer.txt", found)
    pick(monkeypatch, found)
    click(qtbot, dialog.change_file_button)
    assert rows(dialog) == ["Checkpoint primer"]
    assert win.document.sources["primer"].file == "sources/primer.txt"  # copied beside the map
    win.go_to("node", "pd-1")
    assert "missing" not in win.details.toPlainText()


def test_a_file_from_elsewhere_waits_for_the_trust_bar_on_a_strangers_map(
    qtbot, tmp_path, papers, monkeypatch
) -> None:
    """A map whose own sources are blocked: adding another outside file allows nothing by
    itself; the bar names both and the person decides."""
    folder = tmp_path / "stranger"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("private words\n")
    cmap = ConceptMap(sources=[Source(id="s", title="S", file="../secret.txt")])
    path = folder / "map.json"
    Document(cmap).save(path)
    win = open_window(qtbot, path, (1300, 850))
    assert win.trust_bar.isVisible()
    dialog = open_sources(qtbot, win)
    dialog.keep_copy.setChecked(False)
    pick(monkeypatch, papers / "review.html")
    click(qtbot, dialog.add_button)
    assert not win.document.outside_allowed
    assert "2 source files" in win.trust_bar.message.text()
    assert rows(dialog)[0].endswith("⚠ blocked: outside the map's folder")


def test_copy_beside_map_refuses_what_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="not a regular file"):
        copy_beside_map(tmp_path, tmp_path / "map.json")


def test_first_save_makes_absolute_files_relative(tmp_path: Path) -> None:
    text = tmp_path / "notes" / "a.md"
    text.parent.mkdir()
    text.write_text("words\n")
    doc = Document(ConceptMap(sources=[Source(id="a", title="A", file=str(text))]))
    (tmp_path / "maps").mkdir()
    doc.save(tmp_path / "maps" / "m.json")
    assert doc.cmap.sources[0].file == "../notes/a.md"
    assert load(tmp_path / "maps" / "m.json").sources[0].file == "../notes/a.md"


WINDOWS_NOTES = (
    "Résumé of my reading\r\n\r\nKiller T cells recognise tumour antigens on MHC class I.\r\n\r\n"
    "Tumour cells escape by losing MHC class I – so killer T cells miss them.\r\n"
)


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "utf-16"])
def test_notes_saved_on_windows_are_read_and_quoted_exactly(
    qtbot, window, tmp_path: Path, monkeypatch, codec: str
) -> None:
    """A researcher's own notes from Windows Notepad, in Windows-1252 or in "Unicode" (UTF-16),
    with Windows line ends: the Source dock said "cannot be read: not UTF-8 text (byte 1)";
    and a UTF-8 file with Windows line ends quoted the words as many characters too early as
    line ends stood before them ("and kill the tumour" for "kill the tumour")."""
    notes = tmp_path / "my notes.txt"
    notes.write_bytes(WINDOWS_NOTES.encode(codec))
    dialog = open_sources(qtbot, window)
    dialog.keep_copy.setChecked(False)
    pick(monkeypatch, notes)
    click(qtbot, dialog.add_button)
    dialog.close()
    reader = window.reader
    qtbot.waitUntil(lambda: "Résumé of my reading" in reader.text.toPlainText(), timeout=10_000)
    window.go_to("node", "tregs")
    start = reader.text.toPlainText().index("losing MHC")
    cursor = reader.text.textCursor()
    cursor.setPosition(start)
    reader.text.setTextCursor(cursor)
    reader.text.setFocus()
    for _ in range(5):  # "losing MHC class I –", chosen with the keyboard
        qtbot.keyClick(reader.text, Qt.Key.Key_Right, CTRL | Qt.KeyboardModifier.ShiftModifier)
    click(qtbot, reader.add_quote_button)
    quote = window.document.nodes["tregs"].quotes[-1]
    assert quote.text.startswith("losing MHC class I")
    source = window.document.cmap.sources[-1]
    assert window.document.source_status(source.id).state == "readable"
    window.view.setFocus()
    press(qtbot, window, Qt.Key.Key_S, CTRL)  # saved where it was opened from
    assert not window.isWindowModified()
    done = run_mapviewer("check", "--allow-outside", str(window.document.path))
    assert done.returncode == 0, done.stdout + done.stderr  # every quote matches its source


def test_keep_a_copy_says_beside_it_why_it_is_off_until_the_map_is_saved(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """On a new map the box was greyed and only its tooltip said why."""
    press(qtbot, window, Qt.Key.Key_N, CTRL)  # File > New Map
    dialog = open_sources(qtbot, window)
    assert not dialog.keep_copy.isEnabled()
    assert dialog.copy_note.isVisible()
    assert dialog.copy_note.text().startswith("Save the map first")
    # The note sits right under the box, inside the dialog, readable at the dialog's size.
    box, note = dialog.keep_copy.geometry(), dialog.copy_note.geometry()
    assert 0 <= note.top() - box.bottom() < 20 and note.left() == box.left()
    corner = dialog.copy_note.mapTo(dialog, dialog.copy_note.rect().bottomRight())
    assert dialog.rect().contains(corner)
    # Saved while the dialog is open: the box can be ticked and the note goes.
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    [save] = [a for a in file_menu.actions() if a.text() == "&Save"]
    save.trigger()  # File > Save, chosen from the window's menu beside the dialog
    qtbot.waitUntil(lambda: window.document.path == target, timeout=10_000)
    assert dialog.keep_copy.isEnabled() and dialog.keep_copy.isChecked()
    assert not dialog.copy_note.isVisible()
