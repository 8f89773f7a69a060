"""Map Properties: the map's title, focus question and description, applied on OK as one undo
step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mapviewer.commands import EditMetaCommand
from mapviewer.document import Document
from mapviewer.groups import concept_counts
from mapviewer.model import FOCUS_QUESTION_LIMIT
from mapviewer.plural import summary
from mapviewer.ui.details.textpage import plain_label
from mapviewer.ui.dialogs.messages import document_dialog_action

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace


class MapPropertiesDialog(QDialog):
    """Title, focus question and description of one document; tests set the fields and call
    ``accept()``."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        cmap = document.cmap
        self.setWindowTitle("Map Properties")
        self.setObjectName("MapPropertiesDialog")
        self.title_edit = QLineEdit(cmap.title)
        self.title_edit.setAccessibleName("Map title")
        self.title_edit.textChanged.connect(self._validate)
        self.question_edit = QLineEdit(cmap.focus_question)
        self.question_edit.setAccessibleName("Focus question")
        self.question_edit.setPlaceholderText("The question the map answers, shown above it")
        self.question_edit.setMaxLength(FOCUS_QUESTION_LIMIT)
        self.description_edit = QPlainTextEdit(cmap.description)
        self.description_edit.setAccessibleName("Map description")
        self.description_edit.setPlaceholderText("What the map is about, and for whom")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        where = str(document.path) if document.path is not None else "Not saved yet"
        counts = summary(
            **concept_counts(cmap.nodes),
            links=len(cmap.edges),
            kinds=len(cmap.kinds),
            sources=len(cmap.sources),
            tours=len(cmap.tours),
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow("Title", self.title_edit)
        form.addRow("Focus question", self.question_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("File", plain_label(where, muted=True, selectable=True))
        form.addRow("Contents", plain_label(counts, muted=True, selectable=True))
        self.problem = plain_label("A map needs a title.", warning=True, wrap=False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(520, 320)
        self._validate()

    def _validate(self) -> None:
        ok = bool(self.title_edit.text().strip())
        self.problem.setVisible(not ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def changes(self) -> dict[str, str]:
        cmap = self.document.cmap
        wanted = {
            "title": self.title_edit.text().strip(),
            "focus_question": one_line(self.question_edit.text()),
            "description": self.description_edit.toPlainText(),
        }
        return {field: value for field, value in wanted.items() if getattr(cmap, field) != value}

    def accept(self) -> None:
        if not self.title_edit.text().strip():
            return
        changes = self.changes()
        if changes:
            stack = self.document.undo_stack
            # A macro, so this OK never merges with an earlier edit of the title: one step each.
            stack.beginMacro("Edit map properties")
            for field, value in changes.items():
                stack.push(EditMetaCommand(self.document, field, value))
            stack.endMacro()
        super().accept()


def one_line(text: str) -> str:
    """A focus question as the map may hold it: a pasted tab or line break becomes a space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def properties_action(workspace: Workspace, owner: QWidget) -> QAction:
    """Map > Map Properties…: the dialog opens without blocking; OK applies it."""
    return document_dialog_action(
        workspace,
        owner,
        "Map &Properties…",
        MapPropertiesDialog,
        "Edit the map's title, focus question and description",
    )
