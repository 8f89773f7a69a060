"""Crash recovery: unsaved edits are journalled to disk so a crash or kill costs seconds of work.

Each running window with unsaved edits keeps one journal file: the whole map plus where it came
from, written atomically a second after an edit. Saving or discarding removes the journal. At the
next start, journals whose process is gone are offered for restoring. No Qt here.

A journal is not trusted blindly. It names the file its edits were based on (path, size,
modification time, SHA-256): if that file has changed since, say because the map was edited
elsewhere after the crash, restoring onto it would overwrite the newer work on the next save,
so the caller offers the edits as a new unsaved copy instead. A journal that cannot be read is
renamed with a ``.corrupt`` suffix and reported, never silently skipped and left in the way.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from mapviewer.io.atomic import FileStamp
from mapviewer.io.mapfile import map_from_data, writable_data
from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError

FORMAT = "mapviewer-recovery"
VERSION = 2  # 2: "based_on", the stamp of the file the edits started from
SUFFIX = ".recovery.json"
CORRUPT = ".corrupt"  # added to a journal that could not be read


def default_folder() -> Path:
    """Where journals live: MAPVIEWER_RECOVERY_DIR if set; else inside MAPVIEWER_SETTINGS_DIR if
    that is set, so a session given a fresh settings folder (a test, the benchmark) starts with
    no journals and leaves none for anyone else (beside the shared data folder, one was offered
    another session's unsaved edits); else the user's data folder."""
    override = os.environ.get("MAPVIEWER_RECOVERY_DIR")
    if override:
        return Path(override)
    settings = os.environ.get("MAPVIEWER_SETTINGS_DIR")
    if settings:
        return Path(settings) / "recovery"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mapviewer" / "recovery"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process with that number: leave its journal alone
    return True


@dataclass(frozen=True)
class Recovered:
    """A journal left by a process that is gone."""

    path: Path
    original: Path | None
    title: str
    saved_at: float
    cmap: ConceptMap
    based_on: FileStamp | None = None
    # The map file the sources' relative paths are relative to, for edits of a copy with no
    # file (Document.sources_from): a second crash kept the copy but lost where its texts are.
    sources_from: Path | None = None

    @property
    def sources_base(self) -> Path | None:
        """The file the map's relative source paths were written for, if any."""
        return self.original or self.sources_from

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))
        where = str(self.original) if self.original else "a new, never saved map"
        return f"“{self.title}” ({where}), unsaved changes from {when}"

    def original_changed(self) -> bool:
        """Whether the map file these edits started from is no longer what it was: changed,
        replaced or removed since (or the journal cannot tell, being older than stamps).
        Restoring onto it would let the next save overwrite someone's newer work."""
        if self.original is None:
            return False
        if self.based_on is None:
            return True
        return not self.based_on.matches(self.original)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class Journal:
    """The recovery file of one window's current document."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()
        self.path = self.folder / f"{uuid.uuid4().hex}{SUFFIX}"

    def write(
        self,
        cmap: ConceptMap,
        original: Path | None,
        based_on: FileStamp | None = None,
        sources_from: Path | None = None,
    ) -> None:
        """Replace the journal with this state of the map (atomically: old or new, never half).

        ``based_on`` is the stamp of ``original`` as it was read or last saved. Raises OSError,
        or MapFileError for a map too deeply nested to write (the journal is then left as it
        was). ``sources_from``: the file a copy's relative source paths are relative to."""
        from mapviewer.io.atomic import write_atomic  # noqa: PLC0415

        data = writable_data(cmap, str(self.path))
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "format": FORMAT,
            "version": VERSION,
            "pid": os.getpid(),
            "original": str(original) if original else None,
            "based_on": based_on.to_json() if based_on and original else None,
            "sources_from": str(sources_from) if sources_from and not original else None,
            "title": cmap.title,
            "saved_at": time.time(),
            "map": data,
        }
        write_atomic(self.path, json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


@dataclass(frozen=True)
class Unreadable:
    """A journal that could not be read, already moved aside to ``moved_to``."""

    path: Path
    moved_to: Path
    reason: str


@dataclass(frozen=True)
class Leftovers:
    """What crashed sessions left: journals to offer, and unreadable ones moved aside."""

    journals: list[Recovered]
    unreadable: list[Unreadable]


def _read(path: Path) -> Recovered | None:
    """The journal at ``path``; None when a running window writes it or a newer mapviewer
    wrote it (neither is this process's to judge). Raises ValueError saying what is wrong."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not complete JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ValueError("not a mapviewer recovery journal")
    pid = record.get("pid")
    if isinstance(pid, int) and _alive(pid):
        return None
    version = record.get("version")
    if isinstance(version, int) and version > VERSION:
        return None
    try:
        cmap = map_from_data(record["map"], str(path))
        saved_at = float(record["saved_at"])
    except KeyError as error:
        raise ValueError(f"the field {error} is missing") from None
    except (TypeError, ValueError):
        raise ValueError("its time of writing is not a number") from None
    except MapFileError as error:
        raise ValueError(f"the map in it is damaged: {error.summary()}") from None
    original = record.get("original")
    sources_from = record.get("sources_from")
    return Recovered(
        path,
        Path(original) if isinstance(original, str) and original else None,
        str(record.get("title", "")),
        saved_at,
        cmap,
        FileStamp.from_json(record.get("based_on")),
        Path(sources_from) if isinstance(sources_from, str) and sources_from else None,
    )


def _move_aside(path: Path) -> Path:
    """Rename an unreadable journal out of the way (``….recovery.json.corrupt``), keeping it
    for a person to look at; a name already taken gets a number."""
    target = path.with_name(path.name + CORRUPT)
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}{CORRUPT}.{number}")
    path.rename(target)
    return target


def leftovers(folder: Path | None = None) -> Leftovers:
    """Journals whose writer is no longer running, newest first; any that cannot be read
    (truncated, not JSON, a damaged map) are renamed aside and listed with the reason."""
    folder = folder or default_folder()
    found: list[Recovered] = []
    unreadable: list[Unreadable] = []
    if not folder.is_dir():
        return Leftovers(found, unreadable)
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            item = _read(path)
        except FileNotFoundError:
            continue  # discarded by its window meanwhile
        except OSError as error:
            reason = error.strerror or str(error)
        except ValueError as error:
            reason = str(error)
        else:
            if item is not None:
                found.append(item)
            continue
        try:
            moved = _move_aside(path)
        except OSError:
            moved = path  # cannot be renamed: still reported, and left where it is
        unreadable.append(Unreadable(path, moved, reason))
    found.sort(key=lambda r: -r.saved_at)
    return Leftovers(found, unreadable)


def orphans(folder: Path | None = None) -> list[Recovered]:
    """The journals of ``leftovers``, newest first."""
    return leftovers(folder).journals
