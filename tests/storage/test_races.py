"""Concurrent requests on real threads and connections: the database keeps every promise."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from office.booking import (
    Booked,
    Cancelled,
    LimitReached,
    NotActive,
    Rescheduled,
    SlotTaken,
)
from office.lifecycle import ACTIVE
from storage.booking import BookingService
from storage.models import AppointmentRow, Seat
from tests.storage.support import berlin, with_policy

NOW = berlin(2021, 9, 13, 8, 0)
TUE_9 = berlin(2021, 9, 14, 9, 0)


def race(n: int, attempt):
    """Run attempt(0..n-1) on n threads released together; their results in order."""
    gate = threading.Barrier(n)
    results: list = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = attempt(i)
        except BaseException as e:  # noqa: BLE001 - re-raised in the test thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def assert_consistent(db, svc):
    """Active appointments own exactly one seat per slot they span; nothing else owns any."""
    with db.read() as s:
        seats = s.execute(select(Seat.appointment_id, Seat.slot_start, Seat.seat)).all()
        rows = s.scalars(select(AppointmentRow)).all()
    owned = Counter(a for a, _, _ in seats)
    for row in rows:
        if row.status in ACTIVE:
            span = svc.grid.span(row.slot_start, int((row.slot_end - row.slot_start).seconds / 60))
            expected = {(t, row.seat) for t in span}
            assert {(t, seat) for a, t, seat in seats if a == row.id} == expected
        else:
            assert owned[row.id] == 0


def test_200_bookers_for_10_seats(db, city):
    svc = BookingService(db, with_policy(city, counters=10))
    results = race(
        200,
        lambda i: svc.book(
            TUE_9,
            "personalausweis",
            f"Person {i}",
            email=f"p{i}@example.org",
            sender=f"web:{i}",
            now=NOW,
        ),
    )
    booked = [r for r in results if isinstance(r, Booked)]
    taken = [r for r in results if isinstance(r, SlotTaken)]
    assert (len(booked), len(taken)) == (10, 190)
    assert sorted(r.appointment.seat for r in booked) == list(range(1, 11))
    assert all(r.alternatives and r.alternatives[0].start > TUE_9 for r in taken)
    assert_consistent(db, svc)


def test_one_person_racing_for_20_slots_gets_one(db, city):
    svc = BookingService(db, city)
    starts = [TUE_9 + timedelta(minutes=15 * i) for i in range(10)]
    starts += [berlin(2021, 9, 15, 9, 0) + timedelta(minutes=15 * i) for i in range(10)]
    same_email = race(
        20,
        lambda i: svc.book(
            starts[i],
            "personalausweis",
            "Anna",
            email=" ANNA@example.org",
            sender=f"web:{i}",
            now=NOW,
        ),
    )
    assert Counter(type(r) for r in same_email) == {Booked: 1, LimitReached: 19}
    same_chat = race(
        20,
        lambda i: svc.book(
            starts[i],
            "personalausweis",
            "Bert",
            email=f"b{i}@example.org",
            sender="telegram:7",
            now=NOW,
        ),
    )
    assert Counter(type(r) for r in same_chat) == {Booked: 1, LimitReached: 19}
    assert_consistent(db, svc)


def test_reschedule_racing_cancel_stays_consistent(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    for i in range(8):
        start = TUE_9 + timedelta(minutes=15 * i)
        code = svc.book(
            start, "personalausweis", "Anna", email=f"a{i}@example.org", sender=f"web:{i}", now=NOW
        ).appointment.code
        target = berlin(2021, 9, 15, 9, 0) + timedelta(minutes=15 * i)
        owner = f"web:{i}"
        moved, cancelled = race(
            2,
            lambda k, code=code, target=target, owner=owner: (
                svc.reschedule(code, target, "citizen", NOW, by_person=owner)
                if k == 0
                else svc.cancel(code, "citizen", NOW, by_person=owner)
            ),
        )
        assert isinstance(cancelled, Cancelled)
        assert isinstance(moved, Rescheduled | NotActive)
        assert svc.appointment(code).status.value == "cancelled_by_citizen"
        free = {s.start for s in svc.free_slots("personalausweis", NOW, limit=40)}
        assert start in free and target in free  # neither seat left behind
    assert_consistent(db, svc)


def test_two_reschedules_racing_for_one_seat(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    codes = [
        svc.book(
            TUE_9 + timedelta(minutes=15 * i),
            "personalausweis",
            "A",
            email=f"a{i}@example.org",
            sender=f"web:{i}",
            now=NOW,
        ).appointment.code
        for i in range(2)
    ]
    target = berlin(2021, 9, 15, 9, 0)
    results = race(2, lambda i: svc.reschedule(codes[i], target, "staff:1", NOW))
    assert Counter(type(r) for r in results) == {Rescheduled: 1, SlotTaken: 1}
    assert_consistent(db, svc)


def test_holds_racing_for_one_seat(db, city):
    svc = BookingService(db, with_policy(city, counters=1))
    results = race(20, lambda i: svc.hold("personalausweis", TUE_9, f"web:{i}", NOW))
    assert sum(r.__class__.__name__ == "Held" for r in results) == 1
