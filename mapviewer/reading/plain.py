"""Plain text: the file's own characters, with one kind of line end; no Qt.

A researcher's own notes come from many editors: UTF-8 (a byte order mark is dropped), UTF-16
or UTF-32 with a byte order mark (Windows Notepad's "Unicode"), or Windows-1252 (Notepad before
2019, Word's "Plain text"), with Windows line ends. Such files were refused ("not UTF-8 text
(byte 1)") or, with CRLF, shown by the Source dock without the CRs, so a selection there was
quoted as many characters too early as CRs stood before it. Windows-1252 is the fallback, not
the system's own encoding, so a map's quotes match on every machine alike.
"""

from __future__ import annotations

import codecs

from mapviewer.reading import ReadingError

# UTF-32's marks first: UTF-32 LE's starts with UTF-16 LE's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """The text of a plain or Markdown file, its line ends all ``\\n``; ReadingError for a
    file that is not text (a word processor's, an image), naming the first byte that says so."""
    for mark, codec in _MARKS:
        if data.startswith(mark):
            try:
                return _one_line_end(data.decode(codec))
            except UnicodeDecodeError as error:
                raise ReadingError(f"not {codec.upper()} text (byte {error.start})") from None
    try:
        return _one_line_end(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:  # no text file holds NUL bytes without a UTF-16 or UTF-32 mark
        at = data.index(b"\x00")
        raise ReadingError(
            f"not text: binary data at byte {at} (save it as plain text or PDF)"
        ) from None
    try:
        return _one_line_end(data.decode("cp1252"))
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return _one_line_end(data.decode("latin-1"))


def _one_line_end(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
