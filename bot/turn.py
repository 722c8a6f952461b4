"""What a channel hands the engine (a Turn) and what it gets back (Responses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from office import senders


@dataclass(frozen=True)
class Turn:
    """One message: `sender` is channel-qualified ("telegram:123", "web:<uuid>", "cli:local")."""

    sender: str
    text: str  # free text, or a Rasa-style button payload: /intent{"slot": "value"}
    now: datetime  # timezone-aware; tests and `--now` travel in time through it
    lang: str | None = None  # the channel's hint (Telegram language_code, widget data-lang)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def channel(self) -> str:
        return senders.channel_of(self.sender)


@dataclass
class TurnReport:
    """What the engine tells observers (metrics, logs) about a turn: never its content."""

    channel: str
    intent: str = "none"
    outcome: str = "ok"  # ok | refused (a malformed payload) | error (an apology was given)
    seconds: float = 0.0


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Response:
    text: str = ""
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] | None = None  # e.g. {"ics": {"filename": ..., "content": ...}}

    def as_rasa(self, recipient_id: str) -> dict[str, Any]:
        """Rasa REST-channel shape; keys without a value are left out, as Rasa does."""
        out: dict[str, Any] = {"recipient_id": recipient_id}
        if self.text:
            out["text"] = self.text
        if self.buttons:
            out["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.custom:
            out["custom"] = self.custom
        return out


class Engine(Protocol):
    """The one engine every channel talks to."""

    async def handle(self, turn: Turn) -> list[Response]: ...
