"""A simulated month of demand for the reference city, with and without the waitlist: how many
freed seats are booked again, how soon, and how many offers that takes.

    .venv/bin/python bench/waitlist.py [--days 28] [--demand 1.3] [--seed 17]

The real booking service, life cycle, event consumer and waitlist run on a fresh SQLite file;
only the clock and the citizens are simulated (a discrete-event queue; the worker's chores run
one minute after a seat frees, as the server's worker does at most a minute later, and when an
offer's hold ends). Stated rates, all configurable:
- the calendar at the start: 95 % of every seat up to the booking horizon already booked (the
  press release's scarcity), each booking with the fates below;
- arrivals: `demand` x the month's appointment seats, spread uniformly over 07:00-21:00 of each
  day; each wants one of the city's services, any day from today up to a patience of 2-21 days;
  they book the earliest free slot in that window, or (with the waitlist, if on Telegram, 70 %)
  join the waitlist for it; without the waitlist they go away;
- 10 % of bookings are cancelled by the citizen at a uniformly random time before the slot;
- 30 % of the others are no-shows who do not reconfirm: released 24 h ahead (the reminder's
  release), when booked earlier than that;
- a waiter answers an offer after an exponential delay (mean 12 min): 65 % take it, 15 % decline,
  20 % never answer (the hold lapses).
A freed seat counts as booked again by the first booking of its slot after the freeing (either
way: a waiter's, or someone who happened to look). Prints both runs and, as the last line, JSON.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import statistics
import sys
import tempfile
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, update  # noqa: E402

from app.config import load_city  # noqa: E402
from app.services import build_services  # noqa: E402
from app.settings import Settings  # noqa: E402
from office.booking import Booked, Rescheduled  # noqa: E402
from office.city import City  # noqa: E402
from office.lifecycle import (  # noqa: E402
    AppointmentBooked,
    AppointmentRescheduled,
    SeatFreed,
    Transition,
    event_from,
)
from office.waitlist import Wish  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.events import Stored  # noqa: E402
from storage.models import EventRow, OutboxRow, WaitlistOffer  # noqa: E402

START = datetime(2021, 9, 1, 0, 0)  # the reference schedule's version with online booking
FULL = 0.95  # the share of seats up to the horizon already booked at the start
CANCEL_RATE = 0.10
NO_SHOW_RATE = 0.30
TELEGRAM_SHARE = 0.70
ANSWER_MEAN_MINUTES = 12.0
TAKE, DECLINE = 0.65, 0.15  # the rest never answer
WORKER_DELAY = timedelta(minutes=1)


@dataclass
class Figures:
    arrivals: int = 0
    booked: int = 0
    joined: int = 0
    gave_up: int = 0
    freed: int = 0
    rebooked: int = 0
    minutes: list[float] = field(default_factory=list)
    offers: int = 0
    by_waitlist: int = 0
    releases: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "arrivals": self.arrivals,
            "booked_on_arrival": self.booked,
            "joined_waitlist": self.joined,
            "gave_up": self.gave_up,
            "freed_seats": self.freed,
            "rebooked": self.rebooked,
            "rebooked_share": round(self.rebooked / self.freed, 3) if self.freed else None,
            "median_minutes_to_rebook": round(statistics.median(self.minutes), 1)
            if self.minutes
            else None,
            "offers": self.offers,
            "rebooked_by_waitlist": self.by_waitlist,
            "offers_per_rebooked_seat": round(self.offers / self.by_waitlist, 2)
            if self.by_waitlist
            else None,
            "releases": self.releases,
        }


class Month:
    """One simulated month over a fresh database."""

    def __init__(self, city: City, waitlist: bool, days: int, demand: float, seed: int, tmp: str):
        self.city = city
        self.tz = city.tz
        self.use_waitlist = waitlist
        self.rand = random.Random(seed)
        url = f"sqlite:///{tmp}/{'with' if waitlist else 'without'}.db"
        db = open_database(url)
        db.upgrade()
        self.services = build_services(Settings(database_url=url), db=db, city=city)
        self.booking = self.services.booking
        self.waitlist = self.services.waitlist
        self.db = db
        self.start = START.replace(tzinfo=self.tz)
        self.end = self.start + timedelta(days=days)
        self.days = days
        self.demand = demand
        self.queue: list[tuple[datetime, int, str, tuple]] = []
        self.order = itertools.count()
        self.chores_at: set[datetime] = set()
        self.figures = Figures()
        self.freed: dict[datetime, deque[datetime]] = defaultdict(deque)  # slot -> freed at
        self.seen = 0  # the last event measured
        self.owners: dict[str, str] = {}  # appointment code -> the chat that booked it

    def at(self, when: datetime, kind: str, *args: Any) -> None:
        heapq.heappush(self.queue, (when, next(self.order), kind, args))

    def run(self) -> Figures:
        self._prefill()
        self._arrivals()
        while self.queue:
            now, _, kind, args = heapq.heappop(self.queue)
            if now >= self.end:
                break
            getattr(self, f"_{kind}")(now, *args)
            self._measure_new()
        if self.use_waitlist:
            self.figures.releases = dict(self.waitlist.releases())
        return self.figures

    # The citizens

    def _book(self, now: datetime, start: datetime, service: str, who: str, sender: str) -> Any:
        return self.booking.book(start, service, f"Citizen {who}", email=f"{who}@example.org",
                                 sender=sender, now=now)  # fmt: skip

    def _prefill(self) -> None:
        """The calendar as found at the start: `full` of every seat up to the horizon booked."""
        last = self.start + timedelta(days=self.city.booking.horizon_days)
        day, n = self.start.date(), 0
        while day <= last.date():
            for group in self.booking.grid.day(day):
                for start in group:
                    for _seat in range(self.city.booking.counters):
                        if self.rand.random() >= FULL:
                            continue
                        n += 1
                        sender = f"telegram:pre{n}"
                        outcome = self._book(self.start, start, "personalausweis", f"pre{n}",
                                             sender)  # fmt: skip
                        if isinstance(outcome, Booked):
                            self._fate(self.start, outcome.appointment.code, start, sender)
            day += timedelta(days=1)

    def _arrivals(self) -> None:
        """`demand` x the seats of the month, each at a random time of its day."""
        seats = 0
        for n in range(self.days):
            d = (self.start + timedelta(days=n)).date()
            seats += sum(len(g) for g in self.booking.grid.day(d)) * self.city.booking.counters
        for _ in range(round(self.demand * seats)):
            day = self.start.date() + timedelta(days=self.rand.randrange(self.days))
            minute = self.rand.randrange(7 * 60, 21 * 60)
            when = datetime.combine(day, time(minute // 60, minute % 60), self.tz)
            self.at(when, "arrive", next(self.order))

    def _arrive(self, now: datetime, n: int) -> None:
        self.figures.arrivals += 1
        service = self.rand.choice([s.id for s in self.city.services if s.minutes])
        last = now.date() + timedelta(days=self.rand.randint(2, 21))
        free = [s for s in self.booking.free_slots(service, now, limit=1) if s.start.date() <= last]
        sender = f"telegram:{n}" if self.rand.random() < TELEGRAM_SHARE else f"web:{n}"
        if free:
            outcome = self._book(now, free[0].start, service, f"c{n}", sender)
            if isinstance(outcome, Booked):
                self.figures.booked += 1
                self._fate(now, outcome.appointment.code, outcome.appointment.start, sender)
                return
        if self.use_waitlist and sender.startswith("telegram:"):
            wish = Wish(service, 1, now.date(), last)
            self.waitlist.join(sender, wish, now, name=f"Citizen {n}", email=f"c{n}@example.org")
            self.figures.joined += 1
        else:
            self.figures.gave_up += 1

    def _fate(self, now: datetime, code: str, start: datetime, sender: str) -> None:
        """Whether this booking is cancelled or released (a no-show not reconfirming), and when."""
        self.owners[code] = sender
        if self.rand.random() < CANCEL_RATE:
            latest = start - timedelta(hours=1)
            if latest > now:
                self.at(now + (latest - now) * self.rand.random(), "cancel", code)
        elif self.rand.random() < NO_SHOW_RATE:
            release = start - timedelta(hours=self.city.booking.reconfirm_hours)
            if release > now:
                self.at(release, "release", code)

    def _cancel(self, now: datetime, code: str) -> None:
        self.booking.cancel(code, "citizen", now, by_person=self.owners[code])
        self._worker_soon(now)

    def _release(self, now: datetime, code: str) -> None:
        with self.db.write() as s:
            self.booking.lifecycle.apply(s, Transition.RELEASE_UNCONFIRMED, [code], "system", now)
        self._worker_soon(now)

    # The worker and the waiters

    def _worker_soon(self, now: datetime) -> None:
        if self.use_waitlist:
            self._schedule_chores(now + WORKER_DELAY)

    def _schedule_chores(self, when: datetime) -> None:
        if when not in self.chores_at:
            self.chores_at.add(when)
            self.at(when, "chores")

    def _chores(self, now: datetime) -> None:
        self.chores_at.discard(now)
        self.services.consumers.run(now)
        self.waitlist.sweep(now)
        self._offers_sent(now)

    def _offers_sent(self, now: datetime) -> None:
        """Each new offer notice reaches its waiter, who answers (or not) after a while."""
        with self.db.write() as s:
            sent = s.execute(
                update(OutboxRow)
                .where(OutboxRow.campaign == "waitlist", OutboxRow.state == "queued")
                .values(state="delivered", updated_at=now)
                .returning(OutboxRow.address, OutboxRow.payload)
            ).all()
        for address, payload in sent:
            offer = payload.get("offer")
            if payload.get("kind") != "waitlist_offer" or offer is None:
                continue
            self.figures.offers += 1
            with self.db.read() as s:
                query = select(WaitlistOffer.expires_at).where(WaitlistOffer.id == offer)
                expires = s.scalar(query)
            self._schedule_chores(expires.astimezone(self.tz))
            choice = self.rand.random()
            if choice >= TAKE + DECLINE:
                continue  # never answers: the hold lapses
            delay = timedelta(minutes=self.rand.expovariate(1 / ANSWER_MEAN_MINUTES))
            self.at(now + delay, "answer", address, offer, choice < TAKE)

    def _answer(self, now: datetime, holder: str, offer: int, take: bool) -> None:
        if not take:
            self.waitlist.decline(offer, holder, now)
        else:
            outcome = self.waitlist.accept(offer, holder, now)
            if isinstance(outcome, Booked | Rescheduled):
                self.figures.by_waitlist += 1
                self._fate(now, outcome.appointment.code, outcome.appointment.start, holder)
        self._offers_sent(now)

    # Measuring

    def _measure_new(self) -> None:
        """Freed seats from the life cycle's events; each booking of a slot afterwards books
        the oldest seat freed in it again."""
        e = EventRow
        with self.db.read() as s:
            rows = s.execute(
                select(e.id, e.at, e.kind, e.payload).where(e.id > self.seen).order_by(e.id)
            ).all()
        for id_, at, kind, payload in rows:
            self.seen = id_
            self._measure(Stored(id_, at, event_from(kind, payload)))

    def _measure(self, stored: Stored) -> None:
        event = stored.event
        if isinstance(event, SeatFreed):
            self.figures.freed += event.seats
            for _ in range(event.seats):
                self.freed[event.slot_start].append(stored.at)
        elif isinstance(event, AppointmentBooked | AppointmentRescheduled):
            waiting = self.freed.get(event.slot_start)
            if waiting:
                freed_at = waiting.popleft()
                self.figures.rebooked += 1
                self.figures.minutes.append((stored.at - freed_at).total_seconds() / 60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--demand", type=float, default=1.3, help="arrivals per seat")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    city = load_city(ROOT / "config" / "brandenburg-havel.yaml")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, on in (("without", False), ("with", True)):
            results[label] = Month(city, on, args.days, args.demand, args.seed, tmp).run().summary()
    print(f"A month of demand from {START.date()} for {args.days} days, {args.demand} arrivals "
          f"per seat; cancellations {CANCEL_RATE:.0%}, no-show releases {NO_SHOW_RATE:.0%}, "
          f"on Telegram {TELEGRAM_SHARE:.0%}")  # fmt: skip
    rows = (
        ("freed seats", "freed_seats"),
        ("rebooked", "rebooked"),
        ("share of freed seats rebooked", "rebooked_share"),
        ("median minutes, freed -> rebooked", "median_minutes_to_rebook"),
        ("offers sent", "offers"),
        ("rebooked through the waitlist", "rebooked_by_waitlist"),
        ("offers per rebooked seat", "offers_per_rebooked_seat"),
        ("arrivals who went away", "gave_up"),
    )
    print(f"{'':36}{'without':>12}{'with':>12}")
    for title, key in rows:
        a, b = results["without"][key], results["with"][key]
        print(f"{title:36}{'-' if a is None else a!s:>12}{'-' if b is None else b!s:>12}")
    print("waitlist: freed seats by what became of them:", results["with"]["releases"])
    print(json.dumps({"days": args.days, "demand": args.demand, "seed": args.seed, **results}))


if __name__ == "__main__":
    main()
