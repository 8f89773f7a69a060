"""Ids made from names, by one rule for concepts, links, kinds and tours: an id a person meets in a
file, a URL or a tour looks the same whichever part of the app made it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_NOT_WORD = re.compile(r"[\W_]+")


def slug(text: str, fallback: str, limit: int = 60) -> str:
    """``Immune cell (NK)`` -> ``immune-cell-nk``: accents dropped, other scripts kept, every run
    of anything else one hyphen; ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub("-", text).strip("-")[:limit].strip("-") or fallback


def unique(base: str, *taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first that none of ``taken`` holds."""
    candidate, number = base, 1
    while any(candidate in used for used in taken):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
