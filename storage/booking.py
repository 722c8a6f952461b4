"""The booking service: every change is one transaction, every answer a typed outcome.

Capacity and limits are guarded by the database (see `storage.models`); the code here only
chooses what to try and explains a refusal. Booking is the hot path under a rush: a first look
outside any transaction turns away requests for a visibly full slot, and the transaction itself
runs a handful of prebuilt Core statements, none of which can abort it (conflicts come back as
"no row" from ON CONFLICT DO NOTHING, and the next seat or number is tried).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from office import senders
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
    Held,
    HoldOutcome,
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
)
from office.city import City, Service
from office.contacts import Contact, InvalidContact, normalize_contact
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
from storage.seats import SeatLedger, Taken
from storage.upsert import dialect_insert

ALTERNATIVES = 3  # free slots offered when the chosen one was just taken
CITIZEN = "citizen"  # how citizens appear in the audit log: never by name, contact or account
_ACTIVE = tuple(s.value for s in ACTIVE)
Span = tuple[datetime, ...]


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
        dialect = db.engine.dialect.name
        self.seats = SeatLedger(dialect, self.policy.counters, self.rand)
        person = dialect_insert(dialect, Person)
        self._upsert_person = person.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "name": person.excluded.name,
                "language": person.excluded.language,
                "updated_at": person.excluded.updated_at,
                "email": func.coalesce(person.excluded.email, Person.email),
                "phone": func.coalesce(person.excluded.phone, Person.phone),
            },
        ).returning(Person.id)
        self._add_account = dialect_insert(dialect, Account).on_conflict_do_nothing()
        self._insert_appointment = (
            dialect_insert(dialect, AppointmentRow)
            .on_conflict_do_nothing()
            .returning(AppointmentRow.id)
        )
        accounts = select(Account.person_id).where(Account.sender == bindparam("sender"))
        mine = (  # a sender's appointments and those of every person who booked from it
            select(*AppointmentRow.__table__.c, Person.email, Person.phone)
            .outerjoin(Person, Person.id == AppointmentRow.person_id)
            .where(
                or_(
                    AppointmentRow.sender == bindparam("sender"),
                    AppointmentRow.person_id.in_(accounts),
                    Person.key == bindparam("sender"),
                )
            )
            .order_by(AppointmentRow.slot_start)
        )
        self._all_of = mine
        self._active_of = mine.where(
            AppointmentRow.status.in_(_ACTIVE), AppointmentRow.slot_end > bindparam("now")
        )
        self._no_shows = select(NoShow.at).where(
            or_(NoShow.person_id == bindparam("person_id"), NoShow.person_id.in_(accounts))
        )
        self._numbered = select(
            AppointmentRow.id,
            AppointmentRow.person_key,
            AppointmentRow.person_slot,
            AppointmentRow.sender,
            AppointmentRow.account_slot,
            AppointmentRow.slot_end,
        ).where(
            AppointmentRow.status.in_(_ACTIVE),
            or_(
                and_(
                    AppointmentRow.person_key == bindparam("key"),
                    AppointmentRow.person_slot.is_not(None),
                ),
                and_(
                    AppointmentRow.sender == bindparam("sender"),
                    AppointmentRow.account_slot.is_not(None),
                ),
            ),
        )

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

    def _free_spans(self, spans: list[Span], now: datetime, limit: int | None) -> list[Span]:
        if not spans:
            return []
        with self.db.engine.connect() as c:
            taken, _ = self.seats.occupied(c, spans[0][0], spans[-1][-1], now)
        return self._pick_free(taken, spans, limit)

    def _pick_free(self, taken: Taken, spans: list[Span], limit: int | None) -> list[Span]:
        free = []
        for span in spans:
            if self.seats.free(taken, span):
                free.append(span)
                if len(free) == limit:
                    break
        return free

    def _first_look(
        self, service: Service, household_size: int, span: Span, now: datetime
    ) -> list[int] | SlotTaken:
        """The seats of `span` free right now, or SlotTaken with alternatives, from one read."""
        later = [
            x
            for x in self.grid.spans(now, self._minutes(service, household_size))
            if x[0] > span[0]
        ]
        with self.db.engine.connect() as c:
            taken, _ = self.seats.occupied(c, span[0], later[-1][-1] if later else span[-1], now)
        free = self.seats.free(taken, span)
        if free:
            return free
        found = self._pick_free(taken, later, ALTERNATIVES)
        if not found:
            return self._taken(service, household_size, span, now)
        return SlotTaken(tuple(self.grid.slot(x) for x in found))

    def _taken(self, service: Service, household_size: int, span: Span, now: datetime) -> SlotTaken:
        found = self.free_slots(
            service.id, now, limit=ALTERNATIVES, household_size=household_size, after=span[0]
        ) or self.free_slots(service.id, now, limit=ALTERNATIVES, household_size=household_size)
        return SlotTaken(tuple(found))

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
                c = s.connection()
                until = self._blocked_until(c, now, None, holder)
                if until:
                    raise _Abort(Blocked(until))
                self._numbers(s, now, None, holder)  # a chat at its limit holds nothing
                self._drop_holds(c, holder)
                hold = {
                    "id": hold_id,
                    "holder": holder,
                    "service_id": service.id,
                    "slot_start": span[0],
                    "slot_end": self.grid.slot(span).end,
                    "household_size": household_size,
                    "created_at": now,
                    "expires_at": expires,
                }
                c.execute(insert(Hold), hold)
                owner = {"appointment_id": None, "hold_id": hold_id, "expires_at": expires}
                if self.seats.claim(c, span, now, owner) is None:
                    raise _Abort(None)
        except _Abort as abort:
            return abort.outcome or self._taken(service, household_size, span, now)
        slot = self.grid.slot(span)
        return Held(hold_id, service.id, slot.start, slot.end, expires, household_size)

    def release_hold(self, holder: str) -> None:
        """Give back the holder's seat (the citizen left the booking form)."""
        with self.db.write() as s:
            self._drop_holds(s.connection(), holder)

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
        held = self._valid_hold(hold_id, sender, service.id, slot, household_size, now)
        span = held or check_slot(self.grid, slot, self._minutes(service, household_size), now)
        if not isinstance(span, tuple):
            return span
        guess = None
        if not held:
            free = self._first_look(service, household_size, span, now)
            if isinstance(free, SlotTaken):
                return free  # visibly full: no write transaction needed to say so
            guess = self.rand.choice(free)
        row = {
            "service_id": service.id,
            "slot_start": span[0],
            "slot_end": self.grid.slot(span).end,
            "seat": guess or 0,
            "household_size": household_size,
            "status": Status.BOOKED.value,
            "person_key": contact.key,
            "sender": sender,
            "channel": _channel(sender) if sender else None,
            "name": clean,
            "language": lang,
            "created_at": now,
            "updated_at": now,
        }
        try:
            with self.db.write() as s:
                self._insert_booking(s, row, contact, now)
                c = s.connection()
                owner = {"appointment_id": row["id"], "hold_id": None, "expires_at": None}
                seat = None
                if held and hold_id:
                    seat = self._take_over_hold(c, hold_id, owner, len(span))
                if seat is None:
                    seat = self.seats.claim(c, span, now, owner, prefer=guess)
                    if seat is None:
                        raise _Abort(None)
                if seat != row["seat"]:
                    c.execute(
                        update(AppointmentRow)
                        .where(AppointmentRow.id == row["id"])
                        .values(seat=seat)
                    )
                    row["seat"] = seat
                if hold_id and sender:
                    self._drop_holds(c, sender)
                self._audit(c, now, CITIZEN, "book", row["code"])
        except _Abort as abort:
            return abort.outcome or self._taken(service, household_size, span, now)
        return Booked(self._view(AppointmentRow(**row), contact))

    def _insert_booking(self, s: Session, row: dict, contact: Contact, now: datetime) -> None:
        """Person, account and appointment row (id and code filled into `row`), or _Abort."""
        c = s.connection()
        sender = row["sender"]
        person_id = c.scalar(
            self._upsert_person,
            {
                "key": contact.key,
                "name": row["name"],
                "email": contact.email,
                "phone": contact.phone,
                "language": row["language"],
                "created_at": now,
                "updated_at": now,
            },
        )
        if sender:
            c.execute(
                self._add_account,
                {
                    "person_id": person_id,
                    "sender": sender,
                    "channel": row["channel"],
                    "created_at": now,
                },
            )
        until = self._blocked_until(c, now, person_id, sender)
        if until:
            raise _Abort(Blocked(until))
        for _attempt in range(5):
            person_slot, account_slot = self._numbers(s, now, contact.key, sender)
            row.update(
                code=new_code(self.policy.code_prefix, self.rand),
                cancel_token=secrets.token_urlsafe(32),
                person_id=person_id,
                person_slot=person_slot,
                account_slot=account_slot,
            )
            row.pop("id", None)
            row["id"] = c.scalar(self._insert_appointment, row)
            if row["id"] is not None:
                return
            # a concurrent booking of this person took the number (or a code collided): recount
        raise _Abort(LimitReached(self._limit_view(s, now, contact.key, sender)))

    def _numbers(
        self, s: Session, now: datetime, key: str | None, sender: str | None
    ) -> tuple[int | None, int | None]:
        """Free numbers 1..max_active_per_person for the person and the account, or _Abort.

        Numbers still held by appointments whose time is over are released (set to NULL)
        when needed: those no longer count against the limit.
        """
        c = s.connection()
        rows = c.execute(self._numbered, {"key": key, "sender": sender}).all()
        limit = self.policy.max_active_per_person
        found: list[int | None] = []
        for value, column, number in (
            (key, AppointmentRow.person_key, AppointmentRow.person_slot),
            (sender, AppointmentRow.sender, AppointmentRow.account_slot),
        ):
            if not value:
                found.append(None)
                continue
            held = {
                getattr(r, number.key): r.slot_end > now
                for r in rows
                if getattr(r, column.key) == value and getattr(r, number.key) is not None
            }
            if sum(held.values()) >= limit:
                raise _Abort(LimitReached(self._limit_view(s, now, key, sender)))
            free = [n for n in range(1, limit + 1) if n not in held]
            if not free:
                c.execute(
                    update(AppointmentRow)
                    .where(column == value, number.is_not(None), AppointmentRow.slot_end <= now)
                    .values({number.key: None})
                )
                free = [n for n in range(1, limit + 1) if not held.get(n)]
            found.append(free[0])
        return found[0], found[1]

    def _limit_view(
        self, s: Session, now: datetime, key: str | None, sender: str | None
    ) -> Appointment:
        """The soonest active appointment counting against the person's or account's limit."""
        whose = []
        if key:
            whose.append(
                and_(AppointmentRow.person_key == key, AppointmentRow.person_slot.is_not(None))
            )
        if sender:
            whose.append(
                and_(AppointmentRow.sender == sender, AppointmentRow.account_slot.is_not(None))
            )
        row = s.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.status.in_(_ACTIVE), AppointmentRow.slot_end > now, or_(*whose))
            .order_by(AppointmentRow.slot_start)
        ).first()
        return self._load_view(s, row)

    def _take_over_hold(self, c: Connection, hold_id: str, owner: dict, n: int) -> int | None:
        """Move the hold's seat rows to the appointment; the seat, or None if they were lost."""
        seats = (
            c.execute(
                update(Seat).where(Seat.hold_id == hold_id).values(**owner).returning(Seat.seat)
            )
            .scalars()
            .all()
        )
        if len(seats) == n:
            return seats[0]
        c.execute(delete(Seat).where(Seat.appointment_id == owner["appointment_id"]))
        return None

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
            row = self._changeable(s, now, AppointmentRow.code == code, by_person)
            if not isinstance(row, AppointmentRow):
                return row
            self._cancel(s, row, actor, now, by_person is not None, reason)
            return Cancelled(self._load_view(s, row))

    def cancel_by_token(self, token: str, now: datetime) -> CancelOutcome:
        """The e-mail link's POST: the token proves ownership."""
        with self.db.write() as s:
            row = self._changeable(s, now, AppointmentRow.cancel_token == token)
            if not isinstance(row, AppointmentRow):
                return row
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
                row = self._changeable(s, now, AppointmentRow.code == code, by_person)
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
                seat = self.seats.claim(c, span, now, owner, own, prefer=row.seat)
                if seat is None:
                    raise _Abort(None)
                keep = {(t.astimezone(UTC), seat) for t in span}
                stale = [seat_id for key, seat_id in own.items() if key not in keep]
                c.execute(delete(Seat).where(Seat.id.in_(stale)))
                row.slot_start, row.slot_end, row.seat = span[0], self.grid.slot(span).end, seat
                row.status = Status.BOOKED.value
                row.confirmed_at = row.reminded_at = None
                row.updated_at = now
                self._audit(c, now, CITIZEN if by_person else actor, "reschedule", row.code)
                return Rescheduled(self._load_view(s, row), previous)
        except _Abort:
            return self._taken(service, household_size, span, now)

    def confirm(self, code: str, now: datetime, by_person: str | None = None) -> ConfirmOutcome:
        """The citizen confirms they will come (the reconfirmation before the appointment)."""
        with self.db.write() as s:
            row = self._changeable(s, now, AppointmentRow.code == code, by_person)
            if not isinstance(row, AppointmentRow):
                return row
            if row.status != Status.CONFIRMED:
                row.status = Status.CONFIRMED.value
                row.confirmed_at = row.updated_at = now
                self._audit(s, now, CITIZEN, "confirm", row.code)
            return Confirmed(self._load_view(s, row))

    def mark_no_show(self, code: str, actor: str, now: datetime) -> NoShowOutcome:
        """Staff: the citizen did not come. Enough no-shows block online booking for a while."""
        with self.db.write() as s:
            row = s.scalars(
                select(AppointmentRow).where(AppointmentRow.code == code).with_for_update()
            ).first()
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
                until = self._blocked_until(s, now, row.person_id, None)
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
        query = self._all_of if include_past else self._active_of
        with self.db.connection() as c:  # asked on every booking turn: one prepared statement
            rows = c.execute(query, {"sender": who, "now": now}).all()
        return [self._view(row, row) for row in rows]

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

    # Helpers

    def _minutes(self, service: Service, household_size: int) -> int:
        return service.minutes * household_size

    def _valid_hold(
        self,
        hold_id: str | None,
        sender: str | None,
        service_id: str,
        start: datetime,
        household_size: int,
        now: datetime,
    ) -> Span | None:
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

    def _drop_holds(self, c: Connection, holder: str) -> None:
        ids = select(Hold.id).where(Hold.holder == holder)
        c.execute(delete(Seat).where(Seat.hold_id.in_(ids)))
        c.execute(delete(Hold).where(Hold.holder == holder))

    def _persons_of_sender(self, s: Session, sender: str) -> set[int]:
        return set(s.scalars(select(Account.person_id).where(Account.sender == sender)))

    def _blocked_until(
        self, c: Connection | Session, now: datetime, person_id: int | None, sender: str | None
    ) -> datetime | None:
        """The end of a no-show block of the person or of anyone who booked from `sender`."""
        times = c.execute(self._no_shows, {"person_id": person_id, "sender": sender}).scalars()
        local = [t.astimezone(self.city.tz) for t in times]  # block days are calendar days
        return blocked_until(local, self.policy.no_show, now)

    def _changeable(
        self, s: Session, now: datetime, which, by_person: str | None = None
    ) -> AppointmentRow | NotFound | NotActive:
        """The appointment locked for a change, if it is `by_person`'s (when given) and ahead."""
        row = s.scalars(select(AppointmentRow).where(which).with_for_update()).first()
        if row is None or (by_person is not None and not self._owns(s, row, by_person)):
            return NotFound()
        if row.status not in _ACTIVE or row.slot_start <= now:
            return NotActive(self._load_view(s, row))
        return row

    def _owns(self, s: Session, row: AppointmentRow, who: str) -> bool:
        if who in (row.sender, row.person_key):
            return True
        return row.person_id is not None and row.person_id in self._persons_of_sender(s, who)

    def _audit(
        self,
        c: Connection | Session,
        now: datetime,
        actor: str,
        action: str,
        code: str | None,
        detail: str | None = None,
    ) -> None:
        values = {"at": now, "actor": actor, "action": action, "appointment_code": code}
        c.execute(insert(AuditRow), {**values, "detail": detail})

    def _load_view(self, s: Session, row: AppointmentRow) -> Appointment:
        return self._view(row, s.get(Person, row.person_id) if row.person_id else None)

    def _view(self, row: AppointmentRow, person: Person | Contact | None) -> Appointment:
        return appointment_view(row, self.city.tz, person)


def appointment_view(row, tz: ZoneInfo, person: Person | Contact | None = None) -> Appointment:
    """An appointment row (an ORM object, or a plain row with its columns) as callers see it."""
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
    return senders.channel_of(sender)
