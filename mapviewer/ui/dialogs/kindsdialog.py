"""The Kinds dialog: add, rename, recolour, reshape, reorder and remove the kinds of concepts.

The dialog edits a working copy. OK applies all of it as one SetKindsCommand, so one undo step
takes back everything done in the dialog; concepts of a removed kind move to the kind the person
chose (or to none), and concepts of a kind whose id changed follow it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.commands import ChangeKindCommand, SetKindsCommand
from mapviewer.document import Document
from mapviewer.ids import slug, unique
from mapviewer.model import SHAPES, ConceptMap, Kind, Shape
from mapviewer.palette import DEFAULT_COLOR
from mapviewer.plural import counted
from mapviewer.scene.style import PALETTE, KindStyle, kind_styles
from mapviewer.ui.details.textpage import plain_label
from mapviewer.ui.dialogs.messages import document_dialog_action
from mapviewer.ui.docks.legend import swatch_icon

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace


def fresh_kind(label: str, kinds: Sequence[Kind], cmap: ConceptMap) -> Kind:
    """A kind named ``label`` beside ``kinds`` (those of ``cmap``, or the Kinds dialog's
    working copy of them), with an id of its own and a colour and a shape none of them is
    drawn with, when any is left."""
    kind_id = unique(slug(label, "kind"), {k.id for k in kinds})
    styles = kind_styles(ConceptMap.model_construct(kinds=list(kinds), fills=cmap.fills))
    colours = {s.color.name().upper() for s in styles.values()}
    shapes = {s.shape for key, s in styles.items() if key}
    colour = next((c for c in PALETTE if c.upper() not in colours), None)
    shape = next((s for s in SHAPES if _is_shape(s) and s not in shapes), None)
    return Kind(id=kind_id, label=label, color=colour, shape=shape)


def give_new_kind(document: Document, name: str, node_ids: list[str]) -> Kind:
    """A kind ``name`` added to the map and given to ``node_ids`` in one undo step, as Edit >
    Concept Kind > New Kind… and the Details form's Kind list both offer it."""
    kind = fresh_kind(name, document.cmap.kinds, document.cmap)
    stack = document.undo_stack
    stack.beginMacro(f"New kind “{name}” for {counted(len(node_ids), 'concept')}")
    stack.push(SetKindsCommand(document, [*document.cmap.kinds, kind], "Add kind"))
    stack.push(ChangeKindCommand(document, node_ids, kind.id))
    stack.endMacro()
    return kind


@dataclass(eq=False)  # rows are told apart by identity: two may briefly share an id
class KindRow:
    """One kind being edited, the id it has in the map (None for a kind added here), and
    whether its id was typed by hand (then a new label leaves it alone)."""

    kind: Kind
    original: str | None
    id_typed: bool = False


def _is_shape(value: str | None) -> TypeGuard[Shape]:
    return value in SHAPES


def _colour_icon(color: QColor, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(color)
    return QIcon(pixmap)


class ReassignDialog(QDialog):
    """Asks where the concepts of a kind being removed should go."""

    def __init__(self, parent: QWidget, label: str, count: int, choices: list[Kind]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove kind")
        self.setObjectName("ReassignDialog")
        question = plain_label(
            f"{count} concept{'s are' if count != 1 else ' is'} of kind “{label}”. "
            "Give them another kind:"
        )
        self.target = QComboBox()
        self.target.setAccessibleName("New kind for its concepts")
        for kind in choices:
            self.target.addItem(kind.label, kind.id)
        self.target.addItem("No kind", "")
        self.target.setCurrentIndex(self.target.count() - 1)
        self.setMinimumWidth(380)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        remove = buttons.addButton("Remove Kind", QDialogButtonBox.ButtonRole.AcceptRole)
        remove.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.target)
        layout.addWidget(buttons)

    @property
    def choice(self) -> str | None:
        return self.target.currentData() or None


class KindsDialog(QDialog):
    """The kinds of one document; tests drive it directly (set fields, then ``accept()``)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.rows = [KindRow(k.model_copy(deep=True), k.id) for k in document.cmap.kinds]
        self.removed: dict[str, KindRow | None] = {}  # id in the map -> where its concepts go
        self.counts = Counter(n.kind for n in document.cmap.nodes if n.kind)
        self.reassign_dialog: ReassignDialog | None = None
        self.setWindowTitle("Kinds of Concepts")
        self.setObjectName("KindsDialog")
        self._filling = False
        self._build()
        self._fill_list()
        self.select(0)

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setAccessibleName("Kinds")
        self.list.setMinimumWidth(220)
        self.list.currentRowChanged.connect(self._show_row)
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove…")
        self.up_button = QToolButton()
        self.up_button.setText("↑")
        self.down_button = QToolButton()
        self.down_button.setText("↓")
        for button, tip in (
            (self.add_button, "Add a kind"),
            (self.remove_button, "Remove the selected kind"),
            (self.up_button, "Move the selected kind up"),
            (self.down_button, "Move the selected kind down"),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.add_button.clicked.connect(lambda: self.add_kind())
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        list_buttons = QHBoxLayout()
        list_buttons.setSpacing(4)
        for button in (self.add_button, self.remove_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.up_button)
        list_buttons.addWidget(self.down_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)

        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName("Kind label")
        self.label_edit.textEdited.connect(self.set_label)
        self.id_edit = QLineEdit()
        self.id_edit.setAccessibleName("Kind id")
        self.id_edit.setToolTip("How the map file names this kind; concepts follow a change")
        self.id_edit.textEdited.connect(self.set_id)
        self.colour_button = QPushButton()
        self.colour_button.setAccessibleName("Colour")
        self.colour_button.setToolTip("Choose the colour of this kind")
        self.colour_button.clicked.connect(self.choose_colour)
        self.auto_colour = QToolButton()
        self.auto_colour.setText("Automatic")
        self.auto_colour.setToolTip("Use the palette's colour for this place in the list")
        self.auto_colour.clicked.connect(lambda: self.set_colour(None))
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button, 1)
        colour_row.addWidget(self.auto_colour)
        self.shape_combo = QComboBox()
        self.shape_combo.setAccessibleName("Shape")
        self.shape_combo.activated.connect(
            lambda index: self.set_shape(self.shape_combo.itemData(index) or None)
        )
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName("Kind description")
        self.description_edit.setPlaceholderText("What concepts of this kind are")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.description_edit.textChanged.connect(self._on_description)
        self.usage = plain_label(muted=True, wrap=False)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow("Label", self.label_edit)
        form.addRow("Id", self.id_edit)
        form.addRow("Colour", colour_row)
        form.addRow("Shape", self.shape_combo)
        form.addRow("Description", self.description_edit)
        form.addRow("", self.usage)
        self.editor = QWidget()
        column = QVBoxLayout(self.editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addStretch(1)
        self.editor.setMinimumWidth(300)

        self.problem = plain_label(warning=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.setSpacing(14)
        body.addLayout(left, 1)
        body.addWidget(self.editor, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 400)

    # --- showing --------------------------------------------------------------------------------

    def styles(self) -> dict[str, KindStyle]:
        """Each row's look as the map will draw it, keyed by row position."""
        kinds = [r.kind for r in self.rows]
        fills = self.document.cmap.fills  # tinted or filled, as the map draws them
        resolved = kind_styles(ConceptMap.model_construct(kinds=kinds, fills=fills))
        return {str(i): resolved[r.kind.id] for i, r in enumerate(self.rows)} | {"": resolved[""]}

    def usage_of(self, row: KindRow) -> int:
        """Concepts that will have this kind: its own and those of kinds removed into it."""
        count = self.counts.get(row.original, 0) if row.original else 0
        return count + sum(self.counts.get(k, 0) for k, to in self.removed.items() if to is row)

    def _fill_list(self) -> None:
        self._filling = True
        current = self.list.currentRow()
        self.list.clear()
        styles = self.styles()
        for index, row in enumerate(self.rows):
            self.list.addItem(f"{row.kind.label}  ({self.usage_of(row)})")
            self.list.item(index).setIcon(swatch_icon(styles[str(index)]))
        self.list.setCurrentRow(min(current, len(self.rows) - 1))
        self._filling = False
        self._validate()

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)
        self._show_row(self.list.currentRow())

    def current(self) -> KindRow | None:
        index = self.list.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _show_row(self, index: int) -> None:
        if self._filling:
            return
        row = self.current()
        self.editor.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        self.up_button.setEnabled(row is not None and index > 0)
        self.down_button.setEnabled(row is not None and index < len(self.rows) - 1)
        if row is None:
            return
        self._filling = True
        style = self.styles()[str(index)]
        kind = row.kind
        if self.label_edit.text() != kind.label:
            self.label_edit.setText(kind.label)
        if self.id_edit.text() != kind.id:
            self.id_edit.setText(kind.id)
        self.colour_button.setIcon(_colour_icon(style.color))
        self.colour_button.setText(
            style.color.name().upper() + ("" if kind.color else "  (automatic)")
        )
        self.auto_colour.setEnabled(kind.color is not None)
        self.shape_combo.clear()
        self.shape_combo.addItem(
            swatch_icon(style), f"Automatic ({style.shape})" if not kind.shape else "Automatic", ""
        )
        for shape in SHAPES:
            look = replace(style, shape=shape)
            self.shape_combo.addItem(swatch_icon(look), shape.capitalize(), shape)
        self.shape_combo.setCurrentIndex(max(0, self.shape_combo.findData(kind.shape or "")))
        if self.description_edit.toPlainText() != kind.description:
            self.description_edit.setPlainText(kind.description)
        count = self.usage_of(row)
        self.usage.setText(f"{count} concept{'s' * (count != 1)} of this kind")
        self._filling = False

    def _changed(self) -> None:
        """A row changed: its list entry and the form show it."""
        index = self.list.currentRow()
        self._fill_list()
        self._show_row(index)

    # --- edits (each also callable from tests) --------------------------------------------------

    def add_kind(self, label: str = "New kind") -> KindRow:
        """A kind with a colour and a shape no other kind has yet, when any is left."""
        kinds = [r.kind for r in self.rows]
        row = KindRow(fresh_kind(label, kinds, self.document.cmap), None)
        self.rows.append(row)
        self._fill_list()
        self.select(len(self.rows) - 1)
        self.label_edit.setFocus()
        self.label_edit.selectAll()
        return row

    def set_label(self, text: str) -> None:
        """A new label; the id follows it (ids.slug, as concept ids do) while no concept has
        the kind and no id was typed: "Vaccine" is ``vaccine`` in the file, not ``new-kind-2``."""
        row = self.current()
        if row is not None and not self._filling:
            row.kind.label = text
            if not row.id_typed and not self.usage_of(row):
                others = {r.kind.id for r in self.rows if r is not row}
                row.kind.id = unique(slug(text, "kind"), others)
            self._changed()

    def set_id(self, text: str) -> None:
        row = self.current()
        if row is not None and not self._filling:
            row.kind.id = text.strip()
            row.id_typed = True
            self._changed()

    def set_colour(self, color: QColor | None) -> None:
        row = self.current()
        if row is not None and (color is None or color.isValid()):
            row.kind.color = color.name().upper() if color is not None else None
            self._changed()

    def choose_colour(self) -> QColorDialog:
        """A colour picker that does not block: the colour is set when one is chosen."""
        style = self.styles().get(str(self.list.currentRow()))
        picker = QColorDialog(style.color if style else QColor(DEFAULT_COLOR), self)
        picker.setObjectName("KindColourPicker")
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.colorSelected.connect(self.set_colour)
        picker.open()
        return picker

    def set_shape(self, shape: str | None) -> None:
        row = self.current()
        if row is not None and (shape is None or _is_shape(shape)):
            row.kind.shape = shape
            self._changed()

    def _on_description(self) -> None:
        row = self.current()
        if row is not None and not self._filling:
            row.kind.description = self.description_edit.toPlainText()
            self._fill_list()

    def move_row(self, delta: int) -> None:
        """Move the selected kind up (-1) or down (1); not ``move``, which places a widget."""
        index = self.list.currentRow()
        other = index + delta
        if 0 <= index < len(self.rows) and 0 <= other < len(self.rows):
            self.rows[index], self.rows[other] = self.rows[other], self.rows[index]
            self._fill_list()
            self.select(other)

    def remove_selected(self) -> None:
        """Remove the selected kind; when concepts have it, first ask where they go."""
        index = self.list.currentRow()
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        count = self.usage_of(row)
        if not count:
            self.remove_kind(index, None)
            return
        others = [r.kind for r in self.rows if r is not row]
        dialog = ReassignDialog(self, row.kind.label, count, others)
        dialog.accepted.connect(lambda: self.remove_kind(self.rows.index(row), dialog.choice))
        dialog.finished.connect(dialog.deleteLater)
        self.reassign_dialog = dialog
        dialog.open()

    def remove_kind(self, index: int, move_to: str | None) -> None:
        """Remove a kind; its concepts get the kind now called ``move_to`` (None: no kind)."""
        row = self.rows.pop(index)
        target = next((r for r in self.rows if r.kind.id == move_to), None) if move_to else None
        for kind_id, to in list(self.removed.items()):
            if to is row:  # concepts already headed here go on to the new place
                self.removed[kind_id] = target
        if row.original is not None:
            self.removed[row.original] = target
        self._fill_list()
        self.select(min(index, len(self.rows) - 1))

    # --- the result -----------------------------------------------------------------------------

    def problems(self) -> list[str]:
        found = []
        ids = [r.kind.id for r in self.rows]
        if any(not i for i in ids):
            found.append("Every kind needs an id.")
        duplicates = sorted({i for i in ids if i and ids.count(i) > 1})
        if duplicates:
            found.append("Two kinds have the id " + ", ".join(f"“{i}”" for i in duplicates) + ".")
        if any(not r.kind.label.strip() for r in self.rows):
            found.append("Every kind needs a label.")
        return found

    def _validate(self) -> None:
        found = self.problems()
        self.problem.setText(" ".join(found))
        self.problem.setVisible(bool(found))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not found)

    def kinds(self) -> list[Kind]:
        return [
            r.kind.model_copy(update={"label": r.kind.label.strip()}, deep=True) for r in self.rows
        ]

    def reassignments(self) -> dict[str, str | None]:
        """Old kind id -> new kind id (None for no kind), for removed kinds and changed ids."""
        moves = {k: (to.kind.id if to else None) for k, to in self.removed.items()}
        for row in self.rows:
            if row.original is not None and row.original != row.kind.id:
                moves.setdefault(row.original, row.kind.id)
        return {old: new for old, new in moves.items() if old != new}

    def command(self) -> SetKindsCommand | None:
        """The one undo step this dialog amounts to, or None when nothing changed."""
        kinds = self.kinds()
        moves = self.reassignments()
        same = [k.model_dump() for k in kinds] == [k.model_dump() for k in self.document.cmap.kinds]
        if same and not moves:
            return None
        return SetKindsCommand(self.document, kinds, "Edit kinds", moves)

    def accept(self) -> None:
        if self.problems():
            return
        command = self.command()
        if command is not None:
            self.document.undo_stack.push(command)
        super().accept()


def kinds_action(workspace: Workspace, owner: QWidget) -> QAction:
    """Map > Kinds…: the dialog opens without blocking; OK applies it as one undo step."""
    return document_dialog_action(
        workspace,
        owner,
        "&Kinds…",
        KindsDialog,
        "Add, rename, recolour, reshape, reorder or remove the kinds of concepts",
    )
