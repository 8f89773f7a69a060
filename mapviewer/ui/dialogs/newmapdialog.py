"""File > New Map: the new map's title and the template it starts from, asked in one small dialog.

A template is the kinds a new map starts with. Besides Blank there is one per map shipped in
maps/ (one per domain the app comes with), read from that map itself, so a template always has
the kinds, colours and shapes the shipped map draws with: a copy kept elsewhere would drift when
a shipped map's kinds change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mapviewer.model import ConceptMap, Kind
from mapviewer.paths import DEFAULT_MAP, MAPS_DIR
from mapviewer.ui.details.textpage import plain_label

UNTITLED = ConceptMap.model_fields["title"].default  # "Untitled map", as a map file says it


@dataclass(frozen=True)
class Template:
    """What a new map starts with: a name to choose it by, and its kinds."""

    name: str
    kinds: tuple[Kind, ...] = ()

    def summary(self) -> str:
        if not self.kinds:
            return "No kinds: add them as you go (Map > Kinds…)."
        return f"{len(self.kinds)} kinds: " + ", ".join(k.label for k in self.kinds) + "."

    def new_map(self, title: str) -> ConceptMap:
        """An empty map with this template's kinds (copies: the template stays as it is)."""
        kinds = [k.model_copy(deep=True) for k in self.kinds]
        return ConceptMap(title=title.strip() or UNTITLED, kinds=kinds)


BLANK = Template("Blank")


def _shipped_template(path: Path) -> Template | None:
    """The kinds of one shipped map, read without building the map (a few ms, not 100)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kinds = tuple(Kind.model_validate(k) for k in data.get("kinds", []))
        title = str(data.get("title") or path.stem)
    except (OSError, ValueError, ValidationError, AttributeError, TypeError):
        return None  # a broken or missing file is one template fewer, not a failed New
    return Template(title, kinds) if kinds else None


def templates() -> list[Template]:
    """Blank, then the default map's domain, then the other shipped maps by name."""
    shipped = sorted(MAPS_DIR.glob("*.json"), key=lambda p: (p != DEFAULT_MAP, p.name))
    return [BLANK] + [t for t in map(_shipped_template, shipped) if t is not None]


class NewMapDialog(QDialog):
    """Title and template; Enter in the title accepts. Tests type into ``title_edit`` and pick
    in ``template_combo`` as a person does."""

    def __init__(
        self, choices: list[Template], preselect: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Map")
        self.setObjectName("NewMapDialog")
        self.choices = choices
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Map title")
        self.title_edit.setPlaceholderText(UNTITLED)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Template")
        for template in choices:
            self.template_combo.addItem(template.name)
        self.kinds_note = plain_label(muted=True)
        # Room for a template's kinds wrapped on four lines: a wrapped label's height is not
        # known when the dialog is first laid out, and the list was cut off after one line.
        self.kinds_note.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 4)
        self.kinds_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.template_combo.currentIndexChanged.connect(self._show_template)
        self.template_combo.setCurrentIndex(max(0, min(preselect, len(choices) - 1)))
        self._show_template(self.template_combo.currentIndex())
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self.title_edit)
        form.addRow("T&emplate", self.template_combo)
        form.addRow("", self.kinds_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create")
        ok.setDefault(True)  # Enter in the title field creates the map
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.title_edit.setFocus()

    def _show_template(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.kinds_note.setText(self.choices[index].summary())

    @property
    def template(self) -> Template:
        return self.choices[max(0, self.template_combo.currentIndex())]

    def new_map(self) -> ConceptMap:
        return self.template.new_map(self.title_edit.text())
