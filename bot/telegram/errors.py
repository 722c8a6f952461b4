"""What a failed Bot API call means, in one place: the channel's replies, the outbox's notices
and the application's start all read Telegram's faults through `classify`.

python-telegram-bot raises one class tree for very different situations (`BadRequest` is a
`NetworkError`, a 5xx answer and a lost connection are both `NetworkError`), so each caller
used to sort them its own way. Here a fault becomes one of a few kinds; the caller decides
what the kind means for it (a waiting citizen's reply may be repeated, a notice never twice).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

import httpx
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

# Transport failures that provably sent nothing: the request never (fully) left this machine.
NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
                httpx.WriteTimeout)  # fmt: skip
CHAT_GONE = "chat not found"  # a 400, yet it means the chat cannot be written to


class Fault(enum.Enum):
    FLOOD = "flood"  # 429: wait `retry_after`, then the same call may go again
    BLOCKED = "blocked"  # the user blocked the bot or the chat is gone: stop writing to it
    BAD_REQUEST = "bad_request"  # Telegram refused this request as it is: repeating won't help
    NETWORK = "network"  # nothing reached Telegram (no connection, a 5xx answer): repeat later
    IN_DOUBT = "in_doubt"  # sent, but no answer in time: Telegram may have delivered it
    OTHER = "other"  # a bad token, a webhook conflict…: the operator's to fix; repeat later


@dataclass(frozen=True)
class Verdict:
    fault: Fault
    detail: str  # Telegram's description; never holds the token (that travels in the URL)
    retry_after: float | None = None  # seconds, for FLOOD


def classify(error: TelegramError) -> Verdict:
    """The kind of a Bot API fault (see `Fault`)."""
    detail = error.message
    if isinstance(error, RetryAfter):
        return Verdict(Fault.FLOOD, detail, seconds(error.retry_after))
    if isinstance(error, Forbidden):
        return Verdict(Fault.BLOCKED, detail)
    if isinstance(error, BadRequest):
        gone = CHAT_GONE in detail.lower()
        return Verdict(Fault.BLOCKED if gone else Fault.BAD_REQUEST, detail)
    if isinstance(error, NetworkError):
        cause = error.__cause__
        if isinstance(error, TimedOut) and not isinstance(cause, NOTHING_SENT):
            return Verdict(Fault.IN_DOUBT, "no answer from Telegram in time")
        if cause is not None and not isinstance(cause, NOTHING_SENT):
            return Verdict(Fault.IN_DOUBT, detail)
        return Verdict(Fault.NETWORK, detail)
    return Verdict(Fault.OTHER, detail)


def seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
