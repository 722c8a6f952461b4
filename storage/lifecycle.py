"""The life cycle in storage: `Lifecycle` applies the transitions of `office.lifecycle` (the
one place an appointment's state changes), `AppointmentChanges` offers them to citizens and
staff (cancel, confirm, reschedule, no-show), one transaction each.

Each transition, in the caller's transaction, changes the rows, frees the seats it gives back,
writes one audit row per appointment and records its domain events; so a rollback undoes all
of them together. One statement per step serves one appointment or ten thousand (a cutover).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from office.booking import (
    Appointment,
    Cancelled,
    CancelOutcome,
    Confirmed,
    ConfirmOutcome,
    NoShowMarked,
    NoShowOutcome,
    NotActive,
    NotFound,
    Rescheduled,
    RescheduleOutcome,
    blocked_until,
    check_slot,
)
from office.city import City
from office.lifecycle import (
    ACTIVE,
    FREED,
    RULES,
    AppointmentBooked,
    AppointmentCancelled,
    AppointmentChanged,
    AppointmentRescheduled,
    Event,
    Refused,
    SeatFreed,
    Status,
    Timing,
    Transition,
    frees_seat,
    target,
)
from office.senders import channel_of
from office.slots import Slot
from office.verification import CANCEL, CONFIRM, Verified
from storage import audit, events, verification
from storage.appointments import ACCOUNTS, AppointmentQueries
from storage.db import Database
from storage.models import AppointmentRow, Hold, NoShow, Person, Seat

CITIZEN = "citizen"  # how citizens appear in the audit log: never by name, contact or account
Together = Callable[[Session], None]
"""A caller's own writes, run in a booking's or move's transaction before any seat is touched:
they commit with it or not at all, and an exception from them rolls it back (the waitlist
marks its offer accepted this way, so a crash cannot leave one without the other)."""
_NO_SHOWS = select(NoShow.at).where(
    or_(
        NoShow.person_id == bindparam("person_id"),
        NoShow.person_id.in_(ACCOUNTS),
        NoShow.sender == bindparam("sender"),
    )
)

CHUNK = 500  # codes per IN (...) list
_ANONYMOUS = {
    "person_id": None,
    "person_key": None,
    "sender": None,
    "name": None,
}


class Lifecycle:
    """Transitions for one city's grid (`slot_minutes` tells where a freed run of seats ends)."""

    def __init__(self, slot_minutes: int):
        self.step = timedelta(minutes=slot_minutes)

    def created(
        self, s: Session, transition: Transition, row: Mapping[str, Any], actor: str, now: datetime
    ) -> None:
        """Audit and announce an appointment just inserted with `RULES[transition].target`."""
        assert None in RULES[transition].sources and row["status"] == RULES[transition].target
        audit.record(s, now, actor, transition.value, (row["code"],))
        booked = AppointmentBooked(
            row["code"],
            row["service_id"],
            row["slot_start"],
            row["slot_end"],
            row["household_size"],
            row["status"],
            row["channel"],
        )
        events.append(s, now, [(row["code"], booked)])

    def apply(
        self,
        s: Session,
        transition: Transition,
        codes: Sequence[str],
        actor: str,
        now: datetime,
        *,
        reason: str | None = None,
        values: Mapping[str, Any] | None = None,
        freed_seats: Sequence[int] | None = None,
    ) -> list[Row]:
        """Move the appointments `codes` on by `transition`; their rows afterwards.

        Appointments the rule does not allow now (state or time) are left as they are and
        not returned: callers that asked for one check `office.lifecycle.target` first to say
        why. `values` are further columns to set (a reschedule's new slot); `freed_seats` are
        the seat rows a reschedule gives back (other transitions free all or none).
        """
        changed: list[Row] = []
        previous: dict[str, tuple[str, datetime]] = {}
        freed: list[Row] = []
        for chunk in _chunks(codes):
            found = self._lock(s, transition, chunk, now)
            if not found:
                continue
            previous.update((code, (status, start)) for _id, code, status, start in found)
            ids = [id_ for id_, *_ in found]
            changed += s.execute(
                update(AppointmentRow)
                .where(AppointmentRow.id.in_(ids))
                .values(self._values(transition, now, reason, values))
                .returning(*AppointmentRow.__table__.c)
            ).all()
            if freed_seats is not None:
                gone = Seat.id.in_(freed_seats)
            elif frees_seat(transition):
                gone = Seat.appointment_id.in_(ids)
            else:
                continue
            freed += s.execute(
                delete(Seat).where(gone).returning(Seat.appointment_id, Seat.slot_start)
            ).all()
        if not changed:
            return changed
        audit.record(s, now, actor, transition.value, [r.code for r in changed], reason)
        told = [(r.code, self._event(transition, r, previous[r.code], actor)) for r in changed]
        told += [(None, e) for e in self._seats_freed(transition, changed, freed, now)]
        events.append(s, now, told)
        return changed

    def _lock(
        self, s: Session, transition: Transition, codes: Sequence[str], now: datetime
    ) -> list[tuple[int, str, str, datetime]]:
        """The appointments among `codes` the transition applies to now, locked for it."""
        rule = RULES[transition]
        a = AppointmentRow
        query = select(a.id, a.code, a.status, a.slot_start).where(
            a.code.in_(codes), a.status.in_([x.value for x in rule.sources if x is not None])
        )
        if rule.timing is Timing.AHEAD:
            query = query.where(a.slot_start > now)
        elif rule.timing is Timing.STARTED:
            query = query.where(a.slot_start <= now)
        if s.get_bind().dialect.name != "sqlite":  # SQLite's BEGIN IMMEDIATE keeps writers out
            query = query.with_for_update()
        return [(r.id, r.code, r.status, r.slot_start) for r in s.execute(query)]

    def _values(
        self,
        transition: Transition,
        now: datetime,
        reason: str | None,
        values: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        target = RULES[transition].target
        found: dict[str, Any] = {"status": target.value, "updated_at": now}
        if target not in ACTIVE:  # no longer counts against the person's or account's limit
            found |= {"person_slot": None, "account_slot": None}
        if target in FREED:
            found |= {"cancelled_at": now, "cancel_reason": reason}
        if transition is Transition.CONFIRM:
            found["confirmed_at"] = now
        if transition is Transition.RESCHEDULE:
            found |= {"confirmed_at": None, "reminded_at": None}
        if transition is Transition.PURGE:
            found |= _ANONYMOUS
        return found | dict(values or {})

    def _event(
        self, transition: Transition, row: Row, previous: tuple[str, datetime], actor: str
    ) -> Event:
        status, start = previous
        if row.status in FREED:
            return AppointmentCancelled(row.code, row.service_id, row.slot_start, row.status, actor)
        if transition is Transition.RESCHEDULE:
            return AppointmentRescheduled(
                row.code, row.service_id, start, row.slot_start, row.slot_end
            )
        return AppointmentChanged(row.code, transition.value, status, row.status)

    def _seats_freed(
        self,
        transition: Transition,
        rows: Sequence[Row],
        freed: Sequence[Row],
        now: datetime,
    ) -> Iterator[SeatFreed]:
        """One event per run of consecutive slots freed ahead of `now`, counting the counters
        freed for the same run and service."""
        service = {r.id: r.service_id for r in rows}
        starts: dict[int, list[datetime]] = defaultdict(list)
        for appointment_id, start in freed:
            if start > now:
                starts[appointment_id].append(start)
        runs: dict[tuple[str, datetime, datetime], int] = defaultdict(int)
        for appointment_id, found in starts.items():
            for lo, hi in self._runs(sorted(found)):
                runs[(service[appointment_id], lo, hi)] += 1
        for (service_id, lo, hi), seats in sorted(runs.items(), key=lambda x: (x[0][1], x[0][0])):
            yield SeatFreed(service_id, lo, hi, seats, transition.value)

    def _runs(self, starts: list[datetime]) -> Iterator[tuple[datetime, datetime]]:
        lo = prev = starts[0]
        for t in starts[1:]:
            if t != prev + self.step:
                yield lo, prev + self.step
                lo = t
            prev = t
        yield lo, prev + self.step


class AppointmentChanges(AppointmentQueries):
    """Cancel, confirm, reschedule, no-show: each one transaction through `Lifecycle`."""

    def __init__(self, db: Database, city: City, rand: random.Random | None = None):
        super().__init__(db, city, rand)
        self.lifecycle = Lifecycle(self.policy.slot_minutes)

    def cancel(
        self,
        code: str,
        actor: str,
        now: datetime,
        by_person: str | None = None,
        reason: str | None = None,
    ) -> CancelOutcome:
        """Cancel; `by_person` (the citizen's sender or person key) must own it, else staff."""
        by_citizen = by_person is not None
        transition = Transition.CANCEL_BY_CITIZEN if by_citizen else Transition.CANCEL_BY_OFFICE
        reason = reason or ("citizen" if by_citizen else "office")
        with self.db.write() as s:
            row = self._changeable(s, now, AppointmentRow.code == code, transition, by_person)
            if not isinstance(row, AppointmentRow):
                return row
            actor = CITIZEN if by_citizen else actor
            return Cancelled(self._change(s, row, transition, actor, now, reason))

    def cancel_by_token(self, token: str, now: datetime) -> CancelOutcome:
        """The e-mail link's POST: the token proves ownership (and is used up by it)."""
        transition = Transition.CANCEL_BY_CITIZEN
        with self.db.write() as s:
            found = verification.redeem(s, CANCEL, token, now)
            if not isinstance(found, Verified):
                return NotFound()
            row = self._changeable(s, now, AppointmentRow.code == found.subject, transition)
            if not isinstance(row, AppointmentRow):
                return row
            return Cancelled(self._change(s, row, transition, CITIZEN, now, "citizen"))

    def confirm_by_token(self, token: str, now: datetime) -> ConfirmOutcome:
        """The reminder e-mail's "Ich komme" link, POSTed: the token proves ownership."""
        with self.db.write() as s:
            found = verification.redeem(s, CONFIRM, token, now)
            if not isinstance(found, Verified):
                return NotFound()
            which = AppointmentRow.code == found.subject
            row = self._changeable(s, now, which, Transition.CONFIRM, None, Status.CONFIRMED)
            if not isinstance(row, AppointmentRow):
                return row
            if row.status == Status.CONFIRMED:
                return Confirmed(self._load_view(s, row))
            return Confirmed(self._change(s, row, Transition.CONFIRM, CITIZEN, now))

    def reschedule(
        self,
        code: str,
        new_slot: datetime,
        actor: str,
        now: datetime,
        by_person: str | None = None,
        hold_id: str | None = None,
        together: Together | None = None,
    ) -> RescheduleOutcome:
        """Move to `new_slot` in one transaction: the new seat is taken before the old is freed.
        `hold_id` is a hold of the new slot for this citizen (a waitlist offer): its seat is
        the one taken, given up only if the move fails (the transaction rolls back)."""
        try:
            with self.db.write() as s:
                row = self._changeable(
                    s, now, AppointmentRow.code == code, Transition.RESCHEDULE, by_person
                )
                if not isinstance(row, AppointmentRow):
                    return row
                service = self.city.service(row.service_id)
                if service is None:
                    return NotFound()
                household_size = row.household_size
                span = check_slot(self.grid, new_slot, self._minutes(service, household_size), now)
                if not isinstance(span, tuple):
                    return span
                previous = Slot(
                    *(t.astimezone(self.city.tz) for t in (row.slot_start, row.slot_end))
                )
                if together is not None:
                    together(s)
                c = s.connection()
                own = {
                    (t, seat): seat_id
                    for seat_id, t, seat in c.execute(
                        select(Seat.id, Seat.slot_start, Seat.seat).where(
                            Seat.appointment_id == row.id
                        )
                    )
                }
                owner = {"appointment_id": row.id, "hold_id": None, "expires_at": None}
                prefer = row.seat
                if hold_id is not None:
                    held = c.execute(
                        delete(Seat).where(Seat.hold_id == hold_id).returning(Seat.seat)
                    ).scalars()
                    prefer = next(iter(held), prefer)
                    c.execute(delete(Hold).where(Hold.id == hold_id))
                seat = self.seats.claim(c, span, now, owner, own, prefer=prefer)
                if seat is None:
                    raise _SlotTaken
                keep = {(t.astimezone(UTC), seat) for t in span}
                stale = [seat_id for key, seat_id in own.items() if key not in keep]
                moved = {"slot_start": span[0], "slot_end": self.grid.slot(span).end, "seat": seat}
                actor = CITIZEN if by_person else actor
                view = self._change(
                    s, row, Transition.RESCHEDULE, actor, now, values=moved, freed_seats=stale
                )
                return Rescheduled(view, previous)
        except _SlotTaken:
            assert service is not None and isinstance(span, tuple)  # both set before the claim
            return self._taken(service, household_size, span, now)

    def confirm(self, code: str, now: datetime, by_person: str | None = None) -> ConfirmOutcome:
        """The citizen confirms they will come (the reconfirmation before the appointment)."""
        with self.db.write() as s:
            which = AppointmentRow.code == code
            row = self._changeable(s, now, which, Transition.CONFIRM, by_person, Status.CONFIRMED)
            if not isinstance(row, AppointmentRow):
                return row
            if row.status == Status.CONFIRMED:  # confirmed twice: nothing changes
                return Confirmed(self._load_view(s, row))
            return Confirmed(self._change(s, row, Transition.CONFIRM, CITIZEN, now))

    def verify(self, code: str, now: datetime) -> ConfirmOutcome:
        """The pending booking's contact is verified: it becomes an ordinary booking."""
        with self.db.write() as s:
            row = self._changeable(s, now, AppointmentRow.code == code, Transition.VERIFY)
            if not isinstance(row, AppointmentRow):
                return row
            return Confirmed(self._change(s, row, Transition.VERIFY, CITIZEN, now))

    def check_in(self, code: str, actor: str, now: datetime) -> ConfirmOutcome:
        """Staff: the citizen has come."""
        with self.db.write() as s:
            row = self._changeable(s, now, AppointmentRow.code == code, Transition.CHECK_IN)
            if not isinstance(row, AppointmentRow):
                return row
            return Confirmed(self._change(s, row, Transition.CHECK_IN, actor, now))

    def mark_no_show(self, code: str, actor: str, now: datetime) -> NoShowOutcome:
        """Staff: the citizen did not come. Enough no-shows block online booking for a while."""
        with self.db.write() as s:
            row = self._changeable(s, now, AppointmentRow.code == code, Transition.NO_SHOW)
            if not isinstance(row, AppointmentRow):
                return row
            view = self._change(s, row, Transition.NO_SHOW, actor, now)
            # Only a verified identity is blamed: the person once their address was proven,
            # or the Telegram account it was booked from; never an address someone typed.
            person = s.get(Person, row.person_id) if row.person_id else None
            person_id = person.id if person and person.verified_at else None
            sender = row.sender if row.sender and channel_of(row.sender) == "telegram" else None
            until = None
            if person_id or sender:
                no_show = {"person_id": person_id, "sender": sender, "appointment_code": row.code}
                s.execute(insert(NoShow), {**no_show, "at": row.slot_start})
                until = self._blocked_until(s, now, person_id, sender)
            return NoShowMarked(view, until)

    def _changeable(
        self,
        s: Session,
        now: datetime,
        which,
        transition: Transition,
        by_person: str | None = None,
        done: Status | None = None,
    ) -> AppointmentRow | NotFound | NotActive:
        """The appointment locked for `transition`, if it is `by_person`'s (when given) and the
        life cycle allows it now (or it is in state `done` already, while still ahead)."""
        row = s.scalars(select(AppointmentRow).where(which).with_for_update()).first()
        if row is None or (by_person is not None and not self._owns(s, row, by_person)):
            return NotFound()
        if row.status == done and row.slot_start > now:
            return row
        if isinstance(target(transition, Status(row.status), row.slot_start, now), Refused):
            return NotActive(self._load_view(s, row))
        return row

    def _change(
        self,
        s: Session,
        row: AppointmentRow,
        transition: Transition,
        actor: str,
        now: datetime,
        reason: str | None = None,
        **options,
    ) -> Appointment:
        """Apply `transition` to the locked `row`; the appointment as it is afterwards."""
        (changed,) = self.lifecycle.apply(s, transition, [row.code], actor, now, reason=reason,
                                          **options)  # fmt: skip
        return self._view(changed, s.get(Person, row.person_id) if row.person_id else None)

    def _blocked_until(
        self, c: Connection | Session, now: datetime, person_id: int | None, sender: str | None
    ) -> datetime | None:
        """The end of a no-show block of the person or of anyone who booked from `sender`."""
        times = c.execute(_NO_SHOWS, {"person_id": person_id, "sender": sender}).scalars()
        return self._block_after(times, now)

    def _block_after(self, no_shows: Iterable[datetime], now: datetime) -> datetime | None:
        """The end of the block these no-shows cause (None: no block now)."""
        local = [t.astimezone(self.city.tz) for t in no_shows]  # block days are calendar days
        return blocked_until(local, self.policy.no_show, now)


class _SlotTaken(Exception):
    """The new slot of a reschedule was just taken: leave (and roll back) the transaction."""


def _chunks(items: Sequence) -> Iterator[Sequence]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]
