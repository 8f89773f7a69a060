"""Quotes that begin mid-thought (issue 16, item 7): about 30 quotes of the immunotherapy map
open with "It…", "These drugs…" or in the middle of a sentence, and read alone in the Details
pane they do not say what they are about. The pane puts the source's preceding words before
such a quote, faint and upright, outside the quotation marks, so it stands alone.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtTest import QTest

from mapviewer.quotes import begins_mid_thought, lead_in
from mapviewer.ui.mainwindow import MainWindow

from .conftest import REPO, open_window

PD_L1 = "It is a protein that is normally found on immune cells called macrophages."
BEFORE = "One 'off switch' is called programmed death ligand 1 (PD-L1)."


@pytest.mark.parametrize(
    ("quote", "mid"),
    [
        ("It is a protein.", True),
        ("These drugs can cause inflammation.", True),
        ("But immune-based therapy can cause its own side effects.", True),
        ("after a while, the cancer cells that are left", True),
        ("mRNA vaccines teach cells to make a protein.", False),
        ("Pembrolizumab blocks PD-1.", False),
        ("“It works,” she said.", True),
    ],
)
def test_which_quotes_begin_mid_thought(quote: str, mid: bool) -> None:
    assert begins_mid_thought(quote) is mid


def test_the_lead_in_is_the_sentence_before_or_the_start_of_the_quotes_own() -> None:
    text = (
        "Cancer Immunotherapy\n\nSome drugs, e.g. pembrolizumab, were approved in the U.S. "
        "first.[21](#) It has since been approved for **more** cancers. The cells that are "
        "left, after a while, have fewer targets."
    )
    assert lead_in("It has since been approved", text) == (
        "Some drugs, e.g. pembrolizumab, were approved in the U.S. first."
    )
    assert lead_in("after a while, have fewer targets.", text) == "The cells that are left,"
    assert lead_in("Some drugs, e.g.", text) == ""  # stands alone
    assert lead_in("It is not in the text.", text) == ""
    assert lead_in("Cancer Immunotherapy", "Cancer Immunotherapy") == ""


def test_a_long_sentence_before_keeps_its_end() -> None:
    text = "Words " * 200 + "end here. It follows."
    words = lead_in("It follows.", text)
    assert words.startswith("…") and words.endswith("end here.") and len(words) <= 321


def _formats(window: MainWindow) -> dict[str, QTextCharFormat]:
    """Each run of text on the Details page with its format."""
    found: dict[str, QTextCharFormat] = {}
    block = window.details.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            found[fragment.text()] = fragment.charFormat()
            it += 1
        block = block.next()
    return found


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _flatten(colour: QColor, base: QColor) -> QColor:
    """What a translucent colour looks like over ``base``."""
    alpha = colour.alphaF()
    pairs = zip(colour.getRgbF()[:3], base.getRgbF()[:3], strict=True)
    return QColor.fromRgbF(*(c * alpha + b * (1 - alpha) for c, b in pairs))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_clicking_a_concept_shows_its_quote_after_the_words_before_it(qtbot, theme: str) -> None:
    window = open_window(qtbot, REPO / "maps" / "immunotherapy.json")
    window.themes.choose(theme)
    scene = window.view.map_scene()
    item = scene.node_items["macrophages"]
    window.view.fly_to(QPointF(item.cx, item.cy), 1.0, animate=False)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    where = window.view.mapFromScene(QPointF(item.cx, item.cy))
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.details.current == ("node", "macrophages"), timeout=10_000)
    page = window.details.toPlainText()
    assert f"{BEFORE} “{PD_L1}”" in page
    _check_faint_but_readable(window)
    # Switching the theme with the page open keeps the words readable on the new page colour.
    window.themes.choose("dark" if theme == "light" else "light")
    qtbot.waitUntil(lambda: f"{BEFORE} " in _formats(window), timeout=10_000)
    _check_faint_but_readable(window)


def _check_faint_but_readable(window: MainWindow) -> None:
    formats = _formats(window)
    lead, quote = formats[f"{BEFORE} "], formats[f"“{PD_L1}”"]
    assert quote.fontItalic() and not lead.fontItalic()
    base = window.details.palette().color(QPalette.ColorRole.Base)
    text = window.details.palette().color(QPalette.ColorRole.Text)
    faint = _flatten(lead.foreground().color(), base)
    assert _contrast(faint, base) < _contrast(text, base)  # fainter than the quote...
    assert _contrast(faint, base) >= 3.0  # ...and still readable on this theme's page
