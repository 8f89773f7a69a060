"""The focus question (issue 16): the question a map answers, stated above it as CmapTools does.

It is kept by the JSON file and by CXL (in ``dc:description``, where IHMC's own reference file
keeps "How do plants grow?"), drawn as a heading over the concepts in the window, in ``mapviewer
render`` and in the web page, and edited in Map > Properties as one undo step.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mapviewer.io import cxl, mapfile
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import FOCUS_QUESTION_LIMIT, ConceptMap
from mapviewer.problems import MapFileError
from mapviewer.ui.dialogs.mapproperties import MapPropertiesDialog

from .conftest import DATA, INTEROP, needs_shared, open_window, run_mapviewer
from .io.chromium import BINARY, MISSING, dump_dom

QUESTION = "How do checkpoint inhibitors release the brakes on T cells?"


@pytest.fixture
def asked(tmp_path: Path) -> Path:
    """The sample map with a focus question: the one-line fixture the issue asks for."""
    data = json.loads((DATA / "sample.json").read_text("utf-8"))
    data["focus_question"] = QUESTION
    path = tmp_path / "asked.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


# --- the file -----------------------------------------------------------------------------------


def test_the_json_file_keeps_the_question_and_a_map_without_one_writes_none(
    tmp_path: Path, asked: Path
) -> None:
    cmap = mapfile.load(asked)
    assert cmap.focus_question == QUESTION
    again = tmp_path / "again.json"
    mapfile.save(cmap, again)
    assert json.loads(again.read_text("utf-8"))["focus_question"] == QUESTION
    assert mapfile.load(again).focus_question == QUESTION
    plain = tmp_path / "plain.json"
    mapfile.save(mapfile.load(DATA / "sample.json"), plain)
    assert "focus_question" not in json.loads(plain.read_text("utf-8"))  # format v1 unchanged


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Why?\nBecause.", "one line"),
        ("Why\tnot?", "control characters"),
        ("Why\x00?", "control characters"),
        ("x" * (FOCUS_QUESTION_LIMIT + 1), "at most 300 characters"),
    ],
)
def test_a_question_that_is_not_one_short_line_is_refused_by_name(
    tmp_path: Path, question: str, said: str
) -> None:
    data = json.loads((DATA / "sample.json").read_text("utf-8"))
    data["focus_question"] = question
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    assert "focus_question" in str(caught.value) and said in str(caught.value)


@needs_shared(INTEROP / "cxl" / "plants-ihmc-annotated.cxl")
def test_cmaptools_reference_file_gives_its_focus_question() -> None:
    cmap = cxl.load(INTEROP / "cxl" / "plants-ihmc-annotated.cxl")
    assert cmap.focus_question == "How do plants grow?"
    assert "How do plants grow?" not in cmap.description


def test_cxl_writes_the_question_where_cmaptools_keeps_it_and_reads_both_back(
    tmp_path: Path, asked: Path
) -> None:
    cmap = mapfile.load(asked)
    path = tmp_path / "asked.cxl"
    cxl.save(cmap, path)
    text = path.read_text("utf-8")
    assert f"<dc:description>{QUESTION}</dc:description>" in text
    back = cxl.load(path)
    assert (back.focus_question, back.description) == (QUESTION, cmap.description)
    # Another tool's file (no mapviewer metadata) still yields the question.
    foreign = tmp_path / "foreign.cxl"
    foreign.write_text(text.replace('key="mapviewer"', 'key="someone-else"'), "utf-8")
    assert cxl.load(foreign).focus_question == QUESTION


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".cyjs", ".canvas"])
def test_every_format_we_write_brings_the_question_back(
    tmp_path: Path, asked: Path, suffix: str
) -> None:
    path = tmp_path / f"asked{suffix}"
    save_map(mapfile.load(asked), path)
    assert open_map(path).focus_question == QUESTION


# --- drawn above the map ------------------------------------------------------------------------


def test_the_window_heads_the_map_with_the_question_and_fit_shows_it(qtbot, asked: Path) -> None:
    window = open_window(qtbot, asked)
    scene = window.view.map_scene()
    heading = scene.focus_heading.scene_rect()
    concepts = scene.map_bounds()
    assert scene.focus_heading.isVisible() and scene.focus_heading.text == QUESTION
    assert heading.bottom() < concepts.top()  # above every concept
    assert abs(heading.center().x() - concepts.center().x()) < 1  # and centred over them
    window.view.fit_all()
    QApplication.processEvents()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(heading)


def test_a_focus_on_one_concept_is_not_headed_by_the_whole_maps_question(
    qtbot, asked: Path
) -> None:
    window = open_window(qtbot, asked)
    scene = window.view.map_scene()
    scene.set_keep_filter("focus", {"pd-1"})
    assert not scene.focus_heading.isVisible()
    scene.set_keep_filter("focus", None)
    assert scene.focus_heading.isVisible()


def test_map_properties_sets_the_question_in_one_undo_step(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, DATA / "sample.json")
    scene = window.view.map_scene()
    assert not scene.focus_heading.isVisible()
    window.act_map_properties.trigger()
    dialog = window.findChild(MapPropertiesDialog, "MapPropertiesDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.question_edit.setFocus()
    QTest.keyClicks(dialog.question_edit, "  What do PD-1 and CTLA-4 do?  ")
    QTest.keyClick(dialog.question_edit, Qt.Key.Key_Return)  # the dialog's default button: OK
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    doc = window.document
    assert doc.cmap.focus_question == "What do PD-1 and CTLA-4 do?"
    qtbot.waitUntil(lambda: scene.focus_heading.isVisible(), timeout=10_000)
    assert scene.focus_heading.text == "What do PD-1 and CTLA-4 do?"
    page = window.details.toPlainText()  # nothing selected: the map's own page says it too
    assert page.startswith("Checkpoint sample\nWhat do PD-1 and CTLA-4 do?\n")
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert doc.cmap.focus_question == ""
    qtbot.waitUntil(lambda: not scene.focus_heading.isVisible(), timeout=10_000)
    window.edits.redo.trigger()
    path = tmp_path / "saved.json"
    mapfile.save(doc.cmap, path)
    assert mapfile.load(path).focus_question == "What do PD-1 and CTLA-4 do?"


def test_a_pasted_line_break_becomes_a_space(qtbot) -> None:
    window = open_window(qtbot, DATA / "sample.json")
    dialog = MapPropertiesDialog(window.document, window)
    qtbot.addWidget(dialog)
    dialog.question_edit.setText("Why do\ttumours\u2028escape?")
    dialog.accept()
    assert window.document.cmap.focus_question == "Why do tumours escape?"


def _ink_rows(image: QImage) -> list[int]:
    """Rows holding dark (text) pixels, sampled every 2 pixels across."""
    rows = []
    for y in range(image.height()):
        if any(image.pixelColor(x, y).lightness() < 90 for x in range(0, image.width(), 2)):
            rows.append(y)
    return rows


def test_render_draws_the_question_above_the_concepts(tmp_path: Path, asked: Path) -> None:
    plain, headed = tmp_path / "plain.png", tmp_path / "headed.png"
    for source, out in ((DATA / "sample.json", plain), (asked, headed)):
        done = run_mapviewer("render", str(source), "-o", str(out), "--scale", "1")
        assert done.returncode == 0, done.stderr
    before, after = QImage(str(plain)), QImage(str(headed))
    assert after.width() >= before.width() and after.height() > before.height() + 40
    extra = after.height() - before.height()  # the heading's band at the top
    band = after.copy(0, 0, after.width(), extra)
    assert _ink_rows(band), "no text drawn in the band above the concepts"


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_shows_the_question_under_the_title(tmp_path: Path) -> None:
    cmap: ConceptMap = mapfile.load(DATA / "sample.json")
    cmap.focus_question = "Why <b>do</b> tumours escape?"
    page = tmp_path / "map.html"
    save_map(cmap, page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    assert '<p id="focus-question" dir="auto">Why &lt;b&gt;do&lt;/b&gt; tumours escape?</p>' in dom
