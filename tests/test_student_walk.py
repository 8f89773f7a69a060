"""A student exploring a map someone else made: an import from Gephi or yEd, or the default map,
read at fit, focused, filtered; each test drives the window as that person does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtTest import QTest

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

from .conftest import INTEROP, imported_window, needs_shared, open_window
from .test_hubnames import boxes_on_screen

AIRPORTS = INTEROP / "gexf" / "us-airports-gephi093.gexf"
BIOLINK = INTEROP / "graphml" / "biocypher-biolink-ontology.graphml"
BACTERIA = INTEROP / "cxl" / "bacterial-characteristics.cxl"
LES_MISERABLES = INTEROP / "gexf" / "les-miserables-gephi081.gexf"
FOCUS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def click_concept(qtbot, win: MainWindow, node_id: str) -> None:
    item = win.scene.node_items[node_id]
    pos = win.view.mapFromScene(item.sceneBoundingRect().center())
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: win.scene.selection_order() == [node_id], timeout=5000)


def tick_box(qtbot, legend, kind_id: str, state: Qt.CheckState) -> None:
    """Click the tick box of a kind's row in the Legend, until it reads ``state``."""
    row = legend.row_for(kind_id)
    rect = legend.visualItemRect(row)
    box = QPoint(rect.left() + rect.height() // 2, rect.center().y())
    QTest.mouseClick(legend.viewport(), Qt.MouseButton.LeftButton, pos=box)
    qtbot.waitUntil(lambda: row.checkState() == state, timeout=10000)


@needs_shared(AIRPORTS)
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_focus_on_a_hub_keeps_the_legend_counts_whole(qtbot, size) -> None:
    """Focus 1 on Minneapolis (130 links) counts the legend's one row "131 / 235": it read
    "Concept (no kind)  (131 / 23" over a horizontal scroll bar, the legend sized for "(235)"."""
    win = imported_window(qtbot, AIRPORTS, size)
    hub = next(n.id for n in win.document.cmap.nodes if n.label == "Minneapolis - St. Paul Intl")
    click_concept(qtbot, win, hub)
    QTest.keyClick(win.view, Qt.Key.Key_1, FOCUS)
    legend = win.legend
    qtbot.waitUntil(lambda: "131 / 235" in legend.item(0).text(), timeout=5000)
    qtbot.waitUntil(lambda: not win.explore.is_arranging(), timeout=10000)
    assert not legend.horizontalScrollBar().isVisible()
    row = legend.visualItemRect(legend.item(0))
    text = legend.fontMetrics().horizontalAdvance(legend.item(0).text())
    assert row.left() + legend.iconSize().width() + text < legend.viewport().width()


def test_unticking_the_kind_of_the_concept_being_read_says_it_went(qtbot) -> None:
    """A student reading PD-1 unticks Immune checkpoint in the Legend: PD-1, its highlight and
    its Details went with no word, the bar saying only "156 of 161 concepts shown"."""
    win = open_window(qtbot, DEFAULT_MAP, (1366, 768))
    click_concept(qtbot, win, "pd-1")
    tick_box(qtbot, win.legend, "checkpoint", Qt.CheckState.Unchecked)
    said = win.statusBar().currentMessage()
    assert said.startswith("156 of 161 concepts shown")
    assert "“PD-1” is hidden with Immune checkpoint" in said
    # Ticking it again brings it back, and the bar says only the count.
    tick_box(qtbot, win.legend, "checkpoint", Qt.CheckState.Checked)
    assert win.statusBar().currentMessage() == "161 of 161 concepts shown"


@needs_shared(BIOLINK)
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_at_fit_the_hub_of_a_star_is_named_and_its_name_picks_it(qtbot, size) -> None:
    """The BioCypher biolink ontology (GraphML) at fit named 13 concepts but not
    "association", linked to 56, the most of any: its leaves crowd every place a few steps
    from its box. Its name now stands in the nearest gap, with a leader, over no other box;
    a click on it reads it."""
    win = imported_window(qtbot, BIOLINK, size)
    view = win.view
    hub = next(n.id for n in win.document.cmap.nodes if n.label == "association")

    def placed() -> dict[str, QRectF]:
        return {item.node_id: rect for rect, item, _ in view.hub_names.placed}

    qtbot.waitUntil(lambda: len(placed()) >= 12, timeout=10000)  # the names at fit
    assert hub in placed()
    boxes = boxes_on_screen(view)
    covered = [n for n, box in boxes.items() if n != hub and box.intersects(placed()[hub])]
    assert covered == []
    name = placed()[hub]
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(name.left() + 4), int(name.center().y())),
    )
    qtbot.waitUntil(lambda: win.scene.selection_order() == [hub], timeout=5000)
    assert win.details.toPlainText().startswith("association")


@needs_shared(BACTERIA)
def test_a_cmaptools_link_reads_on_one_line_in_details(qtbot) -> None:
    """CmapTools breaks "negative looks" over two lines in its box; clicking blue/green,
    Details read "Ziehl-Neelsen — negative" and "looks → blue/green" on two lines."""
    win = imported_window(qtbot, BACTERIA, (1366, 768))
    leaf = next(n.id for n in win.document.cmap.nodes if n.label == "blue/green")
    click_concept(qtbot, win, leaf)
    qtbot.waitUntil(lambda: "Links (1)" in win.details.toPlainText(), timeout=5000)
    lines = win.details.toPlainText().splitlines()
    assert "Ziehl-Neelsen — negative looks → blue/green" in lines


@needs_shared(LES_MISERABLES)
def test_an_undirected_graphs_links_read_without_arrows_from_the_concept_read(qtbot) -> None:
    """Gephi's Les Misérables is undirected (its links drawn with no arrowhead), yet clicking
    Valjean listed "Marguerite — linked to → Valjean" and 35 more, as if each pointed at him."""
    win = imported_window(qtbot, LES_MISERABLES, (1366, 768))
    hub = next(n.id for n in win.document.cmap.nodes if n.label == "Valjean")
    click_concept(qtbot, win, hub)
    qtbot.waitUntil(lambda: "Links (36)" in win.details.toPlainText(), timeout=5000)
    lines = win.details.toPlainText().splitlines()
    links = lines[lines.index("Links (36)") + 1 :][:36]
    assert "Valjean — linked with — Marguerite" in links
    assert [line for line in links if not line.startswith("Valjean — linked with — ")] == []
