"""The presenter view as a lecturer rehearses with it: previews that fill the window, the
presentation beside it on one screen (where the notes get the room a preview of this step would
only repeat), and Esc on the help card closing only the card."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QColorDialog

from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.present.presenterview import PresenterView, fit_16_9, side_by_side

from .test_presentation import make_document, present

# A speaker's note of the usual length: the immunotherapy tour's step 2, the longest it has.
NOTE = (
    "PD-1 sits on the surface of T cells. An immune checkpoint is a normal part of the immune "
    "system: it switches T-cell activation off once a response is no longer needed.\nWhy have "
    "brakes at all? PD-1 normally stops the immune system from attacking the body's own "
    "tissues (autoimmunity). The end of the tour comes back to this.\nUse the car picture "
    "throughout: checkpoints are the brakes."
)


def rehearse(qtbot) -> tuple[MainWindow, PresenterView]:
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.show()
    window.tours.act_presenter.trigger()  # one screen here: the rehearsal on one screen
    presenter = window.tours.runner.presenter
    assert presenter is not None
    qtbot.waitExposed(presenter)
    return window, presenter


def settled(presenter: PresenterView) -> bool:
    """Both previews drawn at the size they are shown."""
    return all(
        not p.image().isNull() and p.image().size() == p.slide_rect().size()
        for p in (presenter.current, presenter.next)
    )


def test_on_a_second_screen_previews_grow_and_shrink_with_the_window(qtbot, monkeypatch) -> None:
    # The lecturer's laptop and the hall's projector: this step is shown here too.
    monkeypatch.setattr(PresenterView, "beside_presentation", lambda self: False)
    window, presenter = rehearse(qtbot)
    assert presenter.current.isVisible()
    presenter.resize(1920, 1080)
    qtbot.waitUntil(
        lambda: settled(presenter) and presenter.current.image().width() > 900, timeout=10000
    )
    big, following = presenter.current.image().size(), presenter.next.image().size()
    # The slide now fills most of its column instead of leaving two-thirds of the window empty.
    assert big.width() >= 0.5 * presenter.width()
    assert following.width() >= 0.3 * presenter.width()
    for size in (big, following):
        assert abs(size.width() / size.height() - 16 / 9) < 0.02  # the hall's screen shape
    presenter.resize(900, 560)
    qtbot.waitUntil(
        lambda: settled(presenter) and presenter.current.image().width() < 600, timeout=10000
    )
    assert presenter.current.image().width() < big.width()
    assert presenter.current.slide_rect().right() <= presenter.current.width()
    assert presenter.current.slide_rect().bottom() <= presenter.current.height()
    qtbot.keyClick(presenter, Qt.Key.Key_End)  # the last step: nothing comes next
    assert presenter.next.image().isNull() and not presenter.current.image().isNull()
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.tours.runner.presenter is None, timeout=10000)


def test_on_one_screen_the_two_windows_sit_side_by_side_and_fit(qtbot) -> None:
    window, presenter = rehearse(qtbot)
    shown = window.tours.runner.presentation
    assert shown is not None and not shown.isFullScreen()
    room = presenter.screen().availableGeometry()
    a, b = shown.frameGeometry(), presenter.frameGeometry()
    assert room.contains(a) and room.contains(b)
    assert not a.intersects(b)  # neither hides the other
    assert a.right() < b.left()  # the hall's view on the left, the lecturer's on the right
    assert a.width() + b.width() >= room.width() - 2  # together they use the screen's width
    assert b.height() >= room.height() - 2
    assert abs(shown.height() - shown.width() * 9 / 16) <= 2  # the hall's screen shape


def test_on_a_small_laptop_the_title_is_whole_and_the_notes_have_the_room(qtbot) -> None:
    """Rehearsing at 1024x768 the title read "Releasin…", the notes were a 262 px column that
    scrolled, and a "Now" slide repeated the presentation beside it."""
    document = make_document()
    document.cmap.tours[0].title = "Releasing the brakes: how checkpoint inhibitors work"
    document.cmap.tours[0].steps[0].notes = NOTE
    window = MainWindow(document)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5, Qt.KeyboardModifier.AltModifier)
    presenter = window.tours.runner.presenter
    assert presenter is not None
    qtbot.waitExposed(presenter)
    _, room = side_by_side(QRect(0, 0, 1024, 768), presenter.minimumSizeHint().width())
    presenter.setGeometry(room)  # where it goes on a 1024x768 laptop: 510 px wide
    qtbot.waitUntil(lambda: presenter.width() == room.width(), timeout=10000)
    qtbot.waitUntil(lambda: not presenter.next.image().isNull(), timeout=10000)

    title = presenter.title
    box = title.contentsRect()
    needed = QFontMetrics(title.font()).boundingRect(
        QRect(0, 0, box.width(), 100000), Qt.TextFlag.TextWordWrap, title.text()
    )
    assert title.text() == "Releasing the brakes: how checkpoint inhibitors work"
    assert needed.width() <= box.width() and needed.height() <= box.height()  # every word shown

    assert not presenter.current.isVisible()  # the presentation beside it is this step
    assert presenter.next.isVisible() and presenter.next.slide_rect().width() >= 300
    notes = presenter.notes
    assert notes.toPlainText() == NOTE
    assert notes.width() >= 0.9 * presenter.width()
    assert not notes.verticalScrollBar().isVisible()  # read whole, without scrolling
    assert presenter.notes.geometry().bottom() < presenter.height()

    qtbot.keyClick(presenter, Qt.Key.Key_End)  # the last step: nothing comes next
    assert presenter.next.image().isNull() and presenter.count.text() == "Step 4 of 4"
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.tours.runner.presenter is None, timeout=10000)


def test_side_by_side_fits_common_screens() -> None:
    for room in (QRect(0, 0, 1920, 1080), QRect(0, 0, 1280, 720), QRect(0, 32, 1366, 736)):
        shown, notes = side_by_side(room)
        assert room.contains(shown) and room.contains(notes) and not shown.intersects(notes)
        assert shown.width() + notes.width() == room.width()
        assert abs(shown.height() - shown.width() * 9 / 16) <= 2  # the hall's screen shape
    assert fit_16_9(QSize(1000, 300)) == QRect(233, 0, 533, 300)
    assert fit_16_9(QSize(320, 900)) == QRect(0, 0, 320, 180)


def test_escape_on_the_help_card_closes_only_the_card(qtbot) -> None:
    window = present(qtbot, make_document())
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_shown
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.help_shown and window.isVisible() and window.index == 1
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # without the card, Esc ends the presentation
    assert not window.isVisible()


def test_escape_on_the_help_card_from_the_presenter_view(qtbot) -> None:
    window, presenter = rehearse(qtbot)
    shown = window.tours.runner.presentation
    assert shown is not None
    qtbot.keyClick(presenter, Qt.Key.Key_F1)
    assert shown.help_shown
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert not shown.help_shown and window.tours.runner.presentation is shown
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert window.tours.runner.presentation is None


def test_clicker_keys_step_the_show_after_a_click_into_the_notes(qtbot) -> None:
    """A lecturer clicks into the notes to scroll them, then presses the clicker: the keys step
    the show instead of moving the notes' cursor (it stayed at "Step 1 of 4")."""
    window = MainWindow(make_document())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5, Qt.KeyboardModifier.AltModifier)
    presenter = window.tours.runner.presenter
    shown = window.tours.runner.presentation
    assert presenter is not None and shown is not None
    qtbot.waitExposed(presenter)
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow, timeout=10000)
    notes = presenter.notes
    assert notes.toPlainText() == "Ask who has heard of PD-1."
    QTest.mouseClick(notes.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 10))
    qtbot.waitUntil(notes.hasFocus, timeout=10000)

    def press(key: Qt.Key) -> str:
        focused = QApplication.focusWidget()
        assert focused is notes  # the notes keep the focus: each key goes to them first
        qtbot.keyClick(focused, key)
        return presenter.count.text()

    assert press(Qt.Key.Key_Right) == "Step 2 of 4"
    assert press(Qt.Key.Key_PageDown) == "Step 3 of 4"
    assert press(Qt.Key.Key_Space) == "Step 4 of 4"
    assert shown.index == 3  # the show itself, not only the presenter view's count
    assert press(Qt.Key.Key_Up) == "Step 3 of 4"
    assert press(Qt.Key.Key_Left) == "Step 2 of 4"
    assert press(Qt.Key.Key_Down) == "Step 3 of 4"
    assert press(Qt.Key.Key_PageUp) == "Step 2 of 4"
    assert press(Qt.Key.Key_Home) == "Step 1 of 4"
    assert press(Qt.Key.Key_End) == "Step 4 of 4"
    assert press(Qt.Key.Key_Backspace) == "Step 3 of 4"
    assert press(Qt.Key.Key_Return) == "Step 4 of 4"
    assert press(Qt.Key.Key_Home) == "Step 1 of 4"
    assert press(Qt.Key.Key_Enter) == "Step 2 of 4"
    assert shown.index == 1
    # The notes are still text to select and copy: a double click takes a word, Ctrl+C copies it.
    qtbot.keyClick(notes, Qt.Key.Key_Home)  # back to the step with notes
    assert notes.toPlainText() == "Ask who has heard of PD-1."
    QTest.mouseDClick(notes.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert notes.textCursor().selectedText() == "Ask"
    qtbot.keyClick(notes, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "Ask"
    assert presenter.count.text() == "Step 1 of 4"


def test_a_page_colour_chosen_while_rehearsing_reaches_the_previews(qtbot, monkeypatch) -> None:
    """The previews drew the page the show started on, whatever Map > Page Colour… chose."""
    monkeypatch.setattr(PresenterView, "beside_presentation", lambda self: False)
    window, presenter = rehearse(qtbot)
    presenter.resize(1280, 720)
    qtbot.waitUntil(lambda: settled(presenter), timeout=10_000)

    def pages() -> set[str]:
        return {
            p.image().pixelColor(3, 3).name().upper() for p in (presenter.current, presenter.next)
        }

    assert pages() != {"#1B2A41"}
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *_: QColor("#1B2A41")))
    bar = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Map" and a.menu())
    next(a for a in bar.actions() if a.text() == "Page C&olour…").trigger()
    qtbot.waitUntil(lambda: settled(presenter) and pages() == {"#1B2A41"}, timeout=10_000)
    QTest.keyClick(window.tours.runner.presentation, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.tours.runner.presentation is None, timeout=10_000)
