"""Noticing that the open map's file changed on disk, and never saving over such a change unasked.

Another program (a text editor, a sync client, a second mapviewer) may rewrite the map while it is
open here. The window watches the file and offers Reload or Keep mine in a bar over the canvas;
saving over a file that changed since it was read or last saved asks first (Overwrite / Cancel /
Save As…). What the document was read from is remembered as a FileStamp, so the app's own saves,
and a touch that changes no byte, are no change.

QFileSystemWatcher watches an inode: an atomic save by any program (write a temporary file,
rename it over the map) replaces the inode and the watcher drops the path. The folder is watched
too, and the path is added again whenever it exists and is not watched. One watcher serves every
window of the process: each costs an inotify instance, of which a user has 128 in all.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from mapviewer.document import Document
from mapviewer.io.atomic import FileStamp, quick_stamp, remove_stale_temps, stamp_file
from mapviewer.problems import MapFileError

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

OVERWRITE, SAVE_AS, CANCEL = "overwrite", "save_as", "cancel"
SETTLE_MS = 100  # a burst of change events (a save is several) is looked at once, after it

# The stamp of the file each open document was read from or last saved to. Kept beside the
# documents rather than in them: the recovery journal and the watch both need it.
_bases: weakref.WeakKeyDictionary[Document, FileStamp] = weakref.WeakKeyDictionary()


def remember_base(document: Document, stamp: FileStamp | None) -> None:
    """``document`` now holds what ``stamp`` describes (it was just read or saved)."""
    if stamp is None:
        _bases.pop(document, None)
    else:
        _bases[document] = stamp


def base_of(document: Document, *, hashed: bool = False) -> FileStamp | None:
    """The stamp of the file ``document`` was read from or last saved to; taken now (size and
    time only) if nobody took it yet. ``hashed`` adds the SHA-256 while the file is unchanged."""
    stamp = _bases.get(document)
    if stamp is not None and stamp.path != str(document.path):
        stamp = None  # saved elsewhere since: that file is what it is based on now
    if stamp is None and document.path is not None:
        stamp = quick_stamp(document.path)
        remember_base(document, stamp)
    if stamp is not None and hashed and not stamp.sha256:
        stamp = stamp.hashed()
        remember_base(document, stamp)
    return stamp


class _SharedWatcher:
    """The process's one QFileSystemWatcher, with a count of the watches wanting each path."""

    _instance: _SharedWatcher | None = None

    def __init__(self) -> None:
        self.watcher = QFileSystemWatcher(QCoreApplication.instance())
        self.wanted: dict[str, int] = {}

    @classmethod
    def get(cls) -> _SharedWatcher:
        if cls._instance is None or not _alive(cls._instance.watcher):
            cls._instance = cls()
        return cls._instance

    def want(self, paths: list[str]) -> None:
        for path in paths:
            self.wanted[path] = self.wanted.get(path, 0) + 1
        self.ensure(paths)

    def ensure(self, paths: list[str]) -> None:
        """Watch those of ``paths`` that exist and are not watched (any more)."""
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        missing = [p for p in paths if p not in watched and Path(p).exists()]
        if missing:
            self.watcher.addPaths(missing)

    def release(self, paths: list[str]) -> None:
        gone = []
        for path in paths:
            count = self.wanted.get(path, 0) - 1
            if count > 0:
                self.wanted[path] = count
            else:
                self.wanted.pop(path, None)
                gone.append(path)
        if not gone or not _alive(self.watcher):
            return
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        gone = [p for p in gone if p in watched]
        if gone:
            self.watcher.removePaths(gone)


def _alive(obj: QObject) -> bool:
    from shiboken6 import Shiboken  # noqa: PLC0415 - loaded with Qt anyway

    return Shiboken.isValid(obj)


def _release_when_gone(paths: list[str]) -> None:
    shared = _SharedWatcher._instance
    if shared is not None and paths:
        shared.release(list(paths))
    paths.clear()


class EdgeBar(QFrame):
    """A strip over one edge of its parent (the canvas), following the parent's size: the
    non-modal way to say something that needs an answer, so a person can finish a thought."""

    AT_BOTTOM = False

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        parent.installEventFilter(self)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            width = parent.width()
            height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
            height = max(height, self.sizeHint().height())
            top = parent.height() - height if self.AT_BOTTOM else 0
            self.setGeometry(0, top, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False


class ChangedOnDiskBar(EdgeBar):
    """A strip over the top of the canvas: the file changed on disk; Reload or Keep mine.

    Non-modal, so a person can finish a thought first; the buttons' mnemonics work as keys."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("ChangedOnDiskBar")
        self.setAccessibleName("File changed on disk")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self.label.setWordWrap(True)  # a long name on a narrow canvas wraps, never cut off
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.reload = QPushButton("&Reload")
        self.reload.setToolTip("Read the file again, as it is on disk now")
        self.keep = QPushButton("&Keep mine")
        self.keep.setToolTip("Keep the map as it is here; saving will write it over the file")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload)
        layout.addWidget(self.keep)
        self.hide()

    def show_text(self, text: str, can_reload: bool) -> None:
        self.label.setText(text)
        self.reload.setVisible(can_reload)
        self._place()
        self.show()
        self.raise_()


class DiskWatch(QObject):
    """Watches the workspace's map file; offers Reload / Keep mine; asks before overwriting."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.shared = _SharedWatcher.get()
        self.shared.watcher.fileChanged.connect(self._on_event)
        self.shared.watcher.directoryChanged.connect(self._on_event)
        self.watched: list[str] = []  # this window's share: its map file and the folder
        # The list itself, not self: at that point the Python side may be half gone.
        watched = self.watched
        self.destroyed.connect(lambda: _release_when_gone(watched))
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.check)
        # The version on disk the person chose to keep theirs over ("Keep mine"), or its
        # removal: neither is offered again until the file changes once more.
        self.acknowledged: FileStamp | None = None
        self.acknowledged_removal = False
        self._bar: ChangedOnDiskBar | None = None  # made when first needed, not at start-up
        self._followed: Document | None = None
        self.follow(workspace.document)
        workspace.document_replaced.connect(self.follow)

    @property
    def bar(self) -> ChangedOnDiskBar:
        if self._bar is None:
            self._bar = ChangedOnDiskBar(self.workspace.view)
            self._bar.reload.clicked.connect(self.reload)
            self._bar.keep.clicked.connect(self.keep_mine)
        return self._bar

    def _hide_bar(self) -> None:
        if self._bar is not None:
            self._bar.hide()

    # --- what is watched ------------------------------------------------------------------------

    def follow(self, document: Document) -> None:
        """Watch ``document``'s file (none for an untitled map); once per document."""
        if document is not self._followed:
            self._followed = document
            document.path_changed.connect(self.rewatch)
        self.rewatch()

    def rewatch(self) -> None:
        """Watch the current path and its folder, forgetting any change already offered."""
        self.shared.release(self.watched)
        self.watched.clear()
        self.acknowledged = None
        self.acknowledged_removal = False
        self._hide_bar()
        path = self.workspace.document.path
        if path is None:
            return
        base_of(self.workspace.document)
        remove_stale_temps(path.parent)  # an interrupted save's leftovers, before anyone sees
        self.watched.extend([str(path), str(path.parent)])
        self.shared.want(self.watched)

    def _on_event(self, path: str) -> None:
        if path in self.watched:
            self.settle.start()

    # --- noticing -------------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """Whether the file holds something other than what the document was read from or last
        saved as (removed counts; a version the person chose to keep theirs over does not)."""
        document = self.workspace.document
        if document.path is None:
            return False
        base = base_of(document)
        if base is not None and base.matches(document.path):
            return False
        if self.acknowledged is not None and self.acknowledged.matches(document.path):
            return False
        if not document.path.exists():
            return base is not None and not self.acknowledged_removal
        return True

    def check(self) -> None:
        """After change events have settled: watch the path again if an atomic replace made the
        watcher drop it, and offer Reload / Keep mine if the content really changed."""
        path = self.workspace.document.path
        if path is None:
            return
        self.shared.ensure(self.watched)
        if not self.changed_on_disk():
            self._hide_bar()
            return
        if path.exists():
            text = f"“{path.name}” has changed on disk."
            self.bar.show_text(text, can_reload=True)
        else:
            text = f"“{path.name}” was removed from disk; the map is still open here."
            self.bar.show_text(text, can_reload=False)

    # --- answers --------------------------------------------------------------------------------

    def keep_mine(self) -> None:
        """Keep the map as it is here: the version on disk now may be saved over unasked."""
        path = self.workspace.document.path
        self.acknowledged = stamp_file(path) if path is not None else None
        self.acknowledged_removal = self.acknowledged is None
        self._hide_bar()

    def reload(self) -> bool:
        """Read the file again; with unsaved changes only after the person agrees to lose them.
        The map stays as it was if the file cannot be read."""
        from mapviewer.io import registry  # noqa: PLC0415 - only when reloading
        from mapviewer.ui.dialogs.messages import show_file_error  # noqa: PLC0415

        document = self.workspace.document
        path = document.path
        if path is None:
            return False
        if document.modified and not self.ask_to_lose_changes(path):
            return False
        stamp = stamp_file(path)  # before reading: a change after it is noticed again
        try:
            cmap = registry.open_map(path)
        except MapFileError as error:
            show_file_error(self.workspace.dialog_parent(), error, "The map could not be reloaded")
            return False
        fresh = Document(cmap, path)
        remember_base(fresh, stamp)
        self.workspace.discard_recovery()
        self.workspace.set_document(fresh)
        self.workspace.show_message(f"Reloaded {path.name} from disk", 4000)
        return True

    def ask_to_lose_changes(self, path: Path) -> bool:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - the box only when needed

        box = QMessageBox(self.workspace.dialog_parent())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Reload from disk")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Reload “{path.name}” from disk and lose your unsaved changes?")
        box.setInformativeText("Your changes here cannot be undone after reloading.")
        reload = box.addButton("&Reload", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is reload

    def ask_before_overwriting(self, path: Path) -> str:
        """OVERWRITE, SAVE_AS or CANCEL when ``path`` is the open map's file and it has changed
        on disk since it was read or saved; OVERWRITE (no question) otherwise."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - the box only when needed

        document = self.workspace.document
        if document.path is None or Path(path).absolute() != document.path.absolute():
            return OVERWRITE  # a new place: the save dialog has asked about an existing file
        if not Path(path).exists() or not self.changed_on_disk():
            return OVERWRITE
        box = QMessageBox(self.workspace.dialog_parent())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("File changed on disk")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"“{path.name}” has changed on disk since you opened or last saved it.")
        box.setInformativeText(
            "Overwrite it with your version (the other changes are lost), or save yours "
            "under another name?"
        )
        overwrite = box.addButton("&Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("&Save As…", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        if box.clickedButton() is overwrite:
            return OVERWRITE
        if box.clickedButton() is save_as:
            return SAVE_AS
        return CANCEL

    def saved(self, document: Document) -> None:
        """``document`` was just written to its path by this app: that is its base now, and no
        change to offer (the watcher's events for the write are looked at and dropped)."""
        path = document.path
        remember_base(document, stamp_file(path) if path is not None else None)
        self.acknowledged = None
        self.acknowledged_removal = False
        self._hide_bar()
        if document is self.workspace.document:
            self.shared.ensure(self.watched)
