"""The engine's promises beyond single answers: state, expiry, forged input, faults."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.turn import Turn
from storage.conversations import ConversationStore

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2021, 9, 13, 8, 0, tzinfo=BERLIN)


@pytest.fixture
def app(app_factory):
    return app_factory()


def say(app, text: str, now: datetime = MONDAY, sender: str = "test:1", **metadata):
    return asyncio.run(app.engine.handle(Turn(sender, text, now, None, metadata)))


def texts(responses) -> str:
    return "\n".join(r.text for r in responses)


def test_state_lives_in_the_database_so_a_new_engine_continues(app_factory):
    first = app_factory()
    say(first, "/book_appointment")
    second = app_factory()  # another worker process, same database
    answer = say(second, '/inform{"service":"reisepass"}')
    assert "An welchem Tag" in texts(answer)


def test_a_half_filled_form_expires_after_30_minutes_of_silence(app):
    say(app, "/book_appointment")
    say(app, '/inform{"service":"reisepass"}', MONDAY + timedelta(minutes=29))
    late = say(app, "Erika Mustermann", MONDAY + timedelta(minutes=29 + 31))
    assert "Wie ist Ihr" not in texts(late)
    assert ConversationStore(app.db).load("test:1")["form"] is None


def test_forged_payloads_change_nothing(app):
    say(app, "/book_appointment")
    say(app, '/inform{"service":"reisepass"}')
    before = ConversationStore(app.db).load("test:1")
    for forged in (
        '/inform{"service": {"$ne": 1}}',
        "/drop_tables",
        '/inform{"slot":',
        "/" + "x" * 5000,
    ):
        answer = say(app, forged)
        assert "nicht (mehr) gültig" in texts(answer)
        assert ConversationStore(app.db).load("test:1") == before


def test_someone_elses_appointment_cannot_be_cancelled(app):
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
    ):
        say(app, text, sender="test:owner")
    say(app, '/inform{"slot":"2021-09-14T09:00:00+02:00"}', sender="test:owner")
    say(app, "Erika Mustermann", sender="test:owner")
    say(app, "erika@example.org", sender="test:owner")
    booked = texts(say(app, "/affirm", sender="test:owner"))
    code = booked.split("Buchungsnummer: ")[1].split()[0]
    answer = say(app, f'/cancel_appointment{{"code":"{code}"}}', sender="test:intruder")
    assert "finde ich bei Ihnen nicht" in texts(answer)
    assert [a.code for a in app.booking.appointments_of("test:owner", MONDAY)] == [code]


def test_a_web_hold_needs_the_proof_and_leaving_the_form_frees_the_seat(app):
    web = {"proof_required": True}
    asked = []
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
    ):
        asked.append(say(app, text, sender="web:a", **web, proof_ok=False)[-1].custom)
    assert asked == [{"proof": "hold"}] * 3  # each question before the hold asks for a proof
    slot = '/inform{"slot":"2021-09-14T09:00:00+02:00"}'
    refused = say(app, slot, sender="web:a", **web, proof_ok=False)
    assert "noch nicht für Sie reserviert" in texts(refused)  # a script without the proof
    assert ConversationStore(app.db).load("web:a")["slots"].get("hold") is None
    held = say(app, slot, sender="web:a", **web, proof_ok=True)
    assert "Ich halte den Termin" in texts(held)
    hold = ConversationStore(app.db).load("web:a")["slots"]["hold"]
    assert app.booking._valid_hold(
        hold, "web:a", "reisepass", datetime(2021, 9, 14, 9, tzinfo=BERLIN), 1, MONDAY
    )
    say(app, "abbrechen", sender="web:a", **web, proof_ok=False)
    assert not app.booking._valid_hold(
        hold, "web:a", "reisepass", datetime(2021, 9, 14, 9, tzinfo=BERLIN), 1, MONDAY
    )


def test_an_unheld_web_booking_needs_the_proof_at_the_summary(app):
    web = {"proof_required": True}
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
    ):
        say(app, text, sender="web:c", **web, proof_ok=False)
    say(app, '/inform{"slot":"2021-09-14T09:00:00+02:00"}', sender="web:c", **web, proof_ok=False)
    say(app, "Erika Mustermann", sender="web:c", **web, proof_ok=False)
    summary = say(app, "erika@example.org", sender="web:c", **web, proof_ok=False)
    assert summary[-1].custom == {"proof": "booking"}
    refused = say(app, "/affirm", sender="web:c", **web, proof_ok=False)
    assert "noch einmal" in texts(refused)
    assert app.booking.appointments_of("web:c", MONDAY) == []
    booked = say(app, "/affirm", sender="web:c", **web, proof_ok=True)
    assert "Ihr Termin ist gebucht" in texts(booked)


def test_a_web_booking_is_confirmed_without_a_second_proof(app):
    web = {"proof_required": True}
    for text in (
        "/book_appointment",
        '/inform{"service":"reisepass"}',
        '/inform{"date":"2021-09-14"}',
    ):
        say(app, text, sender="web:b", **web, proof_ok=False)
    say(app, '/inform{"slot":"2021-09-14T09:00:00+02:00"}', sender="web:b", **web, proof_ok=True)
    say(app, "Erika Mustermann", sender="web:b", **web, proof_ok=False)
    summary = say(app, "erika@example.org", sender="web:b", **web, proof_ok=False)
    assert summary[-1].custom is None
    booked = say(app, "/affirm", sender="web:b", **web, proof_ok=False)
    assert "Ihr Termin ist gebucht" in texts(booked)


def test_a_fault_becomes_an_apology_not_a_traceback(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(app.booking, "free_days", broken)
    answer = say(app, '/book_appointment{"service":"reisepass"}')
    assert texts(answer) == (
        "Entschuldigung, gerade gibt es ein technisches Problem. "
        "Bitte versuchen Sie es in ein paar Minuten noch einmal."
    )


def test_language_follows_the_user_and_an_explicit_choice_sticks(app):
    assert "By appointment: " in texts(say(app, "When are you open?"))
    assert "Mit Termin: " in texts(say(app, "Wann haben Sie geöffnet?"))
    say(app, '/set_language{"language":"en"}')
    assert "By appointment: " in texts(say(app, "Wann haben Sie geöffnet?"))


def test_a_household_books_one_longer_appointment(app):
    say(app, "Ich möchte einen Termin für einen Kinderreisepass für 2 Personen")
    say(app, '/inform{"date":"2021-09-14"}')
    say(app, '/inform{"slot":"2021-09-14T09:00:00+02:00"}')
    say(app, "Maria Muster")
    say(app, "maria@example.org")
    assert "Ihr Termin ist gebucht" in texts(say(app, "/affirm"))
    [appointment] = app.booking.appointments_of("test:1", MONDAY)
    assert appointment.household_size == 2
    assert appointment.end - appointment.start == timedelta(minutes=30)


def test_the_cutover_answer_names_the_citizens_cancelled_appointment(app):
    from storage.cutover import CutoverService

    august = datetime(2021, 8, 16, 10, 0, tzinfo=BERLIN)
    say(app, '/book_appointment{"service":"fuehrungszeugnis"}', august)
    say(app, '/inform{"date":"2021-09-01"}', august)
    say(app, '/inform{"slot":"2021-09-01T09:30:00+02:00"}', august)
    say(app, "Erika Mustermann", august)
    say(app, "erika@example.org", august)
    assert "Ihr Termin ist gebucht" in texts(say(app, "/affirm", august))
    CutoverService(app.db, app.city).run(app.city.cutover.date, "staff:test", august)
    answer = texts(say(app, "Warum wurde mein Termin gelöscht?", august + timedelta(hours=1)))
    assert "Alle Termine ab dem Mittwoch, 1. September 2021 sind entfallen" in answer
    assert "Ihr Termin am Mittwoch, 1. September 2021 um 09:30 Uhr (Führungszeugnis)" in answer
