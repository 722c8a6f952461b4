"""The waitlist in the dialogue: typed wishes reach it (and others do not), and a full day or
no free day at all offers a place on it, in a chat that may wait."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.policy import routed_intent
from bot.turn import Turn
from nlu.topics import topics
from office.booking import Booked

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)


def routed(text: str, intent: str = "nlu_fallback") -> str:
    entities = [{"entity": "topic", "value": t} for t in topics(text)]
    return routed_intent({"text": text, "intent": {"name": intent}, "entities": entities}, False)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Benachrichtigen Sie mich, wenn früher etwas frei wird", "waitlist_join"),
        ("Können Sie mir Bescheid sagen, falls ein Termin frei wird?", "waitlist_join"),
        ("Warteliste", "waitlist_join"),
        ("notify me if something earlier comes up", "waitlist_join"),
        ("put me on the waiting list", "waitlist_join"),
        ("Bitte nehmen Sie mich von der Warteliste", "waitlist_leave"),
        ("I want to leave the waitlist", "waitlist_leave"),
        ("Bin ich noch auf der Warteliste?", "waitlist_status"),
        ("am I on the waitlist?", "waitlist_status"),
    ],
)
def test_typed_wishes_reach_the_waitlist(text, intent):
    assert routed(text) == intent


def test_other_requests_stay_what_they_were():
    assert routed("is there an earlier slot than mine?", "reschedule_appointment") == (
        "reschedule_appointment"
    )
    assert routed("Ich möchte einen Termin buchen", "book_appointment") == "book_appointment"
    assert routed("Termin absagen bitte", "cancel_appointment") == "cancel_appointment"


def say(app, text: str, sender: str = "telegram:42"):
    responses = asyncio.run(app.engine.handle(Turn(sender, text, MONDAY)))
    return "\n".join(r.text for r in responses), [b for r in responses for b in r.buttons]


def test_a_full_day_offers_the_waitlist_where_the_chat_may_wait(app_factory):
    app = app_factory()
    wednesday = datetime(2021, 9, 15, 9, 0, tzinfo=BERLIN)
    for n, slot in enumerate(app.booking.free_slots("reisepass", MONDAY, day=wednesday.date(),
                                                    limit=100) * 3):  # fmt: skip
        booked = app.booking.book(slot.start, "reisepass", f"P {n}", email=f"p{n}@example.org",
                                  sender=f"web:{n}", now=MONDAY)  # fmt: skip
        assert isinstance(booked, Booked)
    say(app, '/book_appointment{"service":"reisepass"}')
    text, buttons = say(app, '/inform{"date":"2021-09-15"}')
    assert "Am Mittwoch, 15. September 2021 ist leider kein Termin frei." in text
    join = next(b for b in buttons if b.title == "Auf die Warteliste")
    assert join.payload == '/waitlist_join{"service":"reisepass","date":"2021-09-15"}'
    text, _ = say(app, join.payload)
    assert "Auf welchen Namen" in text  # service and last day came with the button
    say(app, "/stop")
    _, web = say(app, '/book_appointment{"service":"reisepass"}', sender="web:visitor")
    _, web = say(app, '/inform{"date":"2021-09-15"}', sender="web:visitor")
    assert all(b.title != "Auf die Warteliste" for b in web)  # not a verified chat
