"""Holidays close the office; the clocks changing moves UTC offsets, never the office hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from office.schedule import Kind, Schedule

BERLIN = ZoneInfo("Europe/Berlin")


def as_json(schedule: Schedule, first: date, last: date) -> list[tuple[str, str, str]]:
    """The intervals of these days as the CLI prints them: ISO 8601 with the UTC offset."""
    start = datetime.combine(first, datetime.min.time(), BERLIN)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), BERLIN)
    found = [iv.as_json() for iv in schedule.intervals(start, end)]
    return [(iv["start"], iv["end"], iv["kind"]) for iv in found]


def test_25_december_2021_is_a_4th_saturday_and_a_holiday(schedule: Schedule) -> None:
    day = date(2021, 12, 25)
    assert day.weekday() == 5 and (day.day - 1) // 7 + 1 == 4
    assert schedule.day(day) == []
    assert schedule.closed_reason(day) == "Erster Weihnachtstag"
    assert schedule.closed_reason(day, "en") == "Christmas Day"
    assert len(schedule.day(date(2021, 12, 11))) == 1  # the 2nd Saturday of December is open


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2022, 10, 3), "Tag der Deutschen Einheit"),  # a Monday: walk-in day
        (date(2022, 4, 15), "Karfreitag"),  # Good Friday: appointment day
        (date(2022, 4, 18), "Ostermontag"),
        (date(2022, 5, 26), "Christi Himmelfahrt"),  # a Thursday
        (date(2022, 10, 31), "Reformationstag"),  # Brandenburg only, a Monday in 2022
        (date(2022, 12, 26), "Zweiter Weihnachtstag"),
        (date(2021, 10, 31), "Reformationstag"),  # a Sunday in 2021: closed anyway
    ],
)
def test_public_holidays_of_brandenburg_close_the_office(
    schedule: Schedule, day: date, reason: str
) -> None:
    assert schedule.closed_reason(day) == reason
    assert schedule.day(day) == []
    week = schedule.intervals(
        datetime.combine(day - timedelta(days=3), datetime.min.time(), BERLIN),
        datetime.combine(day + timedelta(days=4), datetime.min.time(), BERLIN),
    )
    assert week and all(iv.start.date() != day for iv in week)


def test_a_holiday_elsewhere_in_germany_is_a_working_day(schedule: Schedule) -> None:
    # Fronleichnam 2022 (16 June) is a holiday in Bavaria, not in Brandenburg.
    assert schedule.closed_reason(date(2022, 6, 16)) is None
    assert len(schedule.day(date(2022, 6, 16))) == 2


def test_31_october_2021_dst_ends_on_reformationstag(schedule: Schedule) -> None:
    """Clocks go back at 03:00 on Sunday 31 Oct 2021, itself a holiday: Friday is +02:00,
    Saturday the 30th is a 5th Saturday (closed), Monday 1 November is +01:00."""
    assert as_json(schedule, date(2021, 10, 29), date(2021, 11, 1)) == [
        ("2021-10-29T08:00:00+02:00", "2021-10-29T12:00:00+02:00", "appointment"),
        ("2021-11-01T09:00:00+01:00", "2021-11-01T11:30:00+01:00", "walk_in"),
        ("2021-11-01T13:00:00+01:00", "2021-11-01T15:00:00+01:00", "walk_in"),
    ]


def test_27_march_2022_dst_starts_between_a_4th_saturday_and_a_monday(schedule: Schedule) -> None:
    assert as_json(schedule, date(2022, 3, 25), date(2022, 3, 28)) == [
        ("2022-03-25T08:00:00+01:00", "2022-03-25T12:00:00+01:00", "appointment"),
        ("2022-03-26T08:00:00+01:00", "2022-03-26T12:00:00+01:00", "appointment"),
        ("2022-03-28T09:00:00+02:00", "2022-03-28T11:30:00+02:00", "walk_in"),
        ("2022-03-28T13:00:00+02:00", "2022-03-28T15:00:00+02:00", "walk_in"),
    ]


def test_intervals_keep_their_real_length_across_dst(schedule: Schedule) -> None:
    ivs = schedule.intervals(
        datetime(2022, 3, 21, tzinfo=BERLIN), datetime(2022, 4, 4, tzinfo=BERLIN), Kind.WALK_IN
    )
    assert {iv.end.astimezone(UTC) - iv.start.astimezone(UTC) for iv in ivs} == {
        timedelta(hours=2, minutes=30),
        timedelta(hours=2),
        timedelta(hours=4),
    }
    assert {iv.start.astimezone(UTC).hour for iv in ivs if iv.start.hour == 9} == {8, 7}


def test_utc_bounds_select_the_same_intervals_as_local_bounds(schedule: Schedule) -> None:
    local = (datetime(2021, 10, 25, tzinfo=BERLIN), datetime(2021, 11, 8, tzinfo=BERLIN))
    in_utc = tuple(t.astimezone(UTC) for t in local)
    assert schedule.intervals(*in_utc) == schedule.intervals(*local)
    # A bound inside an interval keeps it (the interval overlaps the range).
    cut = datetime(2021, 11, 1, 9, 30, tzinfo=BERLIN).astimezone(UTC)
    first = schedule.intervals(cut, cut + timedelta(hours=1))
    assert [(iv.start.hour, iv.kind) for iv in first] == [(9, Kind.WALK_IN)]


def test_30_october_2022_dst_ends_the_day_before_a_holiday_monday(schedule: Schedule) -> None:
    """Sat 29 Oct 2022 is a 5th Saturday, Mon 31 Oct Reformationstag: Friday, then Tuesday."""
    assert as_json(schedule, date(2022, 10, 28), date(2022, 11, 1)) == [
        ("2022-10-28T08:00:00+02:00", "2022-10-28T12:00:00+02:00", "appointment"),
        ("2022-11-01T09:00:00+01:00", "2022-11-01T11:30:00+01:00", "appointment"),
        ("2022-11-01T14:00:00+01:00", "2022-11-01T18:00:00+01:00", "walk_in"),
    ]
