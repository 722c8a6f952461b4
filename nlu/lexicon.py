"""Services and documents found by their many names: exact phrases, compounds and typos.

The names come from the training data (annotations, synonyms, lookup tables) and the service
catalog; values are catalog ids for `service` and document ids for `document`. A word naming
both ("Perso") yields both entities over the same span; the dialogue picks the one it needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from nlu.normalise import fold

EXTRACTOR = "Lexicon"
FUZZY_MIN_LEN = 6  # shorter words are matched exactly only: "Pass" must not find "Post"
FUZZY_CUTOFF = 90.0  # one typo in a 10-letter word; "Passwort" vs "passport" is 87.5
COMPOUND_MIN_KEY = 5  # "Reisepassantrag" holds "reisepass"; "Passfoto" does not hold "pass"
COMPOUND_MIN_REST = 3
# Ordinary words that merely start like a service's short name ("Perso"): never compounds.
NOT_COMPOUNDS = frozenset({"person", "personen", "personal", "persoenlich", "persoenliche"})
# Passes and cards of other offices that end like "Ausweis" or "Pass" ("Schwerbehindertenausweis").
_OTHER_HEADS = (
    "schwerbehinderten", "behinderten", "park", "bewohnerpark", "anwohnerpark", "studenten",
    "schueler", "dienst", "mitglieds", "bibliotheks", "leser", "presse", "sozial", "firmen",
    "betriebs", "ehrenamts", "familien",
)  # fmt: skip
NOT_COMPOUNDS |= {h + tail for h in _OTHER_HEADS for tail in ("ausweis", "ausweise", "ausweises")}

_TOKEN = re.compile(r"\w+", re.UNICODE)

Sense = tuple[str, str]  # (entity, value)


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[tuple[str, ...], tuple[Sense, ...]]
    longest: int
    words: frozenset[str]  # single-word keys long enough for compounds and fuzzy matching
    choices: tuple[str, ...]  # the same, in order, for rapidfuzz

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str, str]]) -> Lexicon:
        """`entries` are (entity, surface text, value); the same text may name several senses."""
        senses: dict[tuple[str, ...], list[Sense]] = {}
        for entity, text, value in entries:
            key = tuple(_TOKEN.findall(fold(text)))
            if key and (entity, value) not in senses.setdefault(key, []):
                senses[key].append((entity, value))
        phrases = {k: tuple(v) for k, v in senses.items()}
        words = tuple(
            sorted(k[0] for k in phrases if len(k) == 1 and len(k[0]) >= COMPOUND_MIN_KEY)
        )
        longest = max((len(k) for k in phrases), default=0)
        return cls(phrases, longest, frozenset(words), words)

    def values(self, entity: str) -> set[str]:
        return {v for senses in self.phrases.values() for e, v in senses if e == entity}

    def extract(self, text: str, taken: Sequence[tuple[int, int]] = ()) -> list[dict[str, Any]]:
        """Entities in `text`, longest phrase first, skipping the spans in `taken` (dates...)."""
        tokens = [
            (m.start(), m.end(), fold(m.group()))
            for m in _TOKEN.finditer(text)
            if not any(s < m.end() and m.start() < e for s, e in taken)
        ]
        out: list[dict[str, Any]] = []
        i = 0
        while i < len(tokens):
            hit = self._phrase_at(tokens, i)
            if hit:
                n, senses, confidence = hit
                start, end = tokens[i][0], tokens[i + n - 1][1]
                out.extend(_entity(e, v, start, end, confidence) for e, v in senses)
                i += n
            else:
                i += 1
        return out

    def _phrase_at(self, tokens, i: int) -> tuple[int, tuple[Sense, ...], float] | None:
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            key = tuple(t[2] for t in tokens[i : i + n])
            if key in self.phrases:
                return n, self.phrases[key], 1.0
        word = tokens[i][2]
        if len(word) < FUZZY_MIN_LEN:
            return None
        part = self._compound(word)
        if part:
            return 1, self.phrases[(part,)], 0.9
        best = process.extractOne(word, self.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best:
            return 1, self.phrases[(best[0],)], round(best[1] / 100, 2)
        return None

    def _compound(self, word: str) -> str | None:
        """The longest known word that starts or ends the compound ('ausweisverlust')."""
        if word in NOT_COMPOUNDS:
            return None
        for n in range(len(word) - COMPOUND_MIN_REST, COMPOUND_MIN_KEY - 1, -1):
            for part in (word[:n], word[-n:]):
                if part in self.words:
                    return part
        return None


def _entity(entity: str, value: str, start: int, end: int, confidence: float) -> dict[str, Any]:
    return {
        "entity": entity,
        "start": start,
        "end": end,
        "value": value,
        "confidence_entity": confidence,
        "extractor": EXTRACTOR,
    }
