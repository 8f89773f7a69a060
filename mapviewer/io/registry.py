"""Which reader opens a file: by suffix first, then by what the content says it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mapviewer.io import mapfile
from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError, Problem

Loader = Callable[[Path], ConceptMap]
Saver = Callable[[ConceptMap, Path], None]


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


NATIVE = FileFormat(
    "mapviewer map", mapfile.SUFFIXES, load=mapfile.load, save=mapfile.save, native=True
)

FORMATS: list[FileFormat] = [NATIVE]


def readable_formats() -> list[FileFormat]:
    return [f for f in FORMATS if f.load is not None]


def format_for(path: Path) -> FileFormat | None:
    suffix = path.suffix.lower()
    for fmt in readable_formats():
        if suffix in fmt.suffixes:
            return fmt
    return None


def open_filter() -> str:
    """The file dialog filter: every readable format together first, then each one."""
    formats = readable_formats()
    every = " ".join(f"*{s}" for f in formats for s in f.suffixes)
    return ";;".join(
        [f"All maps ({every})", *(f.dialog_filter() for f in formats), "All files (*)"]
    )


def open_map(path: str | Path) -> ConceptMap:
    """Open any supported file as a map, or raise MapFileError saying why not."""
    path = Path(path)
    fmt = format_for(path) or NATIVE
    if fmt.load is None:  # pragma: no cover - readable_formats() filters these out
        raise MapFileError(str(path), [Problem(str(path), f"{fmt.name} files cannot be opened")])
    return fmt.load(path)
