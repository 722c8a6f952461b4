"""Free slots and days of the city's grid: reads only, outside any write transaction.

The root of the booking service's parts (appointment queries, life-cycle changes, holds and
booking build on it): it holds the grid, the seat ledger and the random source they share.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from office.booking import SlotTaken
from office.city import City, Service
from office.slots import Slot, SlotGrid
from storage.db import Database
from storage.seats import SeatLedger, Taken

ALTERNATIVES = 3  # free slots offered when the chosen one was just taken
Span = tuple[datetime, ...]


class Availability:
    """Which seats are free. Every method takes `now` (aware); nothing reads the clock."""

    def __init__(self, db: Database, city: City, rand: random.Random | None = None):
        self.db = db
        self.city = city
        self.policy = city.booking
        self.grid = SlotGrid(city.schedule, city.booking)
        self.rand = rand or random.SystemRandom()
        self.seats = SeatLedger(db.engine.dialect.name, self.policy.counters, self.rand)

    def free_slots(
        self,
        service_id: str,
        now: datetime,
        day: date | None = None,
        limit: int = 10,
        household_size: int = 1,
        after: datetime | None = None,
    ) -> list[Slot]:
        """The first `limit` bookable slots (on `day`, or from `after`, or from the cutoff)."""
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= self.policy.max_household:
            return []
        spans = self.grid.spans(now, self._minutes(service, household_size), day, day)
        if after is not None:
            spans = [s for s in spans if s[0] >= after]
        return [self.grid.slot(s) for s in self._free_spans(spans, now, limit)]

    def free_days(
        self, service_id: str, now: datetime, limit: int = 10, household_size: int = 1
    ) -> list[date]:
        """The first `limit` days with at least one bookable slot."""
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= self.policy.max_household:
            return []
        spans = self.grid.spans(now, self._minutes(service, household_size))
        days: list[date] = []
        for span in self._free_spans(spans, now, None):
            d = span[0].date()
            if not days or days[-1] != d:
                days.append(d)
                if len(days) == limit:
                    break
        return days

    def _free_spans(self, spans: list[Span], now: datetime, limit: int | None) -> list[Span]:
        if not spans:
            return []
        with self.db.engine.connect() as c:
            taken, _ = self.seats.occupied(c, spans[0][0], spans[-1][-1], now)
        return self._pick_free(taken, spans, limit)

    def _pick_free(self, taken: Taken, spans: list[Span], limit: int | None) -> list[Span]:
        free = []
        for span in spans:
            if self.seats.free(taken, span):
                free.append(span)
                if len(free) == limit:
                    break
        return free

    def _first_look(
        self, service: Service, household_size: int, span: Span, now: datetime
    ) -> list[int] | SlotTaken:
        """The seats of `span` free right now, or SlotTaken with alternatives, from one read."""
        later = [
            x
            for x in self.grid.spans(now, self._minutes(service, household_size))
            if x[0] > span[0]
        ]
        with self.db.engine.connect() as c:
            taken, _ = self.seats.occupied(c, span[0], later[-1][-1] if later else span[-1], now)
        free = self.seats.free(taken, span)
        if free:
            return free
        found = self._pick_free(taken, later, ALTERNATIVES)
        if not found:
            return self._taken(service, household_size, span, now)
        return SlotTaken(tuple(self.grid.slot(x) for x in found))

    def _taken(self, service: Service, household_size: int, span: Span, now: datetime) -> SlotTaken:
        found = self.free_slots(
            service.id, now, limit=ALTERNATIVES, household_size=household_size, after=span[0]
        ) or self.free_slots(service.id, now, limit=ALTERNATIVES, household_size=household_size)
        return SlotTaken(tuple(found))

    def _minutes(self, service: Service, household_size: int) -> int:
        return service.minutes * household_size
