"""Following a document's or a scene's signals, and letting go of the old ones when another map
replaces it: a slot left connected to a replaced document would redraw a widget from a map no
longer shown."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from contextlib import suppress

from PySide6.QtCore import SignalInstance

Wiring = tuple[SignalInstance, Callable[..., object]]


def wire(pairs: Iterable[Wiring], on: bool) -> None:
    """Connect each signal to its slot, or (``on`` False) disconnect it. A signal whose object
    is gone, or that was never connected, is passed over quietly (PySide6 warns otherwise)."""
    for signal, slot in pairs:
        if on:
            signal.connect(slot)
            continue
        with warnings.catch_warnings(), suppress(RuntimeError, TypeError):
            warnings.simplefilter("ignore")
            signal.disconnect(slot)
