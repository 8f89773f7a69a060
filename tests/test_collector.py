"""Garbage collection runs on the GUI thread only, however much a worker thread allocates."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from mapviewer.ui.collector import collect_if_due, collect_on_this_thread


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_worker_thread_never_collects_and_the_gui_thread_does(qtbot) -> None:
    collected_on: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            collected_on.append(threading.get_ident())

    owner = QObject()
    timer = collect_on_this_thread(owner, interval_ms=20)
    gc.callbacks.append(note)
    try:
        # The kind of churn a layout makes: far past every threshold, all of it cyclic garbage.
        worker = threading.Thread(target=lambda: [_Cycle() for _ in range(200_000)])
        worker.start()
        worker.join()
        assert collected_on == []  # nothing yet: the worker did not collect, the timer has not run
        qtbot.waitUntil(lambda: bool(collected_on), timeout=2000)
    finally:
        gc.callbacks.remove(note)
        timer.stop()
    assert set(collected_on) == {threading.get_ident()}


def test_collects_the_generation_cpython_would() -> None:
    gc.collect()
    assert collect_if_due() == -1  # counts were just reset
    garbage = [_Cycle() for _ in range(gc.get_threshold()[0] + 10)]
    del garbage
    assert collect_if_due() >= 0
