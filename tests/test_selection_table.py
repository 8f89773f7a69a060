"""The Selection dock, driven as a person does: clicks on its rows and headers, clicks on the
map, a kind unticked in the Legend; checked by what the table lists and what the map selects."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QStyle, QStyleOptionViewItem

from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.docks.selectiontable import DEGREE, ID_ROLE, LABEL, QUOTES, SelectionTableDock
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1600, 1000)
LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def open_dock(qtbot, window: MainWindow) -> SelectionTableDock:
    dock = window.selection_dock
    assert dock.toggleViewAction() in window.view_menu.actions()
    with qtbot.waitSignal(dock.filled, timeout=10000):
        dock.toggleViewAction().trigger()  # View > Selection
    return dock


def listed(dock: SelectionTableDock) -> list[str]:
    """The concept ids of the rows, top to bottom, as the table shows them."""
    model = dock.table.model()
    return [str(model.index(r, 0).data(ID_ROLE)) for r in range(model.rowCount())]


def cell(dock: SelectionTableDock, row: int, column: int) -> str:
    return str(dock.table.model().index(row, column).data())


def click_row(qtbot, dock: SelectionTableDock, row: int, modifier=NONE, table=None) -> None:
    table = table or dock.table
    index = table.model().index(row, LABEL)
    table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), LEFT, modifier, rect.center())


def click_header(qtbot, dock: SelectionTableDock, column: int) -> None:
    header = dock.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def click_concept(qtbot, window: MainWindow, node_id: str, modifier=NONE):
    window.view.reveal_node(node_id)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10000)
    item = window.scene.node_items[node_id]
    point = window.view.mapFromScene(QPointF(item.cx, item.cy))
    qtbot.mouseClick(window.view.viewport(), LEFT, modifier, point)


def untick_kind(qtbot, legend: QListWidget, kind_id: str) -> None:
    """Click the check box of a kind's row in the Legend."""
    item = legend.row_for(kind_id)
    assert item is not None
    index = legend.indexFromItem(item)
    option = QStyleOptionViewItem()
    legend.initViewItemOption(option)
    option.rect = legend.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = legend.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, legend
    )
    qtbot.mouseClick(legend.viewport(), LEFT, pos=box.center())
    assert item.checkState() == Qt.CheckState.Unchecked


def selected_on_map(window: MainWindow) -> set[str]:
    return {i.node_id for i in window.scene.selectedItems() if isinstance(i, NodeItem)}


def selected_rows(dock: SelectionTableDock) -> set[str]:
    model = dock.table.model()
    return {
        str(model.index(i.row(), 0).data(ID_ROLE))
        for i in dock.table.selectionModel().selectedRows()
    }


def test_concepts_clicked_on_the_map_are_listed(qtbot, window: MainWindow) -> None:
    dock = open_dock(qtbot, window)
    assert listed(dock) == []
    assert "Nothing selected" in dock.summary.text()
    click_concept(qtbot, window, "t-cells")
    qtbot.waitUntil(lambda: listed(dock) == ["t-cells"], timeout=10000)
    row = window.document.nodes["t-cells"]
    assert cell(dock, 0, LABEL) == row.label
    assert cell(dock, 0, 1) == "Immune cell"
    assert cell(dock, 0, DEGREE) == str(len(window.document.edges_of("t-cells")))
    assert cell(dock, 0, QUOTES) == str(len(row.quotes))
    click_concept(qtbot, window, "checkpoint-inhibitors", CTRL)  # a multi-selection
    qtbot.waitUntil(lambda: len(listed(dock)) == 2, timeout=10000)
    assert set(listed(dock)) == {"t-cells", "checkpoint-inhibitors"}
    assert selected_rows(dock) == {"t-cells", "checkpoint-inhibitors"}
    assert dock.summary.text().startswith("2 selected concepts")


def test_a_row_click_selects_the_concept_and_frames_it(qtbot, window: MainWindow) -> None:
    dock = open_dock(qtbot, window)
    click_concept(qtbot, window, "t-cells")
    click_concept(qtbot, window, "checkpoint-inhibitors", CTRL)
    click_concept(qtbot, window, "cancer-immunotherapy", CTRL)
    qtbot.waitUntil(lambda: len(listed(dock)) == 3, timeout=10000)
    window.view.fit_all()
    row = listed(dock).index("checkpoint-inhibitors")
    click_row(qtbot, dock, row)
    assert selected_on_map(window) == {"checkpoint-inhibitors"}
    assert window.scene.current == ("node", "checkpoint-inhibitors")
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10000)
    item = window.scene.node_items["checkpoint-inhibitors"]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect())  # framed, as every "go to" does
    # The list stays, so the next row is one click away; the clicked one is the selected row.
    qtbot.waitUntil(lambda: selected_rows(dock) == {"checkpoint-inhibitors"}, timeout=10000)
    assert len(listed(dock)) == 3
    click_row(qtbot, dock, listed(dock).index("t-cells"))
    assert selected_on_map(window) == {"t-cells"}
    assert len(listed(dock)) == 3
    # A selection made on the map replaces the list.
    click_concept(qtbot, window, "cancer-immunotherapy")
    qtbot.waitUntil(lambda: listed(dock) == ["cancer-immunotherapy"], timeout=10000)


def test_headers_sort_numbers_as_numbers(qtbot, window: MainWindow) -> None:
    dock = open_dock(qtbot, window)
    dock.everything.click()
    qtbot.waitUntil(lambda: len(listed(dock)) == len(window.document.cmap.nodes), timeout=10000)
    degree = {n: len(window.document.edges_of(n)) for n in window.document.nodes}
    click_header(qtbot, dock, DEGREE)
    first = [int(cell(dock, r, DEGREE)) for r in range(len(listed(dock)))]
    click_header(qtbot, dock, DEGREE)  # the other way
    second = [int(cell(dock, r, DEGREE)) for r in range(len(listed(dock)))]
    ascending, descending = (first, second) if first[0] <= first[-1] else (second, first)
    assert ascending == sorted(degree.values())  # 9 before 28: numbers, not text ("28" < "9")
    assert descending == sorted(degree.values(), reverse=True)
    assert descending[0] == 28 and listed(dock)[0] == "cancer-immunotherapy"
    click_header(qtbot, dock, LABEL)
    labels = [cell(dock, r, LABEL).casefold() for r in range(len(listed(dock)))]
    assert labels in (sorted(labels), sorted(labels, reverse=True))
    assert labels != [window.document.nodes[n].label.casefold() for n in degree]  # not map order


def test_everything_shown_follows_the_legend_and_the_map_selection(
    qtbot, window: MainWindow
) -> None:
    dock = open_dock(qtbot, window)
    dock.everything.click()
    everyone = set(window.document.nodes)
    qtbot.waitUntil(lambda: set(listed(dock)) == everyone, timeout=10000)
    assert dock.summary.text().startswith(f"{len(everyone)} of {len(everyone)} concepts shown")
    untick_kind(qtbot, window.legend, "drug")
    drugs = {n.id for n in window.document.cmap.nodes if n.kind == "drug"}
    qtbot.waitUntil(lambda: set(listed(dock)) == everyone - drugs, timeout=10000)
    assert dock.summary.text().startswith(f"{len(everyone) - 22} of {len(everyone)} concepts")
    click_concept(qtbot, window, "t-cells")
    qtbot.waitUntil(lambda: selected_rows(dock) == {"t-cells"}, timeout=10000)
    index: QModelIndex = dock.table.selectionModel().selectedRows()[0]
    assert dock.table.viewport().rect().contains(dock.table.visualRect(index))  # scrolled to
    # A row click in this mode selects on the map too; the list stays everything shown.
    row = listed(dock).index("cancer-immunotherapy")
    click_row(qtbot, dock, row)
    assert selected_on_map(window) == {"cancer-immunotherapy"}
    qtbot.waitUntil(lambda: selected_rows(dock) == {"cancer-immunotherapy"}, timeout=10000)
    assert set(listed(dock)) == everyone - drugs


def test_ctrl_clicked_rows_select_them_all_on_the_map(qtbot, window: MainWindow) -> None:
    dock = open_dock(qtbot, window)
    dock.everything.click()
    qtbot.waitUntil(lambda: len(listed(dock)) == len(window.document.nodes), timeout=10000)
    click_row(qtbot, dock, 0)
    click_row(qtbot, dock, 2, CTRL)
    assert selected_on_map(window) == {listed(dock)[0], listed(dock)[2]}


def test_the_links_tab_lists_the_links_shown_and_selects_them(qtbot, window: MainWindow) -> None:
    dock = open_dock(qtbot, window)
    dock.everything.click()
    links = dock.links.table
    bar = dock.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(dock.tabs.indexOf(links)).center())
    assert dock.tabs.currentWidget() is links
    edges = window.document.cmap.edges
    qtbot.waitUntil(lambda: links.model().rowCount() == len(edges), timeout=10000)
    assert bar.tabText(1) == f"Links ({len(edges)})"
    untick_kind(qtbot, window.legend, "drug")
    drugs = {n.id for n in window.document.cmap.nodes if n.kind == "drug"}
    kept = [e for e in edges if e.source not in drugs and e.target not in drugs]
    qtbot.waitUntil(lambda: links.model().rowCount() == len(kept), timeout=10000)
    row = 3
    wanted = str(links.model().index(row, 0).data(ID_ROLE))
    edge = window.document.edges[wanted]
    assert links.model().index(row, 1).data() == window.document.nodes[edge.source].label
    click_row(qtbot, dock, row, table=links)
    assert window.scene.current == ("edge", wanted)
    assert dock.tabs.currentWidget() is links
