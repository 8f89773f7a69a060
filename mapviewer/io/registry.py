"""Which reader opens a file and which writer saves it: by suffix, then by what the content says.

Format modules are imported only when a file of theirs is opened or saved, so opening a native
map never loads defusedxml or the exporters (tests/test_architecture.py checks start-up stays
light). ``.json`` may be a mapviewer map, Cytoscape JSON, JGF or JSON Canvas, and ``.xml`` may
be GraphML, GEXF or CXL: those are told apart by their content.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapviewer.io import mapfile
from mapviewer.io.errors import ImportCancelled as ImportCancelled  # callers catch it here
from mapviewer.io.safefile import FileRefusedError, read_head
from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError, Problem

Loader = Callable[..., ConceptMap]  # (path, progress=None) -> ConceptMap
Saver = Callable[[ConceptMap, Path], None]
ProgressCallback = Callable[[float], bool]


def _lazy(module: str, function: str) -> Callable[..., Any]:
    """A function of ``module`` that imports the module on its first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    call.__name__ = f"{module.rsplit('.', 1)[-1]}.{function}"
    call.__doc__ = f"{module}.{function}, imported when first used."
    return call


@dataclass(frozen=True)
class FileFormat:
    """A format a map can be opened from or saved to."""

    name: str
    suffixes: tuple[str, ...]
    load: Loader | None = None
    save: Saver | None = None
    native: bool = False

    def dialog_filter(self) -> str:
        patterns = " ".join(f"*{s}" for s in self.suffixes)
        return f"{self.name} ({patterns})"


def _module_format(
    name: str, suffixes: tuple[str, ...], module: str, load: bool = True, save: bool = True
) -> FileFormat:
    full = f"mapviewer.io.{module}"
    return FileFormat(
        name,
        suffixes,
        load=_lazy(full, "load") if load else None,
        save=_lazy(full, "save") if save else None,
    )


NATIVE = FileFormat(
    "mapviewer map", mapfile.SUFFIXES, load=mapfile.load, save=mapfile.save, native=True
)
CXL = _module_format("CmapTools map", (".cxl",), "cxl")
GRAPHML = _module_format("GraphML (yEd, networkx)", (".graphml",), "graphml")
GEXF = _module_format("GEXF (Gephi)", (".gexf",), "gexf")
CYTOSCAPE = _module_format("Cytoscape JSON", (".cyjs",), "cytoscape")
JGF = _module_format("JSON Graph Format", (".jgf", ".json"), "jgf", save=False)
CANVAS = _module_format("JSON Canvas (Obsidian)", (".canvas",), "jsoncanvas")
HTML = _module_format("Web page", (".html", ".htm"), "html", load=False)

FORMATS: list[FileFormat] = [NATIVE, CXL, GRAPHML, GEXF, CYTOSCAPE, JGF, CANVAS, HTML]

# Content sniffing: (module, format) pairs tried in order for JSON data, root tags for XML.
_JSON_FORMATS = (("cytoscape", CYTOSCAPE), ("jgf", JGF), ("jsoncanvas", CANVAS))
_XML_ROOTS = {"graphml": GRAPHML, "gexf": GEXF, "cmap": CXL}


def readable_formats() -> list[FileFormat]:
    return [f for f in FORMATS if f.load is not None]


def writable_formats() -> list[FileFormat]:
    """Formats a map can be saved or exported to, the native one first."""
    return [f for f in FORMATS if f.save is not None]


def _by_suffix(path: Path) -> FileFormat | None:
    suffix = Path(path).suffix.lower()
    return next((f for f in readable_formats() if suffix in f.suffixes), None)


_NATIVE_MARK = re.compile(rb'"format"\s*:\s*"mapviewer-map"')


def format_for(path: Path) -> FileFormat | None:
    """The format a file will open as. For an existing ``.json`` or ``.xml`` file this reads
    the content, so a Cytoscape ``.json`` is not mistaken for a mapviewer map (the GUI opens
    non-native files as new untitled maps, and must never save over them in our format)."""
    path = Path(path)
    fmt = _by_suffix(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml") or not path.is_file():
        return fmt
    try:
        if suffix == ".xml":
            return _by_content(path)
        if _NATIVE_MARK.search(read_head(path, 65536)):
            return NATIVE
        from mapviewer.io.jsonsafe import parse_json, read_text  # noqa: PLC0415

        data, _ = parse_json(read_text(path), str(path))
        found = _sniff_json(data)
    except Exception:  # opening the file says what is wrong with it
        return fmt
    return found[1] if found else fmt


def is_native(path: Path) -> bool:
    """Whether ``path`` opens as a mapviewer map, which Save writes back, rather than as an
    import, which opens as a new unsaved map (a file that cannot be told counts as ours: opening
    it says what is wrong)."""
    fmt = format_for(path)
    return fmt is None or fmt.native


def _writable_for(path: Path) -> FileFormat | None:
    suffix = path.suffix.lower()
    return next((f for f in writable_formats() if suffix in f.suffixes), None)


def open_filter() -> str:
    """The file dialog filter: every readable format together first, then each one."""
    formats = readable_formats()
    every = " ".join(dict.fromkeys(f"*{s}" for f in formats for s in (*f.suffixes, ".xml")))
    return ";;".join(
        [f"All maps ({every})", *(f.dialog_filter() for f in formats), "All files (*)"]
    )


def export_filter() -> str:
    """The Export dialog filter: every format a map can go out to other than mapviewer's own
    (Save As covers that), e.g. ``CmapTools map (*.cxl);;GraphML (yEd, networkx) (*.graphml)``."""
    return ";;".join(f.dialog_filter() for f in writable_formats() if not f.native)


def _problem(path: Path, message: str) -> MapFileError:
    return MapFileError(str(path), [Problem(str(path), message)])


def _sniff_json(data: Any) -> tuple[str, FileFormat] | None:
    for module, fmt in _JSON_FORMATS:
        if importlib.import_module(f"mapviewer.io.{module}").sniff(data):
            return module, fmt
    return None


def _ours(data: dict[str, Any]) -> bool:
    """Shaped like a mapviewer map, whatever its "format" says: concepts with labels."""
    if "format" in data:
        return True
    nodes = data.get("nodes")
    first = nodes[0] if isinstance(nodes, list) and nodes else None
    return isinstance(first, dict) and "label" in first and "type" not in first


def _json_shape(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(sorted(str(k) for k in data)[:6]) or "none"
        return f"a JSON object with keys {keys}"
    return f"a JSON {type(data).__name__.replace('list', 'array')}"


def _open_json(
    path: Path, progress: ProgressCallback | None, graph: str | None, expected: FileFormat
) -> ConceptMap:
    """Parse once, then hand the data to whichever format it is."""
    from mapviewer.io.jsonsafe import parse_json, read_text  # noqa: PLC0415

    name = str(path)
    data, problems = parse_json(read_text(path), name)
    if expected.native and mapfile.looks_like_mapfile(data):
        return mapfile.map_from_data(data, name, problems)
    if problems:
        raise MapFileError(name, problems)
    found = _sniff_json(data)
    if found is None and expected.native and isinstance(data, dict) and _ours(data):
        # A map whose "format" was left out or misspelt: say that, not what another
        # format would want of it.
        return mapfile.map_from_data(data, name, problems)
    if found is None or (not expected.native and found[1] is not expected):
        wanted = "a mapviewer map, Cytoscape JSON, JGF or JSON Canvas"
        if not expected.native:
            wanted = f"a {expected.name} file"
        raise _problem(path, f"not {wanted}: found {_json_shape(data)}")
    module = importlib.import_module(f"mapviewer.io.{found[0]}")
    extra = {"graph": graph} if found[1] is JGF else {}
    return module.from_data(data, name, progress, **extra)


_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s>/]")


def _utf16_head(head: bytes) -> bytes:
    """The start of a UTF-16 file (Windows tools write XML so) as UTF-8, for sniffing only;
    other bytes come back as they are."""
    for start, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if head.startswith(start):
            return head.decode(codec, "replace").encode("utf-8")
    for start, codec in ((b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if head.startswith(start):
            return head.decode(codec, "replace").encode("utf-8")
    return head


def _xml_root_name(path: Path) -> str | None:
    """The root element's local name, read from the first 64 KB without parsing the file."""
    try:
        head = _utf16_head(read_head(path, 65536))
    except FileRefusedError:
        return None
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.DOTALL)
    head = re.sub(rb"<!DOCTYPE[^>]*>", b"", head)  # a DOCTYPE is refused later, by the parser
    match = _ROOT_TAG.search(head)
    return match.group(2).decode("ascii").lower() if match else None


def _by_content(path: Path) -> FileFormat | None:
    """The format of a ``.xml`` file or a file with an unknown suffix, from its first bytes;
    an XML root this module does not know is refused here with a message that names it."""
    try:
        start = _utf16_head(read_head(path, 256)).lstrip(b"\xef\xbb\xbf \t\r\n")
    except FileRefusedError as refused:  # a FIFO or device: say so now, before anything waits on it
        if refused.reason == "no such file":
            return None
        raise _problem(path, refused.reason) from None
    if not start.startswith(b"<"):
        return None
    root = _xml_root_name(path) or ""
    if root not in _XML_ROOTS:
        found = f"<{root}>" if root else "no root element"
        raise _problem(path, f"an XML file with {found}: not GraphML, GEXF or CmapTools CXL")
    return _XML_ROOTS[root]


class ReaderBugError(MapFileError):
    """A reader raised something other than MapFileError: a bug in mapviewer, not in the file.

    Still a MapFileError, so every caller (File > Open's dialog, ``validate``, ``convert``,
    ``mapviewer FILE``) tells the person which file and keeps going; the fuzzer counts it as a
    crash all the same, by this type.
    """


def _unexpected(path: Path, exc: Exception) -> ReaderBugError:
    name = str(path)
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    message = (
        f"mapviewer could not read this file: an error in mapviewer itself "
        f"({type(exc).__name__}{': ' + detail if detail else ''}). Please report it with the file"
    )
    return ReaderBugError(name, [Problem(name, message)])


def open_map(
    path: str | Path, progress: ProgressCallback | None = None, graph: str | None = None
) -> ConceptMap:
    """Open any supported file as a map, or raise MapFileError saying why not.

    ``progress(fraction)`` is called as the import goes; returning False raises ImportCancelled.
    ``graph`` picks one graph of a file that holds several (JGF): its id, label or index.
    Whatever a reader raises comes out as MapFileError (ReaderBugError for what it did not expect).
    """
    path = Path(path)
    try:
        return _open(path, progress, graph)
    except (MapFileError, ImportCancelled):
        raise
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        raise _unexpected(path, exc) from exc


def open_map_noting(
    path: str | Path, progress: ProgressCallback | None = None, graph: str | None = None
) -> tuple[ConceptMap, list[str]]:
    """``open_map``, and what the import dropped or flattened, each a sentence with a count
    (empty for a native map, or an import that kept everything), for the window and
    ``convert`` to tell the person."""
    from mapviewer.io.records import collecting_notes  # noqa: PLC0415 - see module docstring

    with collecting_notes() as notes:
        cmap = open_map(path, progress, graph)
    return cmap, notes


def _open(path: Path, progress: ProgressCallback | None, graph: str | None) -> ConceptMap:
    fmt = _by_suffix(path)
    write_only = next(
        (f for f in FORMATS if f.load is None and path.suffix.lower() in f.suffixes), None
    )
    if write_only is not None:
        raise _problem(path, f"mapviewer exports {write_only.name.lower()}s but cannot open them")
    if fmt is None or path.suffix.lower() == ".xml":
        fmt = _by_content(path) or fmt
    if fmt is None or fmt.native or fmt is JGF:
        return _open_json(path, progress, graph, fmt or NATIVE)
    if fmt.load is None:  # pragma: no cover - readable_formats() filters these out
        raise _problem(path, f"{fmt.name} files cannot be opened")
    return fmt.load(path, progress)


def graph_choices(path: str | Path) -> list[tuple[str, str]] | None:
    """For a file holding several graphs (JGF ``graphs``): (key for ``graph=``, title) pairs,
    so the GUI can ask which to open; None when the file holds one graph or is not JGF."""
    path = Path(path)
    if path.suffix.lower() not in (".json", ".jgf"):
        return None
    from mapviewer.io import jgf  # noqa: PLC0415

    try:
        return jgf.graph_choices(path)
    except Exception:  # opening the file says what is wrong with it
        return None


def save_map(cmap: ConceptMap, path: str | Path) -> None:
    """Save or export by the target's suffix (``.json`` is mapviewer's own format)."""
    path = Path(path)
    fmt = _writable_for(path)
    if fmt is None or fmt.save is None:
        known = ", ".join(s for f in writable_formats() for s in f.suffixes)
        raise _problem(
            path, f"cannot save as {path.suffix or 'a file without suffix'}: use {known}"
        )
    fmt.save(cmap, path)
