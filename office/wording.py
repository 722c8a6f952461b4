"""Dates, times and schedule days in words, German and English, via babel."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from babel.dates import format_date, get_day_names
from babel.numbers import format_decimal

from office.schedule import Interval, Kind, Period, Schedule, Version
from office.texts import lang_or_default, t

_DAY_FORMAT = {"de": "EEEE, d. MMMM y", "en": "EEEE, d MMMM y"}
_DATE_FORMAT = {"de": "d. MMMM y", "en": "d MMMM y"}
_SHORT_FORMAT = {"de": "EEE, dd.MM.", "en": "EEE, d MMM"}


def day_name(d: date, lang: str) -> str:
    """'Mittwoch, 15. September 2021' / 'Wednesday, 15 September 2021'."""
    lang = lang_or_default(lang)
    return format_date(d, _DAY_FORMAT[lang], locale=lang)


def date_name(d: date, lang: str) -> str:
    """'15. September 2021' / '15 September 2021'."""
    lang = lang_or_default(lang)
    return format_date(d, _DATE_FORMAT[lang], locale=lang)


def weekday_name(weekday: int, lang: str) -> str:
    """0 = 'Montag' / 'Monday'."""
    return str(get_day_names("wide", locale=lang_or_default(lang))[weekday])


def clock(t_: time | datetime) -> str:
    return f"{t_:%H:%M}"


def span(start: time | datetime, end: time | datetime, lang: str) -> str:
    """'09:00–11:30 Uhr' / '09:00–11:30'."""
    return t(lang, "span", start=clock(start), end=clock(end))


def kind_label(kind: Kind, lang: str) -> str:
    return t(lang, f"kind.{kind.value}")


def hours(start: time | datetime, end: time | datetime, kind: Kind, lang: str) -> str:
    """'09:00–11:30 Uhr ohne Termin', 'Notfall-Telefon 08:00–09:00 Uhr'."""
    return t(lang, f"interval.{kind.value}", span=span(start, end, lang))


def interval(iv: Interval, lang: str) -> str:
    return hours(iv.start, iv.end, iv.kind, lang)


def joined(items: Sequence[str], lang: str) -> str:
    """'a', 'a und b', 'a, b und c'."""
    if len(items) < 2:
        return "".join(items)
    return t(lang, "list.comma").join(items[:-1]) + t(lang, "list.and") + items[-1]


def nth_rule(weekday: int, nth: Sequence[int], lang: str) -> str:
    """'jeden 2. und 4. Samstag im Monat' / 'every 2nd and 4th Saturday of the month'."""
    nths = joined([t(lang, f"nth.{n}") for n in nth], lang)
    return t(lang, "nth.rule", nths=nths, weekday=weekday_name(weekday, lang))


def describe_day(schedule: Schedule, d: date, lang: str, kind: Kind | None = None) -> str:
    """One day in words: its hours (and the emergency phone window), or why it is closed.

    A day that opens only on some weeks of the month (2nd and 4th Saturday) also names the
    next such day that is open, as does a holiday on such a day.
    """
    name = day_name(d, lang)
    version = schedule.version_on(d)
    if version is None:
        return t(lang, "day.no_schedule", day=name)
    reason = schedule.closed_reason(d, lang_or_default(lang))
    if kind is Kind.EMERGENCY_PHONE:
        phone = schedule.day(d, kind)
        if reason:
            return t(lang, "day.holiday", day=name, reason=reason)
        if phone:
            return t(lang, "day.open", day=name, periods=_listed(phone, lang))
        return t(lang, f"day.none.{kind.value}", day=name)
    kinds = [k for k in Kind if k.at_office and kind in (None, k)]
    office = [iv for iv in schedule.day(d) if iv.kind in kinds]
    nth = _nth_only(version, d.weekday(), kinds)
    if reason:
        head = t(lang, "day.holiday", day=name, reason=reason)
    elif office:
        head = t(lang, "day.open", day=name, periods=_listed(office, lang))
    elif nth:
        head = t(lang, "day.nth_only", day=name, rule=nth_rule(d.weekday(), nth, lang))
    elif kind is not None and any(iv.kind.at_office for iv in schedule.day(d)):
        head = t(lang, f"day.none.{kind.value}", day=name)
    else:
        head = t(lang, "day.closed", day=name)
    phone = schedule.day(d, Kind.EMERGENCY_PHONE) if kind is None else []
    if phone:
        head = t(lang, "day.phone", head=head, phone=_listed(phone, lang))
    if nth and not office:
        following = next_open_weekday(schedule, d, kind)
        if following:
            weekday = weekday_name(d.weekday(), lang)
            head = t(
                lang, "day.next_open", head=head, weekday=weekday, date=date_name(following, lang)
            )
    return head


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


def _listed(intervals: list[Interval], lang: str) -> str:
    return joined([interval(iv, lang) for iv in intervals], lang)


def _nth_only(version: Version, weekday: int, kinds: Sequence[Kind]) -> tuple[int, ...]:
    """The weeks of the month the office opens on `weekday`, if it does not open every week."""
    periods = [p for p in version.periods if weekday in p.weekdays and p.kind in kinds]
    if not periods or any(not p.nth for p in periods):
        return ()
    return tuple(sorted({n for p in periods for n in p.nth}, key=lambda n: n % 6))


def short_day(d: date, lang: str) -> str:
    """'Mi., 15.09.' / 'Wed, 15 Sep': for buttons."""
    lang = lang_or_default(lang)
    return format_date(d, _SHORT_FORMAT[lang], locale=lang)


def _periods_on(version: Version, kind: Kind, weekday: int) -> list[Period]:
    """A version's periods of one kind on one weekday, earliest first."""
    return sorted(
        (p for p in version.periods if p.kind is kind and weekday in p.weekdays),
        key=lambda p: p.start,
    )


def weekly(version: Version, kind: Kind, lang: str) -> list[str]:
    """A version's weekly hours of one kind, a line per weekday: 'Montag: 09:00–11:30 Uhr'."""
    lines = []
    for weekday in range(7):
        periods = _periods_on(version, kind, weekday)
        if not periods:
            continue
        spans = joined([span(p.start, p.end, lang) for p in periods], lang)
        nth = periods[0].nth
        day = nth_rule(weekday, nth, lang) if nth else weekday_name(weekday, lang)
        lines.append(t(lang, "weekly.line", day=day[:1].upper() + day[1:], spans=spans))
    return lines


def weekly_short(version: Version, kind: Kind, lang: str) -> str:
    """A version's weekly hours of one kind on one line: 'Mo. 09:00–11:30 und 13:00–15:00 Uhr,
    Di. 14:00–18:00 Uhr' (days with the same hours joined: 'Di. und Mi. 09:00–11:30 Uhr')."""
    short = get_day_names("abbreviated", locale=lang_or_default(lang))
    by_hours: dict[tuple, list[str]] = {}
    for weekday in range(7):
        periods = _periods_on(version, kind, weekday)
        if not periods:
            continue
        key = (tuple((p.start, p.end) for p in periods), periods[0].nth)
        nth = periods[0].nth
        day = str(short[weekday])
        if nth:
            day = t(
                lang, "weekly.nth_short", nths="/".join(t(lang, f"nth.{n}") for n in nth), day=day
            )
        by_hours.setdefault(key, []).append(day)
    parts = []
    for (spans, _), days in by_hours.items():
        hours_ = joined([f"{clock(a)}–{clock(b)}" for a, b in spans], lang)
        parts.append(t(lang, "weekly.short", days=joined(days, lang), hours=hours_))
    return t(lang, "list.comma").join(parts)


def weekday_range(days: Sequence[int], lang: str) -> str:
    """'Montag bis Freitag' for three or more consecutive weekdays, else 'Montag und Mittwoch'."""
    if len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1)):
        first, last = weekday_name(days[0], lang), weekday_name(days[-1], lang)
        return t(lang, "range.to", first=first, last=last)
    return joined([weekday_name(d, lang) for d in days], lang)


def euro(amount: Decimal, lang: str) -> str:
    """'37,00 Euro' / '37.00 euros'."""
    number = format_decimal(amount, "#,##0.00", locale=lang_or_default(lang))
    return t(lang, "euro", amount=number)


def printable(text: str) -> str:
    """`text` as one line without control, format or private-use characters: a name typed in
    the chat can neither move a clerk's terminal cursor, recolour the day list, nor reverse
    the reading order of what follows it (bidi overrides are format characters)."""
    kept = (
        " " if c.isspace() else c
        for c in text
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs")
    )
    return " ".join("".join(kept).split())
