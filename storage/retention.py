"""Retention: personal data past the config's periods (`office.city.Retention`) removed, each
appointment through the life cycle's purge (audited, announced), and what no rule needs any
more deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, exists, select

from office.city import BookingPolicy
from office.city import Retention as Periods
from office.lifecycle import Status, Transition
from storage import audit
from storage.db import Database
from storage.lifecycle import Lifecycle
from storage.models import (
    Account,
    AppointmentRow,
    Callback,
    Conversation,
    EventRow,
    Hold,
    NoShow,
    OutboxRow,
    Person,
    Seat,
    VerificationRow,
)


@dataclass(frozen=True)
class PurgeReport:
    appointments_anonymised: int
    persons_deleted: int
    # seats, holds, codes and links, no-shows, conversations, callbacks, events, outbox rows
    rows_deleted: int


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
        cutoff = now - timedelta(days=self.periods.appointment_days)
        no_show_cutoff = now - timedelta(days=self.policy.no_show.within_days)
        with self.db.write() as s:
            over = s.scalars(
                select(AppointmentRow.code).where(
                    AppointmentRow.slot_end < cutoff, AppointmentRow.status != Status.PURGED.value
                )
            ).all()
            anonymised = len(self.lifecycle.apply(s, Transition.PURGE, over, "system", now))
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
                delete(Conversation).where(Conversation.updated_at < cutoff),
                delete(Callback).where(Callback.created_at < cutoff),
                delete(EventRow).where(EventRow.at < cutoff),
                delete(OutboxRow).where(
                    OutboxRow.updated_at < cutoff, OutboxRow.state.not_in(("queued", "sending"))
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
                            OutboxRow.state.in_(("queued", "sending")),
                        ),
                    )
                )
            )
            s.execute(delete(Account).where(~exists().where(Person.id == Account.person_id)))
            summary = f"{anonymised} appointments, {persons} persons, {deleted} rows"
            audit.record(s, now, "system", "retention", detail=summary)
        return PurgeReport(anonymised, persons, deleted)


def _count(result: Result[Any]) -> int:
    """The rows a DELETE matched (a DML statement's result is a CursorResult)."""
    return cast(CursorResult[Any], result).rowcount
