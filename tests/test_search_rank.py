"""What the find field lists on the default map, typed as a person types: an acronym finds the
concept it stands for first, and letters that merely occur inside other words ("tme" in
"treaTMEnt") are not listed as if they matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from mapviewer.paths import DEFAULT_MAP

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP


def listed(qtbot, window: MainWindow, text: str) -> list[str]:
    """Ctrl+F, type ``text`` key by key, and read the suggestions the list shows."""
    field = window.search_field
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    qtbot.keyClicks(field, text)
    suggestions = field._suggestions
    assert suggestions is not None
    model = suggestions.model
    return [model.item(row).text() for row in range(model.rowCount())]


def test_tme_lists_the_tumour_microenvironment_first_and_no_treatment(qtbot, window) -> None:
    rows = listed(qtbot, window, "TME")
    assert rows[0] == "Tumour microenvironment"
    assert not [r for r in rows if "treatment" in r.casefold()], rows
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.scene.current == ("node", "tumour-microenvironment")


@pytest.mark.parametrize(
    ("typed", "first", "never"),
    [
        # Initials of the label, though the concept's aliases spell no such acronym.
        ("ACT", "Adoptive cell therapy", ()),
        # "ici" sits inside "vICInity" (an alias of the tumour microenvironment).
        ("ICI", "Immune checkpoint inhibitors", ("Tumour microenvironment",)),
        # "dc" runs across "blooD Cancers" and sits inside "CDC".
        ("DC", "Dendritic cells", ("Blood cancers", "CDC", "Informed consent")),
    ],
)
def test_acronyms_rank_above_letters_inside_words(qtbot, window, typed, first, never) -> None:
    rows = listed(qtbot, window, typed)
    assert rows[0] == first, rows
    assert not set(rows) & set(never), rows


def test_a_piece_of_a_long_word_is_still_found(qtbot, window) -> None:
    """Five letters inside a word mean something: "lizumab" lists the -lizumab drugs."""
    rows = listed(qtbot, window, "lizumab")
    assert {"Pembrolizumab", "Atezolizumab"} <= set(rows[:4]), rows
