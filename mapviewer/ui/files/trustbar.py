"""The bar above the map that asks before a map reads source files outside its own folder.

A map chooses the paths of its source texts, so a map from someone else could show
``/etc/passwd`` or ``~/.ssh/id_rsa`` in the Source dock. Such sources stay blocked
(mapviewer.sources) and this bar names them, without stopping anything else: "Allow for this
map" reads them, "Keep blocked" leaves them be. The answer is remembered per map file, so the
question comes once, as VS Code's workspace trust and Obsidian's "trust author" do.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from mapviewer.document import Document
from mapviewer.ui import settings as prefs
from mapviewer.ui.details.textpage import plain_label

if TYPE_CHECKING:
    from pathlib import Path

    from mapviewer.model import Source
    from mapviewer.ui.workspace import Workspace

NAMED = 4  # files named in the bar; the rest are counted


def decide_outside_sources(document: Document, allowed: bool) -> None:
    """The person's answer for this map: remembered for its file (an untitled map keeps it for
    the session) and applied, so blocked texts appear at once when allowed."""
    if document.path is not None:
        prefs.remember_outside_sources(document.path, allowed)
    document.set_outside_allowed(allowed)


def describe_file(source: Source, path: Path) -> str:
    """The file as the map names it, and where it really leads when that is elsewhere (an
    absolute path, a ``..`` or a symbolic link): the person sees what they would allow."""
    written = source.file or str(path)
    real = os.path.realpath(path)
    return written if real == written else f"{written} → {real}"


class TrustBar(QFrame):
    """Shown while the open map has blocked source files and no answer for them."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrustBar")
        self.setAccessibleName("Source files outside this map's folder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.workspace = workspace
        self.message = plain_label()
        self.message.setAccessibleName("Blocked source files")
        self.allow_button = QPushButton("Allow for this map")
        self.allow_button.setToolTip(
            "Read these files for this map from now on; other maps still ask"
        )
        self.keep_button = QPushButton("Keep blocked")
        self.keep_button.setToolTip("Do not read them; their quotes show as blocked")
        self.allow_button.clicked.connect(lambda: self.answer(True))
        self.keep_button.clicked.connect(lambda: self.answer(False))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.allow_button)
        layout.addWidget(self.keep_button)
        self._followed: Document | None = None
        self._answered_untitled: Document | None = None  # "Keep blocked" for a map with no file
        self.hide()
        workspace.document_replaced.connect(self.follow)
        self.follow(workspace.document)

    def follow(self, document: Document) -> None:
        """Another map: apply the answer remembered for its file, or ask."""
        if document is self._followed:
            return
        if self._followed is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._followed.sources_changed.disconnect(self.refresh)
            with contextlib.suppress(RuntimeError, TypeError):
                self._followed.path_changed.disconnect(self._on_moved)
        self._followed = document
        self._path = document.path
        self._had_blocked = bool(document.blocked_sources())
        document.sources_changed.connect(self.refresh)
        document.path_changed.connect(self._on_moved)
        # A recovered copy has the answer given for the file it was made from.
        if prefs.outside_sources_choice(document.sources_base):
            document.set_outside_allowed(True)
        self.refresh()

    def _on_moved(self) -> None:
        """Saved under another name, perhaps in another folder: the texts this map read before
        are still the person's own choice, so the answer moves with the map, and texts that
        were read from the old folder (now outside) go on being read."""
        document = self.workspace.document
        before = prefs.outside_sources_choice(self._path)
        self._path = document.path
        if document.path is not None and before is False:
            prefs.remember_outside_sources(document.path, False)
        elif document.outside_allowed or (not self._had_blocked and document.blocked_sources()):
            decide_outside_sources(document, True)
        self.refresh()

    def refresh(self) -> None:
        document = self.workspace.document
        blocked = document.blocked_sources()
        self._had_blocked = bool(blocked)
        answered = (
            prefs.outside_sources_choice(document.sources_base) is not None
            or self._answered_untitled is document
        )
        if not blocked or answered:
            self.hide()
            return
        names = [describe_file(source, path) for source, path in blocked[:NAMED]]
        more = len(blocked) - len(names)
        listed = ", ".join(names) + (f" and {more} more" if more else "")
        count = "a source file" if len(blocked) == 1 else f"{len(blocked)} source files"
        if document.sources_base is None:
            # Pasted from a map where they were allowed, the same files asked again with words
            # meant for a map's folder: the person could not tell why, nor that the Allow given
            # there does not carry over (an answer belongs to one map file).
            them, lies = ("it", "lies") if len(blocked) == 1 else ("them", "lie")
            self.message.setText(
                f"This new map has no folder yet, so {count} it names {lies} outside it: "
                f"{listed}. "
                f"Blocked until you allow {them} for this map, or save the map in a folder that "
                f"holds {them}; an Allow given in another map does not carry over."
            )
        else:
            self.message.setText(
                f"This map reads {count} outside its folder: {listed}. "
                "Blocked until you allow it for this map."
            )
        self.show()

    def answer(self, allowed: bool) -> None:
        document = self.workspace.document
        if document.path is None:
            self._answered_untitled = document
        decide_outside_sources(document, allowed)
        self.refresh()
        word = "Reading" if allowed else "Not reading"
        self.workspace.show_message(f"{word} source files outside this map's folder", 4000)


def with_bar(bar: TrustBar, view: QWidget) -> QWidget:
    """The window's centre: the bar (when shown) above the map."""
    centre = QWidget()
    layout = QVBoxLayout(centre)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(view, 1)
    return centre
