"""E-mail addresses, phone numbers and stated names: the contact data a booking asks for."""

from __future__ import annotations

import re
from typing import Any

EXTRACTOR = "ContactPatterns"

# Invisible characters and full-width "＠" / "．" stay inside the match, so that such an address is
# refused as a whole (office.contacts) instead of being cut into a different, valid one.
_HIDDEN = "\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff"
_DOT = "[.\uff0e\u3002]"
_EMAIL = re.compile(
    rf"(?<![\w.+\-{_HIDDEN}])[\w.+\-{_HIDDEN}]+[@\uff20][\w\-{_HIDDEN}]+"
    rf"(?:{_DOT}[\w\-{_HIDDEN}]+)*{_DOT}[^\W\d_]{{2,}}(?![\w-])",
)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ()/-]{4,}\d(?![\w.,]\d)")
_NAME = re.compile(  # the cue in any case, the name capitalised: "ich heiße Peter Müller und ..."
    r"(?i:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|mein\s+name\s*:|name\s*:|my\s+name\s+is|"
    r"my\s+name's|this\s+is|hier\s+ist|i\s+am|i'm)\s+"
    r"(?P<name>[A-ZÄÖÜ][\w'-]+(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][\w'-]+){0,3})"
)
_NOT_A_NAME = {"hier", "da", "here", "there", "neu", "new", "sorry", "not", "nicht", "in", "so"}


def extract(text: str, region: str = "DE") -> list[dict[str, Any]]:
    out = [_entity("email", m.group().lower(), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    emails = [(e["start"], e["end"]) for e in out]
    for m in _PHONE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in emails):
            continue
        number = _phone(m.group(), region)
        if number:
            out.append(_entity("phone", number, m.start(), m.end()))
    for m in _NAME.finditer(text):
        name = m.group("name")
        if name.split()[0].lower() not in _NOT_A_NAME:
            out.append(_entity("name", name, m.start("name"), m.end("name")))
    return out


def _phone(raw: str, region: str) -> str | None:
    """E.164 ('+4933815800') for a plausible number of at least 6 digits, else None."""
    if sum(c.isdigit() for c in raw) < 6:
        return None
    import phonenumbers  # imported when first needed: its metadata takes ~0.3 s to load

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _entity(entity: str, value: str, start: int, end: int) -> dict[str, Any]:
    return {"entity": entity, "start": start, "end": end, "value": value, "extractor": EXTRACTOR}
