"""Text clean-up shared by training and parsing, so both see a message the same way."""

from __future__ import annotations

import unicodedata

MAX_CHARS = 2000  # longer input is cut, not rejected: no citizen's question needs more

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "’": "'", "`": "'"})


def as_text(value: object) -> str:
    """Any input as text, cut to MAX_CHARS: bytes are decoded leniently, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", errors="replace")
    text = value if isinstance(value, str) else str(value)
    # lone surrogates (from lenient decoding elsewhere) would break JSON encoding downstream
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text[:MAX_CHARS]


def lower_same_length(text: str) -> str:
    """Lower case that keeps every offset ('İ'.lower() is two characters; such stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents dropped: 'Führungszeugnis' -> 'fuehrungszeugnis'."""
    text = text.lower().translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
