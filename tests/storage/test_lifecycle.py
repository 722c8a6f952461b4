"""Every transition writes its state, one audit row and its events in one transaction, on SQLite
and PostgreSQL; and event consumers read after a durable cursor."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from office.booking import Booked, Cancelled, LimitReached, NotActive
from office.lifecycle import (
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentChanged,
    AppointmentRescheduled,
    SeatFreed,
    Status,
    Transition,
)
from storage import events as events_module
from storage.booking import BookingService
from storage.cutover import CutoverService
from storage.events import EventConsumers, EventLog, append
from storage.lifecycle import Lifecycle
from storage.models import AuditRow, EventCursor, EventRow, Seat
from tests.storage.support import berlin, with_policy

NOW = berlin(2021, 9, 13, 8, 0)
TUE_9 = berlin(2021, 9, 14, 9, 0)
Q = timedelta(minutes=15)


@pytest.fixture
def svc(db, city):
    return BookingService(db, city)


def book(svc, start=TUE_9, i=1, **kw):
    kw.setdefault("service_id", "personalausweis")
    outcome = svc.book(
        start, name="Anna Muster", email=f"p{i}@example.org", sender=f"web:{i}", now=NOW, **kw
    )
    assert isinstance(outcome, Booked), outcome
    return outcome.appointment


def counts(db) -> tuple[int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(AuditRow)),
            s.scalar(select(func.count()).select_from(EventRow)),
        )


def everything(db) -> list:
    """Every event so far, oldest first (as one consumer sees them)."""
    return [e.event for e in EventLog(db).pending("test:all")]


def audit_rows(db, code) -> list[tuple[str, str, str | None]]:
    with db.read() as s:
        return s.execute(
            select(AuditRow.actor, AuditRow.action, AuditRow.detail)
            .where(AuditRow.appointment_code == code)
            .order_by(AuditRow.id)
        ).all()


def test_each_change_writes_one_audit_row_and_its_events(svc, db):
    a = book(svc)
    assert counts(db) == (1, 1)
    (booked,) = everything(db)
    assert booked == AppointmentBooked(
        a.code, "personalausweis", TUE_9, TUE_9 + Q, 1, "booked", "web"
    )
    assert svc.confirm(a.code, NOW, by_person="web:1").appointment.status is Status.CONFIRMED
    assert counts(db) == (2, 2)
    assert svc.confirm(a.code, NOW, by_person="web:1").appointment.status is Status.CONFIRMED
    assert counts(db) == (2, 2)  # confirming twice changes nothing
    moved = svc.reschedule(a.code, TUE_9 + 4 * Q, "staff:1", NOW)
    assert moved.appointment.status is Status.BOOKED and counts(db) == (3, 4)
    assert svc.cancel(a.code, "staff:1", NOW, reason="Umbau") == Cancelled(svc.appointment(a.code))
    assert counts(db) == (4, 6)
    assert audit_rows(db, a.code) == [
        ("citizen", "book", None),
        ("citizen", "confirm", None),
        ("staff:1", "reschedule", None),
        ("staff:1", "cancel_by_office", "Umbau"),
    ]
    assert everything(db)[1:] == [
        AppointmentChanged(a.code, "confirm", "booked", "confirmed"),
        AppointmentRescheduled(a.code, "personalausweis", TUE_9, TUE_9 + 4 * Q, TUE_9 + 5 * Q),
        SeatFreed("personalausweis", TUE_9, TUE_9 + Q, 1, "reschedule"),
        AppointmentCancelled(
            a.code, "personalausweis", TUE_9 + 4 * Q, "cancelled_by_office", "staff:1"
        ),
        SeatFreed("personalausweis", TUE_9 + 4 * Q, TUE_9 + 5 * Q, 1, "cancel_by_office"),
    ]


def test_a_refused_transition_writes_nothing(svc, db):
    a = book(svc)
    svc.cancel(a.code, "citizen", NOW, by_person="web:1")
    before = counts(db)
    assert isinstance(svc.cancel(a.code, "citizen", NOW, by_person="web:1"), NotActive)
    assert isinstance(svc.confirm(a.code, NOW, by_person="web:1"), NotActive)
    assert isinstance(svc.mark_no_show(a.code, "staff:1", TUE_9 + Q), NotActive)
    assert counts(db) == before


def test_a_household_frees_one_run_and_a_one_slot_move_frees_only_its_first_slot(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    a = book(svc, service_id="reisepass", household_size=2)
    svc.reschedule(a.code, TUE_9 + Q, "staff:1", NOW)
    svc.cancel(a.code, "citizen", NOW, by_person="web:1")
    freed = [e for e in everything(db) if isinstance(e, SeatFreed)]
    assert freed == [
        SeatFreed("reisepass", TUE_9, TUE_9 + Q, 1, "reschedule"),
        SeatFreed("reisepass", TUE_9 + Q, TUE_9 + 3 * Q, 1, "cancel_by_citizen"),
    ]


def test_no_show_and_purge_go_through_the_life_cycle(svc, db):
    a = book(svc)
    svc.mark_no_show(a.code, "staff:1", TUE_9 + Q)
    assert everything(db)[1:] == [AppointmentChanged(a.code, "no_show", "booked", "no_show")]
    svc.purge(berlin(2021, 11, 1, 12, 0))
    assert [x[1] for x in audit_rows(db, a.code)] == ["book", "no_show", "purge"]
    # events older than the retention period go with the purge; the purge's own stays
    assert everything(db) == [AppointmentChanged(a.code, "purge", "no_show", "purged")]
    assert svc.appointment(a.code).status is Status.PURGED
    assert svc.purge(berlin(2021, 11, 2, 12, 0)).appointments_anonymised == 0  # once


def test_cutover_counts_the_seats_freed_per_slot(db, city):
    svc = BookingService(db, city)
    codes = [book(svc, i=i).code for i in range(3)]
    CutoverService(db, city).run(date(2021, 9, 14), "staff:cli", NOW)
    assert [x[1:] for c in codes for x in audit_rows(db, c)] == 3 * [
        ("book", None),
        ("cancel_by_cutover", "cutover"),
    ]
    freed = [e for e in everything(db) if isinstance(e, SeatFreed)]
    assert freed == [SeatFreed("personalausweis", TUE_9, TUE_9 + Q, 3, "cancel_by_cutover")]


@pytest.mark.parametrize("fail_in", ["audit", "events"])
def test_a_failure_rolls_back_state_audit_and_event_together(svc, db, monkeypatch, fail_in):
    a = book(svc)
    before = counts(db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    target = events_module if fail_in == "events" else __import__("storage.audit").audit
    monkeypatch.setattr(target, "append" if fail_in == "events" else "record", broken)
    with pytest.raises(RuntimeError):
        svc.cancel(a.code, "citizen", NOW, by_person="web:1")
    monkeypatch.undo()
    assert counts(db) == before
    assert svc.appointment(a.code).status is Status.BOOKED
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Seat)) == 1


def test_a_caller_transaction_that_fails_later_takes_the_change_with_it(svc, db):
    a = book(svc)
    before = counts(db)
    with pytest.raises(RuntimeError), db.write() as s:
        Lifecycle(15).apply(s, Transition.CANCEL_BY_OFFICE, [a.code], "staff:1", NOW)
        raise RuntimeError("the notice could not be queued")
    assert counts(db) == before and svc.appointment(a.code).status is Status.BOOKED


# Consumers


def test_a_consumer_gets_each_event_once_in_order_and_keeps_its_own_writes_with_the_cursor(svc, db):
    log = EventLog(db)
    first = book(svc, i=1)
    seen: list[str] = []

    def handler(s, stored):
        seen.append(stored.event.code)
        s.execute(  # a consumer's own write commits with its cursor
            EventCursor.__table__.insert().values(
                consumer=f"mark:{stored.event.code}", event_id=0, updated_at=NOW
            )
        )

    kinds = [AppointmentBooked.kind]
    assert log.handle("mail", handler, NOW, kinds) == 1
    assert log.handle("mail", handler, NOW, kinds) == 0
    second = book(svc, i=2)
    svc.cancel(second.code, "citizen", NOW, by_person="web:2")  # other kinds are skipped
    assert log.handle("mail", handler, NOW, kinds) == 1
    assert seen == [first.code, second.code]
    with db.read() as s:
        marks = s.scalars(select(EventCursor.consumer).where(EventCursor.consumer.like("mark:%")))
        assert sorted(marks) == sorted(f"mark:{c}" for c in seen)
    assert [e.event.kind for e in log.pending("waitlist")] == [
        "appointment_booked",
        "appointment_booked",
        "appointment_cancelled",
        "seat_freed",
    ]


def test_a_failing_handler_leaves_its_batch_for_the_next_run(svc, db):
    log = EventLog(db)
    book(svc, i=1)
    book(svc, i=2)
    calls: list[int] = []

    def crashing(s, stored):
        calls.append(stored.id)
        s.execute(
            EventCursor.__table__.insert().values(
                consumer=f"half:{stored.id}", event_id=0, updated_at=NOW
            )
        )
        if len(calls) == 2:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        log.handle("offers", crashing, NOW)
    assert len(log.pending("offers")) == 2  # nothing acknowledged
    with db.read() as s:  # and the first event's write went with the rollback
        assert s.scalar(select(func.count()).where(EventCursor.consumer.like("half:%"))) == 0
    handled: list[int] = []
    assert log.handle("offers", lambda s, e: handled.append(e.id), NOW) == 2
    assert handled == calls and log.pending("offers") == []


def test_registered_consumers_run_batch_by_batch(svc, db, monkeypatch):
    monkeypatch.setattr(events_module, "BATCH", 2)
    consumers = EventConsumers(EventLog(db))
    got: list[str] = []
    consumers.subscribe("mail", [AppointmentBooked], lambda s, e: got.append(e.event.code))
    with pytest.raises(ValueError):
        consumers.subscribe("mail", [SeatFreed], lambda s, e: None)
    codes = [book(svc, start=TUE_9 + k * Q, i=k).code for k in range(5)]
    assert consumers.run(NOW) == 5 and got == codes
    assert consumers.run(NOW) == 0


def test_two_workers_of_one_consumer_never_handle_an_event_twice(svc, db):
    for k in range(6):
        book(svc, start=TUE_9 + k * Q, i=k)
    log = EventLog(db)
    seen: list[int] = []
    lock = threading.Lock()

    def handler(s, stored):
        with lock:
            seen.append(stored.id)

    def worker():
        while log.handle("mail", handler, NOW, limit=1):
            pass

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 6


@pytest.mark.postgres
def test_events_become_visible_in_id_order_so_a_cursor_skips_none(migrated):
    """PostgreSQL draws ids at insert: without the order lock, id 2 could commit while id 1 is
    still on its way, and a reader that saw 2 would never see 1."""
    db = migrated("postgres")
    with db.engine.begin() as c:
        for table in (EventRow.__table__, EventCursor.__table__):
            c.execute(table.delete())
    log = EventLog(db)
    early = SeatFreed("reisepass", TUE_9, TUE_9 + Q, 1, "test")
    late = SeatFreed("reisepass", TUE_9 + Q, TUE_9 + 2 * Q, 1, "test")
    inserted, go, pids = threading.Event(), threading.Event(), {}

    def held_at_commit(s):  # runs after the events' insert: the id is drawn, not yet visible
        if s.info.get("hold"):
            inserted.set()
            go.wait(30)

    def write(e, name, hold):
        with db.write() as s:
            pids[name] = s.scalar(select(func.pg_backend_pid()))
            s.info["hold"] = hold
            append(s, NOW, [(None, e)])

    sa_event.listen(Session, "before_commit", held_at_commit)
    try:
        first = threading.Thread(target=write, args=(early, "first", True))
        first.start()
        assert inserted.wait(30)
        second = threading.Thread(target=write, args=(late, "second", False))
        second.start()
        wait_for_lock(db, lambda: pids.get("second"))  # the second waits for the first
        got: list = []
        assert log.handle("waitlist", lambda s, e: got.append(e.event), NOW) == 0
        go.set()
        first.join(30)
        second.join(30)
    finally:
        go.set()
        sa_event.remove(Session, "before_commit", held_at_commit)
    assert log.handle("waitlist", lambda s, e: got.append(e.event), NOW) == 2
    assert got == [early, late]


def wait_for_lock(db, pid, timeout=30.0) -> None:
    """Until the backend `pid()` waits for a lock (polled, bounded)."""
    deadline = time.monotonic() + timeout
    query = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
    while True:
        if pid() is not None:
            with db.engine.connect() as c:
                if c.scalar(query, {"pid": pid()}) == "Lock":
                    return
        assert time.monotonic() < deadline, "the second writer never waited for the first"
        time.sleep(0.01)


def test_the_bootstrap_has_the_one_registration_point(app_factory):
    app = app_factory()
    got: list = []
    app.services.consumers.subscribe("test", [AppointmentBooked], lambda s, e: got.append(e.event))
    outcome = app.booking.book(
        TUE_9, "personalausweis", "Anna", email="a@example.org", sender="web:a", now=NOW
    )
    assert app.services.consumers.run(NOW) == 1 and [e.code for e in got] == [
        outcome.appointment.code
    ]


def test_a_pending_booking_holds_its_seat_counts_against_the_limit_and_is_verified(svc, db):
    a = book(svc, pending=True)
    assert a.status is Status.PENDING
    again = svc.book(
        TUE_9 + Q, "personalausweis", "Anna", email="p1@example.org", sender="web:9", now=NOW
    )
    assert isinstance(again, LimitReached) and again.existing.code == a.code
    assert isinstance(svc.check_in(a.code, "staff:1", NOW), NotActive)  # not verified yet
    assert svc.verify(a.code, NOW).appointment.status is Status.BOOKED
    assert isinstance(svc.verify(a.code, NOW), NotActive)  # once
    assert svc.check_in(a.code, "staff:1", TUE_9).appointment.status is Status.CHECKED_IN
    assert [x[1] for x in audit_rows(db, a.code)] == ["book_pending", "verify", "check_in"]
    assert everything(db) == [
        AppointmentBooked(a.code, "personalausweis", TUE_9, TUE_9 + Q, 1, "pending", "web"),
        AppointmentChanged(a.code, "verify", "pending", "booked"),
        AppointmentChanged(a.code, "check_in", "booked", "checked_in"),
    ]


def test_an_unverified_booking_is_released_and_its_seat_freed(svc, db):
    a = book(svc, pending=True)
    with db.write() as s:
        (row,) = svc.lifecycle.apply(s, Transition.RELEASE_UNVERIFIED, [a.code], "system", NOW)
    assert row.status == "released_unverified" and row.person_slot is None
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Seat)) == 0
    assert everything(db)[1:] == [
        AppointmentCancelled(a.code, "personalausweis", TUE_9, "released_unverified", "system"),
        SeatFreed("personalausweis", TUE_9, TUE_9 + Q, 1, "release_unverified"),
    ]
