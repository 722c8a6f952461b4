"""Holds and booking: a seat kept while the citizen types, then the appointment, each one
transaction with a typed outcome; and `BookingService`, the booking service callers hold.

Capacity and limits are guarded by the database (see `storage.models`); the code here only
chooses what to try and explains a refusal. Booking is the hot path under a rush: a first look
outside any transaction turns away requests for a visibly full slot, and the transaction itself
runs a handful of prebuilt Core statements, none of which can abort it (conflicts come back as
"no row" from ON CONFLICT DO NOTHING, and the next seat or number is tried).

The service's other jobs live in their own modules and are combined here, so callers keep one
object: free seats (`storage.availability`), appointment queries (`storage.appointments`),
changes through the life cycle (`storage.lifecycle`) and retention (`storage.retention`).
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from office import senders
from office.booking import (
    Blocked,
    Booked,
    BookOutcome,
    Held,
    HoldOutcome,
    LimitReached,
    NotFound,
    SlotTaken,
    check_slot,
    clean_name,
    new_code,
)
from office.city import City
from office.contacts import Contact, InvalidContact, normalize_contact
from office.elapsed import after
from office.identity import booking_keys, chat_key, over_limit
from office.lifecycle import ACTIVE, Status, Transition
from office.verification import Links
from storage import identities
from storage.availability import Span
from storage.caps import HoldCaps
from storage.db import Database
from storage.lifecycle import CITIZEN, Together
from storage.models import AppointmentRow, Hold, Person, Seat
from storage.proofs import ContactProofs
from storage.retention import PurgeReport, Retention
from storage.upsert import dialect_insert

_ACTIVE = tuple(s.value for s in ACTIVE)
_NUMBERED = select(  # the numbers a person's and an account's active appointments hold
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


class _Abort(Exception):
    """Leaves a write transaction (rolling it back) with the outcome to return."""

    def __init__(self, outcome: object):
        self.outcome = outcome


class BookingService(ContactProofs):
    """Bookings of one city. Every method takes `now` (aware); nothing reads the clock."""

    def __init__(
        self,
        db: Database,
        city: City,
        rand: random.Random | None = None,
        links: Links | None = None,
    ):
        super().__init__(db, city, rand)
        self.links = links or Links()
        self.retention = Retention(db, self.policy, city.retention, self.lifecycle)
        dialect = db.engine.dialect.name
        self.caps = HoldCaps(dialect, self.grid, self.policy)
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
        self._insert_appointment = (
            dialect_insert(dialect, AppointmentRow)
            .on_conflict_do_nothing()
            .returning(AppointmentRow.id)
        )

    def purge(self, now: datetime) -> PurgeReport:
        """Remove personal data past the retention periods (see `storage.retention`)."""
        return self.retention.purge(now)

    def hold(
        self,
        service_id: str,
        slot_start: datetime,
        holder: str,
        now: datetime,
        household_size: int = 1,
        client: str | None = None,
    ) -> HoldOutcome:
        """Keep a seat for `holder` for hold_minutes; their earlier hold is released.

        `client` is the (hashed) client address of a web holder: its seats held or pending at
        once are capped, as is every day's share of held and pending seats (`storage.caps`).
        """
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= self.policy.max_household:
            return NotFound()
        span = check_slot(self.grid, slot_start, self._minutes(service, household_size), now)
        if not isinstance(span, tuple):
            return span
        expires = after(now, timedelta(minutes=self.policy.hold_minutes))
        hold_id = secrets.token_urlsafe(16)
        try:
            with self.db.write() as s:
                c = s.connection()
                until = self._blocked_until(c, now, None, holder)
                if until:
                    raise _Abort(Blocked(until))
                self._numbers(s, now, None, holder)  # a chat at its limit holds nothing
                chat = chat_key(holder)
                if chat:  # nor does a person at their limit under another key
                    self._check_persons(s, (chat,), holder, now)
                self._drop_holds(c, holder)
                capped = self.caps.check(c, span, client, now)
                if capped:
                    raise _Abort(capped)
                hold = {
                    "id": hold_id,
                    "holder": holder,
                    "client": client,
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
        pending: bool = False,
        client: str | None = None,
        check_email: bool = False,
        together: Together | None = None,
    ) -> BookOutcome:
        """Book `slot` (a Held, or a slot start with an optional `hold_id`) for one person.

        A valid hold turns into the appointment's seat; without one (or after it expired and
        its seat was given away) a free seat of the slot is claimed. A `pending` booking holds
        its seat (and counts against the limits, and against the caps on held seats of its
        `client` address and of its day) until its e-mail address is verified: the code and
        link are sent with it. `check_email` sends a chat's e-mail address the link that
        proves it (Telegram: before e-mail notices go there). Meeting the limit of a contact
        the sender has not proven tells the appointment's owner, not the sender. `together`
        (storage.lifecycle.Together) commits with the booking or not at all.
        """
        transition = Transition.BOOK_PENDING if pending else Transition.BOOK
        if isinstance(slot, Held):
            slot, hold_id, household_size = slot.start, slot.hold_id, slot.household_size
        service = self.city.service(service_id)
        if service is None or not 1 <= household_size <= self.policy.max_household:
            return NotFound()
        clean = clean_name(name)
        if clean is None:
            return InvalidContact("name")
        contact = normalize_contact(email, phone)
        if isinstance(contact, InvalidContact):
            return contact
        if pending and not contact.email:
            return InvalidContact("email", "needed")  # only an e-mail address can be proven
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
            "status": (Status.PENDING if pending else Status.BOOKED).value,
            "person_key": contact.key,
            "sender": sender,
            "channel": _channel(sender) if sender else None,
            "name": clean,
            "language": lang,
            "created_at": now,
            "updated_at": now,
            "client": client,
        }
        try:
            with self.db.write() as s:
                c = s.connection()
                if together is not None:
                    together(s)
                if pending and not held:  # a seat held from now on, not taken over from a hold
                    capped = self.caps.check(c, span, client, now)
                    if capped:
                        raise _Abort(capped)
                self._insert_booking(s, row, contact, now)
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
                self.lifecycle.created(s, transition, row, CITIZEN, now)
                view = self._view(AppointmentRow(**row), contact)
                if pending and contact.email:
                    self.send_booking_code(s, view, contact.email, sender, now)
                elif check_email and contact.email and sender:
                    self.send_email_check(s, view, sender, contact.email, now)
        except _Abort as abort:
            if isinstance(abort.outcome, LimitReached) and not abort.outcome.own:
                self.tell_owner(abort.outcome.existing, now)
            return abort.outcome or self._taken(service, household_size, span, now)
        return Booked(view)

    def _insert_booking(self, s: Session, row: dict, contact: Contact, now: datetime) -> None:
        """Person and appointment row (id and code filled into `row`), or _Abort. The chat is
        not linked to the person here: only a proof links it (storage.proofs)."""
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
        until = self._blocked_until(c, now, person_id, sender)
        if until:
            raise _Abort(Blocked(until))
        self._check_persons(s, booking_keys(contact.key, sender), sender, now)
        for _attempt in range(5):
            person_slot, account_slot = self._numbers(s, now, contact.key, sender)
            row.update(
                code=new_code(self.policy.code_prefix, self.rand),
                person_id=person_id,
                person_slot=person_slot,
                account_slot=account_slot,
            )
            row.pop("id", None)
            row["id"] = c.scalar(self._insert_appointment, row)
            if row["id"] is not None:
                return
            # a concurrent booking of this person took the number (or a code collided): recount
        raise _Abort(self._limit(s, now, contact.key, sender))

    def _numbers(
        self, s: Session, now: datetime, key: str | None, sender: str | None
    ) -> tuple[int | None, int | None]:
        """Free numbers 1..max_active_per_person for the person and the account, or _Abort.

        Numbers still held by appointments whose time is over are released (set to NULL)
        when needed: those no longer count against the limit.
        """
        c = s.connection()
        rows = c.execute(_NUMBERED, {"key": key, "sender": sender}).all()
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
                raise _Abort(self._limit(s, now, key, sender))
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

    def _check_persons(
        self, s: Session, keys: tuple[str, ...], sender: str | None, now: datetime
    ) -> None:
        """_Abort with Blocked or LimitReached when a person (office.identity) that `keys`
        belong to is blocked by no-shows, or holds the limit already, under any of their keys.
        Their rows stay locked until the booking commits, so a concurrent booking under another
        key of theirs waits and counts this one."""
        c = s.connection()
        persons = identities.lock_persons(c, keys)
        if not persons:
            return
        every_key = frozenset().union(*persons.values())
        until = self._block_after(identities.no_shows(c, every_key), now)
        if until:
            raise _Abort(Blocked(until))
        counted = identities.active_appointments(c, every_key, now)
        over = over_limit(persons, counted, self.policy.max_active_per_person)
        if over is None:
            return
        person, theirs = over
        ids = [r.appointment_id for r in theirs]
        row = s.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.id.in_(ids))
            .order_by(AppointmentRow.slot_start)
        ).first()
        assert row is not None
        own = chat_key(sender) in persons[person] or self._own(s, row, sender)
        raise _Abort(LimitReached(self._load_view(s, row), own))

    def _own(self, s: Session, row: AppointmentRow, sender: str | None) -> bool:
        """Whether `sender` booked `row` or proved the contact of its person."""
        return row.sender == sender or self.owns_person(s, row.person_id, sender)

    def _limit(
        self, s: Session, now: datetime, key: str | None, sender: str | None
    ) -> LimitReached:
        """The soonest active appointment counting against the person's or account's limit;
        `own` when the sender booked it or proved its person's contact."""
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
        return LimitReached(self._load_view(s, row), self._own(s, row, sender))

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


def _channel(sender: str) -> str:
    return senders.channel_of(sender)
