"""The waitlist's rules, pure: what a citizen may wait for, which freed seat fits a wish, and how
long an offer holds its seat.

A wish is a service for a household on days `first_day`..`last_day`, optionally in one part of
the day, optionally earlier than the citizen's own appointment. A seat freed by the life cycle
is offered to the first waiter (first come, first served) whose wish it fits, held for them
alone for a while; an offer answered "no", or not at all, passes the seat to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from office.city import BookingPolicy, WaitlistPolicy
from office.slots import PARTS_OF_DAY

VERIFIED_CHANNELS = frozenset({"telegram"})
"""Chats whose account is a verified identity: only they may wait (an offer must reach the
citizen, and be answered by them alone)."""


class EntryState(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"  # one offer open: no second one until it is answered or lapses
    BOOKED = "booked"  # accepted an offer
    LEFT = "left"  # the citizen left the list
    EXPIRED = "expired"  # the wish's last day (or the citizen's own appointment) has passed


ACTIVE_ENTRY = frozenset({EntryState.WAITING, EntryState.OFFERED})


class OfferState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # not answered in time
    LOST = "lost"  # its hold went away (the waiter started another booking)


class ReleaseState(StrEnum):
    """What became of one freed seat: each ends in one of the states after `offered`."""

    PENDING = "pending"  # to be offered (again)
    OFFERED = "offered"  # held for a waiter now
    REBOOKED = "rebooked"  # a waiter accepted it
    UNMATCHED = "unmatched"  # free, but nobody waiting wants it
    TAKEN = "taken"  # someone booked it directly before it could be offered
    LATE = "late"  # too close to its start to hold it for anyone
    OFF = "off"  # the waitlist is switched off


@dataclass(frozen=True)
class Wish:
    service_id: str
    household_size: int
    first_day: date
    last_day: date
    part_of_day: str | None = None  # a key of PARTS_OF_DAY; None: any time of the day
    before: datetime | None = None  # earlier than this (the citizen's own appointment)

    def fits(self, start: datetime, tz: ZoneInfo) -> bool:
        """Whether a slot starting at `start` is one the citizen asked for."""
        local = start.astimezone(tz)
        if not self.first_day <= local.date() <= self.last_day:
            return False
        if self.before is not None and start >= self.before:
            return False
        part = PARTS_OF_DAY.get(self.part_of_day or "")
        return part is None or part[0] <= local.time() < part[1]

    def ends(self, tz: ZoneInfo) -> datetime:
        """When the wish lapses: after its last day, or when the own appointment begins."""
        end = datetime.combine(self.last_day + timedelta(days=1), time(), tz)
        return min(end, self.before) if self.before is not None else end


@dataclass(frozen=True)
class StaffRow:
    """One waiter as the staff's waitlist page shows them."""

    position: int
    since: datetime
    name: str | None
    channel: str  # how the person will be told when a seat frees up
    state: str  # waiting, offered
    persons: int = 1
    part_of_day: str | None = None
    earlier_than: datetime | None = None  # waits for an earlier time than their appointment


class Refusal(StrEnum):
    OFF = "off"  # no waitlist for this service
    ORDER = "order"  # the last day is before the first
    PAST = "past"
    TOO_LONG = "too_long"  # a range longer than max_range_days
    TOO_FAR = "too_far"  # starts beyond the booking horizon
    NOT_EARLIER = "not_earlier"  # nothing can be earlier than the own appointment in that range


def check_wish(
    policy: WaitlistPolicy, booking: BookingPolicy, wish: Wish, now: datetime, tz: ZoneInfo
) -> Refusal | None:
    """Why the citizen may not wait for `wish`, or None when they may."""
    today = now.astimezone(tz).date()
    if not policy.on_for(wish.service_id):
        return Refusal.OFF
    if wish.last_day < wish.first_day:
        return Refusal.ORDER
    if wish.last_day < today:
        return Refusal.PAST
    if (wish.last_day - max(wish.first_day, today)).days + 1 > policy.max_range_days:
        return Refusal.TOO_LONG
    if wish.first_day > today + timedelta(days=booking.horizon_days):
        return Refusal.TOO_FAR
    if wish.before is not None and wish.ends(tz) <= datetime.combine(wish.first_day, time(), tz):
        return Refusal.NOT_EARLIER
    return None


def default_range(
    policy: WaitlistPolicy, booking: BookingPolicy, now: datetime, tz: ZoneInfo
) -> tuple[date, date]:
    """The days waited for when the citizen names no end: from today for as long as allowed."""
    today = now.astimezone(tz).date()
    days = min(policy.max_range_days, booking.horizon_days + 1)
    return today, today + timedelta(days=days - 1)


def hold_until(
    policy: WaitlistPolicy, booking: BookingPolicy, start: datetime, now: datetime
) -> datetime | None:
    """When an offer made at `now` of a slot at `start` lapses: sooner when the slot is soon,
    never past the booking cutoff; None when too little time is left to answer. Reckoned in
    UTC: across a change of the clocks, arithmetic on Berlin wall times is an hour off."""
    start, now = start.astimezone(UTC), now.astimezone(UTC)
    soon = start - now <= timedelta(hours=policy.soon_hours)
    minutes = policy.hold_minutes_soon if soon else policy.hold_minutes
    latest = start - timedelta(minutes=booking.cutoff_minutes)
    until = min(now + timedelta(minutes=minutes), latest)
    if until - now < timedelta(minutes=policy.min_answer_minutes):
        return None
    return until
