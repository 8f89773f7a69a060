"""What another tool's file said about a concept or link beyond what the map draws (a gene's
ids, a CmapTools resource's web page) is listed in the Details pane; it was kept on import and
shown nowhere. Only a web address is a link, and only a click on it opens the browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices

from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.ui.mainwindow import MainWindow

from .conftest import INTEROP, needs_shared, open_window, shown_window
from .real_input import click_anchor

PAPER = "https://example.org/paper?id=7"


def gene_map(tmp_path: Path) -> Path:
    cmap = ConceptMap(
        title="Genes",
        nodes=[
            Node(
                id="g",
                label="PD-1 gene",
                x=0,
                y=0,
                data={
                    "Entrez_Gene_ID": "5133",
                    "font-name": "Verdana",  # CmapTools' look, kept for export: not listed
                    "resources": [{"label": "Paper", "url": PAPER, "type": "web page"}],
                    "script": "javascript:alert(1)",
                    "local": "file:///etc/passwd",
                    "score": 0.028005621,
                },
            ),
            Node(id="h", label="PD-L1 gene", x=300, y=0),
        ],
        edges=[
            Edge(
                id="gh",
                source="g",
                target="h",
                label="binds",
                data={"networks": ["BioGRID", "Krogan"], "fromSide": "right"},
            )
        ],
    )
    path = tmp_path / "genes.json"
    path.write_text(json.dumps(cmap.model_dump(mode="json")), encoding="utf-8")
    return path


def click_concept(qtbot, window: MainWindow, node_id: str) -> None:
    item = window.scene.node_items[node_id]
    point = window.view.mapFromScene(QPointF(item.cx, item.cy))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.details.current == ("node", node_id), timeout=10_000)


def anchors(window: MainWindow) -> set[str]:
    found = set()
    block = window.details.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            found.add(it.fragment().charFormat().anchorHref())
            it += 1
        block = block.next()
    return found - {""}


def test_a_concepts_kept_data_is_listed_and_its_web_page_opens_on_a_click(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    window = open_window(qtbot, gene_map(tmp_path), (1200, 800))
    click_concept(qtbot, window, "g")
    text = window.details.toPlainText()
    assert "Data (5)" in text
    assert "Entrez_Gene_ID  5133" in text and "score  0.0280056" in text
    assert "label Paper · url https://example.org/paper?id=7 · type web page" in text
    assert "font-name" not in text and "Verdana" not in text
    # Words that name a script or a file are listed as the text they are...
    assert "script  javascript:alert(1)" in text and "local  file:///etc/passwd" in text
    web = {href for href in anchors(window) if not href.startswith("mv:")}
    assert web == {PAPER}  # ...but only the web address is a link
    click_anchor(qtbot, window.details, PAPER)
    qtbot.waitUntil(lambda: opened == [QUrl(PAPER).toString()], timeout=10_000)
    assert window.details.current == ("node", "g")  # the pane stays where it was


def test_a_links_kept_data_is_listed_without_the_canvas_sides(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, gene_map(tmp_path), (1200, 800))
    window.details.show_item("edge", "gh")
    text = window.details.toPlainText()
    assert "Data (1)" in text and "networks  BioGRID, Krogan" in text
    assert "fromSide" not in text


@needs_shared(INTEROP)
def test_a_cmaptools_concepts_resources_are_listed_with_their_web_page(qtbot) -> None:
    """The IHMC sample's Plants concept has five resources (images, videos, a shortcut); one
    has a web address. The import said they were "kept in data, not shown"."""
    cmap = open_map(INTEROP / "cxl/plants-ihmc-annotated.cxl")
    window = shown_window(
        qtbot, Document(cmap), (1200, 800)
    )  # an import: a new, unsaved map, as File > Open makes
    plants = next(n.id for n in window.document.cmap.nodes if n.label == "Plants")
    click_concept(qtbot, window, plants)
    text = window.details.toPlainText()
    for label in ("Nebula", "Root Growth", "Computer Geeks", "Computer Geeks URL"):
        assert f"label {label} ·" in text
    assert {h for h in anchors(window) if not h.startswith("mv:")} == {"http://www.geeks.com"}
    assert "listed in their concepts' Details" in window.document.cmap.description


def test_a_table_of_hundreds_of_columns_says_how_many_more(qtbot, tmp_path: Path) -> None:
    cmap = ConceptMap(
        nodes=[
            Node(
                id="w",
                label="Wide",
                x=0,
                y=0,
                data={
                    "history": [{"year": y, "value": y * 2} for y in range(1000)],
                    **{f"column {i:03}": i for i in range(100)},
                },
            )
        ]
    )
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(cmap.model_dump(mode="json")), encoding="utf-8")
    window = open_window(qtbot, path, (1200, 800))
    click_concept(qtbot, window, "w")
    text = window.details.toPlainText()
    assert "Data (101)" in text and "year 59 · value 118" in text and "year 60 " not in text
    assert "and 940 more entries" in text
    assert "column 058  58" in text and "column 059" not in text and "and 41 more fields" in text
