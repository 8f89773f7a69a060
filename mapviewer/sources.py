"""Finding and reading the text files a map's sources point at; no Qt.

A source's ``file`` is relative to the map file. A copy of a shipped map saved somewhere else
still finds the shipped texts, by file name, among the app's own resources.
"""

from __future__ import annotations

from pathlib import Path

from mapviewer.model import ConceptMap, Source
from mapviewer.paths import SOURCES_DIR


def resolve(source: Source, map_path: Path | None) -> Path | None:
    """The existing text file of ``source``, or None."""
    if not source.file:
        return None
    relative = Path(source.file)
    candidates = []
    if relative.is_absolute():
        candidates.append(relative)
    elif map_path is not None:
        candidates.append(map_path.parent / relative)
    candidates.append(SOURCES_DIR / relative.name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


class SourceTexts:
    """The texts of one map's sources, read once each."""

    def __init__(self, cmap: ConceptMap, map_path: Path | None) -> None:
        self._sources = {s.id: s for s in cmap.sources}
        self._map_path = map_path
        self._texts: dict[str, str | None] = {}

    def path(self, source_id: str) -> Path | None:
        source = self._sources.get(source_id)
        return resolve(source, self._map_path) if source else None

    def text(self, source_id: str) -> str | None:
        if source_id not in self._texts:
            path = self.path(source_id)
            text = None
            if path is not None:
                try:
                    text = path.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    text = None
            self._texts[source_id] = text
        return self._texts[source_id]
