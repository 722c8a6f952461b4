"""Button payloads, Rasa's `/intent{"slot": "value"}`: the one grammar, to write and to read.

A payload is only a shortcut for what a citizen could type: it names an intent and entity
values, and the engine validates them like free text. Anything malformed is not a payload.
The engine, the NLU's `/model/parse`, staff confirmations, notices and the main options all
write and read payloads here.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

_PAYLOAD = re.compile(r"^/([a-z_]{1,40})(\{.*\})?$", re.DOTALL)
MAX_PAYLOAD = 512  # what a chat button or a typed message may carry
MAX_VALUE = 200


class Payload(NamedTuple):
    intent: str
    entities: dict[str, str]


def write(intent: str, **entities: Any) -> str:
    """The payload for a button."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def read(text: str, max_length: int = MAX_PAYLOAD, max_value: int = MAX_VALUE) -> Payload | None:
    """The intent and entities of a well-formed payload; None when `text` is not one.

    Entity values must be strings (or numbers, turned into strings): nested JSON and booleans
    are refused. Staff confirmations, kept on the server behind a button id, carry a whole
    broadcast text and read with larger limits.
    """
    if not text.startswith("/") or len(text) > max_length:
        return None
    match = _PAYLOAD.match(text.strip())
    if not match:
        return None
    intent, raw = match.groups()
    if not raw:
        return Payload(intent, {})
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    entities: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(key, str) or isinstance(value, bool):
            return None
        if isinstance(value, int | float | str):
            entities[key] = str(value)[:max_value]
        else:
            return None
    return Payload(intent, entities)


# The main options, offered wherever a conversation could otherwise end: (text key, payload).
MAIN_OPTIONS = (
    ("button.hours", write("ask_opening_hours")),
    ("button.walk_in", write("ask_walkin_hours")),
    ("button.book", write("book_appointment")),
    ("button.my_appointments", write("my_appointments")),
    ("button.emergency", write("report_emergency")),
)
