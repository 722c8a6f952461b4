"""Retention: personal data past the config's periods (`office.city.Retention`) removed, each
appointment through the life cycle's purge (audited, announced), and what no rule needs any
more deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Result, delete, exists, select

from office.city import BookingPolicy
from office.city import Retention as Periods
from office.lifecycle import Status, Transition
from office.waitlist import ACTIVE_ENTRY
from storage import audit, identities, leases
from storage.conversations import drop_expired_forms
from storage.db import Database
from storage.lifecycle import Lifecycle
from storage.models import (
    Account,
    AppointmentRow,
    Callback,
    Conversation,
    EventRow,
    Hold,
    IdentityKey,
    NoShow,
    OutboxRow,
    Person,
    Seat,
    VerificationRow,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistRelease,
)
from storage.outbox import OPEN

LEASE = "retention"  # the scheduled purge's lease (storage.leases): one purger at a time


@dataclass(frozen=True)
class PurgeReport:
    appointments_anonymised: int
    persons_deleted: int
    # seats, holds, codes and links, no-shows, conversations, callbacks, events, ended
    # waitlist wishes and past freed seats with their offers, outbox rows
    rows_deleted: int
    forms_dropped: int = 0  # conversations whose form data expired (their language kept)


class Retention:
    def __init__(self, db: Database, policy: BookingPolicy, periods: Periods, lifecycle: Lifecycle):
        self.db = db
        self.policy = policy
        self.periods = periods
        self.lifecycle = lifecycle

    def purge(self, now: datetime) -> PurgeReport:
        """Remove personal data past the retention periods; persons with nothing left go too.

        No-show records stay as long as the no-show rule looks back, and so do their persons.
        """
        report = self._purge(now, None)
        assert report is not None  # only a lease holder can be refused
        return report

    def scheduled(self, now: datetime, holder: str) -> PurgeReport | None:
        """The purge, only while `holder` holds the lease `LEASE`, which stays locked until the
        purge commits: None, and nothing done, when it does not."""
        return self._purge(now, holder)

    def _purge(self, now: datetime, holder: str | None) -> PurgeReport | None:
        p = self.periods
        cutoff = now - timedelta(days=p.appointment_days)
        chats = now - timedelta(days=p.conversation_days)
        notices = now - timedelta(days=p.notice_days)
        no_show_cutoff = now - timedelta(days=self.policy.no_show.within_days)
        with self.db.write() as s:
            held = leases.held(s, LEASE, holder or "", now)  # also waits for a purge under way
            if holder is not None and not held:
                return None
            over = s.scalars(
                select(AppointmentRow.code).where(
                    AppointmentRow.slot_end < cutoff, AppointmentRow.status != Status.PURGED.value
                )
            ).all()
            anonymised = len(self.lifecycle.apply(s, Transition.PURGE, over, "system", now))
            forms = drop_expired_forms(s, now)
            ended = (
                select(WaitlistEntry.id)
                .where(WaitlistEntry.state.not_in(ACTIVE_ENTRY), WaitlistEntry.updated_at < chats)
                .subquery()
            )
            past = select(WaitlistRelease.id).where(WaitlistRelease.slot_end < cutoff).subquery()
            deleted = 0
            for statement in (
                delete(Seat).where(Seat.slot_start < cutoff),
                delete(Seat).where(Seat.expires_at < now),
                delete(Hold).where(Hold.expires_at < now),
                delete(VerificationRow).where(  # codes and links that can no longer be used
                    (VerificationRow.expires_at < now)
                    | (VerificationRow.used_at < now - timedelta(minutes=self.periods.form_minutes))
                ),
                delete(NoShow).where(NoShow.at < no_show_cutoff),
                delete(Conversation).where(Conversation.updated_at < chats),
                delete(Callback).where(Callback.created_at < chats),
                delete(EventRow).where(EventRow.at < cutoff),
                # a wish that ended is kept like the chat it came from; a freed seat's record
                # like the appointment it was (offers first: SQLite may not cascade)
                delete(WaitlistOffer).where(
                    WaitlistOffer.entry_id.in_(select(ended.c.id))
                    | WaitlistOffer.release_id.in_(select(past.c.id))
                ),
                delete(WaitlistEntry).where(WaitlistEntry.id.in_(select(ended.c.id))),
                delete(WaitlistRelease).where(WaitlistRelease.id.in_(select(past.c.id))),
                delete(OutboxRow).where(
                    OutboxRow.updated_at < notices, OutboxRow.state.not_in(OPEN)
                ),
            ):
                deleted += _count(s.execute(statement))
            persons = _count(
                s.execute(
                    delete(Person).where(
                        ~exists().where(AppointmentRow.person_id == Person.id),
                        ~exists().where(NoShow.person_id == Person.id),
                        ~exists().where(
                            OutboxRow.person_id == Person.id,
                            OutboxRow.state.in_(OPEN),
                        ),
                    )
                )
            )
            s.execute(delete(Account).where(~exists().where(Person.id == Account.person_id)))
            deleted += self._unlink_gone(s.connection())
            summary = f"{anonymised} appointments, {persons} persons, {deleted} rows, {forms} forms"
            audit.record(s, now, "system", "retention", detail=summary)
        return PurgeReport(anonymised, persons, deleted, forms)

    @staticmethod
    def _unlink_gone(c: Connection) -> int:
        """Keys of persons (office.identity) that nothing kept names any more: a mailbox no
        person row has, a chat no account, appointment or no-show has; then the persons with
        one key or none left (rows deleted)."""
        k = IdentityKey.key
        gone = delete(IdentityKey).where(
            ~exists().where(Person.key == k),
            ~exists().where(Account.sender == k),
            ~exists().where(AppointmentRow.sender == k),
            ~exists().where(NoShow.sender == k),
        )
        return _count(c.execute(gone)) + identities.prune(c)


def _count(result: Result[Any]) -> int:
    """The rows a DELETE matched (a DML statement's result is a CursorResult)."""
    return cast(CursorResult[Any], result).rowcount
