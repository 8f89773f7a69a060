"""Export the map, or the part of it in view, as PNG, SVG or PDF at a chosen size."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mapviewer.render import FORMATS, MARGIN, RenderError, output_size, render_to_file
from mapviewer.ui.files.fileactions import with_filter_suffix

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace


class ExportOptions(QDialog):
    """What to draw (whole map or current view) and how big."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export image")
        self.whole = QRadioButton("The whole map")
        self.in_view = QRadioButton("What is in view now")
        self.whole.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.in_view)
        self.by_scale = QRadioButton("Scale")
        self.by_width = QRadioButton("Width in pixels")
        self.by_scale.setChecked(True)
        sizing = QButtonGroup(self)
        sizing.addButton(self.by_scale)
        sizing.addButton(self.by_width)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.1, 8.0)
        self.scale.setSingleStep(0.5)
        self.scale.setValue(2.0)
        self.scale.setSuffix(" ×")
        # Not "width": that would hide QWidget.width() from Qt and from anyone sizing the dialog.
        self.pixels = QSpinBox()
        self.pixels.setRange(100, 16000)
        self.pixels.setValue(3840)
        self.pixels.setSuffix(" px")
        form = QFormLayout()
        form.addRow("Draw", self.whole)
        form.addRow("", self.in_view)
        form.addRow(self.by_scale, self.scale)
        form.addRow(self.by_width, self.pixels)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


def export_image(workspace: Workspace) -> None:
    parent = workspace.dialog_parent()
    options = ExportOptions(parent)
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    filters = ";;".join(f"{label} (*{suffix})" for suffix, label in FORMATS.items())
    doc = workspace.document
    stem = doc.path.stem if doc.path else "map"
    name, chosen = QFileDialog.getSaveFileName(parent, "Export image", f"{stem}.png", filters)
    if not name:
        return
    path = with_filter_suffix(Path(name), chosen)
    scene = workspace.scene  # as it is now: the dialogs ran the event loop
    if options.in_view.isChecked():
        view = workspace.view
        source = view.mapToScene(view.viewport().rect()).boundingRect()
    else:
        source = scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    width = options.pixels.value() if options.by_width.isChecked() else None
    scale = options.scale.value() if options.by_scale.isChecked() else None
    try:
        size = render_to_file(scene, path, source=source, width=width, scale=scale)
    except RenderError as error:
        QMessageBox.warning(parent, "Export failed", str(error))
        return
    expected = output_size(source, width, scale)
    note = "" if expected == size else " (reduced to fit the largest image size)"
    workspace.show_message(f"Exported {path} ({size.width()}×{size.height()}){note}", 6000)
