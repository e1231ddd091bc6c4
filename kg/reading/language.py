"""Is a text English?  A stop-word profile: in English prose about a third of
the words are function words ("the", "of", "and", ...); in other languages
almost none of ours are.  Short texts are given the benefit of the doubt."""

from __future__ import annotations

import re
from functools import cache

from kg.patterns import load

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _profile() -> tuple[frozenset[str], int, float]:
    data = load("english")
    return frozenset(data["function_words"]), int(data["min_words"]), float(data["min_share"])


def english_share(text: str) -> float | None:
    """Share of words that are English function words, or None for short texts."""
    function_words, min_words, _ = _profile()
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < min_words:
        return None
    return sum(1 for w in words if w in function_words) / len(words)


def is_english(text: str) -> bool:
    share = english_share(text)
    return share is None or share >= _profile()[2]
