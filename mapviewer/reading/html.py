"""A web page as a reader sees it: its words, block by block; no Qt.

The standard library's html.parser reads the markup; nothing is fetched, no script runs and no
link is followed: only text nodes are kept. Scripts, styles, templates, forms' hidden parts and
embedded objects are skipped whole; block elements (paragraphs, headings, list items, table
rows) end a line; whitespace collapses as a browser collapses it, except inside ``<pre>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mapviewer.reading import SUPERSCRIPTS


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_SKIPPED = _tags(
    "script style noscript template svg math iframe object embed canvas select button head"
)
_BLOCKS = _tags(
    "p div section article main header footer aside nav blockquote pre ul ol dl dt dd table "
    "tr figure figcaption address hr form fieldset details summary body h1 h2 h3 h4 h5 h6 "
    "caption thead tbody tfoot"
)
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "wbr"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.I)
_INVISIBLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_REFERENCE = re.compile(r"\[?\d{1,3}(?:[,–-]\d{1,3})*\]?")


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """An element a browser does not show: ``hidden``, or styled ``display: none``."""
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "style" and value and _INVISIBLE.search(value):
            return True
    return False


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []  # open skipped elements
        self.pre = 0
        self.sup: list[str] | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
            return
        if self.skipping:
            if tag in _SKIPPED and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED or _hidden(attrs):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        self._open(tag, attrs)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self._break(1)
            self.out.append("• ")
        elif tag in {"td", "th"}:
            self.out.append("\t")
        elif tag == "img":
            self.out.append(dict(attrs).get("alt") or "")
        elif tag == "sup":
            self.sup = []
        elif tag in _BLOCKS:
            self._break(2 if tag not in {"tr", "dt", "dd"} else 1)
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "sup" and self.sup is not None:
            words = "".join(self.sup)
            self.sup = None
            reference = _REFERENCE.fullmatch(words.strip())
            self.out.append(
                words.strip().strip("[]").translate(SUPERSCRIPTS) if reference else words
            )
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCKS or tag == "li":
            self._break(2 if tag not in {"tr", "dt", "dd", "li"} else 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.skipping:
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
            if not self.out or self.out[-1].endswith(("\n", " ", "\t", "• ")):
                data = data.lstrip(" ")
        if self.sup is not None:
            self.sup.append(data)
        else:
            self.out.append(data)

    def _break(self, lines: int) -> None:
        while self.out and self.out[-1].endswith(" ") and not self.pre:
            self.out[-1] = self.out[-1].rstrip(" ")
            if not self.out[-1]:
                self.out.pop()
        if not self.out:
            return
        tail = "".join(self.out[-3:])
        have = len(tail) - len(tail.rstrip("\n"))
        if have < lines:
            self.out.append("\n" * (lines - have))


def decode(data: bytes) -> str:
    """A page's text in the charset it declares (``<meta charset>``), else UTF-8; bytes that
    do not decode become U+FFFD rather than refusing the page."""
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    try:
        return data.decode(encoding, "replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", "replace")


def read(data: bytes) -> str:
    """The reading text of an HTML document: its title, then its words block by block."""
    parser = _Text()
    parser.feed(decode(data).lstrip("\ufeff"))
    parser.close()
    body = "".join(parser.out)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    title = " ".join(parser.title.split())
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return body + "\n" if body else ""
