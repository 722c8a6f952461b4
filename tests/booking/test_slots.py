"""The slot grid on the real config: only inside appointment hours, cutoff to horizon, DST-exact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import load_city
from office.booking import OutsideSchedule, TooFarAhead, TooLate, check_slot
from office.schedule import Kind
from office.slots import SlotGrid
from tests.storage.support import BERLIN, BERLIN_CONFIG, berlin

CITY = load_city(BERLIN_CONFIG)
GRID = SlotGrid(CITY.schedule, CITY.booking)


def starts(d: date) -> list[datetime]:
    return [t for group in GRID.day(d) for t in group]


def test_a_tuesday_from_september_2021_has_ten_morning_slots():
    tue = starts(date(2021, 9, 14))
    assert tue[0] == berlin(2021, 9, 14, 9, 0) and tue[-1] == berlin(2021, 9, 14, 11, 15)
    assert len(tue) == 10  # 09:00-11:30; the afternoon is walk-in only
    assert starts(date(2021, 9, 13)) == []  # Monday: walk-in only
    assert len(starts(date(2021, 9, 17))) == 16  # Friday 08:00-12:00


def test_august_2021_was_by_appointment_every_weekday():
    monday = starts(date(2021, 8, 2))
    assert len(monday) == 10 + 8 and berlin(2021, 8, 2, 13, 0) in monday


def test_only_the_second_and_fourth_saturday():
    assert len(starts(date(2021, 9, 11))) == 16
    assert len(starts(date(2021, 9, 25))) == 16
    assert starts(date(2021, 9, 18)) == [] and starts(date(2021, 10, 2)) == []


@pytest.mark.parametrize(
    "closed",
    [date(2021, 12, 25), date(2022, 4, 15), date(2021, 10, 31), date(2022, 10, 31)],
    ids=["christmas-4th-saturday", "good-friday", "reformation-day-2021", "reformation-day-2022"],
)
def test_no_slots_on_holidays(closed):
    assert starts(closed) == []


def test_slots_keep_wall_clock_times_across_the_clock_change_of_31_october_2021():
    friday, tuesday = starts(date(2021, 10, 29)), starts(date(2021, 11, 2))
    assert friday[0].utcoffset() == timedelta(hours=2) and friday[0].hour == 8
    assert tuesday[0].utcoffset() == timedelta(hours=1) and tuesday[0].hour == 9
    assert starts(date(2021, 10, 31)) == []
    now = berlin(2021, 10, 29, 10, 30)  # the cutoff leaves Friday 11:30 and 11:45, then Tuesday
    assert [s[0] for s in GRID.spans(now, 15)[:2]] == [
        berlin(2021, 10, 29, 11, 30),
        berlin(2021, 10, 29, 11, 45),
    ]
    after_friday = [s[0] for s in GRID.spans(now, 15) if s[0].date() > date(2021, 10, 29)]
    assert after_friday[0] == berlin(2021, 11, 2, 9, 0)
    assert after_friday[0].astimezone(UTC).hour == 8


def test_spring_forward_keeps_the_saturday_before_and_the_tuesday_after():
    saturday, tuesday = starts(date(2022, 3, 26)), starts(date(2022, 3, 29))
    assert saturday[0].utcoffset() == timedelta(hours=1) and saturday[0].hour == 8
    assert tuesday[0].utcoffset() == timedelta(hours=2) and tuesday[0].hour == 9


def test_a_longer_booking_stays_inside_one_interval():
    last = berlin(2021, 9, 14, 11, 15)
    assert GRID.span(last, 30) is None
    assert GRID.span(berlin(2021, 9, 14, 11, 0), 30) == (
        berlin(2021, 9, 14, 11, 0),
        berlin(2021, 9, 14, 11, 15),
    )
    two = GRID.spans(berlin(2021, 9, 13, 8, 0), 30, date(2021, 9, 14), date(2021, 9, 14))
    assert len(two) == 9 and all(b - a == timedelta(minutes=15) for a, b in two)


def test_check_slot_names_the_reason():
    now = berlin(2021, 9, 13, 8, 0)
    assert check_slot(GRID, berlin(2021, 9, 13, 9, 0), 15, now) == OutsideSchedule()
    assert check_slot(GRID, berlin(2021, 9, 14, 9, 7), 15, now) == OutsideSchedule()
    late = berlin(2021, 9, 14, 8, 30)
    assert check_slot(GRID, berlin(2021, 9, 14, 9, 0), 15, late) == TooLate(
        late + timedelta(hours=1)
    )
    assert check_slot(GRID, berlin(2021, 10, 26, 9, 0), 15, now) == TooFarAhead(date(2021, 10, 25))
    assert check_slot(GRID, berlin(2021, 10, 22, 8, 0), 15, now) == (berlin(2021, 10, 22, 8, 0),)


@settings(max_examples=60, deadline=None)
@given(
    now=st.datetimes(min_value=datetime(2021, 7, 25), max_value=datetime(2022, 12, 31)).map(
        lambda t: t.replace(tzinfo=BERLIN, fold=0)
    ),
    n=st.sampled_from([1, 2, 3]),
)
def test_every_offered_slot_is_inside_appointment_hours_and_the_window(now, n):
    spans = GRID.spans(now, 15 * n)
    earliest = now + timedelta(minutes=CITY.booking.cutoff_minutes)
    last_day = now.date() + timedelta(days=CITY.booking.horizon_days)
    lo = datetime.combine(now.date(), datetime.min.time(), BERLIN)
    hi = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), BERLIN)
    office = CITY.schedule.intervals(lo, hi)
    appointment = [iv for iv in office if iv.kind is Kind.APPOINTMENT]
    for span in spans:
        start, end = span[0], GRID.slot(span).end
        assert start >= earliest and start.date() <= last_day
        assert len(span) == n
        assert any(iv.start <= start and end <= iv.end for iv in appointment)
        assert not any(
            iv.start < end and start < iv.end for iv in office if iv.kind is Kind.WALK_IN
        )
    # and nothing bookable is left out: count the spans from the intervals themselves
    expected = 0
    for iv in appointment:
        t = iv.start.astimezone(UTC)
        while t + timedelta(minutes=15 * n) <= iv.end:
            expected += t >= earliest and t.astimezone(BERLIN).date() <= last_day
            t += timedelta(minutes=15)
    assert len(spans) == expected
