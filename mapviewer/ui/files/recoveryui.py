"""Keeping the journal of a window's unsaved edits, and offering leftovers after a crash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from mapviewer.document import Document
from mapviewer.recovery import Journal, Recovered, orphans

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow

DELAY_MS = 1000  # an edit reaches the journal at most this long after it is made


class RecoveryKeeper(QObject):
    """Writes the current document to its journal a second after edits; forgets it on save."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.journal = Journal()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        self.failed = False
        self.follow(window.document)

    def follow(self, document: Document) -> None:
        """A new document in the window: start a fresh journal for it."""
        self.journal.discard()
        self.journal = Journal(self.journal.folder)
        document.undo_stack.indexChanged.connect(self._schedule)
        if document.modified:
            self._schedule()

    def _schedule(self) -> None:
        if not self.timer.isActive():  # not restarted: continuous editing still gets written
            self.timer.start()

    def write_now(self) -> None:
        doc = self.window.document
        if not doc.modified:
            self.journal.discard()
            return
        try:
            self.journal.write(doc.cmap, doc.path)
            self.failed = False
        except OSError as error:
            if not self.failed:  # say it once, not every second
                self.window.statusBar().showMessage(
                    f"Crash recovery could not write its journal: {error.strerror or error}", 8000
                )
            self.failed = True

    def discard(self) -> None:
        self.timer.stop()
        self.journal.discard()


def ask_to_restore(window: MainWindow, item: Recovered) -> str:
    """Restore / Discard / Later for one journal; tests replace this function."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved changes")
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


def offer_recovery(window: MainWindow) -> bool:
    """At start-up: offer each journal left by a crash; restore at most one into the window."""
    window.finish_setup()  # a restore needs the whole window, not just the first frame's part
    for item in orphans(window.recovery.journal.folder if window.recovery else None):
        answer = ask_to_restore(window, item)
        if answer == "discard":
            item.discard()
        elif answer == "restore":
            document = Document(item.cmap, item.original)
            document.mark_unsaved()
            window.set_document(document)
            item.discard()  # the keeper journals the restored edits under its own name now
            if window.recovery is not None:
                window.recovery.write_now()
            window.statusBar().showMessage(
                "Restored unsaved changes; save them to keep them.", 8000
            )
            return True
    return False
