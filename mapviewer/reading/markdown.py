"""Markdown as a reader sees it: headings, emphasis, lists and links as their words; no Qt.

markdown-it-py (MIT; CommonMark, already a dependency of the test tools, pure Python, no HTML
output needed) parses the text; its tokens are written out as plain text. A link whose words
are a reference number (``[19](#)``) becomes a superscript "¹⁹" right after the word it
follows; any other link reads as its words; nothing is fetched and no address is shown.
Raw HTML inside Markdown is read as HTML text (mapviewer.reading.html).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mapviewer.reading import SUPERSCRIPTS
from mapviewer.reading import html as html_reader

if TYPE_CHECKING:
    from markdown_it.token import Token

_REFERENCE = re.compile(r"\d{1,3}(?:[,–-]\d{1,3})*")
_BLOCK_END = {"paragraph_close", "heading_close", "blockquote_close", "table_close"}


def read(source: str) -> str:
    """The reading text of Markdown ``source``: blocks separated by a blank line, list items by
    a line break and a bullet (or their number), inline markup dropped."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - only Markdown sources need it

    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    out: list[str] = []
    lists: list[list[int]] = []  # for each open list: [next number] or [] for bullets
    for token in parser.parse(source):
        _block(token, out, lists)
    text = "".join(out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _break(out: list[str], lines: int) -> None:
    """End the current block with ``lines`` line breaks (never more than two in a row)."""
    if not out:
        return
    tail = "".join(out[-3:])
    have = len(tail) - len(tail.rstrip("\n"))
    if have < lines:
        out.append("\n" * (lines - have))


def _block(token: Token, out: list[str], lists: list[list[int]]) -> None:
    kind = token.type
    if kind in {"bullet_list_open", "ordered_list_open"}:
        _break(out, 2 if not lists else 1)
        start = token.attrGet("start")
        lists.append([int(start) if start is not None else 1] if kind.startswith("ordered") else [])
    elif kind in {"bullet_list_close", "ordered_list_close"}:
        lists.pop()
        _break(out, 2 if not lists else 1)
    elif kind == "list_item_open":
        _break(out, 1)
        numbering = lists[-1] if lists else []
        indent = "    " * max(0, len(lists) - 1)
        if numbering:
            out.append(f"{indent}{numbering[0]}. ")
            numbering[0] += 1
        else:
            out.append(f"{indent}• ")
    elif kind == "inline":
        out.append(_inline(token.children or []))
    elif kind in _BLOCK_END:
        _break(out, 1 if lists else 2)
    elif kind in {"fence", "code_block"}:
        _break(out, 2)
        out.append(token.content)
        _break(out, 2)
    elif kind == "html_block":
        _break(out, 2)
        out.append(html_reader.read(token.content.encode()).strip("\n"))
        _break(out, 2)
    elif kind in {"tr_close"}:
        _break(out, 1)
    elif kind in {"th_close", "td_close"}:
        out.append("\t")


def _inline(children: list[Token]) -> str:
    parts: list[str] = []
    link_words: list[str] | None = None  # the words of the link being read
    for child in children:
        kind = child.type
        if kind == "link_open":
            link_words = []
            continue
        if kind == "link_close":
            words = "".join(link_words or [])
            link_words = None
            glued = bool(parts) and parts[-1][-1:].strip() != ""
            if glued and _REFERENCE.fullmatch(words):
                parts.append(words.translate(SUPERSCRIPTS))  # "inactive.[8](#)" reads "inactive.⁸"
            else:
                parts.append(words)
            continue
        text = _inline_text(child)
        if link_words is not None:
            link_words.append(text)
        else:
            parts.append(text)
    return "".join(parts)


def _inline_text(token: Token) -> str:
    kind = token.type
    if kind in {"text", "code_inline"}:
        return token.content
    if kind == "softbreak":
        return " "  # a line break inside a paragraph: the paragraph reads as one
    if kind == "hardbreak":
        return "\n"
    if kind == "image":
        return token.content  # its alternative text
    if kind == "html_inline":
        return ""  # a tag such as <br> or <span>: its words are text tokens around it
    return ""  # em, strong and s open and close: the words inside are their own tokens
