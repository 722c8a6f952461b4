"""The cutover: counts first, then one transaction that cancels and queues one notice a person."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from office.booking import Booked
from office.lifecycle import Status
from storage import cutover as cutover_module
from storage.booking import BookingService
from storage.cutover import CutoverService
from storage.models import AppointmentRow, AuditRow, OutboxRow, Seat, UndeliverableChat
from tests.outreach.population import CHAT_BASE, code, populate
from tests.storage.support import berlin

CUT = date(2021, 9, 1)
NOW = berlin(2021, 8, 20, 10, 0)


def count(db, model, *where) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def outbox(db) -> list[OutboxRow]:
    with db.read() as s:
        return list(s.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def test_dry_run_counts_by_day_and_channel_and_changes_nothing(db, city):
    populate(db, 14, berlin(2021, 8, 31, 17, 0), NOW)  # 12 on 31 Aug, 2 on 1 Sep
    populate(db, 7, berlin(2021, 9, 2, 8, 0), NOW, offset=100)
    counts = CutoverService(db, city).preview(CUT, NOW)
    assert counts.total == 9
    assert counts.by_day == {date(2021, 9, 1): 2, date(2021, 9, 2): 7}
    # offsets 12, 13 and 100..106: kinds cycle telegram x3, email, web, telegram_email, phone
    assert counts.by_channel == {"telegram": 5, "email": 1, "web": 1, "none": 2}
    assert count(db, OutboxRow) == 0
    assert count(db, AppointmentRow, AppointmentRow.status == "booked") == 21


def test_run_cancels_audits_frees_seats_and_queues_one_notice_per_person(db, city):
    made = populate(db, 30, berlin(2021, 9, 1, 8, 0), NOW)
    populate(db, 6, berlin(2021, 8, 30, 8, 0), NOW, offset=500)  # before the cutover: kept
    result = CutoverService(db, city).run(CUT, "staff:cli", NOW)
    assert (result.cancelled, result.notices, result.already) == (30, 30, False)
    with db.read() as s:
        rows = s.scalars(select(AppointmentRow).where(AppointmentRow.code.in_(made.codes))).all()
    assert {(r.status, r.cancel_reason) for r in rows} == {("cancelled_by_cutover", "cutover")}
    assert all(r.person_slot is None and r.account_slot is None for r in rows)
    assert count(db, Seat) == 6  # the cancelled appointments' seats are free at once
    assert (
        count(db, AuditRow, AuditRow.action == "cancel_by_cutover", AuditRow.detail == "cutover")
        == 30
    )
    assert count(db, AuditRow, AuditRow.action == "cutover") == 1
    notices = outbox(db)
    assert len(notices) == 30
    assert {n.campaign for n in notices} == {"cutover:2021-09-01"}
    by_channel = {n.channel for n in notices}
    assert by_channel == {"telegram", "email", "web", "none"}
    chat = next(n for n in notices if n.address == f"telegram:{CHAT_BASE}")
    assert chat.state == "queued" and chat.payload["kind"] == "cutover"
    phone_only = [n for n in notices if n.channel == "none"]
    assert all(n.state == "undeliverable" and n.address.startswith("+49") for n in phone_only)


def test_seat_of_a_cancelled_appointment_can_be_booked_again(db, city):
    booking = BookingService(db, city)
    start = berlin(2021, 9, 3, 9, 0)
    for i in range(3):
        outcome = booking.book(start, "reisepass", f"Person {i}", email=f"p{i}@example.org",
                               sender=f"telegram:{i}", now=NOW)  # fmt: skip
        assert isinstance(outcome, Booked)
    assert start not in [s.start for s in booking.free_slots("reisepass", NOW, day=start.date())]
    CutoverService(db, city).run(CUT, "staff:cli", NOW)
    assert start in [s.start for s in booking.free_slots("reisepass", NOW, day=start.date())]
    again = booking.book(start, "reisepass", "Neu", email="neu@example.org", sender="web:n",
                         now=NOW)  # fmt: skip
    assert isinstance(again, Booked)


def test_running_again_changes_nothing_and_keeps_new_bookings(db, city):
    populate(db, 10, berlin(2021, 9, 1, 8, 0), NOW)
    service = CutoverService(db, city)
    first = service.run(CUT, "staff:cli", NOW)
    booking = BookingService(db, city)
    rebooked = booking.book(berlin(2021, 9, 7, 9, 0), "reisepass", "P 0",
                            email="again@example.org", sender=f"telegram:{CHAT_BASE}",
                            now=NOW)  # fmt: skip
    assert isinstance(rebooked, Booked)
    second = service.run(CUT, "staff:tg", berlin(2021, 8, 21, 9, 0))
    assert second.already and (second.cancelled, second.notices) == (10, 10)
    assert second.run_at == first.run_at
    assert booking.appointment(rebooked.appointment.code).status is Status.BOOKED
    assert count(db, OutboxRow) == 10
    assert count(db, AuditRow, AuditRow.action == "cutover") == 1


def test_one_person_with_two_appointments_gets_one_notice_naming_both(db, city):
    populate(db, 2, berlin(2021, 9, 1, 8, 0), NOW)
    with db.write() as s:  # the second appointment belongs to the first person too
        first = s.scalar(select(AppointmentRow.person_id).where(AppointmentRow.code == code(0)))
        s.execute(update(AppointmentRow).where(AppointmentRow.code == code(1))
                  .values(person_id=first, person_slot=2))  # fmt: skip
    CutoverService(db, city).run(CUT, "staff:cli", NOW)
    (notice,) = outbox(db)
    assert notice.payload["codes"] == ["BB-22222", "BB-22223"]
    assert (
        "Ebenfalls abgesagt ist Ihr Termin Reisepass am Mittwoch, 1. September 2021"
        in (notice.payload["text"])
    )


def test_a_blocked_chat_is_told_by_email_instead(db, city):
    made = populate(db, 6, berlin(2021, 9, 1, 8, 0), NOW)  # index 5 is telegram with e-mail
    with db.write() as s:
        s.add(UndeliverableChat(sender=f"telegram:{made.telegram[5]}", since=NOW))
    CutoverService(db, city).run(CUT, "staff:cli", NOW)
    assert f"telegram:{made.telegram[5]}" not in {n.address for n in outbox(db)}
    assert "p5@example.org" in {n.address for n in outbox(db)}


def test_the_cutover_is_one_transaction(db, city, monkeypatch):
    populate(db, 50, berlin(2021, 9, 1, 8, 0), NOW)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while queueing the notices")

    monkeypatch.setattr(cutover_module, "insert_rows", broken)
    with pytest.raises(RuntimeError):
        CutoverService(db, city).run(CUT, "staff:cli", NOW)
    assert count(db, AppointmentRow, AppointmentRow.status == "booked") == 50
    assert count(db, Seat) == 50
    assert count(db, OutboxRow) == count(db, AuditRow) == 0
