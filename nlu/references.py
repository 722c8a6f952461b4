"""What a message refers to by pattern: an appointment code, a household's size."""

from __future__ import annotations

import re

_PERSONS = re.compile(
    r"\b(?:(?:für|fuer|for)\s+([1-9]|zwei|drei|vier|two|three|four)\s+"
    r"(?:personen|persons|people|leute)"
    r"|zu\s+(zweit|dritt|viert)"
    r"|wir\s+sind\s+([1-9]|zwei|drei|vier)"
    r"|(two|three|four)\s+of\s+us)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    "zwei": 2, "drei": 3, "vier": 4, "two": 2, "three": 3, "four": 4,
    "zweit": 2, "dritt": 3, "viert": 4,
}  # fmt: skip


def find_persons(text: str) -> int | None:
    """A household's size: 'für 2 Personen', 'for three people'."""
    match = _PERSONS.search(text)
    if not match:
        return None
    word = next(g for g in match.groups() if g).lower()
    return _NUMBERS.get(word) or int(word)


_CODE = re.compile(r"\b([A-Z]{2}-[A-Z0-9]{5})\b", re.IGNORECASE)


def find_code(text: str) -> str | None:
    """An appointment code typed in a message ('bb-7k3qx' is read as BB-7K3QX)."""
    match = _CODE.search(text)
    return match.group(1).upper() if match else None
