"""Malformed and hostile files: each refused with a clear MapFileError, never a hang, and no
import ever opens a socket (sockets raise for the whole module and in the opening process).

Also a small seeded mutation fuzz over the hand-made fixtures: whatever the bytes, the only
acceptable outcomes are a map or MapFileError.

Files are opened in a separate worker process (one for the module, replaced after a failure):
a billion-laughs expansion or a runaway recursion inside a C parser cannot be interrupted from
Python, so a hang there would stop the whole run instead of failing one test. The worker gives
each file HUNG_AFTER seconds, far more than any refusal takes; how fast refusals are is
measured, beside reading the same file, by bench/io_speed.py.
"""

from __future__ import annotations

import json
import os
import random
import select
import socket
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from mapviewer.io.convert import convert

from ..conftest import DATA, REPO

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


HUNG_AFTER = 60.0  # seconds for one file; a refusal takes milliseconds even on a busy machine

WORKER = textwrap.dedent(
    """
    import json, socket, sys
    from pathlib import Path

    def refuse(*args, **kwargs):
        raise AssertionError("an import tried to open a network socket")

    socket.socket = socket.create_connection = socket.getaddrinfo = refuse
    from mapviewer.io import jsonsafe
    from mapviewer.io.registry import open_map
    from mapviewer.problems import MapFileError

    defaults = {"MAX_BYTES": jsonsafe.MAX_BYTES}
    for line in sys.stdin:
        request = json.loads(line)
        for name, value in {**defaults, **request["limits"]}.items():
            setattr(jsonsafe, name, value)
        try:
            open_map(Path(request["path"]))
            answer = {"outcome": "opened"}
        except MapFileError as error:
            lines = [problem.line for problem in error.problems]
            answer = {"outcome": "refused", "message": str(error), "lines": lines}
        except BaseException as error:  # anything else is a bug the test reports
            answer = {"outcome": "crashed", "message": f"{type(error).__name__}: {error}"}
        print("ANSWER " + json.dumps(answer), flush=True)
    """
)


@dataclass(frozen=True)
class Outcome:
    """What opening one file came to in the worker: "opened", "refused" or "crashed"."""

    outcome: str
    message: str = ""
    lines: tuple[int | None, ...] = ()


class Opener:
    """open_map in a worker process, so a file that hangs fails its test as hung."""

    def __init__(
        self, errors: IO[bytes], code: str = WORKER, hung_after: float = HUNG_AFTER
    ) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.errors = errors  # the worker's stderr, shown when it dies
        self.code = code
        self.hung_after = hung_after
        self.pending = b""

    def open(self, path: Path, limits: dict[str, int] | None = None) -> Outcome:
        process = self.process or self._start()
        request = json.dumps({"path": str(path), "limits": limits or {}}) + "\n"
        assert process.stdin is not None
        process.stdin.write(request.encode("utf-8"))
        process.stdin.flush()
        answer = self._answer(process, path)
        lines = tuple(answer.get("lines", ()))
        return Outcome(answer["outcome"], answer.get("message", ""), lines)

    def _start(self) -> subprocess.Popen[bytes]:
        self.errors.seek(0)
        self.errors.truncate()
        self.pending = b""
        # -W error, as pytest's filterwarnings does here; the cwd puts this checkout first.
        self.process = subprocess.Popen(
            [sys.executable, "-W", "error", "-c", self.code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            cwd=REPO,
        )
        return self.process

    def _answer(self, process: subprocess.Popen[bytes], path: Path) -> dict:
        """The worker's answer line, read straight from the pipe so a wait can time out."""
        assert process.stdout is not None
        fd = process.stdout.fileno()
        while True:
            line, newline, rest = self.pending.partition(b"\n")
            if newline:
                self.pending = rest
                if line.startswith(b"ANSWER "):
                    return json.loads(line[len(b"ANSWER ") :])
                continue  # something open_map printed: not an answer
            ready, _, _ = select.select([fd], [], [], self.hung_after)
            if not ready:
                self.stop()
                pytest.fail(f"{path.name}: hung (no answer within {self.hung_after:g} s)")
            chunk = os.read(fd, 65536)
            if not chunk:
                code = self.stop()
                self.errors.seek(0)
                stderr = self.errors.read().decode("utf-8", "replace")[-3000:]
                pytest.fail(f"{path.name}: the opening process died (exit {code})\n{stderr}")
            self.pending += chunk

    def stop(self) -> int | None:
        """End the worker (a hung one is killed) and return its exit status."""
        process, self.process = self.process, None
        if process is None:
            return None
        process.kill()
        code = process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
        return code


@pytest.fixture(scope="module")
def opener() -> Iterator[Opener]:
    with tempfile.TemporaryFile() as errors:
        worker = Opener(errors)
        yield worker
        worker.stop()


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
    assert lines[1] == f"{cut}:2:13: invalid JSON: Expecting value"
    assert not (tmp_path / "out.canvas").exists()


FUZZ_COUNT = 60
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


def mutated_files(folder: Path, seed_file: str) -> list[Path]:
    """FUZZ_COUNT seeded mutations of one fixture, written into ``folder``."""
    original = (INTEROP / seed_file).read_bytes()
    rng = random.Random(seed_file)
    suffix = Path(seed_file).suffix
    return [
        write(folder, f"fuzz{index}{suffix}", mutate(original, rng)) for index in range(FUZZ_COUNT)
    ]


@pytest.mark.parametrize("seed_file", FUZZ_SEEDS)
def test_mutated_files_open_or_fail_cleanly(opener: Opener, tmp_path: Path, seed_file: str):
    outcomes = {"opened": 0, "refused": 0}
    for path in mutated_files(tmp_path, seed_file):
        result = opener.open(path)
        assert result.outcome in outcomes, f"{path.name}: {result.outcome} {result.message}"
        if result.outcome == "refused":
            assert result.message.startswith(str(path)), result.message
        outcomes[result.outcome] += 1
    assert sum(outcomes.values()) == FUZZ_COUNT
