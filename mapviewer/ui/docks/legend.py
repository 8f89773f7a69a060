"""The legend: one row per kind with its swatch and count; unticking a kind hides its concepts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from mapviewer.document import Document
from mapviewer.groups import parent_map
from mapviewer.scene.style import KindStyle, shape_path
from mapviewer.scene.text import plain_tooltip

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
WIDEST_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's text as a filter or focus counts it


def swatch_icon(style: KindStyle, size: int = 22) -> QIcon:
    """The kind's shape in its colours, as drawn on the canvas."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x so it stays crisp on HiDPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(style.border, 1.6))
    painter.setBrush(style.fill)
    painter.drawPath(shape_path(style.shape, QRectF(1.5, 4.5, size - 3, size - 9)))
    painter.end()
    return QIcon(pixmap)


def _as_drawn(
    style: KindStyle, kind_id: str, counts: Counter[str], own_shapes: Counter[tuple[str, str]]
) -> KindStyle:
    """The kind's style in the shape most of its concepts are drawn in: their own where they
    have one. A Gephi file's 77 kind-less discs were listed as the default kind's flat
    ellipse."""
    drawn = Counter({shape: n for (kind, shape), n in own_shapes.items() if kind == kind_id})
    drawn[style.shape] += counts.get(kind_id, 0) - drawn.total()
    shape = drawn.most_common(1)[0][0] if drawn else style.shape
    return style if shape == style.shape else replace(style, shape=shape)


class LegendList(QListWidget):
    """Kinds of the open map; emits ``kind_toggled`` when a kind is shown or hidden."""

    kind_toggled = Signal(str, bool)  # kind id, visible

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(22, 22))
        self.setAccessibleName("Legend of kinds")
        self.setUniformItemSizes(True)
        self.itemChanged.connect(self._on_item_changed)
        self._filling = False

    def populate(
        self,
        document: Document,
        styles: dict[str, KindStyle],
        hidden: set[str],
        shown: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        """Rows for every kind in the file's order, plus "Concept" for kind-less concepts;
        with ``shown`` (kind -> (visible, total)) the counts read "12 / 27" while filtered.
        A frame with no kind is a group, not a concept of no kind, as the status bar counts
        it: an imported map's 4 groups read "Concept (no kind)  (4)" beside "0 concepts"."""
        self._filling = True
        self.clear()
        nodes = document.cmap.nodes
        groups = set(parent_map(nodes).values())
        drawn = [n for n in nodes if n.kind or n.id not in groups]
        counts = Counter(n.kind or "" for n in drawn)
        own_shapes: Counter[tuple[str, str]] = Counter(
            (n.kind or "", n.shape) for n in drawn if n.shape
        )
        shown = shown or {}
        kind_ids = [k.id for k in document.cmap.kinds]
        if counts.get("", 0):
            kind_ids.append("")
        for kind_id in kind_ids:
            style = _as_drawn(styles.get(kind_id) or styles[""], kind_id, counts, own_shapes)
            label = style.label if kind_id else "Concept (no kind)"
            total = counts.get(kind_id, 0)
            visible = shown.get(kind_id, (total, total))[0]
            number = f"{visible} / {total}" if visible != total and kind_id not in hidden else total
            item = QListWidgetItem(swatch_icon(style), f"{label}  ({number})")
            item.setData(KIND_ROLE, kind_id)
            item.setData(WIDEST_ROLE, f"{label}  ({total} / {total})")
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Unchecked if kind_id in hidden else Qt.CheckState.Checked
            )
            tip = f"{counts.get(kind_id, 0)} concepts of kind {label}. Untick to hide them."
            item.setToolTip(plain_tooltip(tip))  # a kind's name is the map's text, never HTML
            self.addItem(item)
        self._filling = False

    def wanted_width(self) -> int:
        """Width that shows every row whole: rows, frame and a vertical scroll bar's room.

        Measured for the counts as a focus or a filter writes them ("131 / 235"), not as the
        map opens ("235"): sized for the latter, Focus on a Gephi airport cut the only row to
        "Concept (no kind)  (131 / 23" over a scroll bar."""
        rows = self.sizeHintForColumn(0) if self.count() else 0
        metrics = self.fontMetrics()
        rows += max(
            (
                metrics.horizontalAdvance(item.data(WIDEST_ROLE))
                - metrics.horizontalAdvance(item.text())
                for item in map(self.item, range(self.count()))
            ),
            default=0,
        )
        bar = self.verticalScrollBar().sizeHint().width()
        return rows + 2 * self.frameWidth() + bar + 8

    def wanted_height(self) -> int:
        """Height that shows every row without scrolling."""
        rows = sum(self.sizeHintForRow(row) for row in range(self.count()))
        return rows + 2 * self.frameWidth() + 4

    def row_for(self, kind_id: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(KIND_ROLE) == kind_id:
                return item
        return None

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            visible = item.checkState() == Qt.CheckState.Checked
            self.kind_toggled.emit(item.data(KIND_ROLE), visible)
