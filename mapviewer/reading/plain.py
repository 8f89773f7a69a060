"""Plain text: the file's own characters, UTF-8 (a byte order mark is dropped); no Qt."""

from __future__ import annotations

from mapviewer.reading import ReadingError


def decode(data: bytes) -> str:
    """UTF-8 text, or ReadingError naming the first byte that is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadingError(f"not UTF-8 text (byte {error.start})") from None
