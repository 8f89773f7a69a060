"""Strict JSON reading for files from anywhere: size cap, no duplicate keys, no NaN, exact places.

The standard ``json`` module quietly keeps the last of two equal keys and accepts ``NaN``; a map
that says ``"x": NaN`` or names a concept twice deserves an error that points at it instead.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from mapviewer.checks import path_where
from mapviewer.io.safefile import FileRefusedError, read_capped
from mapviewer.problems import MapFileError, Problem

MAX_BYTES = 256 * 1024 * 1024


class _BadConstant:
    """Stands in for NaN, Infinity or 1e400 while parsing, so the walk afterwards can say where
    it was; ``name`` is the problem's message."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _DuplicateKeys(dict[str, Any]):
    """A parsed object that had a key twice; remembers which."""

    __slots__ = ("duplicates",)
    duplicates: list[str]


def _mark_duplicates(pairs: list[tuple[str, Any]], result: dict[str, Any]) -> _DuplicateKeys:
    seen: set[str] = set()
    dupes = []
    for key, _ in pairs:
        if key in seen:
            dupes.append(key)
        seen.add(key)
    marked = _DuplicateKeys(result)
    marked.duplicates = dupes
    return marked


def _find_marked(node: Any, loc: tuple[int | str, ...], out: list[tuple[tuple, Any]]) -> None:
    if isinstance(node, _DuplicateKeys | _BadConstant):
        out.append((loc, node))
    if isinstance(node, dict):
        for key, value in node.items():
            _find_marked(value, (*loc, key), out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _find_marked(value, (*loc, index), out)


def _refusal(name: str, message: str) -> MapFileError:
    return MapFileError(name, [Problem(name, message)])


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The whole file, refusing oversize files and anything that is not a regular file (a FIFO,
    a device, /proc), and saying plainly why a file cannot be read."""
    try:
        return read_capped(path, MAX_BYTES if max_bytes is None else max_bytes)
    except FileRefusedError as refused:
        raise _refusal(str(path), refused.reason) from None


def decode_utf8(raw: bytes, name: str) -> str:
    """UTF-8 bytes as text, a leading BOM dropped; else MapFileError naming the line, column
    and byte that is not UTF-8 (an editor can go straight there; "invalid token" cannot)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text, at = exc.object, exc.start  # after the BOM, which an editor does not show either
        line = text.count(b"\n", 0, at) + 1
        column = at - (text.rfind(b"\n", 0, at) + 1) + 1
        message = f"not UTF-8 text (byte 0x{text[at]:02x})"
        raise MapFileError(name, [Problem(name, message, line, column)]) from None


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a whole file as UTF-8, refusing oversize files and naming the byte that is not UTF-8.
    A file that starts with a UTF-16 or UTF-32 byte order mark (Windows Notepad's "Unicode")
    is read in that encoding: it was refused as "not UTF-8 text (byte 0xff)"."""
    raw = read_bytes(path, max_bytes)
    if raw.startswith(_WIDE_BOMS):
        encoding = json.detect_encoding(raw)
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            problem = Problem(str(path), f"not valid {encoding.upper()} text (at byte {exc.start})")
            raise MapFileError(str(path), [problem]) from None
    return decode_utf8(raw, str(path))


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# The json module's messages end where its position would follow ("Unterminated string starting
# at"); the place is given apart, so each is said as a whole sentence.
_JSON_ERRORS = {
    "Unterminated string starting at": "a string starts here and is never closed "
    "(is the file cut short?)",
    "Expecting value": "no valid value here (is the file cut short?)",
    "Expecting ',' delimiter": "a comma is missing here",
    "Expecting ':' delimiter": "a colon is missing here",
    "Expecting property name enclosed in double quotes": "a name in double quotes is "
    "expected here (a comma too many before it?)",
    "Extra data": "more text follows the end of the JSON here",
    "Invalid control character at": "a control character (a tab or line break?) inside "
    "a string here",
    "Invalid \\escape": "a backslash starts an unknown escape here",
    "Unterminated string": "a string is never closed",
}


def parse_json(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text: syntax errors raise MapFileError with line and column; NaN and duplicate
    keys come back as problems beside the data, so later checks can report theirs in one list."""
    if not text.strip():
        raise MapFileError(name, [Problem(name, "file is empty", 1, 1)])
    marked = False

    def constant(value: str, message: str = "{} is not a number JSON allows") -> _BadConstant:
        nonlocal marked
        marked = True
        return _BadConstant(message.format(value))

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal marked
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = True
        return _mark_duplicates(pairs, result)

    def real(value: str) -> float | _BadConstant:
        number = float(value)
        if math.isfinite(number):
            return number
        return constant(_shorten(value), "{} is too large a number for any position, size or count")

    def whole(value: str) -> int | _BadConstant:
        if len(value.lstrip("-")) < _FLOAT_DIGITS:
            return int(value)
        return constant(_shorten(value), "{} is too large a number for any position, size or count")

    # Only a file with a run of 309 digits somewhere pays for checking each integer in Python.
    check_ints = _has_long_digit_run(text)
    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_constant=constant,
            parse_float=real,
            parse_int=whole if check_ints else None,
        )
    except json.JSONDecodeError as exc:
        said = _JSON_ERRORS.get(exc.msg, exc.msg)
        raise MapFileError(
            name, [Problem(name, f"invalid JSON: {said}", exc.lineno, exc.colno)]
        ) from None
    except RecursionError:
        raise MapFileError(name, [Problem(name, "JSON is nested too deeply")]) from None
    except ValueError:  # int() refuses more digits than sys.get_int_max_str_digits()
        raise _huge_integer(text, name) from None
    return data, _marked_problems(data, name) if marked else []


def _marked_problems(data: Any, name: str) -> list[Problem]:
    """A problem for each NaN, overflowing number or duplicate key the parse marked; a bad
    number is replaced by None so later checks see a plain value."""
    problems: list[Problem] = []
    found: list[tuple[tuple, Any]] = []
    _find_marked(data, (), found)
    for loc, marker in found:
        where = path_where(data, loc) or "(top level)"
        if isinstance(marker, _BadConstant):
            problem = Problem(name, marker.name, where=where)
            if not loc:  # the whole file is the constant: nothing else to check
                raise MapFileError(name, [problem])
            problems.append(problem)
            _replace(data, loc, None)
        else:
            for key in marker.duplicates:
                problems.append(Problem(name, f'duplicate key "{key}"', where=where))
    return problems


def _shorten(number: str) -> str:
    return number if len(number) <= 24 else f"{number[:12]}...({len(number)} characters)"


_FLOAT_DIGITS = 309  # an integer this long is beyond any float (1.8e308): positions are floats
# Every byte but an ASCII digit becomes a space: a run of digits is then a run of b"0".
_DIGITS_ONLY = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_LONG_RUN = b"0" * _FLOAT_DIGITS
_RUN_CHUNK = 1 << 22  # characters encoded at a time: 4 MB of bytes, not a copy of the file


def _has_long_digit_run(text: str) -> bool:
    """Whether ``text`` holds _FLOAT_DIGITS ASCII digits in a row (only JSON's own digits make
    an integer). A regex search for the run took 1.1-2 s over a 100k-concept map (88 MB), more
    than parsing it; mapping bytes and searching for a fixed string takes 0.1 s."""
    overlap = _FLOAT_DIGITS - 1
    for start in range(0, len(text), _RUN_CHUNK):
        piece = text[max(0, start - overlap) : start + _RUN_CHUNK]
        if _LONG_RUN in piece.encode("utf-8", "surrogatepass").translate(_DIGITS_ONLY):
            return True
    return False


_LONG_DIGITS = re.compile(rf"-?\d{{{(sys.get_int_max_str_digits() or 4300) + 1},}}")


def _huge_integer(text: str, name: str) -> MapFileError:
    """The problem for an integer Python will not convert: where it is and how long."""
    match = _LONG_DIGITS.search(text)
    if match is None:  # pragma: no cover - json raises this ValueError only for long digits
        return MapFileError(name, [Problem(name, "a number too long to read")])
    at = match.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    digits = len(match.group().lstrip("-"))
    message = f"a number with {digits:,} digits: far beyond any position, size or count"
    return MapFileError(name, [Problem(name, message, line, column)])


def _replace(data: Any, loc: tuple[int | str, ...], value: Any) -> None:
    parent = data
    for step in loc[:-1]:
        parent = parent[step]
    parent[loc[-1]] = value
