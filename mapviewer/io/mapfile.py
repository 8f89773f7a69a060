"""Read and write mapviewer's own JSON map files (format version 1)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mapviewer.checks import path_where, reference_findings
from mapviewer.io.jsonsafe import parse_json, read_text
from mapviewer.model import FORMAT_NAME, FORMAT_VERSION, ConceptMap, Record
from mapviewer.problems import MapFileError, Problem

SUFFIXES = (".json", ".mvmap")

# Fields written even when they hold their default, so every file states what it is.
_ALWAYS = {"format", "version", "title", "sources", "kinds", "nodes", "edges", "tours", "id"}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building tens of thousands of small objects triggers the cyclic GC over and over;
    pausing it cuts validation of a 20k-concept map from 269 ms to 84 ms."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def looks_like_mapfile(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT_NAME


def _header_problems(data: Any, name: str) -> list[Problem]:
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("dict", "object").replace("list", "array")
        return [
            Problem(name, f'expected a JSON object with "format": "{FORMAT_NAME}", found {kind}')
        ]
    fmt = data.get("format")
    if fmt != FORMAT_NAME:
        found = "no format field" if fmt is None else f'format "{fmt}"'
        return [
            Problem(
                name, f'not a mapviewer map: {found} (expected "{FORMAT_NAME}")', where="format"
            )
        ]
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        return [
            Problem(
                name,
                f"written by a newer mapviewer (format version {version}); "
                f"this version reads version {FORMAT_VERSION}. Update mapviewer to open it.",
                where="version",
            )
        ]
    return []


def _schema_problems(exc: ValidationError, data: Any, name: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "literal_error" and loc == ("version",):
            found = err.get("input")
            msg = f"unsupported format version {found!r}; this version reads {FORMAT_VERSION}"
        elif err["type"] == "string_pattern_mismatch" and loc and loc[-1] == "color":
            msg = f"colour {err.get('input')!r} is not of the form #RRGGBB"
        problems.append(Problem(name, msg, where=path_where(data, loc) or "(top level)"))
    return problems


def map_from_data(data: Any, name: str, problems: list[Problem] | None = None) -> ConceptMap:
    """Validate parsed JSON as a map; every schema and reference problem is reported at once."""
    problems = list(problems or [])
    header = _header_problems(data, name)
    if header:
        raise MapFileError(name, problems + header)
    cmap: ConceptMap | None = None
    try:
        with gc_paused():
            cmap = ConceptMap.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, data, name))
    problems.extend(Problem(name, msg, where=where) for where, msg in reference_findings(data))
    if problems or cmap is None:
        raise MapFileError(name, problems)
    return cmap


def load(path: str | Path) -> ConceptMap:
    """Open a map file; raises MapFileError naming the file and each place that is wrong."""
    path = Path(path)
    name = str(path)
    data, problems = parse_json(read_text(path), name)
    return map_from_data(data, name, problems)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return to_data(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_WRITE = object()  # stands for "always written": a required field or one in _ALWAYS


@cache
def _defaults(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """Each field with the default it is left out at, computed once per model class: asking
    pydantic per field per record ran inspect.signature every time (6.5 s to save 20k concepts).
    The defaults are only compared against, never handed out, so sharing them is safe."""
    return tuple(
        (
            name,
            _WRITE
            if name in _ALWAYS or info.is_required()
            else info.get_default(call_default_factory=True),
        )
        for name, info in cls.model_fields.items()
    )


def to_data(record: BaseModel) -> dict[str, Any]:
    """A record as plain JSON data: fields in model order, defaults left out, unknown fields last.

    Fixed order and omitted defaults keep files short to read by hand and make re-saving an
    unchanged map produce the same bytes, so version control shows only real changes.
    """
    out: dict[str, Any] = {}
    for field_name, default in _defaults(type(record)):
        value = getattr(record, field_name)
        if default is not _WRITE and value == default:
            continue
        out[field_name] = _plain(value)
    if record.model_extra:
        for key, value in record.model_extra.items():
            out[key] = _plain(value)
    return out


def json_text(data: Any, indent: int | str = 2) -> str:
    """JSON as mapviewer writes every file: UTF-8 characters as-is, no NaN, one trailing newline."""
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(path: str | Path, data: Any, indent: int | str = 2) -> None:
    """Write atomically: a failure at any moment leaves the previous file as it was."""
    from mapviewer.io.atomic import write_atomic  # noqa: PLC0415 - not needed to open a map

    write_atomic(Path(path), json_text(data, indent).encode("utf-8"))


def dumps(cmap: ConceptMap) -> str:
    """The file text of a map, indented by 2 spaces."""
    return json_text(to_data(cmap))


def save(cmap: ConceptMap, path: str | Path) -> None:
    write_json(path, to_data(cmap))
