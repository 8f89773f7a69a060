"""Slides from a tour: after a title slide, a PDF page or a 1920x1080 PNG per step, from the menu
and the CLI."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

from mapviewer import cli, tours
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.paths import DEFAULT_MAP
from mapviewer.slidedeck import SLIDE
from mapviewer.slides import Stage, StageOptions
from mapviewer.tourexport import TourExportError, export_tour, find_tour
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA
from .test_cli import run

SAMPLE = DATA / "sample.json"
STEPS = [
    {"id": "s1", "title": "Brakes", "focus": ["pd-1", "t-cells"], "caption": "PD-1 is a brake."},
    {"id": "s2", "focus": ["e1"], "notes": "The drug."},
    {"id": "s3", "focus": ["ctla-4", "e3"]},
    {"id": "s4", "focus": ["tregs"], "caption": "Tregs"},
]


@pytest.fixture
def toured(tmp_path: Path) -> Path:
    return write_toured(tmp_path)


def write_toured(tmp_path: Path) -> Path:
    """The sample map with two tours, saved where its source file is still found."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["sources"][0]["file"] = str(DATA / "sources" / "checkpoint-primer.txt")
    data["tours"] = [
        {"id": "brakes", "title": "Brakes", "steps": STEPS},
        {"id": "short", "title": "Short", "steps": STEPS[:1]},
    ]
    path = tmp_path / "toured.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def pdf_pages(path: Path) -> tuple[int, int, list[tuple[float, float]]]:
    """Page objects, the root Pages /Count, and each page's MediaBox size (no QtPdf needed)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)]
    counts += [int(c) for c in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data, re.S)]
    boxes = [
        (float(w), float(h))
        for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    ]
    return pages, max(counts), boxes


def test_a_pdf_has_a_title_and_one_16_9_page_per_step(qtbot, toured: Path, tmp_path: Path) -> None:
    cmap = load(toured)
    out = tmp_path / "slides.pdf"
    written = export_tour(Document(cmap, toured), find_tour(cmap, "brakes"), out)
    assert written == [out]
    pages, count, boxes = pdf_pages(out)
    assert pages == count == 5
    assert all(abs(w / h - 16 / 9) < 1e-3 for w, h in boxes) and len(boxes) == 5
    assert b"/Subtype /Image" not in out.read_bytes()  # shapes and text, not pictures of them
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # as any file the user saves


def test_a_folder_gets_one_1920x1080_png_per_step(qtbot, toured: Path, tmp_path: Path) -> None:
    cmap = load(toured)
    folder = tmp_path / "slides"
    folder.mkdir()
    (folder / "step-09.png").write_bytes(b"left from a longer export")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    written = export_tour(Document(cmap, toured), find_tour(cmap, "brakes"), f"{folder}/")
    names = ["step-00.png", "step-01.png", "step-02.png", "step-03.png", "step-04.png"]
    assert [p.name for p in written] == names  # step-00 is the title slide
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1920, 1080)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", *names]
    first = QImage(str(written[1]))
    canvas = first.pixelColor(5, 5)
    band = first.pixelColor(5, 1080 - 60)  # the caption band along the bottom
    assert canvas.name() == "#ffffff" and band.lightness() > 200


def test_unknown_tours_and_outputs_are_explained(qtbot, toured: Path, tmp_path: Path) -> None:
    cmap = load(toured)
    with pytest.raises(TourExportError, match="no tour 'nope'; the map's tours are: brakes, short"):
        find_tour(cmap, "nope")
    with pytest.raises(TourExportError, match="choose one with --tour: brakes, short"):
        find_tour(cmap, None)
    document = Document(cmap, toured)
    with pytest.raises(TourExportError, match=r"\.pdf or \.pptx file, or to a folder"):
        export_tour(document, cmap.tours[0], tmp_path / "slides.png")
    blocker = tmp_path / "file.txt"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(TourExportError, match="cannot write there"):
        export_tour(document, cmap.tours[0], blocker / "slides.pdf")
    with pytest.raises(TourExportError, match="cannot make the folder"):
        export_tour(document, cmap.tours[0], f"{blocker}/slides/")


def test_cli_exit_codes_and_messages(qtbot, toured: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "b.pdf"
    assert cli.main(["export-tour", str(toured), "--tour", "brakes", "-o", str(out)]) == 0
    assert f"{out}: 5 PDF pages (a title and 4 steps), tour 'brakes'" in capsys.readouterr().err
    assert pdf_pages(out)[0] == 5
    folder = tmp_path / "pngs"
    assert cli.main(["export-tour", str(toured), "--tour", "short", "-o", f"{folder}/"]) == 0
    assert "2 PNG images, 1920x1080 (a title and 1 step)" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["step-00.png", "step-01.png"]
    assert cli.main(["export-tour", str(toured), "--tour", "nope", "-o", str(out)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{toured}: no tour 'nope'; the map's tours are: brakes, short"
    )
    assert cli.main(["export-tour", str(tmp_path / "missing.json"), "-o", str(out)]) == 1
    assert "missing.json" in capsys.readouterr().err
    blocked = str(tmp_path / "b.pdf" / "x.pdf")
    assert cli.main(["export-tour", str(toured), "--tour", "brakes", "-o", blocked]) == 1
    assert capsys.readouterr().err.startswith(f"{blocked}: cannot write there")


def test_cli_never_shows_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "mapviewer-map", "tours": [', encoding="utf-8")
    done = run("export-tour", str(broken), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "broken.json" in done.stderr
    done = run("export-tour", str(SAMPLE), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert done.stderr.strip() == f"{SAMPLE}: the map has no tours"
    assert "export-tour" in run("--help").stdout


def test_file_export_tour_writes_the_chosen_tour(qtbot, toured: Path, tmp_path: Path) -> None:
    window = MainWindow(Document(load(toured), toured))
    qtbot.addWidget(window)
    window.tours.panel.choose("short")
    written = window.tours.exporter.export(
        window.tours.panel.current_tour(), str(tmp_path / "s.pdf")
    )
    assert written == [tmp_path / "s.pdf"] and pdf_pages(written[0])[0] == 2
    assert "Exported “Short”: 2 slides (a title and 1 step)" in window.statusBar().currentMessage()


def test_a_slides_text_layer_holds_only_the_words_it_shows(qtbot, tmp_path: Path) -> None:
    """A PDF keeps every word drawn in its text layer: the default map's "Releasing the brakes"
    slides carried phrases and labels beyond the page ("patrol the body for abnormal cells
    such as" on ten slides showing no such link) and under the caption band, where a search
    found them and a copy pasted them. Every word of a step's page lies on it, above the band
    unless it is the band's own; the concepts and phrases the slide shows whole are still
    text."""
    document = Document(load(DEFAULT_MAP), DEFAULT_MAP)
    tour = next(t for t in document.cmap.tours if t.id == "releasing-the-brakes")
    target = tmp_path / "slides.pdf"
    export_tour(document, tour, target, StageOptions())
    stage = Stage(document, StageOptions(), cached=False, close_ups=True)
    stage.screen = QSizeF(SLIDE)
    pdf = pdfium.PdfDocument(str(target))
    stray = []
    for view in tours.resolve(document.cmap, tour):
        stage.apply(view)
        overlay = stage.layout(view, QSizeF(SLIDE))[2]
        band = {*" ".join(t.text for t in overlay.texts).split(), str(view.index + 1)}
        page = pdf[view.index + 1]
        width, height = page.get_size()
        band_top = height * (1 - overlay.band.top() / SLIDE.height())  # PDF y runs upwards
        text = page.get_textpage()
        for word in re.finditer(r"\S+", text.get_text_range()):
            boxes = [text.get_charbox(i) for i in range(word.start(), word.end())]
            left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
            bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
            off = left < -0.5 or right > width + 0.5 or bottom < -0.5 or top > height + 0.5
            if off or (bottom < band_top - 0.5 and word.group() not in band):
                stray.append(f"step {view.index + 1}: {word.group()}")
        if view.index == 8:  # CTLA-4 binds B7-1, whole on the slide
            assert {"CTLA-4", "binds", "B7-1"} <= set(text.get_text_range().split())
        text.close()
        page.close()
    pdf.close()
    stage.scene.deleteLater()
    assert stray == []
