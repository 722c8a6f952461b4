"""What must hold in the booking tables whatever happened (races, crashes, a database restart):
each active appointment owns one seat in every slot of its span, a cancelled one none, no slot
has more seats taken than counters, nobody has more upcoming appointments than the limit, and
every seat row has exactly one owner.

Read-only; used by the fault tests and `bench/load.py` after the load.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from office.city import BookingPolicy
from office.lifecycle import ACTIVE, FREED
from storage.db import Database
from storage.models import AppointmentRow, Hold, Seat

_ACTIVE = tuple(s.value for s in ACTIVE)
_FREED = tuple(s.value for s in FREED)


def problems(db: Database, policy: BookingPolicy, now: datetime) -> list[str]:
    """Every broken rule, in words; empty when the tables are consistent."""
    found: list[str] = []
    step = timedelta(minutes=policy.slot_minutes)
    with db.read() as s:
        seats = s.execute(
            select(Seat.slot_start, Seat.seat, Seat.appointment_id, Seat.hold_id, Seat.expires_at)
        ).all()
        appointments = s.execute(
            select(
                AppointmentRow.id,
                AppointmentRow.code,
                AppointmentRow.status,
                AppointmentRow.slot_start,
                AppointmentRow.slot_end,
                AppointmentRow.seat,
                AppointmentRow.person_key,
                AppointmentRow.sender,
            )
        ).all()
        holds = dict(s.execute(select(Hold.id, Hold.expires_at)).all())
    by_appointment: dict[int, set[tuple[datetime, int]]] = defaultdict(set)
    in_use: Counter[datetime] = Counter()
    for start, seat, appointment_id, hold_id, expires in seats:
        if (appointment_id is None) == (hold_id is None):
            found.append(f"seat {seat} at {start} has {'two owners' if hold_id else 'no owner'}")
        if appointment_id is not None:
            by_appointment[appointment_id].add((start, seat))
        elif hold_id not in holds or expires != holds[hold_id]:
            found.append(f"seat {seat} at {start} belongs to a missing or different hold")
        if expires is None or expires > now:
            in_use[start] += 1
    for start, n in in_use.items():
        if n > policy.counters:
            found.append(f"{n} seats taken at {start}, only {policy.counters} counters")
    persons: Counter[str] = Counter()
    senders: Counter[str] = Counter()
    for id_, code, status, start, end, seat, person_key, sender in appointments:
        owned = by_appointment.get(id_, set())
        if status not in _ACTIVE:
            if owned and status in _FREED:
                found.append(f"{status} appointment {code} still holds {len(owned)} seats")
            continue
        span = {(start + k * step, seat) for k in range(max(1, (end - start) // step))}
        if owned != span:
            found.append(f"appointment {code} owns seats {sorted(owned)}, expected {sorted(span)}")
        if end <= now:
            continue  # over: no longer counts against the limit
        if person_key:
            persons[person_key] += 1
        if sender:
            senders[sender] += 1
    limit = policy.max_active_per_person
    found += [f"a person has {n} active appointments" for n in persons.values() if n > limit]
    found += [f"an account has {n} active appointments" for n in senders.values() if n > limit]
    return found
