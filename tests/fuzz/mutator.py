"""A deterministic, seeded mutational fuzzer for the readers: real files in, hostile bytes out.

Every input comes from a real seed file (tests/data/interop, maps/, and ../shared/interop when
present) changed by a few mutations chosen by a seeded random generator, so a run is the same on
every machine and a failure names an input that can be rebuilt from (format, index) alone.

Besides blind byte flips, inserts, deletes and splices, the mutations aim at what Python's own
limits turn into surprise exceptions: numbers bloated to thousands of digits or to 1e400,
encoding declarations that name no codec (or UTF-16, really re-encoded), and deep nesting.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCAL = REPO / "tests" / "data" / "interop"
SHARED = REPO.parent / "shared" / "interop"

# Each format: the suffix its mutated inputs are written with, and where its seeds are.
FORMATS: dict[str, tuple[str, list[Path]]] = {
    "cxl": (".cxl", [LOCAL / "small.cxl", SHARED / "cxl"]),
    "graphml": (
        ".graphml",
        [LOCAL / "yed-small.graphml", LOCAL / "networkx-small.graphml", SHARED / "graphml"],
    ),
    "gexf": (
        ".gexf",
        [
            LOCAL / "small-12.gexf",
            LOCAL / "small-13.gexf",
            LOCAL / "dynamic-small.gexf",
            SHARED / "gexf",
        ],
    ),
    "cytoscape": (
        ".cyjs",
        [
            LOCAL / "small.cyjs",
            LOCAL / "elements-array.json",
            LOCAL / "cytoscape-js-stylesheet.json",
            LOCAL / "sbgn-glycolysis-elements.json",
            SHARED / "cytoscape",
        ],
    ),
    "jgf": (
        ".json",
        [
            LOCAL / "v1-single.json",
            LOCAL / "v2-multi.json",
            LOCAL / "v2-hyperedges.json",
            SHARED / "jgf",
        ],
    ),
    "canvas": (".canvas", [LOCAL / "small.canvas", LOCAL / "presets.canvas", SHARED / "canvas"]),
    "mapviewer": (".json", [REPO / "maps", REPO / "tests" / "data" / "sample.json"]),
}

MAX_SEED_BYTES = 120_000  # larger seeds make each input slow without finding more


def seeds(fmt: str) -> list[tuple[str, bytes]]:
    """(name, content) of every seed file of a format, sorted so runs are reproducible."""
    found: dict[str, bytes] = {}
    for place in FORMATS[fmt][1]:
        files = sorted(place.iterdir()) if place.is_dir() else [place]
        for path in files:
            if path.is_file() and path.suffix in (
                ".cxl",
                ".graphml",
                ".gexf",
                ".cyjs",
                ".json",
                ".canvas",
            ):
                data = path.read_bytes()
                if len(data) <= MAX_SEED_BYTES:
                    found[path.name] = data
    return sorted(found.items())


_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_ENCODINGS = [b"NaN", b"UTF-16", b"utf-32", b"latin-1", b"ebcdic-cp-us", b"", b"x" * 300, b"utf-7"]
_HUGE = [
    b"9" * 5000,
    b"1" * 400,
    b"1e400",
    b"-1e400",
    b"1e-400",
    b"0." + b"0" * 5000 + b"1",
    b"9" * 4301,
    b"-" + b"9" * 400,
    b"NaN",
    b"Infinity",
    b"1e308",
    b"-0",
    b"1E999999999",
]
_BYTES = [
    b"<",
    b">",
    b"&",
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\x00",
    b"\xff",
    b"\\",
    b"&#0;",
    b"&#x110000;",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbe",
]


def _flip(out: bytearray, rng: random.Random, _: bytes) -> bytearray:
    if out:
        out[rng.randrange(len(out))] = rng.randrange(256)
    return out


def _insert(out: bytearray, rng: random.Random, _: bytes) -> bytearray:
    at = rng.randrange(len(out) + 1)
    out[at:at] = rng.choice(_BYTES)
    return out


def _delete(out: bytearray, rng: random.Random, _: bytes) -> bytearray:
    if out:
        at = rng.randrange(len(out))
        del out[at : at + rng.randint(1, 64)]
    return out


def _splice(out: bytearray, rng: random.Random, other: bytes) -> bytearray:
    """A piece of another seed of the same format (or this one) pasted in somewhere."""
    source = other or bytes(out)
    start = rng.randrange(len(source) or 1)
    at = rng.randrange(len(out) + 1)
    out[at:at] = source[start : start + rng.randint(1, 400)]
    return out


def _bloat_number(out: bytearray, rng: random.Random, _: bytes) -> bytearray:
    """One number of the file replaced by a huge, tiny, overflowing or non-finite one."""
    numbers = list(_NUMBER.finditer(out))
    if numbers:
        match = rng.choice(numbers)
        out[match.start() : match.end()] = rng.choice(_HUGE)
    return out


def _encoding(out: bytearray, rng: random.Random, _: bytes) -> bytearray:
    """The XML declaration names another encoding (or none known); sometimes the whole file
    really is UTF-16, as Windows tools write it."""
    if rng.random() < 0.2:
        try:
            text = bytes(out).decode("utf-8")
        except UnicodeDecodeError:
            return out
        text = re.sub(r"encoding=[\"'][^\"']*[\"']", 'encoding="UTF-16"', text, count=1)
        return bytearray(text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"])))
    declaration = b'<?xml version="1.0" encoding="' + rng.choice(_ENCODINGS) + b'"?>'
    match = _DECLARATION.search(out)
    if match:
        out[match.start() : match.end()] = declaration
    else:
        out[0:0] = declaration + b"\n"
    return out


def _nest(out: bytearray, rng: random.Random, _: bytes) -> bytearray:
    """Deep nesting at a random place: brackets for JSON, elements for XML."""
    depth = rng.choice([100, 1000, 5000, 50_000])
    at = rng.randrange(len(out) + 1)
    if out.lstrip()[:1] == b"<":
        out[at:at] = b"<a>" * depth + b"</a>" * depth
    else:
        out[at:at] = b'{"a":[' * depth + b"]}" * depth
    return out


MUTATIONS: list[tuple[float, Callable[[bytearray, random.Random, bytes], bytearray]]] = [
    (0.25, _flip),
    (0.15, _insert),
    (0.15, _delete),
    (0.12, _splice),
    (0.18, _bloat_number),
    (0.08, _encoding),
    (0.07, _nest),
]


@dataclass(frozen=True)
class Input:
    """One fuzz input: its format, its place in the run, the seed it came from, its bytes."""

    fmt: str
    index: int
    seed: str
    data: bytes

    @property
    def suffix(self) -> str:
        return FORMATS[self.fmt][0]


def mutate(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """One to five mutations of ``data``, chosen by ``rng``."""
    out = bytearray(data)
    weights = [w for w, _ in MUTATIONS]
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):  # mostly one: deeper into the readers
        (mutation,) = rng.choices([m for _, m in MUTATIONS], weights)
        out = mutation(out, rng, other)
    return bytes(out)


def inputs(fmt: str, count: int, seed: int = 15) -> Iterator[Input]:
    """``count`` mutated inputs of ``fmt``, the same ones for the same (fmt, count, seed)."""
    files = seeds(fmt)
    if not files:
        return
    rng = random.Random(f"{fmt}:{seed}")
    for index in range(count):
        name, data = files[index % len(files)]
        _, other = rng.choice(files)
        yield Input(fmt, index, name, mutate(data, rng, other))
