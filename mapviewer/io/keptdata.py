"""What another tool's file said about a concept or link that the map does not draw: the fields
kept in its ``data`` (a gene's Entrez id, an airport's city, a CmapTools resource's web page),
as the Details pane lists them.

An import also keeps, under the same ``data``, what it needs to give the file's own look back on
export (a CmapTools font, a yEd shape, a Gephi size): those are the format's drawing,
not facts about the concept, and are left out of the list. Each format's reader names them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mapviewer.io import cxl, cytoscape, gexf, graphml, jgf, jsoncanvas, records
from mapviewer.model import BOX_BEFORE_PICTURE, CAPTION_AT

# What each reader keeps in data only to write its format's look back (its KEPT_LOOK), and
# what the canvas keeps there to draw a picture concept and give its box back.
LOOK_KEYS = frozenset(
    key
    for module in (records, cxl, gexf, graphml, cytoscape, jsoncanvas, jgf)
    for key in module.KEPT_LOOK
) | {CAPTION_AT, BOX_BEFORE_PICTURE}
WEB = ("http://", "https://")


def shown_fields(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The fields worth reading, in the file's order; empty values are left out too."""
    return [(key, value) for key, value in data.items() if key not in LOOK_KEYS and _filled(value)]


def is_web_address(text: str) -> bool:
    """An address a browser opens: only these are offered as links, never a file or a script."""
    return text.lower().startswith(WEB) and not any(c.isspace() for c in text)


Part = tuple[str, str]  # a field's name ("" for none) and its value, as read


def said(value: Any) -> list[list[Part]]:
    """``value`` as lines, each of named parts: a scalar is one line, a list of scalars one line
    joined by commas, a record one line per field, a list of records one line each with its
    fields side by side ("label Nebula, url http://..."), so a web address stays a part of its
    own that can be a link."""
    if isinstance(value, Mapping):
        return [[(key, _one_line(inner))] for key, inner in value.items() if _filled(inner)]
    if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        return [
            [(k, _one_line(v)) for k, v in item.items() if _filled(v)]
            if isinstance(item, Mapping)
            else [("", _one_line(item))]
            for item in value
        ]
    return [[("", _one_line(value))]]


def _filled(value: Any) -> bool:
    return value not in ("", None, [], {})


def _one_line(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_one_line(v)}" for k, v in value.items() if _filled(v))
    if isinstance(value, list):
        return ", ".join(_one_line(v) for v in value)
    return str(value)
