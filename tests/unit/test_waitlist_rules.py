"""The waitlist's pure rules: which slot fits a wish, how long an offer holds, what may be
waited for, and the config that sets them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.config import load_city
from office.city import BookingPolicy, WaitlistPolicy
from office.waitlist import Refusal, Wish, check_wish, default_range, hold_until
from tests.unit.test_city_config import refused, write

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2021, 9, 13, 8, 0, tzinfo=TZ)
POLICY = WaitlistPolicy()
BOOKING = BookingPolicy()
WISH = Wish("personalausweis", 1, date(2021, 9, 13), date(2021, 9, 20))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 9, day, hour, minute, tzinfo=TZ)


def test_hold_lengths_count_real_time_across_the_end_of_summer_time():
    """31 October 2021, 03:00 CEST became 02:00 CET: a Berlin wall clock gains an hour."""
    utc = ZoneInfo("UTC")
    # 47.5 h on the wall clock, 48.5 h in fact: not soon, the long hold
    now = datetime(2021, 10, 30, 9, 30, tzinfo=TZ)
    until = hold_until(POLICY, BOOKING, datetime(2021, 11, 1, 9, 0, tzinfo=TZ), now)
    assert until == datetime(2021, 10, 30, 9, 30, tzinfo=utc)  # 07:30 UTC + 120 min
    # a hold made at 02:50 CEST lasts 120 minutes, not until 04:50 CET
    now = datetime(2021, 10, 31, 2, 50, tzinfo=TZ)
    until = hold_until(POLICY, BOOKING, datetime(2021, 11, 5, 9, 0, tzinfo=TZ), now)
    assert until == datetime(2021, 10, 31, 2, 50, tzinfo=utc)
    # the cutoff an hour before a 03:10 CET slot is 02:10 CET (01:10 UTC), not 02:10 CEST
    now = datetime(2021, 10, 31, 1, 55, tzinfo=TZ)
    until = hold_until(POLICY, BOOKING, datetime(2021, 10, 31, 3, 10, tzinfo=TZ), now)
    assert until == datetime(2021, 10, 31, 0, 15, tzinfo=utc)  # the 20 minutes, whole


def test_a_slot_fits_the_days_the_part_of_the_day_and_an_earlier_wish():
    assert WISH.fits(at(14, 9), TZ) and WISH.fits(at(20, 17), TZ)
    assert not WISH.fits(at(21, 9), TZ)
    afternoon = Wish("personalausweis", 1, date(2021, 9, 13), date(2021, 9, 20), "afternoon")
    assert afternoon.fits(at(14, 14), TZ) and not afternoon.fits(at(14, 9), TZ)
    earlier = Wish("personalausweis", 1, date(2021, 9, 13), date(2021, 9, 20), before=at(15, 9))
    assert earlier.fits(at(14, 9), TZ) and not earlier.fits(at(15, 9), TZ)
    assert earlier.ends(TZ) == at(15, 9) and WISH.ends(TZ) == at(21, 0)


def test_offers_hold_shorter_when_the_slot_is_soon_and_never_past_the_cutoff():
    assert hold_until(POLICY, BOOKING, at(20, 9), NOW) == NOW + timedelta(minutes=120)
    assert hold_until(POLICY, BOOKING, at(14, 9), NOW) == NOW + timedelta(minutes=20)
    assert hold_until(POLICY, BOOKING, at(13, 9, 15), NOW) == at(13, 8, 15)  # the cutoff
    assert hold_until(POLICY, BOOKING, at(13, 9, 4), NOW) is None  # no time left to answer


@pytest.mark.parametrize(
    ("first", "last", "before", "reason"),
    [
        (date(2021, 9, 20), date(2021, 9, 14), None, Refusal.ORDER),
        (date(2021, 9, 1), date(2021, 9, 12), None, Refusal.PAST),
        (date(2021, 9, 13), date(2021, 10, 11), None, Refusal.TOO_LONG),
        (date(2021, 10, 30), date(2021, 10, 31), None, Refusal.TOO_FAR),
        (date(2021, 9, 16), date(2021, 9, 20), at(15, 9), Refusal.NOT_EARLIER),
        (date(2021, 9, 1), date(2021, 10, 10), None, None),  # counted from today
    ],
)
def test_what_may_be_waited_for(first, last, before, reason):
    wish = Wish("personalausweis", 1, first, last, before=before)
    assert check_wish(POLICY, BOOKING, wish, NOW, TZ) == reason


def test_the_default_range_is_as_long_as_allowed():
    assert default_range(POLICY, BOOKING, NOW, TZ) == (date(2021, 9, 13), date(2021, 10, 10))


def test_the_reference_config_and_its_mistakes(tmp_path: Path):
    city = load_city(write(tmp_path, lambda d: None))
    assert city.waitlist.on_for("reisepass") and city.waitlist.max_entries_per_person == 1
    only = load_city(write(tmp_path, lambda d: d["waitlist"].update(services=["reisepass"])))
    assert only.waitlist.on_for("reisepass") and not only.waitlist.on_for("personalausweis")
    off = load_city(write(tmp_path, lambda d: d["waitlist"].update(enabled=False)))
    assert not off.waitlist.on_for("reisepass")
    assert "waitlist.services" in refused(tmp_path, lambda d: d["waitlist"].update(services=["x"]))
    assert "waitlist.hold_minutes" in refused(
        tmp_path, lambda d: d["waitlist"].update(hold_minutes=0)
    )
    assert "unknown setting" in refused(tmp_path, lambda d: d["waitlist"].update(holds=3))


def test_the_cutover_and_closure_notices_offer_a_place_on_the_waitlist(tmp_path: Path):
    from office.booking import Appointment
    from office.lifecycle import Status
    from office.notices import CutoverNotices, office_cancel_notice

    city = load_city(write(tmp_path, lambda d: None))
    a = Appointment("BB-AAAAA", "reisepass", at(14, 9), at(14, 9, 30), 1, Status.BOOKED, 2)
    join = ("Auf die Warteliste", '/waitlist_join{"service":"reisepass","persons":2}')
    notices = (
        CutoverNotices(city).notice([a], "de"),
        office_cancel_notice(city, [a], "de", "Umzug"),
    )
    for notice in notices:
        assert join in notice.buttons and "Möchten Sie auf die Warteliste?" in notice.text
    off = load_city(write(tmp_path, lambda d: d["waitlist"].update(enabled=False)))
    assert not any("waitlist" in p for _, p in CutoverNotices(off).notice([a], "de").buttons)
