"""The dialogue's decisions, pure: corrections in place, natural exits, negations, households,
paging, and a held form that outlives the silence."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine import FORM_TIMEOUT, HELD_FORM_TIMEOUT, Conversation
from bot.policy import decide, slot_candidates
from nlu import topics
from nlu.references import find_persons

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)


def message(text: str, intent: str = "inform", *entities: tuple[str, str, int]) -> dict:
    found = [{"entity": "topic", "value": t} for t in topics.topics(text)]
    if topics.is_yes_no(text):
        found.append({"entity": "yes_no", "value": "yes"})
    for name, value, start in entities:
        found.append({"entity": name, "value": value, "start": start, "end": start + 4})
    return {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": found}


def test_a_day_at_the_name_step_corrects_the_day_it_is_not_a_name() -> None:
    typed = message("doch lieber Freitag", "inform", ("date", "2021-09-17", 12))
    assert slot_candidates("booking_form", "name", typed) == {"date": "2021-09-17"}
    plain = message("Erika Mustermann")
    assert slot_candidates("booking_form", "name", plain) == {"name": "Erika Mustermann"}


def test_a_new_name_at_the_summary_is_not_a_no() -> None:
    typed = message("nein, ich heiße Max", "deny", ("name", "Max", 15))
    assert slot_candidates("booking_form", "confirmed", typed) == {"name": "Max"}
    assert slot_candidates("booking_form", "confirmed", message("nein", "deny")) == {
        "confirmed": False
    }


def test_a_day_after_nicht_is_not_wanted() -> None:
    typed = message("aber nicht am Dienstag", "inform", ("date", "2021-09-14", 14))
    assert "date" not in slot_candidates("booking_form", "date", typed)


def test_several_services_are_one_household() -> None:
    typed = message("Personalausweis und Kinderreisepass", "inform")
    typed["entities"] += [
        {"entity": "service", "value": "personalausweis", "start": 0, "end": 15},
        {"entity": "service", "value": "kinderreisepass", "start": 20, "end": 35},
    ]
    found = slot_candidates("booking_form", "service", typed)
    assert found["service"] == "personalausweis,kinderreisepass"


@pytest.mark.parametrize(
    ("text", "intent", "kind", "target"),
    [
        ("ach vergessen Sie's, ich komme einfach vorbei", "ask_walkin_hours", "leave",
         "action_walkin_hours"),
        ("Ich ruf lieber an", "ask_phone_booking", "leave", "action_human_handoff"),
        ("egal, hat sich erledigt", "nlu_fallback", "abort", None),
        ("abbrehcen", "nlu_fallback", "abort", None),
        ("spätere Zeiten bitte", "my_appointments", "form_step", None),
        ("Habt ihr samstags offen?", "ask_opening_hours", "interrupt", "action_opening_hours"),
    ],
)  # fmt: skip
def test_ways_out_of_a_form(text: str, intent: str, kind: str, target: str | None) -> None:
    d = decide("booking_form", "slot", message(text, intent), is_payload=False)
    assert (d.kind, d.target) == (kind, target)


def test_no_at_the_cancel_question_is_an_answer_not_an_exit() -> None:
    d = decide("cancel_form", "confirmed", message("nein doch nicht", "deny"), is_payload=False)
    assert d.kind == "form_step"


def test_not_wanting_an_appointment_gets_the_hours() -> None:
    d = decide(
        None, None, message("Ich will keinen Termin, nur die Zeiten", "book_appointment"), False
    )
    assert d == decide(None, None, message("Wann habt ihr offen?", "ask_opening_hours"), False)


@pytest.mark.parametrize(
    ("text", "persons"),
    [("für 2 Personen", 2), ("wir sind zu zweit", 2), ("wir sind drei", 3), ("two of us", 2),
     ("Termin bitte", None)],
)  # fmt: skip
def test_household_sizes(text: str, persons: int | None) -> None:
    assert find_persons(text) == persons


def test_a_held_form_outlives_the_silence_and_names_the_expired_time() -> None:
    slot = "2021-09-14T09:15:00+02:00"
    state = {
        "form": "booking_form", "requested": "name", "updated": NOW.isoformat(),
        "slots": {"service": "reisepass", "date": "2021-09-14", "slot": slot, "hold": "h1"},
    }  # fmt: skip
    later = Conversation.restore(state, NOW + FORM_TIMEOUT + timedelta(minutes=1))
    assert later.form == "booking_form"
    assert later.slots["expired"] == slot and later.slots["slot"] is None
    assert later.slots["hold"] is None
    gone = Conversation.restore(state, NOW + HELD_FORM_TIMEOUT + timedelta(minutes=1))
    assert gone.form is None
    unheld = {**state, "slots": {"service": "reisepass"}}
    assert Conversation.restore(unheld, NOW + FORM_TIMEOUT + timedelta(minutes=1)).form is None
