"""Finding and reading the text files a map's sources point at; no Qt.

A source's ``file`` is relative to the map file. A copy of a shipped map saved somewhere else
still finds the shipped texts, by file name, among the app's own resources.

A map is a document from someone else, and its ``file`` fields are paths it chose: an absolute
``/etc/passwd``, a ``../../../`` that climbs out, a symbolic link that leads elsewhere, or
``/proc/self/environ``. So a map reads texts only inside its own folder (anywhere below it) and
among the app's shipped sources, judged on the real path after every ``..`` and link is
resolved. A text outside that boundary is *blocked* until the person allows it for that map
(the window asks; ``mapviewer check --allow-outside``). Even then only a regular file of at most
``MAX_SOURCE_BYTES`` is read (mapviewer.io.safefile): never a pipe, a device or /proc.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mapviewer.io.safefile import FileRefusedError, read_capped
from mapviewer.model import ConceptMap, Source
from mapviewer.paths import SOURCES_DIR
from mapviewer.reading import Reading, ReadingError, convert

MAX_SOURCE_BYTES = 64 * 1024 * 1024  # a source text longer than this is not read (README says so)

# Why a new map's pasted or added texts are blocked, where a saved map's are "outside its folder".
NO_FOLDER = "this map is not saved yet, so it has no folder and every file lies outside it"

State = Literal["readable", "missing", "blocked", "unreadable"]


@dataclass(frozen=True)
class SourceStatus:
    """Whether a source's text can be shown, and if not, why, in words for the reader."""

    state: State
    path: Path | None = None  # the file found (readable, blocked, unreadable) or looked for
    reason: str = ""

    @property
    def blocked(self) -> bool:
        return self.state == "blocked"

    def describe(self, source: Source) -> str:
        """One sentence for the Source dock, a quote card or ``mapviewer check``."""
        named = source.file or "no file"
        if self.state == "blocked":
            why = self.reason or "it is outside this map's folder"
            return (
                f"The text of this source ({named}) is blocked: {why}. "
                "Allow files outside the folder for this map to read it."
            )
        if self.state == "unreadable":
            return f"The text of this source ({named}) cannot be read: {self.reason}."
        if self.state == "missing":
            return f"The text of this source ({named}) is missing."
        return ""


def _candidates(source: Source, map_path: Path | None) -> list[Path]:
    if not source.file:
        return []
    relative = Path(source.file)
    candidates = []
    if relative.is_absolute():
        candidates.append(relative)
    elif map_path is not None:
        candidates.append(map_path.parent / relative)
    candidates.append(SOURCES_DIR / relative.name)
    return candidates


def resolve(source: Source, map_path: Path | None) -> Path | None:
    """The existing text file of ``source``, or None; where it lies is not judged here (this
    finds files to rewrite paths to, it reads nothing)."""
    return next((c for c in _candidates(source, map_path) if c.is_file()), None)


def clean_path(path: Path) -> Path:
    """``path`` made absolute without its ``.`` and ``..`` parts, naming the same file.

    ``os.path.normpath`` drops ``out/..`` by spelling alone, which names another file when
    ``out`` is a symbolic link (``ex/out/../notes.txt`` opens ``notes.txt`` beside the link's
    target, not beside ``out``). Here a ``..`` drops the part before it only when that part is
    no symbolic link; otherwise the path so far is resolved first, so other links are kept as
    written (a person's ``~/Documents`` link stays readable in the Sources list)."""
    path = Path(path).absolute()
    kept = Path(path.anchor)
    for part in path.parts[1:]:
        if part == ".":
            continue
        if part != "..":
            kept = kept / part
        elif kept.is_symlink():
            kept = Path(os.path.realpath(kept)).parent
        else:
            kept = kept.parent
    return kept


def trusted_folders(map_path: Path | None) -> list[Path]:
    """Where a map may read texts without asking: its own folder and the shipped sources,
    as real paths (so a link inside either that leads out is caught)."""
    folders = [Path(os.path.realpath(SOURCES_DIR))]
    if map_path is not None:
        folders.insert(0, Path(os.path.realpath(map_path.parent)))
    return folders


def is_inside(path: Path, map_path: Path | None) -> bool:
    """Whether ``path``, every ``..`` and symbolic link resolved, lies in a trusted folder."""
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(folder) for folder in trusted_folders(map_path))


def locate(source: Source, map_path: Path | None, allow_outside: bool = False) -> SourceStatus:
    """Where ``source``'s text is and whether it may be read. The first candidate that exists
    decides: a file outside the trusted folders is blocked (not skipped for the shipped copy,
    which may say something else) unless ``allow_outside``."""
    candidates = _candidates(source, map_path)
    for candidate in candidates:
        if not os.path.lexists(candidate):
            continue
        if not allow_outside and not is_inside(candidate, map_path):
            return SourceStatus("blocked", candidate, "" if map_path else NO_FOLDER)
        return SourceStatus("readable", candidate)
    return SourceStatus("missing", candidates[0] if candidates else None)


def read_reading(path: Path) -> Reading:
    """A source file's reading text (mapviewer.reading: Markdown rendered, HTML as text, a
    PDF's text layer page by page) from a regular file of at most MAX_SOURCE_BYTES. Raises
    FileRefusedError saying why not (which names the file)."""
    raw = read_capped(path, MAX_SOURCE_BYTES)
    try:
        return convert(raw, path.name)
    except ReadingError as error:
        raise FileRefusedError(path, str(error)) from None


def reading_text(
    source: Source, map_path: Path | None, allow_outside: bool = False
) -> tuple[Reading | None, SourceStatus]:
    """The one way to a source's reading text: found within the map's trust boundary (see
    ``locate``) and converted by its format. The reading is None unless the status is
    "readable"; an unreadable file's status says why (an encrypted or image-only PDF, not
    UTF-8...)."""
    status = locate(source, map_path, allow_outside)
    if status.state != "readable" or status.path is None:
        return None, status
    try:
        return read_reading(status.path), status
    except FileRefusedError as refused:
        return None, SourceStatus("unreadable", status.path, refused.reason)


class SourceTexts:
    """The texts of one map's sources, read once each, within the map's trust boundary."""

    def __init__(
        self, cmap: ConceptMap, map_path: Path | None, allow_outside: bool = False
    ) -> None:
        self._sources = {s.id: s for s in cmap.sources}
        self._map_path = map_path
        self.allow_outside = allow_outside
        self._status: dict[str, SourceStatus] = {}
        self._readings: dict[str, Reading | None] = {}

    def status(self, source_id: str) -> SourceStatus:
        """Readable, missing, blocked, or unreadable (a pipe, too big, not UTF-8): known once
        the text was asked for; before that "readable" means "found and allowed"."""
        if source_id not in self._status:
            source = self._sources.get(source_id)
            if source is None:
                self._status[source_id] = SourceStatus("missing")
            else:
                self._status[source_id] = locate(source, self._map_path, self.allow_outside)
        return self._status[source_id]

    def path(self, source_id: str) -> Path | None:
        """The file a readable source's text comes from; None for any other."""
        status = self.status(source_id)
        return status.path if status.state == "readable" else None

    def reading(self, source_id: str) -> Reading | None:
        """The source's reading text with its pages, read once; None if it cannot be read."""
        if source_id not in self._readings:
            path = self.path(source_id)
            reading = None
            if path is not None:
                try:
                    reading = read_reading(path)
                except FileRefusedError as refused:
                    self._status[source_id] = SourceStatus("unreadable", path, refused.reason)
            self._readings[source_id] = reading
        return self._readings[source_id]

    def text(self, source_id: str) -> str | None:
        """The reading text quotes are matched against (never the file's markup)."""
        reading = self.reading(source_id)
        return reading.text if reading is not None else None

    def blocked(self) -> list[tuple[Source, Path]]:
        """Sources whose files lie outside the map's folder and are not allowed, in map order."""
        found = []
        for source_id, source in self._sources.items():
            status = self.status(source_id)
            if status.blocked and status.path is not None:
                found.append((source, status.path))
        return found


def rebase_sources(
    sources: list[Source], from_map: Path | None, to_map: Path | None
) -> list[Source]:
    """``sources`` whose relative files were relative to the map file ``from_map``, rewritten to
    point at the same texts from ``to_map``. A text that exists is found as the reader finds it
    (shipped texts by name included); a missing one keeps its place on disk. Absolute paths stay
    as they are, except those of a map saved for the first time: a file added to an untitled
    map had nothing to be relative to, and a map refers to its texts relative to itself."""
    if from_map == to_map or to_map is None:
        return list(sources)
    rebased = []
    for source in sources:
        if source.file and from_map is None and Path(source.file).is_absolute():
            relative = source_reference(Path(source.file), to_map)
            same = relative == source.file
            rebased.append(source if same else source.model_copy(update={"file": relative}))
            continue
        if not source.file or Path(source.file).is_absolute():
            rebased.append(source)
            continue
        current = resolve(source, from_map)
        if current is None and from_map is not None:
            current = clean_path(from_map.parent / source.file)
        if current is None:
            rebased.append(source)
            continue
        relative = source_reference(current, to_map)
        same = relative == source.file
        rebased.append(source if same else source.model_copy(update={"file": relative}))
    return rebased


def source_reference(path: Path, map_path: Path | None) -> str:
    """How a map names a text file: relative to the map file (with ``/``, so it reads the same
    on every system), or absolute while the map has no file to be relative to (or the text is
    on another drive)."""
    path = clean_path(path)
    if map_path is None:
        return str(path)
    folder = clean_path(Path(map_path).parent)
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:  # another drive on Windows
        return str(path)
    # relpath climbs out of the map's folder by spelling too: through a symbolic link in the
    # folder's path, "../notes.txt" would lead to another file than the one chosen.
    if os.path.realpath(folder / relative) != os.path.realpath(path):
        return str(path)
    return Path(relative).as_posix()


def relocated(cmap: ConceptMap, from_map: Path | None, to_map: Path) -> ConceptMap:
    """``cmap`` (whose sources are relative to ``from_map``) as written to ``to_map``: its
    sources pointing at the same texts from there. An export to another folder had written
    them unchanged, and every quote in the copy opened as "the text of this source is
    missing"."""
    rebased = rebase_sources(cmap.sources, from_map, Path(to_map).absolute())
    return cmap if rebased == cmap.sources else cmap.model_copy(update={"sources": rebased})


def citation_details(title: str, citation: str) -> str:
    """``citation`` without the sentences that only repeat ``title`` (whole, one of its
    " / " parts, or without its closing "(...)" note), for a pane that shows the title as its
    heading just above: "Eran K. Unraveling immune therapy resistance mechanisms: ... . J Clin
    Immunol. 2023;6(4):164." read the title twice in a row. A sentence that says more than the
    title (an "In: ..." of a book) stays whole, so nothing needed to cite the source is lost."""

    def bare(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(" .")

    whole = bare(title)
    repeats = {whole, *(bare(part) for part in title.split(" / "))}
    repeats.add(bare(re.sub(r"\s*\([^()]*\)\s*$", "", title)))
    repeats.discard("")
    kept = [s for s in re.split(r"(?<=\.)\s+", citation.strip()) if bare(s) not in repeats]
    return " ".join(kept)
