"""The office's opening hours: dated versions of weekly rules, holidays removed.

Everything is timezone-aware in the city's zone. Periods are wall-clock times, so an interval
on the day the clocks change carries that day's offset (on 31 Oct 2021 09:00 is +01:00, the day
before it was +02:00: the office keeps its hours, the UTC offset moves).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from office.closures import Closure, Closures

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
# How far ahead "next window" looks: a year and a bit covers any nth-weekday rule and holidays.
SEARCH_DAYS = 400


def weekday_runs(weekdays: Iterable[int]) -> list[list[int]]:
    """Consecutive weekdays grouped: {0, 1, 2, 4} -> [[0, 1, 2], [4]] (for "Mo-We,Fr")."""
    runs: list[list[int]] = []
    for day in sorted(set(weekdays)):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


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
    nth: tuple[int, ...] = ()  # e.g. (2, 4): every 2nd and 4th <weekday> of the month; -1 = last

    def rule(self, first: date, last: date) -> rrule:
        """The days from `first` to `last` (inclusive) this period applies to."""
        return days_rule(self.weekdays, self.nth, first, last)


def days_rule(weekdays: Iterable[int], nth: tuple[int, ...], first: date, last: date) -> rrule:
    """Every `weekdays` (only the `nth` of the month, if given) from `first` to `last`."""
    start, until = datetime.combine(first, time()), datetime.combine(last, time())
    if nth:
        days = [weekday(d)(n) for d in sorted(weekdays) for n in nth]
        return rrule(MONTHLY, byweekday=days, dtstart=start, until=until)
    return rrule(WEEKLY, byweekday=sorted(weekdays), dtstart=start, until=until)


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

    def has(self, kind: Kind) -> bool:
        return any(p.kind is kind for p in self.periods)


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
    next: dict[Kind, Interval | None]  # the next opening strictly after `at`
    closed_reason: str | None  # holiday or closure name (German) when the whole day is closed

    def open(self, kind: Kind) -> Interval | None:
        return next((i for i in self.current if i.kind is kind), None)

    @property
    def office(self) -> Interval | None:
        return next((i for i in self.current if i.kind.at_office), None)


@dataclass(frozen=True)
class _Year:
    """One calendar year expanded: intervals by day, and per kind in order with their bounds
    as epoch seconds, for bisection."""

    days: dict[date, tuple[Interval, ...]]
    starts: dict[Kind, list[float]]
    ends: dict[Kind, list[float]]
    by_kind: dict[Kind, list[Interval]]


class Schedule:
    """All versions of a city's hours with its closures.

    Days are expanded a year at a time from the rrules and kept: the bot asks about the same
    months over and over, so `state_at` and `intervals` become lookups and bisections. Periods
    of one kind never overlap (office.city refuses such a file), so per kind the intervals are
    ordered by their ends as well as by their starts.
    """

    def __init__(self, versions: tuple[Version, ...], tz: ZoneInfo, closures: Closures):
        self.versions = tuple(sorted(versions, key=lambda v: v.valid_from))
        self.tz = tz
        self.closures = self.base_closures = closures
        self.generation = 0  # counts overlays: caches built on the schedule key on it
        self._years: dict[int, _Year] = {}
        # The last day each kind can occur (None: open-ended); kinds never scheduled are absent.
        self._kind_until: dict[Kind, date | None] = {}
        for v in self.versions:
            for kind in {p.kind for p in v.periods}:
                known = self._kind_until.get(kind, v.valid_until)
                until = v.valid_until
                self._kind_until[kind] = (
                    None if known is None or until is None else max(known, until)
                )

    def overlay(self, added: Iterable[Closure]) -> None:
        """Lay the closures staff added over the config's, replacing the previous overlay;
        every answer from now on knows them."""
        self.closures = self.base_closures.with_added(added)
        self._years = {}
        self.generation += 1

    def version_on(self, day: date) -> Version | None:
        return next((v for v in self.versions if v.covers(day)), None)

    def closed_reason(self, day: date, lang: str = "de") -> str | None:
        """Why the office is closed all day (a holiday or an extra closure), else None."""
        return self.closures.reason(day, lang)

    def day(self, day: date, kind: Kind | None = None) -> list[Interval]:
        """The intervals of one calendar day, sorted."""
        return [iv for iv in self._year(day.year).days.get(day, ()) if kind in (None, iv.kind)]

    def intervals(self, start: datetime, end: datetime, kind: Kind | None = None) -> list[Interval]:
        """Every interval overlapping [start, end), holidays and closures removed, sorted."""
        lo, hi = start.timestamp(), end.timestamp()
        if lo >= hi:
            return []
        first, last = start.astimezone(self.tz).year, end.astimezone(self.tz).year
        found: list[Interval] = []
        for kind_ in Kind if kind is None else (kind,):
            for year in range(first, last + 1):
                y = self._year(year)
                ivs = y.by_kind.get(kind_, [])
                a = bisect_right(y.ends.get(kind_, []), lo)  # the first that ends after start
                b = bisect_left(y.starts.get(kind_, []), hi)  # the first that starts at/after end
                found += ivs[a:b]
        return sorted(found) if kind is None else found

    def next_window(self, t: datetime, kind: Kind) -> Interval | None:
        """The interval of `kind` open at `t`, or else the next one to open after `t`."""
        return self._first(t, kind, lambda y: bisect_right(y.ends.get(kind, []), t.timestamp()))

    def next_opening(self, t: datetime, kind: Kind) -> Interval | None:
        """The first interval of `kind` that starts after `t`."""
        return self._first(t, kind, lambda y: bisect_right(y.starts.get(kind, []), t.timestamp()))

    def state_at(self, t: datetime) -> State:
        local = t.astimezone(self.tz)
        current = tuple(iv for iv in self.day(local.date()) if iv.contains(t))
        upcoming = {kind: self.next_opening(t, kind) for kind in Kind}
        return State(local, current, upcoming, self.closed_reason(local.date()))

    def _first(self, t: datetime, kind: Kind, index: Callable[[_Year], int]) -> Interval | None:
        """The interval at `index` of the first year from t's on that has one, as far as `kind`
        can still occur (its last version's end, or SEARCH_DAYS ahead)."""
        if kind not in self._kind_until:
            return None
        local = t.astimezone(self.tz)
        last = (local + timedelta(days=SEARCH_DAYS)).date()
        until = self._kind_until[kind]
        if until is not None:
            last = min(last, until)
        for year in range(local.year, last.year + 1):
            y = self._year(year)
            i = index(y)
            if i < len(y.by_kind.get(kind, [])):
                return y.by_kind[kind][i]
        return None

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._expand(year)
        return found

    def _expand(self, year: int) -> _Year:
        first, last = date(year, 1, 1), date(year, 12, 31)
        days: dict[date, list[Interval]] = {}
        for version in self.versions:
            lo = max(first, version.valid_from)
            hi = last if version.valid_until is None else min(last, version.valid_until)
            if lo > hi:
                continue
            # One rrule per weeks-of-month set, not per period: dateutil's iteration is the cost.
            by_nth: dict[tuple[int, ...], list[Period]] = {}
            for period in version.periods:
                by_nth.setdefault(period.nth, []).append(period)
            for nth, periods in by_nth.items():
                weekdays = {d for p in periods for d in p.weekdays}
                for occurrence in days_rule(weekdays, nth, lo, hi):
                    d = occurrence.date()
                    if self.closures.reason(d):
                        continue
                    closes = self.closures.closes_at(d)
                    days.setdefault(d, []).extend(
                        Interval(
                            datetime.combine(d, p.start, self.tz),
                            datetime.combine(d, end, self.tz),
                            p.kind,
                        )
                        for p in periods
                        if d.weekday() in p.weekdays
                        for end in [_clip(p, closes)]
                        if end > p.start
                    )
        by_day = {d: tuple(sorted(ivs)) for d, ivs in sorted(days.items())}
        by_kind = {
            kind: [iv for ivs in by_day.values() for iv in ivs if iv.kind is kind] for kind in Kind
        }
        return _Year(
            by_day,
            {k: [iv.start.timestamp() for iv in ivs] for k, ivs in by_kind.items()},
            {k: [iv.end.timestamp() for iv in ivs] for k, ivs in by_kind.items()},
            by_kind,
        )


def _clip(period: Period, closes: time | None) -> time:
    """The period's end on a day the counters close early (the phone window keeps its hours)."""
    if closes is None or not period.kind.at_office:
        return period.end
    return min(period.end, closes)
