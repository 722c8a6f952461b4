"""Dates, times and schedule days in words, German and English, via babel."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from office.schedule import Interval, Kind, Schedule
from office.texts import lang_or_default, t

_DAY_FORMAT = {"de": "EEEE, d. MMMM y", "en": "EEEE, d MMMM y"}


def day_name(d: date, lang: str) -> str:
    """'Mittwoch, 15. September 2021' / 'Wednesday, 15 September 2021'."""
    lang = lang_or_default(lang)
    return format_date(d, _DAY_FORMAT[lang], locale=lang)


def clock(t_: time | datetime) -> str:
    return f"{t_:%H:%M}"


def span(start: datetime, end: datetime, lang: str) -> str:
    """'09:00–11:30 Uhr' / '09:00–11:30'."""
    return t(lang, "span", start=clock(start), end=clock(end))


def kind_label(kind: Kind, lang: str) -> str:
    return t(lang, f"kind.{kind.value}")


def interval(iv: Interval, lang: str) -> str:
    """'09:00–11:30 Uhr ohne Termin'."""
    return f"{span(iv.start, iv.end, lang)} {kind_label(iv.kind, lang)}"


def describe_day(schedule: Schedule, d: date, lang: str, kind: Kind | None = None) -> str:
    """One day in words: its periods, or why it is closed and, for a Saturday, the next open one."""
    name = day_name(d, lang)
    reason = schedule.closed_reason(d, lang_or_default(lang))
    if reason:
        return t(lang, "day.holiday", day=name, reason=reason)
    if schedule.version_on(d) is None:
        return t(lang, "day.no_schedule", day=name)
    found = [iv for iv in schedule.day(d) if iv.kind.at_office and kind in (None, iv.kind)]
    if found:
        periods = t(lang, "list.and").join(interval(iv, lang) for iv in found)
        return t(lang, "day.open", day=name, periods=periods)
    if d.weekday() == 5 and _has_nth_saturdays(schedule, d):
        nxt = next_open_weekday(schedule, d, kind)
        if nxt:
            return t(lang, "day.next_saturday", day=name, next=day_name(nxt, lang))
    return t(lang, "day.closed", day=name)


def describe_week(schedule: Schedule, d: date, lang: str, kind: Kind | None = None) -> list[str]:
    """Monday to Saturday of the week containing `d`, one line a day."""
    monday = d - timedelta(days=d.weekday())
    return [describe_day(schedule, monday + timedelta(days=i), lang, kind) for i in range(6)]


def next_open_weekday(schedule: Schedule, d: date, kind: Kind | None = None) -> date | None:
    """The next day after `d` with the same weekday on which the office opens."""
    for weeks in range(1, 60):
        candidate = d + timedelta(weeks=weeks)
        if any(iv.kind.at_office and kind in (None, iv.kind) for iv in schedule.day(candidate)):
            return candidate
    return None


def _has_nth_saturdays(schedule: Schedule, d: date) -> bool:
    version = schedule.version_on(d)
    return bool(version) and any(5 in p.weekdays and p.nth for p in version.periods)
