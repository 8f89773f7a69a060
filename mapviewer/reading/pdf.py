"""A PDF as a reader sees it: its text layer, page by page; no Qt.

pypdfium2 (Apache-2.0 / BSD-3-Clause; Google's PDFium, the engine of Chrome's viewer) reads the
text layer. Chosen by measurement on a real two-column LaTeX paper (7 pages) against
pdfplumber (MIT, on pdfminer.six): pdfium took 66 ms and kept each column whole, its words
spaced and line-end hyphens marked, so 58 of 66 plain sentences of the paper's LaTeX source
were found in its text (the rest differ by typographic apostrophes); pdfplumber took 1.5 s and
by default read across both columns line by line without spaces between words (0 of 66; 56 of
66 with x_tolerance=1 and use_text_flow). PyMuPDF was not considered (AGPL).

A hyphen that ended a line (PDFium marks most with U+0002; others stay a "-" or "‐" before the
line break) joins the line to the next: between two small letters ("recog-" / "nition") it
becomes a soft hyphen, so the word reads whole and a quote matches it with or without the
hyphen (mapviewer.quotes); next to a capital or a digit ("PD-" / "1") it stays a hyphen.
Ligatures (ﬁ, ﬂ) read as their letters. Pages are joined by a blank line, their starts kept.
"""

from __future__ import annotations

import re

from mapviewer.reading import SOFT_HYPHEN, ReadingError

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\x02": SOFT_HYPHEN,
        "\r": None,
        "\x00": None,
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_END_HYPHEN = re.compile(r"([^\W\d_])(?:\x02|[-\u2010]\n)(?=([^\W_]))")


def _join(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    return before + (SOFT_HYPHEN if before.islower() and after.islower() else "-")


def _page_text(raw: str) -> str:
    text = _LINE_END_HYPHEN.sub(_join, raw.translate(_LIGATURES))
    text = _CONTROL.sub(" ", text.replace("\x02", "-"))
    return text.strip()


def read(data: bytes) -> tuple[str, tuple[int, ...]]:
    """The text of every page and where each starts. Raises ReadingError for a file PDFium
    cannot open (damaged, not a PDF), one locked by a password, or one with no text layer
    (scanned pages: images of text, which would need OCR)."""
    import pypdfium2 as pdfium  # noqa: PLC0415 - loads PDFium's shared library

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).casefold()
        if "password" in message:
            raise ReadingError("the PDF is encrypted (locked by a password)") from None
        raise ReadingError(f"not a PDF that can be read (damaged or not a PDF: {error})") from None
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                texts.append(_page_text(textpage.get_text_bounded()))
            finally:
                textpage.close()
                page.close()
    except pdfium.PdfiumError as error:
        raise ReadingError(f"its pages cannot be read ({error})") from None
    finally:
        document.close()
    if not texts:
        raise ReadingError("the PDF has no pages")
    if not any(t.strip() for t in texts):
        raise ReadingError(
            "the PDF has no text layer (its pages are only images, e.g. a scan); "
            "run it through text recognition (OCR) first"
        )
    starts = []
    parts = []
    at = 0
    for text in texts:
        starts.append(at)
        parts.append(text)
        at += len(text) + 2
    return "\n\n".join(parts), tuple(starts)
