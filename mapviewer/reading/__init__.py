"""Turning a source document into the text a reader sees; no Qt.

A map quotes the words a person reads, not the file's markup: ``**Immune checkpoint
inhibitors** are drugs`` reads "Immune checkpoint inhibitors are drugs", and that reading text is
what the Source dock shows, what quotes are matched against and what ``mapviewer check`` checks.
One module per format turns bytes into reading text (plain, markdown, html, pdf); this module
picks the format and is the one way in: ``convert``. ``mapviewer.sources.reading_text`` finds a
source's file within the map's trust boundary and calls it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

__all__ = ["SOFT_HYPHEN", "SUPERSCRIPTS", "Kind", "Reading", "ReadingError", "convert", "kind_of"]

Kind = Literal["plain", "markdown", "html", "pdf"]

# A hyphen that ended a line in a typeset document ("recog-" / "nition"): the reader shows the
# word whole (Qt draws a soft hyphen only where it breaks a line) and quote matching accepts
# the word with or without a hyphen there (mapviewer.quotes).
SOFT_HYPHEN = "\xad"
SUPERSCRIPTS = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻⁻")


class ReadingError(Exception):
    """A document that cannot be turned into reading text, and why, in words for a reader."""


@dataclass(frozen=True)
class Reading:
    """A document's reading text; ``pages`` holds where each page starts (PDF only)."""

    text: str
    kind: Kind
    pages: tuple[int, ...] = field(default=())

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that holds ``text[offset]``, or None for a document without pages."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))

    def page_span(self, page: int) -> tuple[int, int] | None:
        """Where page ``page`` (1-based) starts and ends in ``text``; None if there is none."""
        if not 1 <= page <= len(self.pages):
            return None
        end = self.pages[page] if page < len(self.pages) else len(self.text)
        return self.pages[page - 1], end


_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6} \S|\*\*\S[^*\n]*\*\*|\[[^\]\n]+\]\([^)\s]*\)|^\s*[-*] \S", re.MULTILINE
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def kind_of(name: str, data: bytes) -> Kind:
    """A file's format by its content first (a PDF's signature, an HTML document's opening
    tag), then by its extension; a ``.txt`` with Markdown headings, bold or links is Markdown
    (the shipped sources are), any other text is plain."""
    suffix = PurePath(name).suffix.casefold()
    if data.lstrip()[:5] == b"%PDF-" or suffix == ".pdf":
        return "pdf"
    if suffix in {".html", ".htm", ".xhtml"} or _HTML_START.match(data[:4096]):
        return "html"
    if suffix in {".md", ".markdown", ".mdown", ".mkd"}:
        return "markdown"
    from mapviewer.reading import plain  # noqa: PLC0415 - it imports ReadingError from here

    try:  # read as the file will be, so a UTF-16 .txt of Markdown is Markdown too
        head = plain.decode(data[:200_000])
    except ReadingError:
        return "plain"  # refused the same way when it is read
    return "markdown" if len(_MARKDOWN_SIGNS.findall(head)) >= 2 else "plain"


def convert(data: bytes, name: str, kind: Kind | None = None) -> Reading:
    """The reading text of a document's bytes; ``name`` (its file name) helps tell the format
    and names it in errors. Raises ReadingError saying why a document cannot be read."""
    # The format modules load their libraries (markdown-it, pdfium) only when needed.
    from mapviewer.reading import html, markdown, pdf, plain  # noqa: PLC0415

    kind = kind or kind_of(name, data)
    if kind == "pdf":
        text, pages = pdf.read(data)
        return Reading(text, kind, pages)
    if kind == "html":
        return Reading(html.read(data), kind)
    decoded = plain.decode(data)
    if kind == "markdown":
        return Reading(markdown.read(decoded), kind)
    return Reading(decoded, kind)
