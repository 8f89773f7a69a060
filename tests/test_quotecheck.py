"""`mapviewer check`: the summary counts every quote it checks, tour steps included."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io.mapfile import save
from mapviewer.model import ConceptMap, Node, Quote, Source, Tour, TourStep
from mapviewer.quotecheck import check_files

TEXT = "Checkpoint inhibitors release the brakes on T cells. Responses can be durable."


def _map_with_stale_tour_quotes(folder: Path) -> Path:
    (folder / "paper.txt").write_text(TEXT, encoding="utf-8")
    good = Quote(source="paper", text="release the brakes on T cells")
    stale = [Quote(source="paper", text=f"words the paper never said, number {i}") for i in (1, 2)]
    cmap = ConceptMap(
        title="Quotes",
        sources=[Source(id="paper", title="A paper", file="paper.txt")],
        nodes=[Node(id="ci", label="Checkpoint inhibitors", quotes=[good])],
        tours=[
            Tour(
                id="intro",
                title="Intro",
                steps=[TourStep(title=f"Step {i}", quote=q) for i, q in enumerate(stale)],
            )
        ],
    )
    path = folder / "quotes.json"
    save(cmap, path)
    return path


def test_summary_counts_tour_step_quotes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _map_with_stale_tour_quotes(tmp_path)
    assert check_files([path]) == 1
    out, err = capsys.readouterr()
    assert out.count("quote no longer matches source 'paper'") == 2
    # Steps count from 1, as the Tours dock numbers them: the second is "step 2".
    assert "tours[id=intro] step 2 quote: quote no longer matches" in out
    assert "step 0" not in out
    assert f"{path}: 1 of 3 quotes match their sources" in err
