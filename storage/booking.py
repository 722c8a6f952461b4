"""The booking service: every change is one transaction, every answer a typed outcome.

Capacity and limits are guarded by the database (see `storage.models`); the checks here only
choose what to try and explain a refusal. A seat is claimed inside a savepoint: if a concurrent
transaction won it, the savepoint is rolled back and another free seat of the slot is tried, so
a slot is only reported taken when it really is full.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from office.booking import (
    ACTIVE,
    MAX_HOUSEHOLD,
    Appointment,
    Blocked,
    Booked,
    BookOutcome,
    Cancelled,
    CancelOutcome,
    Confirmed,
    ConfirmOutcome,
    Contact,
    Held,
    HoldOutcome,
    InvalidContact,
    LimitReached,
    NoShowMarked,
    NoShowOutcome,
    NotActive,
    NotFound,
    Rescheduled,
    RescheduleOutcome,
    SlotTaken,
    Status,
    blocked_until,
    check_slot,
    clean_name,
    new_code,
    normalize_contact,
)
from office.city import City, Service
from office.slots import Slot, SlotGrid
from storage.db import Database
from storage.models import (
    Account,
    AppointmentRow,
    AuditRow,
    Callback,
    Conversation,
    Hold,
    NoShow,
    OutboxRow,
    Person,
    Seat,
)
from storage.upsert import insert_missing

ALTERNATIVES = 3  # free slots offered when the chosen one was just taken
CITIZEN = "citizen"  # how citizens appear in the audit log: never by name, contact or account
_ACTIVE = tuple(s.value for s in ACTIVE)
# The two limits: (who, their number among active appointments), each under a unique index.
_BY_PERSON = (AppointmentRow.person_key, AppointmentRow.person_slot)
_BY_SENDER = (AppointmentRow.sender, AppointmentRow.account_slot)


class _Abort(Exception):
    """Leaves a write transaction (rolling it back) with the outcome to return."""

    def __init__(self, outcome: object):
        self.outcome = outcome


@dataclass(frozen=True)
class PurgeReport:
    appointments_anonymised: int
    persons_deleted: int
    rows_deleted: int  # seats, holds, no-shows, conversations, callbacks, outbox rows


class BookingService:
    """Bookings of one city. Every method takes `now` (aware); nothing reads the clock."""

    def __init__(self, db: Database, city: City, rand: random.Random | None = None):
        self.db = db
        self.city = city
        self.policy = city.booking
        self.grid = SlotGrid(city.schedule, city.booking)
        self.rand = rand or random.SystemRandom()

    # Free slots

    def free_slots(
        self,
        service_id: str,
        now: datetime,
        day: date | None = None,
        limit: int = 10,
        household_size: int = 1,
        after: datetime | None = None,
    ) -> list[Slot]:
        """The first `limit` bookable slots (on `day`, or from `after`, or from the cutoff)."""
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= MAX_HOUSEHOLD:
            return []
        spans = self.grid.spans(now, self._minutes(service, household_size), day, day)
        if after is not None:
            spans = [s for s in spans if s[0] >= after]
        return [self.grid.slot(s) for s in self._free_spans(spans, now, limit)]

    def free_days(
        self, service_id: str, now: datetime, limit: int = 10, household_size: int = 1
    ) -> list[date]:
        """The first `limit` days with at least one bookable slot."""
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= MAX_HOUSEHOLD:
            return []
        spans = self.grid.spans(now, self._minutes(service, household_size))
        days: list[date] = []
        for span in self._free_spans(spans, now, None):
            d = span[0].date()
            if not days or days[-1] != d:
                days.append(d)
                if len(days) == limit:
                    break
        return days

    def _free_spans(
        self, spans: list[tuple[datetime, ...]], now: datetime, limit: int | None
    ) -> list[tuple[datetime, ...]]:
        if not spans:
            return []
        with self.db.read() as s:
            taken = self._occupied(s, spans[0][0], spans[-1][-1], now)
        free = [span for span in spans if self._free_seats(taken, span)]
        return free if limit is None else free[:limit]

    # Hold, book

    def hold(
        self,
        service_id: str,
        slot_start: datetime,
        holder: str,
        now: datetime,
        household_size: int = 1,
    ) -> HoldOutcome:
        """Keep a seat for `holder` for hold_minutes; their earlier hold is released."""
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= MAX_HOUSEHOLD:
            return NotFound()
        span = check_slot(self.grid, slot_start, self._minutes(service, household_size), now)
        if not isinstance(span, tuple):
            return span
        expires = now + timedelta(minutes=self.policy.hold_minutes)
        hold_id = secrets.token_urlsafe(16)
        try:
            with self.db.write() as s:
                persons = self._persons_of_sender(s, holder)
                until = self._blocked_until(s, persons, now)
                if until:
                    raise _Abort(Blocked(until))
                self._release_past(s, now, _BY_SENDER, holder)
                if self._free_number(s, _BY_SENDER, holder) is None:
                    raise _Abort(LimitReached(self._existing(s, _BY_SENDER, holder)))
                self._drop_holds(s, holder)
                s.add(
                    Hold(
                        id=hold_id,
                        holder=holder,
                        service_id=service.id,
                        slot_start=span[0],
                        slot_end=self.grid.slot(span).end,
                        household_size=household_size,
                        created_at=now,
                        expires_at=expires,
                    )
                )
                s.flush()
                if self._claim(s, span, now, {"hold_id": hold_id, "expires_at": expires}) is None:
                    raise _Abort(None)
        except _Abort as abort:
            return abort.outcome or self._taken(service, household_size, span, now)
        slot = self.grid.slot(span)
        return Held(hold_id, service.id, slot.start, slot.end, expires, household_size)

    def release_hold(self, holder: str) -> None:
        """Give back the holder's seat (the citizen left the booking form)."""
        with self.db.write() as s:
            self._drop_holds(s, holder)

    def book(
        self,
        slot: Held | datetime,
        service_id: str,
        name: str,
        *,
        email: str | None = None,
        phone: str | None = None,
        sender: str | None,
        lang: str = "de",
        now: datetime,
        household_size: int = 1,
        hold_id: str | None = None,
    ) -> BookOutcome:
        """Book `slot` (a Held, or a slot start with an optional `hold_id`) for one person.

        A valid hold turns into the appointment's seat; without one (or after it expired and
        its seat was given away) a free seat of the slot is claimed.
        """
        if isinstance(slot, Held):
            slot, hold_id, household_size = slot.start, slot.hold_id, slot.household_size
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= MAX_HOUSEHOLD:
            return NotFound()
        clean = clean_name(name)
        if clean is None:
            return InvalidContact("name")
        contact = normalize_contact(email, phone)
        if isinstance(contact, InvalidContact):
            return contact
        minutes = self._minutes(service, household_size)
        held_span = self._valid_hold(hold_id, sender, service.id, slot, household_size, now)
        span = held_span or check_slot(self.grid, slot, minutes, now)
        if not isinstance(span, tuple):
            return span
        try:
            with self.db.write() as s:
                row = self._book(
                    s, service, span, household_size, clean, contact, sender, lang, now
                )
                owner = {"appointment_id": row.id, "hold_id": None, "expires_at": None}
                moved = 0
                if held_span and hold_id:
                    moved = s.execute(
                        update(Seat).where(Seat.hold_id == hold_id).values(**owner)
                    ).rowcount
                if moved != len(span):
                    s.execute(delete(Seat).where(Seat.appointment_id == row.id))
                    seat = self._claim(s, span, now, owner)
                    if seat is None:
                        raise _Abort(None)
                    row.seat = seat
                else:
                    row.seat = s.scalar(select(Seat.seat).where(Seat.appointment_id == row.id))
                if hold_id and sender:
                    self._drop_holds(s, sender)
                self._audit(s, now, CITIZEN, "book", row.code)
                appointment = self._view(row, contact)
        except _Abort as abort:
            return abort.outcome or self._taken(service, household_size, span, now)
        return Booked(appointment)

    def _book(
        self,
        s: Session,
        service: Service,
        span: tuple[datetime, ...],
        household_size: int,
        name: str,
        contact: Contact,
        sender: str | None,
        lang: str,
        now: datetime,
    ) -> AppointmentRow:
        """The appointment row, in the caller's transaction; aborts with Blocked/LimitReached."""
        person = self._person(s, contact, name, lang, now)
        if sender:
            account = {"person_id": person.id, "sender": sender, "channel": _channel(sender)}
            insert_missing(s, Account, {**account, "created_at": now}, ["person_id", "sender"])
        until = self._blocked_until(s, {person.id} | self._persons_of_sender(s, sender), now)
        if until:
            raise _Abort(Blocked(until))
        self._release_past(s, now, _BY_PERSON, contact.key)
        self._release_past(s, now, _BY_SENDER, sender)
        for _attempt in range(5):
            person_slot = self._free_number(s, _BY_PERSON, contact.key)
            if person_slot is None:
                raise _Abort(LimitReached(self._existing(s, _BY_PERSON, contact.key)))
            account_slot = None
            if sender:
                account_slot = self._free_number(s, _BY_SENDER, sender)
                if account_slot is None:
                    raise _Abort(LimitReached(self._existing(s, _BY_SENDER, sender)))
            row = AppointmentRow(
                code=new_code(self.policy.code_prefix, self.rand),
                cancel_token=secrets.token_urlsafe(32),
                service_id=service.id,
                slot_start=span[0],
                slot_end=self.grid.slot(span).end,
                seat=0,
                household_size=household_size,
                status=Status.BOOKED.value,
                person_id=person.id,
                person_key=contact.key,
                person_slot=person_slot,
                sender=sender,
                account_slot=account_slot,
                channel=_channel(sender) if sender else None,
                name=name,
                language=lang,
                created_at=now,
                updated_at=now,
            )
            try:
                with s.begin_nested():
                    s.add(row)
            except IntegrityError:
                continue  # a concurrent booking of this person won (or a code collided): recount
            return row
        raise _Abort(LimitReached(self._existing(s, _BY_PERSON, contact.key)))

    # Changes to an appointment

    def cancel(
        self,
        code: str,
        actor: str,
        now: datetime,
        by_person: str | None = None,
        reason: str | None = None,
    ) -> CancelOutcome:
        """Cancel; `by_person` (the citizen's sender or person key) must own it, else staff."""
        with self.db.write() as s:
            row = self._locked(s, code, by_person)
            if row is None:
                return NotFound()
            if not self._changeable(row, now):
                return NotActive(self._load_view(s, row))
            self._cancel(s, row, actor, now, by_person is not None, reason)
            return Cancelled(self._load_view(s, row))

    def cancel_by_token(self, token: str, now: datetime) -> CancelOutcome:
        """The e-mail link's POST: the token proves ownership."""
        with self.db.write() as s:
            row = s.scalars(
                select(AppointmentRow).where(AppointmentRow.cancel_token == token).with_for_update()
            ).first()
            if row is None:
                return NotFound()
            if not self._changeable(row, now):
                return NotActive(self._load_view(s, row))
            self._cancel(s, row, CITIZEN, now, True, None)
            return Cancelled(self._load_view(s, row))

    def _cancel(
        self,
        s: Session,
        row: AppointmentRow,
        actor: str,
        now: datetime,
        by_citizen: bool,
        reason: str | None,
    ) -> None:
        row.status = (
            Status.CANCELLED_BY_CITIZEN if by_citizen else Status.CANCELLED_BY_OFFICE
        ).value
        row.cancelled_at = row.updated_at = now
        row.cancel_reason = reason or ("citizen" if by_citizen else "office")
        row.person_slot = row.account_slot = None
        s.execute(delete(Seat).where(Seat.appointment_id == row.id))
        self._audit(s, now, CITIZEN if by_citizen else actor, "cancel", row.code, row.cancel_reason)

    def reschedule(
        self,
        code: str,
        new_slot: datetime,
        actor: str,
        now: datetime,
        by_person: str | None = None,
    ) -> RescheduleOutcome:
        """Move to `new_slot` in one transaction: the new seat is taken before the old is freed."""
        try:
            with self.db.write() as s:
                row = self._locked(s, code, by_person)
                service = self.city.service(row.service_id) if row else None
                if row is None or service is None:
                    return NotFound()
                if not self._changeable(row, now):
                    return NotActive(self._load_view(s, row))
                household_size = row.household_size
                span = check_slot(self.grid, new_slot, self._minutes(service, household_size), now)
                if not isinstance(span, tuple):
                    return span
                previous = Slot(
                    *(t.astimezone(self.city.tz) for t in (row.slot_start, row.slot_end))
                )
                own = {
                    (r.slot_start, r.seat): r.id
                    for r in s.scalars(select(Seat).where(Seat.appointment_id == row.id))
                }
                seat = self._claim(s, span, now, {"appointment_id": row.id}, own, prefer=row.seat)
                if seat is None:
                    raise _Abort(None)
                keep = {(t.astimezone(UTC), seat) for t in span}
                stale = [seat_id for key, seat_id in own.items() if key not in keep]
                s.execute(delete(Seat).where(Seat.id.in_(stale)))
                row.slot_start, row.slot_end, row.seat = span[0], self.grid.slot(span).end, seat
                row.status = Status.BOOKED.value
                row.confirmed_at = row.reminded_at = None
                row.updated_at = now
                self._audit(s, now, CITIZEN if by_person else actor, "reschedule", row.code)
                return Rescheduled(self._load_view(s, row), previous)
        except _Abort:
            return self._taken(service, household_size, span, now)

    def confirm(self, code: str, now: datetime, by_person: str | None = None) -> ConfirmOutcome:
        """The citizen confirms they will come (the reconfirmation before the appointment)."""
        with self.db.write() as s:
            row = self._locked(s, code, by_person)
            if row is None:
                return NotFound()
            if not self._changeable(row, now):
                return NotActive(self._load_view(s, row))
            if row.status != Status.CONFIRMED:
                row.status = Status.CONFIRMED.value
                row.confirmed_at = row.updated_at = now
                self._audit(s, now, CITIZEN, "confirm", row.code)
            return Confirmed(self._load_view(s, row))

    def mark_no_show(self, code: str, actor: str, now: datetime) -> NoShowOutcome:
        """Staff: the citizen did not come. Enough no-shows block online booking for a while."""
        with self.db.write() as s:
            row = self._locked(s, code, None)
            if row is None:
                return NotFound()
            if row.status not in _ACTIVE or row.slot_start > now:
                return NotActive(self._load_view(s, row))
            row.status = Status.NO_SHOW.value
            row.updated_at = now
            row.person_slot = row.account_slot = None
            until = None
            if row.person_id is not None:
                s.add(NoShow(person_id=row.person_id, appointment_code=row.code, at=row.slot_start))
                s.flush()
                until = self._blocked_until(s, {row.person_id}, now)
            self._audit(s, now, actor, "no_show", row.code)
            return NoShowMarked(self._load_view(s, row), until)

    # Queries

    def appointment(self, code: str, by_person: str | None = None) -> Appointment | None:
        """One appointment by code; with `by_person`, only if it is theirs."""
        with self.db.read() as s:
            row = s.scalars(select(AppointmentRow).where(AppointmentRow.code == code)).first()
            if row is None or (by_person is not None and not self._owns(s, row, by_person)):
                return None
            return self._load_view(s, row)

    def appointment_by_token(self, token: str) -> Appointment | None:
        """For the cancel link's confirmation page (GET shows, POST cancels)."""
        with self.db.read() as s:
            row = s.scalars(
                select(AppointmentRow).where(AppointmentRow.cancel_token == token)
            ).first()
            return self._load_view(s, row) if row else None

    def cancel_token(self, code: str) -> str | None:
        """The secret for the e-mail cancel link of `code`."""
        with self.db.read() as s:
            return s.scalar(select(AppointmentRow.cancel_token).where(AppointmentRow.code == code))

    def appointments_of(
        self, who: str, now: datetime, include_past: bool = False
    ) -> list[Appointment]:
        """A citizen's active appointments, soonest first; `who` is a sender or a person key.

        A sender sees the appointments booked from it and those of every person who booked
        from it (the same e-mail from two chats is one person).
        """
        with self.db.read() as s:
            persons = self._persons_of_sender(s, who) | set(
                s.scalars(select(Person.id).where(Person.key == who))
            )
            query = select(AppointmentRow, Person).outerjoin(
                Person, Person.id == AppointmentRow.person_id
            )
            query = query.where(
                or_(AppointmentRow.sender == who, AppointmentRow.person_id.in_(persons))
            )
            if not include_past:
                query = query.where(
                    AppointmentRow.status.in_(_ACTIVE), AppointmentRow.slot_end > now
                )
            rows = s.execute(query.order_by(AppointmentRow.slot_start)).all()
            return [self._view(row, person) for row, person in rows]

    def day_list(self, day: date, include_cancelled: bool = False) -> list[Appointment]:
        """Staff: the day's appointments by time and seat, with names and contacts."""
        lo, hi = self.grid.day_bounds(day)
        with self.db.read() as s:
            query = (
                select(AppointmentRow, Person)
                .outerjoin(Person, Person.id == AppointmentRow.person_id)
                .where(AppointmentRow.slot_start >= lo, AppointmentRow.slot_start < hi)
            )
            if not include_cancelled:
                query = query.where(~AppointmentRow.status.like("cancelled%"))
            rows = s.execute(query.order_by(AppointmentRow.slot_start, AppointmentRow.seat)).all()
            return [self._view(row, person) for row, person in rows]

    # Retention

    def purge(self, now: datetime) -> PurgeReport:
        """Remove personal data older than retention_days; persons with nothing left go too.

        No-show records stay as long as the no-show rule looks back, and so do their persons.
        """
        cutoff = now - timedelta(days=self.policy.retention_days)
        no_show_cutoff = now - timedelta(days=self.policy.no_show.within_days)
        with self.db.write() as s:
            anonymised = s.execute(
                update(AppointmentRow)
                .where(AppointmentRow.slot_end < cutoff, AppointmentRow.person_key.is_not(None))
                .values(
                    person_id=None,
                    person_key=None,
                    person_slot=None,
                    sender=None,
                    account_slot=None,
                    name=None,
                    cancel_token=None,
                )
            ).rowcount
            deleted = 0
            for statement in (
                delete(Seat).where(Seat.slot_start < cutoff),
                delete(Seat).where(Seat.expires_at < now),
                delete(Hold).where(Hold.expires_at < now),
                delete(NoShow).where(NoShow.at < no_show_cutoff),
                delete(Conversation).where(Conversation.updated_at < cutoff),
                delete(Callback).where(Callback.created_at < cutoff),
                delete(OutboxRow).where(
                    OutboxRow.updated_at < cutoff, OutboxRow.state.not_in(("queued", "sending"))
                ),
            ):
                deleted += s.execute(statement).rowcount
            persons = s.execute(
                delete(Person).where(
                    ~exists().where(AppointmentRow.person_id == Person.id),
                    ~exists().where(NoShow.person_id == Person.id),
                    ~exists().where(
                        OutboxRow.person_id == Person.id, OutboxRow.state.in_(("queued", "sending"))
                    ),
                )
            ).rowcount
            s.execute(delete(Account).where(~exists().where(Person.id == Account.person_id)))
            self._audit(s, now, "system", "purge", None, f"{anonymised} appointments")
        return PurgeReport(anonymised, persons, deleted)

    # Helpers (inside a transaction)

    def _minutes(self, service: Service, household_size: int) -> int:
        return service.minutes * household_size

    def _occupied(
        self, s: Session, lo: datetime, hi: datetime, now: datetime
    ) -> dict[datetime, set[int]]:
        taken: dict[datetime, set[int]] = defaultdict(set)
        rows = s.execute(
            select(Seat.slot_start, Seat.seat).where(
                Seat.slot_start >= lo,
                Seat.slot_start <= hi,
                or_(Seat.expires_at.is_(None), Seat.expires_at > now),
            )
        )
        for start, seat in rows:
            taken[start].add(seat)
        return taken

    def _free_seats(self, taken: dict[datetime, set[int]], span: Iterable[datetime]) -> list[int]:
        used = set().union(*(taken.get(t, set()) for t in span))
        return [c for c in range(1, self.policy.counters + 1) if c not in used]

    def _claim(
        self,
        s: Session,
        span: tuple[datetime, ...],
        now: datetime,
        owner: dict,
        own: dict[tuple[datetime, int], int] | None = None,
        prefer: int | None = None,
    ) -> int | None:
        """Take one seat in every slot of `span` (the same counter throughout); None if full.

        `own` are seat rows the appointment already has (a reschedule): they count as free.
        """
        own = own or {}
        keys = [t.astimezone(UTC) for t in span]
        for _attempt in range(3 * self.policy.counters):
            taken = self._occupied(s, keys[0], keys[-1], now)
            for t, seat in own:
                taken[t].discard(seat)
            free = self._free_seats(taken, keys)
            if not free:
                return None
            seat = prefer if prefer in free else self.rand.choice(free)
            rows = [{"slot_start": t, "seat": seat, **owner} for t in keys if (t, seat) not in own]
            try:
                with s.begin_nested():
                    s.execute(
                        delete(Seat).where(
                            Seat.slot_start.in_(keys), Seat.seat == seat, Seat.expires_at <= now
                        )
                    )
                    if rows:
                        s.execute(Seat.__table__.insert(), rows)
            except IntegrityError:
                prefer = None
                continue  # a concurrent transaction won this seat: look again
            return seat
        return None

    def _taken(
        self, service: Service, household_size: int, span: tuple[datetime, ...], now: datetime
    ) -> SlotTaken:
        found = self.free_slots(
            service.id, now, limit=ALTERNATIVES, household_size=household_size, after=span[0]
        ) or self.free_slots(service.id, now, limit=ALTERNATIVES, household_size=household_size)
        return SlotTaken(tuple(found))

    def _valid_hold(
        self,
        hold_id: str | None,
        sender: str | None,
        service_id: str,
        start: datetime,
        household_size: int,
        now: datetime,
    ) -> tuple[datetime, ...] | None:
        """The held span if `hold_id` is the sender's live hold for exactly this booking."""
        if not hold_id or not sender:
            return None
        with self.db.read() as s:
            hold = s.get(Hold, hold_id)
        if (
            hold is None
            or hold.holder != sender
            or hold.service_id != service_id
            or hold.slot_start != start
            or hold.household_size != household_size
            or hold.expires_at <= now
        ):
            return None
        service = self.city.service(service_id)
        return self.grid.span(start, self._minutes(service, household_size)) if service else None

    def _drop_holds(self, s: Session, holder: str) -> None:
        ids = select(Hold.id).where(Hold.holder == holder)
        s.execute(delete(Seat).where(Seat.hold_id.in_(ids)))
        s.execute(delete(Hold).where(Hold.holder == holder))

    def _person(self, s: Session, contact: Contact, name: str, lang: str, now: datetime) -> Person:
        new = {"key": contact.key, "language": lang, "created_at": now, "updated_at": now}
        insert_missing(s, Person, new, ["key"])
        person = s.scalars(select(Person).where(Person.key == contact.key).with_for_update()).one()
        person.name, person.language, person.updated_at = name, lang, now
        person.email = contact.email or person.email
        person.phone = contact.phone or person.phone
        return person

    def _persons_of_sender(self, s: Session, sender: str | None) -> set[int]:
        if not sender:
            return set()
        return set(s.scalars(select(Account.person_id).where(Account.sender == sender)))

    def _blocked_until(self, s: Session, persons: set[int], now: datetime) -> datetime | None:
        if not persons:
            return None
        times = s.scalars(select(NoShow.at).where(NoShow.person_id.in_(persons)))
        local = [t.astimezone(self.city.tz) for t in times]  # block days are calendar days
        return blocked_until(local, self.policy.no_show, now)

    def _release_past(self, s: Session, now: datetime, by: tuple, value: str | None) -> None:
        """An appointment whose time is over no longer counts against the limit."""
        column, number = by
        if value:
            s.execute(
                update(AppointmentRow)
                .where(column == value, number.is_not(None), AppointmentRow.slot_end <= now)
                .values({number.key: None})
            )

    def _active(self, by: tuple, value: str):
        column, number = by
        return (column == value, AppointmentRow.status.in_(_ACTIVE), number.is_not(None))

    def _free_number(self, s: Session, by: tuple, value: str) -> int | None:
        """The lowest unused number 1..max_active_per_person among the active appointments."""
        used = set(s.scalars(select(by[1]).where(*self._active(by, value))))
        limit = self.policy.max_active_per_person
        return next((n for n in range(1, limit + 1) if n not in used), None)

    def _existing(self, s: Session, by: tuple, value: str) -> Appointment:
        query = select(AppointmentRow).where(*self._active(by, value))
        return self._load_view(s, s.scalars(query.order_by(AppointmentRow.slot_start)).first())

    def _locked(self, s: Session, code: str, by_person: str | None) -> AppointmentRow | None:
        row = s.scalars(
            select(AppointmentRow).where(AppointmentRow.code == code).with_for_update()
        ).first()
        if row is None or (by_person is not None and not self._owns(s, row, by_person)):
            return None
        return row

    def _owns(self, s: Session, row: AppointmentRow, who: str) -> bool:
        if who in (row.sender, row.person_key):
            return True
        return row.person_id is not None and row.person_id in self._persons_of_sender(s, who)

    def _changeable(self, row: AppointmentRow, now: datetime) -> bool:
        return row.status in _ACTIVE and row.slot_start > now

    def _audit(
        self,
        s: Session,
        now: datetime,
        actor: str,
        action: str,
        code: str | None,
        detail: str | None = None,
    ) -> None:
        s.add(AuditRow(at=now, actor=actor, action=action, appointment_code=code, detail=detail))

    def _load_view(self, s: Session, row: AppointmentRow) -> Appointment:
        return self._view(row, s.get(Person, row.person_id) if row.person_id else None)

    def _view(self, row: AppointmentRow, person: Person | Contact | None) -> Appointment:
        tz = self.city.tz
        return Appointment(
            code=row.code,
            service_id=row.service_id,
            start=row.slot_start.astimezone(tz),
            end=row.slot_end.astimezone(tz),
            seat=row.seat,
            status=Status(row.status),
            household_size=row.household_size,
            language=row.language,
            channel=row.channel,
            name=row.name,
            email=person.email if person else None,
            phone=person.phone if person else None,
            cancel_reason=row.cancel_reason,
        )


def _channel(sender: str) -> str:
    return sender.split(":", 1)[0] if ":" in sender else "unknown"
