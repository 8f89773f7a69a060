"""Malformed and hostile files: each refused with a clear MapFileError, never a hang, and no
import ever opens a socket (sockets raise for the whole module and in the opening process).

Files are opened in a separate worker process (tests/opener.py; one for the module, replaced
after a failure), so a hang fails one test instead of stopping the run; how fast refusals are is
measured, beside reading the same file, by bench/io_speed.py. The mutation fuzz is tests/fuzz.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest

from mapviewer.convert import convert

from ..conftest import DATA
from ..opener import Opener, Outcome

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
XML_ATTACKS = [
    ("billion-laughs", LAUGHS),
    ("quadratic-blowup", QUADRATIC),
    ("external-file", EXTERNAL_FILE),
    ("external-http", EXTERNAL_HTTP),
    ("external-dtd", EXTERNAL_DTD),
]
DEEP_JSON = "[" * 100_000 + "]" * 100_000
DEEP_XML = "<a>" * 100_000 + "</a>" * 100_000
ROOTS = {".cxl": "cmap", ".graphml": "graphml", ".gexf": "gexf", ".xml": "graphml"}
JSON_SUFFIXES = (".json", ".cyjs", ".canvas", ".jgf", ".mvmap")

# Files whose content is not what their name says, and the message each gets.
WRONG_CONTENT: list[tuple[str, bytes, str]] = [
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
]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an import tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_a_worker_that_never_answers_fails_the_test_as_hung(tmp_path: Path) -> None:
    """The guard itself: a worker stuck on one file is given up on and replaced, so that file's
    test fails and the rest of the run goes on. This stand-in reads until its input ends, which
    never happens, the way a parser stuck in C never returns."""
    path = write(tmp_path, "any.cyjs", "{}")
    with tempfile.TemporaryFile() as errors:
        stuck = Opener(errors, code="import sys\nsys.stdin.read()", hung_after=2)
        with pytest.raises(pytest.fail.Exception, match=r"any\.cyjs: hung"):
            stuck.open(path)
        assert stuck.process is None  # killed; the next file would get a fresh worker


def test_a_worker_that_dies_fails_the_test_with_its_output(tmp_path: Path) -> None:
    path = write(tmp_path, "any.cyjs", "{}")
    code = "import sys\nsys.stdin.readline()\nsys.exit('segfault stand-in')"
    with tempfile.TemporaryFile() as errors:
        dying = Opener(errors, code=code)
        with pytest.raises(pytest.fail.Exception, match=r"died \(exit 1\)\nsegfault stand-in"):
            dying.open(path)


def refused(opener: Opener, path: Path, *expected: str, **limits: int) -> Outcome:
    """Open ``path`` in the worker; it must be refused with a message containing ``expected``."""
    result = opener.open(path, limits)
    assert result.outcome == "refused", f"{path.name}: {result.outcome} {result.message}"
    text = result.message
    assert text.startswith(str(path)), text  # the problem names the file
    assert "Traceback" not in text
    for part in expected:
        assert part in text, text
    return result


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("suffix", sorted(ROOTS))
@pytest.mark.parametrize(("attack", "content"), XML_ATTACKS)
def test_xml_attacks_are_refused(
    opener: Opener, tmp_path: Path, suffix: str, attack: str, content: str
) -> None:
    content = content.replace("ROOT", ROOTS[suffix])
    path = write(tmp_path, f"{attack}{suffix}", content)
    refused(opener, path, "refused: the file declares a DTD")


@pytest.mark.parametrize("suffix", [".cxl", ".graphml", ".gexf"])
def test_truncated_xml(opener: Opener, tmp_path: Path, suffix: str) -> None:
    text = (
        INTEROP
        / {".cxl": "small.cxl", ".graphml": "yed-small.graphml", ".gexf": "small-13.gexf"}[suffix]
    ).read_text(encoding="utf-8")
    path = write(tmp_path, f"cut{suffix}", text[: len(text) // 2])
    outcome = refused(opener, path, "not well-formed XML")
    assert outcome.lines[0] is not None  # with the line where it broke off


@pytest.mark.parametrize("suffix", JSON_SUFFIXES)
def test_truncated_json(opener: Opener, tmp_path: Path, suffix: str) -> None:
    text = (INTEROP / "small.cyjs").read_text(encoding="utf-8")
    refused(opener, write(tmp_path, f"cut{suffix}", text[: len(text) // 2]), "invalid JSON", ":")


@pytest.mark.parametrize("suffix", [*JSON_SUFFIXES, ".cxl", ".graphml", ".gexf", ".xml"])
def test_empty_file(opener: Opener, tmp_path: Path, suffix: str) -> None:
    refused(opener, write(tmp_path, f"empty{suffix}", ""), "empty")


@pytest.mark.parametrize(("name", "content", "message"), WRONG_CONTENT)
def test_not_what_the_extension_says(
    opener: Opener, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    refused(opener, write(tmp_path, name, content), message)


@pytest.mark.parametrize("suffix", JSON_SUFFIXES)
def test_json_nested_100000_deep(opener: Opener, tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, f"deep{suffix}", '{"elements": ' + DEEP_JSON + "}")
    refused(opener, path, "nested too deeply")


def test_xml_nested_100000_deep(opener: Opener, tmp_path: Path) -> None:
    path = write(tmp_path, "deep.graphml", f"<graphml>{DEEP_XML}</graphml>")
    refused(opener, path, "has no <graph>")


def test_attribute_values_nested_past_the_limit(opener: Opener, tmp_path: Path) -> None:
    deep = "[" * 200 + "]" * 200
    text = '{"elements": [{"data": {"id": "a", "x": ' + deep + "}}]}"
    refused(opener, write(tmp_path, "deep-data.cyjs", text), "nested more than 64 deep")


def test_files_over_the_size_cap(opener: Opener, tmp_path: Path) -> None:
    for name, sample in [("big.cyjs", "small.cyjs"), ("big.cxl", "small.cxl")]:
        path = write(tmp_path, name, (INTEROP / sample).read_bytes())
        refused(opener, path, "the limit is", MAX_BYTES=200)
    # The cap was for those two files only: the next file of the same size opens.
    assert opener.open(INTEROP / "small.cyjs").outcome == "opened"


def test_missing_and_unreadable(opener: Opener, tmp_path: Path) -> None:
    refused(opener, tmp_path / "absent.graphml", "no such file")
    refused(opener, tmp_path / "absent.canvas", "no such file")
    folder = tmp_path / "folder.cxl"
    folder.mkdir()
    refused(opener, folder, "is a folder")


def test_convert_prints_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bomb = write(tmp_path, "bomb.graphml", LAUGHS.replace("ROOT", "graphml"))
    cut = write(tmp_path, "cut.cyjs", '{"elements":\n {"nodes": [}')
    assert convert(bomb, tmp_path / "out.canvas", None) == 1
    assert convert(cut, tmp_path / "out.canvas", None) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{bomb}: refused: the file declares a DTD")
    assert lines[1] == f"{cut}:2:13: invalid JSON: no valid value here (is the file cut short?)"
    assert not (tmp_path / "out.canvas").exists()
