"""The one Telegram error policy: each Bot API fault python-telegram-bot raises, sorted."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.telegram.errors import Fault, classify


def caused(error: TelegramError, cause: BaseException) -> TelegramError:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), Fault.BLOCKED),
        (BadRequest("Bad Request: chat not found"), Fault.BLOCKED),
        (BadRequest("Bad Request: message text is empty"), Fault.BAD_REQUEST),
        (NetworkError("Bad Gateway"), Fault.NETWORK),  # Telegram answered 5xx: nothing done
        (caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")), Fault.NETWORK),
        (caused(TimedOut(), httpx.ConnectTimeout("slow")), Fault.NETWORK),
        (caused(TimedOut("Pool timeout"), httpx.PoolTimeout("full")), Fault.NETWORK),
        (caused(TimedOut(), httpx.ReadTimeout("no answer")), Fault.IN_DOUBT),
        (caused(NetworkError("httpx.ReadError"), httpx.ReadError("reset")), Fault.IN_DOUBT),
        (InvalidToken("Unauthorized"), Fault.OTHER),
        (Conflict("terminated by other getUpdates request"), Fault.OTHER),
    ],
)
def test_each_fault_has_one_meaning(error: TelegramError, fault: Fault) -> None:
    assert classify(error).fault is fault


def test_flood_control_carries_its_wait() -> None:
    verdict = classify(RetryAfter(7))
    assert verdict.fault is Fault.FLOOD and verdict.retry_after == 7.0
