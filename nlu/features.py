"""The classifier's view of a message: word uni- and bigrams, character 3- to 5-grams within
words (robust to typos and missing umlauts), and one marker per kind of entity found."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlu.normalise import fold

VERSION = "1"  # part of the model's cache key: bump when the features change

_WORD = re.compile(r"\w+|[?!]")
CHAR_NGRAMS = (3, 4, 5)


def features(text: str, entity_kinds: Iterable[str] = ()) -> list[str]:
    words = _WORD.findall(fold(text))
    out = [f"w:{w}" for w in words]
    out += [f"b:{a} {b}" for a, b in zip(["^", *words], [*words, "$"], strict=True)]
    for w in words:
        padded = f" {w} "
        for n in CHAR_NGRAMS:
            out += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    out += [f"e:{kind}" for kind in sorted(set(entity_kinds))]
    return out
