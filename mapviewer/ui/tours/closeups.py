"""The Tours dock's close-ups laid out on a worker thread, in a hall of their own.

A close-up moves the step's concept items in a projector scene, routes its links and places
their phrases again, try after try: 0.5-2 s a step on the default map spread 5x, which the
dock spent on the GUI thread, one idle tick at a time, the window frozen for each."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import shiboken6
from PySide6.QtCore import QSizeF

from mapviewer.document import Document
from mapviewer.model import ConceptMap
from mapviewer.slides import Stage, StageOptions, StepFrame
from mapviewer.tours import StepView

# Takes each verdict as it comes (the key, the step, how the hall frames it, whether as a
# close-up), and says whether the rest are still wanted.
Deliver = Callable[[Hashable, StepView, StepFrame, bool], bool]


def lay_out(
    saved: str, asked: Sequence[tuple[Hashable, StepView]], size: QSizeF, deliver: Deliver
) -> None:
    """On the worker thread: how the hall shows each of ``asked`` on ``size``, in a hall made
    from ``saved``, the map as the GUI thread wrote it out (ConceptMap.model_dump_json), read
    here into a copy nothing else touches while the GUI thread's edits go on. Written out
    takes the GUI thread 11 ms on the default map where a deep copy took 66. The hall's Qt
    objects are deleted here, on the thread that made them."""
    document = Document(ConceptMap.model_validate_json(saved))
    hall = Stage(document, StageOptions(), cached=False, close_ups=True, indexed=False)
    try:
        for key, view in asked:
            seen = hall.show(view, size, clean_edges=False)
            if not deliver(key, view, seen, hall.closed_up):
                return
    finally:
        shiboken6.delete(hall.scene)
        shiboken6.delete(document)
