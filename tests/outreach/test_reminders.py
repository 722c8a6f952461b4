"""Reminders 48 hours before, and the release of what is unconfirmed 24 hours before."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import select, update

from office.booking import Booked, Confirmed
from office.lifecycle import Status
from office.verification import CONFIRM
from storage.booking import BookingService
from storage.models import OutboxRow
from storage.reminders import Reminders
from tests.storage.support import berlin, link_in, verified_booking, with_policy

SLOT = berlin(2021, 9, 14, 9, 0)  # a Tuesday
BOOKED = berlin(2021, 9, 6, 12, 0)


def book(booking, sender: str, email: str, at=SLOT, now=BOOKED) -> str:
    """A Telegram booking as it is made; a web one as it is made there, with its e-mail code."""
    make = verified_booking if sender.startswith("web:") else BookingService.book
    outcome = make(booking, at, "reisepass", "Erika", email=email, sender=sender, now=now)
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
    city = with_policy(city, counters=4)
    booking = BookingService(db, city)
    chat = book(booking, "telegram:1", "a@example.org")
    confirmed = book(booking, "telegram:2", "b@example.org")
    by_mail = book(booking, "web:3", "c@example.org")  # the web's chat takes no reminder: e-mail
    mail_silent = book(booking, "web:5", "e@example.org")
    late = book(booking, "telegram:4", "d@example.org", at=SLOT + timedelta(minutes=15),
                now=SLOT - timedelta(hours=30))  # fmt: skip
    reminders = Reminders(db, city)
    assert reminders.sweep(SLOT - timedelta(hours=49)).reminded == 0  # not yet
    assert reminders.sweep(SLOT - timedelta(hours=48)).reminded == 4  # `late` was booked late
    assert reminders.sweep(SLOT - timedelta(hours=47)).reminded == 0  # once
    sent = outbox(db, "reminder:")
    assert set(sent) == {chat, confirmed, by_mail, mail_silent}
    text, buttons = sent[chat].payload["text"], sent[chat].payload["buttons"]
    assert text.startswith("Erinnerung: Ihr Termin Reisepass am Dienstag, 14. September 2021")
    assert "bis Montag, 13. September 2021, 09:00 Uhr" in text
    assert [b["title"] for b in buttons] == ["Ich komme", "Absagen"]
    assert buttons[0]["payload"] == f'/confirm_appointment{{"code":"{chat}"}}'
    mail = sent[by_mail].payload
    assert sent[by_mail].channel == "email" and mail["buttons"] == []
    assert "bis Montag, 13. September 2021, 09:00 Uhr" in mail["text"]
    assert "Ich komme:\nhttp://127.0.0.1:8080/termin/kommen/" in mail["plain"]
    assert "Absagen:\nhttp://127.0.0.1:8080/termin/absagen/" in mail["plain"]
    deliver_all(db)
    booking.confirm(confirmed, SLOT - timedelta(hours=40), by_person="telegram:2")
    coming = link_in(mail["plain"], "/termin/kommen/")  # the e-mail's "Ich komme" link, POSTed
    assert booking.appointment_by_token(CONFIRM, coming, SLOT - timedelta(hours=40)).code == by_mail
    assert isinstance(booking.confirm_by_token(coming, SLOT - timedelta(hours=40)), Confirmed)
    assert reminders.sweep(SLOT - timedelta(hours=25)).released == 0  # before the deadline
    assert reminders.sweep(SLOT - timedelta(hours=24)).released == 2
    for code in (chat, mail_silent):  # no answer in the chat, none to the e-mail's links
        assert booking.appointment(code).status is Status.RELEASED_UNCONFIRMED
        assert booking.appointment(code).cancel_reason == "unconfirmed"
    for code in (confirmed, by_mail, late):  # confirmed by button or link; no reminder
        assert booking.appointment(code).status.active
    released = outbox(db, "released:")
    assert released[chat].address == "telegram:1"
    assert released[mail_silent].address == "e@example.org"
    assert "nicht bestätigt" in released[chat].payload["text"]
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
