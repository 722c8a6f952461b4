"""All entity extractors in one pass: contact data first, then dates and times, then the
services and documents in what is left."""

from __future__ import annotations

from datetime import date
from typing import Any

from nlu import contacts, dates
from nlu.lexicon import Lexicon
from nlu.normalise import lower_same_length


class EntityExtractor:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def extract(self, text: str, today: date) -> list[dict[str, Any]]:
        found = contacts.extract(text)
        taken = [(e["start"], e["end"]) for e in found if e["entity"] != "name"]
        for e in dates.extract(lower_same_length(text), today):
            if not _overlaps(e, taken):
                found.append(e)
        taken = [(e["start"], e["end"]) for e in found]
        found += self.lexicon.extract(text, taken)
        return sorted(found, key=lambda e: (e["start"], e["end"], e["entity"]))


def _overlaps(e: dict[str, Any], spans: list[tuple[int, int]]) -> bool:
    return any(s < e["end"] and e["start"] < t for s, t in spans)
