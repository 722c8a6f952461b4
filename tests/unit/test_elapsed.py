"""Durations are real time, also across a change of the clocks (office.elapsed)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from office.elapsed import after, before

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_quarter_hour_after_02_50_summer_time_on_the_last_night_of_october_is_02_05_winter_time():
    start = datetime(2021, 10, 31, 2, 50, tzinfo=BERLIN)  # fold 0: the first 02:50, CEST
    later = after(start, timedelta(minutes=15))
    assert later.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=15)
    assert (later.hour, later.minute, later.utcoffset()) == (2, 5, timedelta(hours=1))
    assert later.tzinfo is BERLIN
    naive_sum = start + timedelta(minutes=15)  # what Python's wall-clock addition gives
    assert naive_sum.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=75)


def test_an_hour_after_01_30_on_the_night_the_clocks_go_forward_is_03_30():
    start = datetime(2021, 3, 28, 1, 30, tzinfo=BERLIN)
    later = after(start, timedelta(hours=1))
    assert (later.hour, later.minute, later.utcoffset()) == (3, 30, timedelta(hours=2))
    assert before(later, timedelta(hours=1)) == start


def test_on_an_ordinary_day_it_is_plain_addition():
    start = datetime(2021, 9, 15, 9, 0, tzinfo=BERLIN)
    assert after(start, timedelta(days=2)) == start + timedelta(days=2)
