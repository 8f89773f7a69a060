"""The source reader: a quote opens its document at the passage, and passages lead back."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QAbstractButton, QLabel

from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.details.detailpane import link_href
from mapviewer.ui.details.sourcereader import PRIMARY, SECONDARY, utf16_offsets
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1400, 900)


def squash(text: str) -> str:
    return " ".join(text.replace("\u2029", " ").split())


def concept_with_two_quotes_from_one_source(win: MainWindow) -> tuple[str, str]:
    for node in win.document.cmap.nodes:
        counts = Counter(q.source for q in node.quotes)
        for source, count in counts.items():
            if count >= 2:
                return node.id, source
    pytest.fail("the default map has no concept quoting one source twice")


def colours(win: MainWindow) -> list[tuple[str, QColor]]:
    """Each marked stretch of the reader and its background colour."""
    return [
        (squash(s.cursor.selectedText()), s.format.background().color())
        for s in win.reader.text.extraSelections()
    ]


def test_clicking_a_quote_opens_its_source_scrolled_and_highlighted(qtbot, window) -> None:
    node_id, source_id = concept_with_two_quotes_from_one_source(window)
    node = window.document.nodes[node_id]
    index = next(i for i, q in enumerate(node.quotes) if q.source == source_id)
    window.go_to("node", node_id)
    window.details.anchorClicked.emit(QUrl(link_href("quote", node_id, f"node:{index}")))
    reader = window.reader
    assert window.reader_dock.isVisible()
    source = window.document.sources[source_id]
    assert reader.title.text() == source.title
    assert source.title not in reader.citation.text()  # the heading says it; the details don't
    found = colours(window)
    strong = [text for text, colour in found if colour == reader.colour(PRIMARY)]
    assert strong == [squash(node.quotes[index].text)]
    others = {
        squash(q.text) for i, q in enumerate(node.quotes) if q.source == source_id and i != index
    }
    second = {text for text, colour in found if colour == reader.colour(SECONDARY)}
    assert others <= second
    # The passage is on screen, in a reader tall enough to read it.
    qtbot.waitUntil(lambda: reader.text.viewport().height() > 200, timeout=2000)

    def on_screen() -> bool:
        cursor = reader.text.textCursor()
        return reader.text.viewport().rect().contains(reader.text.cursorRect(cursor).center())

    qtbot.waitUntil(on_screen, timeout=2000)


def test_clicking_a_marked_passage_selects_who_quotes_it(qtbot, window) -> None:
    reader = window.reader
    reader.show_source("cancerquest")
    # A passage only one concept quotes (one quoted by several opens a chooser instead).
    passage = next(
        p
        for p in reader.passages
        if p.owner_kind == "node" and len(reader.passage_at(p.start + 1)) == 1
    )
    cursor = reader.text.textCursor()
    cursor.setPosition(passage.start + 1)
    reader.text.setTextCursor(cursor)
    reader.text.ensureCursorVisible()
    where = reader.text.cursorRect(cursor).center()
    qtbot.mouseClick(reader.text.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.scene.current[1] == passage.owner_id, timeout=10000)


def test_only_what_this_source_supports_dims_the_rest(qtbot, window) -> None:
    window.reader_dock.show()
    window.reader.show_source("eran2023")
    window.reader.only_supported.setChecked(True)
    supported, _ = window.reader.supported()
    assert supported
    for node_id, item in window.scene.node_items.items():
        assert item.dimmed == (node_id not in supported)
    window.reader.show_source("astier")  # switching documents keeps the filter, for the new one
    supported, _ = window.reader.supported()
    assert {n for n, i in window.scene.node_items.items() if not i.dimmed} == supported
    window.reader.only_supported.setChecked(False)
    assert not any(i.dimmed for i in window.scene.node_items.values())


def test_an_edited_quote_is_marked_in_pane_and_reader(qtbot, tmp_path: Path) -> None:
    data = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    data["nodes"][1]["quotes"][0]["text"] = (
        "PD-1 is an immune checkpoint that acts like a brake on T-cell activity."
    )
    shutil.copytree(DATA / "sources", tmp_path / "sources")  # texts are read beside the map
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    win = MainWindow(Document(load(path), path))
    qtbot.addWidget(win)
    win.go_to("node", "pd-1")
    text = win.details.toPlainText()
    assert "⚠ These words are not in the source." in text
    assert "“PD-1 is an immune checkpoint that acts as a brake on T-cell activity.”" in text
    win.open_quote("node", "pd-1", 0)
    passage = next(p for p in win.reader.passages if p.owner_id == "pd-1")
    assert passage.exact is False


def test_utf16_offsets_count_astral_characters_twice() -> None:
    assert utf16_offsets("a😀b") == [0, 1, 3, 4]
    assert PRIMARY < SECONDARY


def test_the_source_pane_names_its_source_once_and_keeps_all_a_citation_needs(
    qtbot, window
) -> None:
    """Opened from a concept's quote, the pane read "Unraveling immune therapy resistance
    mechanisms: Navigating the challenges of cancer treatment" three times over: in the chooser,
    as the heading, and inside the citation under it. The heading names it once; the chooser
    says which source of how many (its list names them all) and the citation gives the rest."""
    source = next(s for s in window.document.cmap.sources if s.citation.startswith("Eran K."))
    node = next(
        n for n in window.document.cmap.nodes if n.quotes and n.quotes[0].source == source.id
    )
    window.go_to("node", node.id)
    window.details.anchorClicked.emit(QUrl(link_href("quote", node.id, "node:0")))
    reader = window.reader
    qtbot.waitUntil(lambda: reader.isVisible() and reader.source_id == source.id, timeout=10_000)
    shown = [label.text() for label in reader.findChildren(QLabel) if label.isVisible()]
    shown += [b.text() for b in reader.findChildren(QAbstractButton) if b.isVisible()]
    shown.append(reader.chooser.shown_text())
    seen = "\n".join(shown)
    assert seen.count(source.title) == 1, seen
    assert reader.title.text() == source.title
    # The shut chooser is too narrow for the title: what it draws is not the title.
    metrics = reader.chooser.fontMetrics()
    assert reader.chooser.width() < metrics.horizontalAdvance(source.title)
    sources = window.document.cmap.sources
    assert reader.chooser.shown_text() == f"Source {sources.index(source) + 1} of {len(sources)}"
    for needed in ("Eran K.", "J Clin Immunol. 2023;6(4):164.", "DOI: 10.35841/aacir-6.4.164"):
        assert needed in seen
    assert "Navigating the challenges" in reader.citation.toolTip()  # the citation whole


def test_a_hidden_reader_loads_its_text_when_first_shown(qtbot) -> None:
    """Laying out a source costs ~10 MB: a reader nobody has opened holds no text yet."""
    win = MainWindow(Document(load(DEFAULT_MAP), DEFAULT_MAP))
    qtbot.addWidget(win)
    win.reader_dock.hide()
    win.show()
    reader = win.reader
    first = win.document.cmap.sources[0]
    assert reader.title.text() == first.title
    assert reader.text.document().isEmpty()
    win.reader_dock.show()
    qtbot.waitUntil(lambda: not reader.text.document().isEmpty(), timeout=2000)
    assert reader.source_id == first.id
    assert reader.passages


def test_a_quote_added_from_the_reader_lights_its_concept_under_the_filter(qtbot, window) -> None:
    """With "show only what this source supports" ticked, quoting a dimmed concept lights it."""
    window.reader_dock.show()
    reader = window.reader
    reader.show_source("eran2023")
    reader.only_supported.setChecked(True)
    supported, _ = reader.supported()
    node_id = next(n for n in window.document.nodes if n not in supported)
    window.go_to("node", node_id)
    item = window.scene.node_items[node_id]

    def lit() -> bool:
        return node_id in window.scene.dim_filter("source")[0]

    assert not lit()
    assert not item.dimmed  # selected, it is drawn whole all the same, so the selection shows
    cursor = reader.text.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor, 6)
    reader.text.setTextCursor(cursor)
    assert reader.add_selection_as_quote()
    assert lit()
    window.document.undo_stack.undo()  # the quote goes: the concept fades again
    qtbot.waitUntil(lambda: not lit(), timeout=2000)
    window.scene.clearSelection()
    assert item.dimmed
