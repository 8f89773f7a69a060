"""Crash recovery: unsaved edits are journalled to disk so a crash or kill costs seconds of work.

Each running window with unsaved edits keeps one journal file: the whole map plus where it came
from, written atomically a second after an edit. Saving or discarding removes the journal. At the
next start, journals whose process is gone are offered for restoring. No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from mapviewer.io.mapfile import map_from_data, to_data
from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError

FORMAT = "mapviewer-recovery"
SUFFIX = ".recovery.json"


def default_folder() -> Path:
    """Where journals live; MAPVIEWER_RECOVERY_DIR moves them (the tests use their own)."""
    override = os.environ.get("MAPVIEWER_RECOVERY_DIR")
    if override:
        return Path(override)
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

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))
        where = str(self.original) if self.original else "a new, never saved map"
        return f"“{self.title}” ({where}), unsaved changes from {when}"

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class Journal:
    """The recovery file of one window's current document."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()
        self.path = self.folder / f"{uuid.uuid4().hex}{SUFFIX}"

    def write(self, cmap: ConceptMap, original: Path | None) -> None:
        """Replace the journal with this state of the map (atomically: old or new, never half)."""
        from mapviewer.io.atomic import write_atomic  # noqa: PLC0415

        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "format": FORMAT,
            "version": 1,
            "pid": os.getpid(),
            "original": str(original) if original else None,
            "title": cmap.title,
            "saved_at": time.time(),
            "map": to_data(cmap),
        }
        write_atomic(self.path, json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def orphans(folder: Path | None = None) -> list[Recovered]:
    """Journals whose writer is no longer running, newest first; unreadable ones are skipped."""
    folder = folder or default_folder()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if record.get("format") != FORMAT or _alive(int(record.get("pid", 0))):
                continue
            cmap = map_from_data(record["map"], str(path))
        except (OSError, ValueError, KeyError, TypeError, MapFileError):
            continue
        original = Path(record["original"]) if record.get("original") else None
        found.append(
            Recovered(path, original, str(record.get("title", "")), float(record["saved_at"]), cmap)
        )
    return sorted(found, key=lambda r: -r.saved_at)
