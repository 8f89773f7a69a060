"""Map > Sources: add the documents a map quotes, name and cite them, point them at another
file, remove them; and documents dropped onto the Source dock become sources.

Without this a map made in the app could never quote anything: "+ Add Quote" stays greyed out
until the map lists a source. Each change here is its own undo step, made at once (not on OK),
so a source added is there to quote from as soon as the dialog closes. A source keeps its id
when it is renamed, so its quotes follow it.

A file the person picks is their own choice, not a path a stranger's map chose: when it lies
outside the map's folder (every file does, for a map not saved yet) and the map has no other
blocked file and no "Keep blocked" answer, picking it is the answer "allow for this map"
(mapviewer.ui.files.trustbar). Otherwise the trust bar asks, as for any other outside file.
"Keep a copy with the map" avoids the question: the copy lies beside the map.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.commands import RemoveSourceCommand, SetSourcesCommand, quotes_citing
from mapviewer.document import Document, copy_beside_map
from mapviewer.ids import slug, unique
from mapviewer.model import Source
from mapviewer.sources import is_inside, resolve, source_reference
from mapviewer.ui import settings as prefs
from mapviewer.ui.actions import make_action
from mapviewer.ui.details.textpage import plain_label
from mapviewer.ui.files.trustbar import decide_outside_sources

if TYPE_CHECKING:
    from mapviewer.ui.details.sourcereader import SourceReader
    from mapviewer.ui.workspace import Workspace

# What a source may be: plain text, Markdown, HTML and PDF (the Source dock reads each).
SOURCE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf")
FILE_FILTER = (
    "Documents (*.pdf *.html *.htm *.xhtml *.md *.markdown *.txt *.text);;"
    "PDF (*.pdf);;Web pages (*.html *.htm *.xhtml);;Markdown (*.md *.markdown);;"
    "Text (*.txt *.text);;All files (*)"
)
URL_SCHEMES = ("http://", "https://")

STATE_NOTES = {
    "missing": "⚠ file missing",
    "blocked": "⚠ blocked: outside the map's folder",
    "unreadable": "⚠ cannot be read",
}


def is_document(path: Path) -> bool:
    return path.suffix.casefold() in SOURCE_SUFFIXES


def default_title(path: Path) -> str:
    """``checkpoint_inhibitors-2024.pdf`` -> ``Checkpoint inhibitors 2024``: a start the person
    renames; the file's own name is what they recognise."""
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:]) if words else path.name


def _allow_chosen_files(document: Document, paths: Sequence[Path]) -> bool:
    """Files the person picked outside the map's folder: their pick answers the trust question
    for this map, unless the map already holds blocked files the person has not allowed (a
    stranger's map) or they answered "Keep blocked": then the bar asks. True when allowed."""
    outside = [p for p in paths if not is_inside(p, document.sources_base)]
    if not outside or document.outside_allowed:
        return True
    if document.blocked_sources() or prefs.outside_sources_choice(document.path) is False:
        return False
    decide_outside_sources(document, True)
    return True


def _place(document: Document, path: Path, keep_copy: bool) -> tuple[Path, str]:
    """Where the text a source gets for ``path`` is, and how the map names it: a copy in
    ``sources/`` beside a saved map when asked (and the file lies elsewhere), else the file
    itself; named relative to the map. Raises OSError."""
    if keep_copy and document.path is not None and not is_inside(path, document.path):
        path = copy_beside_map(path, document.path)
    elif not path.is_file():
        raise OSError(f"{path.name} is not a file")
    return path, source_reference(path, document.sources_base)


def _known_files(document: Document) -> dict[str, str]:
    """The real paths of the files the map's sources read, and their titles: a file added twice
    would make two sources whose quotes split between them."""
    known = {}
    for source in document.cmap.sources:
        found = resolve(source, document.sources_base)
        if found is not None:
            known[os.path.realpath(found)] = source.title
    return known


def add_source_files(
    workspace: Workspace, paths: Sequence[Path], keep_copy: bool
) -> tuple[list[str], list[str]]:
    """Add each document of ``paths`` as a source of the open map, all in one undo step.
    Returns the new sources' ids and, for each file that could not be added, why."""
    document = workspace.document
    sources = [s.model_copy(deep=True) for s in document.cmap.sources]
    taken = {s.id for s in sources}
    added: list[str] = []
    problems: list[str] = []
    chosen: list[Path] = []
    copied = False
    known = _known_files(document)
    for path in paths:
        path = Path(path)
        try:
            placed, file = _place(document, path, keep_copy)
        except OSError as error:
            problems.append(f"{path.name}: {error.strerror or error}")
            continue
        # The file itself, or the copy beside the map that holds the same bytes.
        twin = known.get(os.path.realpath(path)) or known.get(os.path.realpath(placed))
        if twin is not None:
            problems.append(f"{path.name}: already a source (“{twin}”)")
            continue
        known[os.path.realpath(placed)] = default_title(path)
        title = default_title(path)
        ident = unique(slug(title, "source"), taken)
        taken.add(ident)
        sources.append(Source(id=ident, title=title, file=file))
        added.append(ident)
        chosen.append(placed)
        copied = copied or placed != path
    if not added:
        return added, problems
    allowed = _allow_chosen_files(document, chosen)
    text = "Add source" if len(added) == 1 else f"Add {len(added)} sources"
    document.undo_stack.push(SetSourcesCommand(document, sources, text))
    names = ", ".join(f"“{document.sources[i].title}”" for i in added)
    # Three files dropped at once read "Added “Notes”, “Review”, “Paper” as a source (a copy
    # beside the map)."
    one = len(added) == 1
    what = "as a source" if one else "as sources"
    where = (" (a copy beside the map)" if one else " (copies beside the map)") if copied else ""
    its, it = ("Its file is", "it") if one else ("Their files are", "them")
    note = "" if allowed else f" {its} outside the map's folder: allow {it} in the bar above."
    workspace.show_message(f"Added {names} {what}{where}.{note}", 6000)
    return added, problems


NOT_SAVED_NOTE = "Save the map first: copies go into a “sources” folder beside it."


class SourcesDialog(QDialog):
    """The sources of the open map, each change one undo step as it is made."""

    source_added = Signal(str)  # id of a source just added, to show it in the Source dock

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.document = workspace.document
        self.setWindowTitle("Sources")
        self.setObjectName("SourcesDialog")
        self._filling = False
        self._build()
        self.document.sources_changed.connect(self._fill_list)
        self.document.path_changed.connect(self._update_copy_box)
        self._update_copy_box()
        self._fill_list()
        self.list.setCurrentRow(0)
        self._show_row(self.list.currentRow())

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setAccessibleName("Sources")
        self.list.setMinimumWidth(240)
        self.list.currentRowChanged.connect(self._show_row)
        self.add_button = QPushButton("&Add…")
        self.add_button.setToolTip("Add a PDF, web page, Markdown or text file as a source")
        self.add_button.clicked.connect(lambda: self.choose_files())
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.setToolTip("Remove the selected source and the quotes that cite it")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.keep_copy = QCheckBox("&Keep a copy with the map")
        # Greyed on a map not saved yet, with the reason only in a tooltip: a person saw a
        # box they could not tick and no word why. The reason now sits under it.
        self.copy_note = plain_label(NOT_SAVED_NOTE, muted=True)
        self.copy_note.setAccessibleName("Why Keep a copy is off")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)
        left.addWidget(self.keep_copy)
        left.addWidget(self.copy_note)

        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Source title")
        self.title_edit.editingFinished.connect(self._on_title)
        self.citation_edit = QLineEdit()
        self.citation_edit.setAccessibleName("Citation")
        self.citation_edit.setPlaceholderText("Authors, title, journal, year")
        self.citation_edit.editingFinished.connect(self._on_citation)
        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName("URL")
        self.url_edit.setPlaceholderText("https://…")
        self.url_edit.editingFinished.connect(self._on_url)
        self.file_label = plain_label(selectable=True)
        self.file_label.setAccessibleName("File")
        self.state_label = plain_label(warning=True)
        self.change_file_button = QPushButton("&Change File…")
        self.change_file_button.setToolTip("Point this source at another file; its quotes stay")
        self.change_file_button.clicked.connect(lambda: self.choose_new_file())
        self.quoted_label = plain_label(muted=True)
        self.problem_label = plain_label(warning=True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self.title_edit)
        form.addRow("C&itation", self.citation_edit)
        form.addRow("&URL", self.url_edit)
        form.addRow("File", self.file_label)
        form.addRow("", self.state_label)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change_file_button)
        change_row.addStretch(1)
        form.addRow("", change_row)
        form.addRow("", self.quoted_label)
        self.details = QWidget()
        right = QVBoxLayout(self.details)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(form)
        right.addWidget(self.problem_label)
        right.addStretch(1)
        self.empty = plain_label(
            "This map lists no sources yet. Add a PDF, a web page, a Markdown note or a text "
            "file, then select words in the Source dock to quote them.",
            muted=True,
        )
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.details, 3)
        columns.addWidget(self.empty, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Return in a field keeps that field's change; it must not press Add… or close.
        for button in (*buttons.buttons(), self.add_button, self.remove_button):
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.change_file_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self.resize(720, 380)

    def _update_copy_box(self) -> None:
        saved = self.document.path is not None
        self.keep_copy.setEnabled(saved)
        self.keep_copy.setChecked(saved)
        self.copy_note.setVisible(not saved)
        self.keep_copy.setToolTip(
            "Copy files from elsewhere into a “sources” folder beside the map, so the map "
            "and its texts travel together"
            if saved
            else "Save the map first: the copy goes into a “sources” folder beside it"
        )

    # --- showing --------------------------------------------------------------------------------

    @property
    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _fill_list(self) -> None:
        """The sources as they are now (after an edit here, an undo, an allowed folder)."""
        keep = self.current_id
        self._filling = True
        try:
            self.list.clear()
            for source in self.document.cmap.sources:
                note = STATE_NOTES.get(self.document.source_status(source.id).state, "")
                text = f"{source.title or source.id}    {note}" if note else source.title
                item = QListWidgetItem(text or source.id)
                item.setData(Qt.ItemDataRole.UserRole, source.id)
                self.list.addItem(item)
        finally:
            self._filling = False
        ids = [s.id for s in self.document.cmap.sources]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else min(0, len(ids) - 1))
        self._show_row(self.list.currentRow())

    def select(self, source_id: str) -> None:
        ids = [s.id for s in self.document.cmap.sources]
        if source_id in ids:
            self.list.setCurrentRow(ids.index(source_id))

    def _show_row(self, _row: int) -> None:
        if self._filling:
            return
        source = self.document.sources.get(self.current_id)
        self.details.setVisible(source is not None)
        self.empty.setVisible(source is None)
        self.remove_button.setEnabled(source is not None)
        self.problem_label.clear()
        if source is None:
            return
        self.title_edit.setText(source.title)
        self.citation_edit.setText(source.citation)
        self.url_edit.setText(source.url or "")
        self.file_label.setText(source.file or "no file")
        status = self.document.source_status(source.id)
        self.state_label.setText(status.describe(source))
        self.state_label.setVisible(bool(self.state_label.text()))
        nodes, edges, steps = quotes_citing(self.document, source.id)
        total = nodes + edges + steps
        self.quoted_label.setText(
            f"Quoted {total} time{'s' if total != 1 else ''} in this map."
            if total
            else "Not quoted yet."
        )

    # --- edits ----------------------------------------------------------------------------------

    def _replace(self, source_id: str, text: str, **changes: object) -> None:
        """One field of one source, as one undo step; the id stays, so its quotes follow."""
        sources = [
            s.model_copy(update=changes, deep=True) if s.id == source_id else s.model_copy()
            for s in self.document.cmap.sources
        ]
        self.document.undo_stack.push(SetSourcesCommand(self.document, sources, text))

    def _on_title(self) -> None:
        source = self.document.sources.get(self.current_id)
        title = " ".join(self.title_edit.text().split())
        if source is None or title == source.title:
            return
        if not title:
            self.problem_label.setText("A source needs a title.")
            self.title_edit.setText(source.title)
            return
        self._replace(source.id, f"Rename source to “{title}”", title=title)

    def _on_citation(self) -> None:
        source = self.document.sources.get(self.current_id)
        citation = " ".join(self.citation_edit.text().split())
        if source is not None and citation != source.citation:
            self._replace(source.id, "Edit source citation", citation=citation)

    def _on_url(self) -> None:
        source = self.document.sources.get(self.current_id)
        url = self.url_edit.text().strip()
        if source is None or url == (source.url or ""):
            return
        if url and (not url.casefold().startswith(URL_SCHEMES) or any(c.isspace() for c in url)):
            self.problem_label.setText("A URL starts with https:// or http:// and has no spaces.")
            return
        self.problem_label.clear()
        self._replace(source.id, "Edit source URL", url=url or None)

    def choose_files(self) -> list[str]:
        """Add… : pick documents, add them (one undo step), select the first."""
        names, _ = QFileDialog.getOpenFileNames(self, "Add sources", self._start(), FILE_FILTER)
        return self.add_files([Path(n) for n in names])

    def _start(self) -> str:
        """Where the file chooser opens: the map's folder, where its texts usually are."""
        return str(self.document.path.parent) if self.document.path is not None else ""

    def add_files(self, paths: Sequence[Path]) -> list[str]:
        if not paths:
            return []
        keep = self.keep_copy.isChecked() and self.keep_copy.isEnabled()
        added, problems = add_source_files(self.workspace, paths, keep)
        self.problem_label.setText("\n".join(f"Not added: {p}" for p in problems))
        if added:
            self.select(added[0])
            for ident in added:
                self.source_added.emit(ident)
        return added

    def choose_new_file(self) -> bool:
        """Change File… : the same source (id, title, quotes) reading another file; for a
        file that moved or went missing."""
        source = self.document.sources.get(self.current_id)
        if source is None:
            return False
        name, _ = QFileDialog.getOpenFileName(
            self, "Change the source's file", self._start(), FILE_FILTER
        )
        return bool(name) and self.set_file(source.id, Path(name))

    def set_file(self, source_id: str, path: Path) -> bool:
        keep = self.keep_copy.isChecked() and self.keep_copy.isEnabled()
        try:
            placed, file = _place(self.document, path, keep)
        except OSError as error:
            self.problem_label.setText(f"Not changed: {path.name}: {error.strerror or error}")
            return False
        _allow_chosen_files(self.document, [placed])
        self._replace(source_id, "Change source file", file=file)
        return True

    def remove_selected(self) -> bool:
        """Remove the selected source; when quotes cite it, ask first, saying how many go."""
        source = self.document.sources.get(self.current_id)
        if source is None:
            return False
        nodes, edges, steps = quotes_citing(self.document, source.id)
        total = nodes + edges + steps
        if total and not self._confirm_removal(source, nodes, edges, steps):
            return False
        row = self.list.currentRow()
        self.document.undo_stack.push(RemoveSourceCommand(self.document, source.id))
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        return True

    def _confirm_removal(self, source: Source, nodes: int, edges: int, steps: int) -> bool:
        total = nodes + edges + steps
        parts = [
            f"{count} on {what if count != 1 else what.removesuffix('s')}"
            for count, what in ((nodes, "concepts"), (edges, "links"), (steps, "tour steps"))
            if count
        ]
        box = QMessageBox(self)
        box.setObjectName("RemoveSourceQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Remove source")
        box.setTextFormat(Qt.TextFormat.PlainText)
        quotes = f"{total} quote{'s' if total != 1 else ''}"
        box.setText(f"Remove “{source.title}” and the {quotes} that cite it?")
        box.setInformativeText(
            f"The quotes go from the map too: {', '.join(parts)}. Undo brings them back."
        )
        remove = box.addButton(f"&Remove Source and {quotes}", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is remove


class SourceDrops(QObject):
    """Documents dropped onto the Source dock are added as sources (other files, a map for
    one, fall through to the window, which opens maps)."""

    added = Signal(str)  # id of each source a drop added

    def __init__(self, workspace: Workspace, target: QWidget) -> None:
        super().__init__(target)
        self.workspace = workspace
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    @staticmethod
    def documents(event: QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if is_document(p)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            drag = event if isinstance(event, QDragMoveEvent) else None  # an enter is a move too
            if drag is not None and self.documents(drag):
                drag.setDropAction(Qt.DropAction.CopyAction)
                drag.accept()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = self.documents(event)
            if paths:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                self.drop(paths)
                return True
        return False

    def drop(self, paths: list[Path]) -> list[str]:
        """As the dialog adds them; a copy beside a saved map for files from elsewhere."""
        document = self.workspace.document
        added, problems = add_source_files(self.workspace, paths, document.path is not None)
        if problems:  # said without blocking: the drag's source waits for the drop to end
            box = QMessageBox(self.workspace.dialog_parent())
            box.setObjectName("SourcesNotAdded")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Sources not added")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setText("\n".join(f"Not added: {p}" for p in problems))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        for ident in added:
            self.added.emit(ident)
        return added


class SourceActions(QObject):
    """Map > Sources… and drops onto the Source dock; a source added is shown in the dock."""

    def __init__(self, workspace: Workspace, reader: SourceReader, owner: QWidget) -> None:
        super().__init__(owner)
        self.workspace = workspace
        self.reader = reader
        self.dialog: SourcesDialog | None = None
        self.action: QAction = make_action(
            owner,
            "&Sources…",
            self.open_dialog,
            tip="Add, rename, cite or remove the documents this map quotes",
        )
        self.drops = SourceDrops(workspace, reader)
        self.drops.added.connect(self.show_source)

    def open_dialog(self) -> SourcesDialog:
        dialog = SourcesDialog(self.workspace, self.workspace.dialog_parent())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.source_added.connect(self.show_source)
        self.dialog = dialog
        dialog.destroyed.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def show_source(self, source_id: str) -> None:
        """The new source in the Source dock, opened, ready for words to be selected."""
        self.reader.show_source(source_id)
        dock = self.reader.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is not None:
            with contextlib.suppress(RuntimeError):
                dock.show()
                dock.raise_()
