"""The waitlist on SQLite and PostgreSQL: a freed seat goes to the first waiter it fits, held
for them alone; an answer or its absence passes it on; every freed seat ends somewhere; and
concurrent workers never offer a seat twice or give a waiter two offers."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from office.booking import Booked, Cancelled, LimitReached, NoShowMarked, Rescheduled
from office.city import City
from office.lifecycle import SeatFreed
from office.waitlist import ReleaseState, Wish
from storage.booking import BookingService
from storage.consistency import problems
from storage.events import EventConsumers, EventLog
from storage.models import (
    AppointmentRow,
    Hold,
    OutboxRow,
    Seat,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistRelease,
)
from storage.waitlist import AlreadyWaiting, Joined, OfferGone, Sweep, Waitlist, WishRefused
from tests.storage.support import berlin, with_policy
from tests.storage.test_races import assert_consistent, race

NOW = berlin(2021, 9, 13, 8, 0)
TUE_9 = berlin(2021, 9, 14, 9, 0)
WEEK = Wish("personalausweis", 1, date(2021, 9, 13), date(2021, 9, 20))


class World:
    """The booking service, the waitlist and its consumer over one database."""

    def __init__(self, db, city: City):
        self.db = db
        self.booking = BookingService(db, city)
        self.waitlist = Waitlist(db, city, self.booking)
        self.consumers = EventConsumers(EventLog(db))
        self.consumers.subscribe("waitlist", [SeatFreed], self.waitlist.on_seat_freed)

    def book(self, n: int, start=TUE_9, sender: str | None = None):
        outcome = self.booking.book(
            start, "personalausweis", f"Person {n}", email=f"p{n}@example.org",
            sender=sender or f"telegram:{n}", now=NOW,
        )  # fmt: skip
        assert isinstance(outcome, Booked), outcome
        return outcome.appointment

    def wait(self, n: int, wish: Wish = WEEK, at=NOW, **kw):
        outcome = self.waitlist.join(f"telegram:{n}", wish, at, name=f"Waiter {n}",
                                     phone=f"0331 12345{n:02d}", **kw)  # fmt: skip
        assert isinstance(outcome, Joined), outcome
        return outcome.entry

    def run(self, now=NOW):
        self.consumers.run(now)
        return self.waitlist.sweep(now)

    def offer(self, n: int, now=NOW):
        return self.waitlist.open_offer(f"telegram:{n}", now)


@pytest.fixture
def world(db, city) -> World:
    return World(db, with_policy(city, counters=1))


def test_a_freed_seat_goes_to_the_first_waiter_and_is_held_for_them(world, db):
    a = world.book(1)
    world.wait(2)
    world.wait(3)
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    assert world.run().offered == 1
    offer = world.offer(2)
    assert offer.start == TUE_9 and world.offer(3) is None
    assert offer.expires_at == NOW + timedelta(minutes=20)  # the slot is soon: a short hold
    other = world.booking.book(TUE_9, "personalausweis", "Quick", email="q@example.org",
                               sender="web:q", now=NOW)  # fmt: skip
    assert not isinstance(other, Booked)  # held for the waiter alone
    booked = world.waitlist.accept(offer.id, "telegram:2", NOW + timedelta(minutes=5))
    assert isinstance(booked, Booked) and booked.appointment.start == TUE_9
    assert booked.appointment.name == "Waiter 2"
    assert world.waitlist.entries_of("telegram:2", NOW) == []
    assert world.waitlist.releases() == {"rebooked": 1}
    with db.read() as s:
        notices = s.execute(select(OutboxRow.address, OutboxRow.payload)).all()
        entry = s.scalars(select(WaitlistEntry).where(WaitlistEntry.holder == "telegram:2")).one()
    assert [a for a, _ in notices] == ["telegram:2"]
    assert "Personalausweis am Dienstag, 14. September 2021 um 09:00 Uhr" in notices[0][1]["text"]
    assert (entry.name, entry.phone) == (None, None)  # not kept once off the list
    assert_consistent(db, world.booking)


def test_decline_and_timeout_pass_the_seat_on(world):
    a = world.book(1)
    for n in (2, 3, 4):
        world.wait(n)
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    assert world.waitlist.decline(world.offer(2).id, "telegram:2", NOW)
    third = world.offer(3)
    assert third is not None and world.offer(2) is None
    assert world.waitlist.accept(third.id, "telegram:2", NOW) == OfferGone()  # not theirs
    later = third.expires_at
    sweep = world.run(later)
    assert (sweep.lapsed, sweep.offered) == (1, 1)
    assert world.offer(4) is not None
    assert isinstance(world.waitlist.accept(third.id, "telegram:3", later), OfferGone)
    # who declined or let it lapse still waits, but is not offered the same seat again
    assert [e.state for e in world.waitlist.entries_of("telegram:2", later)] == ["waiting"]
    world.waitlist.decline(world.offer(4, later).id, "telegram:4", later)
    assert world.waitlist.releases() == {"unmatched": 1}


def test_who_leaves_offers_unanswered_is_taken_off_after_the_second(world, db):
    world.wait(2)
    later = NOW
    for n in (1, 3):
        freed = world.book(n, start=TUE_9 + timedelta(minutes=15 * n))
        world.booking.cancel(freed.code, "citizen", later, by_person=f"telegram:{n}")
        world.run(later)
        later = world.offer(2, later).expires_at
        world.run(later)
    assert world.waitlist.entries_of("telegram:2", later) == []
    with db.read() as s:
        texts = [p["text"] for p in s.scalars(select(OutboxRow.payload)) if "Angebote" in p["text"]]
    assert len(texts) == 1 and "2 Angebote nicht beantwortet" in texts[0]


def test_an_offer_accepted_under_every_limit(world):
    a = world.book(1)
    world.wait(2)
    world.wait(3)
    world.book(2, start=berlin(2021, 9, 15, 9, 0))  # waiter 2 booked something else meanwhile
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    refused = world.waitlist.accept(world.offer(2).id, "telegram:2", NOW)
    assert isinstance(refused, LimitReached)
    assert world.offer(3) is not None  # passed on at once


def test_waiting_for_an_earlier_time_moves_the_appointment_and_frees_the_old_seat(world):
    late = world.book(2, start=berlin(2021, 9, 17, 9, 0))
    entry = world.wait(2, dataclasses.replace(WEEK, before=late.start),
                       appointment_code=late.code)  # fmt: skip
    world.wait(3)
    early = world.book(1)
    world.booking.cancel(early.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    offer = world.offer(2)
    assert entry.wish.before == late.start and offer.start == TUE_9
    moved = world.waitlist.accept(offer.id, "telegram:2", NOW)
    assert isinstance(moved, Rescheduled) and moved.appointment.code == late.code
    assert moved.appointment.start == TUE_9
    world.run()
    assert world.offer(3).start == late.start  # the old seat, to the next waiter
    assert_consistent(world.db, world.booking)


def test_a_wish_to_move_an_appointment_ends_with_the_appointment(world):
    mine = world.book(2, start=berlin(2021, 9, 17, 9, 0))
    world.wait(2, dataclasses.replace(WEEK, before=mine.start), appointment_code=mine.code)
    assert world.run().ended == 0
    world.booking.cancel(mine.code, "citizen", NOW, by_person="telegram:2")
    assert world.run().ended == 1 and world.waitlist.entries_of("telegram:2", NOW) == []


def test_a_later_seat_is_not_offered_to_who_waits_for_an_earlier_one(world):
    mine = world.book(2, start=TUE_9)
    world.wait(2, dataclasses.replace(WEEK, before=mine.start), appointment_code=mine.code)
    other = world.book(1, start=berlin(2021, 9, 15, 9, 0))
    world.booking.cancel(other.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    assert world.offer(2) is None and world.waitlist.releases() == {"unmatched": 1}


def test_leaving_with_an_open_offer_passes_it_on(world):
    a = world.book(1)
    world.wait(2)
    world.wait(3)
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    assert world.waitlist.leave("telegram:2", NOW) == 1
    assert world.waitlist.entries_of("telegram:2", NOW) == [] and world.offer(3) is not None


def test_one_wish_per_person_within_the_limits(world):
    world.wait(2)
    again = world.waitlist.join("telegram:2", WEEK, NOW, name="B", phone="0331 1234567")
    assert isinstance(again, AlreadyWaiting)
    too_long = dataclasses.replace(WEEK, last_day=date(2021, 10, 30))
    assert world.waitlist.join("telegram:3", too_long, NOW) == WishRefused("too_long")
    past = dataclasses.replace(WEEK, first_day=date(2021, 9, 1), last_day=date(2021, 9, 10))
    assert world.waitlist.join("telegram:3", past, NOW) == WishRefused("past")
    raced = race(8, lambda i: world.waitlist.join("telegram:9", WEEK, NOW, name="R",
                                                  phone="0331 1234567"))  # fmt: skip
    assert Counter(type(r) for r in raced) == {Joined: 1, AlreadyWaiting: 7}


def test_a_wish_over_but_not_yet_swept_does_not_block_a_new_one(world):
    world.wait(2, dataclasses.replace(WEEK, last_day=date(2021, 9, 14)))
    later = berlin(2021, 9, 15, 8, 0)
    again = world.waitlist.join("telegram:2", dataclasses.replace(WEEK, first_day=later.date()),
                                later, name="B", phone="0331 1234567")  # fmt: skip
    assert isinstance(again, Joined) and again.entry.wish.first_day == later.date()


def test_services_can_be_left_off_the_waitlist(db, city):
    policy = dataclasses.replace(city.waitlist, services=("reisepass",))
    off = World(db, dataclasses.replace(city, waitlist=policy))
    assert off.waitlist.join("telegram:1", WEEK, NOW) == WishRefused("off")


def test_wishes_end_after_their_last_day(world):
    world.wait(2, dataclasses.replace(WEEK, last_day=date(2021, 9, 14)))
    assert world.run(berlin(2021, 9, 14, 23, 0)).ended == 0
    assert world.run(berlin(2021, 9, 15, 0, 0)).ended == 1
    assert world.waitlist.entries_of("telegram:2", berlin(2021, 9, 15, 0, 0)) == []


def test_every_freed_seat_is_offered_or_says_why_not(world):
    later = berlin(2021, 9, 14, 8, 10)
    nobody = world.book(1, start=berlin(2021, 9, 15, 9, 0))
    world.booking.cancel(nobody.code, "citizen", NOW, by_person="telegram:1")
    soon = world.book(3, start=TUE_9)
    world.booking.cancel(soon.code, "citizen", later, by_person="telegram:3")  # inside the cutoff
    taken = world.book(4, start=berlin(2021, 9, 15, 9, 30))
    world.booking.cancel(taken.code, "citizen", NOW, by_person="telegram:4")
    world.book(5, start=berlin(2021, 9, 15, 9, 30))  # booked again before any offer was made
    world.wait(6, dataclasses.replace(WEEK, part_of_day="afternoon"), at=NOW)
    world.run(later)
    assert world.waitlist.releases() == {"unmatched": 1, "late": 1, "taken": 1}
    assert world.offer(6, later) is None


def test_a_household_waits_for_a_run_of_seats(world):
    two = world.book(1, start=TUE_9)
    world.book(7, start=TUE_9 + timedelta(minutes=15))
    world.wait(2, dataclasses.replace(WEEK, household_size=2))
    world.wait(3)
    world.booking.cancel(two.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    assert world.offer(2) is None and world.offer(3) is not None  # a single seat: the next fits


def test_a_lost_hold_passes_the_seat_on(world):
    a = world.book(1)
    world.wait(2)
    world.wait(3)
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    world.booking.hold("personalausweis", berlin(2021, 9, 15, 9, 0), "telegram:2", NOW)
    assert world.run().lost == 1  # their own new booking form dropped the offer's hold
    assert world.offer(3) is not None


def test_offers_survive_a_restart(db, city):
    first = World(db, with_policy(city, counters=1))
    a = first.book(1)
    first.wait(2)
    first.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    first.consumers.run(NOW)  # the worker stops after reading the event, before offering
    second = World(db, with_policy(city, counters=1))
    assert second.run().offered == 1 and second.run().offered == 0
    assert second.offer(2) is not None


def test_many_seats_freed_and_many_waiters_at_once(db, city):
    """Four workers sweep while 30 appointments are cancelled at once and 45 citizens wait;
    then every offer is accepted at once."""
    world = World(db, with_policy(city, counters=3))
    starts = [TUE_9 + timedelta(minutes=15 * (i // 3)) for i in range(30)]
    booked = [world.book(i, start=starts[i]) for i in range(30)]
    for n in range(100, 145):
        world.wait(n)

    def step(i: int):
        if i < 30:
            return world.booking.cancel(booked[i].code, "citizen", NOW, by_person=f"telegram:{i}")
        return [world.run() for _ in range(3)]

    race(34, step)
    world.run()
    with db.read() as s:
        offers = s.execute(select(WaitlistOffer.release_id, WaitlistOffer.entry_id,
                                  WaitlistOffer.state, WaitlistOffer.hold_id)).all()  # fmt: skip
        releases = s.scalars(select(WaitlistRelease)).all()
        holds = s.scalar(select(func.count()).select_from(Hold))
        held_seats = s.execute(select(Seat.slot_start, Seat.seat).where(Seat.hold_id.is_not(None)))
        held_seats = held_seats.all()
    assert len(releases) == 30 and {r.state for r in releases} == {ReleaseState.OFFERED.value}
    assert Counter(r for r, _, _, _ in offers) == {r.id: 1 for r in releases}
    assert max(Counter(e for _, e, _, _ in offers).values()) == 1  # no waiter holds two
    assert holds == 30 and len(set(held_seats)) == len(held_seats) == 30
    waiters = [e for _, e, _, _ in offers]
    with db.read() as s:
        holder = dict(s.execute(select(WaitlistEntry.id, WaitlistEntry.holder)).all())
    outcomes = race(30, lambda i: world.waitlist.accept(
        next(o.id for o in [world.offer(int(holder[waiters[i]].split(":")[1]))] if o),
        holder[waiters[i]], NOW))  # fmt: skip
    assert Counter(type(o) for o in outcomes) == {Booked: 30}
    assert world.waitlist.releases() == {"rebooked": 30}
    assert_consistent(db, world.booking)


class Crash(Exception):
    """The worker dies here."""


def state_of(db, offer_id: int) -> tuple[str, str, str, int]:
    """The offer's, its release's and its entry's state, and how many appointments exist."""
    with db.read() as s:
        offer = s.get(WaitlistOffer, offer_id)
        release = s.get(WaitlistRelease, offer.release_id)
        entry = s.get(WaitlistEntry, offer.entry_id)
        booked = s.scalar(select(func.count()).select_from(AppointmentRow))
    return offer.state, release.state, entry.state, booked


def offered_seat(world: World, moving: bool):
    """Waiter 2 offered the 09:00 seat freed by waiter 1: a new booking, or a move of theirs."""
    a = world.book(1)
    if moving:
        late = world.book(2, start=berlin(2021, 9, 17, 9, 0))
        wish = dataclasses.replace(WEEK, before=late.start)
        world.wait(2, wish, appointment_code=late.code)
    else:
        world.wait(2)
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    return world.offer(2)


@pytest.mark.parametrize("moving", [False, True], ids=["book", "move"])
def test_a_crash_inside_the_accept_leaves_the_offer_open(world, db, monkeypatch, moving):
    """Killed after the booking's seat and row are written but before the commit: nothing of
    the acceptance stays, the offer is still open and held, and the next tap books."""
    offer = offered_seat(world, moving)
    before = state_of(db, offer.id)
    lifecycle = world.booking.lifecycle
    step = "apply" if moving else "created"  # the audit row and the event: the last writes
    real = getattr(lifecycle, step)

    def crash(*args, **kw):
        real(*args, **kw)
        raise Crash

    monkeypatch.setattr(lifecycle, step, crash)
    with pytest.raises(Crash):
        world.waitlist.accept(offer.id, "telegram:2", NOW)
    monkeypatch.undo()
    assert state_of(db, offer.id) == before == ("open", "offered", "offered", 1 + moving)
    assert problems(db, world.booking.policy, NOW) == []
    assert world.run().offered == 0 and world.waitlist.releases() == {"offered": 1}
    outcome = world.waitlist.accept(offer.id, "telegram:2", NOW)
    assert isinstance(outcome, Rescheduled if moving else Booked)
    assert state_of(db, offer.id)[:3] == ("accepted", "rebooked", "booked")


@pytest.mark.parametrize("moving", [False, True], ids=["book", "move"])
def test_a_crash_right_after_the_booking_leaves_it_accepted(world, db, monkeypatch, moving):
    """Killed the moment the booking has committed (before accept's own code goes on): the
    waiter has the appointment, the offer is accepted, the seat is recorded as rebooked (not
    as taken by someone else), and the worker's next pass changes nothing."""
    offer = offered_seat(world, moving)
    name = "reschedule" if moving else "book"
    real = getattr(world.booking, name)

    def crash(*args, **kw):
        outcome = real(*args, **kw)
        assert isinstance(outcome, Rescheduled | Booked)
        raise Crash

    monkeypatch.setattr(world.booking, name, crash)
    with pytest.raises(Crash):
        world.waitlist.accept(offer.id, "telegram:2", NOW)
    monkeypatch.undo()
    assert world.run() == Sweep(lapsed=0, lost=0, ended=0, offered=0)
    offer_state, release_state, entry_state, _ = state_of(db, offer.id)
    assert (offer_state, release_state, entry_state) == ("accepted", "rebooked", "booked")
    mine = world.booking.appointments_of("telegram:2", NOW)
    assert [a.start for a in mine] == [TUE_9]
    assert world.waitlist.accept(offer.id, "telegram:2", NOW) == OfferGone()
    assert problems(db, world.booking.policy, NOW) == []


def test_an_offer_is_gone_at_the_instant_its_hold_ends(world, db):
    """Accepted at the very instant it lapses: too late, whichever runs first; the seat goes
    on to the next waiter and is held by nobody twice."""
    offer = offered_seat(world, moving=False)
    world.wait(3)
    end = offer.expires_at
    assert world.waitlist.accept(offer.id, "telegram:2", end) == OfferGone()
    assert world.run(end).lapsed == 1 and world.offer(3, end) is not None
    assert world.waitlist.accept(offer.id, "telegram:2", end) == OfferGone()
    assert problems(db, world.booking.policy, end) == []


def test_an_accept_racing_the_lapse_of_its_offer_ends_one_way(world, db):
    """The citizen taps a second before the hold ends while the worker sweeps at its end."""
    offer = offered_seat(world, moving=False)
    end = offer.expires_at
    tap = end - timedelta(seconds=1)
    accepted, swept = race(
        2,
        lambda i: world.waitlist.accept(offer.id, "telegram:2", tap) if i == 0 else world.run(end),
    )
    booked = isinstance(accepted, Booked)
    assert booked or accepted == OfferGone()
    assert swept.lapsed == (0 if booked else 1)
    offer_state, release_state, _, _ = state_of(db, offer.id)
    assert (offer_state, release_state) == (
        ("accepted", "rebooked") if booked else ("expired", "unmatched")
    )
    assert problems(db, world.booking.policy, end) == []


def test_a_double_tap_on_accept_books_once(world, db):
    """Two taps (or two workers answering one tap) on one offer: one booking, the others told
    the offer is gone, not that the seat was taken."""
    offer = offered_seat(world, moving=False)
    outcomes = race(4, lambda i: world.waitlist.accept(offer.id, "telegram:2", NOW))
    assert Counter(type(o) for o in outcomes) == {Booked: 1, OfferGone: 3}
    assert state_of(db, offer.id) == ("accepted", "rebooked", "booked", 2)
    assert problems(db, world.booking.policy, NOW) == []


def test_a_seat_freed_once_when_cancel_and_no_show_race(world, db):
    """The citizen cancels, staff cancel and staff mark a no-show of one appointment at once:
    one of them wins, and at most one seat is freed for the waitlist."""
    a = world.book(1)
    world.wait(2)
    later = TUE_9 + timedelta(minutes=5)
    steps = [
        lambda: world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1"),
        lambda: world.booking.cancel(a.code, "staff:1", NOW),
        lambda: world.booking.mark_no_show(a.code, "staff:1", later),
    ]
    outcomes = race(3, lambda i: steps[i]())
    won = [o for o in outcomes if isinstance(o, Cancelled | NoShowMarked)]
    assert len(won) == 1
    world.run()
    assert sum(world.waitlist.releases().values()) == int(isinstance(won[0], Cancelled))
    assert problems(db, world.booking.policy, NOW) == []


def test_an_offer_accepted_after_booking_elsewhere_under_the_same_contact(world, db):
    """The waiter booked on the web meanwhile, under the phone number they wait with: one
    person, so the offer is refused under the one-appointment limit and passed on."""
    a = world.book(1)
    world.wait(2)
    world.wait(3)
    elsewhere = world.booking.book(
        berlin(2021, 9, 15, 9, 0), "personalausweis", "Waiter 2", phone="0331 1234502",
        sender="web:2", now=NOW,
    )  # fmt: skip
    assert isinstance(elsewhere, Booked)
    world.booking.cancel(a.code, "citizen", NOW, by_person="telegram:1")
    world.run()
    offer = world.offer(2)
    assert isinstance(world.waitlist.accept(offer.id, "telegram:2", NOW), LimitReached)
    assert state_of(db, offer.id)[0] == "declined" and world.offer(3) is not None
    assert problems(db, world.booking.policy, NOW) == []
