"""The office's opening hours: dated versions of weekly rules, holidays removed.

Everything is timezone-aware in the city's zone. Periods are wall-clock times, so an interval
on the day the clocks change carries that day's offset (09:00+02:00 on 31 Oct 2021 would be
+01:00: the office keeps its hours, the UTC offset moves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


class Kind(StrEnum):
    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"
    EMERGENCY_PHONE = "emergency_phone"

    @property
    def at_office(self) -> bool:
        """Walk-in and appointment hours share the counters; the phone window does not."""
        return self is not Kind.EMERGENCY_PHONE


@dataclass(frozen=True)
class Period:
    """One weekly rule: these weekdays (optionally only the nth of the month), start to end."""

    weekdays: tuple[int, ...]  # 0 = Monday
    start: time
    end: time
    kind: Kind
    nth: tuple[int, ...] = ()  # e.g. (2, 4): every 2nd and 4th <weekday> of the month

    def rule(self, first: date, last: date | None) -> rrule:
        start = datetime.combine(first, time())
        until = datetime.combine(last, time()) if last else None
        if self.nth:
            days = [weekday(d)(n) for d in self.weekdays for n in self.nth]
            return rrule(MONTHLY, byweekday=days, dtstart=start, until=until, cache=True)
        return rrule(WEEKLY, byweekday=self.weekdays, dtstart=start, until=until, cache=True)


@dataclass(frozen=True)
class Version:
    """The weekly rules in force from `valid_from` to `valid_until` (inclusive, None = open)."""

    name: str
    valid_from: date
    valid_until: date | None
    periods: tuple[Period, ...]
    note: dict[str, str] = field(default_factory=dict, compare=False)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @cached_property
    def rules(self) -> tuple[tuple[Period, rrule], ...]:
        return tuple((p, p.rule(self.valid_from, self.valid_until)) for p in self.periods)


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime
    kind: Kind

    def contains(self, t: datetime) -> bool:
        return self.start <= t < self.end

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "kind": self.kind}


@dataclass(frozen=True)
class State:
    """What is on at one instant, and when each kind opens next."""

    at: datetime
    current: tuple[Interval, ...]  # at most one office interval and one phone window
    next: dict[Kind, Interval | None]
    closed_reason: str | None  # holiday or closure name when the whole day is closed

    def open(self, kind: Kind) -> Interval | None:
        return next((i for i in self.current if i.kind is kind), None)

    @property
    def office(self) -> Interval | None:
        return next((i for i in self.current if i.kind.at_office), None)


# A closure lookup: the reason the office is closed on a day (holiday name), or None.
Closures = Callable[[date, str], str | None]

SEARCH_DAYS = 400  # how far ahead "next window" looks: a year and a bit covers any nth rule


class Schedule:
    """All versions of a city's hours with its closures."""

    def __init__(self, versions: tuple[Version, ...], tz: ZoneInfo, closures: Closures):
        self.versions = tuple(sorted(versions, key=lambda v: v.valid_from))
        self.tz = tz
        self._closures = closures

    def version_on(self, day: date) -> Version | None:
        return next((v for v in self.versions if v.covers(day)), None)

    def closed_reason(self, day: date, lang: str = "de") -> str | None:
        """Why the office is closed all day (a holiday or an extra closure), else None."""
        return self._closures(day, lang)

    def intervals(self, start: datetime, end: datetime, kind: Kind | None = None) -> list[Interval]:
        """Every interval overlapping [start, end), holidays and closures removed, sorted."""
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        first, last = start.date(), end.date()
        found: list[Interval] = []
        for version in self.versions:
            lo = max(first, version.valid_from)
            hi = last if version.valid_until is None else min(last, version.valid_until)
            if lo > hi:
                continue
            for period, rule in version.rules:
                if kind is not None and period.kind is not kind:
                    continue
                for day in _days(rule, lo, hi):
                    if self._closures(day, "de"):
                        continue
                    iv = Interval(
                        datetime.combine(day, period.start, self.tz),
                        datetime.combine(day, period.end, self.tz),
                        period.kind,
                    )
                    if iv.start < end and start < iv.end:
                        found.append(iv)
        found.sort()
        return found

    def day(self, day: date, kind: Kind | None = None) -> list[Interval]:
        start = datetime.combine(day, time(), self.tz)
        return self.intervals(start, start + timedelta(days=1), kind)

    def next_window(self, t: datetime, kind: Kind) -> Interval | None:
        """The interval of `kind` open at `t`, or else the next one to open after `t`."""
        t = t.astimezone(self.tz)
        if not any(t.date() <= (v.valid_until or t.date()) for v in self.versions):
            return None
        horizon = t + timedelta(days=SEARCH_DAYS)
        step = timedelta(days=31)
        lo = t
        while lo < horizon:
            hi = min(lo + step, horizon)
            for iv in self.intervals(lo, hi, kind):
                if iv.end > t:
                    return iv
            lo = hi
        return None

    def state_at(self, t: datetime) -> State:
        t = t.astimezone(self.tz)
        today = self.day(t.date())
        current = tuple(i for i in today if i.contains(t))
        upcoming = {
            kind: next((i for i in today if i.kind is kind and i.start > t), None) for kind in Kind
        }
        for kind, found in upcoming.items():
            if found is None:
                tomorrow = datetime.combine(t.date() + timedelta(days=1), time(), self.tz)
                upcoming[kind] = self.next_window(tomorrow, kind)
        return State(t, current, upcoming, self.closed_reason(t.date()))


def _days(rule: rrule, lo: date, hi: date) -> Iterator[date]:
    a, b = datetime.combine(lo, time()), datetime.combine(hi, time())
    for occurrence in rule.between(a, b, inc=True):
        yield occurrence.date()
