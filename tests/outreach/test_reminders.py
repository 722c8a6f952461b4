"""Reminders 48 hours before, and the release of what is unconfirmed 24 hours before."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import select, update

from office.booking import Booked
from office.lifecycle import Status
from storage.booking import BookingService
from storage.models import OutboxRow
from storage.reminders import Reminders
from tests.storage.support import berlin

SLOT = berlin(2021, 9, 14, 9, 0)  # a Tuesday
BOOKED = berlin(2021, 9, 6, 12, 0)


def book(booking, sender: str, email: str, at=SLOT, now=BOOKED) -> str:
    outcome = booking.book(at, "reisepass", "Erika", email=email, sender=sender, now=now)
    assert isinstance(outcome, Booked), outcome
    return outcome.appointment.code


def outbox(db, prefix: str) -> dict[str, OutboxRow]:
    with db.read() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.dedupe_key.like(f"{prefix}%")))
        return {r.dedupe_key.split(":", 1)[1]: r for r in rows}


def deliver_all(db) -> None:
    with db.write() as s:
        s.execute(update(OutboxRow).where(OutboxRow.channel != "none").values(state="delivered"))


def test_reminder_with_buttons_then_release_of_the_unconfirmed(db, city):
    booking = BookingService(db, city)
    chat = book(booking, "telegram:1", "a@example.org")
    confirmed = book(booking, "telegram:2", "b@example.org")
    by_mail = book(booking, None, "c@example.org")
    late = book(booking, "telegram:4", "d@example.org", at=SLOT + timedelta(minutes=15),
                now=SLOT - timedelta(hours=30))  # fmt: skip
    reminders = Reminders(db, city)
    assert reminders.sweep(SLOT - timedelta(hours=49)).reminded == 0  # not yet
    assert reminders.sweep(SLOT - timedelta(hours=48)).reminded == 3  # `late` was booked late
    assert reminders.sweep(SLOT - timedelta(hours=47)).reminded == 0  # once
    sent = outbox(db, "reminder:")
    assert set(sent) == {chat, confirmed, by_mail}
    text, buttons = sent[chat].payload["text"], sent[chat].payload["buttons"]
    assert text.startswith("Erinnerung: Ihr Termin Reisepass am Dienstag, 14. September 2021")
    assert "bis Montag, 13. September 2021, 09:00 Uhr" in text
    assert [b["title"] for b in buttons] == ["Ich komme", "Absagen"]
    assert buttons[0]["payload"] == f'/confirm_appointment{{"code":"{chat}"}}'
    assert sent[by_mail].channel == "email" and sent[by_mail].payload["buttons"] == []
    deliver_all(db)
    booking.confirm(confirmed, SLOT - timedelta(hours=40), by_person="telegram:2")
    assert reminders.sweep(SLOT - timedelta(hours=25)).released == 0  # before the deadline
    assert reminders.sweep(SLOT - timedelta(hours=24)).released == 1
    assert booking.appointment(chat).status is Status.RELEASED_UNCONFIRMED
    assert booking.appointment(chat).cancel_reason == "unconfirmed"
    for code in (confirmed, by_mail, late):  # confirmed; e-mail cannot answer; no reminder
        assert booking.appointment(code).status.active
    (released,) = outbox(db, "released:").values()
    assert released.address == "telegram:1"
    assert "nicht bestätigt" in released.payload["text"]
    free = booking.free_slots("reisepass", SLOT - timedelta(hours=24), day=SLOT.date())
    assert SLOT in [s.start for s in free]  # the released seat is free at once


def test_release_can_be_switched_off(db, city):
    city = dataclasses.replace(
        city, booking=dataclasses.replace(city.booking, release_unconfirmed=False)
    )
    booking = BookingService(db, city)
    code = book(booking, "telegram:1", "a@example.org")
    reminders = Reminders(db, city)
    reminders.sweep(SLOT - timedelta(hours=48))
    (reminder,) = outbox(db, "reminder:").values()
    assert "freigeben" not in reminder.payload["text"]
    deliver_all(db)
    assert reminders.sweep(SLOT - timedelta(hours=2)).released == 0
    assert booking.appointment(code).status is Status.BOOKED
