"""Python's cyclic garbage collection, run only on the GUI thread.

CPython collects in whichever thread happens to cross the allocation threshold. Automatic
layout and the statistics dock compute on worker threads and allocate plenty, so collections
would run there and free Qt objects caught in reference cycles from the wrong thread, while the
GUI thread is painting or dispatching events to them. The test suite crashed exactly so (a
segfault in "Garbage-collecting" while the layered layout ran). Automatic collection therefore
stays off, and a timer on the GUI thread collects the generation CPython would have collected,
judged by CPython's own counts and thresholds (the approach of pyqtgraph and calibre).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # a young collection takes well under a millisecond; a full one a few


def collect_if_due() -> int:
    """Collect the oldest generation whose count has passed its threshold; -1 when none has.

    Counts keep running while automatic collection is off: generation 0 counts allocations,
    the older ones count collections of the generation below, as CPython itself decides.
    """
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    due = -1
    for generation in range(3):
        if counts[generation] <= thresholds[generation]:
            break
        due = generation
    if due >= 0:
        gc.collect(due)
    return due


def collect_on_this_thread(parent: QObject, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Turn automatic collection off and collect from a timer of ``parent``'s (GUI) thread."""
    gc.disable()
    timer = QTimer(parent)
    timer.setObjectName("garbage-collector")
    timer.setInterval(interval_ms)
    timer.timeout.connect(collect_if_due)
    timer.start()
    return timer
