"""File > Export Tour: a tour as PDF slides, notes pages, PowerPoint or a folder of PNGs, in a
theme chosen for the export, asked for from the editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from mapviewer import tours as tourlib
from mapviewer.model import Tour
from mapviewer.slides import StageOptions
from mapviewer.ui.dialogs.exportdialog import SLIDE_FORMATS, TourExportOptions
from mapviewer.ui.files.fileactions import dialog_folder, file_stem
from mapviewer.ui.tours.tourpanel import TourPanel
from mapviewer.ui.workspace import Workspace


class TourExporter:
    """Asks which tour, in which format and look, and where; then writes the slides as the
    presentation would show them."""

    def __init__(self, workspace: Workspace, panel: TourPanel, options: StageOptions) -> None:
        self.workspace = workspace
        self.panel = panel
        self.options = options  # the Present menu's look: where the dialog's choice starts

    def export_dialog(self) -> None:
        doc = self.workspace.document
        parent = self.workspace.dialog_parent()
        tours = doc.cmap.tours
        if not tours:
            QMessageBox.information(parent, "Export tour", "This map has no tours yet.")
            return
        choices = TourExportOptions(
            tours, self.panel.current_tour() or tours[0], self.options, parent
        )
        if choices.exec() != QDialog.DialogCode.Accepted:
            return
        tour, kind, look = choices.chosen_tour(), choices.chosen_format(), choices.look()
        _, name_filter, suffix = SLIDE_FORMATS[kind]
        stem = f"{file_stem(doc)}-{tour.id}" + ("-notes" if kind == "notes" else "")
        folder = dialog_folder(doc)
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export tour", str(folder / f"{stem}{suffix}"), name_filter
        )
        if not name:
            return
        if not suffix:
            target = name.rstrip("/") + "/"
        elif name.lower().endswith(suffix):
            target = name
        else:
            target = name + suffix
        self.export(tour, target, look, notes=kind == "notes")

    def export(
        self, tour: Tour, target: str, look: StageOptions | None = None, notes: bool = False
    ) -> list[Path]:
        from mapviewer.tourexport import TourExportError, export_tour  # noqa: PLC0415

        document = self.workspace.document
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = export_tour(document, tour, target, look or self.options, notes=notes)
        except TourExportError as error:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self.workspace.dialog_parent(), "Export failed", str(error))
            return []
        QGuiApplication.restoreOverrideCursor()
        where = written[0] if len(written) == 1 else written[0].parent
        steps = len(tourlib.resolve(document.cmap, tour))
        what = "notes pages" if notes else "slides"
        parts = f"a title and {steps} step{'s' * (steps != 1)}"
        self.workspace.show_message(
            f"Exported “{tour.title}”: {steps + 1} {what} ({parts}) to {where}", 6000
        )
        return written
