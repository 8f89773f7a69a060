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
)

from mapviewer.render import FORMATS, MARGIN, RenderError, output_size, render_to_file
from mapviewer.ui.files.fileactions import with_filter_suffix

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow


class ExportOptions(QDialog):
    """What to draw (whole map or current view) and how big."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Export image")
        self.whole = QRadioButton("The whole map")
        self.view = QRadioButton("What is in view now")
        self.whole.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.view)
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
        self.width = QSpinBox()
        self.width.setRange(100, 16000)
        self.width.setValue(3840)
        self.width.setSuffix(" px")
        form = QFormLayout()
        form.addRow("Draw", self.whole)
        form.addRow("", self.view)
        form.addRow(self.by_scale, self.scale)
        form.addRow(self.by_width, self.width)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


def export_image(window: MainWindow) -> None:
    options = ExportOptions(window)
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    filters = ";;".join(f"{label} (*{suffix})" for suffix, label in FORMATS.items())
    doc = window.document
    stem = doc.path.stem if doc.path else "map"
    name, chosen = QFileDialog.getSaveFileName(window, "Export image", f"{stem}.png", filters)
    if not name:
        return
    path = with_filter_suffix(Path(name), chosen)
    source = None
    if options.view.isChecked():
        source = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    else:
        source = window.scene.map_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    width = options.width.value() if options.by_width.isChecked() else None
    scale = options.scale.value() if options.by_scale.isChecked() else None
    try:
        size = render_to_file(window.scene, path, source=source, width=width, scale=scale)
    except RenderError as error:
        QMessageBox.warning(window, "Export failed", str(error))
        return
    expected = output_size(source, width, scale)
    note = "" if expected == size else " (reduced to fit the largest image size)"
    window.statusBar().showMessage(f"Exported {path} ({size.width()}×{size.height()}){note}", 6000)
