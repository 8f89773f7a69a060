"""Editing in the Details dock: every field, one undo step per field, undo shown at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QMessageBox

from mapviewer.document import Document
from mapviewer.io.mapfile import dumps
from mapviewer.model import ConceptMap, Node, Source
from mapviewer.quotes import locate
from mapviewer.ui.details.detaileditor import DetailEditor
from mapviewer.ui.details.sourcereader import utf16_offsets
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA
from .real_input import keys_when_shown, wheel

SAMPLE = DATA / "sample.json"
PRIMER = (DATA / "sources" / "checkpoint-primer.txt").read_text(encoding="utf-8")
BRAKE = "PD-1 is an immune checkpoint that acts as a brake on T-cell activity."


@pytest.fixture
def window(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()  # typing goes to the focused field of the active window
    qtbot.waitUntil(window.isActiveWindow)
    return window


def edit(window: MainWindow, kind: str, ident: str) -> DetailEditor:
    window.go_to(kind, ident)
    window.detail_editing.toggle.trigger()
    return window.detail_editing.editor


def end_of(qtbot, widget) -> None:
    """Click into a field, as a person does, and put the cursor after its text."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    if isinstance(widget, QLineEdit):
        qtbot.keyClick(widget, Qt.Key.Key_End)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)


def test_the_edit_toggle_swaps_the_reading_page_for_the_form(qtbot, window) -> None:
    window.go_to("node", "pembrolizumab")
    panel = window.detail_editing.panel
    assert window.details_dock.widget() is panel
    assert panel.stack.currentWidget() is window.details
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    assert panel.stack.currentWidget() is editor
    assert editor.label_edit.text() == "Pembrolizumab"
    assert editor.kind_combo.currentText() == "Drug"
    assert editor.aliases_edit.toPlainText() == "Keytruda"
    assert editor.description_edit.toPlainText() == "An anti-PD-1 antibody."
    [card] = editor.cards
    assert card.source.currentText() == "Checkpoint primer"
    assert card.words.startswith("Pembrolizumab is an antibody drug")
    assert not card.warning.isVisible()
    assert editor.label_edit.hasFocus()
    window.go_to("edge", "e1")  # the form follows the selection
    assert editor.label_edit.text() == "blocks"
    assert not editor.kind_combo.isVisible()
    assert "Pembrolizumab → PD-1" in editor.caption.text()
    window.detail_editing.toggle.trigger()
    assert panel.stack.currentWidget() is window.details


def test_typing_a_label_is_one_undo_step_and_undo_shows_everywhere(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    editor = edit(window, "node", "pd-1")
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, " receptor")
    assert doc.nodes["pd-1"].label == "PD-1 receptor"
    assert window.scene.node_items["pd-1"].label == "PD-1 receptor"
    assert window.details.toPlainText().startswith("PD-1 receptor")
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit label"
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert editor.label_edit.text() == "PD-1"
    assert window.scene.node_items["pd-1"].label == "PD-1"
    window.edits.redo.trigger()
    assert editor.label_edit.text() == "PD-1 receptor"
    assert window.scene.node_items["pd-1"].label == "PD-1 receptor"


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_z_in_a_field_undoes_its_typing_then_the_map(qtbot, window) -> None:
    doc = window.document
    window.go_to("node", "tregs")
    window.edits.rename.trigger()  # a step before the visit to the form
    editor = window.edits.canvas.editor
    editor.selectAll()
    qtbot.keyClicks(editor, "Tregs")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    editor = edit(window, "node", "ctla-4")
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, "!!")
    assert doc.nodes["ctla-4"].label == "CTLA-4!!"
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Z, CTRL)  # the field's typing
    assert editor.label_edit.text() == "CTLA-4"
    assert doc.nodes["ctla-4"].label == "CTLA-4"
    assert doc.nodes["tregs"].label == "Tregs"  # the map's own step is still there
    assert doc.undo_stack.count() == 1  # typed back to the start: no step of its own
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Z, CTRL_SHIFT)  # the field's redo
    assert editor.label_edit.text() == "CTLA-4!!" and doc.nodes["ctla-4"].label == "CTLA-4!!"
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Z, CTRL)  # nothing left in the field: the map
    assert doc.nodes["tregs"].label == "Regulatory T cells"
    assert doc.undo_stack.index() == 0
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Y, CTRL)  # and the map's redo
    assert doc.nodes["tregs"].label == "Tregs"


def test_ctrl_z_in_a_quote_takes_back_the_last_typing_not_the_whole_edit(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "pd-1")
    [card] = editor.cards
    end_of(qtbot, card.text)
    qtbot.keyClicks(card.text, " More")
    qtbot.keyClick(card.text, Qt.Key.Key_Home, CTRL)  # the cursor moves: new typing
    qtbot.keyClicks(card.text, "Now ")
    assert doc.nodes["pd-1"].quotes[0].text == "Now " + BRAKE + " More"
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Edit quote"
    qtbot.keyClick(card.text, Qt.Key.Key_Z, CTRL)
    assert card.words == BRAKE + " More"  # the last typing only
    assert doc.nodes["pd-1"].quotes[0].text == BRAKE + " More"  # and the map follows
    qtbot.keyClick(card.text, Qt.Key.Key_Z, CTRL)
    assert card.words == BRAKE and doc.nodes["pd-1"].quotes[0].text == BRAKE
    assert doc.undo_stack.count() == 0
    qtbot.keyClick(card.text, Qt.Key.Key_Z, CTRL_SHIFT)
    assert doc.nodes["pd-1"].quotes[0].text == BRAKE + " More"


def test_ctrl_z_on_coming_back_to_a_field_is_the_maps_undo(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "tregs")
    end_of(qtbot, editor.description_edit)
    qtbot.keyClicks(editor.description_edit, "Suppressor cells.")
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, " (Tregs)")
    end_of(qtbot, editor.description_edit)  # back: its typing is a step of the map now
    qtbot.keyClick(editor.description_edit, Qt.Key.Key_Z, CTRL)
    assert doc.nodes["tregs"].label == "Regulatory T cells"  # the last step, the label's
    assert doc.nodes["tregs"].description == "Suppressor cells."
    assert doc.undo_stack.count() == 2 and doc.undo_stack.index() == 1


def test_each_field_and_each_visit_to_a_field_is_its_own_step(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "tregs")
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, " (Tregs)")
    end_of(qtbot, editor.description_edit)
    qtbot.keyClicks(editor.description_edit, "Suppressor cells.")
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, "!")
    assert doc.nodes["tregs"].label == "Regulatory T cells (Tregs)!"
    assert doc.nodes["tregs"].description == "Suppressor cells."
    assert doc.undo_stack.count() == 3
    window.edits.undo.trigger()
    assert doc.nodes["tregs"].label == "Regulatory T cells (Tregs)"
    window.edits.undo.trigger()
    assert doc.nodes["tregs"].description == ""
    assert editor.description_edit.toPlainText() == ""


def test_typing_back_to_the_start_leaves_no_step(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "pd-1")
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, "x")
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Backspace)
    assert doc.nodes["pd-1"].label == "PD-1"
    assert doc.undo_stack.count() == 0
    assert not window.isWindowModified()


def test_an_emptied_label_is_not_kept_and_comes_back_on_leaving(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "pd-1")
    editor.label_edit.setFocus()
    editor.label_edit.selectAll()
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Backspace)
    assert editor.label_edit.text() == ""
    assert doc.nodes["pd-1"].label == "PD-1"
    editor.description_edit.setFocus()
    assert editor.label_edit.text() == "PD-1"
    assert doc.undo_stack.count() == 0


def test_choosing_a_kind_restyles_the_concept_and_the_legend(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    editor = edit(window, "node", "tregs")
    index = editor.kind_combo.findData("checkpoint")
    editor.kind_combo.setCurrentIndex(index)
    editor.kind_combo.activated.emit(index)
    assert doc.nodes["tregs"].kind == "checkpoint"
    assert window.scene.node_items["tregs"].style.shape == "hexagon"
    assert window.legend.row_for("checkpoint").text().endswith("(3)")
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert editor.kind_combo.currentData() == "immune-cell"
    no_kind = editor.kind_combo.findText("No kind")
    editor.kind_combo.setCurrentIndex(no_kind)
    editor.kind_combo.activated.emit(no_kind)
    assert doc.nodes["tregs"].kind is None


def test_aliases_one_per_line(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    editor = edit(window, "node", "pembrolizumab")
    end_of(qtbot, editor.aliases_edit)
    qtbot.keyClick(editor.aliases_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.aliases_edit, "MK-3475")
    assert doc.nodes["pembrolizumab"].aliases == ["Keytruda", "MK-3475"]
    assert "Also called: Keytruda, MK-3475" in window.details.toPlainText()
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert editor.aliases_edit.toPlainText() == "Keytruda"


def test_markup_typed_into_the_form_stays_literal(qtbot, window) -> None:
    editor = edit(window, "node", "t-cells")
    end_of(qtbot, editor.description_edit)
    qtbot.keyClicks(editor.description_edit, "<b>bold</b> & <img src=x>")
    assert window.document.nodes["t-cells"].description == "<b>bold</b> & <img src=x>"
    assert "<b>bold</b> & <img src=x>" in window.details.toPlainText()
    assert "<img" not in window.details.toHtml()


def test_a_link_phrase_description_and_a_new_quote(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    editor = edit(window, "edge", "e2")
    assert editor.label_edit.text() == "brakes"
    end_of(qtbot, editor.label_edit)
    qtbot.keyClicks(editor.label_edit, " the activity of")
    assert window.scene.edge_items["e2"].label == "brakes the activity of"
    end_of(qtbot, editor.description_edit)
    qtbot.keyClicks(editor.description_edit, "The checkpoint slows T cells.")
    card = editor.add_quote()
    assert card is not None and card.pending and not doc.edges["e2"].quotes
    qtbot.keyClicks(card.text, BRAKE)
    [quote] = doc.edges["e2"].quotes
    assert (quote.source, quote.text) == ("primer", BRAKE)
    assert locate(quote.text, PRIMER) is not None
    card.check()
    assert not card.warning.isVisible()
    assert "What the sources say (1)" in window.details.toPlainText()
    assert doc.undo_stack.count() == 3  # phrase, description, quote
    assert doc.undo_stack.undoText() == "Add quote"
    window.edits.undo.trigger()
    assert doc.edges["e2"].quotes == []
    assert editor.cards == []
    window.edits.undo.trigger()
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert editor.label_edit.text() == "brakes"
    window.edits.redo.trigger()
    window.edits.redo.trigger()
    window.edits.redo.trigger()
    assert doc.edges["e2"].quotes[0].text == BRAKE
    assert [c.words for c in editor.cards] == [BRAKE]


def test_a_quote_not_in_its_source_is_flagged(qtbot, window) -> None:
    editor = edit(window, "node", "t-cells")
    card = editor.add_quote()
    qtbot.keyClicks(card.text, "T cells are the soldiers of the immune system.")
    qtbot.waitUntil(card.warning.isVisible, timeout=2000)
    assert card.warning.text().startswith("⚠ These words are not in the source.")
    assert "These words are not in the source." in window.details.toPlainText()


def test_quotes_move_and_go_one_step_at_a_time(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "pd-1")
    card = editor.add_quote()
    qtbot.keyClicks(card.text, "CTLA-4 is another immune checkpoint")
    first, second = editor.cards
    assert not first.up.isEnabled() and second.up.isEnabled()
    before = dumps(doc.cmap)
    second.up.click()
    assert doc.nodes["pd-1"].quotes[0].text == "CTLA-4 is another immune checkpoint"
    assert editor.cards[0].words == "CTLA-4 is another immune checkpoint"
    assert doc.undo_stack.undoText() == "Move quote up"
    editor.cards[0].delete.click()
    assert [q.text for q in doc.nodes["pd-1"].quotes] == [BRAKE]
    assert len(editor.cards) == 1
    window.edits.undo.trigger()
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert [c.words for c in editor.cards] == [BRAKE, "CTLA-4 is another immune checkpoint"]


def test_an_edited_quote_keeps_its_place_and_typing_merges(qtbot, window) -> None:
    doc = window.document
    editor = edit(window, "node", "pd-1")
    [card] = editor.cards
    end_of(qtbot, card.text)
    qtbot.keyClicks(card.text, " More")
    assert doc.nodes["pd-1"].quotes[0].text == BRAKE + " More"
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Edit quote"
    qtbot.waitUntil(card.warning.isVisible, timeout=2000)
    window.edits.undo.trigger()
    assert card.words == BRAKE
    assert not card.warning.isVisible()


def test_the_form_follows_another_map(qtbot, window, tmp_path) -> None:
    editor = edit(window, "node", "pd-1")
    window.files.maybe_save = lambda: True
    window.files.new_map()
    assert editor.document_model is window.document
    assert editor.item() is None and editor.empty.isVisibleTo(editor)


# --- adding a quote from the source reader ---------------------------------------------------


def select_in_reader(window: MainWindow, words: str, occurrence_from: int = 0) -> str:
    """Select ``words`` of the source shown in the reader, as a drag of the mouse would."""
    reader = window.reader
    window.reader_dock.show()  # where a person selects them: the reader loads its text when shown
    text = window.document.source_text(reader.source_id)
    start = text.index(words, occurrence_from)
    offsets = utf16_offsets(text)
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(offsets[start])
    cursor.setPosition(offsets[start + len(words)], QTextCursor.MoveMode.KeepAnchor)
    reader.text.setTextCursor(cursor)
    return text


def marked(window: MainWindow) -> list[tuple[str, float]]:
    return [
        (
            " ".join(s.cursor.selectedText().replace("\u2029", " ").split()),
            s.format.background().color().alphaF(),
        )
        for s in window.reader.text.extraSelections()
    ]


def test_selected_words_become_a_quote_of_the_current_concept(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    window.reader_dock.show()
    window.go_to("node", "t-cells")
    action = window.reader.add_quote_action
    assert not action.isEnabled()  # nothing selected yet
    words = "acts as a brake on T-cell activity"
    select_in_reader(window, words)
    assert action.isEnabled()
    assert action.text() == "Add as quote to T cells"
    assert window.reader.add_quote_button.text() == "Add as quote to T cells"
    window.reader.add_quote_button.click()
    [quote] = doc.nodes["t-cells"].quotes
    assert (quote.source, quote.text) == ("primer", words)
    assert locate(quote.text, PRIMER) is not None
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Add quote to T cells"
    assert any(t == words and a > 0.4 for t, a in marked(window))  # at once, strongly
    assert f"“{words}”" in window.details.toPlainText()
    assert "not in the source" not in window.details.toPlainText()
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    qtbot.waitUntil(lambda: all(text != words for text, _ in marked(window)), timeout=2000)
    window.edits.redo.trigger()
    assert doc.nodes["t-cells"].quotes[0].text == words


def test_a_quote_across_a_line_break_is_one_line_and_still_matches(qtbot, window) -> None:
    window.go_to("node", "pd-1")
    text = select_in_reader(window, "T-cell activity.\nPembrolizumab is an antibody")
    assert window.reader.add_selection_as_quote()
    added = window.document.nodes["pd-1"].quotes[-1]
    assert added.text == "T-cell activity. Pembrolizumab is an antibody"
    assert locate(added.text, text) is not None


def test_a_link_can_quote_too_and_the_label_names_it(qtbot, window) -> None:
    window.go_to("edge", "e3")
    select_in_reader(window, "turns off immune responses")
    action = window.reader.add_quote_action
    assert action.text() == "Add as quote to “CTLA-4 — suppresses multiplication of → T cells”"
    action.trigger()
    assert window.document.edges["e3"].quotes[-1].text == "turns off immune responses"
    assert window.document.edges["e3"].quotes[-1].source == "primer"


def test_add_as_quote_needs_a_current_item_and_a_selection(qtbot, window) -> None:
    reader = window.reader
    select_in_reader(window, "immune checkpoint")
    assert not reader.add_quote_action.isEnabled()  # no concept or link is current
    assert reader.add_selection_as_quote() is False
    window.go_to("node", "pd-1")  # the open reader scrolls to PD-1's quotes
    select_in_reader(window, "immune checkpoint")
    assert reader.add_quote_action.isEnabled()
    menu = reader.text.context_menu(QPoint(5, 5))
    assert menu.actions()[0] is reader.add_quote_action
    window.go_to("node", "pd-1")
    select_in_reader(window, BRAKE)
    assert reader.add_selection_as_quote() is False  # it quotes these words already
    assert "already quotes" in reader.status.text()
    assert window.document.undo_stack.count() == 0


def test_the_right_characters_after_an_emoji(qtbot, tmp_path) -> None:
    """Qt counts UTF-16 units, Python code points; the quote must still be the words selected."""
    (tmp_path / "notes.txt").write_text("😀 Emoji first. Then the words 🧬 we want.", "utf-8")
    cmap = ConceptMap(
        sources=[Source(id="notes", title="Notes", file="notes.txt")],
        nodes=[Node(id="a", label="A", x=0, y=0)],
    )
    path = tmp_path / "map.json"
    win = MainWindow(Document(cmap, path))
    qtbot.addWidget(win)
    win.show()
    win.go_to("node", "a")
    select_in_reader(win, "the words 🧬 we")
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as asked:  # three words: quote anyway
        assert win.reader.add_selection_as_quote()
    assert asked.active
    assert win.document.nodes["a"].quotes[0].text == "the words 🧬 we"


def fully_shown(area, widget) -> bool:
    """Whether all of ``widget`` lies inside the scroll area's visible part."""
    top_left = widget.mapTo(area.viewport(), QPoint(0, 0))
    return area.viewport().rect().contains(QRect(top_left, widget.size()))


def test_add_quote_shows_the_box_being_typed_in(qtbot, window) -> None:
    """In a Details dock shorter than the form, "+ Add Quote" (scrolled to and clicked) jumped
    the form back up to the aliases: the new quote's box, which has the keys, was out of sight
    and the words typed went in unseen."""
    window.reader_dock.show()  # the Source dock below Details, as quoting from a source has it
    editor = edit(window, "node", "t-cells")
    qtbot.waitUntil(lambda: editor.verticalScrollBar().maximum() > 0, timeout=10_000)
    button = editor.add_quote_button
    while not fully_shown(editor, button):  # the wheel, down to the Quotes heading
        wheel(editor.viewport(), editor.viewport().rect().center(), -1.0)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [card] = editor.cards
    assert card.text.hasFocus()
    qtbot.waitUntil(lambda: fully_shown(editor, card.text), timeout=10_000)
    qtbot.keyClicks(card.text, "PD-1 is an immune checkpoint")
    qtbot.waitUntil(lambda: len(window.document.nodes["t-cells"].quotes) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: fully_shown(editor, editor.cards[0].text), timeout=10_000)
    assert editor.cards[0].text.hasFocus()
