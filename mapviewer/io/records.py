"""Plain records every importer produces, and the one builder that turns them into a map.

Each format module only reads its own syntax into these records; everything that must be the
same for all formats (ids made safe and unique, labels, kinds and their colours, positions
centred with y growing downwards, colours normalised, leftovers kept in ``data``, the title and
where the map came from) happens once, here. The same goes for the metadata our exporters add
so that a map survives a trip through a format that cannot hold quotes, aliases or tours: it is
written and read by the helpers at the bottom of this module.
"""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mapviewer import ids
from mapviewer.colours import CSS_NAMED
from mapviewer.groups import valid_parents
from mapviewer.io.errors import ImportCancelled
from mapviewer.io.jsonsafe import parse_json, read_text
from mapviewer.io.mapfile import gc_paused, map_from_data, to_data
from mapviewer.io.spread import spread_factor
from mapviewer.model import (
    ARROWS,
    BENDS_LIMIT,
    COORDINATE_LIMIT,
    DASHES,
    ENDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LINE_WIDTH_LIMIT,
    MAP_PICTURES_LIMIT,
    PHRASE_AT,
    SHAPES,
    SIDES,
    TEXT_SIZE_MAX,
    TEXT_SIZE_MIN,
    TITLE_PLACES,
    ConceptMap,
    Edge,
    Node,
    phrase_offset,
    picture_parts,
)
from mapviewer.palette import PALETTE, readable_text
from mapviewer.problems import MapFileError, Problem

T = TypeVar("T")
ProgressCallback = Callable[[float], bool]

log = logging.getLogger(__name__)  # style values an import skips are reported here

META_KEY = "mapviewer"  # where our exporters keep what a format cannot hold natively
MAX_ID = 120
MAX_KINDS = 30  # a "type" with more distinct values than this is an identifier, not a category
MAX_DEPTH = 64  # nesting allowed in attribute values copied into ``data``

# Field names, compared without case or separators, in the order they are preferred.
LABEL_FIELDS = (
    "label",
    "displayname",
    "genename",
    "keggnodelabel",
    "symbol",
    "name",
    "title",
    "sharedname",
    "canonicalname",
    "text",
)
# Not "name": Cytoscape and GeneMANIA fill it with "A (interacts with) B" or internal ids. Not
# "interaction" either: Cytoscape's edge type ("pp", "pd"), which it draws on no edge unless a
# style maps it to the label (a file's style that does is read as the label): every link of a
# yeast network had said "pp". It stays in the link's data, and goes back to Cytoscape so.
EDGE_LABEL_FIELDS = ("label", "relation", "relationship", "predicate")
TYPE_FIELDS = ("kind", "type", "nodetype", "category", "class", "concepttype", "entitytype")
DESCRIPTION_FIELDS = ("description",)


# --- progress ---------------------------------------------------------------------------------


class Progress:
    """Reports the fraction done of an import to an optional callback, at most every 1 %.

    A callback returning False cancels: the next report raises ImportCancelled, so a loader
    needs no cancellation logic of its own beyond reporting as it goes.
    """

    def __init__(
        self, callback: ProgressCallback | None, start: float = 0.0, end: float = 1.0
    ) -> None:
        self.callback = callback
        self.start = start
        self.end = end
        self._last = -1.0

    def __call__(self, fraction: float) -> None:
        if self.callback is None:
            return
        value = self.start + (self.end - self.start) * min(max(fraction, 0.0), 1.0)
        if value - self._last < 0.01 and fraction < 1.0:
            return
        self._last = value
        if self.callback(value) is False:
            raise ImportCancelled

    def part(self, start: float, end: float) -> Progress:
        """The sub-range ``start..end`` (fractions of this range) as its own reporter."""
        span = self.end - self.start
        return Progress(self.callback, self.start + span * start, self.start + span * end)

    def each(self, items: Sequence[T]) -> Iterator[T]:
        """Yield ``items``, reporting progress through them."""
        total = len(items) or 1
        for index, item in enumerate(items):
            if index % 64 == 0:
                self(index / total)
            yield item
        self(1.0)


def as_progress(progress: ProgressCallback | Progress | None) -> Progress:
    return progress if isinstance(progress, Progress) else Progress(progress)


# --- records ----------------------------------------------------------------------------------


@dataclass
class At:
    """Where a record stands in its file, so a problem can point a person at it."""

    line: int | None = None
    column: int | None = None
    where: str | None = None


@dataclass
class NodeRecord:
    """A concept as read from a file, before ids, kinds and positions are settled."""

    id: str
    label: str = ""
    kind: str | None = None
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    quotes: list[Any] = field(default_factory=list)
    x: float | None = None
    y: float | None = None
    width: Any = None  # a positive number; anything else is skipped with a warning
    height: Any = None  # the least height of the box, the same way
    color: Any = None  # any notation parse_color reads
    shape: Any = None  # one of mapviewer.model.SHAPES (importers translate theirs)
    text_color: Any = None
    border_color: Any = None  # the outline's own colour, any notation parse_color reads
    border_width: Any = None  # in normal outlines (mapviewer.model.LINE_WIDTH_LIMIT)
    border_dash: Any = None  # one of mapviewer.model.DASHES
    text_size: Any = None  # the label's own size in points (mapviewer.model.TEXT_SIZE_MIN..MAX)
    parent: str | None = None  # the file's id of the group holding this concept
    collapsed: bool = False  # a group drawn as one box (our own exports say so)
    title_at: Any = None  # one of mapviewer.model.TITLE_PLACES: where a frame's title goes
    inside_color: Any = None  # a group's own inside (yEd's group fill), any parse_color notation
    picture: Any = None  # a data: URI (mapviewer.model.Picture); anything else is skipped
    # Drawn without a label by the file's tool (a yEd node whose labels are blank): it stays
    # unlabelled rather than being named by its id, as a node with no label at all is.
    unlabelled: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    at: At = field(default_factory=At)


@dataclass
class EdgeRecord:
    """A link as read from a file; ``source`` and ``target`` are the file's node ids."""

    source: str
    target: str
    id: str | None = None
    label: str = ""
    description: str = ""
    quotes: list[Any] = field(default_factory=list)
    color: Any = None
    dash: Any = None  # one of mapviewer.model.DASHES
    width: Any = None  # in normal lines (mapviewer.model.LINE_WIDTH_LIMIT); else skipped
    directed: bool = True
    arrows: Any = None  # one of mapviewer.model.ARROWS ("both": heads at both ends)
    head: Any = None  # one of mapviewer.model.ENDS: what the target's end is drawn as
    tail: Any = None  # and the source's
    from_side: Any = None  # one of mapviewer.model.SIDES: anchored there
    to_side: Any = None
    # The points its line passes through from source to target (yEd's bends, CmapTools'
    # curves), as (x, y) in the file's frame: the builder moves them with the concepts. Any
    # point that is no pair of numbers, or lies beyond the map's limits, is skipped with a
    # warning.
    bends: Any = None
    # Bends already in the map's frame: our own metadata's, which the builder must not move.
    bends_placed: bool = False
    smooth: bool = False  # drawn through its bends as one smooth curve (Edge.smooth)
    data: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    at: At = field(default_factory=At)


@dataclass
class GraphRecord:
    """A whole file's graph. ``meta`` is our own map-level metadata when mapviewer wrote it."""

    name: str  # the file, as problems name it
    origin: str  # e.g. "CmapTools (CXL)"
    title: str | None = None
    description: str = ""
    focus_question: str = ""  # the file's own focus question, where its format has one
    producer: str = ""
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    y_up: bool = False
    meta: dict[str, Any] | None = None
    # What the map holds differently from the file, each a sentence with a count ("4 JGF
    # hyperedges became hub concepts linked to their members"): told in the window, by
    # ``convert`` and in the map's description, never only in a log.
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # the file's own map-level fields, kept
    # The shape the file's tool draws each type of node in, where it says (a canvas draws
    # every card a rounded rectangle): the kind made for that type takes it.
    type_shapes: dict[str, str] = field(default_factory=dict)
    # The colour it draws each type of node in where the node gives none (a canvas draws every
    # uncoloured card white): the kind made for that type takes it, not the palette's next.
    type_colors: dict[str, str] = field(default_factory=dict)
    # How the file's tool draws links, where that is not straight (Obsidian curves every edge
    # round the cards): the map's routing, unless our own metadata says the author's choice.
    routing: str | None = None
    # How it draws a coloured node, where that is not filled (Obsidian outlines a coloured card
    # round a faint tint): the map's fills, unless our own metadata says the author's choice.
    fills: str | None = None
    # How it letters labels: plain, as every other tool does, unless the file says bold
    # (lettering_of); our own metadata says the author's choice.
    lettering: str | None = "plain"
    # The colour its tool draws the map on, where the file says (CmapTools' map-style).
    background: str | None = None


def lettering_of(styles: Iterable[str | None]) -> str:
    """A file's lettering from its labels' font styles ("plain", "bold", "bolditalic"...):
    bold when most labels that say are bold (CmapTools' and yEd's default is plain)."""
    said = [style.lower() for style in styles if style]
    bold = sum("bold" in style for style in said)
    return "bold" if said and bold * 2 > len(said) else "plain"


# --- what an import changed, for whoever asked -------------------------------------------------

_NOTES: ContextVar[list[str] | None] = ContextVar("import_notes", default=None)


@contextmanager
def collecting_notes() -> Iterator[list[str]]:
    """Collect, while the block runs, what each map built here dropped or flattened (a graph's
    notes and the style values left out), so the caller can tell the person how much."""
    notes: list[str] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def _told(notes: list[str]) -> None:
    collected = _NOTES.get()
    if collected is not None:
        collected.extend(notes)


# --- small shared helpers -----------------------------------------------------------------------


def fail(name: str, message: str, at: At | None = None) -> MapFileError:
    """A MapFileError with one located problem, ready to raise."""
    at = at or At()
    return MapFileError(name, [Problem(name, message, at.line, at.column, at.where)])


def field_key(name: str) -> str:
    """``KEGG_NODE_TYPE`` and ``keggNodeType`` compare equal: lower case, no separators."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def pick_field(mapping: dict[str, Any], wanted: Sequence[str]) -> tuple[str, str] | None:
    """The first field of ``wanted`` (in that order) holding text; returns (real key, text)."""
    keyed: dict[str, str] = {}
    for key in mapping:
        if isinstance(key, str):
            keyed.setdefault(field_key(key), key)
    for want in wanted:
        real = keyed.get(want)
        if real is None:
            continue
        value = mapping[real]
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value)
            if text.strip():
                return real, text  # as written: the builder trims text from other tools
    return None


def type_field(mapping: dict[str, Any]) -> tuple[str, str] | None:
    """A node's type, if the file has a field that says it (``type``, ``KEGG_NODE_TYPE``...)."""
    found = pick_field(mapping, TYPE_FIELDS)
    if found is None:
        for key, value in mapping.items():
            if isinstance(key, str) and field_key(key).endswith("nodetype"):
                found = pick_field({key: value}, (field_key(key),))
                if found:
                    break
    if found and len(found[1]) <= 60:
        return found
    return None


def take_fields(
    record: NodeRecord | EdgeRecord, attrs: dict[str, Any], edge: bool = False, ours: bool = False
) -> None:
    """Fill label, kind and description from named attributes; the rest goes into ``data``.

    In a file mapviewer wrote (``ours``) only the exact names it writes count, so a ``name`` or
    ``type`` that was data before the trip stays data after it.
    """
    attrs = dict(attrs)
    labels = ("label",) if ours else EDGE_LABEL_FIELDS if edge else LABEL_FIELDS
    label = pick_field(attrs, labels)
    if label and not record.label:
        record.label = label[1]
        del attrs[label[0]]
    elif ours and isinstance(attrs.get("label"), str) and not attrs["label"].strip():
        del attrs["label"]  # mapviewer's own blank name: no field of data after a round trip
    if isinstance(record, NodeRecord):
        kind = pick_field(attrs, ("kind",)) if ours else type_field(attrs)
        if kind and record.kind is None:
            record.kind = kind[1]
            del attrs[kind[0]]
    description = pick_field(attrs, DESCRIPTION_FIELDS)
    if description and not record.description:
        record.description = description[1]
        del attrs[description[0]]
    record.data.update(attrs)


def number(value: Any) -> float | None:
    """A finite float from a number or numeric text, else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int of 400 digits
        return None
    return result if math.isfinite(result) else None


_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


def own_text_color(text: str | None, fill: str | None) -> str | None:
    """A file's label colour where it differs from what mapviewer picks by itself: black or
    white by contrast on a fill of the concept's own; without one, where it is not black
    (CmapTools' and yEd's default, unreadable on the kind's dark fill). yEd's black on a blue
    UML class had turned white."""
    color = parse_color(text)
    if color is None:
        return text  # not a colour: the builder leaves it out with a warning
    own = parse_color(fill)
    automatic = readable_text(own) if own else "#000000"
    return None if color == automatic else color


def parse_color(value: Any) -> str | None:
    """``#RRGGBB`` from ``#rgb``, ``#rrggbb``, ``#rrggbbaa``, ``r,g,b[,a]``, ``rgb(r,g,b)``, a
    CSS colour name or a (r, g, b) sequence; None for anything else, and for fully transparent
    colours. The GraphML primer's "green" and "turquoise" had been dropped as no colour."""
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) >= 3:
        parts: list[Any] = list(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.lower() in CSS_NAMED:
            return CSS_NAMED[text.lower()]
        match = _HEX.match(text)
        if match:
            digits = match.group(1)
            if len(digits) == 3:
                digits = "".join(c * 2 for c in digits)
            return "#" + digits[:6].upper()
        inner = re.sub(r"^rgba?\((.*)\)$", r"\1", text)
        parts = [p.strip() for p in inner.split(",")]
    else:
        return None
    channels = [number(p) for p in parts[:4]]
    if len(channels) < 3 or any(c is None or not 0 <= c <= 255 for c in channels[:3]):
        return None
    if len(channels) == 4 and channels[3] == 0:
        return None
    return "#{:02X}{:02X}{:02X}".format(*(round(c or 0) for c in channels[:3]))


# The page of yEd and CmapTools, seen through a node drawn without a fill: such a node opens
# this colour (mapviewer fills every box), not its kind's.
UNFILLED = "#FFFFFF"


def transparent(value: Any) -> bool:
    """A colour that says "none" (parse_color gives None for it, and nothing is wrong):
    ``none``, ``transparent``, ``#rrggbb00``, or an alpha of 0 (CmapTools' ``224,223,227,0``)."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("", "none", "transparent") or re.match(r"^#?[0-9a-f]{6}00$", text):
            return True
        parts = re.sub(r"^rgba\((.*)\)$", r"\1", text).split(",")
        return len(parts) == 4 and number(parts[3].strip()) == 0
    if isinstance(value, Sequence) and len(value) == 4:
        return number(value[3]) == 0
    return False


def sanitize_id(raw: str) -> str:
    """An id safe in files, URLs and tours: letters, digits and ``. : ( ) - _``; never empty."""
    text = unicodedata.normalize("NFC", str(raw)).strip()
    text = re.sub(r"[^\w.:()\-]+", "-", text).strip("-")
    return text[:MAX_ID] or "n"


def slug(text: str) -> str:
    """A kind id from a type name: ``Immune cell`` -> ``immune-cell``."""
    return ids.slug(text, "kind")


class IdMaker:
    """Hands out unique ids; concepts and links share one namespace (tours name both)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, raw: str) -> str:
        candidate = ids.unique(sanitize_id(raw), self.used)
        self.used.add(candidate)
        return candidate


def json_safe(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` that JSON can write: strings for keys, no NaN, nothing exotic.

    Attribute values come from files: a GEXF ``double`` may hold ``NaN``, an XML attribute a
    tuple. The depth cap turns a pathological nesting into one clear error instead of a crash.
    """
    if depth > MAX_DEPTH:
        raise ValueError(f"attribute values nested more than {MAX_DEPTH} deep")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v, depth + 1) for v in value]
    return str(value)


def text_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def read_json(path: Path, progress: Progress) -> Any:
    """A JSON file's data, strictly: duplicate keys and NaN are problems, not quiet guesses."""
    name = str(path)
    text = read_text(path)
    if text.lstrip().startswith("<"):
        raise fail(name, "not JSON: the file holds XML", At(1, 1))
    data, problems = parse_json(text, name)
    if problems:
        raise MapFileError(name, problems)
    progress(1.0)
    return data


def load_json(
    path: Path, progress: ProgressCallback | None, build: Callable[[Any, str, Progress], ConceptMap]
) -> ConceptMap:
    """A JSON format's ``load``: read strictly, then ``build(data, name, progress)``."""
    reporter = as_progress(progress)
    data = read_json(Path(path), reporter.part(0.0, 0.4))
    return build(data, str(path), reporter.part(0.4, 1.0))


def json_object(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one: files put odd things in odd places."""
    return value if isinstance(value, dict) else {}


# --- the builder --------------------------------------------------------------------------------


def _recentre(graph: GraphRecord) -> tuple[float, float, float]:
    """Offsets and y sign that put a foreign map's centre at 0,0 with y growing downwards."""
    sign = -1.0 if graph.y_up else 1.0
    if graph.meta is not None:  # our own export: positions are already ours (tours rely on it)
        shift = graph.meta.get("offset")
        if (
            isinstance(shift, list)
            and len(shift) == 2
            and all(number(v) is not None for v in shift)
        ):
            return float(shift[0]), float(shift[1]), sign
        return 0.0, 0.0, sign
    placed = [(n.x, n.y) for n in graph.nodes if n.x is not None and n.y is not None]
    if not placed:
        return 0.0, 0.0, sign
    xs = [p[0] for p in placed]
    ys = [sign * p[1] for p in placed]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, sign


# The canvas's bold labels run wider than the 7 units a character estimated_box allows: by a
# median 1.09 (Les Misérables), 1.10 (the default map) and 1.24 ("member 33") of its width.
BOLD_WIDER = 1.2


def _spread(graph: GraphRecord) -> float:
    """How far apart to draw the file's positions (see mapviewer.io.spread), said in its notes
    when they move: groups are left out, as a frame is drawn round its members, and so is a
    group the file draws at a rectangle of its own (``data["group"]``) with none: Obsidian lays
    groups across each other (a course's level bands over its subject columns), and two such
    bands had covered 31 cards between them, which spread the cards 2.59 times apart."""
    parents = {n.parent for n in graph.nodes if n.parent}
    boxes = []
    for n in graph.nodes:
        group = n.id in parents or n.data.get("group") is True
        if n.x is not None and n.y is not None and not group:
            width = number(n.width)
            w, h = estimated_box(n.label or n.id, width, number(n.height))
            w = w if width else w * BOLD_WIDER
            boxes.append((n.x, n.y, w, max(w, h) if n.shape == "circle" else h))
    factor = spread_factor(boxes)
    if factor > 1.0:  # centred, the positions stay within what a map holds
        reach = max(
            max(b[0] for b in boxes) - min(b[0] for b in boxes),
            max(b[1] for b in boxes) - min(b[1] for b in boxes),
        )
        factor = max(1.0, min(factor, 0.99 * COORDINATE_LIMIT / (reach / 2 or 1.0)))
    if factor > 1.0:
        graph.notes.append(
            f"Positions drawn {factor:.3g} times as far apart as the file has them, as its"
            " concepts' boxes would have covered each other"
        )
    return factor


def _shared_looks(nodes: list[NodeRecord]) -> tuple[dict[str, str], dict[str, str]]:
    """The colour and the shape most nodes of a type have in the file (MOST of them, where every
    one has its own: an uncoloured node stays in the palette's): the kind made for the type
    takes them, and its nodes of that look follow it, so the legend shows what the map draws.
    KEGG's pathways (Cytoscape) colour every gene green and 13 of 14 map boxes blue-grey;
    their kinds took the palette's orange and pink, which no concept on the map was drawn in."""
    colours: dict[str, Counter[str | None]] = {}
    shapes: dict[str, Counter[str | None]] = {}
    for node in nodes:
        if node.kind:
            colour = parse_color(node.color) if node.color is not None else None
            colours.setdefault(node.kind, Counter())[colour] += 1
            shape = node.shape if node.shape in SHAPES else None
            shapes.setdefault(node.kind, Counter())[shape] += 1
    return _most(colours), _most(shapes)


MOST = 0.75  # the share of a type's nodes whose look its kind takes


def _most(seen: dict[str, Counter[str | None]]) -> dict[str, str]:
    """Each type's look that MOST of its nodes share, where all have one."""
    found = {}
    for kind, counts in seen.items():
        value, count = counts.most_common(1)[0]
        if value and not counts[None] and count >= MOST * counts.total():
            found[kind] = value
    return found


# What every reader may keep in a concept's or link's data for writing the file back, not as a
# fact about it: the file's own id where the map's had to differ, and the flag of a group node.
KEPT_LOOK = ("original_id", "group")


class _Kinds:
    """Kinds from our own metadata, else one kind per distinct type value, palette-coloured."""

    def __init__(self, graph: GraphRecord) -> None:
        declared = (graph.meta or {}).get("kinds")
        self.kinds: list[dict[str, Any]] = []
        self.by_value: dict[str, str] = {}
        if isinstance(declared, list):
            self.kinds = [k for k in declared if isinstance(k, dict)]
            self.by_value = {str(k.get("id")): str(k.get("id")) for k in self.kinds}
            return
        values = list(dict.fromkeys(n.kind for n in graph.nodes if n.kind))
        if len(values) > MAX_KINDS:  # too many to be categories: _node_data keeps them as data
            return
        ids = IdMaker()
        colours, shapes = _shared_looks(graph.nodes)
        for value in values:
            kind_id = ids.make(slug(value))
            self.by_value[value] = kind_id
            color = (
                graph.type_colors.get(value)
                or colours.get(value)
                or PALETTE[len(self.kinds) % len(PALETTE)]
            )
            kind = {"id": kind_id, "label": value, "color": color}
            shape = graph.type_shapes.get(value) or shapes.get(value)
            if shape:
                kind["shape"] = shape
            self.kinds.append(kind)

    def kind_of(self, node: NodeRecord) -> str | None:
        return self.by_value.get(node.kind) if node.kind else None

    def color_of(self, kind_id: str | None) -> str | None:
        for kind in self.kinds:
            if kind.get("id") == kind_id:
                return parse_color(kind.get("color"))
        return None

    def shape_of(self, kind_id: str | None) -> str | None:
        return next((k.get("shape") for k in self.kinds if k.get("id") == kind_id), None)


class _Builder:
    """One build: the file's records, the ids handed out, the kinds found, the shift applied."""

    def __init__(self, graph: GraphRecord) -> None:
        self.graph = graph
        self.ours = graph.meta is not None
        self.kinds = _Kinds(graph)
        self.maker = IdMaker()
        self.skipped: list[str] = []  # style values left out, as the map's description says
        # The pictures taken so far (their characters, as the map counts them), and the
        # concepts whose picture found no room under MAP_PICTURES_LIMIT: opened as boxes.
        self.pictures = 0
        self.no_room: list[str] = []
        self.ids: dict[str, str] = {}
        for node in graph.nodes:
            if node.id in self.ids:
                raise fail(graph.name, f"two nodes have the id {node.id!r}", node.at)
            self.ids[node.id] = self.maker.make(node.id)
        self.dx, self.dy, self.sign = _recentre(graph)
        self.spread = 1.0 if self.ours else _spread(graph)

    def clean(self, record: NodeRecord | EdgeRecord) -> dict[str, Any]:
        try:
            return json_safe(record.data)
        except ValueError as exc:
            raise fail(self.graph.name, str(exc), record.at) from None

    def skip(self, at: At, item: str, name: str, value: Any, why: str) -> None:
        """A style value from another tool that the map cannot take: left out, with a warning,
        rather than failing an import over a look."""
        where = at.where or (f"line {at.line}" if at.line else f"item {item!r}")
        log.warning("%s: %s: %s %r skipped: %s", self.graph.name, where, name, value, why)
        self.skipped.append(f"{where}: {name} {value!r} ({why})")

    def color(self, at: At, item: str, name: str, value: Any) -> str | None:
        if value is None:
            return None
        color = parse_color(value)
        if color is None and not transparent(value):
            self.skip(at, item, name, value, "not a colour")
        return color

    def node_look(self, node: NodeRecord, kind: str | None) -> dict[str, Any]:
        """The concept's own size, colours and shape, each only if the map can take it."""
        out: dict[str, Any] = {}
        for name, value in (("width", node.width), ("height", node.height)):
            size = number(value)
            if size is not None and size > 0:
                out[name] = size
            elif value is not None:
                self.skip(node.at, node.id, name, value, "not a positive number")
        color = self.color(node.at, node.id, "color", node.color)
        if color and color != self.kinds.color_of(kind):  # the kind's own colour is no override
            out["color"] = color
        text_color = self.color(node.at, node.id, "text_color", node.text_color)
        if text_color:
            out["text_color"] = text_color
        inside = self.color(node.at, node.id, "inside_color", node.inside_color)
        if inside:
            out["inside_color"] = inside
        if node.shape in SHAPES:
            if node.shape != self.kinds.shape_of(kind):  # the kind's own shape is no override
                out["shape"] = node.shape
        elif node.shape is not None:
            self.skip(node.at, node.id, "shape", node.shape, "not a shape mapviewer draws")
        out.update(self.border(node))
        out.update(self.picture(node))
        size = number(node.text_size)
        if size is not None and TEXT_SIZE_MIN <= size <= TEXT_SIZE_MAX:
            out["text_size"] = size
        elif node.text_size is not None:
            why = f"not a text size from {TEXT_SIZE_MIN:g} to {TEXT_SIZE_MAX:g} points"
            self.skip(node.at, node.id, "text_size", node.text_size, why)
        return out

    def picture(self, node: NodeRecord) -> dict[str, Any]:
        """The concept's picture if it is one the map takes (model.picture_parts): a bad one
        is left out with a warning, the concept drawn as its box."""
        if node.picture is None:
            return {}
        try:
            picture_parts(node.picture if isinstance(node.picture, str) else "")
        except ValueError as exc:
            self.skip(node.at, node.id, "picture", str(node.picture)[:40], str(exc))
            return {}
        if self.pictures + len(node.picture) > MAP_PICTURES_LIMIT:
            name = " ".join(node.label.split()) or node.id
            where = f"node {node.id!r}" + (f", line {node.at.line}" if node.at.line else "")
            self.no_room.append(f"{name!r} ({where})")
            return {}
        self.pictures += len(node.picture)
        return {"picture": node.picture}

    def no_room_note(self) -> str | None:
        """What the import says of the pictures left out for room: a map of too many pictures
        opens with as many as fit (a map of 70 MB of them had not opened at all)."""
        count = len(self.no_room)
        if not count:
            return None
        limit = MAP_PICTURES_LIMIT // 1024 // 1024
        told = "1 concept" if count == 1 else f"{count} concepts"
        listed = "; ".join(self.no_room[:5]) + ("; ..." if count > 5 else "")
        return (
            f"{told} of {Path(self.graph.name).name} opened as plain boxes without their pictures,"
            f" the file's pictures coming to more than the {limit} MB a map holds: {listed}"
        )

    def border(self, node: NodeRecord) -> dict[str, Any]:
        """The concept's own outline: colour, width and dash, each only if the map can take it."""
        out: dict[str, Any] = {}
        color = self.color(node.at, node.id, "border_color", node.border_color)
        if color:
            out["border_color"] = color
        width = number(node.border_width)
        if width is not None and 0 <= width <= LINE_WIDTH_LIMIT:  # 0: no outline
            out["border_width"] = width
        elif node.border_width is not None:
            why = f"not a line width from 0 (no outline) to {LINE_WIDTH_LIMIT:g}"
            self.skip(node.at, node.id, "border_width", node.border_width, why)
        if node.border_dash in DASHES and node.border_dash != "solid":
            out["border_dash"] = node.border_dash
        elif node.border_dash not in (None, "solid"):
            why = "not a dash mapviewer draws"
            self.skip(node.at, node.id, "border_dash", node.border_dash, why)
        return out

    def node(self, node: NodeRecord) -> dict[str, Any]:
        new_id = self.ids[node.id]
        out: dict[str, Any] = {k: v for k, v in node.extra.items() if k not in Node.model_fields}
        label = node.label if self.ours else node.label.strip()
        out.update(id=new_id, label=label or ("" if node.unlabelled else node.id))
        kind = self.kinds.kind_of(node)
        for key, value in (("kind", kind), ("aliases", node.aliases)):
            if value:
                out[key] = value
        for key, value in (("description", node.description), ("quotes", node.quotes)):
            if value:
                out[key] = value
        if node.x is not None and node.y is not None:
            out["x"] = round((node.x - self.dx) * self.spread, 3)
            out["y"] = round((self.sign * node.y - self.dy) * self.spread, 3)
        out.update(self.node_look(node, kind))
        self.group_fields(node, out)
        data = self.clean(node)
        if node.kind and not kind:
            data.setdefault("type", node.kind)
        if sanitize_id(node.id) != node.id and new_id != node.id:
            data.setdefault("original_id", node.id)
        if data:
            out["data"] = data
        return out

    def group_fields(self, node: NodeRecord, out: dict[str, Any]) -> None:
        """The group holding the concept (cycles are cut in build_map), and whether a group
        was collapsed."""
        if node.parent is not None and node.parent in self.ids and node.parent != node.id:
            out["parent"] = self.ids[node.parent]
        if node.collapsed:
            out["collapsed"] = True
        if node.title_at in TITLE_PLACES:
            out["title_at"] = node.title_at
        elif node.title_at is not None:
            why = "not a place mapviewer writes a frame's title"
            self.skip(node.at, node.id, "title_at", node.title_at, why)

    def edge_look(self, edge: EdgeRecord, ident: str) -> dict[str, Any]:
        """The link's own colour, dash, width and arrowheads, each only if the map can take it."""
        out: dict[str, Any] = {}
        color = self.color(edge.at, ident, "color", edge.color)
        if color:
            out["color"] = color
        if edge.dash in DASHES and edge.dash != "solid":
            out["dash"] = edge.dash
        elif edge.dash not in (None, "solid"):
            self.skip(edge.at, ident, "dash", edge.dash, "not a dash mapviewer draws")
        width = number(edge.width)
        if width is not None and 0 < width <= LINE_WIDTH_LIMIT:
            out["width"] = width
        elif edge.width is not None:
            why = f"not a line width from above 0 to {LINE_WIDTH_LIMIT:g}"
            self.skip(edge.at, ident, "width", edge.width, why)
        if not edge.directed:
            out["directed"] = False
        if edge.arrows in ARROWS and edge.arrows != "end":
            out["arrows"] = edge.arrows
        elif edge.arrows not in (None, "end"):
            self.skip(edge.at, ident, "arrows", edge.arrows, "not arrowheads mapviewer draws")
        out.update(self.ends(edge, ident))
        return out

    def ends(self, edge: EdgeRecord, ident: str) -> dict[str, Any]:
        """What the link's ends are drawn as and the sides they are anchored to, each only if
        the map can take it."""
        out: dict[str, Any] = {}
        for name, allowed, why in (
            ("head", ENDS, "not an end mapviewer draws"),
            ("tail", ENDS, "not an end mapviewer draws"),
            ("from_side", SIDES, "not a side of a box"),
            ("to_side", SIDES, "not a side of a box"),
        ):
            value = getattr(edge, name)
            if value in allowed:
                out[name] = value
            elif value is not None:
                self.skip(edge.at, ident, name, value, why)
        return out

    def bends(self, edge: EdgeRecord, ident: str) -> list[list[float]]:
        """The link's own route in the map's frame: each bend moved as its concepts are
        (recentred, flipped, spread), each one that is no pair of numbers or falls outside the
        map's limits left out with a warning, and more than a route holds left out whole."""
        if edge.bends is None:
            return []
        at = edge.at
        if not at.where:  # named by the link too: a line alone is hard to find in the window
            line = f"line {at.line}, " if at.line else ""
            at = At(at.line, at.column, f"{line}link {ident!r}")
        if not isinstance(edge.bends, list | tuple):
            self.skip(at, ident, "bends", edge.bends, "not a list of points")
            return []
        if len(edge.bends) > BENDS_LIMIT:
            why = f"more than {BENDS_LIMIT:,} points"
            self.skip(at, ident, "bends", f"{len(edge.bends):,} points", why)
            return []
        moved = (self.dx, self.dy, self.sign, self.spread) != (0.0, 0.0, 1.0, 1.0)
        placed = edge.bends_placed or not moved  # as written: no rounding on the way back
        kept = []
        for index, point in enumerate(edge.bends, start=1):
            name = f"bend {index}"
            pair = list(point) if isinstance(point, list | tuple) and len(point) == 2 else None
            x, y = (number(v) for v in pair) if pair else (None, None)
            if x is None or y is None:
                self.skip(at, ident, name, point, "not a point (x, y) of two numbers")
                continue
            if not placed:
                x = round((x - self.dx) * self.spread, 3)
                y = round((self.sign * y - self.dy) * self.spread, 3)
            if abs(x) > COORDINATE_LIMIT or abs(y) > COORDINATE_LIMIT:
                why = f"beyond the map's limit of {COORDINATE_LIMIT:,.0f} from its centre"
                self.skip(at, ident, name, point, why)
                continue
            kept.append([x, y])
        return kept

    def edge(self, edge: EdgeRecord) -> dict[str, Any]:
        ids = self.ids
        for end in (edge.source, edge.target):
            if end not in ids:
                where = f"link {edge.id!r}" if edge.id else "a link"
                message = f"{where} names {end!r}, which is not a node in this file"
                raise fail(self.graph.name, message, edge.at)
        out: dict[str, Any] = {k: v for k, v in edge.extra.items() if k not in Edge.model_fields}
        wanted = edge.id or f"{ids[edge.source]}--{ids[edge.target]}"
        if sanitize_id(wanted) in self.maker.used and edge.id:  # GEXF numbers nodes and edges alike
            wanted = f"e{wanted}"
        out.update(id=self.maker.make(wanted), source=ids[edge.source], target=ids[edge.target])
        out.update(self.edge_look(edge, out["id"]))
        bends = self.bends(edge, out["id"])
        if bends:
            out["bends"] = bends
            if edge.smooth:
                out["smooth"] = True
        data = self.clean(edge)
        offset = phrase_offset(data)
        if offset is not None and (self.spread, self.sign) != (1.0, 1.0):  # as its concepts
            data[PHRASE_AT] = [
                round(offset[0] * self.spread, 3),
                round(self.sign * offset[1] * self.spread, 3),
            ]
        if edge.id and out["id"] != edge.id:  # GEXF's edge "0" beside node "0": "e0" here
            data.setdefault("original_id", edge.id)  # so a writer can give the file's back
        for key, value in (
            ("label", edge.label),
            ("description", edge.description),
            ("quotes", edge.quotes),
            ("data", data),
        ):
            if value:
                out[key] = value
        return out


def _remap_tours(tours: Any, ids: dict[str, str]) -> Any:
    """Tours name concepts and links by id; follow any id the builder had to change."""
    if not isinstance(tours, list):
        return tours
    for tour in tours:
        for step in tour.get("steps", []) if isinstance(tour, dict) else []:
            for key in ("focus", "reveal"):
                if isinstance(step, dict) and isinstance(step.get(key), list):
                    step[key] = [ids.get(i, i) if isinstance(i, str) else i for i in step[key]]
    return tours


def _header(graph: GraphRecord, skipped: list[str] | None = None) -> dict[str, Any]:
    meta = graph.meta or {}
    if graph.meta is not None and isinstance(meta.get("title"), str):
        out = {"title": meta["title"], "description": meta.get("description", "")}
    else:
        stem = Path(graph.name).name
        made_by = f" ({graph.producer})" if graph.producer else ""
        said = f"Imported from the {graph.origin} file {stem}{made_by}."
        if skipped:  # said where a person reads about the map, not only in a log
            first = skipped[0] + (f" and {len(skipped) - 1} more" if len(skipped) > 1 else "")
            said += f" Style values mapviewer cannot draw were left out: {first}."
        for note in graph.notes:
            said += f" {note}."
        text = graph.description.strip()
        out = {
            "title": (graph.title or "").strip() or Path(graph.name).stem or "Imported map",
            "description": f"{said}\n\n{text}" if text else said,
        }
    for key in ("sources", "tours"):
        if isinstance(meta.get(key), list):
            out[key] = meta[key]
    tool_looks = (
        ("routing", graph.routing),
        ("fills", graph.fills),
        ("background", graph.background),
    )
    for look, tool_look in (*tool_looks, ("lettering", graph.lettering)):
        if isinstance(meta.get(look), str):
            out[look] = meta[look]  # validated with the rest of the map
        elif graph.meta is None and tool_look:
            out[look] = tool_look
    question = meta.get("focus_question") if graph.meta is not None else graph.focus_question
    if isinstance(question, str) and question:
        out["focus_question"] = question
    for extra in (graph.extra, meta.get("extra")):
        if isinstance(extra, dict):
            out.update({k: v for k, v in extra.items() if k not in ConceptMap.model_fields})
    return out


def build_map(graph: GraphRecord, progress: Progress | None = None) -> ConceptMap:
    """Turn a file's records into a validated map; every problem is a MapFileError."""
    progress = progress or Progress(None)
    build = _Builder(graph)
    nodes = [build.node(n) for n in progress.part(0.0, 0.5).each(graph.nodes)]
    valid = valid_parents((n["id"], n.get("parent")) for n in nodes)
    for node in nodes:
        if "parent" in node and node["id"] not in valid:
            del node["parent"]  # a group containing itself through others: kept flat
    edges = [build.edge(e) for e in progress.part(0.5, 0.9).each(graph.edges)]
    if (note := build.no_room_note()) is not None:
        graph.notes.append(note)
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        **_header(graph, build.skipped),
        "kinds": build.kinds.kinds,
        "nodes": nodes,
        "edges": edges,
    }
    ids = {**build.ids, **{e["id"]: e["id"] for e in edges}}
    data["tours"] = _remap_tours(data.get("tours", []), ids)
    with gc_paused():
        cmap = map_from_data(data, graph.name)
    skipped = len(build.skipped)
    style = [f"{skipped} style value{'s' if skipped > 1 else ''} left out"] if skipped else []
    _told([*graph.notes, *style])
    progress(1.0)
    return cmap


# --- what our exporters add, and how importers read it back ------------------------------------


def map_meta(cmap: ConceptMap) -> dict[str, Any]:
    """Map-level fields no interchange format holds: written by every exporter under META_KEY."""
    meta: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": cmap.title,
        "description": cmap.description,
    }
    if cmap.focus_question:
        meta["focus_question"] = cmap.focus_question
    if cmap.routing != "straight":
        meta["routing"] = cmap.routing  # how the map's author chose to draw its links
    if cmap.fills != "filled":
        meta["fills"] = cmap.fills  # ...and its concepts' colours
    if cmap.lettering != "bold":
        meta["lettering"] = cmap.lettering  # ...and their labels' type
    if cmap.background:
        meta["background"] = cmap.background  # ...and the page it is drawn on
    for key in ("sources", "kinds", "tours"):
        items = getattr(cmap, key)
        if items:
            meta[key] = [to_data(item) for item in items]
    if cmap.model_extra:
        meta["extra"] = json_safe(cmap.model_extra)
    return meta


def is_our_meta(value: Any) -> bool:
    return isinstance(value, dict) and value.get("format") == FORMAT_NAME


def item_meta(
    item: Node | Edge, native: Iterable[str], kept_data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What a format cannot hold of one concept or link (``native`` lists what it can)."""
    native = set(native)
    meta: dict[str, Any] = {}
    wanted = (
        "kind",
        "description",
        "aliases",
        "quotes",
        "width",
        "height",
        "color",
        "label",
        "shape",
        "text_color",
        "border_color",
        "border_width",
        "border_dash",
        "text_size",
        "dash",
        "arrows",
        "head",
        "tail",
        "from_side",
        "to_side",
        "bends",
        "smooth",
        "title_at",
        "inside_color",
        "picture",
    )
    for key in wanted:
        value = getattr(item, key, None)
        if key in native or value is None or (not value and key != "border_width"):
            continue  # a border width of 0 is told: no outline
        meta[key] = [to_data(q) for q in value] if key == "quotes" else value
    if isinstance(item, Edge) and not item.directed and "directed" not in native:
        meta["directed"] = False
    if isinstance(item, Node) and not item.placed and "placed" not in native:
        meta["placed"] = False
    for size in ("width", "height"):
        if isinstance(item, Node) and getattr(item, size) is None and size in native:
            meta[size] = None  # the format always shows a size: this one was made up
    if isinstance(item, Node):
        if item.parent and "parent" not in native:
            meta["parent"] = item.parent
        if item.collapsed:
            meta["collapsed"] = True
    if kept_data:
        meta["data"] = json_safe(kept_data)
    if item.model_extra:
        meta["extra"] = json_safe(item.model_extra)
    return meta


def apply_item_meta(record: NodeRecord | EdgeRecord, meta: Any) -> None:
    """Restore what ``item_meta`` wrote; a malformed value is ignored, never trusted blindly."""
    if not isinstance(meta, dict):
        return
    for key in ("label", "description"):
        if isinstance(meta.get(key), str):
            setattr(record, key, meta[key])
    if isinstance(meta.get("quotes"), list):
        record.quotes = meta["quotes"]
    for key in ("data", "extra"):
        if isinstance(meta.get(key), dict):
            getattr(record, key).update(meta[key])
    if isinstance(record, NodeRecord):
        _apply_node_meta(record, meta)
    else:
        _apply_edge_meta(record, meta)


def _apply_edge_meta(record: EdgeRecord, meta: dict[str, Any]) -> None:
    for key in ("color", "dash", "width", "arrows", "head", "tail", "from_side", "to_side"):
        if key in meta:
            setattr(record, key, meta[key])
    if "bends" in meta:  # written in the map's frame, whatever the file's
        record.bends, record.bends_placed = meta["bends"], True
    if meta.get("directed") is False:
        record.directed = False
    if meta.get("smooth") is True:
        record.smooth = True


def _apply_node_meta(record: NodeRecord, meta: dict[str, Any]) -> None:
    if isinstance(meta.get("kind"), str):
        record.kind = meta["kind"]
    if isinstance(meta.get("aliases"), list):
        record.aliases = [str(a) for a in meta["aliases"]]
    for size in ("width", "height"):
        if size in meta:
            setattr(record, size, number(meta[size]))
    borders = ("border_color", "border_width", "border_dash")
    looks = ("color", "shape", "text_color", "title_at", "inside_color", "text_size", "picture")
    for key in (*looks, *borders):
        if key in meta:
            setattr(record, key, meta[key])
    if isinstance(meta.get("parent"), str):
        record.parent = meta["parent"]
    if meta.get("collapsed") is True:
        record.collapsed = True
    if meta.get("placed") is False:
        record.x = record.y = None


def split_data(
    data: dict[str, Any], reserved: Iterable[str], plain: Callable[[Any], bool] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a concept's ``data`` into what a format can show as its own attributes and what
    must travel in our metadata: names the format reserves, and values it cannot type."""
    reserved = set(reserved)
    shown: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key in reserved or key == META_KEY or (plain is not None and not plain(value)):
            kept[key] = value
        else:
            shown[key] = value
    return shown, kept


def data_types(
    items: Sequence[Node] | Sequence[Edge], types: dict[type, str], reserved: Iterable[str]
) -> dict[str, str]:
    """Data fields a format can declare as typed attributes of its own (GraphML keys, GEXF
    attributes): every value under the name has one simple type the format has (``types``:
    Python type -> the format's type name). Any other field travels in our metadata."""
    reserved = set(reserved)
    seen: dict[str, set[type]] = {}
    for item in items:
        for name, value in item.data.items():
            seen.setdefault(name, set()).add(type(value))
    return {
        name: types[next(iter(found))]
        for name, found in seen.items()
        if len(found) == 1 and next(iter(found)) in types and name not in reserved
    }


def dumps_meta(meta: dict[str, Any]) -> str:
    """Metadata as compact JSON text, for formats whose attributes hold only strings."""
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads_meta(text: Any) -> Any:
    """Parse metadata text written by ``dumps_meta``; anything unreadable counts as absent."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


# A file's type size in pixels and a concept's text_size in points: yEd and CmapTools (Java,
# whose pixels are points at 72 dpi) draw fontSize 12 as 12 screen pixels, which is 9 points at
# the 96 dpi the canvas lays labels out at; 9-point labels take the room their boxes in the file
# leave for them (CmapTools' 12 px Segoe UI "monotrichous" 81 px, ours 82).
POINTS_PER_PIXEL = 0.75
LABEL_PT = 10.0  # the theme's label size (mapviewer.boxes.LABEL_PT, which needs Qt)


def points_of_pixels(value: Any) -> Any:
    """A file's font size in pixels as a text_size in points; what is no number is returned as
    it is, for the builder to name and skip."""
    size = number(value)
    return value if size is None else round(size * POINTS_PER_PIXEL, 2)


def pixels_of_points(text_size: float) -> int:
    """A text_size as the whole pixels CXL's font-size and yEd's fontSize hold."""
    return max(1, round(text_size / POINTS_PER_PIXEL))


def box_size(node: Node) -> tuple[float, float]:
    """A concept's box as other tools will draw it: the size it has, else estimated from its
    label (no fonts here), in its own type size; a circle's as tall as it is wide, so yEd draws
    it round."""
    width, height = estimated_box(node.label, node.width, node.height)
    if node.text_size and not (node.width and node.height):
        scale = node.text_size / LABEL_PT
        width, height = (
            node.width or round(width * scale, 1),
            node.height or round(height * scale, 1),
        )
    if node.shape == "circle":
        return max(width, height), max(width, height)
    return width, height


def estimated_box(label: str, width: float | None, height: float | None) -> tuple[float, float]:
    """A box of ``width`` and ``height`` where given, else about what the canvas draws for
    ``label``."""
    longest = max((len(line) for line in label.splitlines()), default=0)
    width = width or min(max(7.0 * longest + 24.0, 60.0), 220.0)
    if height:
        return round(width, 1), height
    per_line = max(int((width - 16.0) / 7.0), 1)
    lines = sum(max(math.ceil(len(line) / per_line), 1) for line in label.splitlines() or [""])
    return round(width, 1), round(18.0 * lines + 16.0, 1)


def export_positions(cmap: ConceptMap) -> dict[str, tuple[float, float]]:
    """Every concept's centre for formats that need one: unplaced concepts are laid out beside
    the placed ones (exporters mark them, so our importer leaves them unplaced again)."""
    from mapviewer.layout import unplaced_positions  # noqa: PLC0415 - igraph only when needed

    fixed = {n.id: (n.x, n.y) for n in cmap.nodes if n.x is not None and n.y is not None}
    return {**fixed, **unplaced_positions(cmap, box_size)}
