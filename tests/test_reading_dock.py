"""The Source dock shows the reading text; capturing quotes and choosing among many quoters.

Driven as a person does: a mouse drag or Shift+arrow keys select words, the "Add as quote"
button and the "Quote anyway?" box are answered with clicks and keys, a click on a passage
opens the chooser and a click picks an entry; colours are read from the painted pixels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from mapviewer.io.mapfile import save
from mapviewer.model import ConceptMap, Node, Quote, Source
from mapviewer.ui.details.sourcereader import PRIMARY, SECONDARY, utf16_offsets
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .real_input import keys_when_shown

NOTES = (
    "# Checkpoints\n\n"
    "A signal that tells T-cells to stop attacking cancer cells is sent by another pair of "
    "proteins, CTLA-4 and B7-1. When PD-1 binds PD-L1 the T cell becomes inactive.[8](#) "
    "**Immune checkpoint inhibitors** are drugs that *release the brakes* on T cells.\n"
)
SHARED = "Immune checkpoint inhibitors are drugs that release the brakes"
INACTIVE = "When PD-1 binds PD-L1 the T cell becomes inactive."
ACROSS_COLUMNS = (
    "Checkpoint inhibitors are drugs that block these proteins, so the T cells can do their "
    "work again."
)


def quoted(source: str, text: str, page: int | None = None) -> Quote:
    return Quote(source=source, text=text, page=page)


def reading_window(qtbot, tmp_path: Path) -> MainWindow:
    """A map quoting a Markdown note and a two-column PDF; one passage quoted by three."""
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    shutil.copy(DATA / "reading" / "two-column.pdf", tmp_path / "paper.pdf")
    nodes = [
        Node(id="pd1", label="PD-1", x=0, y=0,
             quotes=[quoted("notes", SHARED), quoted("notes", INACTIVE)]),
        Node(id="drugs", label="Checkpoint drugs", x=300, y=0, quotes=[quoted("notes", SHARED)]),
        Node(id="brakes", label="Brakes", x=600, y=0,
             quotes=[quoted("notes", "drugs that release the brakes on T cells")]),
        Node(id="ctla4", label="CTLA-4", x=0, y=200),
        Node(id="cols", label="Columns", x=300, y=200,
             quotes=[quoted("paper", ACROSS_COLUMNS, page=1)]),
    ]  # fmt: skip
    cmap = ConceptMap(
        sources=[
            Source(id="notes", title="Notes", file="notes.md"),
            Source(id="paper", title="Paper", file="paper.pdf"),
        ],
        nodes=nodes,
    )
    path = tmp_path / "reading.json"
    save(cmap, path)
    # Wide enough for the Legend left of the map: the pixel tests below sample the space between
    # two words, which a narrower reading column wraps apart.
    win = open_window(qtbot, path, (1600, 1000))
    win.reader_dock.show()
    return win


def shown(qtbot, win: MainWindow, source_id: str) -> QPlainTextEdit:
    reader = win.reader
    if reader.source_id != source_id:
        reader.chooser.setCurrentIndex(reader.chooser.findData(source_id))
        reader.chooser.activated.emit(reader.chooser.currentIndex())
    qtbot.waitUntil(lambda: reader.source_id == source_id, timeout=10_000)
    qtbot.waitExposed(reader.text)
    return reader.text


def position(text: QPlainTextEdit, words: str, after: bool = False) -> int:
    """The Qt position where ``words`` begin (or end) in the shown text."""
    plain = text.toPlainText()
    at = plain.index(words) + (len(words) if after else 0)
    return utf16_offsets(plain)[at]


def point(text: QPlainTextEdit, pos: int) -> QPoint:
    cursor = QTextCursor(text.document())
    cursor.setPosition(pos)
    return text.cursorRect(cursor).center()


def visible(qtbot, text: QPlainTextEdit, pos: int) -> None:
    cursor = QTextCursor(text.document())
    cursor.setPosition(pos)
    text.setTextCursor(cursor)
    text.ensureCursorVisible()
    qtbot.waitUntil(lambda: text.viewport().rect().contains(point(text, pos)), timeout=10_000)


def test_the_dock_shows_rendered_markdown(qtbot, tmp_path: Path) -> None:
    win = reading_window(qtbot, tmp_path)
    text = shown(qtbot, win, "notes")
    plain = text.toPlainText()
    assert plain.startswith("Checkpoints\n")
    assert "becomes inactive.⁸ Immune checkpoint inhibitors are drugs" in plain
    assert "**" not in plain and "](#)" not in plain and "#" not in plain
    assert all(p.exact for p in win.reader.passages)  # every quote matches the reading text


def test_a_mouse_drag_snaps_to_whole_words_and_few_words_ask_first(qtbot, tmp_path: Path) -> None:
    win = reading_window(qtbot, tmp_path)
    win.go_to("node", "ctla4")
    text = shown(qtbot, win, "notes")
    start, end = position(text, "ther pair o"), position(text, "ther pair o", after=True)
    visible(qtbot, text, start)
    viewport = text.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point(text, start))
    QTest.mouseMove(viewport, point(text, end))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point(text, end))
    assert text.textCursor().selectedText() == "another pair of"  # the selection shows it
    button = win.reader.add_quote_button
    # Three words: the app asks; Escape keeps the map as it was, Return quotes anyway.
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as asked:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked.active and "Quote anyway?" in asked.texts[0]
    assert win.document.nodes["ctla4"].quotes == []
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as asked:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked.active
    [quote] = win.document.nodes["ctla4"].quotes
    assert (quote.source, quote.text, quote.page) == ("notes", "another pair of", None)


def test_a_keyboard_selection_drops_the_reference_marker_at_its_end(qtbot, tmp_path: Path) -> None:
    win = reading_window(qtbot, tmp_path)
    win.go_to("node", "ctla4")
    text = shown(qtbot, win, "notes")
    words = "the T cell becomes inactive.⁸"
    start = position(text, words)
    visible(qtbot, text, start)
    text.setFocus()
    for _ in range(len(words)):
        QTest.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert text.textCursor().selectedText() == words
    QTest.mouseClick(win.reader.add_quote_button, Qt.MouseButton.LeftButton)
    [quote] = win.document.nodes["ctla4"].quotes
    assert quote.text == "the T cell becomes inactive."


def pixel(text: QPlainTextEdit, pos: int) -> QColor:
    """The painted background between two words: the middle of the space at ``pos``."""
    left, right = point(text, pos), point(text, pos + 1)
    image = text.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int((left.x() + right.x()) / 2 * ratio), int(left.y() * ratio))


def choose_from_chooser(qtbot, win: MainWindow, at: QPoint, label: str) -> list[str]:
    """Click a passage, then click ``label`` in the chooser that opens; the entries shown."""
    reader = win.reader
    QTest.mouseClick(reader.text.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(
        lambda: reader.quoters_menu is not None and reader.quoters_menu.isVisible(),
        timeout=10_000,
    )
    menu = reader.quoters_menu
    assert menu is not None
    entries = [a.text() for a in menu.actions()]
    action = next(a for a in menu.actions() if a.text() == label)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    return entries


def test_a_passage_quoted_by_many_opens_a_chooser(qtbot, tmp_path: Path) -> None:
    win = reading_window(qtbot, tmp_path)
    text = shown(qtbot, win, "notes")
    reader = win.reader
    release = position(text, "release the brakes") + 3
    visible(qtbot, text, release)
    entries = choose_from_chooser(qtbot, win, point(text, release), "Brakes")
    assert entries == ["Quoted by 3:", "PD-1 (quote 1)", "Checkpoint drugs", "Brakes"]
    qtbot.waitUntil(lambda: win.scene.current == ("node", "brakes"), timeout=10_000)
    # The third quoter could be reached; and PD-1, the first, again from the same passage.
    choose_from_chooser(qtbot, win, point(text, release), "PD-1 (quote 1)")
    qtbot.waitUntil(lambda: win.scene.current == ("node", "pd1"), timeout=10_000)
    assert reader.focus == ("node", "pd1", 0)
    # The chosen quote has its own opaque colour, even where three quotes overlap; PD-1's
    # other quote has the second colour, clearly different; neither is a stack of tints.
    between = position(text, "drugs that") + len("drugs")
    qtbot.waitUntil(lambda: pixel(text, between) == reader.colour(PRIMARY), timeout=10_000)
    other = position(text, "binds PD-L1") + len("binds")
    visible(qtbot, text, other)
    painted = pixel(text, other)
    strong = reader.colour(PRIMARY)
    assert painted != strong
    assert abs(painted.hueF() - QColor(reader.colour(SECONDARY)).hueF()) < 0.05
    assert abs(painted.hueF() - strong.hueF()) > 0.2


def test_a_pdf_quote_opens_on_its_page_across_the_column_break(qtbot, tmp_path: Path) -> None:
    win = reading_window(qtbot, tmp_path)
    win.go_to("node", "cols")
    win.open_quote("node", "cols", 0)
    reader = win.reader
    qtbot.waitUntil(lambda: reader.source_id == "paper", timeout=10_000)
    assert reader.page_label.isVisible() and reader.page_label.text() == "Page 1 of 1"
    [strong] = [
        " ".join(s.cursor.selectedText().replace("\u2029", " ").split())
        for s in reader.text.extraSelections()
        if s.format.background().color() == reader.colour(PRIMARY)
    ]
    assert strong == ACROSS_COLUMNS
    # Words captured across a hyphenated line end read whole and record their page.
    win.go_to("node", "ctla4")
    text = reader.text
    plain = text.toPlainText()
    start = plain.index("take advan")
    end = plain.index("of these checkpoints") + len("of these checkpoints")
    visible(qtbot, text, start)
    text.setFocus()
    for _ in range(end - start):
        QTest.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.mouseClick(reader.add_quote_button, Qt.MouseButton.LeftButton)
    [quote] = win.document.nodes["ctla4"].quotes
    assert (quote.text, quote.page) == ("take advantage of these checkpoints", 1)


def test_a_quote_opens_on_the_page_it_records(qtbot, tmp_path: Path) -> None:
    """The same words on two pages: the quote's page decides which is shown and marked."""
    import pypdfium2 as pdfium  # noqa: PLC0415 - only this test builds a PDF

    single = pdfium.PdfDocument(DATA / "reading" / "two-column.pdf")
    double = pdfium.PdfDocument.new()
    double.import_pages(single)
    double.import_pages(single)
    double.save(tmp_path / "twice.pdf")
    double.close()
    single.close()
    cmap = ConceptMap(
        sources=[Source(id="twice", title="Twice", file="twice.pdf")],
        nodes=[
            Node(id="first", label="First", x=0, y=0, quotes=[quoted("twice", ACROSS_COLUMNS)]),
            Node(id="second", label="Second", x=300, y=0,
                 quotes=[quoted("twice", ACROSS_COLUMNS, page=2)]),
        ],
    )  # fmt: skip
    save(cmap, tmp_path / "twice.json")
    win = open_window(qtbot, tmp_path / "twice.json", (1400, 900))
    win.go_to("node", "second")
    win.open_quote("node", "second", 0)
    reader = win.reader
    qtbot.waitUntil(lambda: reader.source_id == "twice", timeout=10_000)
    pages = {p.owner_id: p.page for p in reader.passages}
    assert pages == {"first": 1, "second": 2}
    assert len(reader.text.page_starts) == 1  # a rule named "Page 2" between the pages
    qtbot.waitUntil(lambda: reader.page_label.text() == "Page 2 of 2", timeout=10_000)


def test_the_passage_count_follows_undo_and_redo(qtbot, tmp_path: Path) -> None:
    """Quoted from the dock, then Ctrl+Z: the quote and its mark went, but the dock still said
    one passage more than the map quotes, until another source was chosen."""
    win = reading_window(qtbot, tmp_path)
    win.go_to("node", "ctla4")
    text = shown(qtbot, win, "notes")
    before = len(win.reader.passages)
    words = "A signal that tells T-cells to stop attacking"
    start = position(text, words)
    visible(qtbot, text, start)
    text.setFocus()
    for _ in range(len(words)):
        QTest.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.mouseClick(win.reader.add_quote_button, Qt.MouseButton.LeftButton)
    status = win.reader.status
    assert status.text() == f"Added to CTLA-4. {before + 1} passages quoted in this map."
    ctrl = Qt.KeyboardModifier.ControlModifier
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    QTest.keyClick(win.view, Qt.Key.Key_Z, ctrl)
    assert win.document.nodes["ctla4"].quotes == []
    qtbot.waitUntil(
        lambda: status.text() == f"{before} passages quoted in this map.", timeout=10_000
    )
    QTest.keyClick(win.view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: status.text() == f"{before + 1} passages quoted in this map.", timeout=10_000
    )
