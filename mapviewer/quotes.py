"""Find quotes in source texts, allowing only whitespace to differ; no Qt.

A quote is shown to students as the source's own words, so matching is exact except for runs of
whitespace: a quote copied across a line break or a paragraph break must still be found, but a
single changed letter must not. Texts are reading texts (mapviewer.reading), never markup. In a
typeset PDF a word may be broken at a line end ("recog-" / "nition", "GAN-" / "based"): the
reading text keeps a soft hyphen there, and a quote matches it with or without the hyphen.
When a quote no longer matches (the source or the quote was edited), ``closest_passage`` points
at where it probably came from, so a person can repair it.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

__all__ = [
    "begins_mid_thought",
    "capture_span",
    "closest_passage",
    "lead_in",
    "locate",
    "locate_all",
    "normalize",
    "standalone_problem",
    "word_count",
]

_SPACE = re.compile(r"\s+")
_SOFT = "\xad"  # mapviewer.reading.SOFT_HYPHEN: a hyphen that ended a line
_WORD = re.compile(r"\S+")
_DASHES = re.compile(r"[—–/-]")
_EDGE_PUNCT = "\"'“”‘’()[]{}*_.,;:!?"

MIN_WORDS = 6


# What a capture drops from its ends: reference markers ("⁸", "[8]", "[8](#)", "²¹˒²²") and
# markup a reading text may still hold (emphasis stars, heading hashes, bullets, quote marks of
# Markdown's block quotes), with the spaces between them.
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻"
_CAPTURE_TAIL = re.compile(
    rf"(?:\s|[*_#`~|•>]|[{_SUPERSCRIPT_CHARS}]|\[\d{{1,3}}(?:[,–-]\d{{1,3}})*\](?:\([^)\s]*\))?)+$"
)
_CAPTURE_HEAD = re.compile(r"(?:\s|[*_#`~|•>]|\d{1,3}\.\s)+")
_HAS_WORD = re.compile(r"\w")


def capture_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` a selection of ``text[start:end]`` quotes: grown to whole words
    (a drag over "ther pair o" takes "another pair of"; punctuation is taken only if selected),
    then trimmed of reference markers and
    stray markup at either end ("…becomes inactive.⁸" ends at "inactive."). Empty (start ==
    end) when nothing but markup was selected."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if start > end:
        start, end = end, start
    while start > 0 and start < len(text) and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while 0 < end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    head = _CAPTURE_HEAD.match(text, start, end)
    if head is not None:
        start = head.end()
    tail = _CAPTURE_TAIL.search(text[start:end])
    if tail is not None:
        end = start + tail.start()
    return (start, end) if start < end else (start, start)


def _in_word(char: str) -> bool:
    """Letters, digits and what joins them inside a word (T-cell, isn't, a PDF's soft hyphen):
    a selection grows over these, never over a full stop or a bracket it did not take."""
    return char.isalnum() or char in "-'’\xad"


def word_count(quote: str) -> int:
    """Words in ``quote``: runs of non-space holding a letter or digit (a dash is no word)."""
    return sum(1 for word in _WORD.findall(quote) if _HAS_WORD.search(word))


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


@lru_cache(maxsize=256)
def _soft_pattern(needle: str) -> re.Pattern[str]:
    """``needle`` as a pattern for a text with soft hyphens: one may sit between any two of
    its characters, and each of its hyphens (with a space after it, as a PDF viewer copies
    "recog- nition") may be a soft hyphen in the text."""
    parts: list[str] = []
    chars = needle.replace(_SOFT, "")
    skip = False
    for i, ch in enumerate(chars):
        if skip:
            skip = False
            continue
        if parts:
            parts.append(_SOFT + "?")
        if ch == "-":
            spaced = chars[i + 1 : i + 2] == " "
            parts.append(f"(?:-{_SOFT}?|{_SOFT})" + (" ?" if spaced else ""))
            skip = spaced
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def _spans(needle: str, hay: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``hay`` (both normalised), as (first, last) positions."""
    found: list[tuple[int, int]] = []
    if _SOFT in hay:
        for match in _soft_pattern(needle).finditer(hay):
            found.append((match.start(), match.end() - 1))
        return found
    at = hay.find(needle)
    while at >= 0:
        last = at + len(needle) - 1
        found.append((at, last))
        at = hay.find(needle, last + 1)
    return found


def locate_all(quote: str, text: str) -> list[tuple[int, int]]:
    """Original ``(start, end)`` offsets of every non-overlapping occurrence of ``quote``.

    ``text[start:end]`` begins with the quote's first character and ends with its last, so
    highlighting it never includes surrounding whitespace.
    """
    needle, _ = _normalized(quote)
    if not needle:
        return []
    hay, index = _normalized(text)
    return [(index[first], index[last] + 1) for first, last in _spans(needle, hay)]


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Original ``(start, end)`` of the first whitespace-insensitive occurrence, else None."""
    found = locate_all(quote, text)
    return found[0] if found else None


@lru_cache(maxsize=64)
def _word_bounds(hay: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each word of normalised text starts and ends (one past its last character), cached
    per text: words are separated by exactly one space, so these are the text's words in order."""
    starts = [0]
    at = hay.find(" ")
    while at >= 0:
        starts.append(at + 1)
        at = hay.find(" ", at + 1)
    ends = [s - 1 for s in starts[1:]] + [len(hay)]
    return tuple(starts), tuple(ends)


def closest_passage(quote: str, text: str) -> tuple[int, int, float]:
    """The passage of ``text`` most like ``quote``: original ``(start, end, similarity)``.

    Used when a quote no longer matches, to show the likely original next to it. The quote is
    aligned against the whole normalised text at once (rapidfuzz's partial ratio, a bit-parallel
    search: about a millisecond on an 18k-character source, where difflib over candidate windows
    took 45-180 ms); the passage is the run of whole words near that place most like the quote
    (its first copy if the source repeats it), trimmed to where the quote's text stops.
    The similarity is the character-level ratio of the normalised quote and passage
    (2 x common characters / total length), 1.0 meaning identical up to whitespace.
    """
    # rapidfuzz loads C extensions: only when a quote has stopped matching, not at start-up.
    from rapidfuzz import fuzz  # noqa: PLC0415

    needle, _ = _normalized(quote)
    hay, index = _normalized(text)
    if not needle or not hay:
        return 0, 0, 0.0
    hit = fuzz.partial_ratio_alignment(needle, hay)
    if hit is None:  # only with a score cutoff, and there is none here
        return 0, 0, 0.0
    a, b = _settle(needle, hay, hit.dest_start, hit.dest_end, hit.score)
    starts, ends = _word_bounds(hay)
    first, last = _first_copy(hay, starts[a], ends[b - 1])
    return _trim_to_alignment(index[first], index[last - 1] + 1, needle, text)


def _first_copy(hay: str, first: int, last: int) -> tuple[int, int]:
    """The first place the words ``hay[first:last]`` occur: a source that repeats a sentence
    shows the first copy, as ``locate`` would (the alignment may settle on either)."""
    passage = hay[first:last]
    at = hay.find(passage)
    while at < first:  # it is found at ``first`` at the latest
        after = at + len(passage)
        if (at == 0 or hay[at - 1] == " ") and (after == len(hay) or hay[after] == " "):
            return at, after
        at = hay.find(passage, at + 1)
    return first, last


def _settle(needle: str, hay: str, first: int, last: int, score: float) -> tuple[int, int]:
    """The words ``a`` to ``b`` (exclusive) around ``hay[first:last]`` most like ``needle``.

    The aligned stretch is exactly as long as the quote, so a quote missing a word lines up with
    only part of its passage: the passage's ends may lie as many characters beyond the stretch
    as the quote failed to match in it. Each end is tried within that slack, and at least two
    words either way (an edited first or last word).
    """
    from rapidfuzz import fuzz  # noqa: PLC0415

    starts, ends = _word_bounds(hay)
    # The words the alignment touches (a start on a space belongs to the word after it).
    lo = bisect.bisect_right(starts, first) - 1 + (hay[first : first + 1] == " ")
    hi = max(lo + 1, bisect.bisect_right(starts, max(first, last - 1)))
    slack = min(len(needle) // 2, round((1 - score / 100) * len(needle)))
    lo_from = min(lo - 2, bisect.bisect_left(starts, first - slack) - 1)
    lo_to = max(lo + 3, bisect.bisect_right(starts, first + slack))
    hi_from = min(hi - 2, bisect.bisect_left(ends, last - slack))
    hi_to = max(hi + 2, bisect.bisect_right(ends, last + slack) + 1)
    best = (lo, hi, -1.0)
    for a in range(max(0, lo_from), min(hi, lo_to)):
        for b in range(max(a + 1, hi_from), min(len(starts), hi_to) + 1):
            ratio = fuzz.ratio(needle, hay[starts[a] : ends[b - 1]], score_cutoff=best[2])
            if ratio > best[2]:
                best = (a, b, ratio)
    return best[0], best[1]


def _trim_to_alignment(start: int, end: int, needle: str, text: str) -> tuple[int, int, float]:
    """Cut characters the quote does not cover off the ends of a passage made of whole words.

    Words are runs of non-space, so ``inactive.[8](#),`` is one word; the highlight should stop
    where the quote's text stops. Unmatched quote characters at either end still claim as many
    passage characters, so an edited first or last word stays inside the passage.
    """
    from rapidfuzz.distance import Indel  # noqa: PLC0415 - loaded by closest_passage already

    # Uncached: a one-off slice would only push the source texts out of the cache.
    passage, index = _normalized.__wrapped__(text[start:end])
    blocks = Indel.opcodes(passage, needle).as_matching_blocks()
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
    ratio = Indel.normalized_similarity(needle, _SPACE.sub(" ", text[start:end]))
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


# Words that point back to what the source said before: a quote opening with one ("It is a
# protein...", "These drugs...", "But...") does not say on its own what it is about.
_REFERRING = _wordset(
    "it its they them their theirs these this those such he she his her him both another "
    "either neither but however also and so thus therefore yet instead moreover furthermore"
)
# Where a sentence ends: . ! or ? (and any closing quote or bracket, and a footnote number such
# as "cancer.21" or "cancer.[21](#)") before a space, or a line break (a heading or a list item
# ends without a full stop).
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]*]*(?:\d{1,3}|\[\d{1,3}\]\([^)\s]*\))?\s+|\n\s*")
_ABBREVIATIONS = _wordset("etc vs dr mr mrs ms prof fig al approx no")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # "U.S.", "e.g.", "J." end no sentence
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_MARKUP = re.compile(r"\*\*|__")  # Markdown's bold
_FOOTNOTE_AT_END = re.compile(r"(?<=[.!?])\d{1,3}$")
LEAD_IN_CHARS = 320  # a longer lead-in keeps its end: the words right before the quote
_LOOK_BACK = 3000  # characters searched for the start of a sentence


def begins_mid_thought(quote: str) -> bool:
    """Whether ``quote`` opens in the middle of a sentence (a lowercase first word such as
    "after a while, ...", not "mRNA") or with a word that points back ("It", "These", "But")."""
    words = _WORD.findall(quote)
    first = words[0].strip(_EDGE_PUNCT) if words else ""
    if not first:
        return False
    if first[0].islower() and not any(c.isupper() for c in first):
        return True
    return first.casefold().replace("’", "'") in _REFERRING


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``text[pos]`` begins (an abbreviation's full stop such as
    "e.g." does not end one)."""
    floor = max(0, pos - _LOOK_BACK)
    start = floor
    for match in _SENTENCE_END.finditer(text, floor, pos):
        if match.end() > pos:
            break
        stop = match.group()[0]
        number = text[match.start() - 1 : match.start()].isdigit() and "[" not in match.group()
        if stop == "." and number and any(c.isdigit() for c in match.group()):
            continue  # "2.0 ": a number, not a full stop before a footnote number
        if stop == ".":
            before = text[floor : match.start()].rsplit(None, 1)
            word = before[-1].casefold() if before else ""
            if word in _ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
        start = match.end()
    return start


def lead_in(quote: str, text: str) -> str:
    """The source's words just before ``quote`` when it begins mid-thought (see
    ``begins_mid_thought``), so a reader learns what "It" or "These drugs" means: the start of
    the quote's own sentence, and the sentence before when the quote starts one. "" when the
    quote stands alone, is not in ``text`` or opens it. Markdown links read as their words."""
    if not begins_mid_thought(quote):
        return ""
    found = locate(quote, text)
    if found is None:
        return ""
    start = found[0]
    begin = _sentence_start(text, start)
    if not text[begin:start].strip() or begins_mid_thought(text[begin:start]):
        end = len(text[:begin].rstrip())  # just past the full stop ending the sentence before
        begin = _sentence_start(text, max(0, end - 1))
    words = " ".join(_MARKUP.sub("", _MARKDOWN_LINK.sub(r"\1", text[begin:start])).split())
    words = _FOOTNOTE_AT_END.sub("", words)
    if len(words) > LEAD_IN_CHARS:
        cut = words[-LEAD_IN_CHARS:]
        words = "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    return words
