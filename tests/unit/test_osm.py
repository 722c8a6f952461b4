"""The OpenStreetMap opening_hours strings (their meaning is checked by tests/oracle)."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from office.closures import Closures
from office.osm import MAX_TAG, current_tags, opening_hours, osm_hours
from office.schedule import Kind, Period, Schedule, Version

W, A, P = Kind.WALK_IN, Kind.APPOINTMENT, Kind.EMERGENCY_PHONE


def test_the_reference_city(schedule: Schedule) -> None:
    august, september = osm_hours(schedule)
    aug = "2021 Aug 01-2021 Aug 31"
    assert august.office == (
        f'{aug} Mo 09:00-11:30,13:00-15:00 open "mit Termin", '
        f'{aug} Tu 09:00-11:30,14:00-18:00 open "mit Termin", '
        f'{aug} We 09:00-11:30 open "mit Termin", '
        f'{aug} Th 08:00-11:30,13:00-15:00 open "mit Termin", '
        f'{aug} Fr 08:00-12:00 open "mit Termin", '
        f'{aug} Sa[2,4] 08:00-12:00 open "mit Termin"; '
        "PH off"
    )
    assert august.phone == f'{aug} Mo-Fr 08:00-09:00 open "Notfall-Telefon"; PH off'
    assert september.office == (
        '2021+ Mo,Th 09:00-11:30,13:00-15:00 open "ohne Termin", '
        '2021+ Tu,We 09:00-11:30 open "mit Termin", '
        '2021+ Tu 14:00-18:00 open "ohne Termin", '
        '2021+ Fr 08:00-12:00 open "mit Termin", '
        '2021+ Sa[2,4] 08:00-12:00 open "mit Termin"; '
        "2021 Jan 01-2021 Aug 31 off; PH off"
    )
    assert september.phone is None
    assert september.as_json()["valid_until"] is None


def test_english_comments(schedule: Schedule) -> None:
    september = osm_hours(schedule, "en")[1]
    assert september.office is not None
    assert 'Mo,Th 09:00-11:30,13:00-15:00 open "walk-in"' in september.office
    assert 'Fr 08:00-12:00 open "by appointment"' in september.office


def test_extra_closures_last_saturdays_and_a_version_from_new_year() -> None:
    closures = Closures("DE", "BB", {date(2030, 12, 24): {"de": "Heiligabend", "en": "Xmas Eve"}})
    v = Version(
        "2030",
        date(2030, 1, 1),
        None,
        (
            Period((0, 1, 2, 4), time(9), time(12), W),
            Period((5, 6), time(10), time(12), A, nth=(-1,)),
        ),
    )
    assert opening_hours(v, list(v.periods), closures, "de") == (
        '2030+ Mo-We,Fr 09:00-12:00 open "ohne Termin", '
        '2030+ Sa[-1],Su[-1] 10:00-12:00 open "mit Termin"; '
        '2030 Dec 24 off "Heiligabend"; PH off'
    )
    assert opening_hours(v, [], closures, "de") is None


def test_todays_tags_leave_out_the_past_and_split_when_too_long() -> None:
    closures = Closures(
        "DE", "BB", {date(2024, 5, 2): {"de": "Umzug"}, date(2031, 5, 2): {"de": "Inventur"}}
    )
    periods = tuple(
        Period((d,), time(8 + d), time(9 + d, 30), kind) for d in range(5) for kind in (W,)
    ) + tuple(Period((d,), time(14), time(15 + d), A) for d in range(5))
    v = Version("2023", date(2023, 3, 1), None, (*periods, Period((0, 1), time(7), time(8), P)))
    schedule = Schedule((v,), ZoneInfo("Europe/Berlin"), closures)
    whole = opening_hours(v, list(periods), closures, "de", date(2026, 1, 1))
    assert whole is not None and len(whole) > MAX_TAG
    tags = current_tags(schedule, date(2026, 1, 1))
    assert sorted(tags) == [
        "opening_hours:appointment",
        "opening_hours:emergency_phone",
        "opening_hours:walk_in",
    ]
    assert all(len(value) <= MAX_TAG for value in tags.values())
    assert tags["opening_hours:walk_in"].startswith('Mo 08:00-09:30 open "ohne Termin", Tu 09:00')
    assert tags["opening_hours:walk_in"].endswith('; 2031 May 02 off "Inventur"; PH off')
    assert "Umzug" not in tags["opening_hours:appointment"]  # past closures are left out
    assert tags["opening_hours:emergency_phone"] == (
        'Mo,Tu 07:00-08:00 open "Notfall-Telefon"; 2031 May 02 off "Inventur"; PH off'
    )
    assert current_tags(schedule, date(2022, 6, 1))["opening_hours:emergency_phone"] == (
        '2023+ Mo,Tu 07:00-08:00 open "Notfall-Telefon"; 2023 Jan 01-2023 Feb 28 off; '
        '2024 May 02 off "Umzug"; 2031 May 02 off "Inventur"; PH off'
    )
