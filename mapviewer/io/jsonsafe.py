"""Strict JSON reading for files from anywhere: size cap, no duplicate keys, no NaN, exact places.

The standard ``json`` module quietly keeps the last of two equal keys and accepts ``NaN``; a map
that says ``"x": NaN`` or names a concept twice deserves an error that points at it instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mapviewer.checks import path_where
from mapviewer.io.safefile import FileRefusedError, read_capped
from mapviewer.problems import MapFileError, Problem

MAX_BYTES = 256 * 1024 * 1024


class _BadConstant:
    """Stands in for NaN/Infinity while parsing so the walk afterwards can say where it was."""

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
    """Read a whole file as UTF-8, refusing oversize files and naming the byte that is not UTF-8."""
    return decode_utf8(read_bytes(path, max_bytes), str(path))


def parse_json(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text: syntax errors raise MapFileError with line and column; NaN and duplicate
    keys come back as problems beside the data, so later checks can report theirs in one list."""
    if not text.strip():
        raise MapFileError(name, [Problem(name, "file is empty", 1, 1)])
    marked = False

    def constant(value: str) -> _BadConstant:
        nonlocal marked
        marked = True
        return _BadConstant(value)

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal marked
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = True
        return _mark_duplicates(pairs, result)

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise MapFileError(
            name, [Problem(name, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]
        ) from None
    except RecursionError:
        raise MapFileError(name, [Problem(name, "JSON is nested too deeply")]) from None
    problems: list[Problem] = []
    if marked:
        found: list[tuple[tuple, Any]] = []
        _find_marked(data, (), found)
        for loc, marker in found:
            where = path_where(data, loc) or "(top level)"
            if isinstance(marker, _BadConstant):
                problem = Problem(name, f"{marker.name} is not a number JSON allows", where=where)
                if not loc:  # the whole file is the constant: nothing else to check
                    raise MapFileError(name, [problem])
                problems.append(problem)
                _replace(data, loc, None)
            else:
                for key in marker.duplicates:
                    problems.append(Problem(name, f'duplicate key "{key}"', where=where))
    return data, problems


def _replace(data: Any, loc: tuple[int | str, ...], value: Any) -> None:
    parent = data
    for step in loc[:-1]:
        parent = parent[step]
    parent[loc[-1]] = value
