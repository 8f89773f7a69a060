"""Malformed and hostile files: each refused with a clear MapFileError within a second, and no
import ever opens a socket (sockets raise for the whole module).

Also a small seeded mutation fuzz over the hand-made fixtures: whatever the bytes, the only
acceptable outcomes are a map or MapFileError, quickly.
"""

from __future__ import annotations

import random
import socket
import time
from pathlib import Path

import pytest

from mapviewer.io import jsonsafe
from mapviewer.io.convert import convert
from mapviewer.io.registry import open_map
from mapviewer.problems import MapFileError

from ..conftest import DATA

INTEROP = DATA / "interop"
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<ROOT>&lol9;</ROOT>\n"
)
QUADRATIC = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "'
    + "x" * 50_000
    + '">]>\n<ROOT>'
    + "&a;" * 50_000
    + "</ROOT>\n"
)
EXTERNAL_FILE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<ROOT>&x;</ROOT>\n'
EXTERNAL_HTTP = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n'
    "<ROOT>&x;</ROOT>\n"
)
EXTERNAL_DTD = '<?xml version="1.0"?>\n<!DOCTYPE ROOT SYSTEM "http://127.0.0.1:9/x.dtd">\n<ROOT/>\n'
ROOTS = {".cxl": "cmap", ".graphml": "graphml", ".gexf": "gexf", ".xml": "graphml"}
JSON_SUFFIXES = (".json", ".cyjs", ".canvas", ".jgf", ".mvmap")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an import tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def refused(path: Path, *expected: str) -> MapFileError:
    started = time.perf_counter()
    with pytest.raises(MapFileError) as caught:
        open_map(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{path.name} took {elapsed:.2f} s"
    text = str(caught.value)
    assert text.startswith(str(path)), text  # the problem names the file
    assert "Traceback" not in text
    for part in expected:
        assert part in text, text
    return caught.value


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("suffix", sorted(ROOTS))
@pytest.mark.parametrize(
    ("attack", "content"),
    [
        ("billion-laughs", LAUGHS),
        ("quadratic-blowup", QUADRATIC),
        ("external-file", EXTERNAL_FILE),
        ("external-http", EXTERNAL_HTTP),
        ("external-dtd", EXTERNAL_DTD),
    ],
)
def test_xml_attacks_are_refused(tmp_path: Path, suffix: str, attack: str, content: str) -> None:
    content = content.replace("ROOT", ROOTS[suffix])
    refused(write(tmp_path, f"{attack}{suffix}", content), "refused: the file declares a DTD")


@pytest.mark.parametrize("suffix", [".cxl", ".graphml", ".gexf"])
def test_truncated_xml(tmp_path: Path, suffix: str) -> None:
    text = (
        INTEROP
        / {".cxl": "small.cxl", ".graphml": "yed-small.graphml", ".gexf": "small-13.gexf"}[suffix]
    ).read_text(encoding="utf-8")
    path = write(tmp_path, f"cut{suffix}", text[: len(text) // 2])
    error = refused(path, "not well-formed XML")
    assert error.problems[0].line is not None  # with the line where it broke off


@pytest.mark.parametrize("suffix", JSON_SUFFIXES)
def test_truncated_json(tmp_path: Path, suffix: str) -> None:
    text = (INTEROP / "small.cyjs").read_text(encoding="utf-8")
    refused(write(tmp_path, f"cut{suffix}", text[: len(text) // 2]), "invalid JSON", ":")


@pytest.mark.parametrize("suffix", [*JSON_SUFFIXES, ".cxl", ".graphml", ".gexf", ".xml"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    refused(write(tmp_path, f"empty{suffix}", ""), "empty")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.graphml", b"\x89PNG\r\n\x1a\n\x00\x00", "1:1: not UTF-8 text (byte 0x89)"),
        (
            "gexf-inside.graphml",
            (INTEROP / "small-13.gexf").read_bytes(),
            "not a GraphML file: root <gexf>",
        ),
        (
            "graphml-inside.cxl",
            (INTEROP / "plain-small.graphml").read_bytes(),
            "not a CmapTools CXL file: root <graphml>",
        ),
        ("json-inside.cxl", b'{"nodes": []}', "not XML: the file holds JSON"),
        ("xml-inside.canvas", (INTEROP / "small.cxl").read_bytes(), "not JSON: the file holds XML"),
        ("xml-inside.cyjs", b"<graphml/>", "not JSON: the file holds XML"),
        ("canvas-inside.cyjs", (INTEROP / "small.canvas").read_bytes(), "not Cytoscape JSON"),
        ("cyjs-inside.canvas", (INTEROP / "small.cyjs").read_bytes(), "not a JSON Canvas file"),
        ("number.json", b"42", "found a JSON int"),
        ("page.html", b"<!DOCTYPE html><html></html>", "exports web pages but cannot open"),
        ("string.canvas", b'"nodes"', "not a JSON Canvas file"),
        ("array.cyjs", b"[1, 2, 3]", "not Cytoscape JSON"),
        ("list.jgf", b"[]", "not a JSON Graph Format file"),
        ("unknown.xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "with <svg>: not GraphML"),
        ("unknown.json", b'{"hello": "world"}', "found a JSON object with keys hello"),
        (
            "bad-utf8.graphml",
            b'<graphml><graph><node id="\xff"/></graph></graphml>',
            "not UTF-8 text (byte 0xff)",
        ),
        ("bad-utf8.cyjs", b'{"elements": ["\xfe"]}', "not UTF-8 text (byte 0xfe)"),
        ("duplicate.cyjs", b'{"elements": [], "elements": []}', 'duplicate key "elements"'),
        (
            "nan.canvas",
            b'{"nodes": [{"id": "a", "type": "text", "x": NaN}], "edges": []}',
            "NaN is not a number JSON allows",
        ),
        ("directory-like.gexf", b"<gexf><meta/></gexf>", "not a GEXF file: root <gexf> has no"),
    ],
)
def test_not_what_the_extension_says(tmp_path: Path, name: str, content: bytes, message: str):
    refused(write(tmp_path, name, content), message)


@pytest.mark.parametrize("suffix", JSON_SUFFIXES)
def test_json_nested_100000_deep(tmp_path: Path, suffix: str) -> None:
    body = "[" * 100_000 + "]" * 100_000
    refused(write(tmp_path, f"deep{suffix}", '{"elements": ' + body + "}"), "nested too deeply")


def test_xml_nested_100000_deep(tmp_path: Path) -> None:
    body = "<a>" * 100_000 + "</a>" * 100_000
    refused(write(tmp_path, "deep.graphml", f"<graphml>{body}</graphml>"), "has no <graph>")


def test_attribute_values_nested_past_the_limit(tmp_path: Path) -> None:
    deep = "[" * 200 + "]" * 200
    text = '{"elements": [{"data": {"id": "a", "x": ' + deep + "}}]}"
    refused(write(tmp_path, "deep-data.cyjs", text), "nested more than 64 deep")


def test_files_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonsafe, "MAX_BYTES", 200)
    refused(write(tmp_path, "big.cyjs", (INTEROP / "small.cyjs").read_bytes()), "the limit is")
    refused(write(tmp_path, "big.cxl", (INTEROP / "small.cxl").read_bytes()), "the limit is")


def test_missing_and_unreadable(tmp_path: Path) -> None:
    refused(tmp_path / "absent.graphml", "no such file")
    refused(tmp_path / "absent.canvas", "no such file")
    folder = tmp_path / "folder.cxl"
    folder.mkdir()
    refused(folder, "is a folder")


def test_convert_prints_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bomb = write(tmp_path, "bomb.graphml", LAUGHS.replace("ROOT", "graphml"))
    cut = write(tmp_path, "cut.cyjs", '{"elements":\n {"nodes": [}')
    assert convert(bomb, tmp_path / "out.canvas", None) == 1
    assert convert(cut, tmp_path / "out.canvas", None) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{bomb}: refused: the file declares a DTD")
    assert lines[1] == f"{cut}:2:13: invalid JSON: Expecting value"
    assert not (tmp_path / "out.canvas").exists()


FUZZ_SEEDS = (
    "small.cxl",
    "yed-small.graphml",
    "small-13.gexf",
    "small.cyjs",
    "elements-array.json",
    "v1-single.json",
    "small.canvas",
)


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        at = rng.randrange(len(out) or 1)
        if choice < 0.4 and out:
            out[at] = rng.randrange(256)
        elif choice < 0.6:
            out[at:at] = bytes(rng.choice([b"<", b">", b"&", b'"', b"{", b"[", b"\x00", b"\xff"]))
        elif choice < 0.8 and out:
            del out[at : at + rng.randint(1, 40)]
        else:
            piece = out[rng.randrange(len(out) or 1) :][: rng.randint(1, 200)]
            out[at:at] = piece
    return bytes(out)


@pytest.mark.parametrize("seed_file", FUZZ_SEEDS)
def test_mutated_files_open_or_fail_cleanly(tmp_path: Path, seed_file: str) -> None:
    original = (INTEROP / seed_file).read_bytes()
    rng = random.Random(seed_file)
    outcomes = {"opened": 0, "refused": 0}
    for index in range(60):
        path = write(tmp_path, f"fuzz{index}{Path(seed_file).suffix}", mutate(original, rng))
        started = time.perf_counter()
        try:
            open_map(path)
            outcomes["opened"] += 1
        except MapFileError as error:
            assert error.problems and str(error).startswith(str(path))
            outcomes["refused"] += 1
        assert time.perf_counter() - started < 2.0
    assert sum(outcomes.values()) == 60
