"""Kinds tell apart for colour-blind readers too: every pair of kind fills differs by at least
MIN_KIND_DIFFERENCE (CIEDE2000) with normal vision and under simulated deuteranopia and
protanopia (Machado et al. 2009, severity 1.0), and each fill's label reads at 4.5:1."""

from __future__ import annotations

import json

import pytest

from mapviewer.colours import (
    AA_TEXT,
    DEUTERANOPIA,
    PROTANOPIA,
    closest_pairs,
    contrast,
    delta_e2000,
    parse,
    simulate,
)
from mapviewer.model import ConceptMap
from mapviewer.palette import KIND_COLOURS, MIN_KIND_DIFFERENCE, PALETTE
from mapviewer.paths import MAPS_DIR
from mapviewer.scene.style import DARK, LIGHT, PROJECTOR_DARK, PROJECTOR_LIGHT, kind_styles, rgb

SHIPPED = sorted(MAPS_DIR.glob("*.json"))
THEMES = [LIGHT, DARK, PROJECTOR_LIGHT, PROJECTOR_DARK]


def test_the_colour_maths_gives_the_published_values() -> None:
    # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7 and 17.
    assert delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    # WCAG: black on white is 21:1; Machado's matrices keep greys grey.
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    for matrix in (DEUTERANOPIA, PROTANOPIA):
        assert simulate((0.5, 0.5, 0.5), matrix) == pytest.approx((0.5, 0.5, 0.5), abs=2e-3)
    # Red and green, told apart by hue alone, nearly merge for a deuteranope.
    red, green = parse("#D62728"), parse("#2CA02C")
    assert delta_e2000(*(_lab_seen(c, DEUTERANOPIA) for c in (red, green))) < 15


def _lab_seen(colour, matrix):
    from mapviewer.colours import lab  # noqa: PLC0415

    return lab(simulate(colour, matrix))


def fills(cmap: ConceptMap, theme) -> dict[str, tuple[float, float, float]]:
    styles = kind_styles(cmap, theme)
    return {kind.id: rgb(styles[kind.id].fill) for kind in cmap.kinds}


def assert_apart(colours: dict[str, tuple[float, float, float]]) -> None:
    closest = closest_pairs(colours)[0]
    assert closest[0] >= MIN_KIND_DIFFERENCE, (
        f"{closest[2]} and {closest[3]} are {closest[0]:.1f} apart ({closest[1] or 'normal'})"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_pair_of_kind_fills_stays_apart_for_colour_blind_readers(path, theme) -> None:
    cmap = ConceptMap.model_validate(json.loads(path.read_text(encoding="utf-8")))
    assert_apart(fills(cmap, theme))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_kinds_label_reads_on_its_fill(path, theme) -> None:
    cmap = ConceptMap.model_validate(json.loads(path.read_text(encoding="utf-8")))
    styles = kind_styles(cmap, theme)
    for kind in cmap.kinds:
        style = styles[kind.id]
        ratio = contrast(rgb(style.text), rgb(style.fill))
        assert ratio >= AA_TEXT, f"{kind.label}: {ratio:.2f}:1 in {theme.name}"
        outline = contrast(rgb(style.border), rgb(theme.canvas))
        assert outline >= 3.0, f"{kind.label}'s outline: {outline:.2f}:1 in {theme.name}"


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_colours_new_kinds_get_stay_apart_and_readable(theme) -> None:
    """A map without colours (an import, a new map) gets PALETTE in order."""
    cmap = ConceptMap.model_validate(
        {"kinds": [{"id": f"k{i}", "label": f"Kind {i}"} for i in range(len(PALETTE))]}
    )
    assert_apart(fills(cmap, theme))
    styles = kind_styles(cmap, theme)
    assert all(contrast(rgb(s.text), rgb(s.fill)) >= AA_TEXT for s in styles.values())


def test_the_shipped_maps_use_the_designed_kind_colours() -> None:
    for path in SHIPPED:
        cmap = ConceptMap.model_validate(json.loads(path.read_text(encoding="utf-8")))
        for kind in cmap.kinds:
            if kind.id in KIND_COLOURS:
                assert (kind.color or "").upper() == KIND_COLOURS[kind.id], (path.name, kind.id)
    assert_apart({name: parse(colour) for name, colour in KIND_COLOURS.items()})
