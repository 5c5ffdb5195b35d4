"""Words as readers type them: folding (case and accents) and typo
tolerance. Pure functions, no database; the knowledge base's search and the
desk's queue filter decide with the same rule whether a typed word means a
known one.

Trigram similarity alone misses typos in short words: one swapped pair of
letters in "beamer" ("bemaer") leaves 3 of 11 trigrams shared (0.27), under
pg_trgm's 0.3, while the same typo in "projecteur" keeps 0.69. Long French
words pass, short German ones ("beamer", "tafel", "wlan") do not. So a word
is also taken for a known one at a small edit distance (a swapped pair
counts as one edit), allowed by the word's length.
"""

import re
import unicodedata

# Characters that unaccent turns into two letters; the rest lose their marks.
_LIGATURES = str.maketrans({"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})
_WORD = re.compile(r"[^\W_]+")
SIMILARITY_THRESHOLD = 0.3  # pg_trgm's default for the `%` operator
MIN_CORRECTED_LENGTH = 4


def fold(text: str) -> str:
    """Lower case without accents, as PostgreSQL's `unaccent(lower(text))`."""
    text = text.lower().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_words(text: str) -> list[str]:
    """The words of `text`, folded, in order."""
    return _WORD.findall(fold(text))


def trigrams(word: str) -> set[str]:
    """The trigrams of a word as pg_trgm counts them (two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity()` for single words: shared / all trigrams."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from `a` to `b`;
    any figure above `limit` is returned as `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = 0 if char == other else 1
            value = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before and i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                value = min(value, before[j - 2] + 1)
            current.append(value)
        before, row = row, current
    return min(row[-1], limit + 1)


def typos_allowed(word: str) -> int:
    """One typo from four letters on, two from eight."""
    if len(word) < MIN_CORRECTED_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


def length_window(word: str) -> tuple[int, int]:
    """The lengths a known word may have to be taken for `word` by edit
    distance (a narrow range of the vocabulary to look at)."""
    allowed = typos_allowed(word)
    return len(word) - allowed, len(word) + allowed


def resembles(typed: str, known: str) -> bool:
    """Whether `known` may be what the reader meant by `typed` (both folded)."""
    if len(typed) < MIN_CORRECTED_LENGTH or typed.isdigit():
        return typed == known
    if edit_distance(typed, known) <= typos_allowed(typed):
        return True
    return trigram_similarity(typed, known) >= SIMILARITY_THRESHOLD


def nearest(typed: str, candidates) -> str | None:
    """The known word most like `typed`: the fewest edits, then the most
    similar trigrams, then alphabetical order; None when none resembles it."""
    scored = [
        (edit_distance(typed, known), -trigram_similarity(typed, known), known)
        for known in set(candidates)
        if resembles(typed, known)
    ]
    return min(scored)[2] if scored else None
