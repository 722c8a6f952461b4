"""iCalendar files: the hours (one recurring event per period and version) and appointments.

Each event repeats by RRULE in the city's zone (with a VTIMEZONE, so calendars keep 09:00 as
09:00 across DST changes). The VTIMEZONE states its changes as yearly RRULEs: a list of dates in
one RDATE (icalendar's own output) is read only up to its first value by ical.js, the engine of
Thunderbird and Nextcloud, which then puts summer events an hour off. Holidays and closures are
EXDATEs; the recurrence of an open-ended version is infinite, so they are listed up to
`holidays_until` and the event says so (the served feed is regenerated with a long horizon).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from office import wording
from office.booking import Appointment
from office.city import City
from office.schedule import WEEKDAYS, Period, Version
from office.texts import t

FEED_YEARS = 10  # a subscribed feed lists holidays up to the end of the tenth year ahead


def hours_feed(city: City, lang: str, now: datetime) -> bytes:
    """The hours as a calendar to subscribe to: regenerated each day, with holidays excluded
    up to `FEED_YEARS` ahead (the published schedule itself is open-ended)."""
    day = now.astimezone(city.tz).replace(hour=0, minute=0, second=0, microsecond=0)
    return to_ics(city, lang=lang, stamp=day, holidays_until=date(day.year + FEED_YEARS, 12, 31))


def to_ics(city: City, *, lang: str, stamp: datetime, holidays_until: date) -> bytes:
    """The whole schedule; `stamp` (DTSTAMP) is the time of export, injected like every `now`."""
    cal = Calendar()
    cal.add("prodid", "-//Buergerbot//opening hours//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", city.office.get(lang) or city.name)
    cal.add("x-wr-timezone", str(city.tz.key))
    for version in city.schedule.versions:
        for i, period in enumerate(version.periods):
            event = _event(city, version, period, lang, holidays_until)
            if event is not None:
                event.add("uid", f"{version.name}-{i}@{_slug(city.name)}.buergerbot")
                event.add("dtstamp", stamp.astimezone(UTC))
                cal.add_component(event)
    for event in _early_closing_events(city, lang, stamp):
        cal.add_component(event)
    first = min(v.valid_from for v in city.schedule.versions)
    cal.subcomponents.insert(0, vtimezone(city.tz, first.year))
    return cal.to_ical()


def _event(
    city: City, version: Version, period: Period, lang: str, holidays_until: date
) -> Event | None:
    last = version.valid_until
    days = [o.date() for o in period.rule(version.valid_from, last or holidays_until)]
    if not days:
        return None
    tz = city.tz
    event = Event()
    office = city.office.get(lang) or city.name
    event.add(
        "summary", t(lang, "ics.summary", office=office, kind=wording.kind_label(period.kind, lang))
    )
    event.add("dtstart", datetime.combine(days[0], period.start, tz))
    event.add("dtend", datetime.combine(days[0], period.end, tz))
    event.add("rrule", _recurrence(period, last, city))
    early = city.schedule.closures.early if period.kind.at_office else {}
    closed = [
        datetime.combine(d, period.start, tz)
        for d in days
        if city.schedule.closed_reason(d) or d in early
    ]
    if closed:
        event.add("exdate", closed)
    notes = [version.note.get(lang, "")]
    if not period.kind.at_office:
        notes += [city.phone, city.emergency.get(lang, "")]
    if last is None or last > holidays_until:
        notes.append(t(lang, "ics.holidays_until", date=wording.date_name(holidays_until, lang)))
    event.add("description", "\n".join(n for n in notes if n))
    return event


def _early_closing_events(city: City, lang: str, stamp: datetime) -> list[Event]:
    """A day the counters close early: its occurrences are EXDATEs of the weekly events, and
    its shortened counter hours are events of their own."""
    office = city.office.get(lang) or city.name
    found = []
    for day in sorted(city.schedule.closures.early):
        for i, iv in enumerate(iv for iv in city.schedule.day(day) if iv.kind.at_office):
            event = Event()
            kind = wording.kind_label(iv.kind, lang)
            event.add("summary", t(lang, "ics.summary", office=office, kind=kind))
            event.add("dtstart", iv.start)
            event.add("dtend", iv.end)
            event.add("description", city.schedule.closures.early_reason(day, lang) or "")
            event.add("uid", f"early-{day.isoformat()}-{i}@{_slug(city.name)}.buergerbot")
            event.add("dtstamp", stamp.astimezone(UTC))
            found.append(event)
    return found


def _recurrence(period: Period, last: date | None, city: City) -> vRecur:
    days = [WEEKDAYS[d].upper() for d in period.weekdays]
    rule = vRecur(freq="WEEKLY", byday=days)
    if period.nth:
        rule = vRecur(freq="MONTHLY", byday=[f"{n}{d}" for d in days for n in period.nth])
    if last is not None:
        # UNTIL is inclusive and in UTC when DTSTART carries a TZID (RFC 5545, 3.3.10).
        rule["until"] = datetime.combine(last, period.start, city.tz).astimezone(UTC)
    return rule


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


ALARM_BEFORE = timedelta(days=1)  # the evening before: time to gather what to bring


def appointment_ics(
    city: City,
    appointment: Appointment,
    lang: str,
    stamp: datetime,
    cancel_url: str | None = None,
) -> str:
    """One event in the city's zone (with VTIMEZONE): service, code, the office's address, what
    to bring, a reminder alarm and, when the booking has one, the link that cancels it."""
    service = city.service(appointment.service_id)
    name = service.name.get(lang, service.id) if service else appointment.service_id
    office = city.office.get(lang) or city.name
    cal = Calendar()
    cal.add("prodid", "-//Buergerbot//appointment//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{appointment.code}@buergerbot")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", appointment.start.astimezone(city.tz))
    event.add("dtend", appointment.end.astimezone(city.tz))
    summary = t(lang, "ics.appointment", service=name, office=office)
    event.add("summary", summary)
    event.add("location", city.place(lang))
    lines = [t(lang, "mine.item", appointment=name, code=appointment.code)]
    if service and service.bring.get(lang):
        lines.append(t(lang, "book.bring", items=", ".join(service.bring[lang])))
    lines.append(wording.day_name(appointment.start.date(), lang))
    if cancel_url:
        lines.append(t(lang, "ics.cancel", url=cancel_url))
        event.add("url", cancel_url)
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    cal.add_component(vtimezone(city.tz, appointment.start.year))
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


@lru_cache(maxsize=16)
def vtimezone(tz: ZoneInfo, year: int) -> Timezone:
    """The zone from `year` on as one STANDARD and one DAYLIGHT part with yearly RRULEs (the
    last or nth weekday of a month), checked against the zone's own changes for 30 years; a zone
    without daylight saving gets one STANDARD part. The parts start in the year before, so an
    event in January still falls after the first change the file states."""
    year -= 1
    changes = _changes(tz, year)
    zone = Timezone()
    zone.add("tzid", tz.key)
    if not changes:
        part = TimezoneStandard()
        offset = datetime(year, 1, 1, tzinfo=tz).utcoffset()
        part.add("dtstart", datetime(year, 1, 1))
        part.add("tzoffsetfrom", offset)
        part.add("tzoffsetto", offset)
        part.add("tzname", datetime(year, 1, 1, tzinfo=tz).tzname())
        zone.add_component(part)
        return zone
    for wall, before, after, name in changes:
        part = TimezoneDaylight() if after > before else TimezoneStandard()
        part.add("dtstart", wall)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("tzname", name)
        part.add("rrule", _yearly(wall))
        zone.add_component(part)
    for later in range(year + 1, year + 30):
        expected = [_yearly_date(wall, later) for wall, *_ in changes]
        if [w for w, *_ in _changes(tz, later)] != expected:
            raise ValueError(f"{tz.key} changes its rules after {year}: no yearly RRULE fits")
    return zone


def _changes(tz: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """The zone's offset changes in `year`: wall time before the change, offsets, new name.
    Day by day, then hour by hour within a day whose offset changes."""
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    offset = day.astimezone(tz).utcoffset()
    while day.year == year:
        nxt = day + timedelta(days=1)
        if nxt.astimezone(tz).utcoffset() != offset:
            at = day
            while (at + timedelta(hours=1)).astimezone(tz).utcoffset() == offset:
                at += timedelta(hours=1)
            local = (at + timedelta(hours=1)).astimezone(tz)
            wall = (at + timedelta(hours=1) + offset).replace(tzinfo=None)
            found.append((wall, offset, local.utcoffset(), local.tzname()))
            offset = local.utcoffset()
        day = nxt
    return found


def _nth(day: date) -> int:
    """-1 for the last such weekday of the month, else its ordinal (1st .. 4th)."""
    return -1 if (day + timedelta(days=7)).month != day.month else (day.day - 1) // 7 + 1


def _yearly(wall: datetime) -> vRecur:
    return vRecur(
        freq="YEARLY",
        bymonth=wall.month,
        byday=f"{_nth(wall.date())}{WEEKDAYS[wall.weekday()].upper()}",
    )


def _yearly_date(wall: datetime, year: int) -> datetime:
    """Where the yearly rule of `wall` falls in `year`."""
    nth, weekday = _nth(wall.date()), wall.weekday()
    if nth == -1:
        day = (
            date(year, wall.month + 1, 1) - timedelta(days=1)
            if wall.month < 12
            else date(year, 12, 31)
        )
        day -= timedelta(days=(day.weekday() - weekday) % 7)
    else:
        day = date(year, wall.month, 1)
        day += timedelta(days=(weekday - day.weekday()) % 7 + 7 * (nth - 1))
    return datetime.combine(day, wall.time())
