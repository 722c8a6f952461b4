"""The iCalendar export parses back, and its recurrences expand to exactly our intervals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from office.city import City
from office.ics import to_ics
from office.schedule import Kind

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2021, 8, 1, 12, 0, tzinfo=BERLIN)
UNTIL = date(2022, 12, 31)


@pytest.fixture(scope="module")
def calendar(city: City) -> Calendar:
    return Calendar.from_ical(to_ics(city, lang="de", stamp=STAMP, holidays_until=UNTIL))


def exdates(event) -> list[datetime]:
    found = event.get("exdate") or []
    lists = found if isinstance(found, list) else [found]  # one EXDATE line is not a list
    return [d.dt for ex in lists for d in ex.dts]


def expand(event, last: date) -> list[tuple[datetime, datetime]]:
    """The event's occurrences up to `last`, as a calendar app expands them (RFC 5545): the rule
    runs in the wall time of DTSTART's zone (dateutil keeps the tzinfo), EXDATEs removed."""
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    rules = rruleset()
    rules.rrule(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))
    for d in exdates(event):
        rules.exdate(d)
    stop = datetime.combine(last, datetime.max.time(), BERLIN)
    return [(o, o + (end - start)) for o in rules.between(start, stop, inc=True)]


def test_it_parses_back_with_a_berlin_vtimezone(calendar: Calendar) -> None:
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = calendar.walk("VEVENT")
    assert len(events) == 19  # one per period of the two versions
    assert len({e["uid"] for e in events}) == 19
    first = events[0]
    assert first["summary"] == "Bürgerservice der Stadt Brandenburg an der Havel: mit Termin"
    assert first.decoded("dtstart") == datetime(2021, 8, 2, 9, 0, tzinfo=BERLIN)
    assert first["dtstart"].params["TZID"] == "Europe/Berlin"
    assert first.decoded("dtstamp") == STAMP.astimezone(UTC)


def test_rules_in_the_file(calendar: Calendar) -> None:
    rules = {e["rrule"].to_ical().decode() for e in calendar.walk("VEVENT")}
    assert "FREQ=WEEKLY;UNTIL=20210831T060000Z;BYDAY=MO,TU,WE,TH,FR" in rules  # phone 08:00
    assert "FREQ=MONTHLY;UNTIL=20210831T060000Z;BYDAY=2SA,4SA" in rules
    assert "FREQ=MONTHLY;BYDAY=2SA,4SA" in rules  # open-ended from September


def test_holidays_are_exdates_and_the_limit_is_said(calendar: Calendar) -> None:
    saturday = next(
        e
        for e in calendar.walk("VEVENT")
        if "BYDAY=2SA,4SA" in e["rrule"].to_ical().decode() and "UNTIL" not in e["rrule"]
    )
    assert exdates(saturday) == [datetime(2021, 12, 25, 8, 0, tzinfo=BERLIN)]
    assert "Feiertage bis zum 31. Dezember 2022 heraus" in saturday["description"]


@pytest.mark.parametrize("kind", list(Kind))
def test_expanding_the_file_gives_our_intervals(city: City, calendar: Calendar, kind: Kind) -> None:
    label = {"walk_in": "ohne Termin", "appointment": "mit Termin", "emergency_phone": "Notfall"}
    events = [e for e in calendar.walk("VEVENT") if label[kind] in e["summary"]]
    expanded = sorted(o for e in events for o in expand(e, UNTIL))
    start = datetime(2021, 8, 1, tzinfo=BERLIN)
    ours = city.schedule.intervals(
        start, datetime.combine(UNTIL + timedelta(days=1), datetime.min.time(), BERLIN), kind
    )
    assert expanded == [(iv.start, iv.end) for iv in ours]
    assert len(expanded) > 20
