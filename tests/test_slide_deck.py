"""Slides and handouts as a lecturer gets them: a title slide naming the map, the tour and its
sources; numbered steps; notes pages with each slide above its notes; a PowerPoint file whose
captions and notes are editable and which LibreOffice Impress opens; and an export dialog that
shows the theme it will use."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog

from mapviewer import cli
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.slidedeck import number_rect, source_line
from mapviewer.slides import Stage, StageOptions, render_step
from mapviewer.tourexport import TourExportError, export_tour, find_tour
from mapviewer.tours import resolve
from mapviewer.ui.dialogs import exportdialog
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.tours import exporting

from .test_tour_export import STEPS, pdf_pages, write_toured

MAPS = Path(__file__).resolve().parent.parent / "maps"


@pytest.fixture
def toured(tmp_path: Path) -> Path:
    return write_toured(tmp_path)


def differs(a: QImage, b: QImage, box: QRect) -> int:
    """How many pixels inside ``box`` differ visibly between two images: by more than a quarter
    of full scale in some channel. Qt rasterises a glyph's anti-aliased edge a shade differently
    the first time a process draws it at a size (measured: 1,734 edge pixels of one slide, none
    off by more than 25 %), so an exact comparison fails on whichever render came first; a drawn
    number or shape changes pixels by far more than that."""
    return sum(
        _apart(a.pixelColor(x, y), b.pixelColor(x, y))
        for x in range(box.left(), box.right() + 1, 2)
        for y in range(box.top(), box.bottom() + 1, 2)
    )


def _apart(one: QColor, other: QColor) -> bool:
    return (
        max(
            abs(one.red() - other.red()),
            abs(one.green() - other.green()),
            abs(one.blue() - other.blue()),
        )
        > 64
    )


def test_pngs_start_with_a_title_slide_and_number_each_step(
    qtbot, toured: Path, tmp_path: Path
) -> None:
    cmap = load(toured)
    document = Document(cmap, toured)
    tour = find_tour(cmap, "brakes")
    written = export_tour(document, tour, f"{tmp_path}/slides/")
    title, first = QImage(str(written[0])), QImage(str(written[1]))
    # The title slide is not a step: it has the accent rule down its left edge, no caption band.
    assert title.pixelColor(4, 540).name() == "#0047ab"
    assert title.pixelColor(960, 1040).name() == "#ffffff"
    # Each step is the projected frame plus its number in the band's bottom-right margin.
    stage = Stage(document, StageOptions(), cached=False)
    views = resolve(cmap, tour)
    for view, path in zip(views, written[1:], strict=True):
        plain = render_step(stage, view, first.size())
        slide = QImage(str(path)).convertToFormat(plain.format())
        _, _, overlay = stage.layout(view, plain.size().toSizeF())
        box = number_rect(overlay).toAlignedRect()
        assert differs(slide, plain, box) > 10  # the number is drawn there
        outside = QRect(0, 0, 1920, box.top() - 4)
        assert differs(slide, plain, outside) == 0  # and nothing else changed


def test_notes_pages_are_a4_portrait_with_the_slide_drawn_not_pictured(
    qtbot, toured: Path, tmp_path: Path
) -> None:
    cmap = load(toured)
    out = tmp_path / "notes.pdf"
    export_tour(Document(cmap, toured), find_tour(cmap, "brakes"), out, notes=True)
    pages, count, boxes = pdf_pages(out)
    assert pages == count == 5  # the title slide's page, then one per step
    assert {(round(w), round(h)) for w, h in boxes} == {(595, 842)}  # A4, portrait
    assert b"/Subtype /Image" not in out.read_bytes()
    with pytest.raises(TourExportError, match="notes pages are written as a PDF"):
        export_tour(Document(cmap, toured), cmap.tours[0], tmp_path / "n.pptx", notes=True)


def test_the_cli_writes_notes_pages_and_powerpoint(
    qtbot, toured: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "n.pdf"
    assert (
        cli.main(["export-tour", str(toured), "--tour", "brakes", "--notes", "-o", str(out)]) == 0
    )
    assert f"{out}: 5 A4 notes pages (a title and 4 steps)" in capsys.readouterr().err
    assert pdf_pages(out)[0] == 5
    deck = tmp_path / "d.pptx"
    assert cli.main(["export-tour", str(toured), "--tour", "brakes", "-o", str(deck)]) == 0
    assert f"{deck}: 5 PowerPoint slides" in capsys.readouterr().err
    assert (
        cli.main(["export-tour", str(toured), "--tour", "brakes", "--notes", "-o", str(deck)]) == 1
    )
    assert "notes pages are written as a PDF" in capsys.readouterr().err


def pptx_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


@pytest.mark.parametrize(
    ("name", "tour_id"),
    [
        ("immunotherapy.json", "releasing-the-brakes"),
        ("immunotherapy.json", "why-it-fails"),
        ("checkpoints.json", None),
    ],
)
def test_powerpoint_has_the_title_then_each_step_with_editable_words(
    qtbot, tmp_path: Path, name: str, tour_id: str | None
) -> None:
    from pptx import Presentation  # noqa: PLC0415
    from pptx.enum.shapes import MSO_SHAPE_TYPE  # noqa: PLC0415

    path = MAPS / name
    cmap = load(path)
    tour = find_tour(cmap, tour_id)
    out = tmp_path / "deck.pptx"
    assert export_tour(Document(cmap, path), tour, out) == [out]
    deck = Presentation(str(out))
    assert deck.slide_width * 9 == deck.slide_height * 16  # widescreen, as projected
    slides = list(deck.slides)
    assert len(slides) == len(tour.steps) + 1
    title = pptx_texts(slides[0])
    assert cmap.title in title and tour.title in title
    assert slides[0].shapes.title.text_frame.text == tour.title
    for source in cmap.sources:  # the map's five sources are all quoted by these tours
        assert source_line(source) in title
    views = resolve(cmap, tour)
    for view, slide in zip(views, slides[1:], strict=True):
        texts = pptx_texts(slide)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1  # the map; the words are text, not part of the picture
        caption = view.caption
        words = f"“{caption.text}”" if caption.quoted else caption.text
        if words:
            assert any(words in t or t.rstrip("…") in words for t in texts)
        if caption.citation:  # a long source title is cut to one line, as on the screen
            cited = f"— {caption.citation}"
            assert any(t == cited or (t.endswith("…") and cited.startswith(t[:-1])) for t in texts)
        if view.title:
            assert slide.shapes.title.text_frame.text == view.title
        assert str(view.index + 1) in texts  # its number
        assert slide.notes_slide.notes_text_frame.text == view.notes


def test_powerpoint_opens_in_libreoffice_impress(qtbot, toured: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-impress")
    cmap = load(toured)
    deck = tmp_path / "deck.pptx"
    export_tour(Document(cmap, toured), find_tour(cmap, "brakes"), deck)
    profile = tmp_path / "lo-profile"  # its own profile: no clash with a running LibreOffice
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    converted = tmp_path / "deck.pdf"
    assert converted.exists(), done.stdout + done.stderr
    assert pdf_pages(converted)[0] == len(STEPS) + 1  # every slide read, none dropped


def test_the_export_dialog_offers_the_theme_and_the_format(
    qtbot, toured: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Document(load(toured), toured))
    qtbot.addWidget(window)
    assert not window.tours.runner.options.dark  # the Present menu: light
    seen: dict[str, object] = {}

    def choose(dialog: exportdialog.TourExportOptions) -> QDialog.DialogCode:
        seen["light"] = dialog.light.isChecked()  # shown, starting from the Present menu's
        dialog.tour.setCurrentIndex(1)
        dialog.format.setCurrentIndex(dialog.format.findData("notes"))
        dialog.dark.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(exportdialog.TourExportOptions, "exec", choose)
    asked: list[tuple[str, str]] = []

    def save_as(parent, caption, start, filters):
        asked.append((start, filters))
        return str(tmp_path / "handout"), filters

    monkeypatch.setattr(exporting.QFileDialog, "getSaveFileName", save_as)
    exported: list[tuple[str, str, StageOptions, bool]] = []
    real = exporting.TourExporter.export

    def spy(self, tour, target, look=None, notes=False):
        exported.append((tour.id, target, look, notes))
        return real(self, tour, target, look, notes)

    monkeypatch.setattr(exporting.TourExporter, "export", spy)
    window.tours.act_export.trigger()
    assert seen["light"] is True
    assert asked[0][0].endswith("toured-short-notes.pdf") and "notes pages" in asked[0][1]
    tour_id, target, look, notes = exported[0]
    assert (tour_id, target, notes) == ("short", str(tmp_path / "handout.pdf"), True)
    assert look is not None and look.dark
    assert not window.tours.runner.options.dark  # the lecture's own theme is left alone
    assert pdf_pages(tmp_path / "handout.pdf")[0] == 2


def test_powerpoint_takes_text_xml_cannot_hold(qtbot, toured: Path, tmp_path: Path) -> None:
    """Control characters pasted into a map load fine; the slide shows a space for each, rather
    than the export failing."""
    from pptx import Presentation  # noqa: PLC0415

    cmap = load(toured)
    tour = find_tour(cmap, "brakes")
    tour.title = "Brakes\x01 and\x0b more"
    tour.steps[0].notes = "Ask\x00 who\x0c knows"
    out = tmp_path / "odd.pptx"
    export_tour(Document(cmap, toured), tour, out)
    deck = Presentation(str(out))
    assert deck.slides[0].shapes.title.text_frame.text == "Brakes  and  more"
    assert deck.slides[1].notes_slide.notes_text_frame.text == "Ask  who  knows"
