"""Erasure and access in the chat, through the real engine on SQLite and PostgreSQL: on
Telegram the account is proof enough; on the web the e-mail address is proved by a code sent
there. Afterwards no table and no DEBUG log line holds the person's name, contact or codes."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.turn import Turn
from office.booking import Booked
from office.lifecycle import Status
from storage.models import OutboxRow
from tests.privacy.test_erasure import stored_text
from tests.privacy.test_logs import product_logging
from tests.storage.support import berlin

NOW = berlin(2021, 9, 13, 8, 0)
NAME, EMAIL = "Greta Vergessen", "greta.vergessen@example.org"


@pytest.fixture
def app(db, interpreter):
    from bot.bootstrap import build

    built = build(database_url=db.engine.url.render_as_string(hide_password=False),
                  interpreter=interpreter)  # fmt: skip
    yield built
    built.db.dispose()


def say(app, sender: str, text: str, lang: str | None = None) -> list:
    return asyncio.run(app.engine.handle(Turn(sender, text, NOW, lang=lang)))


def texts(responses) -> str:
    return "\n".join(r.text for r in responses)


def book(app, sender: str) -> str:
    booked = app.booking.book(berlin(2021, 9, 14, 9, 0), "personalausweis", NAME, email=EMAIL,
                              phone="0171 5550199", sender=sender, now=NOW)  # fmt: skip
    assert isinstance(booked, Booked)
    return booked.appointment.code


def secrets_of(code: str) -> tuple[str, ...]:
    return (NAME, "Vergessen", EMAIL, "greta.vergessen", "5550199", code)


def last_email(app, kind: str) -> dict:
    with app.db.read() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.channel == "email")).all()
    return next(r.payload for r in reversed(rows) if r.payload["kind"] == kind)


@pytest.mark.parametrize("text", ["Lösche meine Daten", "Bitte alle meine Daten löschen",
                                  "Ich möchte dass Sie alles über mich vergessen"])  # fmt: skip
def test_on_telegram_the_account_is_proof_and_a_yes_erases(app, text):
    code = book(app, "telegram:4711")
    with product_logging() as log:
        asked = texts(say(app, "telegram:4711", text))
        assert "alle Ihre Daten löschen" in asked and "(1)" in asked  # one appointment ahead
        done = texts(say(app, "telegram:4711", "Ja"))
    assert "Ihre Daten sind gelöscht" in done and "abgesagt" in done
    stored = "\n".join(stored_text(app.db))
    for secret in secrets_of(code):
        assert secret not in stored, secret
        assert secret not in log.getvalue(), secret
    assert [a.status for a in app.booking.day_list(berlin(2021, 9, 14).date(), True)] == [
        Status.PURGED
    ]


def test_a_no_keeps_everything(app):
    code = book(app, "telegram:4711")
    say(app, "telegram:4711", "Lösche meine Daten")
    assert "bleibt alles" in texts(say(app, "telegram:4711", "Nein"))
    assert app.booking.appointment(code).name == NAME


def test_on_the_web_the_address_is_proved_by_a_code_first(app):
    code = book(app, "web:booked-here")
    sender = "web:another-visit"
    with product_logging() as log:
        assert "e-mail address" in texts(say(app, sender, "delete my data", lang="en"))
        assert "sent you a code" in texts(say(app, sender, EMAIL.upper()))
        sent = re.search(r"\b(\d{6})\b", last_email(app, "erasure_code")["text"])[1]
        wrong = f"{(int(sent) + 1) % 1_000_000:06d}"
        assert "4 more attempt" in texts(say(app, sender, wrong))
        assert app.booking.appointment(code).name == NAME  # nothing yet
        asked = texts(say(app, sender, f"{sent[:3]} {sent[3:]}"))
        assert "delete all your data" in asked and "(1)" in asked
        assert "has been deleted" in texts(say(app, sender, "yes"))
    stored = "\n".join(stored_text(app.db))
    for secret in secrets_of(code):
        assert secret not in stored, secret
        assert secret not in log.getvalue(), secret


def test_a_code_for_someone_elses_chat_proves_nothing(app):
    code = book(app, "web:greta")
    say(app, "web:greta", "Lösche meine Daten")
    say(app, "web:greta", EMAIL)
    sent = re.search(r"\b(\d{6})\b", last_email(app, "erasure_code")["text"])[1]
    say(app, "web:mallory", "Lösche meine Daten")
    assert "6-stelligen Code" in texts(say(app, "web:mallory", sent))  # no code sent here
    say(app, "web:mallory", "mallory@example.org")
    assert "stimmt nicht" in texts(say(app, "web:mallory", sent))  # Greta's code is not hers
    assert app.booking.appointment(code).name == NAME


def test_a_copy_of_the_data_goes_to_the_proved_address(app):
    code = book(app, "telegram:4711")
    sender = "telegram:4711"  # even on Telegram: the copy goes to an address proved by code
    assert "E-Mail-Adresse" in texts(say(app, sender, "Welche Daten haben Sie über mich?"))
    say(app, sender, EMAIL)
    sent = re.search(r"\b(\d{6})\b", last_email(app, "export_code")["text"])[1]
    assert "per E-Mail geschickt" in texts(say(app, sender, sent))
    mail = last_email(app, "export")
    data = json.loads(mail["text"].split("\n\n", 2)[2])
    assert data["persons"][0]["name"] == NAME
    assert [a["code"] for a in data["appointments"]] == [code]
    with app.db.read() as s:
        to = s.scalars(select(OutboxRow.address).where(OutboxRow.channel == "email")).all()
    assert set(to) == {EMAIL}


def test_deleting_an_appointment_is_still_a_cancellation(app):
    book(app, "telegram:4711")
    assert "stornieren" in texts(say(app, "telegram:4711", "Termin löschen"))


def test_later_the_code_is_refused(app):
    sender = "web:slow"
    say(app, sender, "Lösche meine Daten")
    say(app, sender, EMAIL)
    sent = re.search(r"\b(\d{6})\b", last_email(app, "erasure_code")["text"])[1]
    late = asyncio.run(app.engine.handle(Turn(sender, sent, NOW + timedelta(minutes=16))))
    assert "gilt nicht mehr" in texts(late)
