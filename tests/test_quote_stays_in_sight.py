"""A student reads a quote in Details and clicks its citation to read it in its source. The
Source dock opens under Details and takes most of the column; at 1024x768 Details shrank to
about 200 pixels and the quote clicked went out of sight below, so the quote and its passage
could not be read side by side."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QTextBrowser

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1024, 768)

CITATION = "Immunotherapy (Cancer Health basics)"  # PD-1's first quote's source


def details_page(window: MainWindow) -> QTextBrowser:
    pages = [p for p in window.details_dock.findChildren(QTextBrowser) if p.isVisible()]
    assert len(pages) == 1
    return pages[0]


def text_rect(page: QTextBrowser, words: str) -> QRect:
    """Where ``words`` are drawn in the page's viewport (its first occurrence)."""
    found = page.document().find(words)
    assert not found.isNull(), words
    start = QTextCursor(found)
    start.setPosition(found.selectionStart())
    end = QTextCursor(found)
    end.setPosition(found.selectionEnd())
    return page.cursorRect(start).united(page.cursorRect(end))


def test_the_quote_clicked_stays_in_sight_when_its_source_opens(qtbot, window) -> None:
    item = window.scene.node_items["pd-1"]
    window.view.centerOn(QPointF(item.cx, item.cy))
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.view.mapFromScene(QPointF(item.cx, item.cy)),
    )
    qtbot.waitUntil(lambda: "PD-1" in details_page(window).toPlainText(), timeout=10_000)
    page = details_page(window)
    citation = text_rect(page, CITATION)
    assert page.viewport().rect().contains(citation)  # in sight before the click
    qtbot.mouseClick(page.viewport(), Qt.MouseButton.LeftButton, pos=citation.center())
    qtbot.waitUntil(window.reader_dock.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: window.reader.source_id != "", timeout=10_000)

    def in_sight() -> bool:
        QApplication.processEvents()  # the docks' layout settles over a few events
        viewport = page.viewport().rect()
        quote = text_rect(page, "PD-1 is an immune checkpoint that acts as a brake")
        return viewport.contains(text_rect(page, CITATION)) and viewport.contains(quote)

    qtbot.waitUntil(lambda: page.height() < 300, timeout=10_000)  # the Source took the room
    qtbot.waitUntil(in_sight, timeout=10_000)
