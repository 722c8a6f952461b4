"""Rasa-style button payloads: `/intent{"slot": "value"}`.

A payload is only a shortcut for what a citizen could type: it names an intent and entity
values, and the engine validates them like free text. Anything malformed is not a payload.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PAYLOAD = re.compile(r"^/([a-z_]{1,40})(\{.*\})?$", re.DOTALL)
MAX_PAYLOAD = 512


def make(intent: str, **entities: Any) -> str:
    """The payload for a button."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """(intent, entities) of a well-formed payload; None when `text` is not one.

    Entity values must be strings (or numbers, turned into strings): nested JSON is refused.
    """
    if not text.startswith("/") or len(text) > MAX_PAYLOAD:
        return None
    match = _PAYLOAD.match(text.strip())
    if not match:
        return None
    intent, raw = match.groups()
    if not raw:
        return intent, {}
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
            entities[key] = str(value)[:200]
        else:
            return None
    return intent, entities
