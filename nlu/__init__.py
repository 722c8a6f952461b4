"""Embedded language understanding: Rasa's parse format for German and English messages.

    import nlu
    nlu.parse("Termin für Ummeldung nächsten Mittwoch gegen halb zehn", now=now)

The default interpreter is loaded (or trained) on first use, from nlu/data, with the service
ids of the training data. An application that has the city's catalog builds its own:
`Interpreter.load_or_train(services=city.services)`.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from nlu.interpreter import FALLBACK, Interpreter

__all__ = ["FALLBACK", "Interpreter", "default_interpreter", "parse"]

_default: Interpreter | None = None
_lock = threading.Lock()


def default_interpreter() -> Interpreter:
    global _default
    with _lock:
        if _default is None:
            _default = Interpreter.load_or_train()
        return _default


def parse(text: Any, now: datetime) -> dict[str, Any]:
    """Intent, entities, ranking and language of one message; dates resolved against `now`."""
    return default_interpreter().parse(text, now)
