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
from mapviewer.model import (
    COORDINATE_LIMIT,
    FORMAT_NAME,
    FORMAT_VERSION,
    WIDTH_LIMIT,
    ConceptMap,
    Record,
)
from mapviewer.problems import MapFileError, Problem

SUFFIXES = (".json", ".mvmap")

# Objects and arrays inside one another, the file's own braces counted: a map needs 7 (a tour
# step's camera) and a concept's ``data`` a few more. Python's writers recurse, so a file nested
# 500 deep opened fine and then every save and every recovery journal failed; a map is refused
# at the door instead, naming the place.
MAX_DEPTH = 64
_WHERE_STEPS = 6  # how much of a too-deep path a message spells out before "…"

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


def deeper_than(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and arrays nest more than ``limit`` deep; level by level, no recursion,
    so a file nested 100,000 deep is measured like any other.

    A level of plain JSON is walked by the collector's own C code: gc.get_referents gives a
    list's items and a dict's values (and its keys, strings), and passes over strings and
    numbers, which hold nothing. A generator with isinstance per value took 0.65-0.9 s of a
    100k-concept map's load, this 0.3 s. Anything else (a subclass of dict marking duplicate
    keys) is walked in Python: the collector would also hand over its class, and all else
    that refers to."""
    level: list[Any] = [data]
    depth = 0
    while True:
        kinds = set(map(type, level))
        if kinds <= _JSON_TYPES:
            if kinds.isdisjoint(_CONTAINERS):
                return False
            items = gc.get_referents(*level)
        else:
            containers = [v for v in level if isinstance(v, dict | list)]
            if not containers:
                return False
            items = [i for c in containers for i in (c.values() if isinstance(c, dict) else c)]
        depth += 1
        if depth > limit:
            return True
        level = items


_CONTAINERS = frozenset({dict, list})
_JSON_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})


def _children(value: Any) -> Iterator[tuple[int | str, Any]]:
    """What ``value`` holds as the file will hold it: a record's fields and unknown fields."""
    if isinstance(value, dict):
        yield from value.items()
    elif isinstance(value, list):
        yield from enumerate(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield name, getattr(value, name)
        yield from (value.model_extra or {}).items()


def _too_deep_at(data: Any, limit: int = MAX_DEPTH) -> tuple[int | str, ...]:
    """The place of the first object or array below ``limit`` levels (depth first, no
    recursion); only asked once deeper_than has said there is one."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if len(loc) >= limit:
            return loc
        for key, child in _children(value):
            if isinstance(child, dict | list | BaseModel):
                stack.append((child, (*loc, key)))
    return ()


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    """``path_where`` for JSON data or a model (whose list items are named by their id)."""
    parts: list[str] = []
    current: Any = data
    for step in loc[:_WHERE_STEPS]:
        if isinstance(step, int):
            item = current[step] if isinstance(current, list) and step < len(current) else None
            ident = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
            name = parts.pop() if parts else ""
            parts.append(f"{name}[id={ident}]" if isinstance(ident, str) else f"{name}[{step}]")
            current = item
        else:
            parts.append(str(step))
            current = dict(_children(current)).get(step)
    more = "…" if len(loc) > _WHERE_STEPS else ""
    return ".".join(parts) + more


def nesting_problem(data: Any, name: str) -> Problem | None:
    """A problem naming where ``data`` (JSON data or a model) nests deeper than MAX_DEPTH."""
    # A model is only walked when writing it failed; JSON data is measured first, quickly.
    loc = _too_deep_at(data) if isinstance(data, BaseModel) or deeper_than(data) else ()
    if not loc:
        return None
    message = f"nested more than {MAX_DEPTH} levels deep (objects and arrays inside one another)"
    return Problem(name, message, where=_where(data, loc) or "(top level)")


_RANGE_ERRORS = {"less_than_equal", "greater_than_equal"}
_LIMITS = {
    "x": COORDINATE_LIMIT,
    "y": COORDINATE_LIMIT,
    "width": WIDTH_LIMIT,
    "height": WIDTH_LIMIT,
}
_SIZES = {"width": "a concept's width", "height": "a concept's height"}


def _range_message(loc: tuple[int | str, ...], found: Any) -> str | None:
    """The bounds of positions and sizes in words, in place of "Input should be less than or
    equal to 10000000" (a person needs to know that this is a limit on purpose)."""
    field = loc[-1] if loc else None
    if field not in ("x", "y", "width", "height"):
        return None
    if "camera" in loc:
        return f"{found!r} is outside the range a tour's camera may use"
    limit = _LIMITS.get(str(field), COORDINATE_LIMIT)
    what = _SIZES.get(str(field), "a concept's position")
    sign = "" if field in _SIZES else "±"
    return f"{found!r} is outside the range of {what} ({sign}{limit:,.0f} scene units at most)"


def _schema_problems(exc: ValidationError, data: Any, name: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] in _RANGE_ERRORS:
            msg = _range_message(loc, err.get("input")) or msg
        elif err["type"] == "literal_error" and loc == ("version",):
            found = err.get("input")
            msg = f"unsupported format version {found!r}; this version reads {FORMAT_VERSION}"
        elif (
            err["type"] == "string_pattern_mismatch" and loc and loc[-1] in ("color", "background")
        ):
            msg = f"colour {err.get('input')!r} is not of the form #RRGGBB"
        elif err["type"] == "string_pattern_mismatch" and loc == ("focus_question",):
            msg = "a focus question is one line: no line breaks, tabs or other control characters"
        elif err["type"] == "value_error":  # the model's own words (a picture's, say)
            msg = msg.removeprefix("Value error, ")
        problems.append(Problem(name, msg, where=path_where(data, loc) or "(top level)"))
    return problems


def map_from_data(data: Any, name: str, problems: list[Problem] | None = None) -> ConceptMap:
    """Validate parsed JSON as a map; every schema and reference problem is reported at once."""
    problems = list(problems or [])
    header = _header_problems(data, name)
    if header:
        raise MapFileError(name, problems + header)
    deep = nesting_problem(data, name)
    if deep is not None:  # before anything recursive (pydantic, the checks) walks it
        raise MapFileError(name, [*problems, deep])
    cmap: ConceptMap | None = None
    try:
        with gc_paused():
            cmap = ConceptMap.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, data, name))
    findings = [] if cmap is not None and _references_clean(cmap) else reference_findings(data)
    problems.extend(Problem(name, msg, where=where) for where, msg in findings)
    if problems or cmap is None:
        raise MapFileError(name, problems)
    return cmap


def _references_clean(cmap: ConceptMap) -> bool:
    """True only when reference_findings would find nothing in the data ``cmap`` was validated
    from: unique ids, links and kinds and quoted sources that exist. Set arithmetic over the
    model takes 0.1 s on a 100k-concept map where the checks' walk of the raw data, naming a
    place for every item as it goes, took 0.8 s. Groups and tours, and anything found here,
    go to the full checks, which word every problem."""
    nodes = cmap.nodes
    if cmap.tours or any(n.parent is not None for n in nodes):
        return False
    for records in (cmap.sources, cmap.kinds):
        if len({r.id for r in records}) != len(records):
            return False
    node_ids = {n.id for n in nodes}
    edge_ids = {e.id for e in cmap.edges}
    if len(node_ids) != len(nodes) or len(edge_ids) != len(cmap.edges) or node_ids & edge_ids:
        return False
    kinds = {n.kind for n in nodes} - {None, ""}
    if not kinds <= {k.id for k in cmap.kinds}:
        return False
    ends = {e.source for e in cmap.edges} | {e.target for e in cmap.edges}
    if not ends <= node_ids:
        return False
    quoted = {q.source for n in nodes for q in n.quotes}
    quoted.update(q.source for e in cmap.edges for q in e.quotes)
    return quoted <= {s.id for s in cmap.sources}


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


def writable_data(cmap: ConceptMap, name: str) -> dict[str, Any]:
    """``to_data(cmap)``, or MapFileError when the map holds something nested too deep to be
    opened again (a paste can bring that in): nothing is written that mapviewer would refuse."""
    try:
        data = to_data(cmap)
    except RecursionError:  # too deep for to_data itself: find the place in the model
        problem = nesting_problem(cmap, name)
        raise MapFileError(name, [problem] if problem else []) from None
    problem = nesting_problem(data, name)
    if problem is not None:
        raise MapFileError(name, [problem])
    return data


def dumps(cmap: ConceptMap) -> str:
    """The file text of a map, indented by 2 spaces."""
    return json_text(writable_data(cmap, cmap.title))


def save(cmap: ConceptMap, path: str | Path) -> None:
    """Write ``cmap`` atomically; MapFileError (nothing written) when it could not be read back."""
    write_json(path, writable_data(cmap, str(path)))
