"""Keeping the journal of a window's unsaved edits, and offering leftovers after a crash.

A leftover journal whose map file has changed since the edits began is never restored onto that
file: it is offered as a new unsaved copy (no path, so saving asks where), laid over the file as
it is now, which Undo shows. Journals that cannot be read are moved aside by mapviewer.recovery
and reported here by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from mapviewer.commands import ReplaceMapCommand
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError
from mapviewer.recovery import Journal, Recovered, Unreadable, leftovers
from mapviewer.ui.files.filewatch import base_of, remember_base

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

DELAY_MS = 1000  # an edit reaches the journal at most this long after it is made


class RecoveryKeeper(QObject):
    """Writes the workspace's document to its journal a second after edits; forgets it on save."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.journal = Journal()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        self.failed = False
        self._followed: Document | None = None
        self.follow(workspace.document)
        workspace.document_replaced.connect(self.follow)
        workspace.work_discarded.connect(self.discard)

    def follow(self, document: Document) -> None:
        """Another document in the workspace: start a fresh journal for it (once per document,
        however many times this is called)."""
        if document is self._followed:
            return
        self._followed = document
        self.journal.discard()
        self.journal = Journal(self.journal.folder)
        document.undo_stack.indexChanged.connect(self._schedule)
        if document.modified:
            self._schedule()

    def _schedule(self) -> None:
        if not self.timer.isActive():  # not restarted: continuous editing still gets written
            self.timer.start()

    def write_now(self) -> None:
        doc = self.workspace.document
        if not doc.modified:
            self.journal.discard()
            return
        try:
            self.journal.write(doc.cmap, doc.path, base_of(doc, hashed=True), doc.sources_from)
            self.failed = False
        except OSError as error:
            self._failed(error.strerror or str(error))
        except MapFileError as error:
            self._failed(error.summary())

    def _failed(self, reason: str) -> None:
        if not self.failed:  # say it once, not every second
            self.workspace.show_message(
                f"Crash recovery could not write its journal: {reason}", 8000
            )
        self.failed = True

    def discard(self) -> None:
        self.timer.stop()
        self.journal.discard()


def ask_to_restore(parent: QWidget, item: Recovered) -> str:
    """Restore / Discard / Later for one journal; tests replace this function."""
    return _ask(
        parent,
        QMessageBox.Icon.Question,
        "mapviewer did not close normally. Restore the unsaved changes?",
        item,
        ("Restore", "restore"),
    )


def ask_to_restore_copy(parent: QWidget, item: Recovered) -> str:
    """Restore as a new unsaved copy / Discard / Later, for a journal whose map file has
    changed since: "copy", "discard" or "later"."""
    where = item.original.name if item.original else "the map"
    if item.original is not None and not item.original.exists():
        what = f"“{where}” has been removed since"
    elif item.based_on is None:
        what = f"its journal does not say which version of “{where}” the edits began from"
    else:
        what = f"“{where}” has changed on disk since"
    return _ask(
        parent,
        QMessageBox.Icon.Warning,
        f"mapviewer did not close normally, and {what}. Restoring the edits onto the file "
        "could overwrite newer work, so they can come back as a new unsaved copy.",
        item,
        ("Restore as a new unsaved &copy", "copy"),
    )


def _ask(
    parent: QWidget, icon: QMessageBox.Icon, text: str, item: Recovered, first: tuple[str, str]
) -> str:
    """The recovery question: ``first`` (its button text and answer), Discard or Later, in plain
    text (the map's title is not HTML)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle("Recover unsaved changes")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setInformativeText(item.describe())
    accept = box.addButton(first[0], QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.exec()
    if box.clickedButton() is accept:
        return first[1]
    if box.clickedButton() is discard:
        return "discard"
    return "later"


def report_unreadable(parent: QWidget, items: list[Unreadable]) -> None:
    """Say which journals could not be read and where they were moved (they stay on disk)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Damaged recovery journal")
    box.setTextFormat(Qt.TextFormat.PlainText)
    count = len(items)
    box.setText(
        "Crash recovery found a journal it could not read; it was moved aside."
        if count == 1
        else f"Crash recovery found {count} journals it could not read; they were moved aside."
    )
    box.setInformativeText(
        "\n".join(f"{item.path.name}: {item.reason}\n→ {item.moved_to}" for item in items)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def offer_recovery(workspace: Workspace, keeper: RecoveryKeeper) -> bool:
    """At start-up, once the whole window is built (a restore replaces the document everything
    follows): report journals that could not be read, then offer each one left by a crash;
    restore at most one into the workspace."""
    found = leftovers(keeper.journal.folder)
    if found.unreadable:
        report_unreadable(workspace.dialog_parent(), found.unreadable)
    for item in found.journals:
        changed = item.original_changed()
        if changed:
            answer = ask_to_restore_copy(workspace.dialog_parent(), item)
        else:
            answer = ask_to_restore(workspace.dialog_parent(), item)
        if answer == "discard":
            item.discard()
        elif answer in ("restore", "copy"):
            _restore(workspace, keeper, item, as_copy=changed)
            return True
    return False


RESTORE_TEXT = "Restore Recovered Edits"


def _restore(workspace: Workspace, keeper: RecoveryKeeper, item: Recovered, as_copy: bool) -> None:
    """Open the journal's map as unsaved work: on its file, or (that file having changed) as
    a copy with no file, which Save asks a place for.

    The journal keeps the whole map as it was, not the edits that made it, so the edits cannot
    come back one by one; they come back as one undo step, "Restore Recovered Edits", over what
    is on disk: the file as saved (unchanged, or changed since: then as a copy with no file, so
    the newer work is shown, never written over), or a blank map for one never saved or since
    removed. Undo then shows that map, unmodified. Only a file that cannot be read now leaves
    nothing to undo to: the edits open as unsaved work with nothing to undo.
    """
    document = _before_the_edits(item, as_copy)
    if document is None:
        original = None if as_copy else item.original
        document = Document(item.cmap, original, sources_from=item.sources_base)
        if not as_copy:
            remember_base(document, item.based_on)
        document.mark_unsaved()
    else:
        document.undo_stack.push(ReplaceMapCommand(document, item.cmap, RESTORE_TEXT))
    workspace.set_document(document)
    item.discard()  # the keeper journals the restored edits under its own name now
    keeper.follow(document)  # already, if it follows the workspace; then a no-op
    keeper.write_now()
    if as_copy:
        workspace.show_message(
            "Restored unsaved changes as a new copy; the file on disk was left as it is.", 8000
        )
    else:
        workspace.show_message("Restored unsaved changes; save them to keep them.", 8000)


def _before_the_edits(item: Recovered, as_copy: bool) -> Document | None:
    """What is on disk where the journal's edits began, opened as its own document: the file
    (checked unchanged by the caller; with no file of its own if it changed since, so saving
    asks where), or a blank map for a never-saved or removed one; None for a file that cannot
    be read now (the edits still come back). A copy of a changed file once had nothing to
    undo to, so Undo could not show the newer file the restore was laid over. A copy's
    sources are read, as the edits' were, relative to the file the journal was based on."""
    original = item.original
    if original is None or (as_copy and not original.exists()):
        return Document(ConceptMap(), sources_from=item.sources_base)
    try:
        cmap = load(original)
    except (OSError, MapFileError):
        return None
    if as_copy:
        return Document(cmap, sources_from=original)
    document = Document(cmap, original)
    remember_base(document, item.based_on)
    return document
