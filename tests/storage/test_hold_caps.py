"""Holds that cannot flood, on SQLite and PostgreSQL: the seats one client address holds or has
pending at once, and the share of a day's seats held or pending at once, both capped."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from office.booking import Booked, Held, NotFound, TooManyHeld
from storage.booking import BookingService
from tests.storage.support import berlin, with_policy

NOW = berlin(2021, 9, 13, 8, 0)  # Monday
TUE_9 = berlin(2021, 9, 14, 9, 0)
STEP = timedelta(minutes=15)


def hold(svc, i: int, client: str | None, start=TUE_9, persons: int = 1, now=NOW):
    return svc.hold(
        "personalausweis", start, f"web:{i}", now, household_size=persons, client=client
    )


def test_one_client_address_holds_no_more_seats_than_its_cap(db, city):
    svc = BookingService(db, with_policy(city, seats_per_client=3, held_share=1.0))
    for i in range(3):
        assert isinstance(hold(svc, i, "addr-1", TUE_9 + i * STEP), Held)
    assert hold(svc, 3, "addr-1", TUE_9 + 3 * STEP) == TooManyHeld("client")
    assert isinstance(hold(svc, 4, "addr-2", TUE_9 + 3 * STEP), Held)  # another address
    assert isinstance(hold(svc, 0, "addr-1", TUE_9 + 5 * STEP), Held)  # a holder moves its hold
    svc.release_hold("web:1")  # a citizen leaves the form: the address may hold again
    assert isinstance(hold(svc, 3, "addr-1", TUE_9 + 3 * STEP), Held)
    later = NOW + timedelta(minutes=city.booking.hold_minutes + 1)  # holds ran out
    assert isinstance(hold(svc, 5, "addr-1", TUE_9 + 6 * STEP, now=later), Held)


def test_pending_bookings_count_against_the_address_and_a_booked_one_does_not(db, city):
    svc = BookingService(db, with_policy(city, seats_per_client=2, held_share=1.0))
    for i in range(2):
        booked = svc.book(
            TUE_9 + i * STEP,
            "personalausweis",
            "Anna Muster",
            email=f"p{i}@example.org",
            sender=f"web:p{i}",
            now=NOW,
            pending=True,
            client="addr-1",
        )
        assert isinstance(booked, Booked)
    assert hold(svc, 9, "addr-1", TUE_9 + 4 * STEP) == TooManyHeld("client")
    third = svc.book(
        TUE_9 + 5 * STEP,
        "personalausweis",
        "Anna Muster",
        email="p3@example.org",
        sender="web:p3",
        now=NOW,
        pending=True,
        client="addr-1",
    )
    assert third == TooManyHeld("client")
    final = svc.book(
        TUE_9 + 5 * STEP,
        "personalausweis",
        "Anna Muster",
        email="p4@example.org",
        sender="web:p4",
        now=NOW,
        client="addr-1",
    )
    assert isinstance(final, Booked)  # a booked appointment is no placeholder any more


def test_a_household_may_hold_its_span_first_even_above_a_small_cap(db, city):
    svc = BookingService(db, with_policy(city, seats_per_client=2, held_share=1.0))
    assert isinstance(hold(svc, 1, "addr-1", persons=4), Held)  # four slot-seats
    assert hold(svc, 2, "addr-1", TUE_9 + 6 * STEP) == TooManyHeld("client")


def test_household_size_is_capped_by_the_config(db, city):
    svc = BookingService(db, with_policy(city, max_household=2))
    assert isinstance(hold(svc, 1, None, persons=3), NotFound)
    assert isinstance(hold(svc, 1, None, persons=2), Held)


def test_no_more_than_the_share_of_a_days_seats_is_held_at_once(db, city):
    svc = BookingService(db, with_policy(city, seats_per_client=100, held_share=0.1))
    day = TUE_9.date()
    total = sum(len(g) for g in svc.grid.day(day)) * city.booking.counters
    allowed = int(0.1 * total)
    starts = [s for g in svc.grid.day(day) for s in g]
    for i in range(allowed):
        assert isinstance(hold(svc, i, f"addr-{i}", starts[i // 3]), Held), i
    assert hold(svc, 99, "addr-99", starts[-1]) == TooManyHeld("day")
    wednesday = berlin(2021, 9, 15, 9, 0)
    assert isinstance(hold(svc, 100, "addr-100", wednesday), Held)  # another day
    telegram = svc.hold("personalausweis", starts[-1], "telegram:7", NOW)
    assert telegram == TooManyHeld("day")  # the day's share counts every channel


@pytest.mark.postgres
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
def test_racing_workers_cannot_pass_an_address_cap_together(db, city):
    svc = BookingService(db, with_policy(city, seats_per_client=3, held_share=1.0))
    starts = [TUE_9 + i * STEP for i in range(10)]
    with ThreadPoolExecutor(10) as pool:
        outcomes = list(pool.map(lambda i: hold(svc, i, "addr-1", starts[i]), range(10)))
    assert sum(isinstance(o, Held) for o in outcomes) == 3
    assert sum(o == TooManyHeld("client") for o in outcomes) == 7
