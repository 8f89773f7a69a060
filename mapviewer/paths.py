"""Where the shipped maps and resources are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _locate(checkout_name: str, wheel_name: str) -> Path:
    # In a checkout (and an editable install) the folders sit beside the package; a wheel
    # carries them inside it as mapviewer/_maps and mapviewer/_resources.
    candidate = _CHECKOUT / checkout_name
    if candidate.is_dir():
        return candidate
    return _PACKAGE / wheel_name


MAPS_DIR = _locate("maps", "_maps")
RESOURCES_DIR = _locate("resources", "_resources")
SOURCES_DIR = RESOURCES_DIR / "sources"
SCHEMA_FILE = RESOURCES_DIR / "mapviewer-map.schema.json"
DEFAULT_MAP = MAPS_DIR / "immunotherapy.json"
