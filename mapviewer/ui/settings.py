"""Persistent preferences (recent files, window layout) in one INI file per user."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 10


def settings() -> QSettings:
    """The app's settings; MAPVIEWER_SETTINGS_DIR moves them (tests give each run its own)."""
    folder = os.environ.get("MAPVIEWER_SETTINGS_DIR")
    if not folder:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return QSettings(str(Path(folder) / "mapviewer.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[Path]:
    value = settings().value("recentFiles", [])
    if isinstance(value, str):  # QSettings gives a lone entry back as a string
        value = [value]
    if not isinstance(value, list):
        return []
    return [Path(v) for v in value if isinstance(v, str) and v]


def add_recent_file(path: Path) -> list[Path]:
    path = path.resolve()
    files = [p for p in recent_files() if p != path]
    files.insert(0, path)
    files = files[:MAX_RECENT]
    settings().setValue("recentFiles", [str(p) for p in files])
    return files


def clear_recent_files() -> None:
    settings().setValue("recentFiles", [])


def last_map() -> Path | None:
    """The map that was open when the app last closed, if it still exists."""
    value = settings().value("session/lastMap", "")
    path = Path(str(value)) if value else None
    return path if path is not None and path.is_file() else None


def remember_last_map(path: Path | None) -> None:
    settings().setValue("session/lastMap", str(path) if path else "")


def _trust_key(map_path: Path) -> str:
    """One key per map file, its path percent-encoded: a slash would make a QSettings group."""
    return f"sourceTrust/{quote(str(map_path.resolve()), safe='')}"


def outside_sources_choice(map_path: Path | None) -> bool | None:
    """Whether the person allowed this map to read source files outside its folder (True),
    kept them blocked (False), or has not been asked yet (None)."""
    if map_path is None:
        return None
    value = settings().value(_trust_key(map_path), "")
    if value == "allow":
        return True
    if value == "block":
        return False
    return None


def remember_outside_sources(map_path: Path, allowed: bool) -> None:
    settings().setValue(_trust_key(map_path), "allow" if allowed else "block")
