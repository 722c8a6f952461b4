"""Actions run through rasa_sdk's executor on recorded trackers (`tests/data/trackers/`), with a
booking service in memory: the action's contract (events and responses for a tracker) without
a database or the NLU, in milliseconds."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions import all_actions
from actions.sdk import VERSION, ActionExecutor
from bot.domain import DOMAIN
from office.booking import Appointment, Held
from tests.unit.fake_booking import FakeBooking, FakeServices

pytestmark = pytest.mark.anyio
TRACKERS = Path(__file__).parents[1] / "data" / "trackers"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2021, 9, 13, 10, 0, tzinfo=BERLIN)
SENDER = "telegram:4242"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def tracker(name: str, **slots: Any) -> dict[str, Any]:
    """A recorded tracker with every domain slot present (as the engine sends it)."""
    recorded = json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))
    recorded["slots"] = {s: None for s in DOMAIN["slots"]} | recorded["slots"] | slots
    return recorded


async def run(ctx: FakeServices, action: str, recorded: dict[str, Any]) -> dict[str, Any]:
    executor = ActionExecutor()
    for instance in all_actions(ctx):  # type: ignore[arg-type]  # the fake has what actions read
        executor.register_action(instance)
    payload = {
        "next_action": action,
        "sender_id": recorded["sender_id"],
        "tracker": copy.deepcopy(recorded),
        "domain": DOMAIN,
        "version": VERSION,
    }
    result = await executor.run(payload)
    assert result is not None
    return result.model_dump()


def slot_events(result: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in result["events"] if e["event"] == "slot"}


@pytest.fixture
def ctx(city) -> FakeServices:
    return FakeServices(city, FakeBooking(city))


def booked(ctx: FakeServices, owner: str = SENDER, code: str = "K7M2PQ") -> Appointment:
    start = datetime(2021, 9, 15, 9, 15, tzinfo=BERLIN)
    appointment = Appointment(code, "personalausweis", start, start.replace(minute=30), 0, "booked")
    return ctx.booking.add(owner, appointment)


async def test_cancel_with_one_appointment_takes_it_without_asking(ctx):
    mine = booked(ctx)
    booked(ctx, owner="telegram:99", code="OTHER1")  # someone else's is never offered
    result = await run(ctx, "action_start_cancel_form", tracker("cancel_one_appointment"))
    assert slot_events(result) == {"code": mine.code}
    assert result["responses"] == []


async def test_cancel_asks_to_confirm_then_cancels_only_ones_own(ctx):
    mine = booked(ctx)
    ask = await run(
        ctx, "action_ask_cancel_form_confirmed", tracker("cancel_one_appointment", code=mine.code)
    )
    (question,) = ask["responses"]
    assert question["text"].startswith("Möchten Sie den Termin Personalausweis")
    assert "Mittwoch, 15. September 2021" in question["text"]
    assert len(question["buttons"]) == 2  # yes, no

    done = await run(
        ctx,
        "action_submit_cancel_form",
        tracker("cancel_one_appointment", code=mine.code, confirmed=True),
    )
    assert done["responses"][0]["text"].startswith("Ihr Termin Personalausweis")
    assert ctx.booking.appointment(mine.code, SENDER).status == "cancelled_by_citizen"


async def test_cancel_of_someone_elses_code_changes_nothing(ctx):
    theirs = booked(ctx, owner="telegram:99", code="OTHER1")
    done = await run(
        ctx,
        "action_submit_cancel_form",
        tracker("cancel_one_appointment", code=theirs.code, confirmed=True),
    )
    assert "storniert" not in done["responses"][0]["text"]
    assert ctx.booking.appointment(theirs.code, "telegram:99").status == "booked"


async def test_cancel_with_none_booked_ends_the_form(ctx):
    result = await run(ctx, "action_start_cancel_form", tracker("cancel_one_appointment"))
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in result["events"]
    ]
    assert result["responses"][0]["text"] == "Sie haben derzeit keinen gebuchten Termin."


async def test_booking_form_a_chosen_slot_is_held(ctx):
    result = await run(ctx, "validate_booking_form", tracker("booking_form_slot_chosen"))
    slots = slot_events(result)
    assert slots["slot"] == "2021-09-15T09:15:00+02:00" and slots["date"] == "2021-09-15"
    held = ctx.booking.holds[SENDER]
    assert isinstance(held, Held) and slots["hold"] == held.hold_id
    assert result["responses"][0]["text"] == (
        "Ich halte den Termin am Mittwoch, 15. September 2021 um 09:15 Uhr 5 Minuten für Sie frei."
    )


async def test_booking_form_a_slot_held_by_another_is_refused(ctx):
    start = datetime(2021, 9, 15, 9, 15, tzinfo=BERLIN)
    ctx.booking.hold("personalausweis", start, "web:someone", NOW)
    result = await run(ctx, "validate_booking_form", tracker("booking_form_slot_chosen"))
    assert slot_events(result)["slot"] is None  # asked again
    assert result["responses"][0]["text"].startswith("Dieser Termin wurde gerade vergeben.")
    assert SENDER not in ctx.booking.holds
