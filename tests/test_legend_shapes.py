"""The legend's swatch for a kind, or for concepts of no kind, is drawn in the shape the map
draws those concepts in: their own shape where they have one, not only their kind's."""

from __future__ import annotations

from PySide6.QtGui import QImage

from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA

GEPHI_GRAPHML = DATA / "interop/gephi-miserables.graphml"  # Gephi's GraphML export: 77 discs


def swatch_extent(window: MainWindow, row: int) -> tuple[int, int]:
    """Width and height, in pixels, of what the legend row's swatch paints."""
    icon = window.legend.item(row).icon()
    image = icon.pixmap(22, 22).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    painted = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 128
    ]
    xs, ys = [x for x, _ in painted], [y for _, y in painted]
    return max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def test_a_gephi_files_kindless_discs_are_listed_as_discs(qtbot, window: MainWindow) -> None:
    """Les Misérables from Gephi: its 77 concepts have no kind and are drawn as circles; the
    legend's "Concept (no kind)" row showed the default kind's flat ellipse (20 by 14 pixels);
    it shows a disc, as tall as it is wide."""
    assert window.open_path(GEPHI_GRAPHML)
    qtbot.waitUntil(lambda: len(window.document.cmap.nodes) == 77)
    qtbot.waitUntil(lambda: window.legend.count() == 1)
    assert window.legend.item(0).text() == "Concept (no kind)  (77)"
    drawn = {item.style.shape for item in window.scene.node_items.values()}
    assert drawn == {"circle"}
    width, height = swatch_extent(window, 0)
    assert abs(width - height) <= 1, (width, height)


def test_the_default_maps_legend_keeps_its_kinds_shapes(qtbot, window: MainWindow) -> None:
    """A kind whose concepts have no shape of their own is listed in its kind's shape: the
    sample map's rows are as wide as before, wider than tall."""
    assert window.legend.count() >= 2
    for row in range(window.legend.count()):
        width, height = swatch_extent(window, row)
        assert width > height, window.legend.item(row).text()
