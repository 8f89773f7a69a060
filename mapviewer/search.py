"""Finding concepts by what people type: labels and aliases, forgiving case, punctuation and typos.

"pdl1" finds PD-L1, "keytrda" finds pembrolizumab through its alias Keytruda. No Qt, so the
ranking is tested without a window.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from mapviewer.model import ConceptMap

LABEL = "label"
ALIAS = "alias"


def fold(text: str) -> str:
    """Lower case without accents: 'Lebbé' and 'lebbe' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact(text: str) -> str:
    """Letters and digits only: 'PD-L1', 'PD L1' and 'pdl1' are the same search key."""
    return "".join(c for c in fold(text) if c.isalnum())


def words(text: str) -> list[str]:
    folded = fold(text)
    out = []
    current = []
    for char in folded:
        if char.isalnum():
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), giving up above ``limit``."""
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


def typo_budget(length: int) -> int:
    """How many typos a query of this length may contain and still mean something."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    return 2


@dataclass(frozen=True)
class Hit:
    """A concept found, with the text that matched (a label or an alias) and a rank score."""

    node_id: str
    score: float
    field: str
    text: str


@dataclass(frozen=True)
class _Entry:
    node_id: str
    field: str
    text: str
    key: str  # compact form
    words: tuple[str, ...]


class SearchIndex:
    """Labels and aliases of a map, prepared once so each keystroke only compares strings."""

    def __init__(self, cmap: ConceptMap) -> None:
        entries = []
        for node in cmap.nodes:
            for field, text in [(LABEL, node.label)] + [(ALIAS, a) for a in node.aliases]:
                key = compact(text)
                if key:
                    entries.append(_Entry(node.id, field, text, key, tuple(words(text))))
        self._entries = entries

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Concepts best matching ``query``, best first; one hit per concept."""
        key = compact(query)
        if not key:
            return []
        query_words = words(query)
        best: dict[str, Hit] = {}
        for entry in self._entries:
            score = _score(entry, key, query_words)
            if score <= 0:
                continue
            if entry.field == LABEL:
                score += 2  # a label beats an alias matching equally well
            old = best.get(entry.node_id)
            if old is None or score > old.score:
                best[entry.node_id] = Hit(entry.node_id, score, entry.field, entry.text)
        ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.text), h.text))
        return ranked[:limit]


def _score(entry: _Entry, key: str, query_words: list[str]) -> float:
    text = entry.key
    if text == key:
        return 100.0
    if text.startswith(key):
        return 85.0 - min(10.0, (len(text) - len(key)) / 3)
    if query_words and all(any(w.startswith(q) for w in entry.words) for q in query_words):
        return 75.0 - min(10.0, (len(text) - len(key)) / 4)
    if key in text:
        return 60.0 - min(10.0, (len(text) - len(key)) / 4)
    budget = typo_budget(len(key))
    if budget == 0:
        return 0.0
    # A typo anywhere: compare against the whole text, its same-length prefix and each word.
    candidates = {text, text[: len(key)], text[: len(key) + 1], *entry.words}
    distance = min(edit_distance(key, c, budget) for c in candidates)
    if distance <= budget:
        return 50.0 - 12.0 * distance
    return 0.0
