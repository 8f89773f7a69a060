"""File menu behaviour: new, open, recent, save, save as, export, and never losing work.

Everything that could discard unsaved edits (opening, new, closing, quitting) asks first.
A failed save says why in plain words and keeps both the file on disk and the edits in memory.
Saving over a file that someone else changed since it was opened asks first (filewatch).
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeySequence

# The dialogs' classes load where they are used: importing them with the window cost the
# first frame ~4 ms of Qt type set-up for dialogs a session may never open.
from PySide6.QtWidgets import QMenu, QWidget

from mapviewer.document import Document
from mapviewer.io import registry
from mapviewer.memory import ensure_fits
from mapviewer.model import ConceptMap
from mapviewer.paths import MAPS_DIR
from mapviewer.problems import MapFileError, Problem
from mapviewer.scene.mapscene import MapScene
from mapviewer.sources import relocated
from mapviewer.ui import settings as prefs
from mapviewer.ui.actions import make_action

# The label editor (and Qt's QStyle with its hundreds of enum members) loads when a save or a
# close first asks for a label being typed: not before the first frame.

if TYPE_CHECKING:
    from mapviewer.io.atomic import FileStamp
    from mapviewer.ui.files.filewatch import DiskWatch
    from mapviewer.ui.files.loading import MapLoad
    from mapviewer.ui.workspace import Workspace

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
# Smaller files open before a progress dialog could be read; bigger ones in the background.
PROGRESS_FROM_BYTES = 2_000_000


def describe_os_error(error: OSError, path: Path) -> str:
    """What went wrong with a file, for a person rather than a programmer."""
    reasons = {
        errno.EACCES: "you do not have permission to write there",
        errno.EPERM: "you do not have permission to write there",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "your disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.ENOENT: "the folder no longer exists",
        errno.ENOTDIR: "part of the path is not a folder",
        errno.EIO: "the disk reported an input/output error",
        errno.ENAMETOOLONG: "the file name is too long",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return f"{path} could not be saved: {reason}."


class FileActions:
    """The File menu's actions for the workspace's map."""

    def __init__(self, workspace: Workspace, window: QWidget) -> None:
        """``window`` owns the actions, so their shortcuts work wherever the focus is in it, and
        Quit closes it."""
        self.workspace = workspace
        self._window = window
        # Watching the file starts once the map is on screen (10 ms of imports and a stat
        # the first frame need not wait for), or at the first save, if that comes sooner.
        self._disk: DiskWatch | None = None
        self.loading: MapLoad | None = None  # a big file being opened in the background
        workspace.view.first_frame.connect(lambda: QTimer.singleShot(0, window, self._start_watch))
        self.new = make_action(
            window,
            "&New Map…",
            self.new_map,
            [QKeySequence.StandardKey.New],
            "A new map: its title, and a blank start or a shipped map's kinds",
        )
        self.new_template = make_action(
            window,
            "New Map from &Template…",
            self.new_from_template,
            ["Ctrl+Shift+N"],
            "A new map with the kinds of a shipped map: therapy, drug, checkpoint, immune cell…",
        )
        self.open = make_action(
            window, "&Open…", self.choose_and_open, [QKeySequence.StandardKey.Open], "Open a map"
        )
        self.save = make_action(window, "&Save", self.save_current, [QKeySequence.StandardKey.Save])
        self.save_as = make_action(
            window, "Save &As…", self.choose_and_save, [QKeySequence.StandardKey.SaveAs]
        )
        self.export_map = make_action(
            window,
            "Export &Map As…",
            self.choose_and_export,
            ["Ctrl+Alt+E"],
            "Save a copy for CmapTools, yEd, Gephi, Cytoscape, Obsidian, or as a web page",
        )
        self.export_image = make_action(
            window,
            "Export &Image…",
            self.export_image_dialog,
            ["Ctrl+E"],
            "Save the map as PNG, SVG or PDF",
        )
        self.quit = make_action(window, "&Quit", window.close, [QKeySequence.StandardKey.Quit])
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

    @property
    def disk(self) -> DiskWatch:
        """The watch on the open map's file (made when first needed)."""
        if self._disk is None:
            from mapviewer.ui.files.filewatch import DiskWatch  # noqa: PLC0415 - see __init__

            self._disk = DiskWatch(self.workspace, self._window)
        return self._disk

    def _start_watch(self) -> None:
        self.disk.check()  # and a change since the file was read is offered at once

    def fill_menu(self, menu: QMenu) -> None:
        for action in (self.new, self.new_template, self.open):
            menu.addAction(action)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addAction(self.save)
        menu.addAction(self.save_as)
        menu.addSeparator()
        menu.addAction(self.export_map)
        menu.addAction(self.export_image)
        menu.addSeparator()
        menu.addAction(self.quit)

    # --- asking before discarding ---------------------------------------------------------------

    def ask_to_save(self) -> str:
        """Save / Discard / Cancel for unsaved changes; tests replace this method."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - see top

        doc = self.workspace.document
        box = QMessageBox(self.workspace.dialog_parent())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the map's title is not HTML
        box.setText(f"Save the changes to “{doc.title}” ({doc.display_name})?")
        box.setInformativeText("If you don't save, your changes will be lost.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return DISCARD
        return CANCEL

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded, or unchanged)."""
        from mapviewer.ui.editing.inlineeditor import finish_typing  # noqa: PLC0415 - see top

        finish_typing(self.workspace.view)  # a label being typed is part of the changes
        if not self.workspace.document.modified:
            return True
        answer = self.ask_to_save()
        if answer == SAVE:
            return self.save_current()
        # Discarded edits stay in the crash journal until the map is replaced or the window
        # closes (either discards it): an open refused after Discard left them on screen,
        # unsaved and unprotected.
        return answer == DISCARD

    # --- new and open ---------------------------------------------------------------------------

    def new_map(self, template: int = 0) -> bool:
        """File > New Map: the title and template are asked first (Cancel there keeps the map
        open without a question about its changes), then unsaved changes as for any open."""
        cmap = self.ask_new_map(template)
        if cmap is None or not self.maybe_save():
            return False
        self.workspace.set_document(Document(cmap))
        return True

    def new_from_template(self) -> bool:
        """The same dialog with the default map's domain chosen (Blank is the first choice)."""
        return self.new_map(template=1)

    def ask_new_map(self, template: int) -> ConceptMap | None:
        """The New Map dialog, ``template`` chosen in it; None when cancelled. Tests replace
        this method (conftest) unless they drive the dialog themselves."""
        from PySide6.QtWidgets import QDialog  # noqa: PLC0415 - see top

        from mapviewer.ui.dialogs.newmapdialog import NewMapDialog, templates  # noqa: PLC0415

        dialog = NewMapDialog(templates(), template, self.workspace.dialog_parent())
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.new_map() if accepted else None
        finally:
            dialog.deleteLater()

    def open_path(self, path: str | Path) -> bool:
        """Open a map (or import another tool's file) after asking about unsaved changes.

        A file over PROGRESS_FROM_BYTES opens in the background (mapviewer.ui.files.loading):
        True then means it is on its way, with progress and Cancel, and the map open now stays
        usable until it arrives; whatever goes wrong is told then, as here."""
        path = Path(path)
        if not self.maybe_save():
            return False
        graph = self.choose_graph(path)
        if graph == "":
            return False
        from mapviewer.io.atomic import quick_stamp  # noqa: PLC0415 - see __init__

        # Before reading: a change made while the file is read is then noticed, not missed.
        before = quick_stamp(path.resolve())
        if opens_in_background(path):
            document = self.workspace.document
            self._open_in_background(path, graph, before, (document, document.undo_stack.index()))
            return True
        try:
            cmap, notes = registry.open_map_noting(path, graph=graph)
            ensure_fits(cmap, path)
        except Exception as error:  # whatever it was, the person is told and the map stays
            self._tell_not_opened(path, error)
            return False
        self._show_opened(path, self._new_document(path, cmap, before), notes)
        return True

    def _open_in_background(
        self,
        path: Path,
        graph: str | None,
        before: FileStamp | None,
        answered: tuple[Document, int],
    ) -> None:
        """``answered``: the document and undo step the question about unsaved changes was
        answered for (or needed none)."""
        from mapviewer.ui.files.loading import MapLoad  # noqa: PLC0415 - see __init__

        if self.loading is not None:  # one map at a time: the later choice wins
            self.loading.cancel()

        def build(cmap: ConceptMap) -> MapScene:
            # Its items are made in slices by the loader, the map open now staying usable.
            return MapScene(
                self._new_document(path, cmap, before), self.workspace.theme, build_later=True
            )

        def ready(scene: MapScene, notes: list[str]) -> bool:
            # The map open now may have been edited while the new one loaded: then ask again
            # (not for the edits already answered for: Discard was asked twice).
            document = self.workspace.document
            edited = (document, document.undo_stack.index()) != answered
            if document.modified and edited and not self.maybe_save():
                self.workspace.show_message(f"{path.name} not opened: changes kept", 4000)
                return False
            self._show_opened(path, scene.document, notes, scene=scene)
            return True

        load = MapLoad(
            path,
            graph,
            self.workspace.dialog_parent(),
            self.workspace.view.viewport(),
            build,
            ready,
            lambda error: self._tell_not_opened(path, error),
            lambda: self.workspace.show_message(f"Opening {path.name} cancelled", 4000),
        )
        load.finished.connect(lambda _shown: self._forget_load(load))
        self.loading = load
        load.start()

    def _forget_load(self, load: object) -> None:
        if self.loading is load:
            self.loading = None

    def _tell_not_opened(self, path: Path, error: BaseException) -> None:
        """The usual error dialog naming the file (and the place in it, when the reader said)."""
        if isinstance(error, registry.ImportCancelled):
            self.workspace.show_message(f"Opening {path.name} cancelled", 4000)
            return
        if not isinstance(error, MapFileError):
            problem = Problem(str(path), f"could not be read ({type(error).__name__}: {error})")
            error = MapFileError(str(path), [problem])
        show_file_error(self.workspace.dialog_parent(), error, "The map could not be opened")

    def _new_document(self, path: Path, cmap: ConceptMap, before: FileStamp | None) -> Document:
        """The document for a map read from ``path``: a map file's own, or an import as a new,
        unsaved map (saving asks where)."""
        from mapviewer.ui.files.filewatch import remember_base  # noqa: PLC0415 - see __init__

        if registry.is_native(path):
            document = Document(cmap, path.resolve())
            remember_base(document, before)
        else:
            document = Document(cmap, None)
            document.origin = path.resolve()
        return document

    def _show_opened(
        self, path: Path, document: Document, notes: list[str], scene: MapScene | None = None
    ) -> None:
        """Show the map opened from ``path``, in ``scene`` when the loader built it."""
        self.workspace.set_document(document, scene=scene)
        fmt = registry.format_for(path)
        if fmt is None or fmt.native:
            prefs.add_recent_file(path)
            self.workspace.show_message(f"Opened {path}", 3000)
        else:
            told = f": {'; '.join(notes)}" if notes else ""  # what the import dropped, how much
            self.workspace.show_message(f"Imported {path.name} ({fmt.name}){told}", 10000)

    def choose_graph(self, path: Path) -> str | None:
        """A file with several graphs (JGF): which one? None: the file has one; "": cancelled."""
        from PySide6.QtWidgets import QInputDialog  # noqa: PLC0415 - see top

        choices = registry.graph_choices(path)
        if not choices or len(choices) < 2:
            return None
        titles = [title for _, title in choices]
        title, ok = QInputDialog.getItem(
            self.workspace.dialog_parent(),
            "Open graph",
            f"{path.name} holds {len(choices)} graphs. Open:",
            titles,
            0,
            False,
        )
        if not ok:
            return ""
        return choices[titles.index(title)][0]

    def choose_and_export(self) -> bool:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see top

        doc = self.workspace.document
        stem = file_stem(doc)
        # An import goes back out in its own format first (a GraphML import was offered CXL).
        fmt = registry.format_for(doc.origin) if doc.origin is not None else None
        if fmt is None or fmt.native or not fmt.save:
            fmt = registry.format_for(Path("map.cxl"))
        assert fmt is not None
        start = str(dialog_folder(doc) / f"{stem}{fmt.suffixes[0]}")
        name, chosen = QFileDialog.getSaveFileName(
            self.workspace.dialog_parent(),
            "Export map",
            start,
            registry.export_filter(),
            fmt.dialog_filter(),
        )
        if not name:
            return False
        return self.export_to(with_filter_suffix(Path(name), chosen))

    def export_to(self, path: Path) -> bool:
        """Write a copy in another format; the map stays open as it was (and not saved)."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - see top

        parent = self.workspace.dialog_parent()
        try:
            document = self.workspace.document
            registry.save_map(relocated(document.cmap, document.sources_base, path), path)
        except MapFileError as error:
            show_file_error(parent, error, "The map could not be exported")
            return False
        except OSError as error:
            QMessageBox.critical(parent, "Export failed", describe_os_error(error, path))
            return False
        self.workspace.show_message(f"Exported {path}", 4000)
        return True

    def choose_and_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see top

        # Where the open map (or the file it was imported from) is, else where the last map
        # opened was: after an import it opened in the folder the program was started from.
        doc = self.workspace.document
        near = doc.path or doc.origin or next(iter(prefs.recent_files()), None)
        start = str(near.parent) if near is not None else str(dialog_folder(doc))
        name, _ = QFileDialog.getOpenFileName(
            self.workspace.dialog_parent(), "Open map", start, registry.open_filter()
        )
        if name:
            self.open_path(name)

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = prefs.recent_files()
        for index, path in enumerate(files):
            label = f"&{index + 1} {path.name}" if index < 9 else path.name
            action = menu.addAction(label)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not files:
            empty = menu.addAction("No recent maps")
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear Recent Maps")
        clear.setEnabled(bool(files))
        clear.triggered.connect(prefs.clear_recent_files)

    # --- saving ---------------------------------------------------------------------------------

    def save_current(self) -> bool:
        doc = self.workspace.document
        if doc.path is None:
            return self.choose_and_save()
        return self.save_to(doc.path)

    def choose_and_save(self) -> bool:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see top

        doc = self.workspace.document
        stem = file_stem(doc)
        start = str(dialog_folder(doc) / f"{stem}.json")
        name, _ = QFileDialog.getSaveFileName(
            self.workspace.dialog_parent(), "Save map", start, "mapviewer map (*.json)"
        )
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(path.suffix + ".json" if path.suffix else ".json")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Save; on failure tell the person why and leave everything as it was.

        A label still being typed in place is committed first: it is part of what the person
        sees, and its undo macro must be closed before the stack can be marked saved. A file
        that changed on disk since it was opened or saved is overwritten only if the person
        says so; every failure, expected or not, ends in a dialog with the map still open and
        marked unsaved."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - see top

        from mapviewer.ui.editing.inlineeditor import finish_typing  # noqa: PLC0415 - see top
        from mapviewer.ui.files import filewatch  # noqa: PLC0415 - see __init__

        finish_typing(self.workspace.view)
        doc = self.workspace.document
        answer = self.disk.ask_before_overwriting(path)
        if answer == filewatch.CANCEL:
            return False
        if answer == filewatch.SAVE_AS:
            return self.choose_and_save()
        parent = self.workspace.dialog_parent()
        still_open = "\nYour changes are still open here; try another folder with Save As."
        try:
            doc.save(path)
        except OSError as error:
            QMessageBox.critical(parent, "Save failed", describe_os_error(error, path) + still_open)
            return False
        except MapFileError as error:
            show_file_error(parent, error, "The map could not be saved")
            return False
        except Exception as error:  # whatever it was (RecursionError...), the person is told
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            QMessageBox.critical(
                parent, "Save failed", f"{path} could not be saved: {reason}.{still_open}"
            )
            return False
        self.disk.saved(doc)
        self.workspace.discard_recovery()
        prefs.add_recent_file(path)
        self.workspace.show_message(f"Saved {path}", 3000)
        return True

    # --- export ---------------------------------------------------------------------------------

    def export_image_dialog(self) -> None:
        from mapviewer.ui.dialogs.exportdialog import export_image  # noqa: PLC0415

        export_image(self.workspace)


def opens_in_background(path: Path) -> bool:
    """Whether ``path`` is big enough to be read in the background, with progress."""
    try:
        return path.stat().st_size > PROGRESS_FROM_BYTES
    except OSError:
        return False  # opening it says what is wrong


def with_filter_suffix(path: Path, chosen_filter: str) -> Path:
    """``path`` with the first suffix of the dialog filter chosen (``PNG image (*.png)``) when
    the name typed has none. Some platforms' dialogs report no filter: the name is then kept
    as typed, and the writer says which suffixes it knows."""
    if path.suffix or "*" not in chosen_filter:
        return path
    suffix = chosen_filter[chosen_filter.index("*") + 1 :].split()[0].rstrip(")")
    return path.with_suffix(suffix) if suffix.startswith(".") else path


def dialog_folder(document: Document) -> Path:
    """Where a Save As or Export dialog starts: beside the map, beside the file an import
    came from, or beside the one a recovered copy was made from (where its texts are); for a
    new map, or one shipped with the program, the user's Documents folder (the dialogs opened
    in the folder the program was started from, or among its own maps)."""
    path = document.path or document.origin or document.sources_from
    if path is not None and path.parent.resolve() != MAPS_DIR.resolve():
        return path.parent
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def file_stem(document: Document) -> str:
    """The name a dialog suggests for a file made from the map: its own file's, the file an
    import came from, or its title's words."""
    path = document.path or document.origin
    return path.stem if path is not None else _file_stem(document.title)


def _file_stem(title: str) -> str:
    stem = "".join(c if c.isalnum() or c in " -_" else "" for c in title).strip()
    return "-".join(stem.lower().split()) or "map"


def show_file_error(parent: QWidget, error: MapFileError, title: str) -> None:
    """messages.show_file_error, loaded when a first error needs it, not with the window."""
    from mapviewer.ui.dialogs import messages  # noqa: PLC0415

    messages.show_file_error(parent, error, title)
