"""The classifier's view of a message: word uni- and bigrams, character 3- to 5-grams within
words (robust to typos and missing umlauts), its length, and one marker per kind of entity."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from nlu.normalise import fold

VERSION = "2"  # part of the model's cache key: bump when the features change

_WORD = re.compile(r"\w+|[?!]")
CHAR_NGRAMS = (3, 4, 5)


def features(text: str, entity_kinds: Iterable[str] = ()) -> list[str]:
    words = split(text)
    out = [f for w in words for f in word_features(w)]
    return out + context_features(words, entity_kinds)


def split(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def word_features(word: str) -> tuple[str, ...]:
    """The word and its character n-grams; cached, as citizens use a few thousand words."""
    padded = f" {word} "
    grams = (padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1))
    return (f"w:{word}", *(f"c:{g}" for g in grams))


def context_features(words: list[str], entity_kinds: Iterable[str] = ()) -> list[str]:
    """Word bigrams (with the message's start and end) and the kinds of entities found."""
    out = [f"b:{a} {b}" for a, b in zip(["^", *words], [*words, "$"], strict=True)]
    out.append(f"n:{_length(len(words))}")  # a bare answer (inform) is short
    kinds = {_MARKER.get(kind, kind) for kind in entity_kinds}
    return out + [f"e:{kind}" for kind in sorted(kinds)]


# A day with two readings is a day all the same: the message's intent does not change.
_MARKER = {"date_unclear": "date"}


def _length(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8+"
