"""The waitlist in storage: wishes, the seats the life cycle frees, and the offers made of them.

Two stages, each exactly once:
1. `on_seat_freed` is the `waitlist` event consumer: a SeatFreed event becomes one release row
   per freed seat, in the transaction that moves the consumer's cursor (storage.events).
2. `offer_pending` (a chore of the delivery worker, and right after a decline) turns each
   pending release, in one transaction of its own, into an offer to the first waiter whose
   wish it fits: a hold on the seat for that waiter (the seat ledger's unique index), the
   offer row (partial unique indexes: one open offer per seat and per entry), the entry marked
   `offered`, and the notice in the outbox; or it records why the seat was not offered.
A worker killed at any point leaves either all of an offer or none of it, so after a restart
each seat is offered once. `sweep` lets unanswered offers lapse (the seat goes to the next
waiter) and ends wishes whose days are over.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, Update, delete, exists, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from office import senders
from office.booking import Booked, BookOutcome, Rescheduled, RescheduleOutcome, check_slot
from office.city import City
from office.lifecycle import ACTIVE, SeatFreed
from office.notices import waitlist_lapsed_notice, waitlist_offer_notice
from office.waitlist import (
    ACTIVE_ENTRY,
    EntryState,
    OfferState,
    Refusal,
    ReleaseState,
    StaffRow,
    Wish,
    check_wish,
    hold_until,
)
from storage.booking import BookingService
from storage.db import Database
from storage.events import Stored
from storage.lifecycle import CITIZEN
from storage.models import (
    AppointmentRow,
    Hold,
    Seat,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistRelease,
)
from storage.outbox import Route, insert_rows, new_row

log = logging.getLogger(__name__)
CONSUMER = "waitlist"
CANDIDATES_PAGE = 50
_ACTIVE = tuple(s.value for s in ACTIVE_ENTRY)
_BOOKED = tuple(s.value for s in ACTIVE)  # appointments that may still be moved
_PRIVATE = {"name": None, "email": None, "phone": None, "holder_slot": None}


@dataclass(frozen=True)
class Offer:
    id: int
    entry_id: int
    start: datetime
    end: datetime
    expires_at: datetime
    state: OfferState


@dataclass(frozen=True)
class Entry:
    id: int
    wish: Wish
    state: EntryState
    since: datetime
    appointment_code: str | None
    offer: Offer | None  # the open one


@dataclass(frozen=True)
class Joined:
    entry: Entry


@dataclass(frozen=True)
class AlreadyWaiting:
    entry: Entry


@dataclass(frozen=True)
class WishRefused:
    reason: Refusal


JoinOutcome = Joined | AlreadyWaiting | WishRefused


@dataclass(frozen=True)
class OfferGone:
    """The offer is not (or no longer) open: answered, lapsed, or not this citizen's."""


AcceptOutcome = BookOutcome | RescheduleOutcome | OfferGone


class _Answered(Exception):
    """The offer was answered or lapsed while the booking was under way: it rolls back."""


@dataclass(frozen=True)
class Sweep:
    lapsed: int
    lost: int
    ended: int
    offered: int


class Waitlist:
    """One city's waitlist. Every method takes `now` (aware); nothing reads the clock."""

    def __init__(self, db: Database, city: City, booking: BookingService):
        self.db = db
        self.city = city
        self.tz = city.tz
        self.policy = city.waitlist
        self.booking = booking
        self.grid = booking.grid
        self.seats = booking.seats
        self.step = timedelta(minutes=city.booking.slot_minutes)

    # Citizens

    def join(
        self,
        holder: str,
        wish: Wish,
        now: datetime,
        *,
        lang: str = "de",
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        appointment_code: str | None = None,
    ) -> JoinOutcome:
        """Put `holder` (a verified chat) on the list for `wish`, behind everyone already on it."""
        refusal = check_wish(self.policy, self.city.booking, wish, now, self.tz)
        if refusal is not None:
            return WishRefused(refusal)
        row = {
            "holder": holder,
            "service_id": wish.service_id,
            "household_size": wish.household_size,
            "first_day": wish.first_day,
            "last_day": wish.last_day,
            "part_of_day": wish.part_of_day,
            "appointment_code": appointment_code,
            "before": wish.before,
            "name": name,
            "email": email,
            "phone": phone,
            "language": lang,
            "state": EntryState.WAITING.value,
            "created_at": now,
            "updated_at": now,
            "ends_at": wish.ends(self.tz),
        }
        try:
            with self.db.write() as s:
                ended = select(WaitlistEntry.id).where(
                    WaitlistEntry.holder == holder,
                    WaitlistEntry.state == EntryState.WAITING.value,
                    WaitlistEntry.ends_at <= now,
                )
                self._end_entries(s, list(s.scalars(ended)), EntryState.EXPIRED, now)
                taken = set(
                    s.scalars(
                        select(WaitlistEntry.holder_slot).where(
                            WaitlistEntry.holder == holder, WaitlistEntry.state.in_(_ACTIVE)
                        )
                    )
                )
                free = [
                    n for n in range(1, self.policy.max_entries_per_person + 1) if n not in taken
                ]
                if free:
                    s.execute(insert(WaitlistEntry), {**row, "holder_slot": free[0]})
        except IntegrityError:  # a concurrent join of the same holder took the number
            free = []
        entries = self.entries_of(holder, now)
        if not free:
            return AlreadyWaiting(entries[0])
        return Joined(entries[-1])

    def entries_of(self, holder: str, now: datetime) -> list[Entry]:
        """The holder's active entries, oldest first, each with its open offer."""
        with self.db.read() as s:
            rows = s.scalars(
                select(WaitlistEntry)
                .where(
                    WaitlistEntry.holder == holder,
                    WaitlistEntry.state.in_(_ACTIVE),
                    WaitlistEntry.ends_at > now,
                )
                .order_by(WaitlistEntry.id)
            ).all()
            offers = {
                o.entry_id: o
                for o in s.scalars(
                    select(WaitlistOffer).where(
                        WaitlistOffer.entry_id.in_([r.id for r in rows]),
                        WaitlistOffer.state == OfferState.OPEN.value,
                    )
                )
            }
            return [self._entry(r, offers.get(r.id)) for r in rows]

    def open_offer(self, holder: str, now: datetime) -> Offer | None:
        """The holder's offer waiting for an answer, if any."""
        return next((e.offer for e in self.entries_of(holder, now) if e.offer), None)

    def change(self, holder: str, entry_id: int, wish: Wish, now: datetime) -> JoinOutcome:
        """A new wish for an entry that keeps its place in the queue (while no offer is open)."""
        refusal = check_wish(self.policy, self.city.booking, wish, now, self.tz)
        if refusal is not None:
            return WishRefused(refusal)
        with self.db.write() as s:
            s.execute(
                update(WaitlistEntry)
                .where(
                    WaitlistEntry.id == entry_id,
                    WaitlistEntry.holder == holder,
                    WaitlistEntry.state == EntryState.WAITING.value,
                )
                .values(
                    service_id=wish.service_id,
                    household_size=wish.household_size,
                    first_day=wish.first_day,
                    last_day=wish.last_day,
                    part_of_day=wish.part_of_day,
                    ends_at=wish.ends(self.tz),
                    updated_at=now,
                )
            )
        found = [e for e in self.entries_of(holder, now) if e.id == entry_id]
        return Joined(found[0]) if found else WishRefused(Refusal.PAST)

    def leave(self, holder: str, now: datetime) -> int:
        """Take the holder off the list; an open offer passes to the next waiter. How many."""
        with self.db.write() as s:
            ids = list(
                s.scalars(
                    select(WaitlistEntry.id).where(
                        WaitlistEntry.holder == holder, WaitlistEntry.state.in_(_ACTIVE)
                    )
                )
            )
            for offer in self._open_offers(s, WaitlistOffer.entry_id.in_(ids)):
                self._close(s, offer, OfferState.DECLINED, now)
            self._end_entries(s, ids, EntryState.LEFT, now)
        self.offer_pending(now)
        return len(ids)

    def accept(self, offer_id: int, holder: str, now: datetime) -> AcceptOutcome:
        """Book the offered seat (or move the waiter's appointment to it) under every limit of
        the booking service; a refusal passes the seat to the next waiter."""
        with self.db.read() as s:
            found = s.execute(
                select(WaitlistOffer, WaitlistEntry)
                .join(WaitlistEntry, WaitlistEntry.id == WaitlistOffer.entry_id)
                .where(WaitlistOffer.id == offer_id, WaitlistEntry.holder == holder)
            ).first()
        if found is None:
            return OfferGone()
        offer, entry = found
        if offer.state != OfferState.OPEN.value or offer.expires_at <= now:
            return OfferGone()
        start = offer.slot_start.astimezone(self.tz)
        release_id = offer.release_id

        def accepted(s: Session) -> None:
            """The offer accepted, the entry booked and the seat rebooked in the booking's own
            transaction: a crash leaves all of it or none. The offer's row is taken first, so
            a second tap, a lapse or a leave at the same moment finds it answered (or waits)."""
            if not _changed(
                s,
                update(WaitlistOffer)
                .where(
                    WaitlistOffer.id == offer_id,
                    WaitlistOffer.state == OfferState.OPEN.value,
                    WaitlistOffer.expires_at > now,
                )
                .values(state=OfferState.ACCEPTED.value, answered_at=now),
            ):
                raise _Answered
            self._end_entries(s, [entry.id], EntryState.BOOKED, now)
            s.execute(
                update(WaitlistRelease)
                .where(WaitlistRelease.id == release_id)
                .values(state=ReleaseState.REBOOKED.value, rebooked_at=now, updated_at=now)
            )

        outcome: BookOutcome | RescheduleOutcome
        try:
            if entry.appointment_code:
                outcome = self.booking.reschedule(
                    entry.appointment_code, start, CITIZEN, now, by_person=holder,
                    hold_id=offer.hold_id, together=accepted,
                )  # fmt: skip
            else:
                outcome = self.booking.book(
                    start, entry.service_id, entry.name or "", email=entry.email,
                    phone=entry.phone, sender=holder, lang=entry.language, now=now,
                    household_size=entry.household_size, hold_id=offer.hold_id,
                    together=accepted,
                )  # fmt: skip
        except _Answered:
            return OfferGone()
        if not isinstance(outcome, Booked | Rescheduled):
            with self.db.write() as s:
                still = self._open_offers(s, WaitlistOffer.id == offer_id)
                for current in still:
                    self._close(s, current, OfferState.DECLINED, now)
            self.offer_pending(now)
            if not still:  # a second tap: the first took the seat, which is why it is "taken"
                return OfferGone()
        return outcome

    def decline(self, offer_id: int, holder: str, now: datetime) -> bool:
        """'Nein, danke': the seat goes to the next waiter at once; the citizen keeps waiting."""
        with self.db.write() as s:
            offer = s.execute(
                select(WaitlistOffer)
                .join(WaitlistEntry, WaitlistEntry.id == WaitlistOffer.entry_id)
                .where(
                    WaitlistOffer.id == offer_id,
                    WaitlistEntry.holder == holder,
                    WaitlistOffer.state == OfferState.OPEN.value,
                )
            ).scalar_one_or_none()
            if offer is None:
                return False
            self._close(s, offer, OfferState.DECLINED, now)
        self.offer_pending(now)
        return True

    # Staff

    def entries(self, day: date, service_id: str) -> Sequence[StaffRow]:
        """Who waits for a seat on `day` for `service_id`, first come first (the console)."""
        with self.db.read() as s:
            rows = s.execute(
                select(WaitlistEntry, WaitlistOffer.id)
                .outerjoin(
                    WaitlistOffer,
                    (WaitlistOffer.entry_id == WaitlistEntry.id)
                    & (WaitlistOffer.state == OfferState.OPEN.value),
                )
                .where(
                    WaitlistEntry.service_id == service_id,
                    WaitlistEntry.state.in_(_ACTIVE),
                    WaitlistEntry.first_day <= day,
                    WaitlistEntry.last_day >= day,
                )
                .order_by(WaitlistEntry.id)
            ).all()
        return [
            StaffRow(
                position=i,
                since=row.created_at.astimezone(self.tz),
                name=row.name,
                channel=senders.channel_of(row.holder),
                state=row.state,
                persons=row.household_size,
                part_of_day=row.part_of_day,
                earlier_than=row.before.astimezone(self.tz) if row.before else None,
            )
            for i, (row, _offer) in enumerate(rows, 1)
        ]

    def releases(self) -> Counter[str]:
        """Freed seats by what became of them (office.waitlist.ReleaseState)."""
        with self.db.read() as s:
            return Counter(
                dict(
                    s.execute(
                        select(WaitlistRelease.state, func.count()).group_by(WaitlistRelease.state)
                    ).all()
                )
            )

    # The worker's side

    def on_seat_freed(self, s: Session, stored: Stored) -> None:
        """The `waitlist` consumer: one pending release per freed seat (once: the cursor moves
        in this transaction, and (event, unit) is unique)."""
        event = stored.event
        assert isinstance(event, SeatFreed)
        state = ReleaseState.PENDING if self.policy.enabled else ReleaseState.OFF
        s.execute(
            insert(WaitlistRelease),
            [
                {
                    "event_id": stored.id,
                    "unit": unit,
                    "service_id": event.service,
                    "slot_start": event.slot_start,
                    "slot_end": event.slot_end,
                    "state": state.value,
                    "offers": 0,
                    "freed_at": stored.at,
                    "updated_at": stored.at,
                }
                for unit in range(event.seats)
            ],
        )

    def sweep(self, now: datetime) -> Sweep:
        """Lapse unanswered offers, notice lost holds, end wishes whose time is over (or whose
        appointment, to be moved earlier, is no longer booked), and offer every seat waiting
        for a waiter."""
        with self.db.write() as s:
            lapsed = self._open_offers(s, WaitlistOffer.expires_at <= now)
            for offer in lapsed:
                self._close(s, offer, OfferState.EXPIRED, now)
            held = exists().where(Hold.id == WaitlistOffer.hold_id)
            lost = self._open_offers(s, ~held)
            for offer in lost:
                self._close(s, offer, OfferState.LOST, now)
            e = WaitlistEntry
            moving = select(AppointmentRow.id).where(
                AppointmentRow.code == e.appointment_code, AppointmentRow.status.in_(_BOOKED)
            )
            over = list(
                s.scalars(
                    select(e.id).where(
                        e.state == EntryState.WAITING.value,
                        (e.ends_at <= now) | (e.appointment_code.is_not(None) & ~moving.exists()),
                    )
                )
            )
            self._end_entries(s, over, EntryState.EXPIRED, now)
        return Sweep(len(lapsed), len(lost), len(over), self.offer_pending(now))

    def offer_pending(self, now: datetime, page: int = 500) -> int:
        """Offer each pending release, one transaction each; how many offers were made. A
        release whose transaction fails (a deadlock on PostgreSQL) stays pending for the next
        pass."""
        r = WaitlistRelease
        query = select(r.id).where(r.state == ReleaseState.PENDING.value).order_by(r.id).limit(page)
        offered, after = 0, 0
        while True:
            with self.db.read() as s:
                ids = list(s.scalars(query.where(r.id > after)))
            if not ids:
                return offered
            for release_id in ids:
                try:
                    with self.db.write() as s:
                        offered += self._offer(s, release_id, now)
                except DBAPIError as e:  # its statement's parameters name the waiter: not logged
                    log.warning("offering freed seat %d failed (%s); tried again next pass",
                                release_id, type(e.orig).__name__)  # fmt: skip
            after = ids[-1]

    def _offer(self, s: Session, release_id: int, now: datetime) -> int:
        query = select(WaitlistRelease).where(
            WaitlistRelease.id == release_id, WaitlistRelease.state == ReleaseState.PENDING.value
        )
        if not self.db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        release = s.scalars(query).first()
        if release is None:
            return 0  # another worker has it
        starts = self._starts(release)
        if not starts or hold_until(self.policy, self.city.booking, starts[-1], now) is None:
            return self._settle(s, release, ReleaseState.LATE, now)
        for entry in self._candidates(s, release, now):
            wish = self._wish(entry)
            service = self.city.service(entry.service_id)
            if service is None or not self.policy.on_for(service.id):
                continue
            for start in starts:
                until = hold_until(self.policy, self.city.booking, start, now)
                span = check_slot(self.grid, start, service.minutes * entry.household_size, now)
                if until is None or not isinstance(span, tuple) or not wish.fits(start, self.tz):
                    continue
                hold_id = self._hold(s, entry, span, now, until)
                if hold_id is None:
                    continue
                taken = _changed(
                    s,
                    update(WaitlistEntry)
                    .where(
                        WaitlistEntry.id == entry.id,
                        WaitlistEntry.state == EntryState.WAITING.value,
                    )
                    .values(state=EntryState.OFFERED.value, updated_at=now),
                )
                if not taken:  # another worker offered this waiter a seat meanwhile
                    self._drop_hold(s, hold_id)
                    break
                self._send_offer(s, release, entry, span, hold_id, now, until)
                return 1
        free = self._seat_free(s, release, now)
        return self._settle(s, release, ReleaseState.UNMATCHED if free else ReleaseState.TAKEN,
                            now)  # fmt: skip

    def _candidates(
        self, s: Session, release: WaitlistRelease, now: datetime
    ) -> Iterator[WaitlistEntry]:
        """Waiters whose days cover the freed run and who were not offered this seat before,
        first come first, read a page at a time (the first usually takes it)."""
        first = release.slot_start.astimezone(self.tz).date()
        last = release.slot_end.astimezone(self.tz).date()
        tried = select(WaitlistOffer.entry_id).where(WaitlistOffer.release_id == release.id)
        e = WaitlistEntry
        query = (
            select(e)
            .where(
                e.state == EntryState.WAITING.value,
                e.ends_at > now,
                e.first_day <= last,
                e.last_day >= first,
                e.before.is_(None) | (e.before > release.slot_start),
                e.id.not_in(tried),
            )
            .order_by(e.id)
            .limit(CANDIDATES_PAGE)
        )
        after = 0
        while page := s.scalars(query.where(e.id > after)).all():
            yield from page
            after = page[-1].id

    def _send_offer(
        self,
        s: Session,
        release: WaitlistRelease,
        entry: WaitlistEntry,
        span: tuple[datetime, ...],
        hold_id: str,
        now: datetime,
        until: datetime,
    ) -> None:
        slot = self.grid.slot(span)
        offer_id = s.scalar(
            insert(WaitlistOffer)
            .values(
                release_id=release.id,
                entry_id=entry.id,
                hold_id=hold_id,
                slot_start=slot.start,
                slot_end=slot.end,
                state=OfferState.OPEN.value,
                created_at=now,
                expires_at=until,
            )
            .returning(WaitlistOffer.id)
        )
        assert offer_id is not None
        release.state = ReleaseState.OFFERED.value
        release.offers += 1
        release.updated_at = now
        previous = None
        if entry.before is not None:
            previous = entry.before.astimezone(self.tz)
        notice = waitlist_offer_notice(
            self.city, offer_id, entry.service_id, entry.household_size,
            slot.start, until.astimezone(self.tz), entry.language, previous,
        )  # fmt: skip
        insert_rows(s, [new_row(self._route(entry.holder), notice.payload(),
                                f"waitlist:offer:{offer_id}", "waitlist", now)])  # fmt: skip

    def _hold(
        self,
        s: Session,
        entry: WaitlistEntry,
        span: tuple[datetime, ...],
        now: datetime,
        until: datetime,
    ) -> str | None:
        """An exclusive hold of `span` for the waiter; None when no seat is free for it."""
        hold_id = secrets.token_urlsafe(16)
        c = s.connection()
        c.execute(
            insert(Hold),
            {
                "id": hold_id,
                "holder": entry.holder,
                "service_id": entry.service_id,
                "slot_start": span[0],
                "slot_end": self.grid.slot(span).end,
                "household_size": entry.household_size,
                "created_at": now,
                "expires_at": until,
            },
        )
        owner = {"appointment_id": None, "hold_id": hold_id, "expires_at": until}
        if self.seats.claim(c, span, now, owner) is None:
            c.execute(delete(Hold).where(Hold.id == hold_id))
            return None
        return hold_id

    def _drop_hold(self, s: Session, hold_id: str) -> None:
        s.execute(delete(Seat).where(Seat.hold_id == hold_id))
        s.execute(delete(Hold).where(Hold.id == hold_id))

    def _close(self, s: Session, offer: WaitlistOffer, state: OfferState, now: datetime) -> None:
        """End an open offer unaccepted: its hold goes, the waiter may be offered again, and
        the seat goes back to be offered to the next."""
        offer.state = state.value
        offer.answered_at = now
        s.flush()
        self._drop_hold(s, offer.hold_id)
        s.execute(
            update(WaitlistRelease)
            .where(
                WaitlistRelease.id == offer.release_id,
                WaitlistRelease.state == ReleaseState.OFFERED.value,
            )
            .values(state=ReleaseState.PENDING.value, updated_at=now)
        )
        entry = s.get(WaitlistEntry, offer.entry_id)
        if entry is not None and entry.state == EntryState.OFFERED.value:
            over = entry.ends_at <= now
            unanswered = 0
            if state is OfferState.EXPIRED:
                unanswered = (
                    s.scalar(
                        select(func.count()).where(
                            WaitlistOffer.entry_id == entry.id,
                            WaitlistOffer.state == OfferState.EXPIRED.value,
                        )
                    )
                    or 0
                )
            silent = unanswered >= self.policy.max_unanswered
            over = over or silent
            entry.state = (EntryState.EXPIRED if over else EntryState.WAITING).value
            entry.updated_at = now
            if state is OfferState.EXPIRED:
                notice = waitlist_lapsed_notice(
                    entry.language, waiting=not over, unanswered=unanswered if silent else 0
                )
                key = f"waitlist:lapsed:{offer.id}"
                row = new_row(self._route(entry.holder), notice.payload(), key, "waitlist", now)
                insert_rows(s, [row])
            if over:
                self._end_entries(s, [entry.id], EntryState.EXPIRED, now)

    def _end_entries(
        self, s: Session, ids: Sequence[int], state: EntryState, now: datetime
    ) -> None:
        """Entries leave the list; their name and contact are not kept beyond it."""
        if ids:
            s.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id.in_(list(ids)))
                .values(state=state.value, updated_at=now, **_PRIVATE)
            )

    def _open_offers(self, s: Session, *where) -> list[WaitlistOffer]:
        query = select(WaitlistOffer).where(WaitlistOffer.state == OfferState.OPEN.value, *where)
        if not self.db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        return list(s.scalars(query.order_by(WaitlistOffer.id)))

    def _settle(
        self, s: Session, release: WaitlistRelease, state: ReleaseState, now: datetime
    ) -> int:
        release.state = state.value
        release.updated_at = now
        return 0

    def _starts(self, release: WaitlistRelease) -> list[datetime]:
        """The grid slots the freed run covers, in the city's zone."""
        found, t = [], release.slot_start
        while t < release.slot_end:
            found.append(t.astimezone(self.tz))
            t += self.step
        return found

    def _seat_free(self, s: Session, release: WaitlistRelease, now: datetime) -> bool:
        """Whether one seat of the freed run's first slot is still free (not booked since)."""
        keys = [t.astimezone(self.tz) for t in self._starts(release)]
        taken, _ = self.seats.occupied(s.connection(), keys[0], keys[-1], now)
        return any(self.seats.free(taken, [t]) for t in keys)

    def _wish(self, row: WaitlistEntry) -> Wish:
        return Wish(
            row.service_id,
            row.household_size,
            row.first_day,
            row.last_day,
            row.part_of_day,
            row.before,
        )

    def _entry(self, row: WaitlistEntry, offer: WaitlistOffer | None) -> Entry:
        return Entry(
            row.id,
            self._wish(row),
            EntryState(row.state),
            row.created_at.astimezone(self.tz),
            row.appointment_code,
            self._offer_view(offer) if offer else None,
        )

    def _offer_view(self, o: WaitlistOffer) -> Offer:
        return Offer(
            o.id,
            o.entry_id,
            o.slot_start.astimezone(self.tz),
            o.slot_end.astimezone(self.tz),
            o.expires_at.astimezone(self.tz),
            OfferState(o.state),
        )

    @staticmethod
    def _route(holder: str) -> Route:
        return Route(senders.channel_of(holder), holder)


def _changed(s: Session, statement: Update) -> int:
    """The rows an UPDATE changed."""
    return cast(CursorResult, s.execute(statement)).rowcount
