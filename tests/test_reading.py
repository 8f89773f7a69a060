"""Sources are read as a reader sees them, and quotes match those words, never the markup.

One test per reader (a two-column PDF, Markdown, HTML), the PDFs that cannot be read, and how
a selection becomes a quote. Matching goes through ``check_map``, the code behind
``mapviewer check``, so the command and the window agree.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mapviewer.io.mapfile import load
from mapviewer.io.registry import open_map
from mapviewer.model import ConceptMap, Node, Quote, Source
from mapviewer.problems import MapFileError
from mapviewer.quotecheck import check_files, check_map
from mapviewer.quotes import capture_span, locate, word_count
from mapviewer.reading import ReadingError, convert, kind_of
from mapviewer.sources import SourceTexts, reading_text

from .conftest import DATA

PDFS = DATA / "reading"
ACROSS_COLUMNS = (
    "Checkpoint inhibitors are drugs that block these proteins, so the T cells can do their "
    "work again."
)


def quoting(tmp_path: Path, file: str, *quotes: str) -> tuple[ConceptMap, Path]:
    """A map beside ``file`` (in tmp_path) whose one concept quotes ``quotes`` from it."""
    cmap = ConceptMap(
        sources=[Source(id="doc", title="Doc", file=file)],
        nodes=[Node(id="a", label="A", quotes=[Quote(source="doc", text=q) for q in quotes])],
    )
    path = tmp_path / "map.json"
    path.write_text(cmap.model_dump_json(exclude_none=True), encoding="utf-8")
    return cmap, path


def test_a_two_column_pdf_quote_matches_across_the_column_break(tmp_path: Path) -> None:
    shutil.copy(PDFS / "two-column.pdf", tmp_path / "paper.pdf")
    cmap, path = quoting(
        tmp_path,
        "paper.pdf",
        ACROSS_COLUMNS,  # "...so the T cells can" ends the left column
        "Cancer cells often take advantage of these checkpoints",  # "advan-" / "tage"
        "take advan- tage of these",  # as another viewer copies a hyphenated line end
    )
    reading, status = reading_text(cmap.sources[0], path)
    assert status.state == "readable" and reading is not None
    assert reading.kind == "pdf" and reading.pages == (0,)
    # The left column is read whole before the right one, the hyphenated word reads whole.
    assert reading.text.index("immune system.") < reading.text.index("do their work again")
    assert "advan\xadtage" in reading.text  # a soft hyphen: shown only where a line breaks
    start, _ = locate(ACROSS_COLUMNS, reading.text) or (-1, -1)
    assert reading.page_at(start) == 1
    assert check_map(cmap, path) == []
    assert check_files([path]) == 0  # `mapviewer check` reads the same text
    # One changed word is still caught.
    changed, path2 = quoting(tmp_path, "paper.pdf", ACROSS_COLUMNS.replace("block", "blocks"))
    assert [f.reason for f in check_map(changed, path2)] == ["quote no longer matches source 'doc'"]


def test_a_line_end_hyphen_matches_with_or_without_it() -> None:
    text = "a GAN\xadbased morph and recog\xadnition of faces"
    for quote in ("GAN-based morph", "GANbased morph", "recognition of", "recog- nition of"):
        assert locate(quote, text) is not None, quote
    assert locate("recogniton of", text) is None


def test_markdown_emphasis_inside_a_quote_matches_the_words(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(
        "# Checkpoints\n\n"
        "**Immune checkpoint inhibitors** are drugs that *release the brakes* on T cells."
        "[19](#)\n\n- first [a link](https://example.org) item\n- second item\n",
        encoding="utf-8",
    )
    quote = "Immune checkpoint inhibitors are drugs that release the brakes"
    cmap, path = quoting(tmp_path, "notes.md", quote, "first a link item")
    reading, _ = reading_text(cmap.sources[0], path)
    assert reading is not None and reading.kind == "markdown"
    assert reading.text == (
        "Checkpoints\n\nImmune checkpoint inhibitors are drugs that release the brakes on T "
        "cells.¹⁹\n\n• first a link item\n• second item\n"
    )
    assert check_map(cmap, path) == []
    # A quote made around the markup, as the raw file reads, is not what a reader sees.
    raw, path2 = quoting(tmp_path, "notes.md", "**Immune checkpoint inhibitors** are drugs")
    assert len(check_map(raw, path2)) == 1


def test_html_with_inline_tags_reads_as_its_words(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<!doctype html><html><head><title>Brakes</title><style>p{color:red}</style>"
        "<script>document.write('injected words')</script></head><body>"
        "<p>Immune <b>checkpoint</b> <a href='https://example.org/x'>inhibitors</a> are "
        "<em>drugs</em> that release<sup>3</sup> the brakes &amp; more.</p>"
        "<img src='https://example.org/t.png' alt='a tracker'><ul><li>one</li><li>two</li></ul>"
        "<noscript>enable scripts</noscript><p style='display: none'>hidden words</p>"
        "<div hidden>more hidden words</div></body></html>",
        encoding="utf-8",
    )
    cmap, path = quoting(tmp_path, "page.html", "Immune checkpoint inhibitors are drugs that")
    reading, _ = reading_text(cmap.sources[0], path)
    assert reading is not None and reading.kind == "html"
    assert reading.text == (
        "Brakes\n\nImmune checkpoint inhibitors are drugs that release³ the brakes & more.\n\n"
        "a tracker\n\n• one\n• two\n"
    )
    assert "injected" not in reading.text and "color" not in reading.text
    assert "hidden" not in reading.text
    assert check_map(cmap, path) == []


def test_pdfs_that_cannot_be_read_say_why_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a PDF at all")
    shutil.copy(PDFS / "encrypted.pdf", tmp_path / "locked.pdf")
    shutil.copy(PDFS / "image-only.pdf", tmp_path / "scan.pdf")
    expected = {
        "locked.pdf": "encrypted",
        "scan.pdf": "has no text layer",
        "broken.pdf": "not a PDF that can be read",
    }
    for name, words in expected.items():
        cmap, path = quoting(tmp_path, name, "any words at all here")
        reading, status = reading_text(cmap.sources[0], path)
        assert reading is None and status.state == "unreadable"
        message = status.describe(cmap.sources[0])
        assert name in message and words in message, message
        [finding] = check_map(cmap, path)  # and `mapviewer check` says the same, not a crash
        assert name in finding.reason and words in finding.reason


def test_the_shipped_sources_are_read_as_markdown_or_plain_by_their_content() -> None:
    cmap = open_map(Path(__file__).resolve().parent.parent / "maps" / "immunotherapy.json")
    texts = SourceTexts(cmap, Path(__file__).resolve().parent.parent / "maps" / "x.json")
    kinds = {s.id: (texts.reading(s.id) or convert(b"", "x")).kind for s in cmap.sources}
    assert kinds["harnessing"] == "plain"
    assert kinds["cancerquest"] == "markdown"
    cancerquest = texts.text("cancerquest") or ""
    assert "](#)" not in cancerquest and "**" not in cancerquest
    assert kind_of("x.txt", b"just words\n") == "plain"
    assert kind_of("x.bin", b"%PDF-1.4 ...") == "pdf"


def test_a_selection_snaps_to_whole_words_and_drops_markers() -> None:
    text = "is sent by another pair of proteins. The receptor then becomes inactive.⁸ Next"
    at = text.index("ther pair o")
    start, end = capture_span(text, at, at + len("ther pair o"))
    assert text[start:end] == "another pair of"
    assert word_count(text[start:end]) == 3
    at = text.index("The receptor")
    start, end = capture_span(text, at, text.index(" Next"))
    assert text[start:end] == "The receptor then becomes inactive."
    raw = "the receptor becomes inactive.[8](#) **Bold"
    start, end = capture_span(raw, 0, raw.index(" **Bold") + 3)
    assert raw[start:end] == "the receptor becomes inactive."
    assert capture_span("** ¹²", 0, 5)[0] == capture_span("** ¹²", 0, 5)[1]


def test_a_quote_page_is_validated(tmp_path: Path) -> None:
    quote = {"source": "s", "text": "t", "page": 0}
    data = {
        "format": "mapviewer-map",
        "version": 1,
        "sources": [{"id": "s", "title": "S"}],
        "nodes": [{"id": "a", "label": "A", "quotes": [quote]}],
    }
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError, match=r"quotes\[0\]\.page"):
        load(tmp_path / "bad.json")
    quote["page"] = 3
    (tmp_path / "good.json").write_text(json.dumps(data), encoding="utf-8")
    assert load(tmp_path / "good.json").nodes[0].quotes[0].page == 3


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_plain_notes_read_alike_whatever_editor_saved_them(codec: str) -> None:
    """Windows-1252 and UTF-16/32 with a byte order mark were refused as "not UTF-8 text"."""
    words = "Résumé:\r\nT cells – “killers”\rend\n"
    reading = convert(words.encode(codec), "notes.txt")
    assert reading.text == "Résumé:\nT cells – “killers”\nend\n"


def test_a_binary_file_named_txt_is_refused_with_the_byte() -> None:
    with pytest.raises(ReadingError, match=r"not text: binary data at byte 4 "):
        convert(b"\xd0\xcf\x11\xe0\x00\x00\xa1\xb1", "paper.txt")  # an old Word document
