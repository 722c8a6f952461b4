"""Every fact of the press release, checked on every day it applies to."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from office.schedule import Kind, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
A, W, P = Kind.APPOINTMENT, Kind.WALK_IN, Kind.EMERGENCY_PHONE

# "Öffnungszeiten im August für bereits gebuchte Termine" (Monday = 0).
AUGUST = {
    0: [("09:00", "11:30", A), ("13:00", "15:00", A)],
    1: [("09:00", "11:30", A), ("14:00", "18:00", A)],
    2: [("09:00", "11:30", A)],
    3: [("08:00", "11:30", A), ("13:00", "15:00", A)],
    4: [("08:00", "12:00", A)],
}
# "Öffnungszeiten ab 01.09.2021"
FROM_SEPTEMBER = {
    0: [("09:00", "11:30", W), ("13:00", "15:00", W)],
    1: [("09:00", "11:30", A), ("14:00", "18:00", W)],
    2: [("09:00", "11:30", A)],
    3: [("09:00", "11:30", W), ("13:00", "15:00", W)],
    4: [("08:00", "12:00", A)],
}
SATURDAY = [("08:00", "12:00", A)]
PHONE = [("08:00", "09:00", P)]


def days(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(days=1)


def office_hours(schedule: Schedule, day: date) -> list[tuple[str, str, Kind]]:
    return [
        (f"{iv.start:%H:%M}", f"{iv.end:%H:%M}", iv.kind)
        for iv in schedule.day(day)
        if iv.kind.at_office
    ]


def phone_hours(schedule: Schedule, day: date) -> list[tuple[str, str, Kind]]:
    return [(f"{iv.start:%H:%M}", f"{iv.end:%H:%M}", iv.kind) for iv in schedule.day(day, P)]


def nth_saturday(day: date) -> int:
    return (day.day - 1) // 7 + 1


def expected_office(day: date, weekly: dict) -> list:
    if day.weekday() == 5:
        return SATURDAY if nth_saturday(day) in (2, 4) else []
    return weekly.get(day.weekday(), [])


def test_every_day_of_august_2021_has_the_august_hours(schedule: Schedule) -> None:
    for day in days(date(2021, 8, 1), date(2021, 8, 31)):
        assert schedule.closed_reason(day) is None  # no public holiday in August in Brandenburg
        assert office_hours(schedule, day) == expected_office(day, AUGUST), day
        assert phone_hours(schedule, day) == (PHONE if day.weekday() < 5 else []), day


def test_every_day_from_september_2021_to_2022_has_the_new_hours(schedule: Schedule) -> None:
    checked = 0
    for day in days(date(2021, 9, 1), date(2022, 12, 31)):
        expected = [] if schedule.closed_reason(day) else expected_office(day, FROM_SEPTEMBER)
        assert office_hours(schedule, day) == expected, day
        checked += bool(expected)
    assert checked > 300


def test_august_is_appointment_only_and_walk_in_starts_on_1_september(schedule: Schedule) -> None:
    aug = datetime(2021, 8, 1, tzinfo=BERLIN), datetime(2021, 9, 1, tzinfo=BERLIN)
    assert schedule.intervals(*aug, W) == []
    assert {iv.kind for iv in schedule.intervals(*aug)} == {A, P}
    first_walk_in = schedule.next_window(aug[1], W)
    assert first_walk_in is not None
    assert first_walk_in.start == datetime(2021, 9, 2, 9, 0, tzinfo=BERLIN)  # 1 Sep is a Wednesday


def test_the_emergency_phone_window_is_only_in_august(schedule: Schedule) -> None:
    phone = schedule.intervals(
        datetime(2021, 1, 1, tzinfo=BERLIN), datetime(2026, 1, 1, tzinfo=BERLIN), P
    )
    assert len(phone) == 22  # the weekdays of August 2021
    assert {iv.start.date().month for iv in phone} == {8}
    assert {iv.start.year for iv in phone} == {2021}
    assert schedule.next_window(datetime(2021, 8, 31, 9, 0, tzinfo=BERLIN), P) is None


def test_the_cutover_day_switches_versions(schedule: Schedule) -> None:
    assert office_hours(schedule, date(2021, 8, 31)) == AUGUST[1]
    assert phone_hours(schedule, date(2021, 8, 31)) == PHONE
    assert office_hours(schedule, date(2021, 9, 1)) == FROM_SEPTEMBER[2]
    assert phone_hours(schedule, date(2021, 9, 1)) == []
    assert [v.name for v in schedule.versions] == ["august-2021", "ab-september-2021"]


@pytest.mark.parametrize(
    ("year", "month", "open_days", "closed_days"),
    [
        (2021, 8, [14, 28], [7, 21]),  # four Saturdays
        (2021, 10, [9, 23], [2, 16, 30]),  # five Saturdays: the 5th stays closed
        (2022, 1, [8, 22], [1, 15, 29]),  # five, starting with a holiday on the 1st
        (2022, 4, [9, 23], [2, 16, 30]),  # five, around Easter
        (2022, 7, [9, 23], [2, 16, 30]),  # five
        (2022, 10, [8, 22], [1, 15, 29]),  # five
    ],
)
def test_only_the_2nd_and_4th_saturday_open(
    schedule: Schedule, year: int, month: int, open_days: list[int], closed_days: list[int]
) -> None:
    month_days = calendar.Calendar().itermonthdates(year, month)
    saturdays = [d.day for d in month_days if d.month == month and d.weekday() == 5]
    assert sorted(open_days + closed_days) == saturdays
    for d in open_days:
        hours = schedule.day(date(year, month, d))
        assert [(iv.start.time(), iv.end.time(), iv.kind) for iv in hours] == [
            (time(8), time(12), A)
        ]
    for d in closed_days:
        assert schedule.day(date(year, month, d)) == []


def test_sundays_are_always_closed(schedule: Schedule) -> None:
    sundays = [d for d in days(date(2021, 8, 1), date(2022, 12, 31)) if d.weekday() == 6]
    assert len(sundays) == 74
    assert all(schedule.day(d) == [] for d in sundays)
