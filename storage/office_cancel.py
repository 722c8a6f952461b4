"""The office cancels appointments and tells each person once: the path a closure day, an early
closing and a clerk's cancellation share with the cutover (same cancelling, same routing, same
outbox, so the same report of who was reached and whom to call)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from office.booking import Appointment
from office.city import City
from office.lifecycle import ACTIVE, Transition
from office.notices import Notice, office_cancel_notice
from office.texts import t
from storage.db import Database
from storage.lifecycle import Lifecycle
from storage.models import AppointmentRow
from storage.outbox import insert_rows, new_row
from storage.reach import Reach, reach

_ACTIVE = tuple(s.value for s in ACTIVE)
WriteNotice = Callable[[Sequence[Appointment], str], Notice]


@dataclass(frozen=True)
class Told:
    cancelled: list[str]  # the codes
    notices: int
    campaign: str


def cancel_and_tell(
    s: Session,
    city: City,
    where: Sequence,
    *,
    reason: str,
    actor: str,
    now: datetime,
    campaign: str,
    write: WriteNotice,
    lock: bool,
) -> Told:
    """In the caller's transaction: cancel the active appointments matching `where` and queue
    one notice per person under `campaign`."""
    affected: list[Reach] = reach(s, city, where, per_person=True, lock=lock)
    codes = [a.code for p in affected for a in p.appointments]
    lifecycle = Lifecycle(city.booking.slot_minutes)
    lifecycle.apply(s, Transition.CANCEL_BY_OFFICE, codes, actor, now, reason=reason)
    rows = [
        new_row(
            p.route,
            write(p.appointments, p.lang).payload(),
            f"{campaign}:{p.key}",
            campaign,
            now,
            p.person_id,
        )
        for p in affected
    ]
    return Told(codes, insert_rows(s, rows), campaign)


CANCEL_REASONS = ("office_absence", "citizen_request", "duplicate")


def cancel_one(
    db: Database, city: City, code: str, reason: str, actor: str, now: datetime
) -> Told | None:
    """A clerk cancels one appointment not yet begun and the person is told why; None when it
    is not active any more (or has begun)."""
    if reason not in CANCEL_REASONS:
        raise ValueError(f"the reason is one of {', '.join(CANCEL_REASONS)}")
    a = AppointmentRow
    where = (a.code == code, a.status.in_(_ACTIVE), a.slot_start > now)
    with db.write() as s:
        told = cancel_and_tell(
            s,
            city,
            where,
            reason=reason,
            actor=actor,
            now=now,
            campaign=f"cancel:{code}",
            write=lambda appointments, lang: office_cancel_notice(
                city, appointments, lang, t(lang, f"notice.office_cancel.{reason}")
            ),
            lock=not db.is_sqlite,
        )
    return told if told.cancelled else None
