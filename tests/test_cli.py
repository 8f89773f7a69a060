"""The command line as a script or a person uses it: exit codes, messages, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from mapviewer.io.mapfile import load
from mapviewer.model import json_schema

from .conftest import DATA, INTEROP, REPO, needs_shared, run_mapviewer

SAMPLE = DATA / "sample.json"
run = run_mapviewer


def test_validate_accepts_good_maps() -> None:
    done = run("validate", str(SAMPLE), "maps/immunotherapy.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_validate_prints_one_line_per_problem_and_fails(tmp_path: Path) -> None:
    syntax = tmp_path / "syntax.json"
    syntax.write_text('{"format": "mapviewer-map",\n "nodes": [}', encoding="utf-8")
    refs = tmp_path / "refs.json"
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["nodes"][1]["kind"] = "drugg"
    data["edges"][0]["target"] = "nobody"
    refs.write_text(json.dumps(data), encoding="utf-8")
    done = run("validate", str(SAMPLE), str(syntax), str(refs))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{syntax}:2:12: invalid JSON: no valid value here (is the file cut short?)",
        f"{refs}: nodes[id=pd-1].kind: unknown kind 'drugg' (kinds: checkpoint, drug, immune-cell)",
        f"{refs}: edges[id=e1].target: link target 'nobody' is not a concept in this map",
    ]
    assert "3 file(s) checked, 2 with problems" in done.stderr


def test_validate_never_shows_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "photo.json"
    binary.write_bytes(bytes(range(256)))
    done = run("validate", str(binary), str(tmp_path / "missing.json"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert f"{tmp_path / 'missing.json'}: no such file" in done.stdout


def test_convert_to_gephis_gexf_and_back(tmp_path: Path) -> None:
    """It said "cannot save as .gexf"; now the map goes out to Gephi and comes back whole."""
    out, back = tmp_path / "checkpoints.gexf", tmp_path / "back.json"
    done = run("convert", "maps/checkpoints.json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    original = load("maps/checkpoints.json")
    said = f"{out}: {len(original.nodes)} concepts, {len(original.edges)} links"
    assert said in done.stderr
    assert b'xmlns="http://gexf.net/1.3"' in out.read_bytes()[:200]
    done = run("convert", str(out), str(back))
    assert done.returncode == 0, done.stdout + done.stderr
    again = load(back)
    again.nodes.sort(key=lambda n: n.id)
    original.nodes.sort(key=lambda n: n.id)
    # The same texts, each named from where its map is (an export elsewhere had lost them).
    for cmap, folder in ((again, tmp_path), (original, REPO / "maps")):
        for source in cmap.sources:
            source.file = str((folder / (source.file or "")).resolve())
    assert again.model_dump() == original.model_dump()


def test_convert_counts_concepts_as_the_window_does(tmp_path: Path) -> None:
    """A theme frame is no concept to a reader: convert said "174 concepts" of the default map,
    whose window says 161 concepts and 13 groups; layout said "174 concepts placed"."""
    out = tmp_path / "map.graphml"
    done = run("convert", "maps/immunotherapy.json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{out}: 161 concepts, 13 groups, 299 links" in done.stderr


def test_schema_prints_the_json_schema() -> None:
    done = run("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout) == json_schema()


def test_render_writes_png_svg_and_pdf(tmp_path: Path) -> None:
    png, svg, pdf = tmp_path / "map.png", tmp_path / "map.svg", tmp_path / "map.pdf"
    for out in (png, svg, pdf):
        done = run("render", str(SAMPLE), "-o", str(out))
        assert done.returncode == 0, done.stderr
    image = QImage(str(png))
    assert image.width() > 800 and image.height() > 300
    # The canvas colour at a corner, a concept's fill somewhere in the middle: not blank.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)
    }
    assert len(colours) > 10
    assert "Pembrolizumab" in svg.read_text(encoding="utf-8") or "<path" in svg.read_text()
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_svg_names_the_font_its_text_was_measured_in_and_a_generic_one(
    qapp, tmp_path: Path
) -> None:
    """The SVG said font-family="Sans Serif", a name only fontconfig knows: a browser or
    Inkscape drew the labels in its default serif, wider or narrower than their boxes."""
    import re  # noqa: PLC0415

    from PySide6.QtGui import QFont, QFontInfo  # noqa: PLC0415

    svg = tmp_path / "map.svg"
    done = run("render", str(SAMPLE), "-o", str(svg))
    assert done.returncode == 0, done.stderr
    families = set(re.findall(r'font-family="([^"]*)"', svg.read_text(encoding="utf-8")))
    real = QFontInfo(QFont()).family()
    assert families == {f"'{real}', sans-serif"}


def test_render_width_sets_the_image_width(tmp_path: Path) -> None:
    out = tmp_path / "small.png"
    assert run("render", str(SAMPLE), "-o", str(out), "--width", "640").returncode == 0
    assert QImage(str(out)).width() == 640


def test_render_refuses_unknown_types_and_bad_maps(tmp_path: Path) -> None:
    done = run("render", str(SAMPLE), "-o", str(tmp_path / "map.bmp"))
    assert done.returncode == 1
    assert "unknown image type '.bmp'" in done.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    done = run("render", str(bad), "-o", str(tmp_path / "x.png"))
    assert done.returncode == 1 and f"{bad}:1:2: invalid JSON" in done.stderr
    assert "Traceback" not in done.stderr


def test_python_dash_m_and_console_script_agree() -> None:
    script = Path(sys.executable).parent / "mapviewer"
    done = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert "validate" in done.stdout and run("--help").stdout == done.stdout


@needs_shared(INTEROP / "jgf" / "car-graphs-multi.json")
def test_render_of_a_file_with_several_graphs_says_which_it_drew(tmp_path: Path) -> None:
    """`render` silently drew the first graph of a JGF file with several; now it says so, as
    `convert` does, and draws another with --graph."""
    source = INTEROP / "jgf" / "car-graphs-multi.json"
    first = run_mapviewer("render", str(source), "-o", str(tmp_path / "a.png"), "--width", "400")
    assert first.returncode == 0, first.stderr
    assert "holds 2 graphs; drew the first. Choose with --graph:" in first.stderr
    chosen = "car-manufacturer-countries"
    second = run_mapviewer(
        "render", str(source), "-o", str(tmp_path / "b.png"), "--width", "400", "--graph", chosen
    )
    assert second.returncode == 0, second.stderr
    assert "holds 2 graphs" not in second.stderr
    assert (tmp_path / "a.png").read_bytes() != (tmp_path / "b.png").read_bytes()
