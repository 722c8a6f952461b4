"""An appointment's life cycle, pure: its states, the transitions between them, and the domain
events a transition emits.

Every change of an appointment's state is one `Transition`; `storage.lifecycle` applies it,
writes its audit row and records its events in one transaction. Later features (e-mail
confirmations, the waitlist, the staff console) read those events instead of hooking into
each place that changes an appointment. Events carry no personal data: codes, services and
times only; whoever needs a contact looks it up by the code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum


class Status(StrEnum):
    """What an appointment is now; stored as its value."""

    PENDING = "pending"  # booked, its seat held, until the contact is verified
    BOOKED = "booked"
    CONFIRMED = "confirmed"  # the citizen reconfirmed (the reminder's "Ich komme")
    CHECKED_IN = "checked_in"  # the citizen came; staff checked them in
    NO_SHOW = "no_show"
    CANCELLED_BY_CITIZEN = "cancelled_by_citizen"
    CANCELLED_BY_OFFICE = "cancelled_by_office"
    CANCELLED_BY_CUTOVER = "cancelled_by_cutover"
    RELEASED_UNCONFIRMED = "released_unconfirmed"  # not reconfirmed by the deadline
    RELEASED_UNVERIFIED = "released_unverified"  # the contact was not verified in time
    PURGED = "purged"  # personal data removed (retention or erasure)

    @property
    def active(self) -> bool:
        return self in ACTIVE


ACTIVE = frozenset({Status.PENDING, Status.BOOKED, Status.CONFIRMED})
"""Hold a seat ahead, count against the limits, and may still be changed by the citizen."""
FREED = frozenset(
    {
        Status.CANCELLED_BY_CITIZEN,
        Status.CANCELLED_BY_OFFICE,
        Status.CANCELLED_BY_CUTOVER,
        Status.RELEASED_UNCONFIRMED,
        Status.RELEASED_UNVERIFIED,
    }
)
"""Gave their seat back before it was due: no seat rows, not on the staff's day list."""


class Timing(StrEnum):
    """When, relative to the appointment's start, a transition may happen."""

    AHEAD = "ahead"  # now < start
    STARTED = "started"  # now >= start
    ANY = "any"


class Transition(StrEnum):
    """Each change an appointment can go through; its value is the audit action."""

    BOOK = "book"
    BOOK_PENDING = "book_pending"
    VERIFY = "verify"
    CONFIRM = "confirm"
    RESCHEDULE = "reschedule"
    CHECK_IN = "check_in"
    NO_SHOW = "no_show"
    CANCEL_BY_CITIZEN = "cancel_by_citizen"
    CANCEL_BY_OFFICE = "cancel_by_office"
    CANCEL_BY_CUTOVER = "cancel_by_cutover"
    RELEASE_UNCONFIRMED = "release_unconfirmed"
    RELEASE_UNVERIFIED = "release_unverified"
    PURGE = "purge"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status | None]  # None: the appointment does not exist yet
    target: Status
    timing: Timing


_SEATED = ACTIVE  # the states a cancellation or release frees a seat from
RULES: dict[Transition, Rule] = {
    Transition.BOOK: Rule(frozenset({None}), Status.BOOKED, Timing.AHEAD),
    Transition.BOOK_PENDING: Rule(frozenset({None}), Status.PENDING, Timing.AHEAD),
    Transition.VERIFY: Rule(frozenset({Status.PENDING}), Status.BOOKED, Timing.AHEAD),
    Transition.CONFIRM: Rule(frozenset({Status.BOOKED}), Status.CONFIRMED, Timing.AHEAD),
    Transition.RESCHEDULE: Rule(
        frozenset({Status.BOOKED, Status.CONFIRMED}), Status.BOOKED, Timing.AHEAD
    ),
    Transition.CHECK_IN: Rule(
        frozenset({Status.BOOKED, Status.CONFIRMED}), Status.CHECKED_IN, Timing.ANY
    ),
    Transition.NO_SHOW: Rule(
        frozenset({Status.BOOKED, Status.CONFIRMED}), Status.NO_SHOW, Timing.STARTED
    ),
    Transition.CANCEL_BY_CITIZEN: Rule(_SEATED, Status.CANCELLED_BY_CITIZEN, Timing.AHEAD),
    Transition.CANCEL_BY_OFFICE: Rule(_SEATED, Status.CANCELLED_BY_OFFICE, Timing.AHEAD),
    Transition.CANCEL_BY_CUTOVER: Rule(_SEATED, Status.CANCELLED_BY_CUTOVER, Timing.AHEAD),
    Transition.RELEASE_UNCONFIRMED: Rule(
        frozenset({Status.BOOKED}), Status.RELEASED_UNCONFIRMED, Timing.AHEAD
    ),
    Transition.RELEASE_UNVERIFIED: Rule(
        frozenset({Status.PENDING}), Status.RELEASED_UNVERIFIED, Timing.ANY
    ),
    Transition.PURGE: Rule(frozenset(set(Status) - {Status.PURGED}), Status.PURGED, Timing.ANY),
}


@dataclass(frozen=True)
class Refused:
    """The transition is not allowed: from this state, or at this time."""

    transition: Transition
    state: Status | None
    why: str  # "state" or "time"


def target(
    transition: Transition, state: Status | None, start: datetime, now: datetime
) -> Status | Refused:
    """The state `transition` leads to from `state` for an appointment starting at `start`."""
    rule = RULES[transition]
    if state not in rule.sources:
        return Refused(transition, state, "state")
    if (rule.timing is Timing.AHEAD and not now < start) or (
        rule.timing is Timing.STARTED and now < start
    ):
        return Refused(transition, state, "time")
    return rule.target


def frees_seat(transition: Transition) -> bool:
    """Whether the transition gives the appointment's seat back (a reschedule gives back the
    part of the old slot the new one does not reuse)."""
    return RULES[transition].target in FREED or transition in (
        Transition.RESCHEDULE,
        Transition.PURGE,
    )


# Domain events. Times are aware UTC datetimes; `kind` names the event in the events table.


@dataclass(frozen=True)
class Event:
    kind = ""

    def payload(self) -> dict[str, object]:
        return {
            k: v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v
            for k, v in asdict(self).items()
        }


@dataclass(frozen=True)
class AppointmentBooked(Event):
    kind = "appointment_booked"
    code: str
    service: str
    slot_start: datetime
    slot_end: datetime
    household_size: int
    status: str  # "booked", or "pending" until the contact is verified
    channel: str | None  # "telegram", "web", …; None when staff booked it


@dataclass(frozen=True)
class AppointmentChanged(Event):
    """Every transition of an existing appointment but a reschedule: from one state to another."""

    kind = "appointment_changed"
    code: str
    transition: str
    previous: str
    status: str


@dataclass(frozen=True)
class AppointmentCancelled(Event):
    """Cancelled or released before it was due (status says by whom or why)."""

    kind = "appointment_cancelled"
    code: str
    service: str
    slot_start: datetime
    status: str
    actor: str  # "citizen", "system" or a staff account


@dataclass(frozen=True)
class AppointmentRescheduled(Event):
    kind = "appointment_rescheduled"
    code: str
    service: str
    previous_start: datetime
    slot_start: datetime
    slot_end: datetime


@dataclass(frozen=True)
class SeatFreed(Event):
    """One counter free again from slot_start to slot_end (a run of grid slots)."""

    kind = "seat_freed"
    service: str
    slot_start: datetime
    slot_end: datetime
    seats: int
    cause: str  # the transition that freed it


EVENT_TYPES: dict[str, type[Event]] = {
    t.kind: t
    for t in (
        AppointmentBooked,
        AppointmentChanged,
        AppointmentCancelled,
        AppointmentRescheduled,
        SeatFreed,
    )  # fmt: skip
}


def event_from(kind: str, payload: dict[str, object]) -> Event:
    """The event stored as `kind` and `payload`."""
    cls = EVENT_TYPES[kind]
    values = {}
    for f in fields(cls):
        value = payload[f.name]
        if f.type == "datetime" and isinstance(value, str):
            value = datetime.fromisoformat(value)
        values[f.name] = value
    return cls(**values)
