"""Presenting as a lecturer does: clicker keys, reveal and spotlight, blanking, big type, Escape."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEasingCurve, QModelIndex, QPoint, QPointF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QTableWidget

from mapviewer import slides, tours
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.model import Quote, Tour, TourStep
from mapviewer.scene.mapscene import MapScene
from mapviewer.slides import StageOptions
from mapviewer.ui import settings as prefs
from mapviewer.ui.dialogs.messages import show_shortcuts
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.present import presentation as pres
from mapviewer.ui.present.presentation import PresentationWindow
from mapviewer.ui.tours import presenting

from .conftest import DATA

SAMPLE = DATA / "sample.json"
PD1_QUOTE = "PD-1 is an immune checkpoint that acts as a brake on T-cell activity."
TOUR = Tour(
    id="brakes",
    title="Brakes",
    steps=[
        TourStep(
            id="s1",
            title="Checkpoints are brakes",
            focus=["pd-1", "t-cells"],
            quote=Quote(source="primer", text=PD1_QUOTE),
            notes="Ask who has heard of PD-1.",
        ),
        TourStep(id="s2", focus=["e1"], caption="Pembrolizumab releases the brake."),
        TourStep(id="s3", focus=["ctla-4", "t-cells"], notes="CTLA-4 is the other brake."),
        TourStep(id="s4", title="Tregs", focus=["tregs"], caption="<b>Tregs</b> & friends"),
    ],
)


def make_document(with_tour: bool = True) -> Document:
    cmap = load(SAMPLE)
    if with_tour:
        cmap.tours = [TOUR.model_copy(deep=True)]
    return Document(cmap, SAMPLE)


def present(qtbot, document: Document, options: StageOptions | None = None, size=(1280, 720)):
    window = PresentationWindow(document, document.cmap.tours[0], options or StageOptions())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def state(window: PresentationWindow, item_id: str) -> str:
    """What the hall sees of a concept or link: hidden, faint, dim (spotlight) or bright."""
    scene = window.stage.scene
    item = scene.node_items.get(item_id) or scene.edge_items[item_id]
    if not item.shown or not item.isVisible():
        return "hidden"
    if item_id in scene.node_items and item.opacity() <= slides.FAINT_OPACITY + 1e-6:
        return "faint"
    return "dim" if item.dimmed else "bright"


def states(window: PresentationWindow) -> dict[str, str]:
    ids = ["pembrolizumab", "pd-1", "ctla-4", "t-cells", "tregs", "e1", "e2", "e3", "e4"]
    return {i: state(window, i) for i in ids}


EXPECTED = [
    {  # 1: PD-1 and T cells, and the link between them
        "pembrolizumab": "hidden", "pd-1": "bright", "ctla-4": "hidden", "t-cells": "bright",
        "tregs": "hidden", "e1": "hidden", "e2": "bright", "e3": "hidden", "e4": "hidden",
    },
    {  # 2: the drug and its link come in; T cells stay, dimmed by the spotlight; out of sight,
        # so no faint line runs off the screen to them
        "pembrolizumab": "bright", "pd-1": "bright", "ctla-4": "hidden", "t-cells": "dim",
        "tregs": "hidden", "e1": "bright", "e2": "hidden", "e3": "hidden", "e4": "hidden",
    },
    {  # 3: CTLA-4 on T cells; PD-1, cut by the screen's edge, left out with its links
        "pembrolizumab": "dim", "pd-1": "hidden", "ctla-4": "bright", "t-cells": "bright",
        "tregs": "hidden", "e1": "hidden", "e2": "hidden", "e3": "bright", "e4": "hidden",
    },
    {  # 4: Tregs: their link to T cells shows, both ends being revealed, dimmed (not in focus);
        # CTLA-4, cut by the edge, left out with its link
        "pembrolizumab": "dim", "pd-1": "dim", "ctla-4": "hidden", "t-cells": "dim",
        "tregs": "bright", "e1": "dim", "e2": "hidden", "e3": "hidden", "e4": "dim",
    },
]  # fmt: skip


def test_clicker_keys_step_forward_and_back_through_reveal_and_spotlight(qtbot) -> None:
    window = present(qtbot, make_document())
    assert states(window) == EXPECTED[0]
    forward = [Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown]
    for step, key in enumerate(forward, start=1):
        qtbot.keyClick(window, key)
        assert window.index == step
        assert states(window) == EXPECTED[step]
    qtbot.keyClick(window, Qt.Key.Key_Space)  # past the end: the end card, on the last step
    assert window.index == 3 and window.blanked == "end"
    qtbot.keyClick(window, Qt.Key.Key_Left)  # back from the end card: the last step again
    assert window.index == 3 and window.blanked == ""
    for step, key in zip(
        [2, 1, 0], [Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp], strict=True
    ):
        qtbot.keyClick(window, key)
        assert states(window) == EXPECTED[step]
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_Enter)
    assert window.index == 2
    qtbot.keyClick(window, Qt.Key.Key_Backspace)
    assert window.index == 1
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.index == 3 and states(window) == EXPECTED[3]
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.index == 0 and states(window) == EXPECTED[0]


def test_clicks_step_and_a_drag_pans_without_stepping(qtbot) -> None:
    window = present(qtbot, make_document())
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    assert window.index == 1
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=QPoint(300, 200))
    assert window.index == 0


def test_faint_mode_ghosts_unrevealed_concepts_and_spotlight_can_be_off(qtbot) -> None:
    window = present(qtbot, make_document(), StageOptions(faint=True, spotlight=False))
    seen = states(window)
    assert seen["pd-1"] == seen["t-cells"] == "bright"
    assert seen["pembrolizumab"] == seen["ctla-4"] == seen["tregs"] == "faint"
    assert seen["e1"] == seen["e3"] == "hidden"  # links only once revealed
    window.next()
    assert state(window, "t-cells") == "bright"  # no spotlight: everything revealed is bright


def test_each_step_eases_the_camera_to_frame_its_focus_above_the_caption(qtbot) -> None:
    window = present(qtbot, make_document())
    window.next()
    animation = window.view._animation
    assert window.view.is_animating()
    assert animation.duration() == pres.STEP_MS == 500
    assert animation.easingCurve().type() == QEasingCurve.Type.InOutCubic
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10000)
    centre, scale = window.target_camera()
    assert abs(window.view.zoom - scale) < 1e-6
    assert (window.view.center() - centre).manhattanLength() < 1.5
    band_top = window.overlay_widget.overlay.band.top()
    for node_id in window.current.focus.nodes:
        item = window.stage.scene.node_items[node_id]
        box = window.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert window.rect().contains(box), node_id
        assert box.bottom() < band_top, f"{node_id} is under the caption"


def test_b_and_period_blank_black_w_white_any_key_or_click_unblanks(qtbot) -> None:
    window = present(qtbot, make_document())
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.blanked == "black"
    assert window.grab().toImage().pixelColor(640, 360) == QColor("#000000")
    qtbot.keyClick(window, Qt.Key.Key_Right)  # un-blanks and does nothing else
    assert window.blanked == "" and window.index == 0
    qtbot.keyClick(window, Qt.Key.Key_Period)
    assert window.blanked == "black"
    qtbot.mouseClick(window.overlay_widget, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert window.blanked == "" and window.index == 0
    qtbot.keyClick(window, Qt.Key.Key_W)
    assert window.blanked == "white"
    assert window.grab().toImage().pixelColor(640, 360) == QColor("#FFFFFF")
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert window.blanked == ""


def test_past_the_last_step_the_end_is_said_and_the_clicker_stays_there(qtbot) -> None:
    """The clicker at the last step did nothing and nothing said the tour was over: the end
    card says so, on black; pressed again it stays; Left returns to the last step."""
    window = present(qtbot, make_document())
    last = len(window.views) - 1
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.index == last and window.blanked == ""
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.blanked == "end"
    image = window.grab().toImage()
    assert image.pixelColor(20, 20) == QColor("#000000")
    lit = sum(
        image.pixelColor(x, y).lightness() > 128
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )  # the words
    assert lit > 50
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.blanked == "end" and window.index == last
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.blanked == "" and window.index == last
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.blanked == "end"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_f1_or_question_mark_shows_the_keys(qtbot) -> None:
    window = present(qtbot, make_document())
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_shown
    qtbot.keyClick(window, Qt.Key.Key_Right)  # closes the card, does not step
    assert not window.help_shown and window.index == 0
    qtbot.keyClick(window, Qt.Key.Key_Question)
    assert window.help_shown
    assert any("Black screen" in what for _, what in pres.PRESENTATION_KEYS)


def test_the_cursor_hides_when_still_and_comes_back_when_moved(qtbot) -> None:
    window = present(qtbot, make_document())
    assert window.cursor_hidden()
    window._cursor_timer.setInterval(50)
    qtbot.mouseMove(window.view.viewport(), QPoint(200, 200))
    qtbot.mouseMove(window.view.viewport(), QPoint(220, 210))
    assert not window.cursor_hidden()
    qtbot.waitUntil(window.cursor_hidden, timeout=10000)


def test_captions_are_plain_text_with_the_source_title(qtbot) -> None:
    window = present(qtbot, make_document())
    texts = [t.text for t in window.overlay_widget.overlay.texts]
    assert texts == ["Checkpoints are brakes", f"“{PD1_QUOTE}”", "— Checkpoint primer"]
    window.go(3, animate=False)
    texts = [t.text for t in window.overlay_widget.overlay.texts]
    assert texts == ["Tregs", "<b>Tregs</b> & friends"]  # shown as typed, never as markup


def glyph_rows(image: QImage, left: int, top: int, right: int, bottom: int, ink: QColor) -> int:
    """Height in pixels of the band of rows holding text-coloured pixels inside a box."""
    rows = []
    for y in range(top, bottom):
        for x in range(left, right):
            colour = image.pixelColor(x, y)
            if max(abs(colour.red() - ink.red()), abs(colour.green() - ink.green()),
                   abs(colour.blue() - ink.blue())) < 70:  # fmt: skip
                rows.append(y)
                break
    return rows[-1] - rows[0] + 1 if rows else 0


def test_labels_read_from_the_back_of_the_hall_at_1920x1080(qtbot) -> None:
    document = make_document()
    wide = document.cmap.tours[0].steps[3]
    # The worst case: a camera saved from a zoomed-out editing view; type must stay readable.
    wide.camera = tours.Camera(x=-2000, y=-1500, width=4500, height=3000)
    window = present(qtbot, document, size=(1920, 1080))
    height = 1080
    for index in range(len(window.views)):
        window.go(index, animate=False)
        _, scale = window.target_camera()
        assert slides.label_font_px(window.stage.theme) * scale >= height / 40, index
    window.go(3, animate=False)
    _, scale = window.target_camera()
    assert scale == pytest.approx(
        height * slides.LABEL_EM_MIN / slides.label_font_px(window.stage.theme)
    )
    item = window.stage.scene.node_items["tregs"]
    assert item.text.lines == ["Regulatory T cells"]  # one line: capitals and descenders
    image = window.grab().toImage()
    box = window.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    inner = box.adjusted(12, 8, -12, -8)
    ink = glyph_rows(
        image, inner.left(), inner.top(), inner.right(), inner.bottom(), window.stage.theme.text
    )
    assert ink >= height / 40, f"label text is {ink} px high"


def settled(window: MainWindow):
    """A condition for waitUntil: the window's layout and camera did not change since the last
    look (pending layout requests run between looks)."""
    last: list[object] = []

    def same_as_before() -> bool:
        now = (window.saveState(), window.geometry(), window.view.center(), window.view.zoom)
        done = last == [now]
        last[:] = [now]
        return done

    return same_as_before


def map_looks(scene: MapScene) -> dict[str, tuple[bool, bool, float, bool]]:
    """How each concept and link is drawn: shown, visible, opacity, dimmed."""
    items = {**scene.node_items, **scene.edge_items}
    return {
        ident: (item.shown, item.isVisible(), round(item.opacity(), 6), item.dimmed)
        for ident, item in items.items()
    }


def test_escape_restores_the_editing_window_as_it_was(qtbot) -> None:
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.resize(760, 560)  # within the 800x800 offscreen screen, which restoring clamps to
    window.show()
    qtbot.waitExposed(window)
    window.tours.dock.show()
    window.legend_dock.hide()
    window.scene.node_items["pd-1"].setSelected(True)
    window.scene.edge_items["e3"].setSelected(True)
    window.view.set_camera(QPointF(120, 60), 1.3)
    window.view.auto_fit = False
    qtbot.waitUntil(settled(window), timeout=10000)  # the docks laid out before the picture
    before = (window.saveState(), window.geometry(), window.isMaximized())
    looks = map_looks(window.scene)
    selected = sorted(i.node_id if hasattr(i, "node_id") else i.edge_id
                      for i in window.scene.selectedItems())  # fmt: skip
    centre, zoom = window.view.center(), window.view.zoom
    window.tours.act_start.trigger()
    shown = window.tours.runner.presentation
    assert shown is not None and shown.isFullScreen()
    assert shown.tour.id == "brakes"
    qtbot.keyClick(shown, Qt.Key.Key_Right)
    assert map_looks(window.scene) == looks  # the hall's reveal is the presentation's own
    window.setGeometry(40, 30, 500, 400)  # the window system moved things about meanwhile
    window.legend_dock.show()
    window.scene.clearSelection()
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert window.tours.runner.presentation is None
    qtbot.waitUntil(
        lambda: (
            (window.saveState(), window.geometry(), window.isMaximized()) == before
            and (window.view.center(), window.view.zoom) == (centre, zoom)
        ),
        timeout=10000,
    )
    qtbot.waitUntil(settled(window), timeout=10000)  # and it stays so
    assert (window.saveState(), window.geometry(), window.isMaximized()) == before
    assert window.tours.dock.isVisible() and not window.legend_dock.isVisible()
    now = sorted(i.node_id if hasattr(i, "node_id") else i.edge_id
                 for i in window.scene.selectedItems())  # fmt: skip
    assert now == selected
    assert window.view.center() == centre and window.view.zoom == zoom
    assert map_looks(window.scene) == looks


def test_without_a_tour_the_walk_follows_the_selected_concepts_links(qtbot) -> None:
    window = MainWindow(make_document(with_tour=False))
    qtbot.addWidget(window)
    window.show()
    window.scene.select("node", "pd-1")
    window.tours.runner.start(rehearse=True)
    shown = window.tours.runner.presentation
    assert shown.views[0].focus.nodes == {"pd-1"}
    assert shown.overlay_widget.overlay.texts[-1].text == "— Checkpoint primer"
    qtbot.keyClick(shown, Qt.Key.Key_Right)  # the next linked concept: Pembrolizumab
    assert shown.current.focus == tours.Items(
        frozenset({"pd-1", "pembrolizumab"}), frozenset({"e1"})
    )
    assert shown.current.title == "Pembrolizumab blocks PD-1"
    qtbot.keyClick(shown, Qt.Key.Key_Down)  # then T cells
    assert shown.current.focus.nodes == {"pd-1", "t-cells"}
    qtbot.keyClick(shown, Qt.Key.Key_Left)
    assert shown.current.focus.nodes == {"pd-1", "pembrolizumab"}
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert window.tours.runner.presentation is None


def test_presenter_view_rehearses_on_one_screen(qtbot) -> None:
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.show()
    window.tours.act_presenter.trigger()
    shown, presenter = window.tours.runner.presentation, window.tours.runner.presenter
    assert not shown.isFullScreen() and presenter.isVisible()
    assert presenter.count.text() == "Step 1 of 4"
    assert presenter.notes.toPlainText() == "Ask who has heard of PD-1."
    assert presenter.next_title.text() == "Next: step 2"
    assert presenter.current.isHidden()  # the presentation beside it shows this step
    assert not presenter.next.image().isNull()
    assert presenter.elapsed.text() == "00:00"
    qtbot.keyClick(presenter, Qt.Key.Key_Right)  # keys on the laptop drive the hall's screen
    assert shown.index == 1 and presenter.count.text() == "Step 2 of 4"
    qtbot.keyClick(presenter, Qt.Key.Key_End)
    assert presenter.next_title.text() == "Next: end of the tour"
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert window.tours.runner.presentation is None
    qtbot.waitUntil(lambda: window.tours.runner.presenter is None, timeout=10000)


def test_the_preview_renders_the_same_frame_as_the_window(qtbot) -> None:
    document = make_document()
    stage = slides.Stage(document, StageOptions())
    views = tours.resolve(document.cmap, document.cmap.tours[0])
    image = slides.render_step(stage, views[0], QSize(320, 180))
    assert image.size() == QSize(320, 180)
    _, _, overlay = stage.layout(views[0], QSizeF(320, 180))
    assert overlay.band.height() > 0


# --- the Tours dock -------------------------------------------------------------------------------


@pytest.fixture
def editor(qtbot) -> MainWindow:
    window = MainWindow(make_document(with_tour=False))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.tours.dock.show()
    return window


def test_add_step_from_selection_is_one_undo_step_framing_the_selection(editor) -> None:
    panel, doc = editor.tours.panel, editor.document
    editor.scene.node_items["pd-1"].setSelected(True)
    editor.scene.node_items["t-cells"].setSelected(True)
    editor.view.set_camera(QPointF(-3000, 100), 0.1)  # the editor looks elsewhere, zoomed out
    panel.add_button.click()
    step = doc.cmap.tours[0].steps[0]
    assert step.focus == ["pd-1", "t-cells"] and step.title == "PD-1, T cells"
    assert step.camera is None  # framed to show the selection, not the editor's view
    assert panel.frames[0].fits and not panel.fit_warning.isVisible()
    assert panel.steps.count() == 1 and panel.current_step_index() == 0
    doc.undo_stack.undo()
    assert doc.cmap.tours == [] and panel.steps.count() == 0
    doc.undo_stack.redo()
    assert panel.steps.count() == 1


def test_typing_a_caption_is_one_undo_step_and_quotes_come_from_the_focus(qtbot, editor) -> None:
    panel, doc = editor.tours.panel, editor.document
    editor.scene.node_items["pd-1"].setSelected(True)
    panel.add_step_from_selection()
    count = doc.undo_stack.count()
    panel.caption.setFocus()
    qtbot.keyClicks(panel.caption, "Brakes!")
    assert doc.cmap.tours[0].steps[0].caption == "Brakes!"
    assert doc.undo_stack.count() == count + 1
    doc.undo_stack.undo()
    assert doc.cmap.tours[0].steps[0].caption == ""
    assert panel.caption.toPlainText() == ""
    [(_, quote)] = tours.focus_quotes(doc.cmap, doc.cmap.tours[0].steps[0])
    panel._fill_quote_menu()
    panel.quote_menu.actions()[0].trigger()
    step = doc.cmap.tours[0].steps[0]
    assert (step.caption, step.quote) == (PD1_QUOTE, quote)
    assert panel.citation.text() == "Quoted from: Checkpoint primer"
    qtbot.keyClicks(panel.caption, "!")  # no longer the source's words: no longer cited
    assert doc.cmap.tours[0].steps[0].quote is None
    assert panel.citation.text() == "Your own words (no citation)"


def test_dragging_steps_reorders_them_as_one_undo_step(qtbot, editor) -> None:
    panel, doc = editor.tours.panel, editor.document
    for node_id in ("pd-1", "ctla-4", "tregs"):
        editor.scene.clearSelection()
        editor.scene.node_items[node_id].setSelected(True)
        panel.add_step_from_selection()
    assert [s.focus for s in doc.cmap.tours[0].steps] == [["pd-1"], ["ctla-4"], ["tregs"]]
    panel.steps.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)  # what a drop does
    qtbot.waitUntil(lambda: doc.cmap.tours[0].steps[0].focus == ["ctla-4"], timeout=10000)
    assert [s.focus for s in doc.cmap.tours[0].steps] == [["ctla-4"], ["tregs"], ["pd-1"]]
    assert panel.steps.item(0).text() == "1. CTLA-4"
    doc.undo_stack.undo()
    assert [s.focus for s in doc.cmap.tours[0].steps] == [["pd-1"], ["ctla-4"], ["tregs"]]


def test_tours_are_created_renamed_previewed_and_deleted(qtbot, editor) -> None:
    panel, doc = editor.tours.panel, editor.document
    tour_id = panel.new_tour()
    assert panel.tour_title.hasFocus() and panel.tour_title.selectedText() == "New tour"
    qtbot.keyClicks(panel.tour_title, "Brakes")  # typing names it, one undo step
    assert doc.cmap.tours[0].title == "Brakes"
    assert panel.tour_box.currentText() == "Brakes"
    doc.undo_stack.undo()
    assert doc.cmap.tours[0].title == "New tour"
    doc.undo_stack.redo()
    editor.scene.node_items["tregs"].setSelected(True)
    panel.add_step_from_selection()
    editor.scene.clearSelection()
    editor.view.set_camera(QPointF(-3000, -3000), 1.0)
    panel.preview()
    qtbot.waitUntil(lambda: not editor.view.is_animating(), timeout=10000)
    item = editor.scene.node_items["tregs"]
    assert item.isSelected()
    assert editor.view.viewport().rect().contains(editor.view.mapFromScene(item.cx, item.cy))
    panel.delete_tour()
    assert doc.cmap.tours == []
    doc.undo_stack.undo()
    assert doc.cmap.tours[0].id == "brakes" != tour_id  # the id follows the title typed
    assert "&Present" in [a.text() for a in editor.menuBar().actions()]
    assert editor.tours.act_export in editor.file_menu.actions()
    assert editor.tours.dock.toggleViewAction() in editor.view_menu.actions()


def test_presentation_keys_and_rules_are_in_the_help(editor: MainWindow) -> None:
    dialog = editor.tours.runner.show_keys()
    table = dialog.findChild(QTableWidget)
    keys = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert {"B or .", "W or ,", "Home / End", "Esc", "Without a tour: Right / Down"} <= set(keys)
    assert any("Reveal is cumulative" in label.text() for label in dialog.findChildren(QLabel))
    shortcuts = show_shortcuts(editor).findChild(QTableWidget)
    listed = {
        (shortcuts.item(row, 0).text(), shortcuts.item(row, 1).text())
        for row in range(shortcuts.rowCount())
    }
    assert ("F5", "Start Presentation") in listed


def test_options_apply_at_once_and_closing_the_window_ends_the_show(qtbot) -> None:
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.show()
    window.tours.runner.start(rehearse=True)
    shown = window.tours.runner.presentation
    assert state(shown, "tregs") == "hidden"
    window.tours.act_faint.trigger()
    assert state(shown, "tregs") == "faint"
    assert StageOptions.load(prefs.settings()).faint  # remembered for the next lecture
    window.tours.act_spotlight.trigger()
    shown.next()
    assert state(shown, "t-cells") == "bright"
    window.close()
    qtbot.waitUntil(lambda: window.tours.runner.presentation is None, timeout=10000)


def test_start_from_the_current_step_and_choose_the_screen(qtbot, monkeypatch) -> None:
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.show()
    window.tours.panel.choose("brakes", 2)
    window.tours.act_start_here.trigger()
    assert window.tours.runner.presentation.index == 2
    qtbot.keyClick(window.tours.runner.presentation, Qt.Key.Key_Escape)
    here = window.screen()
    offered = []

    def pick(parent, title, label, names, current, editable):
        offered.extend(names)
        return names[current], True

    monkeypatch.setattr(presenting.QInputDialog, "getItem", pick)
    assert window.tours.runner.choose_screen([here, here], None) is here
    assert len(offered) == 2 and offered[0].startswith("1: ")


def test_a_wide_camera_over_little_revealed_is_framed_as_the_slide_is(qtbot) -> None:
    document = make_document()
    document.cmap.tours[0].steps.insert(
        0, TourStep(id="s0", title="Where we are going", camera=tours.Camera(
            x=-2500, y=-2200, width=5200, height=3000))
    )  # fmt: skip
    window = present(qtbot, document)
    centre, scale = window.target_camera()
    assert window.views[0].revealed.nodes == frozenset()
    assert abs(window.view.zoom - scale) < 1e-6
    off = window.view.center() - centre
    assert abs(off.x()) * scale < 3 and abs(off.y()) * scale < 3  # screen pixels, as centred


def test_opening_another_map_ends_the_show_and_the_dock_shows_its_tours(qtbot) -> None:
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.show()
    runner, panel = window.tours.runner, window.tours.panel
    runner.start(rehearse=True)
    assert runner.presentation is not None and panel.tour_box.count() == 1
    window.set_document(make_document(with_tour=False))
    qtbot.waitUntil(lambda: runner.presentation is None, timeout=10000)
    assert panel.tour_box.count() == 0 and panel.current_tour() is None
    window.scene.select("node", "pd-1")
    panel.add_step_from_selection()  # the dock edits the map that is open now
    assert [t.steps[0].focus for t in window.document.cmap.tours] == [["pd-1"]]
    assert panel.tour_box.count() == 1
