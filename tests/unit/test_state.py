"""What is on at an instant, and when each kind (walk-in, appointment, phone) opens next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office.schedule import Kind, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
W, A, P = Kind.WALK_IN, Kind.APPOINTMENT, Kind.EMERGENCY_PHONE


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=BERLIN, fold=fold)


def start(schedule: Schedule, t: datetime, kind: Kind) -> datetime | None:
    iv = schedule.state_at(t).next[kind]
    return iv and iv.start


def test_monday_morning_walk_in(schedule: Schedule) -> None:
    state = schedule.state_at(at(2021, 9, 6, 10, 0))
    assert state.office is not None and state.office.kind is W
    assert (state.office.start, state.office.end) == (at(2021, 9, 6, 9), at(2021, 9, 6, 11, 30))
    assert state.open(A) is None and state.open(P) is None
    assert state.next[W] is not None and state.next[W].start == at(2021, 9, 6, 13)
    assert start(schedule, state.at, A) == at(2021, 9, 7, 9)
    assert state.next[P] is None  # the phone window ended with August
    assert state.closed_reason is None


def test_august_phone_window_alone_and_together_with_appointments(schedule: Schedule) -> None:
    monday = schedule.state_at(at(2021, 8, 2, 8, 30))
    assert monday.office is None
    assert monday.open(P) is not None and monday.open(P).end == at(2021, 8, 2, 9)
    assert start(schedule, monday.at, A) == at(2021, 8, 2, 9)
    assert start(schedule, monday.at, P) == at(2021, 8, 3, 8)
    assert start(schedule, monday.at, W) == at(2021, 9, 2, 9)  # first walk-in: Thu 2 Sep

    thursday = schedule.state_at(at(2021, 8, 5, 8, 30))  # counters open at 08:00 on Thursdays
    assert thursday.open(A) is not None and thursday.open(P) is not None
    assert thursday.office is thursday.open(A)


def test_last_evening_of_august(schedule: Schedule) -> None:
    t = at(2021, 8, 31, 20, 0)
    assert schedule.state_at(t).current == ()
    assert start(schedule, t, A) == at(2021, 9, 1, 9)
    assert start(schedule, t, W) == at(2021, 9, 2, 9)
    assert start(schedule, t, P) is None
    assert schedule.next_window(t, P) is None


def test_christmas_eve_skips_the_holiday_saturday(schedule: Schedule) -> None:
    t = at(2021, 12, 24, 13, 0)  # after Friday's appointment hours
    assert start(schedule, t, A) == at(2021, 12, 28, 9)  # not Sat 25 Dec (4th, holiday)
    assert start(schedule, t, W) == at(2021, 12, 27, 9)


def test_first_saturday_then_holiday_monday(schedule: Schedule) -> None:
    t = at(2022, 10, 1, 10, 0)  # 1st Saturday: closed; Mon 3 Oct: German Unity Day
    state = schedule.state_at(t)
    assert state.current == () and state.closed_reason is None
    assert start(schedule, t, A) == at(2022, 10, 4, 9)
    assert start(schedule, t, W) == at(2022, 10, 4, 14)


@pytest.mark.parametrize("fold", [0, 1])
def test_the_repeated_hour_of_31_october_2021(schedule: Schedule, fold: int) -> None:
    t = at(2021, 10, 31, 2, 30, fold=fold)
    state = schedule.state_at(t)
    assert state.current == ()
    assert state.closed_reason == "Reformationstag"
    nxt = state.next[W]
    assert nxt is not None and nxt.start.isoformat() == "2021-11-01T09:00:00+01:00"


def test_next_window_returns_the_open_interval_next_opening_the_following(
    schedule: Schedule,
) -> None:
    t = at(2021, 9, 7, 15, 0)  # Tuesday, walk-in 14:00-18:00
    window = schedule.next_window(t, W)
    assert window is not None and window.start == at(2021, 9, 7, 14)
    following = schedule.next_opening(t, W)
    assert following is not None and following.start == at(2021, 9, 9, 9)  # Thursday
    # At the very end of an interval it is over.
    after = schedule.next_window(at(2021, 9, 7, 18, 0), W)
    assert after is not None and after.start == at(2021, 9, 9, 9)


def test_before_the_first_version(schedule: Schedule) -> None:
    t = at(2021, 7, 15, 12)
    assert start(schedule, t, P) == at(2021, 8, 2, 8)  # 1 Aug 2021 is a Sunday
    assert start(schedule, t, A) == at(2021, 8, 2, 9)


def test_an_instant_in_utc_gets_the_same_answer(schedule: Schedule) -> None:
    local = at(2022, 3, 28, 9, 15)
    assert schedule.state_at(local.astimezone(UTC)).current == schedule.state_at(local).current
    assert schedule.state_at(local.astimezone(UTC)).at == local


# Every instant from August 2021 to the end of 2022, to the minute.
instants = st.integers(0, 525_600 * 17 // 12).map(
    lambda minutes: at(2021, 8, 1).astimezone(UTC) + timedelta(minutes=minutes)
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(instants)
def test_state_agrees_with_intervals(schedule: Schedule, t: datetime) -> None:
    around = schedule.intervals(t - timedelta(days=1), t + timedelta(days=60))
    state = schedule.state_at(t)
    assert state.current == tuple(iv for iv in around if iv.contains(t))
    for kind in Kind:
        later = [iv for iv in around if iv.kind is kind and iv.start > t]
        if later:  # within 60 days the next opening must be the first later interval
            assert state.next[kind] == later[0]
        elif state.next[kind] is not None:
            assert state.next[kind].start > t + timedelta(days=59)
