"""Quote and search matching speed: rapidfuzz against the difflib / pure-Python code it replaced.

Two jobs. First, agreement: every quote of the shipped maps, exact and edited in seeded ways
(a word changed, dropped or added at the start, middle or end, a typo, a changed case), is
looked up in its own source with ``closest_passage`` and with the old difflib implementation
kept below as the reference; the table counts how often both give the same start, end and
similarity, and the same is done against every other source text (a quote looked for in the
wrong text, where neither finds a good match). ``edit_distance`` is compared with the old
pure-Python Damerau-Levenshtein on every pair of search words typed with typos.

Second, speed, printed beside the reference measured in the same run, with the budget that used
to be asserted in tests/test_quotes.py (closest passage on the 18k-character cancerquest text in
under 0.1 s). Timings belong to a quiet machine and a report, not to a pass/fail test run.

    python bench/quotes_speed.py [--repeat 5] [--cross]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapviewer.io.mapfile import load
from mapviewer.quotes import _normalized, closest_passage
from mapviewer.search import SearchIndex, edit_distance, typo_budget, words
from mapviewer.sources import SourceTexts

REPO = Path(__file__).resolve().parent.parent
MAPS = [REPO / "maps" / "immunotherapy.json", REPO / "maps" / "checkpoints.json"]
SOURCES = REPO / "resources" / "sources"
SEEDS = REPO.parent / "shared" / "seeds"  # the same texts as fetched; absent outside the lab
LONG_TEXT = SOURCES / "cancerquest-immunotherapy.txt"
LONG_QUOTE = (
    "Pembrolizumab (Keytruda) is an antibody drug that binds to PD-L1, blocking the "
    "interaction between PD-1 and PD-L1. This treatment is approved for use in lung cancer "
    "patients and received 'breakthrough therapy' designation from the FDA as a treatment "
    "for some forms of melanoma. Keytruda has since been approved for many other cancers."
)
BUDGET_CLOSEST = 0.1  # seconds, the limit tests/test_quotes.py used to assert

# --- the reference: mapviewer.quotes.closest_passage before rapidfuzz (commit c7b2087) -------

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{}*_.,;:!?"


def _word_key(word: str) -> str:
    return word.strip(_EDGE_PUNCT).casefold()


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    spans = tuple(m.span() for m in _WORD.finditer(text))
    keys = tuple(_word_key(text[s:e]) for s, e in spans)
    return keys, spans


def _candidate_starts(keys: tuple[str, ...], wanted: list[str], keep: int) -> list[int]:
    n = len(wanted)
    need: dict[str, int] = {}
    for w in wanted:
        need[w] = need.get(w, 0) + 1
    have: dict[str, int] = {}
    overlap = 0
    scores: list[tuple[int, int]] = []
    for i, key in enumerate(keys):
        have[key] = have.get(key, 0) + 1
        if have[key] <= need.get(key, 0):
            overlap += 1
        if i >= n:
            old = keys[i - n]
            if have[old] <= need.get(old, 0):
                overlap -= 1
            have[old] -= 1
        if i >= n - 1 or i == len(keys) - 1:
            scores.append((overlap, max(0, i - n + 1)))
    scores.sort(key=lambda s: (-s[0], s[1]))
    starts: list[int] = []
    for _, start in scores:
        if all(abs(start - s) > n // 2 for s in starts):
            starts.append(start)
        if len(starts) == keep:
            break
    return starts


def old_closest_passage(quote: str, text: str) -> tuple[int, int, float]:
    keys, spans = _words(text)
    wanted = [_word_key(w) for w in _WORD.findall(quote)]
    if not keys or not wanted:
        return 0, 0, 0.0
    n = len(wanted)
    best = (-1.0, 0, 0)
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for start in _candidate_starts(keys, wanted, keep=5):
        for lo in range(max(0, start - 3), min(len(keys), start + 4)):
            for length in range(max(1, n - 3), n + 4):
                hi = min(len(keys), lo + length)
                matcher.set_seq1(keys[lo:hi])
                score = matcher.ratio()
                if score > best[0]:
                    best = (score, lo, hi)
    _, lo, hi = best
    needle, _ = _normalized(quote)
    chars = SequenceMatcher(autojunk=False)
    chars.set_seq2(needle)
    result = (0, 0, -1.0)
    for a in range(max(0, lo - 2), min(hi, lo + 3)):
        for b in range(max(a + 1, hi - 2), min(len(keys), hi + 2) + 1):
            start, end = spans[a][0], spans[b - 1][1]
            chars.set_seq1(_SPACE.sub(" ", text[start:end]))
            ratio = chars.ratio()
            if ratio > result[2]:
                result = (start, end, ratio)
    return _old_trim(result[0], result[1], needle, text)


def _old_trim(start: int, end: int, needle: str, text: str) -> tuple[int, int, float]:
    passage, index = _normalized.__wrapped__(text[start:end])
    blocks = SequenceMatcher(None, passage, needle, autojunk=False).get_matching_blocks()
    solid = [b for b in blocks if b.size >= 3] or [b for b in blocks if b.size]
    if solid:
        first, last = solid[0], solid[-1]
        head = max(0, first.a - first.b)
        tail = min(len(passage), last.a + last.size + len(needle) - last.b - last.size)
        while head < tail and passage[head] == " ":
            head += 1
        while tail > head and passage[tail - 1] == " ":
            tail -= 1
        if head < tail:
            start, end = start + index[head], start + index[tail - 1] + 1
    ratio = SequenceMatcher(None, needle, _SPACE.sub(" ", text[start:end]), autojunk=False).ratio()
    return start, end, ratio


def old_edit_distance(a: str, b: str, limit: int) -> int:
    """mapviewer.search.edit_distance before rapidfuzz: restricted Damerau-Levenshtein."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- the cases -----------------------------------------------------------------------------


def shipped_quotes() -> list[tuple[str, str, str]]:
    """(map name, source text, quote) for every quote of the shipped maps with a readable source."""
    found = []
    for path in MAPS:
        cmap = load(path)
        texts = SourceTexts(cmap, path)
        quotes = [q for n in cmap.nodes for q in n.quotes] + [
            q for e in cmap.edges for q in e.quotes
        ]
        quotes += [s.quote for t in cmap.tours for s in t.steps if s.quote is not None]
        for quote in quotes:
            text = texts.text(quote.source)
            if text is not None:
                found.append((path.stem, text, quote.text))
    return found


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word + "x"
    i = rng.randrange(len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def edits(quote: str, rng: random.Random) -> dict[str, str]:
    """The quote and seeded edits of it, as a person editing a quote (or a source) makes them."""
    w = quote.split()
    mid = len(w) // 2
    filler = rng.choice(["very", "often", "the", "strongly", "cells"])
    variants = {
        "exact": quote,
        "changed first word": " ".join(["Indeed", *w[1:]]),
        "changed middle word": " ".join([*w[:mid], "zebra", *w[mid + 1 :]]),
        "changed last word": " ".join([*w[:-1], "elsewhere."]),
        "dropped first word": " ".join(w[1:]),
        "dropped middle word": " ".join(w[:mid] + w[mid + 1 :]),
        "dropped last word": " ".join(w[:-1]),
        "added word": " ".join([*w[:mid], filler, *w[mid:]]),
        "typos": " ".join(_typo(x, rng) if i % 5 == 2 else x for i, x in enumerate(w)),
        "lower case": quote.lower(),
    }
    return {k: v for k, v in variants.items() if v.strip()}


def best_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def not_worse(quote: str, text: str, new: tuple[int, int, float], old: tuple) -> bool:
    """Is the new passage at least as like the quote as the old one, by difflib's own ratio?"""

    def ratio(start: int, end: int) -> float:
        passage = " ".join(text[start:end].split())
        return SequenceMatcher(None, " ".join(quote.split()), passage, autojunk=False).ratio()

    return ratio(*new[:2]) >= ratio(*old[:2]) - 1e-9


def agreement(cases: list[tuple[str, str, str]]) -> dict[str, list[int | float]]:
    """Per kind of edit: [cases, same start, same end, same span, new passage not worse by
    difflib's ratio, max |similarity difference|]."""
    rows: dict[str, list[int | float]] = {}
    rng = random.Random(1)
    for _map, text, quote in cases:
        for kind, variant in edits(quote, rng).items():
            new = closest_passage(variant, text)
            old = old_closest_passage(variant, text)
            row = rows.setdefault(kind, [0, 0, 0, 0, 0, 0.0])
            row[0] += 1
            row[1] += new[0] == old[0]
            row[2] += new[1] == old[1]
            row[3] += new[:2] == old[:2]
            row[4] += not_worse(variant, text, new, old)
            row[5] = max(row[5], abs(new[2] - old[2]))
    return rows


def print_agreement(title: str, rows: dict[str, list[int | float]]) -> None:
    print(f"\n{title}")
    print("  (same start/end/span as difflib; 'as good': the new passage's difflib ratio is at")
    print("  least the old one's; max dsim: largest difference of the returned similarities)")
    head = f"  {'edit':22} {'cases':>6} {'start':>6} {'end':>6} {'span':>6} {'as good':>8}"
    print(head + f" {'max dsim':>9}")
    total: list[int | float] = [0, 0, 0, 0, 0, 0.0]
    for kind, (n, start, end, span, good, dsim) in rows.items():
        print(f"  {kind:22} {n:>6} {start:>6} {end:>6} {span:>6} {good:>8} {dsim:>9.3f}")
        for i, value in enumerate((n, start, end, span, good)):
            total[i] += value
        total[5] = max(total[5], dsim)
    n, start, end, span, good, dsim = total
    print(f"  {'all':22} {n:>6} {start:>6} {end:>6} {span:>6} {good:>8} {dsim:>9.3f}")


def cross_source(cases: list[tuple[str, str, str]], texts: list[str]) -> list[int]:
    """[cases, same start, same span, as good] for each quote in every text but its own."""
    counts = [0, 0, 0, 0]
    for _map, own, quote in cases:
        for text in texts:
            if text == own:
                continue
            new, old = closest_passage(quote, text), old_closest_passage(quote, text)
            counts[0] += 1
            counts[1] += new[0] == old[0]
            counts[2] += new[:2] == old[:2]
            counts[3] += not_worse(quote, text, new, old)
    return counts


def search_words() -> tuple[list[str], list[str]]:
    """The shipped map's vocabulary, and queries typed with one or two typos."""
    cmap = load(MAPS[0])
    vocabulary = sorted({w for n in cmap.nodes for w in words(n.label + " " + n.description)})
    rng = random.Random(2)
    queries = [_typo(w, rng) for w in rng.sample(vocabulary, 120) if len(w) >= 4]
    return vocabulary, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of this many timings")
    parser.add_argument(
        "--cross", action="store_true", help="also every quote in every other source (minutes)"
    )
    args = parser.parse_args()

    cases = shipped_quotes()
    print(f"{len(cases)} quotes of {', '.join(p.name for p in MAPS)} with a readable source")
    print_agreement(
        "closest passage in the quote's own source: rapidfuzz vs difflib", agreement(cases)
    )
    texts = sorted({p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")})
    if SEEDS.is_dir():
        seeds = {p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
        print(
            f"\n{SEEDS}: {len(seeds)} texts, {len(seeds - set(texts))} not among resources/sources"
        )
        texts = sorted(set(texts) | seeds)
    if args.cross:
        n, start, span, good = cross_source(cases, texts)
        print(f"\nevery quote in every other source ({n}): same start {start}, same span {span}")
        print(f"  the new passage is as like the quote (difflib's ratio) in {good}")

    vocabulary, queries = search_words()
    pairs = [(q, w, typo_budget(len(q))) for q in queries for w in vocabulary]
    differ = sum(
        (edit_distance(q, w, k) <= k) != (old_edit_distance(q, w, k) <= k)
        or (edit_distance(q, w, k) <= k and edit_distance(q, w, k) != old_edit_distance(q, w, k))
        for q, w, k in pairs
    )
    print(f"\nedit_distance on {len(pairs)} (typed query, word) pairs: {differ} answers differ")

    text = LONG_TEXT.read_text(encoding="utf-8")
    fresh = iter(range(10**9))

    def cold(function: Callable[[str, str], object]) -> Callable[[], object]:
        # A new string each call: the per-text caches start cold, as for a newly opened source.
        return lambda: function(LONG_QUOTE, text + " " * next(fresh))

    print(f"\nspeed (best of {args.repeat}, same run)")
    new_t = best_time(cold(closest_passage), args.repeat)
    old_t = best_time(cold(old_closest_passage), args.repeat)
    read_t = best_time(lambda: LONG_TEXT.read_text(encoding="utf-8"), args.repeat)
    print(f"  closest passage, {len(LONG_QUOTE)}-char quote in {len(text)}-char text:")
    print(
        f"    rapidfuzz {new_t * 1000:8.2f} ms   difflib (old) {old_t * 1000:8.2f} ms   "
        f"{old_t / new_t:5.0f}x   (reading the file: {read_t * 1000:.2f} ms)"
    )
    every = [(q, t) for _m, t, q in cases]
    new_all = best_time(lambda: [closest_passage(q, t) for q, t in every], args.repeat)
    old_all = best_time(lambda: [old_closest_passage(q, t) for q, t in every], 1)
    print(f"  closest passage of all {len(every)} shipped quotes (warm caches):")
    print(
        f"    rapidfuzz {new_all * 1000:8.1f} ms   difflib (old) {old_all * 1000:8.1f} ms   "
        f"{old_all / new_all:5.0f}x"
    )
    new_e = best_time(lambda: [edit_distance(q, w, k) for q, w, k in pairs], args.repeat)
    old_e = best_time(lambda: [old_edit_distance(q, w, k) for q, w, k in pairs], args.repeat)
    print(f"  edit_distance over {len(pairs)} pairs:")
    print(
        f"    rapidfuzz {new_e * 1000:8.1f} ms   pure Python (old) {old_e * 1000:8.1f} ms   "
        f"{old_e / new_e:5.0f}x"
    )
    index = SearchIndex(load(MAPS[0]))
    typed = best_time(lambda: [index.search(q) for q in queries], args.repeat)
    print(
        f"  search of {len(queries)} mistyped queries on {MAPS[0].name}: "
        f"{typed * 1000 / len(queries):.2f} ms a keystroke"
    )

    print("\nbudgets")
    ok = new_t <= BUDGET_CLOSEST
    print(
        f"  {'PASS' if ok else 'FAIL'}  closest passage on an 18k-character source <= "
        f"{BUDGET_CLOSEST * 1000:.0f} ms: {new_t * 1000:.2f} ms"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
