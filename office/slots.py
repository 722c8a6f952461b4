"""The slot grid: bookable times inside the schedule's `appointment` intervals.

A slot is `slot_minutes` long and starts at an interval's start or a whole number of slots
after it; the last slot ends at or before the interval's end. A booking that needs several
slots (a longer service, a household) occupies consecutive slots of one interval, one seat per
slot. Arithmetic runs in UTC and results carry the city's zone, so DST days stay exact.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from office.city import BookingPolicy
from office.elapsed import after
from office.schedule import Kind, Schedule

PARTS_OF_DAY = {  # the NLU's part_of_day values as [from, to) on the clock
    "morning": (time(0), time(12)),
    "noon": (time(11), time(14)),
    "afternoon": (time(12), time.max),
    "evening": (time(16), time.max),
}


@dataclass(frozen=True, order=True)
class Slot:
    """A bookable span: `start` to `end`, possibly several grid slots long."""

    start: datetime
    end: datetime


class SlotGrid:
    """The grid of one schedule under one booking policy; days are computed once and cached."""

    def __init__(self, schedule: Schedule, policy: BookingPolicy):
        self.schedule = schedule
        self.policy = policy
        self.step = timedelta(minutes=policy.slot_minutes)
        self._day = lru_cache(maxsize=512)(self._compute_day)
        self._range = lru_cache(maxsize=64)(self._compute_range)

    def day(self, d: date) -> tuple[tuple[datetime, ...], ...]:
        """The slot starts of `d`, grouped by appointment interval (slots never span a break)."""
        return self._day(d, self.schedule.generation)

    def _compute_day(self, d: date, generation: int) -> tuple[tuple[datetime, ...], ...]:
        """`generation` keys the cache: closures laid over the schedule change the days."""
        tz = self.schedule.tz
        groups = []
        for iv in self.schedule.day(d, Kind.APPOINTMENT):
            lo, hi = iv.start.astimezone(UTC), iv.end.astimezone(UTC)
            starts = []
            while lo + self.step <= hi:
                starts.append(lo.astimezone(tz))
                lo += self.step
            if starts:
                groups.append(tuple(starts))
        return tuple(groups)

    def slots_needed(self, minutes: int) -> int:
        return max(1, -(-minutes // self.policy.slot_minutes))

    def span(self, start: datetime, minutes: int) -> tuple[datetime, ...] | None:
        """The grid slots a booking of `minutes` from `start` occupies; None if it does not fit."""
        start = start.astimezone(self.schedule.tz)
        n = self.slots_needed(minutes)
        for group in self.day(start.date()):
            if start in group:
                i = group.index(start)
                return group[i : i + n] if i + n <= len(group) else None
        return None

    def slot(self, span: tuple[datetime, ...]) -> Slot:
        return Slot(span[0], after(span[-1], self.step).astimezone(self.schedule.tz))

    def earliest(self, now: datetime) -> datetime:
        """The first bookable instant: the short-notice cutoff."""
        return after(now, timedelta(minutes=self.policy.cutoff_minutes))

    def last_day(self, now: datetime) -> date:
        """The last bookable day: today plus the horizon."""
        return now.astimezone(self.schedule.tz).date() + timedelta(days=self.policy.horizon_days)

    def spans(
        self, now: datetime, minutes: int, first: date | None = None, last: date | None = None
    ) -> list[tuple[datetime, ...]]:
        """Every span of `minutes` bookable at `now` with its start on days `first` to `last`."""
        earliest = self.earliest(now)
        earliest_day = earliest.astimezone(self.schedule.tz).date()
        lo = max(first or earliest_day, earliest_day)
        hi = min(last or self.last_day(now), self.last_day(now))
        if lo > hi:
            return []
        starts, spans = self._range(self.slots_needed(minutes), lo, hi, self.schedule.generation)
        return list(spans[bisect_left(starts, earliest) :])

    def _compute_range(
        self, n: int, lo: date, hi: date, generation: int
    ) -> tuple[tuple[datetime, ...], tuple[tuple[datetime, ...], ...]]:
        """All spans of `n` slots starting on days lo..hi, and their starts (for bisection)."""
        found: list[tuple[datetime, ...]] = []
        d = lo
        while d <= hi:
            for group in self.day(d):
                found.extend(group[i : i + n] for i in range(len(group) - n + 1))
            d += timedelta(days=1)
        return tuple(span[0] for span in found), tuple(found)

    def day_bounds(self, d: date) -> tuple[datetime, datetime]:
        start = datetime.combine(d, time(), self.schedule.tz)
        return start, datetime.combine(d + timedelta(days=1), time(), self.schedule.tz)
