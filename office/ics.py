"""iCalendar files: the hours (one recurring event per period and version) and appointments.

Each event repeats by RRULE in the city's zone (with a VTIMEZONE, so calendars keep 09:00 as
09:00 across DST changes). Holidays and closures are EXDATEs; the recurrence of an open-ended
version is infinite, so they are listed up to `holidays_until` and the event says so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vRecur

from office import wording
from office.booking import Appointment
from office.city import City
from office.schedule import WEEKDAYS, Period, Version
from office.texts import t


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
    first = min(v.valid_from for v in city.schedule.versions)
    cal.add_missing_timezones(first_date=first.replace(month=1, day=1))
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
    closed = [datetime.combine(d, period.start, tz) for d in days if city.schedule.closed_reason(d)]
    if closed:
        event.add("exdate", closed)
    notes = [version.note.get(lang, "")]
    if not period.kind.at_office:
        notes += [city.phone, city.emergency.get(lang, "")]
    if last is None or last > holidays_until:
        notes.append(t(lang, "ics.holidays_until", date=wording.date_name(holidays_until, lang)))
    event.add("description", "\n".join(n for n in notes if n))
    return event


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


def appointment_ics(city: City, appointment: Appointment, lang: str, stamp: datetime) -> str:
    """One event in the city's zone (with VTIMEZONE): service, code, place, what to bring."""
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
    event.add("summary", t(lang, "ics.appointment", service=name, office=office))
    event.add("location", office)
    lines = [t(lang, "mine.item", appointment=name, code=appointment.code)]
    if service and service.bring.get(lang):
        lines.append(t(lang, "book.bring", items=", ".join(service.bring[lang])))
    lines.append(wording.day_name(appointment.start.date(), lang))
    event.add("description", "\n".join(lines))
    cal.add_component(_vtimezone(city.tz, appointment.start.year))
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


@lru_cache(maxsize=16)
def _vtimezone(tz: ZoneInfo, year: int) -> Timezone:
    """The zone's VTIMEZONE around `year`: computing it costs tens of milliseconds, so once."""
    return Timezone.from_tzinfo(
        tz, first_date=date(year - 1, 1, 1), last_date=date(year + 1, 12, 31)
    )
