"""A yEd box keeps the lines yEd gave its label: yEd sized phenodcc's boxes for its Myriad 14,
and in our wider type "download only visible" took two lines in its 30-high box, which grew
over "responsive interface" 10 units below. yEd sizes the label to its text, never the node
(autoSizePolicy "content"), so the author's box is kept and the label's type is set a step
smaller (at most a fifth) to stay on the box's line."""

from __future__ import annotations

from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, imported_window

PROCESSING = DATA / "interop" / "yed-phenodcc-processing.graphml"


def _item(window: MainWindow, label: str) -> NodeItem:
    return next(i for i in window.scene.node_items.values() if i.label == label)


def test_a_yed_label_stays_on_its_boxs_line_and_off_the_box_below(qtbot) -> None:
    window = imported_window(qtbot, PROCESSING)
    download = _item(window, "download only visible")
    below = _item(window, "responsive interface")
    assert len(download.text.lines) == 1
    assert download.scene_box().height() <= 30 + 1  # the file's box, give or take a unit
    assert not download.scene_box().intersects(below.scene_box())
    own = window.document.nodes[download.node_id].text_size
    assert own is not None and 0.8 * own <= download.text_font.pointSizeF() < own
    boxes = [i.scene_box() for i in window.scene.node_items.values()]
    met = [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :] if a.intersects(b)]
    assert met == []
