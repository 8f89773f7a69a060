"""Counts as a person writes them: "1 concept", "2 concepts", "0 links".

The window's status line, the map's summary in Details and Map Properties said "1 concepts" on
a new map's first concept.
"""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, the noun in the plural unless the number is one."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def summary(**counts: int) -> str:
    """Counts joined by a middle dot, in the order given: ``summary(concepts=3, links=1)``."""
    return " · ".join(counted(number, name.removesuffix("s")) for name, number in counts.items())
