"""Keeping the journal of a window's unsaved edits, and offering leftovers after a crash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from mapviewer.document import Document
from mapviewer.recovery import Journal, Recovered, orphans

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
            self.journal.write(doc.cmap, doc.path)
            self.failed = False
        except OSError as error:
            if not self.failed:  # say it once, not every second
                self.workspace.show_message(
                    f"Crash recovery could not write its journal: {error.strerror or error}", 8000
                )
            self.failed = True

    def discard(self) -> None:
        self.timer.stop()
        self.journal.discard()


def ask_to_restore(parent: QWidget, item: Recovered) -> str:
    """Restore / Discard / Later for one journal; tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved changes")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the map's title is not HTML
    box.setText("mapviewer did not close normally. Restore the unsaved changes?")
    box.setInformativeText(item.describe())
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is restore:
        return "restore"
    if box.clickedButton() is discard:
        return "discard"
    return "later"


def offer_recovery(workspace: Workspace, keeper: RecoveryKeeper) -> bool:
    """At start-up, once the whole window is built (a restore replaces the document everything
    follows): offer each journal left by a crash; restore at most one into the workspace."""
    for item in orphans(keeper.journal.folder):
        answer = ask_to_restore(workspace.dialog_parent(), item)
        if answer == "discard":
            item.discard()
        elif answer == "restore":
            document = Document(item.cmap, item.original)
            document.mark_unsaved()
            workspace.set_document(document)
            item.discard()  # the keeper journals the restored edits under its own name now
            keeper.follow(document)  # already, if it follows the workspace; then a no-op
            keeper.write_now()
            workspace.show_message("Restored unsaved changes; save them to keep them.", 8000)
            return True
    return False
