"""Booking rules, pure: outcomes, appointment codes, the no-show policy (contacts: office.contacts).

Callers get a typed outcome for every case a citizen can cause (a taken slot, a limit, a bad
e-mail address), never an exception: each outcome has its own friendly answer in the dialogue.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from office.city import NoShowRule
from office.contacts import InvalidContact
from office.lifecycle import Status
from office.slots import Slot, SlotGrid

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: unambiguous when read aloud
CODE_LENGTH = 5


CUTOVER_REASON = "cutover"  # why the office cancelled every appointment from the cutover date


@dataclass(frozen=True)
class Appointment:
    """An appointment as callers see it; times in the city's zone."""

    code: str
    service_id: str
    start: datetime
    end: datetime
    seat: int
    status: Status
    household_size: int = 1
    language: str = "de"
    channel: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    cancel_reason: str | None = None

    @property
    def slot(self) -> Slot:
        return Slot(self.start, self.end)


# Outcomes. Every method of the booking service returns one of these.


@dataclass(frozen=True)
class Held:
    """A seat kept for `holder` until `expires_at` while they type name and contact."""

    hold_id: str
    service_id: str
    start: datetime
    end: datetime
    expires_at: datetime
    household_size: int = 1


@dataclass(frozen=True)
class Booked:
    appointment: Appointment


@dataclass(frozen=True)
class SlotTaken:
    """Someone was faster; the next free slots for the same service and duration."""

    alternatives: tuple[Slot, ...]


@dataclass(frozen=True)
class LimitReached:
    """The person (or chat account) already has the allowed number of active appointments.

    `own`: the asker booked it or proved its contact; otherwise they must learn nothing of it
    (it was sent to its owner instead)."""

    existing: Appointment
    own: bool = True


@dataclass(frozen=True)
class OutsideSchedule:
    """Not a slot of the grid: outside appointment hours, off the grid, or past the interval."""


@dataclass(frozen=True)
class TooLate:
    """Before the short-notice cutoff; `earliest` is the first bookable instant."""

    earliest: datetime


@dataclass(frozen=True)
class TooFarAhead:
    last_day: date


@dataclass(frozen=True)
class Blocked:
    """Online booking is blocked after no-shows until `until`; walk-in hours remain open."""

    until: datetime


@dataclass(frozen=True)
class NotFound:
    """No such appointment, service or hold, or not one the asker may see (never say which)."""


@dataclass(frozen=True)
class NotActive:
    """The appointment exists but is cancelled, past or already marked."""

    appointment: Appointment


@dataclass(frozen=True)
class Cancelled:
    appointment: Appointment


@dataclass(frozen=True)
class Rescheduled:
    appointment: Appointment
    previous: Slot


@dataclass(frozen=True)
class Confirmed:
    appointment: Appointment


@dataclass(frozen=True)
class NoShowMarked:
    appointment: Appointment
    blocked_until: datetime | None


SlotRefusal = OutsideSchedule | TooLate | TooFarAhead


@dataclass(frozen=True)
class TooManyHeld:
    """Holds that would flood: `reason` "client" (this client address holds or has pending as
    many slot-seats as it may) or "day" (the share of the day's seats that may be held or
    pending at once is reached)."""

    reason: str


HoldOutcome = Held | SlotTaken | LimitReached | Blocked | SlotRefusal | NotFound | TooManyHeld
BookOutcome = (
    Booked
    | SlotTaken
    | LimitReached
    | Blocked
    | InvalidContact
    | SlotRefusal
    | NotFound
    | TooManyHeld
)
CancelOutcome = Cancelled | NotActive | NotFound
RescheduleOutcome = Rescheduled | SlotTaken | SlotRefusal | NotActive | NotFound
ConfirmOutcome = Confirmed | NotActive | NotFound
NoShowOutcome = NoShowMarked | NotActive | NotFound


def check_slot(
    grid: SlotGrid, start: datetime, minutes: int, now: datetime
) -> tuple[datetime, ...] | SlotRefusal:
    """The span a booking at `start` occupies, or why it cannot be booked at `now`."""
    span = grid.span(start, minutes)
    if span is None:
        return OutsideSchedule()
    if span[0] < grid.earliest(now):
        return TooLate(grid.earliest(now))
    if span[0].date() > grid.last_day(now):
        return TooFarAhead(grid.last_day(now))
    return span


def clean_name(name: str | None) -> str | None:
    """Whitespace collapsed; None when empty or absurdly long."""
    cleaned = " ".join((name or "").split())
    return cleaned if 0 < len(cleaned) <= 120 else None


# Appointment codes


def new_code(prefix: str, rand: random.Random) -> str:
    """A code like BB-7K3QX from `rand` (inject a seeded Random in tests, SystemRandom live)."""
    return f"{prefix}-" + "".join(rand.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str, prefix: str) -> str | None:
    """'bb 7k3qx', 'BB-7K3QX' or '7K3QX' → 'BB-7K3QX'; None when it cannot be a code."""
    compact = re.sub(r"[\s\-_.]", "", text.upper())
    if compact.startswith(prefix.upper()) and len(compact) == len(prefix) + CODE_LENGTH:
        compact = compact[len(prefix) :]
    if len(compact) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in compact):
        return None
    return f"{prefix}-{compact}"


# No-shows


def blocked_until(no_shows: Iterable[datetime], rule: NoShowRule, now: datetime) -> datetime | None:
    """The end of a block if `rule.count` no-shows fell within `rule.within_days` of each other.

    The block runs `block_days` from the no-show that completed the count; None when it is over.
    """
    times = sorted(no_shows)
    window = timedelta(days=rule.within_days)
    until = None
    for i in range(rule.count - 1, len(times)):
        if times[i] - times[i - rule.count + 1] <= window:
            until = times[i] + timedelta(days=rule.block_days)
    return until if until is not None and until > now else None
