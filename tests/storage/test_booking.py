"""The booking service on SQLite and PostgreSQL: outcomes, limits, holds, changes, retention."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from office.booking import (
    Blocked,
    Booked,
    Cancelled,
    Confirmed,
    Held,
    InvalidContact,
    LimitReached,
    NoShowMarked,
    NotActive,
    NotFound,
    OutsideSchedule,
    Rescheduled,
    SlotTaken,
    TooFarAhead,
    TooLate,
)
from office.lifecycle import Status
from office.verification import CANCEL, CONFIRM
from storage.booking import BookingService
from storage.callbacks import CallbackStore
from storage.conversations import ConversationStore
from storage.models import AuditRow, Hold, NoShow, OutboxRow, Person, Seat
from tests.storage.support import berlin, verified_booking, with_policy

NOW = berlin(2021, 9, 13, 8, 0)  # Monday; appointment hours Tue/Wed 09:00-11:30, Fri 08:00-12:00
TUE_9 = berlin(2021, 9, 14, 9, 0)


@pytest.fixture
def svc(db, city):
    return BookingService(db, city)


def book(svc, start=TUE_9, email="anna@example.org", sender="telegram:1", now=NOW, **kw):
    kw.setdefault("service_id", "personalausweis")
    return svc.book(start, name="Anna Muster", email=email, sender=sender, now=now, **kw)


def test_free_slots_start_after_the_cutoff_and_fill_up(svc):
    slots = svc.free_slots("personalausweis", NOW, limit=3)
    assert [s.start for s in slots] == [
        TUE_9,
        TUE_9 + timedelta(minutes=15),
        TUE_9 + timedelta(minutes=30),
    ]
    assert slots[0].end == TUE_9 + timedelta(minutes=15)
    for i in range(3):  # three counters
        assert isinstance(book(svc, email=f"p{i}@example.org", sender=f"web:{i}"), Booked)
    assert svc.free_slots("personalausweis", NOW, limit=1)[0].start == TUE_9 + timedelta(minutes=15)
    assert svc.free_days("personalausweis", NOW, limit=3) == [
        date(2021, 9, 14),
        date(2021, 9, 15),
        date(2021, 9, 17),
    ]


def test_booked_appointment_has_code_seat_and_contact(svc, city):
    outcome = book(svc, email="  Anna@Example.ORG ", lang="en")
    assert isinstance(outcome, Booked)
    a = outcome.appointment
    assert a.code.startswith("BB-") and len(a.code) == 8
    assert (a.start, a.end, a.status, a.language) == (
        TUE_9,
        TUE_9 + timedelta(minutes=15),
        Status.BOOKED,
        "en",
    )
    assert 1 <= a.seat <= city.booking.counters
    assert a.email == "anna@example.org" and a.channel == "telegram"
    assert svc.appointment(a.code, by_person="telegram:1") == a
    assert svc.appointment(a.code, by_person="telegram:2") is None


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"email": "not-an-address"}, InvalidContact("email")),
        ({"email": None, "phone": "12"}, InvalidContact("phone")),
        ({"email": None}, InvalidContact("contact")),
        ({"name": "   "}, InvalidContact("name")),
        ({"service_id": "no-such-service"}, NotFound()),
        ({"household_size": 9}, NotFound()),
    ],
)
def test_invalid_requests_get_their_outcome(svc, kw, expected):
    kw = dict(kw)
    name = kw.pop("name", "Anna")
    args = {"email": "anna@example.org", "service_id": "personalausweis", **kw}
    assert svc.book(TUE_9, name=name, sender="web:1", now=NOW, **args) == expected


def test_slots_outside_hours_before_cutoff_or_past_horizon_are_refused(svc):
    assert book(svc, start=berlin(2021, 9, 13, 9, 0)) == OutsideSchedule()  # Monday: walk-in only
    assert book(svc, start=berlin(2021, 9, 14, 9, 5)) == OutsideSchedule()  # off the grid
    assert book(svc, start=berlin(2021, 9, 14, 11, 30)) == OutsideSchedule()  # interval has ended
    assert book(svc, start=TUE_9, now=berlin(2021, 9, 14, 8, 30)) == TooLate(
        berlin(2021, 9, 14, 9, 30)
    )
    far = book(svc, start=berlin(2021, 10, 26, 9, 0))
    assert far == TooFarAhead(date(2021, 10, 25))
    assert isinstance(book(svc, start=berlin(2021, 10, 22, 8, 0)), Booked)


def test_one_active_appointment_per_person_and_per_account(svc):
    first = book(svc).appointment
    # the same address from another chat, spelt differently: that chat has not proven it, so
    # the appointment goes to its owner's chat, not to whoever typed the address
    again = book(
        svc, start=TUE_9 + timedelta(minutes=15), email="ANNA@example.org ", sender="web:x"
    )
    assert again == LimitReached(first, own=False)
    with svc.db.read() as s:
        told = s.scalars(select(OutboxRow).where(OutboxRow.dedupe_key.startswith("existing:")))
        (notice,) = told.all()
    assert (notice.channel, notice.address) == ("telegram", "telegram:1")
    assert first.code in notice.payload["text"]
    # the same chat account with another e-mail address: its own appointment
    other = book(svc, start=TUE_9 + timedelta(minutes=15), email="other@example.org")
    assert other == LimitReached(first)
    # phone numbers are one person however they are written
    assert isinstance(book(svc, email=None, phone="0176 12345678", sender="web:p1"), Booked)
    taken = book(svc, email=None, phone="+49 176 1234 5678", sender="web:p2")
    assert isinstance(taken, LimitReached)


def test_limit_frees_once_the_appointment_is_over_or_cancelled(svc):
    fri = berlin(2021, 9, 17, 8, 0)
    book(svc)
    assert isinstance(book(svc, start=fri), LimitReached)
    over = berlin(2021, 9, 14, 9, 15)  # the first appointment has ended
    second = book(svc, start=fri, now=over)
    assert isinstance(second, Booked)
    code = second.appointment.code
    assert isinstance(svc.cancel(code, "citizen", over, by_person="telegram:1"), Cancelled)
    assert isinstance(book(svc, start=berlin(2021, 9, 21, 9, 0), now=over), Booked)


def test_a_higher_limit_is_still_enforced_by_the_database(db, city):
    svc = BookingService(db, with_policy(city, max_active_per_person=2))
    assert isinstance(book(svc), Booked)
    assert isinstance(book(svc, start=TUE_9 + timedelta(minutes=15)), Booked)
    third = book(svc, start=TUE_9 + timedelta(minutes=30))
    assert isinstance(third, LimitReached) and third.existing.start == TUE_9


def test_full_slot_offers_the_next_free_ones(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    assert isinstance(book(svc), Booked)
    taken = book(svc, email="b@example.org", sender="web:b")
    assert isinstance(taken, SlotTaken)
    assert [s.start for s in taken.alternatives] == [
        TUE_9 + timedelta(minutes=15 * i) for i in (1, 2, 3)
    ]


def test_hold_keeps_the_seat_for_its_holder(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    held = svc.hold("personalausweis", TUE_9, "web:a", NOW)
    assert isinstance(held, Held) and held.expires_at == NOW + timedelta(minutes=5)
    assert isinstance(svc.hold("personalausweis", TUE_9, "web:b", NOW), SlotTaken)
    assert isinstance(book(svc, email="b@example.org", sender="web:b"), SlotTaken)
    assert svc.free_slots("personalausweis", NOW, limit=1)[0].start != TUE_9
    assert isinstance(book(svc, held, sender="web:a", now=NOW + timedelta(minutes=2)), Booked)
    with db.read() as s:
        assert s.scalars(select(Seat.hold_id)).all() == [None]


def test_a_live_hold_outlasts_the_cutoff(svc):
    held = svc.hold("personalausweis", TUE_9, "web:a", berlin(2021, 9, 14, 7, 58))
    typing_done = berlin(2021, 9, 14, 8, 2)  # 58 minutes before: past the 60-minute cutoff
    assert isinstance(book(svc, TUE_9, sender="web:b", now=typing_done), TooLate)
    assert isinstance(book(svc, held, sender="web:a", now=typing_done), Booked)


def test_an_expired_hold_frees_the_seat_by_itself(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    held = svc.hold("personalausweis", TUE_9, "web:a", NOW)
    after = NOW + timedelta(minutes=6)
    assert svc.free_slots("personalausweis", after, limit=1)[0].start == TUE_9
    assert isinstance(svc.hold("personalausweis", TUE_9, "web:c", after), Held)
    # the first holder, too slow, is told the slot was taken and offered others
    late = book(svc, held, sender="web:a", now=after)
    assert isinstance(late, SlotTaken) and late.alternatives[0].start == TUE_9 + timedelta(
        minutes=15
    )
    # without a hold, an expired one's seat is taken over directly
    later = after + timedelta(minutes=6)
    assert isinstance(book(svc, TUE_9, sender="web:a", now=later), Booked)


def test_a_new_hold_replaces_the_holders_old_one(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    svc.hold("personalausweis", TUE_9, "web:a", NOW)
    svc.hold("personalausweis", TUE_9 + timedelta(minutes=15), "web:a", NOW)
    assert svc.free_slots("personalausweis", NOW, limit=1)[0].start == TUE_9
    svc.release_hold("web:a")
    assert len(svc.free_slots("personalausweis", NOW, day=date(2021, 9, 14), limit=99)) == 10


def test_cancel_only_by_owner_or_staff_and_the_seat_comes_back(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    code = book(svc).appointment.code
    assert svc.cancel(code, "citizen", NOW, by_person="telegram:999") == NotFound()
    assert svc.cancel("BB-22222", "citizen", NOW, by_person="telegram:1") == NotFound()
    done = svc.cancel(code, "citizen", NOW, by_person="telegram:1")
    assert isinstance(done, Cancelled) and done.appointment.status is Status.CANCELLED_BY_CITIZEN
    assert svc.free_slots("personalausweis", NOW, limit=1)[0].start == TUE_9
    assert isinstance(svc.cancel(code, "citizen", NOW, by_person="telegram:1"), NotActive)
    other = book(svc, email="b@example.org", sender="web:b").appointment
    by_staff = svc.cancel(other.code, "staff:7", NOW, reason="cutover")
    assert by_staff.appointment.status is Status.CANCELLED_BY_OFFICE
    assert by_staff.appointment.cancel_reason == "cutover"


def test_cancel_link_and_owner_by_email_from_another_chat(svc):
    code = book(svc).appointment.code
    token = svc.link_token(CANCEL, code, NOW)
    confirm = svc.link_token(CONFIRM, code, NOW)
    assert svc.appointment_by_token(CANCEL, token, NOW).code == code  # the GET page: not used
    assert svc.appointment_by_token(CANCEL, confirm, NOW) is None  # one purpose each
    assert svc.cancel_by_token("forged", NOW) == NotFound()
    assert svc.cancel_by_token(confirm, NOW) == NotFound()
    assert isinstance(svc.cancel_by_token(token, NOW), Cancelled)
    assert svc.cancel_by_token(token, NOW) == NotFound()  # used up
    assert svc.link_token(CANCEL, code, TUE_9) is None  # nothing ahead to link to


def test_appointments_of_a_sender_include_the_same_persons_other_chats(svc):
    a = book(svc).appointment
    assert svc.appointments_of("telegram:1", NOW) == [a]
    assert svc.appointments_of("email:anna@example.org", NOW) == [a]
    assert svc.appointments_of("web:stranger", NOW) == []
    assert svc.appointments_of("telegram:1", berlin(2021, 9, 14, 9, 15)) == []
    assert (
        len(svc.appointments_of("telegram:1", berlin(2021, 9, 14, 9, 15), include_past=True)) == 1
    )


def test_reschedule_moves_in_one_step_and_keeps_the_code(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    a = book(svc).appointment
    blocker = book(svc, start=TUE_9 + timedelta(minutes=30), email="b@example.org", sender="web:b")
    moved = svc.reschedule(
        a.code, TUE_9 + timedelta(minutes=15), "citizen", NOW, by_person="telegram:1"
    )
    assert isinstance(moved, Rescheduled)
    assert moved.appointment.code == a.code and moved.appointment.start == TUE_9 + timedelta(
        minutes=15
    )
    assert moved.previous.start == TUE_9
    assert svc.free_slots("personalausweis", NOW, limit=1)[0].start == TUE_9
    onto_taken = svc.reschedule(
        a.code, blocker.appointment.start, "citizen", NOW, by_person="telegram:1"
    )
    assert isinstance(onto_taken, SlotTaken) and onto_taken.alternatives
    assert svc.appointment(a.code).start == TUE_9 + timedelta(minutes=15)
    assert svc.reschedule(a.code, TUE_9, "x", NOW, by_person="web:b") == NotFound()
    assert svc.reschedule(a.code, berlin(2021, 9, 13, 9, 0), "citizen", NOW) == OutsideSchedule()


def test_household_takes_consecutive_slots_of_one_interval(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    last = berlin(2021, 9, 14, 11, 15)
    assert last + timedelta(minutes=15) not in [
        s.start
        for s in svc.free_slots("reisepass", NOW, day=date(2021, 9, 14), limit=99, household_size=2)
    ]
    assert book(svc, start=last, service_id="reisepass", household_size=2) == OutsideSchedule()
    a = book(svc, service_id="reisepass", household_size=2).appointment
    assert (a.end - a.start, a.household_size) == (timedelta(minutes=30), 2)
    free = svc.free_slots("personalausweis", NOW, limit=1)
    assert free[0].start == TUE_9 + timedelta(minutes=30)
    # moving by one slot overlaps its own seats: still one transaction, no conflict with itself
    moved = svc.reschedule(a.code, TUE_9 + timedelta(minutes=15), "staff:1", NOW)
    assert isinstance(moved, Rescheduled) and moved.appointment.end == TUE_9 + timedelta(minutes=45)
    with db.read() as s:
        assert len(s.scalars(select(Seat)).all()) == 2


def test_two_no_shows_block_online_booking(svc, city):
    first = book(svc).appointment
    assert isinstance(svc.mark_no_show(first.code, "staff:1", NOW), NotActive)  # not yet happened
    after = berlin(2021, 9, 14, 10, 0)
    assert svc.mark_no_show(first.code, "staff:1", after) == NoShowMarked(
        svc.appointment(first.code), None
    )
    second = book(svc, start=berlin(2021, 9, 17, 8, 0), now=after).appointment
    marked = svc.mark_no_show(second.code, "staff:1", berlin(2021, 9, 17, 9, 0))
    until = berlin(2021, 9, 17, 8, 0) + timedelta(days=60)
    assert marked.blocked_until == until
    later = berlin(2021, 9, 20, 8, 0)
    assert book(svc, start=berlin(2021, 9, 21, 9, 0), now=later) == Blocked(until)
    assert svc.hold("personalausweis", berlin(2021, 9, 21, 9, 0), "telegram:1", later) == Blocked(
        until
    )
    assert isinstance(svc.mark_no_show(first.code, "staff:1", later), NotActive)
    # the Telegram account is blamed, not the address it typed (that may be anybody's)
    elsewhere = book(svc, start=berlin(2021, 9, 21, 9, 0), now=later, sender="web:new")
    assert isinstance(elsewhere, Booked)
    # staff lift the block
    assert svc.unblock("telegram:1", "staff:1", later) == 2
    assert isinstance(book(svc, start=berlin(2021, 9, 22, 9, 0), now=later,
                           email="new@example.org"), Booked)  # fmt: skip


def test_no_shows_of_a_proven_address_block_it_everywhere_until_staff_lift_it(svc, db):
    after = berlin(2021, 9, 14, 10, 0)
    first = verified_booking(svc, TUE_9, "personalausweis", "Anna", email="anna@example.org",
                             sender="web:a", now=NOW).appointment  # fmt: skip
    svc.mark_no_show(first.code, "staff:1", after)
    fri = berlin(2021, 9, 17, 8, 0)
    second = verified_booking(svc, fri, "personalausweis", "Anna", email="anna@example.org",
                              sender="web:a", now=after).appointment  # fmt: skip
    until = svc.mark_no_show(second.code, "staff:1", berlin(2021, 9, 17, 9, 0)).blocked_until
    later = berlin(2021, 9, 20, 8, 0)
    tue = berlin(2021, 9, 21, 9, 0)
    assert book(svc, start=tue, now=later, email="Anna@Example.org", sender="web:b") == Blocked(
        until
    )
    with db.read() as s:
        assert {r.sender for r in s.scalars(select(NoShow))} == {None}  # the person's
    assert svc.unblock("email:anna@example.org", "staff:1", later) == 2
    assert isinstance(book(svc, start=tue, now=later, sender="web:b"), Booked)


def test_confirm_and_day_list(svc):
    a = book(svc).appointment
    book(svc, email="b@example.org", sender="web:b")
    assert isinstance(svc.confirm(a.code, NOW, by_person="web:other"), NotFound)
    assert isinstance(svc.confirm(a.code, NOW, by_person="telegram:1"), Confirmed)
    day = svc.day_list(date(2021, 9, 14))
    assert [x.name for x in day] == ["Anna Muster", "Anna Muster"]
    assert day[0].status is Status.CONFIRMED or day[1].status is Status.CONFIRMED
    assert {x.email for x in day} == {"anna@example.org", "b@example.org"}
    assert svc.day_list(date(2021, 9, 15)) == []


def test_audit_records_actions_without_personal_data(svc, db):
    a = book(svc).appointment
    svc.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    with db.read() as s:
        rows = s.execute(select(AuditRow.actor, AuditRow.action, AuditRow.appointment_code)).all()
    assert sorted(rows) == [("citizen", "book", a.code), ("citizen", "cancel_by_citizen", a.code)]


def test_purge_removes_personal_data_after_retention(svc, db):
    old = book(svc).appointment
    recent = book(
        svc, start=berlin(2021, 10, 22, 8, 0), email="b@example.org", sender="web:b"
    ).appointment
    report = svc.purge(berlin(2021, 10, 16, 12, 0))  # 32 days after the first
    assert (report.appointments_anonymised, report.persons_deleted) == (1, 1)
    with db.read() as s:
        assert s.scalars(select(Person.key)).all() == ["email:b@example.org"]
    assert svc.appointment(old.code).name is None and svc.appointment(old.code).email is None
    assert svc.appointment(recent.code).name == "Anna Muster"


def test_purge_keeps_what_the_no_show_rule_needs_and_drops_stale_chat_data(svc, db):
    code = book(svc).appointment.code
    svc.mark_no_show(code, "staff:1", berlin(2021, 9, 14, 10, 0))
    svc.hold("personalausweis", berlin(2021, 9, 15, 9, 0), "web:h", NOW)
    ConversationStore(db).save("web:c", {"form": "booking"}, NOW)
    CallbackStore(db).put("telegram:1", ["/affirm"], NOW)
    later = berlin(2021, 11, 1, 12, 0)
    ConversationStore(db).save("web:fresh", {"lang": "en"}, later)
    report = svc.purge(later)
    # the no-show hangs on the Telegram account; the address it typed was never proven, so
    # nothing of that person is kept
    assert report.appointments_anonymised == 1 and report.persons_deleted == 1
    with db.read() as s:
        assert [n.sender for n in s.scalars(select(NoShow))] == ["telegram:1"]  # 180 days
        assert s.scalars(select(Person.key)).all() == []
        assert s.scalars(select(Hold)).all() == [] and s.scalars(select(Seat)).all() == []
    assert ConversationStore(db).load("web:c") is None
    assert ConversationStore(db).load("web:fresh") == {"lang": "en"}
    # once the no-show has aged out of the rule's window, it goes too
    assert svc.purge(berlin(2022, 3, 15, 12, 0)).rows_deleted >= 1
    with db.read() as s:
        assert s.scalars(select(NoShow)).all() == []


def test_staff_can_book_without_a_chat_account(svc):
    booked = book(svc, sender=None, phone="0176 12345678", email=None)
    assert isinstance(booked, Booked) and booked.appointment.channel is None
    again = book(
        svc, start=TUE_9 + timedelta(minutes=15), sender=None, phone="+4917612345678", email=None
    )
    assert again == LimitReached(booked.appointment)


def test_one_mailbox_however_written_holds_one_appointment(svc):
    from tests.booking.test_contacts import SAME_MAILBOX

    first, *others = SAME_MAILBOX
    assert isinstance(book(svc, email=first, sender="web:first"), Booked)
    for i, spelling in enumerate(others):
        outcome = book(
            svc,
            start=TUE_9 + timedelta(minutes=15 * (i % 8)),
            email=spelling,
            sender=f"web:other-{i}",
        )
        assert isinstance(outcome, LimitReached), spelling


def test_the_longest_valid_address_fits_the_database(svc):
    address = "l" * 64 + "@" + "d" * 63 + "." + "d" * 63 + "." + "d" * 58 + ".de"
    outcome = book(svc, email=address)
    assert isinstance(outcome, Booked) and outcome.appointment.email == address
