"""File > Export Tour: a tour as PDF slides or a folder of PNGs, asked for from the editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from mapviewer import tours as tourlib
from mapviewer.model import Tour
from mapviewer.slides import StageOptions
from mapviewer.ui.tours.tourpanel import TourPanel
from mapviewer.ui.workspace import Workspace

PDF_FILTER = "PDF slides, one page per step (*.pdf)"


class TourExporter:
    """Asks which tour and where, then writes the slides as the presentation would show them."""

    def __init__(self, workspace: Workspace, panel: TourPanel, options: StageOptions) -> None:
        self.workspace = workspace
        self.panel = panel
        self.options = options  # shared with the Present menu: slides look as presented

    def export_dialog(self) -> None:
        doc = self.workspace.document
        parent = self.workspace.dialog_parent()
        tours = doc.cmap.tours
        if not tours:
            QMessageBox.information(parent, "Export tour", "This map has no tours yet.")
            return
        tour = self.panel.current_tour() or tours[0]
        if len(tours) > 1:
            titles = [t.title or t.id for t in tours]
            title, ok = QInputDialog.getItem(
                parent, "Export tour", "Tour:", titles, tours.index(tour), False
            )
            if not ok:
                return
            tour = tours[titles.index(title)]
        stem = f"{doc.path.stem if doc.path else 'map'}-{tour.id}"
        start = str((doc.path.parent if doc.path else Path.cwd()) / f"{stem}.pdf")
        name, chosen = QFileDialog.getSaveFileName(
            parent, "Export tour", start, f"{PDF_FILTER};;A folder of PNG images (*)"
        )
        if not name:
            return
        pdf = chosen == PDF_FILTER
        target = name if pdf or name.lower().endswith(".pdf") else name.rstrip("/") + "/"
        if pdf and not name.lower().endswith(".pdf"):
            target = name + ".pdf"
        self.export(tour, target)

    def export(self, tour: Tour, target: str) -> list[Path]:
        from mapviewer.tourexport import TourExportError, export_tour  # noqa: PLC0415

        document = self.workspace.document
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = export_tour(document, tour, target, self.options)
        except TourExportError as error:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self.workspace.dialog_parent(), "Export failed", str(error))
            return []
        QGuiApplication.restoreOverrideCursor()
        where = written[0] if len(written) == 1 else written[0].parent
        slides = len(tourlib.resolve(document.cmap, tour))
        self.workspace.show_message(f"Exported “{tour.title}”: {slides} slides to {where}", 6000)
        return written
