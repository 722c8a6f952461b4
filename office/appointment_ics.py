"""One appointment as an iCalendar file, to put it in the citizen's calendar.

The event is in the city's zone with a VTIMEZONE, so a calendar shows 09:00 on the right day
whatever the DST rules of the device; an alarm the day before helps against no-shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from office.booking import Appointment
from office.city import City
from office.texts import t


def appointment_ics(appointment: Appointment, city: City, lang: str, stamp: datetime) -> bytes:
    """The .ics for `appointment`; `stamp` (DTSTAMP) is the time it is made, injected."""
    service = city.service(appointment.service_id)
    name = (service.name.get(lang) or service.name.get("de")) if service else None
    name = name or appointment.service_id
    office = city.office.get(lang) or city.office.get("de") or city.name
    cal = Calendar()
    cal.add("prodid", "-//Buergerbot//appointment//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{appointment.code}@buergerbot")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", appointment.start.astimezone(city.tz))
    event.add("dtend", appointment.end.astimezone(city.tz))
    event.add("summary", t(lang, "appointment_ics.summary", service=name))
    event.add("location", office)
    event.add(
        "description",
        _description(appointment, service.bring.get(lang, ()) if service else (), lang),
    )
    event.add("status", "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", t(lang, "appointment_ics.summary", service=name))
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    cal.add_component(event)
    year = appointment.start.year
    cal.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return cal.to_ical()


def _description(appointment: Appointment, bring: tuple[str, ...], lang: str) -> str:
    lines = [t(lang, "appointment_ics.code", code=appointment.code)]
    if appointment.household_size > 1:
        lines.append(t(lang, "appointment_ics.household", count=appointment.household_size))
    if bring:
        lines += ["", t(lang, "appointment_ics.bring"), *(f"– {item}" for item in bring)]
    lines += ["", t(lang, "appointment_ics.change")]
    return "\n".join(lines)
