"""An appointment's .ics (office.ics.appointment_ics) read back with icalendar."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar

from app.config import load_city
from office.booking import Appointment
from office.ics import appointment_ics
from office.lifecycle import Status
from tests.storage.support import BERLIN_CONFIG, berlin

CITY = load_city(BERLIN_CONFIG)
STAMP = berlin(2021, 10, 20, 12, 0)


def appointment(start, service="kinderreisepass", household=1):
    return Appointment(
        code="BB-7K3QX",
        service_id=service,
        start=start,
        end=start + timedelta(minutes=15 * household),
        seat=2,
        status=Status.BOOKED,
        household_size=household,
    )


def event_of(ics: str):
    cal = Calendar.from_ical(ics)
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_german_ics_has_zone_place_service_code_and_what_to_bring():
    cal, event = event_of(
        appointment_ics(CITY, appointment(berlin(2021, 11, 2, 9, 0)), "de", STAMP)
    )
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    start = event.decoded("DTSTART")
    assert start == berlin(2021, 11, 2, 9, 0) and start.utcoffset() == timedelta(hours=1)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") - start == timedelta(minutes=15)
    assert "Kinderreisepass" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == (
        "Bürgerservice der Stadt Brandenburg an der Havel, "
        "Nicolaiplatz 30, 14770 Brandenburg an der Havel"
    )
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=1) and str(alarm["ACTION"]) == "DISPLAY"
    assert "URL" not in event  # no cancel link without one from the booking
    text = str(event["DESCRIPTION"])
    assert "BB-7K3QX" in text and "Geburtsurkunde des Kindes" in text
    assert event.decoded("DTSTAMP") == STAMP.astimezone(UTC)
    assert str(event["UID"]) == "BB-7K3QX@buergerbot"


def test_english_household_ics_before_the_clock_change():
    a = appointment(berlin(2021, 10, 29, 8, 0), service="reisepass", household=2)
    _, event = event_of(appointment_ics(CITY, a, "en", STAMP))
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=2)
    assert event.decoded("DTEND") == berlin(2021, 10, 29, 8, 30)
    assert "Passport" in str(event["SUMMARY"])
    assert "Please bring" in str(event["DESCRIPTION"])


def test_a_cancel_link_is_the_url_and_a_line_of_the_description():
    url = "https://bb.example/absagen/tok-123"
    _, event = event_of(
        appointment_ics(CITY, appointment(berlin(2021, 11, 2, 9, 0)), "de", STAMP, url)
    )
    assert str(event["URL"]) == url
    assert f"Termin absagen: {url}" in str(event["DESCRIPTION"])
