"""An action's `now`: the engine's injected clock in-process, the server's own clock in a
standalone action server (a forged tracker must not move it)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

from actions.context import now_of

BERLIN = ZoneInfo("Europe/Berlin")


def tracker(now: str) -> Tracker:
    message = {"text": "x", "metadata": {"now": now}}
    return Tracker("web:a", {}, message, [], False, None, {}, "action_listen")


def test_the_turns_clock_counts_only_where_it_is_trusted():
    forged = tracker("2021-09-13T08:00:00+02:00")
    engine = SimpleNamespace(trust_turn_clock=True, city=SimpleNamespace(tz=BERLIN))
    standalone = SimpleNamespace(trust_turn_clock=False, city=SimpleNamespace(tz=BERLIN))
    assert now_of(forged, engine) == datetime(2021, 9, 13, 8, tzinfo=BERLIN)  # type: ignore[arg-type]
    before = datetime.now(BERLIN)
    assert now_of(forged, standalone) >= before  # type: ignore[arg-type]
