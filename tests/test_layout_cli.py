"""`mapviewer layout FILE -o OUT`: headless like dot, written as Save writes, clear on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.io.mapfile import load
from mapviewer.sides import facing

from .conftest import DATA, INTEROP, needs_shared, run_mapviewer

SAMPLE = DATA / "sample.json"


def run(*args: str):
    return run_mapviewer("layout", *args)


@pytest.mark.parametrize("method", ["layered", "organic"])
def test_writes_the_map_with_new_positions_and_nothing_else_changed(tmp_path, method) -> None:
    out = tmp_path / "out.json"
    done = run(str(SAMPLE), "-o", str(out), "--method", method)
    assert done.returncode == 0, done.stderr
    assert "5 concepts placed" in done.stderr
    before, after = load(SAMPLE), load(out)
    moved = [
        n.id for n, m in zip(before.nodes, after.nodes, strict=True) if (n.x, n.y) != (m.x, m.y)
    ]
    assert moved
    for node in after.nodes:
        node.x, node.y = next((n.x, n.y) for n in before.nodes if n.id == node.id)
    # Written into another folder, its sources name the same texts from there.
    for cmap, folder in ((after, out.parent), (before, SAMPLE.parent)):
        for source in cmap.sources:
            source.file = str((folder / (source.file or "")).resolve())
    assert after == before  # only positions changed
    again = tmp_path / "again.json"
    assert run(str(SAMPLE), "-o", str(again), "--method", method).returncode == 0
    assert again.read_bytes() == out.read_bytes()  # the same input lays out the same


def test_layered_is_the_default(tmp_path) -> None:
    default, layered = tmp_path / "d.json", tmp_path / "l.json"
    assert run(str(SAMPLE), "-o", str(default)).returncode == 0
    assert run(str(SAMPLE), "-o", str(layered), "--method", "layered").returncode == 0
    assert default.read_bytes() == layered.read_bytes()


def test_bad_input_exits_1_with_a_sentence(tmp_path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    done = run(str(broken), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 1
    assert "broken.json" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.json").exists()
    missing = run(str(tmp_path / "missing.json"), "-o", str(tmp_path / "out.json"))
    assert missing.returncode == 1
    assert "missing.json" in missing.stderr


def test_an_output_it_cannot_write_exits_1(tmp_path) -> None:
    done = run(str(SAMPLE), "-o", str(tmp_path / "out.xyz"))
    assert done.returncode == 1
    assert "cannot save as .xyz" in done.stderr
    folder = tmp_path / "no" / "such" / "folder" / "out.json"
    done = run(str(SAMPLE), "-o", str(folder))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


def test_usage_mistakes_exit_2(tmp_path) -> None:
    done = run(str(SAMPLE), "-o", str(tmp_path / "o.json"), "--method", "spring")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr
    assert run(str(SAMPLE)).returncode == 2  # no -o
    assert not list(Path(tmp_path).iterdir())


@pytest.mark.parametrize("method", ["layered", "organic"])
def test_a_layout_keeps_each_group_together_with_no_stranger_inside(tmp_path, method) -> None:
    """The layouts see a group as one more box; afterwards its members sit together and no
    concept outside the group lies within the box around them."""
    out = tmp_path / "out.json"
    done = run(str(DATA / "groups.json"), "-o", str(out), "--method", method)
    assert done.returncode == 0, done.stderr
    cmap = load(out)
    nodes = cmap.node_by_id()
    members = {"pd1", "ctla4", "pdl1", "pdl2"}  # checkpoints' members, ligands' nested in it
    xs = [nodes[m].x or 0.0 for m in members]
    ys = [nodes[m].y or 0.0 for m in members]
    inside = [
        n.id
        for n in cmap.nodes
        if n.id not in members | {"checkpoints", "ligands"}
        and min(xs) <= (n.x or 0.0) <= max(xs)
        and min(ys) <= (n.y or 0.0) <= max(ys)
    ]
    assert inside == []


@needs_shared(INTEROP)
@pytest.mark.parametrize("method", ["layered", "organic", "tidy"])
def test_links_sharing_two_concepts_and_a_loop_do_not_blow_the_map_apart(tmp_path, method) -> None:
    """A yEd diagram of 10 concepts with six pairs of links between the same two concepts and
    a link from a concept to itself, all with phrases: layered came out 18,000 units wide,
    organic 4.9 million and tidy 20,000 (phrases modelled at their link's middle sat on each
    other, or on their own box, whatever the distance; the map was spread again and again).
    A user saw a blank canvas that Fit could not bring back."""
    source = INTEROP / "graphml/scibot-architecture.graphml"
    out = tmp_path / "out.json"
    done = run(str(source), "-o", str(out), "--method", method)
    assert done.returncode == 0, done.stderr
    nodes = load(out).nodes
    xs = [n.x for n in nodes if n.x is not None]
    ys = [n.y for n in nodes if n.y is not None]
    assert len(xs) == 10
    assert max(xs) - min(xs) < 3000 and max(ys) - min(ys) < 3000


@needs_shared(INTEROP / "canvas" / "stardust-install-process.canvas")
def test_a_canvas_laid_out_keeps_its_links_on_the_sides_facing_each_other(tmp_path) -> None:
    """As Map > Automatic Layout does: a link anchored to sides takes the sides that face each
    other where its concepts now are, written back as the canvas's fromSide and toSide."""
    out = tmp_path / "flow.canvas"
    source = INTEROP / "canvas" / "stardust-install-process.canvas"
    done = run(str(source), "-o", str(out), "--method", "organic")
    assert done.returncode == 0, done.stderr
    canvas = json.loads(out.read_text(encoding="utf-8"))
    cards = {c["id"]: (c["x"] + c["width"] / 2, c["y"] + c["height"] / 2) for c in canvas["nodes"]}
    for edge in canvas["edges"]:
        here = (cards[edge["fromNode"]], cards[edge["toNode"]])
        assert (edge["fromSide"], edge["toSide"]) == facing(*here), edge.get("label")
