"""Export the map, or the part of it in view, as PNG, SVG or PDF at a chosen size; and the
choices for exporting a tour as slides (which tour, which format, which look)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mapviewer.model import Tour
from mapviewer.render import FORMATS, MARGIN, RenderError, output_size, render_to_file
from mapviewer.slides import StageOptions
from mapviewer.ui.files.fileactions import dialog_folder, file_stem, with_filter_suffix

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace


class ExportOptions(QDialog):
    """What to draw (whole map or current view) and how big, with the picture's size in
    pixels as it will be written: the scale greyed out the width field, which went on saying
    3840 px over a whole-map export 11361 pixels wide."""

    def __init__(
        self,
        parent: QWidget | None = None,
        whole: QRectF | None = None,
        in_view: QRectF | None = None,
    ) -> None:
        super().__init__(parent)
        self._sources = (whole, in_view)
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
        self.size_label = QLabel()
        self.size_label.setAccessibleName("Size of the picture")
        form.addRow("Picture", self.size_label)
        for button in (self.whole, self.in_view, self.by_scale, self.by_width):
            button.toggled.connect(self._show_size)
        self.scale.valueChanged.connect(self._show_size)
        self.pixels.valueChanged.connect(self._show_size)
        self._show_size()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def source(self) -> QRectF | None:
        return self._sources[1] if self.in_view.isChecked() else self._sources[0]

    def _show_size(self, *_: object) -> None:
        self.scale.setEnabled(self.by_scale.isChecked())
        self.pixels.setEnabled(self.by_width.isChecked())
        source = self.source()
        if source is None or source.isEmpty():
            self.size_label.setText("")
            return
        width = self.pixels.value() if self.by_width.isChecked() else None
        scale = self.scale.value() if self.by_scale.isChecked() else None
        size = output_size(source, width, scale)
        self.size_label.setText(f"{size.width():,} × {size.height():,} px")


# The slide formats: what the list says, the file dialog's filter, the suffix (none: a folder).
SLIDE_FORMATS = {
    "pdf": ("PDF slides, one 16:9 page per step", "PDF slides (*.pdf)", ".pdf"),
    "notes": (
        "PDF notes pages: each slide above its speaker notes (A4)",
        "PDF notes pages (*.pdf)",
        ".pdf",
    ),
    "pptx": (
        "PowerPoint slides: caption and notes editable",
        "PowerPoint slides (*.pptx)",
        ".pptx",
    ),
    "png": ("A folder of PNG images, 1920×1080", "A folder of PNG images (*)", ""),
}


class TourExportOptions(QDialog):
    """Which tour, in which format, and how it looks. The look starts as the Present menu's,
    shown here to be changed for this export alone (a handout printed light from a lecture
    projected dark)."""

    def __init__(
        self,
        tours: list[Tour],
        current: Tour,
        look: StageOptions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export tour")
        self.setObjectName("TourExportOptions")
        self.tours = tours
        self.tour = QComboBox()
        self.tour.setAccessibleName("Tour")
        for tour in tours:
            self.tour.addItem(tour.title or tour.id)
        self.tour.setCurrentIndex(tours.index(current) if current in tours else 0)
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for key, (label, _, _) in SLIDE_FORMATS.items():
            self.format.addItem(label, key)
        self.light = QRadioButton("Light: black on white")
        self.dark = QRadioButton("Dark: white on black")
        (self.dark if look.dark else self.light).setChecked(True)
        theme = QButtonGroup(self)
        theme.addButton(self.light)
        theme.addButton(self.dark)
        self.faint = QCheckBox("Show unrevealed concepts faintly")
        self.faint.setChecked(look.faint)
        self.spotlight = QCheckBox("Spotlight the focus")
        self.spotlight.setChecked(look.spotlight)
        form = QFormLayout()
        form.addRow("Tour", self.tour)
        form.addRow("Format", self.format)
        form.addRow("Theme", self.light)
        form.addRow("", self.dark)
        form.addRow("", self.faint)
        form.addRow("", self.spotlight)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_tour(self) -> Tour:
        return self.tours[max(self.tour.currentIndex(), 0)]

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def look(self) -> StageOptions:
        return StageOptions(
            dark=self.dark.isChecked(),
            faint=self.faint.isChecked(),
            spotlight=self.spotlight.isChecked(),
        )


def export_image(workspace: Workspace) -> None:
    parent = workspace.dialog_parent()
    scene, view = workspace.scene, workspace.view
    whole = scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    in_view = view.mapToScene(view.viewport().rect()).boundingRect()
    options = ExportOptions(parent, whole, in_view)
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    filters = ";;".join(f"{label} (*{suffix})" for suffix, label in FORMATS.items())
    doc = workspace.document
    stem = file_stem(doc)
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Export image", str(dialog_folder(doc) / f"{stem}.png"), filters
    )
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
