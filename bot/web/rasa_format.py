"""Responses in Rasa's REST-channel wire shape, split exactly as Rasa's output channel does.

Rasa's `CollectingOutputChannel` sends a text without buttons as one message per paragraph
(split on blank lines), a text with buttons as one message, and `custom` as a message of its
own; keys without a value are left out. Clients written for Rasa expect that shape.
"""

from __future__ import annotations

from typing import Any

from bot.turn import Response


def rasa_messages(recipient_id: str, responses: list[Response]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in responses:
        if r.buttons:
            out.append(r.as_rasa(recipient_id) | {"custom": None})
        elif r.text:
            out.extend(
                {"recipient_id": recipient_id, "text": part}
                for part in r.text.strip().split("\n\n")
                if part.strip()
            )
        if r.custom:
            out.append({"recipient_id": recipient_id, "custom": r.custom})
    return [{k: v for k, v in m.items() if v is not None} for m in out]
