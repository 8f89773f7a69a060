"""Finding concepts by what people type: labels, aliases, descriptions and quotes, forgiving case,
punctuation and typos, ranked so the concept meant comes first. No Qt.

"pdl1" finds PD-L1, "keytrda" finds pembrolizumab through its alias Keytruda, "exhaust" finds the
concept whose description or quotes mention exhaustion. Each hit carries the words around the
match so the list can show why it matched. Built once per map; a keystroke on a 5k-concept map
costs a few milliseconds: exact and prefix tests first, edit distances only for candidates that
share most of the query's letter pairs.
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from sys import intern

from rapidfuzz.distance import OSA

from mapviewer.model import ConceptMap

LABEL = "label"
ALIAS = "alias"
DESCRIPTION = "description"
QUOTE = "quote"
CONTEXT = 36  # characters shown either side of a match in a description or quote
TEXT_SCORE = 40.0  # a match in a description; quotes rank a little lower, names higher
# Letters inside a word ("tme" in "treaTMEnt", "ici" in "vICInity") are noise for a short
# query: people type the start of a word or an acronym. From this length on a piece of a word
# is meant often enough ("lizumab") to be listed, below every word-start and acronym match.
INSIDE_WORD_FROM = 4
ACRONYM_FROM = 3  # two initials ("pl" for PD-L1) match too much to mean an acronym
# Left out of the initials a person types for a name: "Loss of antigen presentation" is LAP.
SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"})


# Plain ASCII text, most of any map, takes a C-speed path with the same result: building the
# index of a 20k map went through 13 million characters one Python call at a time (2 s of CPU,
# paid on the first keystroke).
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Lebbé' and 'lebbe' compare equal."""
    if text.isascii():
        return text.casefold()  # nothing to decompose, no combining marks
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact(text: str) -> str:
    """Letters and digits only: 'PD-L1', 'PD L1' and 'pdl1' are the same search key."""
    if text.isascii():
        return _NOT_ALNUM.sub("", text.casefold())
    return "".join(c for c in fold(text) if c.isalnum())


def words(text: str) -> list[str]:
    """A text's words, folded; each word one shared string (see _GRAMS)."""
    if text.isascii():
        found = _NOT_ALNUM.sub(" ", text.casefold()).split()
    else:
        found = [w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if w]
    return [intern(w) for w in found]


# Each letter pair once: an index holds millions of them (100k map: 1.8 million pair strings,
# about 90 MB, of some 1,300 distinct ones), and words likewise through sys.intern.
_GRAMS: dict[str, str] = {}


def _bigrams(text: str) -> frozenset[str]:
    grams = _GRAMS
    return frozenset(
        grams.setdefault(text[i : i + 2], text[i : i + 2]) for i in range(len(text) - 1)
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), ``limit + 1`` above ``limit``.

    The restricted form (optimal string alignment), as rapidfuzz computes it in C: a typed
    query is compared with many words on every keystroke.
    """
    return OSA.distance(a, b, score_cutoff=limit)


def _with_prefix(vocabulary: list[str], prefix: str) -> list[str]:
    """The words of a sorted vocabulary that start with ``prefix``: they sit together, found by
    one binary search instead of a scan."""
    start = end = bisect.bisect_left(vocabulary, prefix)
    while end < len(vocabulary) and vocabulary[end].startswith(prefix):
        end += 1
    return vocabulary[start:end]


def typo_budget(length: int) -> int:
    """How many typos a query of this length may contain and still mean something."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    return 2


@dataclass(frozen=True)
class Hit:
    """A concept found: the field that matched, its text (a label, an alias, or the words around
    the match in a description or quote), where in that text the match is, and a rank score."""

    node_id: str
    score: float
    field: str
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class _Entry:
    node_id: str
    field: str
    text: str
    key: str  # compact form
    words: tuple[str, ...]
    bigrams: frozenset[str]
    starts: frozenset[int]  # where each word begins in ``key``
    initials: tuple[str, ...]  # every word's first letter; and without the small words


def _entry(node_id: str, field: str, text: str, key: str) -> _Entry:
    parts = tuple(words(text))
    starts, offset = set(), 0
    for word in parts:
        starts.add(offset)
        offset += len(word)
    every = "".join(w[0] for w in parts)
    main = "".join(w[0] for w in parts if w not in SMALL_WORDS)
    initials = tuple(dict.fromkeys(i for i in (every, main) if len(i) >= ACRONYM_FROM))
    return _Entry(node_id, field, text, key, parts, _bigrams(key), frozenset(starts), initials)


_UNKNOWN = _Entry("", "", "", "", (), frozenset(), frozenset(), ())  # not prepared before


class SearchIndex:
    """A map's searchable text, prepared once so each keystroke only compares strings."""

    # What the next index of this map may take over: each name's entry (None: nothing to
    # search in it), each description's or quote's words.
    _prepared: dict[tuple[str, str, str], _Entry | None]
    _text_words: dict[str, set[str]]

    def __init__(self, cmap: ConceptMap, previous: SearchIndex | None = None) -> None:
        """``previous``: the index of this map before an edit. A name or text it already
        prepared is taken from it as it is, which halves rebuilding a 20k map's index."""
        entries = []
        self._texts: dict[tuple[str, str], list[str]] = defaultdict(list)  # (node, field) -> texts
        postings: dict[str, set[tuple[str, str]]] = defaultdict(set)
        known = previous._prepared if previous is not None else {}
        known_words = previous._text_words if previous is not None else {}
        prepared: dict[tuple[str, str, str], _Entry | None] = {}
        text_words: dict[str, set[str]] = {}
        for node in cmap.nodes:
            for field, text in [(LABEL, node.label)] + [(ALIAS, a) for a in node.aliases]:
                name = (node.id, field, text)
                entry = known.get(name, _UNKNOWN)
                if entry is _UNKNOWN:
                    key = compact(text)
                    entry = _entry(node.id, field, text, key) if key else None
                prepared[name] = entry
                if entry is not None:
                    entries.append(entry)
            for field, text in [(DESCRIPTION, node.description)] + [
                (QUOTE, q.text) for q in node.quotes
            ]:
                if not text:
                    continue
                place = (node.id, field)
                self._texts[place].append(text)
                found = known_words.get(text)
                if found is None:
                    found = set(words(text))  # each word once: a set add per word is the cost
                text_words[text] = found
                for word in found:
                    postings[word].add(place)
        self._prepared = prepared
        self._text_words = text_words
        self._entries = entries
        self._rank = {node.id: index for index, node in enumerate(cmap.nodes)}
        self._postings = postings
        self._vocabulary = sorted(postings)
        self._index_names(entries)

    def _index_names(self, entries: list[_Entry]) -> None:
        """Candidate finders, so a keystroke scores only entries that can match at all: one
        string of every key for substring search at C speed, word and letter-pair postings."""
        self._blob = "\x00".join(e.key for e in entries)
        self._starts: list[int] = []
        offset = 0
        for entry in entries:
            self._starts.append(offset)
            offset += len(entry.key) + 1
        label_words: dict[str, set[int]] = defaultdict(set)
        grams: dict[str, set[int]] = defaultdict(set)
        initials: dict[str, set[int]] = defaultdict(set)
        for index, entry in enumerate(entries):
            for word in entry.words:
                label_words[word].add(index)
            for gram in entry.bigrams:
                grams[gram].add(index)
            for letters in entry.initials:
                initials[letters].add(index)
        self._label_words = label_words
        self._label_vocabulary = sorted(label_words)
        self._grams = grams
        self._initials = initials
        self._initials_vocabulary = sorted(initials)
        # Every key in order, for the names that start with what is typed: one binary search.
        self._by_key = sorted(range(len(entries)), key=lambda i: entries[i].key)
        self._sorted_keys = [entries[i].key for i in self._by_key]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Concepts best matching ``query``, best first; one hit per concept."""
        key = compact(query)
        if not key:
            return []
        query_words = words(query)
        query_bigrams = _bigrams(key)
        scorer = _Scorer(self._entries, self._rank, key, query_words, query_bigrams)
        # "TME" typed in capitals is an acronym; "Kin" is the start of a word ("Kinase"), and
        # beats a name it is merely the initials of ("Kynurenine interferon naive").
        scorer.shouted = query.upper() == query
        if self._names_starting(scorer, limit):
            return _ranked(scorer, limit)
        for index in sorted(self._candidates(key, query_words, query_bigrams)):
            scorer.score(index)
        best = scorer.best
        strong = sum(1 for h in best.values() if h.score > TEXT_SCORE)
        if strong < limit:  # descriptions and quotes only fill what names left empty
            for hit in self._text_hits(query_words, set(best), limit - strong):
                best.setdefault(hit.node_id, hit)
        found = _ranked(scorer, limit)
        if found or len(query_words) < 2:
            return found
        return self._some_words(query, query_words, limit)

    def _some_words(self, query: str, query_words: list[str], limit: int) -> list[Hit]:
        """Nothing holds every word: the concepts found by most of them, each word searched on
        its own, below any match of every word. "checkpoint inhibitors melanoma" found nothing,
        where Immune checkpoint inhibitors and Melanoma each hold some of it."""
        tally: dict[str, tuple[int, float, Hit]] = {}
        for word in dict.fromkeys(query_words):
            if len(word) < 3:
                continue
            for hit in self.search(word, limit):
                count, total, first = tally.get(hit.node_id, (0, 0.0, hit))
                tally[hit.node_id] = (count + 1, total + hit.score, first)
        ranked = sorted(tally.values(), key=lambda t: (-t[0], -t[1], t[2].text))
        return [replace(hit, score=min(hit.score, TEXT_SCORE) - 20) for _, _, hit in ranked][:limit]

    def _names_starting(self, scorer: _Scorer, limit: int) -> bool:
        """Score the names that start with the key (and those it is the acronym of), shortest
        first, and say whether they settle the list: whether ``limit`` concepts score above
        anything else could.

        A name that does not start with the key scores at most ``ELSEWHERE``, a prefix match
        less the longer the name. A short query ("e", "re") is the start of thousands of names
        in a 20k map: scoring every candidate took 100-350 ms a keystroke; the shortest few
        decide the list.
        """
        key = scorer.key
        for index in self._initials.get(key, ()):
            scorer.score(index)
        start = bisect.bisect_left(self._sorted_keys, key)
        end = bisect.bisect_right(self._sorted_keys, key + "\U0010ffff", start)
        ordered = sorted(range(start, end), key=lambda i: len(self._sorted_keys[i]))
        length = -1
        for position in ordered:
            here = len(self._sorted_keys[position])
            if here != length:
                length = here
                if scorer.settled(limit, _prefix_ceiling(here - len(key))):
                    return True
            scorer.score(self._by_key[position])
        return scorer.settled(limit, ELSEWHERE)

    def _candidates(
        self, key: str, query_words: list[str], query_bigrams: frozenset[str]
    ) -> set[int]:
        """Entries that contain the key, whose words start with every query word, or that share
        at least half the query's letter pairs (the only ones a typo match could come from)."""
        found: set[int] = set()
        position = self._blob.find(key)
        while position >= 0:
            found.add(bisect.bisect_right(self._starts, position) - 1)
            position = self._blob.find(key, position + 1)
        if query_words:
            common: set[int] | None = None
            for query_word in query_words:
                here: set[int] = set()
                for word in _with_prefix(self._label_vocabulary, query_word):
                    here |= self._label_words[word]
                common = here if common is None else common & here
            found |= common or set()
        if len(key) >= ACRONYM_FROM:
            for letters in _with_prefix(self._initials_vocabulary, key):
                found |= self._initials[letters]
        if typo_budget(len(key)) and query_bigrams:
            counts: dict[int, int] = defaultdict(int)
            for gram in query_bigrams:
                for index in self._grams.get(gram, ()):
                    counts[index] += 1
            need = (len(query_bigrams) + 1) // 2
            found.update(index for index, count in counts.items() if count >= need)
        return found

    def _matching_words(self, query_word: str) -> list[str]:
        """Vocabulary words a query word stands for: by prefix, or within a typo or two."""
        found = _with_prefix(self._vocabulary, query_word)
        budget = typo_budget(len(query_word))
        if not found and budget:
            grams = _bigrams(query_word)
            for word in self._vocabulary:
                if abs(len(word) - len(query_word)) > budget + 3:
                    continue
                if len(grams & _bigrams(word)) * 2 < len(grams):
                    continue
                if edit_distance(query_word, word[: len(query_word) + 1], budget) <= budget:
                    found.append(word)
        return found

    def _text_hits(self, query_words: list[str], have: set[str], wanted: int) -> list[Hit]:
        """Up to ``wanted`` concepts (not in ``have``) whose description or quotes contain every
        query word as a word prefix; descriptions first, then quotes, each in map order."""
        # One- and two-letter words ("t" of "t cell", "pd" and "1" of "PD-1") say too little to
        # search long texts by as the starts of words: they count as whole words. Left out,
        # "pd-1 antibody" listed Trastuzumab and Rituximab (antibodies, anti-HER2 and anti-CD20)
        # first. The longest word is the one shown in context.
        query_words = sorted(query_words, key=len, reverse=True)
        if not query_words or len(query_words[0]) < 3:
            return []
        matches: set[tuple[str, str]] | None = None
        first_words: list[str] = []
        for query_word in query_words:
            places: set[tuple[str, str]] = set()
            if len(query_word) < 3:
                vocabulary = [query_word] if query_word in self._postings else []
            else:
                vocabulary = self._matching_words(query_word)
            if not first_words:
                first_words = vocabulary
            for word in vocabulary:
                places |= self._postings[word]
            matches = places if matches is None else matches & places
            if not matches:
                return []
        hits: list[Hit] = []
        order = sorted(matches or (), key=lambda m: (m[1] != DESCRIPTION, self._rank[m[0]]))
        for node_id, field in order:
            if len(hits) >= wanted:
                break
            if node_id in have:
                continue
            for text in self._texts[(node_id, field)]:
                snippet = _context(text, first_words)
                if snippet is not None:
                    score = TEXT_SCORE if field == DESCRIPTION else TEXT_SCORE - 8
                    hits.append(Hit(node_id, score, field, *snippet))
                    have.add(node_id)
                    break
        return hits


LABEL_BONUS = 2.0  # a label beats an alias matching equally well
# The most a name scores when it does not start with the key (every word's start, 75) and is
# not its acronym, with the label's bonus; see _score.
ELSEWHERE = 75.0 + LABEL_BONUS


def _prefix_ceiling(extra: int) -> float:
    """The most a name starting with the key scores when ``extra`` letters longer than it (and
    not its acronym: those are scored first): _score's prefix tier with the label's bonus."""
    if extra == 0:
        return 100.0 + LABEL_BONUS
    return 85.0 - min(10.0, extra / 3) + LABEL_BONUS


class _Scorer:
    """One query's best hit per concept, entry by entry; the earliest entry wins a tie, so the
    order entries are scored in does not change the result."""

    def __init__(
        self,
        entries: list[_Entry],
        order: dict[str, int],
        key: str,
        query_words: list[str],
        query_bigrams: frozenset[str],
    ) -> None:
        self.entries = entries
        self.key = key
        self.query_words = query_words
        self.query_bigrams = query_bigrams
        self.shouted = True  # typed in capitals: initials rank above a name's start
        self.best: dict[str, Hit] = {}
        self._from: dict[str, int] = {}  # concept -> the entry its best hit came from
        self.order = order  # concept -> its place in the map
        # Many labels share a key ("Resistance"): each scored once. The words are part of it:
        # "PD-L1" and "PDL1" share a key but not their word starts or initials.
        self._memo: dict[tuple[str, tuple[str, ...]], float] = {}
        self._done: set[int] = set()

    def score(self, index: int) -> None:
        if index in self._done:
            return
        self._done.add(index)
        entry = self.entries[index]
        score = self._memo.get((entry.key, entry.words))
        if score is None:
            score = _score(entry, self.key, self.query_words, self.query_bigrams, self.shouted)
            self._memo[entry.key, entry.words] = score
        if score <= 0:
            return
        if entry.field == LABEL:
            score += LABEL_BONUS
        old = self.best.get(entry.node_id)
        if old is not None and (
            score < old.score or (score == old.score and index > self._from[entry.node_id])
        ):
            return
        start, end = _span(entry.text, self.query_words)
        self.best[entry.node_id] = Hit(entry.node_id, score, entry.field, entry.text, start, end)
        self._from[entry.node_id] = index

    def settled(self, limit: int, ceiling: float) -> bool:
        """Whether ``limit`` concepts already score above ``ceiling`` (and above any text
        match), so nothing scoring at most that can enter or reorder the list."""
        if len(self.best) < limit:
            return False
        floor = heapq.nlargest(limit, (h.score for h in self.best.values()))[-1]
        return floor > max(ceiling, TEXT_SCORE)


def _ranked(scorer: _Scorer, limit: int) -> list[Hit]:
    """Best first; two concepts equal in score and text (two "Resistance" labels) in map order,
    whatever order they were scored in."""
    order = scorer.order
    last = len(order)
    ranked = sorted(
        scorer.best.values(),
        key=lambda h: (-h.score, len(h.text), h.text, order.get(h.node_id, last)),
    )
    return ranked[:limit]


def _span(text: str, query_words: list[str]) -> tuple[int, int]:
    """Where the first query word appears in a label or alias (0, 0 when only a typo matched)."""
    folded = fold(text)
    if len(folded) != len(text) or not query_words:
        return 0, 0
    for word in query_words:
        index = folded.find(word)
        if index >= 0:
            end = index + len(word)
            while end < len(text) and text[end].isalnum():
                end += 1
            return index, end
    return 0, 0


def _context(text: str, targets: list[str]) -> tuple[str, int, int] | None:
    """The words around the first occurrence of any target word, with the match's position."""
    folded = fold(text)
    if len(folded) != len(text):  # accents folded away: positions would not line up
        folded = text.casefold()
    position, length = -1, 0
    for target in targets:
        index = folded.find(target)
        while index > 0 and folded[index - 1].isalnum():  # start of a word only
            index = folded.find(target, index + 1)
        if index >= 0 and (position < 0 or index < position):
            position, length = index, len(target)
    if position < 0:
        return None
    start = max(0, position - CONTEXT)
    end = min(len(text), position + length + CONTEXT)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + " ".join(text[start:end].split()) + suffix
    # Find the match again in the squeezed snippet (whitespace runs became single spaces).
    matched = " ".join(text[position : position + length].split())
    where = snippet.casefold().find(matched.casefold())  # fold() would turn "…" into "..."
    if where < 0:
        where = 0
    return snippet, where, where + len(matched)


def _score(
    entry: _Entry,
    key: str,
    query_words: list[str],
    query_bigrams: frozenset[str],
    shouted: bool = True,
) -> float:
    """Whole name, then an acronym (its initials) typed in capitals, the name's start, an
    acronym typed otherwise, every word's start, a piece starting at a word, a piece inside a
    word, a typo: each tier below the one before."""
    text = entry.key
    if text == key:
        return 100.0
    if key in entry.initials and (shouted or not text.startswith(key)):
        # "ICI": Immune checkpoint inhibitors; typed "ici", above every word's start still but
        # below a short name's start.
        return 90.0 if shouted else 80.0
    if text.startswith(key):
        return 85.0 - min(10.0, (len(text) - len(key)) / 3)
    if query_words and all(any(w.startswith(q) for w in entry.words) for q in query_words):
        return 75.0 - min(10.0, (len(text) - len(key)) / 4)
    if any(i.startswith(key) for i in entry.initials):
        return 66.0 - min(6.0, min(len(i) for i in entry.initials) - len(key))
    position = text.find(key)
    while position >= 0 and position not in entry.starts:
        position = text.find(key, position + 1)
    if position >= 0:
        return 60.0 - min(10.0, (len(text) - len(key)) / 4)
    if key in text and len(key) >= INSIDE_WORD_FROM:
        # Below a description's match (TEXT_SCORE) for four letters, above it from five.
        return TEXT_SCORE - 4 + 8 * min(1, len(key) - INSIDE_WORD_FROM) - min(6.0, len(text) / 10)
    budget = typo_budget(len(key))
    if budget == 0:
        return 0.0
    # Edit distances only for entries sharing at least half the query's letter pairs.
    if len(query_bigrams & entry.bigrams) * 2 < len(query_bigrams):
        return 0.0
    candidates = {text, text[: len(key)], text[: len(key) + 1], *entry.words}
    distance = min(edit_distance(key, c, budget) for c in candidates)
    if distance <= budget:
        return 50.0 - 12.0 * distance
    return 0.0
