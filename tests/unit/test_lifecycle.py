"""The life cycle's transition table: every allowed and every refused transition, and the
events' wire form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from office.lifecycle import (
    ACTIVE,
    EVENT_TYPES,
    FREED,
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentChanged,
    AppointmentRescheduled,
    Refused,
    SeatFreed,
    Status,
    Transition,
    event_from,
    frees_seat,
    target,
)

S = Status
T = Transition
START = datetime(2021, 9, 14, 7, 0, tzinfo=UTC)
BEFORE = START - timedelta(hours=1)
AFTER = START + timedelta(minutes=5)

# Written out by hand, not derived from the code under test: (from, to, allowed ahead, after).
ALLOWED: dict[Transition, tuple[set[Status | None], Status, bool, bool]] = {
    T.BOOK: ({None}, S.BOOKED, True, False),
    T.BOOK_PENDING: ({None}, S.PENDING, True, False),
    T.VERIFY: ({S.PENDING}, S.BOOKED, True, False),
    T.CONFIRM: ({S.BOOKED}, S.CONFIRMED, True, False),
    T.RESCHEDULE: ({S.BOOKED, S.CONFIRMED}, S.BOOKED, True, False),
    T.CHECK_IN: ({S.BOOKED, S.CONFIRMED}, S.CHECKED_IN, True, True),
    T.NO_SHOW: ({S.BOOKED, S.CONFIRMED}, S.NO_SHOW, False, True),
    T.CANCEL_BY_CITIZEN: ({S.PENDING, S.BOOKED, S.CONFIRMED}, S.CANCELLED_BY_CITIZEN, True, False),
    T.CANCEL_BY_OFFICE: ({S.PENDING, S.BOOKED, S.CONFIRMED}, S.CANCELLED_BY_OFFICE, True, False),
    T.CANCEL_BY_CUTOVER: ({S.PENDING, S.BOOKED, S.CONFIRMED}, S.CANCELLED_BY_CUTOVER, True, False),
    T.RELEASE_UNCONFIRMED: ({S.BOOKED}, S.RELEASED_UNCONFIRMED, True, False),
    T.RELEASE_UNVERIFIED: ({S.PENDING}, S.RELEASED_UNVERIFIED, True, True),
    T.PURGE: (set(Status) - {S.PURGED}, S.PURGED, True, True),
}
STATES: list[Status | None] = [None, *Status]


def test_the_table_covers_every_transition():
    assert set(ALLOWED) == set(Transition)


@pytest.mark.parametrize("transition", list(Transition))
@pytest.mark.parametrize("state", STATES, ids=lambda s: s.value if s else "new")
def test_every_transition_from_every_state_ahead_and_after_the_start(transition, state):
    sources, to, ahead, after = ALLOWED[transition]
    for now, allowed_then in ((BEFORE, ahead), (AFTER, after)):
        found = target(transition, state, START, now)
        if state not in sources:
            assert found == Refused(transition, state, "state")
        elif allowed_then:
            assert found is to
        else:
            assert found == Refused(transition, state, "time")


def test_exactly_at_the_start_counts_as_started():
    assert target(T.NO_SHOW, S.BOOKED, START, START) is S.NO_SHOW
    assert target(T.CANCEL_BY_CITIZEN, S.BOOKED, START, START) == Refused(
        T.CANCEL_BY_CITIZEN, S.BOOKED, "time"
    )


def test_active_and_freed_states():
    assert {S.PENDING, S.BOOKED, S.CONFIRMED} == ACTIVE
    assert all(s.active for s in ACTIVE) and not S.CHECKED_IN.active
    assert {
        S.CANCELLED_BY_CITIZEN,
        S.CANCELLED_BY_OFFICE,
        S.CANCELLED_BY_CUTOVER,
        S.RELEASED_UNCONFIRMED,
        S.RELEASED_UNVERIFIED,
    } == FREED
    freeing = {t for t in Transition if frees_seat(t)}
    assert freeing == {
        T.CANCEL_BY_CITIZEN,
        T.CANCEL_BY_OFFICE,
        T.CANCEL_BY_CUTOVER,
        T.RELEASE_UNCONFIRMED,
        T.RELEASE_UNVERIFIED,
        T.RESCHEDULE,
        T.PURGE,
    }


def test_every_status_has_a_staff_wording():
    from office.texts import de, en

    for texts in (de.TEXTS, en.TEXTS):
        assert all(f"status.{s.value}" in texts for s in Status)


EXAMPLES = [
    AppointmentBooked(
        "BB-23456", "reisepass", START, START + timedelta(minutes=30), 2, "pending", "web"
    ),  # fmt: skip
    AppointmentChanged("BB-23456", "confirm", "booked", "confirmed"),
    AppointmentCancelled("BB-23456", "reisepass", START, "cancelled_by_citizen", "citizen"),
    AppointmentRescheduled("BB-23456", "reisepass", START, AFTER, AFTER + timedelta(minutes=15)),
    SeatFreed("reisepass", START, START + timedelta(minutes=15), 3, "cancel_by_cutover"),
]


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.kind)
def test_events_round_trip_through_json_with_utc_times(event):
    import json

    payload = json.loads(json.dumps(event.payload()))
    assert event_from(event.kind, payload) == event
    assert all(v.endswith("+00:00") for k, v in payload.items() if k.endswith(("start", "end")))


def test_event_kinds_are_unique_and_payloads_hold_no_personal_fields():
    assert len(EVENT_TYPES) == len(EXAMPLES) == len({e.kind for e in EXAMPLES})
    personal = {"name", "email", "phone", "sender", "person_key", "address", "cancel_token"}
    for event in EXAMPLES:
        assert not personal & set(event.payload())
