"""Errors shared by the readers and the registry that picks one.

Their own module so that ``records`` (what every reader builds on) and ``registry`` (which
imports readers) both depend on it and not on each other: that pair used to close an import
cycle ``records -> registry -> jgf -> records``.
"""

from __future__ import annotations


class ImportCancelled(Exception):  # noqa: N818 - it is not an error: the user said stop
    """The progress callback returned False: the import stopped and nothing was opened."""
