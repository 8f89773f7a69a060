"""Find quotes in source texts, allowing only whitespace to differ; no Qt.

A quote is shown to students as the source's own words, so matching is exact except for runs of
whitespace: a quote copied across a line break or a paragraph break must still be found, but a
single changed letter must not. When a quote no longer matches (the source or the quote was
edited), ``closest_passage`` points at where it probably came from, so a person can repair it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["closest_passage", "locate", "locate_all", "normalize", "standalone_problem"]

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")
_DASHES = re.compile(r"[—–/-]")
_EDGE_PUNCT = "\"'“”‘’()[]{}*_.,;:!?"

MIN_WORDS = 6


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that make a run of words a clause rather than a heading or a noun list. Suffixes catch
# most English verb forms (-ed, -ing); the lexicon catches present-tense verbs, whose -s form
# looks like a plural noun and so cannot be told apart by spelling alone.
_AUXILIARIES = _wordset(
    "is are was were be been being am has have had do does did can could may might will would "
    "shall should must"
)
_COMMON_VERBS = _wordset(
    "act activate affect aim allow alter arise attach attack become bind block boost bring cause "
    "change come combine create destroy disable divide enable encourage enhance evade exploit "
    "express find fight form function give grow help hide hinge hold include induce inhibit "
    "involve join keep kill lead let look make mark mean multiply occur offer patrol play "
    "prevent produce promote punch recognize recruit reduce regulate release remain respond "
    "restore seek select show shut sound stand stick stimulate suppress take tell tend turn "
    "unleash use work yield"
)


@lru_cache(maxsize=64)
def _normalized(text: str) -> tuple[str, tuple[int, ...]]:
    """Cached core of ``normalize``: the same few source texts are searched for every quote."""
    chars: list[str] = []
    index: list[int] = []
    pending_space = -1  # original index of the first whitespace of a run not yet emitted
    for i, ch in enumerate(text):
        if ch.isspace():
            if pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0 and chars:
            chars.append(" ")
            index.append(pending_space)
        pending_space = -1
        chars.append(ch)
        index.append(i)
    return "".join(chars), tuple(index)


def normalize(text: str) -> tuple[str, list[int]]:
    """Collapse each run of whitespace to one space and strip the ends.

    Returns the normalised string and, for each of its characters, the index of the character in
    ``text`` it came from (a collapsed run maps to its first whitespace character), so a match
    found in normalised text can be shown at the right place in the original.
    """
    norm, index = _normalized(text)
    return norm, list(index)


def locate_all(quote: str, text: str) -> list[tuple[int, int]]:
    """Original ``(start, end)`` offsets of every non-overlapping occurrence of ``quote``.

    ``text[start:end]`` begins with the quote's first character and ends with its last, so
    highlighting it never includes surrounding whitespace.
    """
    needle, _ = _normalized(quote)
    if not needle:
        return []
    hay, index = _normalized(text)
    found: list[tuple[int, int]] = []
    at = hay.find(needle)
    while at >= 0:
        last = at + len(needle) - 1
        found.append((index[at], index[last] + 1))
        at = hay.find(needle, last + 1)
    return found


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Original ``(start, end)`` of the first whitespace-insensitive occurrence, else None."""
    needle, _ = _normalized(quote)
    if not needle:
        return None
    hay, index = _normalized(text)
    at = hay.find(needle)
    if at < 0:
        return None
    return index[at], index[at + len(needle) - 1] + 1


def _word_key(word: str) -> str:
    return word.strip(_EDGE_PUNCT).casefold()


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Comparison keys of the text's words and their original spans, cached per text."""
    spans = tuple(m.span() for m in _WORD.finditer(text))
    keys = tuple(_word_key(text[s:e]) for s, e in spans)
    return keys, spans


def _candidate_starts(keys: tuple[str, ...], wanted: list[str], keep: int) -> list[int]:
    """Window starts whose bag of words overlaps the quote's most, found in one linear pass.

    A sliding count is cheap (each word enters and leaves the window once), so only a handful of
    windows need the costlier alignment below.
    """
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


def closest_passage(quote: str, text: str) -> tuple[int, int, float]:
    """The passage of ``text`` most like ``quote``: original ``(start, end, similarity)``.

    Used when a quote no longer matches, to show the likely original next to it. Candidate
    windows of the quote's length are ranked by shared words, the best few are aligned word by
    word (allowing a few words more or fewer), and the winner's similarity is the character-level
    ratio of the normalised quote and passage, 1.0 meaning identical up to whitespace.
    """
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
    # Word ratios favour dropping an edited first or last word; settle the ends by characters.
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
    return _trim_to_alignment(result[0], result[1], needle, text)


def _trim_to_alignment(start: int, end: int, needle: str, text: str) -> tuple[int, int, float]:
    """Cut characters the quote does not cover off the ends of a passage made of whole words.

    Words are runs of non-space, so ``inactive.[8](#),`` is one word; the highlight should stop
    where the quote's text stops. Unmatched quote characters at either end still claim as many
    passage characters, so an edited first or last word stays inside the passage.
    """
    # Uncached: a one-off slice would only push the source texts out of the cache.
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


def _looks_like_verb(word: str) -> bool:
    w = word.strip(_EDGE_PUNCT).casefold().replace("’", "'")
    if w in _AUXILIARIES or w.endswith("n't"):
        return True
    if len(w) > 4 and (w.endswith("ed") or w.endswith("ing")):
        return True
    for ending in ("", "s", "es", "ies"):
        if ending and not w.endswith(ending):
            continue
        stem = w[: len(w) - len(ending)] if ending else w
        if stem in _COMMON_VERBS or (ending == "ies" and stem + "y" in _COMMON_VERBS):
            return True
    return False


def standalone_problem(quote: str) -> str | None:
    """Why ``quote`` cannot stand alone as evidence, or None if it can.

    A quote shown on its own must read as a statement, not a heading or a list of names. The rule
    is deliberately simple: at least ``MIN_WORDS`` words, and at least one word that looks like a
    verb (a form of be/have/do, a modal, a word ending in -ed or -ing, or a common verb such as
    "blocks" or "help"). It catches fragments; it does not judge grammar.
    """
    words = _WORD.findall(quote)
    if len(words) < MIN_WORDS:
        return f"only {len(words)} word(s); a quote needs at least {MIN_WORDS} to stand alone"
    # Dashes join words without spaces ("engager”—is"), so look inside them for the verb.
    parts = (p for w in words for p in _DASHES.split(w))
    if not any(_looks_like_verb(p) for p in parts):
        return "no verb-like word; a heading or a list of names does not stand alone as evidence"
    return None
